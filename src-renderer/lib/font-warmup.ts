/**
 * Loads the fonts for the characters a list shows before its rows need them. The first time a row
 * shows a character the interface font lacks (Arabic, Devanagari, CJK, …), Chromium looks for a
 * fallback font and loads it inside that frame's layout: measured at 100,000 rows of names in many
 * scripts, single text runs took 25-110 ms to shape the first time, once per script, which made
 * the longest frames of a first fast scroll (100 ms) and some search keystrokes. Here the
 * characters outside ASCII in the rows' visible fields are collected in idle time, a slice of rows
 * at a time, and measured on a canvas in the interface's fonts (which goes through the same font
 * fallback, whose results the page keeps), a few characters per idle period. Nothing on screen
 * changes and nothing waits for it. Checked in Chromium: a line of text in 14 scripts took 42-74 ms
 * to lay out the first time, 1-11 ms after measuring its characters on a canvas first (also at
 * another size and weight).
 */
import type { RequestView } from '../../src-shared/domain';

/** Rows read per slice, and characters measured per idle period. */
const ROWS_PER_SLICE = 2000;
const CHARS_PER_SLICE = 16;

/** Characters already measured (for the page's lifetime: the fonts stay loaded). */
const measured = new Set<number>();
/** Rows already read, and the characters found in them still to measure (kept when a warm-up is cancelled). */
const scannedRows = new WeakSet<RequestView>();
const toMeasure = new Set<number>();

/**
 * Adds to `into` the code points outside ASCII in the texts rows `from` … `to` show, not measured
 * before. With `scanned`, a row read once (row objects are kept across snapshots and filtered
 * lists) is skipped, and each row read is added to it.
 */
export function newCharacters(rows: readonly RequestView[], from: number, to: number, into: Set<number>, scanned?: WeakSet<RequestView>): void {
  for (let i = from; i < to; i += 1) {
    const r = rows[i]!;
    if (scanned) {
      if (scanned.has(r)) continue;
      scanned.add(r);
    }
    for (const text of [r.displayName, r.address, r.agentName, r.connectorName, r.conversationName]) {
      for (let j = 0; j < text.length; j += 1) {
        if (text.charCodeAt(j) < 128) continue;
        const c = text.codePointAt(j)!;
        if (c > 0xffff) j += 1;
        if (!measured.has(c)) into.add(c);
      }
    }
  }
}

type IdleRun = (hasTime: () => boolean) => boolean;

function inIdle(step: IdleRun): () => void {
  let cancelled = false;
  let handle: number | null = null;
  const schedule = () => {
    handle = requestIdleCallback((deadline) => {
      if (!cancelled && !step(() => deadline.timeRemaining() > 1)) schedule();
    });
  };
  schedule();
  return () => {
    cancelled = true;
    if (handle !== null) cancelIdleCallback(handle);
  };
}

/** The fonts the rows use: the page's font family at the rows' sizes and weights. */
function rowFonts(): string[] {
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  return [`400 14px ${family}`, `600 14px ${family}`, `400 12.5px ${family}`];
}

/**
 * Starts warming the fonts for `rows` (called with each new snapshot's rows); returns a cancel.
 * Does nothing where there is no idle callback or canvas (tests under jsdom).
 */
export function warmFontsFor(rows: readonly RequestView[]): () => void {
  if (typeof document === 'undefined' || typeof requestIdleCallback !== 'function') return () => undefined;
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return () => undefined;
  let next = 0;
  let fonts: string[] | null = null;
  return inIdle((hasTime) => {
    do {
      if (next < rows.length) {
        const to = Math.min(rows.length, next + ROWS_PER_SLICE);
        newCharacters(rows, next, to, toMeasure, scannedRows);
        next = to;
        continue;
      }
      if (toMeasure.size === 0) return true;
      // In code point order, so that a slice covers one script or two: a font is loaded per script.
      const chars = [...toMeasure].sort((a, b) => a - b).slice(0, CHARS_PER_SLICE);
      fonts ??= rowFonts();
      const text = String.fromCodePoint(...chars);
      for (const font of fonts) {
        context.font = font;
        context.measureText(text);
      }
      for (const c of chars) {
        measured.add(c);
        toMeasure.delete(c);
      }
    } while (hasTime());
    return false;
  });
}
