/**
 * Display and search helpers for untrusted text (names, addresses, notes). User text is always
 * rendered as React text; these helpers only decide what characters to show (F16), where to
 * cut (F13, F17) and how to compare (case- and accent-insensitive).
 */

// Bidi embeddings/overrides/isolates and marks (U+202A-E, U+2066-9, LRM/RLM/ALM): a stray
// U+202E reverses neighbouring text (deltachat#3479), so they never reach the screen.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Zero-width and invisible formatting characters that can hide text; ZWJ/ZWNJ stay because
// emoji sequences and several scripts need them.
const INVISIBLES = /[\u200B\u2060-\u2064\uFEFF\u00AD]/g;
// C0/C1 control characters (tabs and newlines become spaces for one-line display).
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function hasBidiControls(text: string): boolean {
  BIDI_CONTROLS.lastIndex = 0;
  return BIDI_CONTROLS.test(text);
}

/** Removes bidi controls, invisible characters and control characters, for display only. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(INVISIBLES, '').replace(CONTROLS, '');
}

/** One-line display text: stripped of hidden characters, whitespace collapsed. */
export function toDisplayText(text: string): string {
  return stripBidiControls(text.replace(/[\t\r\n\u2028\u2029]+/g, ' ')).replace(/\s+/g, ' ').trim();
}

export const NO_NAME = '(no name)';

/** The name to show for a request (F18): "(no name)" when empty or whitespace-only. */
export function displayNameFor(name: string): string {
  const shown = toDisplayText(name);
  return shown === '' ? NO_NAME : shown;
}

export function hasDisplayName(name: string): boolean {
  return toDisplayText(name) !== '';
}

let segmenter: Intl.Segmenter | null = null;
function graphemeSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

export interface Truncated {
  text: string;
  truncated: boolean;
}

/**
 * Cuts text to at most `max` grapheme clusters (F17: never splits a surrogate pair, an emoji
 * ZWJ sequence or a base letter from its combining marks). Stops scanning early for huge input.
 */
export function truncateGraphemes(text: string, max: number): Truncated {
  if (text.length <= max) return { text, truncated: false };
  let count = 0;
  let end = 0;
  for (const seg of graphemeSegmenter().segment(text)) {
    if (count === max) return { text: text.slice(0, end), truncated: true };
    count += 1;
    end = seg.index + seg.segment.length;
  }
  return { text, truncated: false };
}

/** Like truncateGraphemes, but also keeps the result within `maxUnits` UTF-16 code units (server limits count those). */
export function truncateToLength(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let end = 0;
  for (const seg of graphemeSegmenter().segment(text)) {
    const next = seg.index + seg.segment.length;
    if (next > maxUnits) break;
    end = next;
  }
  return text.slice(0, end);
}

/** Number of grapheme clusters (what a person would call characters). */
export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of graphemeSegmenter().segment(text)) n += 1;
  return n;
}

const NON_ASCII_OR_CONTROL = /[^\x20-\x7e]/;

/** Folds text for search: lower case, accents removed, hidden characters removed. */
export function foldForSearch(text: string): string {
  // Most addresses and many names are plain ASCII: skip normalisation for them (100,000-row queues).
  if (!NON_ASCII_OR_CONTROL.test(text)) return text.toLowerCase();
  return stripBidiControls(text).normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const foldMemo = new Map<string, string>();
const FOLD_MEMO_MAX = 10_000;

/** foldForSearch for values that repeat across rows (agent, connector, provider names). */
export function foldCached(text: string): string {
  let folded = foldMemo.get(text);
  if (folded === undefined) {
    if (foldMemo.size >= FOLD_MEMO_MAX) foldMemo.clear();
    folded = foldForSearch(text);
    foldMemo.set(text, folded);
  }
  return folded;
}

/** Case- and accent-insensitive comparison for sorting names and labels. */
export const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function sameText(a: string, b: string): boolean {
  return collator.compare(a, b) === 0;
}
