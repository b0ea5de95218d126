import { afterEach, describe, expect, it, vi } from 'vitest';
import { displaySpec, isActivationTarget, isMacPlatform, isTypingTarget, parsePart, parseSpec, partMatches, strokeFor } from './keys';

const stroke = (key: string, over: Partial<Parameters<typeof strokeFor>[0]> = {}) =>
  strokeFor({ key, code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...over });

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('key specs', () => {
  it('reads modifiers case-insensitively and the key after the last +', () => {
    expect(parsePart('mod+Shift+ALT+x')).toEqual({ key: 'x', mod: true, shift: true, alt: true });
    expect(parsePart('j')).toEqual({ key: 'j', mod: false, shift: false, alt: false });
    expect(parsePart('Alt+ArrowUp')).toEqual({ key: 'ArrowUp', mod: false, shift: false, alt: true });
  });

  it('"+" is a key of its own, alone or after modifiers', () => {
    expect(parsePart('+')).toEqual({ key: '+', mod: false, shift: false, alt: false });
    expect(parsePart('Mod++')).toEqual({ key: '+', mod: true, shift: false, alt: false });
  });

  it('a chord is its keys in order; extra spaces are ignored', () => {
    expect(parseSpec('a  n').map((p) => p.key)).toEqual(['a', 'n']);
    expect(parseSpec(' g ')).toHaveLength(1);
  });
});

describe('strokes', () => {
  it('carries the modifiers: Ctrl or Cmd is "mod"', () => {
    expect(stroke('k', { ctrlKey: true })).toMatchObject({ key: 'k', mod: true, shift: false, alt: false });
    expect(stroke('k', { metaKey: true })).toMatchObject({ mod: true });
    expect(stroke('k', { altKey: true, shiftKey: true, code: 'KeyK' })).toMatchObject({ alt: true, shift: true, code: 'KeyK' });
  });

  it('keeps printable ASCII and named keys as the layout gives them; only other single characters fall back to the physical key', () => {
    expect(stroke('?', { code: 'Slash', shiftKey: true }).key).toBe('?');
    expect(stroke('~', { code: 'Backquote' }).key).toBe('~');
    expect(stroke('ArrowDown', { code: 'ArrowDown' }).key).toBe('ArrowDown');
    expect(stroke('é', { code: 'Digit2' }).key).toBe('é'); // no letter key to fall back to
    expect(stroke('ж', { code: 'Semicolon' }).key).toBe('ж');
    expect(stroke('ж', { code: 'KeyX' }).key).toBe('x');
  });
});

