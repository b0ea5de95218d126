/**
 * Which rows of a list of fixed-height rows are in view, plus some overscan: the queue's
 * virtualisation. With one row height, where every row is and which ones are visible follow
 * from the scroll position alone, so a scroll or a new list costs only the rows in view, never a
 * pass over 100,000 rows (a general-purpose virtualizer measures every row again whenever the
 * count changes: on every keystroke of a search). The scroll position is read in the scroll
 * event and the height from a ResizeObserver, never in between, so nothing forces a layout.
 *
 * The overscan (rows just outside the view, there for a slow scroll to find ready) is rendered
 * once the list has rested: a new list (a search keystroke, a filter) or a fast scroll (a jump past
 * the overscan within REST_MS of the previous one) first renders the rows in view only, and the
 * overscan follows REST_MS after the last such change, in a transition a keystroke interrupts,
 * or with the next scroll that is not fast.
 * Every row in view is rendered in the same render as before; only rows nobody sees wait. A
 * keystroke or a scroll frame then costs the ~15 rows in view instead of ~31.
 */
import { startTransition, useEffect, useLayoutEffect, useReducer, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/** How long the list and the scroll must rest before the rows outside the view are rendered. */
export const REST_MS = 150;

export interface RowWindow {
  /** First and one-past-last row to render. */
  start: number;
  end: number;
  /** Height of all rows together (the scrolled content). */
  totalSize: number;
}

export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  opts: {
    count: number;
    rowHeight: number;
    overscan: number;
    fallbackHeight: number;
    /**
     * A row to bring into view in this render (the cursor, when it or the list changed), or null.
     * The window is worked out for the position it scrolls to, so the rows rendered are the ones
     * shown; the scroll is applied before paint (one render and one layout, not a second of each
     * when the scroll event arrives a frame later).
     */
    reveal?: number | null;
    /** What the list was asked to be (any identity that changes with it: search, filters, order). */
    list?: unknown;
    /**
     * With it, a change of `list` and a fast scroll render the rows in view first and the overscan
     * once they rest; without it the overscan is always rendered (and the list followed).
     */
    deferOverscan?: boolean;
    /** A row that stays rendered while the overscan waits, if it is within the overscan (the focused row). */
    keep?: number | null;
  },
): RowWindow {
  const { count, rowHeight, overscan, fallbackHeight, reveal = null, list, deferOverscan = false, keep = null } = opts;
  const top = useRef(0);
  const shown = useRef(0);
  const [first, setFirst] = useState(0);
  const [height, setHeight] = useState(fallbackHeight);
  // The list whose overscan is rendered, whether a fast scroll is under way, and the latest list.
  const settled = useRef(list);
  const fast = useRef(false);
  const lastJump = useRef(Number.NEGATIVE_INFINITY);
  const latest = useRef(list);
  latest.current = list;
  const [, rest] = useReducer((n: number) => n + 1, 0);
  if (!deferOverscan) {
    settled.current = list;
    fast.current = false;
  }
  const lean = list !== settled.current || fast.current;
  useEffect(() => {
    if (!lean) return undefined;
    // Restarted by every render while lean: the overscan comes REST_MS after the last change.
    const timer = setTimeout(() => {
      settled.current = latest.current;
      fast.current = false;
      startTransition(rest);
    }, REST_MS);
    return () => clearTimeout(timer);
  });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = (): void => {
      top.current = el.scrollTop;
      const next = Math.floor(top.current / rowHeight);
      if (next === shown.current) return;
      // A jump past the overscan soon after another: a fast scroll, which the overscan cannot keep up with.
      if (Math.abs(next - shown.current) > overscan) {
        const now = performance.now();
        if (now - lastJump.current < REST_MS) fast.current = true;
        lastJump.current = now;
      }
      shown.current = next;
      // A scroll that is not fast renders the overscan with it, also after a new list.
      if (!fast.current) settled.current = latest.current;
      // Rendered in the same frame as the scroll, or the rows would trail it by one.
      flushSync(() => setFirst(next));
    };
    // Without layout (jsdom, a hidden pane) the element measures 0: render as a normal window.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
      const h = entries[0]?.contentRect.height ?? 0;
      setHeight(h > 0 ? h : fallbackHeight);
    });
    observer?.observe(el);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [scrollRef, rowHeight, fallbackHeight, overscan]);

  // Where the view must go for `reveal` to be in it (rows have one height: no layout read).
  let target: number | null = null;
  if (reveal !== null) {
    const rowTop = reveal * rowHeight;
    if (rowTop < top.current) target = rowTop;
    else if (rowTop + rowHeight > top.current + height) target = Math.max(0, rowTop + rowHeight - height);
  }
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (target === null || !el) return;
    el.scrollTop = target;
    top.current = target;
    shown.current = Math.floor(target / rowHeight);
    // The rows for this position are already rendered: the scroll event it causes changes nothing.
    setFirst(shown.current);
  }, [scrollRef, target, rowHeight]);

  const inView = Math.ceil(height / rowHeight) + 1;
  // A shorter list than the scroll position: the browser clamps scrollTop and reports it.
  const from = Math.min(target !== null ? Math.floor(target / rowHeight) : first, Math.max(0, count - inView));
  const start = Math.max(0, from - overscan);
  const end = Math.min(count, from + inView + overscan);
  if (!lean) return { start, end, totalSize: count * rowHeight };
  // Only the rows in view, and the kept row if it is within the overscan (the window stays one run).
  const kept = keep !== null && keep >= start && keep < end ? keep : from;
  return { start: Math.min(from, kept), end: Math.min(count, Math.max(from + inView, kept + 1)), totalSize: count * rowHeight };
}

