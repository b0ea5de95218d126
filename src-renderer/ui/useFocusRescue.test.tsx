import { act, render, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useFocusRescue } from './useFocusRescue';

/** jsdom moves no focus when a control is disabled or removed: the test does what Chromium does (blur, focus on <body>). */
function loseFocus(el: HTMLElement, how: 'disable' | 'remove' | 'click-away') {
  el.blur();
  if (how === 'disable') (el as HTMLButtonElement).disabled = true;
  if (how === 'remove') el.remove();
}

describe('useFocusRescue', () => {
  afterEach(() => vi.useRealTimers());

  function page() {
    const onQueueLost = vi.fn();
    renderHook(() => useFocusRescue(onQueueLost));
    const { container } = render(
      <div>
        <dialog open>
          <input aria-label="Token" />
          <button type="button">Sign in</button>
          <form>
            <input aria-label="Pasted token" />
            <button type="submit">Sign in with token</button>
          </form>
        </dialog>
        <div role="grid">
          <button type="button">Approve</button>
        </div>
        <section data-focus-home="" tabIndex={-1} aria-label="Request details">
          <button type="button">Reject…</button>
        </section>
      </div>,
    );
    const get = (sel: string) => container.querySelector<HTMLElement>(sel)!;
    return { onQueueLost, get };
  }
  const settle = () => act(() => vi.advanceTimersByTime(1));

  it('a control disabled or removed in an open dialog: focus goes to the dialog\'s first control', () => {
    vi.useFakeTimers();
    const { get } = page();
    get('dialog button').focus();
    loseFocus(get('dialog button'), 'disable');
    settle();
    expect(document.activeElement).toBe(get('dialog input'));
    (get('dialog button') as HTMLButtonElement).disabled = false;
    get('dialog button').focus();
    loseFocus(get('dialog button'), 'remove');
    settle();
    expect(document.activeElement).toBe(get('dialog input'));
  });

  it('a control disabled in a form of a dialog: focus goes to the form\'s first control, not the dialog\'s', () => {
    vi.useFakeTimers();
    const { get } = page();
    get('form button').focus();
    loseFocus(get('form button'), 'disable');
    settle();
    expect(document.activeElement).toBe(get('form input'));
  });

  it('a control whose region went with it (the detail pane closed): the queue puts focus back', () => {
    vi.useFakeTimers();
    const { get, onQueueLost } = page();
    const pane = get('section');
    get('section button').focus();
    get('section button').blur();
    pane.remove();
    settle();
    expect(onQueueLost).toHaveBeenCalledTimes(1);
  });

  it('in the queue the queue puts it back (the cursor row); in the detail pane the pane takes it', () => {
    vi.useFakeTimers();
    const { get, onQueueLost } = page();
    get('[role="grid"] button').focus();
    loseFocus(get('[role="grid"] button'), 'disable');
    settle();
    expect(onQueueLost).toHaveBeenCalledTimes(1);
    get('section button').focus();
    loseFocus(get('section button'), 'disable');
    settle();
    expect(document.activeElement).toBe(get('section'));
  });

  it('a click on a part of the page that takes no focus is left alone (the control is still there and usable)', () => {
    vi.useFakeTimers();
    const { get, onQueueLost } = page();
    get('[role="grid"] button').focus();
    loseFocus(get('[role="grid"] button'), 'click-away');
    get('dialog button').focus();
    loseFocus(get('dialog button'), 'click-away');
    settle();
    expect(document.activeElement).toBe(document.body);
    expect(onQueueLost).not.toHaveBeenCalled();
  });
});