describe('matching', () => {
  const [one] = parseSpec('1');
  const [modK] = parseSpec('Mod+k');
  const [altA] = parseSpec('Alt+a');

  it('digits match on layouts where the digit needs Shift (AZERTY: & is the 1 key), but not letters or other digits there', () => {
    expect(partMatches(one!, stroke('1', { code: 'Digit1' }))).toBe(true);
    expect(partMatches(one!, stroke('&', { code: 'Digit1' }))).toBe(true);
    expect(partMatches(one!, stroke('&', { code: 'Digit2' }))).toBe(false);
    expect(partMatches(one!, stroke('q', { code: 'Digit1' }))).toBe(false);
    expect(partMatches(one!, stroke('2', { code: 'Digit1' }))).toBe(false);
  });

  it('a modifier must match both ways: pressed when asked for, and not pressed when not', () => {
    expect(partMatches(modK!, stroke('k'))).toBe(false);
    expect(partMatches(parseSpec('k')[0]!, stroke('k', { ctrlKey: true }))).toBe(false);
    expect(partMatches(altA!, stroke('a', { altKey: true }))).toBe(true);
    expect(partMatches(altA!, stroke('a'))).toBe(false);
    expect(partMatches(parseSpec('a')[0]!, stroke('a', { altKey: true }))).toBe(false);
  });

  it('Mod+letter ignores case and matches the physical key too', () => {
    expect(partMatches(modK!, stroke('K', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(partMatches(modK!, stroke('x', { ctrlKey: true, code: 'KeyK' }))).toBe(true);
    expect(partMatches(modK!, stroke('x', { ctrlKey: true, code: 'KeyX' }))).toBe(false);
  });

  it('named keys must agree on Shift', () => {
    const [shiftDown] = parseSpec('Shift+ArrowDown');
    expect(partMatches(shiftDown!, stroke('ArrowDown', { shiftKey: true }))).toBe(true);
    expect(partMatches(shiftDown!, stroke('ArrowDown'))).toBe(false);
    expect(partMatches(shiftDown!, stroke('ArrowUp', { shiftKey: true }))).toBe(false);
  });
});

describe('how specs are shown', () => {
  it('every named key has its short name', () => {
    expect(['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Escape', 'Enter', 'Home', 'End', 'Space', 'PageDown', 'PageUp'].map((k) => displaySpec(k, false))).toEqual([
      '↓',
      '↑',
      '←',
      '→',
      'Esc',
      'Enter',
      'Home',
      'End',
      'Space',
      'Page Down',
      'Page Up',
    ]);
  });

  it('Alt is ⌥ on a Mac and joined without +; a plain letter stays lower case', () => {
    expect(displaySpec('Alt+a', false)).toBe('Alt+a');
    expect(displaySpec('Alt+a', true)).toBe('⌥+a');
    expect(displaySpec('Mod+Alt+k', true)).toBe('⌘⌥K');
    expect(displaySpec('Mod+Shift+k', false)).toBe('Ctrl+Shift+K');
    expect(displaySpec('?', true)).toBe('?');
  });

  it('knows a Mac from the platform, or the user agent when the platform is empty', () => {
    vi.stubGlobal('navigator', { platform: 'MacIntel', userAgent: '' });
    expect(isMacPlatform()).toBe(true);
    vi.stubGlobal('navigator', { platform: '', userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_0)' });
    expect(isMacPlatform()).toBe(true);
    vi.stubGlobal('navigator', { platform: 'Linux x86_64', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' });
    expect(isMacPlatform()).toBe(false);
  });
});

describe('where keys are text and where they press', () => {
  const el = (html: string) => {
    document.body.innerHTML = html;
    return document.body.firstElementChild!;
  };

  it('text fields, text areas, selects, editable content and text roles take keys as text', () => {
    for (const html of ['<input>', '<input type="search">', '<input type="TEXT">', '<textarea></textarea>', '<select></select>', '<div role="combobox"></div>', '<div role="searchbox"></div>', '<div role="textbox"></div>']) {
      expect(isTypingTarget(el(html)), html).toBe(true);
    }
    const editable = el('<div contenteditable="true"></div>') as HTMLElement;
    Object.defineProperty(editable, 'isContentEditable', { value: true }); // jsdom does not compute it
    expect(isTypingTarget(editable)).toBe(true);
  });

  it('buttons-like inputs, plain elements, nothing and non-elements do not', () => {
    for (const type of ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']) {
      expect(isTypingTarget(el(`<input type="${type}">`)), type).toBe(false);
    }
    expect(isTypingTarget(el('<div role="grid"></div>'))).toBe(false);
    expect(isTypingTarget(el('<div></div>'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget(window)).toBe(false);
  });

  it('Enter and Space already press buttons, links, inputs and pressable roles, also from inside them', () => {
    for (const html of ['<button>b</button>', '<a href="#x">a</a>', '<input type="checkbox">', '<div role="button"></div>', '<div role="checkbox"></div>', '<div role="option"></div>', '<div role="tab"></div>']) {
      expect(isActivationTarget(el(html)), html).toBe(true);
    }
    expect(isActivationTarget(el('<button><span id="in">x</span></button>').querySelector('#in'))).toBe(true);
    expect(isActivationTarget(el('<a>no href</a>'))).toBe(false);
    expect(isActivationTarget(el('<div role="row"></div>'))).toBe(false);
    expect(isActivationTarget(null)).toBe(false);
    expect(isActivationTarget(window)).toBe(false);
  });
});
