/**
 * Search and comparison for untrusted text (names, addresses, notes): case- and
 * accent-insensitive. User text is always rendered as React text; which characters are shown
 * (F16) and where text is cut (F13, F17) come from src-shared/text-safety.ts, re-exported here.
 */

import { stripHidden } from '../../src-shared/text-safety';

// What may be shown and where text may be cut is one rule for core and renderer (src-shared/text-safety.ts).
export {
  displayNameFor,
  graphemeCount,
  hasBidiControls,
  NO_NAME,
  stripHidden,
  toDisplayText,
  truncateGraphemes,
  truncateToLength,
  type Truncated,
} from '../../src-shared/text-safety';

const NON_ASCII_OR_CONTROL = /[^\x20-\x7e]/;

/** Folds text for search: lower case, accents removed, hidden characters removed. */
export function foldForSearch(text: string): string {
  // Most addresses and many names are plain ASCII: skip normalisation for them (100,000-row queues).
  if (!NON_ASCII_OR_CONTROL.test(text)) return text.toLowerCase();
  return stripHidden(text).normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
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