/**
 * React keys for the rows in the window (`ids`, in order) that let a row entering the window take
 * over the element of one that left it, updated in place instead of built anew: a search keystroke
 * or a long scroll replaces every row in view, and building ~30 rows of elements (and styling them)
 * costs several times what changing their text does. A request that stays in the window keeps its
 * own element, as with keys by id (its focus, the attributes a change is announced by). `keep`, the
 * request whose row holds focus, never hands its element to another request: when it leaves the
 * window its element goes too, so focus never lands on a different request.
 *
 * An element is only taken over where it does not make the rows that stay move in the DOM. React
 * keeps the children whose old positions increase and moves every other one: an element from the
 * bottom given to a row entering at the top (the window moving up one row, k or a scroll up) would
 * come first and make React move every row after it (31 DOM moves and a restyle of every row,
 * measured). Such a row gets a new element instead; the freed one is removed.
 */
export function useRowKeys(ids: readonly string[], keep: string | null): string[] {
  const held = useRef(new Map<string, number>());
  const nextSlot = useRef(0);
  const inWindow = new Set(ids);
  // Where each element was (the previous window's order), and the freed ones in that order, handed
  // out in the same order: when every row changes (a search), the n-th row keeps the n-th element
  // and nothing moves in the DOM.
  const wasAt = new Map<string, number>();
  const free: Array<{ slot: number; at: number }> = [];
  let at = 0;
  for (const [id, slot] of held.current) {
    if (inWindow.has(id)) wasAt.set(id, at);
    else if (id !== keep) free.push({ slot, at });
    at += 1;
  }
  // For each row, where the next row that stays was: a freed element from further down would be
  // placed before it and move it.
  const before = new Array<number>(ids.length);
  let next = Number.POSITIVE_INFINITY;
  for (let i = ids.length - 1; i >= 0; i -= 1) {
    before[i] = next;
    next = wasAt.get(ids[i]!) ?? next;
  }
  let taken = 0;
  const now = new Map<string, number>();
  const keys = ids.map((id, i) => {
    let slot = held.current.get(id);
    if (slot === undefined) {
      const reuse = free[taken];
      if (reuse && reuse.at < before[i]!) {
        slot = reuse.slot;
        taken += 1;
      } else {
        slot = nextSlot.current;
        nextSlot.current += 1;
      }
    }
    now.set(id, slot);
    return `slot-${slot}`;
  });
  held.current = now;
  return keys;
}
