import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard';

/** What the legacy path saw when it ran `copy`: the selected text, and whether its textarea was in the page, readonly and out of sight. */
function legacyCopy(result: boolean | 'throws') {
  const seen: Array<{ selected: string; inPage: boolean; readOnly: boolean; position: string; opacity: string }> = [];
  const execCommand = vi.fn((command: string) => {
    const area = document.activeElement instanceof HTMLTextAreaElement ? document.activeElement : document.querySelector('textarea');
    if (command !== 'copy' || !area) return false;
    seen.push({
      selected: area.value.slice(area.selectionStart, area.selectionEnd),
      inPage: area.isConnected,
      readOnly: area.hasAttribute('readonly'),
      position: area.style.position,
      opacity: area.style.opacity,
    });
    if (result === 'throws') throw new Error('not allowed');
    return result;
  });
  Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true, writable: true });
  return { execCommand, seen };
}

function clipboardApi(writeText: ((text: string) => Promise<void>) | undefined) {
  Object.defineProperty(navigator, 'clipboard', { value: writeText ? { writeText } : undefined, configurable: true });
}

afterEach(() => {
  clipboardApi(undefined);
  Reflect.deleteProperty(document, 'execCommand');
  document.body.replaceChildren();
});

describe('copyText', () => {
  it('uses the Clipboard API when the page may: the exact text, and nothing else is touched', async () => {
    const writeText = vi.fn(async () => {});
    clipboardApi(writeText);
    const { execCommand } = legacyCopy(true);
    expect(await copyText('diagnostics\nline 2')).toBe(true);
    expect(writeText).toHaveBeenCalledWith('diagnostics\nline 2');
    expect(execCommand).not.toHaveBeenCalled();
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('when the Clipboard API refuses (not focused, no permission), copies through a hidden, read-only textarea that is removed afterwards', async () => {
    clipboardApi(async () => {
      throw new DOMException('Document is not focused.', 'NotAllowedError');
    });
    const { seen } = legacyCopy(true);
    expect(await copyText('req-42')).toBe(true);
    expect(seen).toEqual([{ selected: 'req-42', inPage: true, readOnly: true, position: 'fixed', opacity: '0' }]);
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('without the Clipboard API it takes the legacy path, and says when that copied nothing', async () => {
    const { seen } = legacyCopy(false);
    expect(await copyText('x')).toBe(false);
    expect(seen).toHaveLength(1);
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('answers false, without throwing, when neither way can copy', async () => {
    expect(await copyText('x')).toBe(false); // jsdom has no execCommand
    expect(document.querySelector('textarea')).toBeNull();
    const { seen } = legacyCopy('throws');
    expect(await copyText('secret diagnostics')).toBe(false);
    expect(seen).toHaveLength(1);
    // The text it tried to copy does not stay behind in the page.
    expect(document.querySelector('textarea')).toBeNull();
  });
});
