/**
 * The one set of rules for untrusted text (names, addresses, notes, server messages): which
 * characters never reach a screen or a notification (F16), how text becomes one line, and where
 * it may be cut (F13, F17). Core (notifications, server error excerpts) and the renderer (display,
 * search) all use these; nothing else defines a character class or a grapheme cut.
 *
 * The rule is the strictest of the copies it replaced (core/notifications/notification-text.ts,
 * core/notifications/notify-policy.ts, core/api/errors.ts, renderer lib/text.ts): every character that one of
 * them hid is hidden everywhere.
 */

// Bidi embeddings/overrides/isolates and marks (ALM U+061C, LRM/RLM, U+202A-E, U+2066-9): a stray
// U+202E reverses neighbouring text (deltachat#3479, "evil\u202Egnp.exe"), so they never show.
const BIDI = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
// Zero-width and invisible formatting characters that can hide or fake text: zero-width space,
// word joiner and the invisible operators (U+2060-4), the deprecated format controls (U+206A-F),
// the Mongolian vowel separator, BOM and the soft hyphen. ZWJ (U+200D) and ZWNJ (U+200C) stay:
// emoji sequences and several scripts (Persian, Indic) need them. Tag characters stay (flags).
const INVISIBLE = '\\u00AD\\u180E\\u200B\\u2060-\\u2064\\u206A-\\u206F\\uFEFF';
// C0 and C1 control characters except tab, line feed and carriage return (handled as white space).
const CONTROLS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';

const HIDDEN_RE = new RegExp(`[${BIDI}${INVISIBLE}${CONTROLS}]`, 'g');
const BIDI_RE = new RegExp(`[${BIDI}]`);
const BREAKING_RE = new RegExp(`[${BIDI}${CONTROLS}]+`, 'g');
const LINE_BREAKS_RE = /[\t\r\n\u2028\u2029]+/g;

/** True when the text carries a bidi control (the detail pane says they were removed). */
export function hasBidiControls(text: string): boolean {
  return BIDI_RE.test(text);
}

/** Removes bidi controls, invisible characters and control characters; line breaks and tabs stay. */
export function stripHidden(text: string): string {
  return text.replace(HIDDEN_RE, '');
}

/**
 * One line of visible text: line breaks become spaces, hidden characters go, white space
 * collapses. With `hiddenBreaksWords`, bidi and control characters become spaces instead of
 * vanishing: for server prose, where "a\u0000b" was two words (core/api/errors.ts).
 */
export function toDisplayText(text: string, options?: { hiddenBreaksWords?: boolean }): string {
  const spaced = options?.hiddenBreaksWords ? text.replace(BREAKING_RE, ' ') : text;
  return stripHidden(spaced.replace(LINE_BREAKS_RE, ' ')).replace(/\s+/g, ' ').trim();
}

export const NO_NAME = '(no name)';

/** The name to show for a request (F18): "(no name)" when empty, whitespace-only or all hidden. */
export function displayNameFor(name: string): string {
  const shown = toDisplayText(name);
  return shown === '' ? NO_NAME : shown;
}

let segmenter: Intl.Segmenter | null = null;
function graphemes(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

export interface Truncated {
  text: string;
  truncated: boolean;
}

/**
 * Cuts text to at most `max` grapheme clusters (F17: never splits a surrogate pair, an emoji ZWJ
 * sequence, a flag or a base letter from its combining marks). Stops scanning early for huge input.
 */
export function truncateGraphemes(text: string, max: number): Truncated {
  if (text.length <= max) return { text, truncated: false };
  let count = 0;
  let end = 0;
  for (const seg of graphemes().segment(text)) {
    if (count >= max) return { text: text.slice(0, end), truncated: true };
    count += 1;
    end = seg.index + seg.segment.length;
  }
  return { text, truncated: false };
}

/** Caps text at `max` graphemes with the ellipsis counted inside the cap ("abcd", 3 → "ab…"). */
export function capGraphemes(text: string, max: number): string {
  if (max <= 0) return '';
  const cut = truncateGraphemes(text, max);
  return cut.truncated ? `${truncateGraphemes(cut.text, max - 1).text}…` : text;
}

/** Keeps the first `keep` graphemes and marks a cut with "…" after them ("abcd", 3 → "abc…"). */
export function keepGraphemes(text: string, keep: number): string {
  const cut = truncateGraphemes(text, keep);
  return cut.truncated ? `${cut.text}…` : text;
}

/** The longest prefix of whole graphemes within `maxUnits` UTF-16 code units (server limits count those). */
export function truncateToLength(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let end = 0;
  for (const seg of graphemes().segment(text)) {
    const next = seg.index + seg.segment.length;
    if (next > maxUnits) break;
    end = next;
  }
  return text.slice(0, end);
}

/** Caps text at `maxUnits` UTF-16 code units, the ellipsis included, never inside a grapheme. */
export function capLength(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  return `${truncateToLength(text, maxUnits - 1)}…`;
}

/** Number of grapheme clusters (what a person would call characters). */
export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of graphemes().segment(text)) n += 1;
  return n;
}
