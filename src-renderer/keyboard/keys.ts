/**
 * Key specs and matching. Specs use KeyboardEvent.key names ('j', 'J', 'ArrowDown', '?') with
 * optional 'Mod+' (Ctrl or Cmd), 'Shift+', 'Alt+' for named keys, and a space for a two-key
 * chord ('a n'). Matching is on event.key, so AZERTY/Dvorak users press the letter they see;
 * on non-Latin layouts (event.key 'о' on a Russian layout) the physical key is used instead.
 */

export interface Stroke {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
  code: string;
}

export interface KeyPart {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

export function parsePart(spec: string): KeyPart {
  const bits = spec.split('+');
  // A trailing '+' means the key itself is '+'.
  const key = spec.endsWith('++') || spec === '+' ? '+' : bits[bits.length - 1]!;
  const mods = new Set(bits.slice(0, -1).map((m) => m.toLowerCase()));
  return { key, mod: mods.has('mod'), shift: mods.has('shift'), alt: mods.has('alt') };
}

export function parseSpec(spec: string): KeyPart[] {
  return spec.split(' ').filter(Boolean).map(parsePart);
}

const ASCII_PRINTABLE = /^[\x20-\x7e]$/;

/** The key an event stands for, with the physical-key fallback for non-Latin layouts. */
export function strokeFor(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): Stroke {
  // A space cannot be written in a spec (it separates chord keys): it is 'Space'.
  let key = e.key === ' ' ? 'Space' : e.key;
  if (key.length === 1 && !ASCII_PRINTABLE.test(key)) {
    const m = /^Key([A-Z])$/.exec(e.code);
    if (m) key = e.shiftKey ? m[1]! : m[1]!.toLowerCase();
  }
  return { key, mod: e.ctrlKey || e.metaKey, shift: e.shiftKey, alt: e.altKey, code: e.code };
}

export function partMatches(part: KeyPart, s: Stroke): boolean {
  if (part.mod !== s.mod || part.alt !== s.alt) return false;
  if (part.key.length === 1) {
    if (part.mod) return part.key.toLowerCase() === s.key.toLowerCase() || s.code === `Key${part.key.toUpperCase()}`;
    if (s.key === part.key) return true;
    // Digits on layouts where they need Shift (AZERTY '&' is the 1 key).
    return /^\d$/.test(part.key) && s.code === `Digit${part.key}` && !/^[a-zA-Z0-9]$/.test(s.key);
  }
  return part.key === s.key && part.shift === s.shift;
}

const NAMES: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Enter: 'Enter',
  Home: 'Home',
  End: 'End',
  Space: 'Space',
  PageDown: 'Page Down',
  PageUp: 'Page Up',
};

/** How a spec is shown in help and hints: 'Ctrl+K', '⌘K', 'a then n', 'Shift+↓'. */
export function displaySpec(spec: string, isMac: boolean): string {
  return parseSpec(spec)
    .map((p) => {
      const mods = [p.mod ? (isMac ? '⌘' : 'Ctrl') : null, p.alt ? (isMac ? '⌥' : 'Alt') : null, p.shift ? 'Shift' : null].filter(Boolean);
      const key = NAMES[p.key] ?? (p.key.length === 1 && p.mod ? p.key.toUpperCase() : p.key);
      return [...mods, key].join(isMac && p.mod ? '' : '+');
    })
    .join(' then ');
}

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** True when keys typed into this element are text, not commands. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return el.getAttribute('role') === 'combobox' || el.getAttribute('role') === 'searchbox' || el.getAttribute('role') === 'textbox';
}

/** True when Enter/Space on this element already means "press it" (buttons, links, checkboxes). */
export function isActivationTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  return (target as Element).closest('button, a[href], input, [role="button"], [role="checkbox"], [role="option"], [role="tab"]') !== null;
}
