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
    /**
     * A row kept in view when the view's height changes (the cursor): a notice appearing below the
     * list makes it shorter, and a row that was in view must not end up behind the notice.
     */
    follow?: number | null;
    /**
     * Where the followed row was in the list before it changed by itself (a poll): if it was in view
     * there, it is kept in view at `follow`; if the operator had scrolled away from it, the view stays.
     */
    followFrom?: number | null;
  },
): RowWindow {
  const { count, rowHeight, overscan, fallbackHeight, reveal = null, list, deferOverscan = false, keep = null, follow = null, followFrom = null } = opts;
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

  // The height the rows were last shown at: when it or the followed row's place changed, the
  // followed row stays in view if it was.
  const shownHeight = useRef(height);
  const inViewAt = (row: number, h: number) => row * rowHeight >= top.current && (row + 1) * rowHeight <= top.current + h;
  const wasAt = followFrom ?? follow;
  const followed =
    reveal === null && follow !== null && wasAt !== null && (height !== shownHeight.current || wasAt !== follow) && inViewAt(wasAt, shownHeight.current) ? follow : null;
  useLayoutEffect(() => {
    shownHeight.current = height;
  }, [height]);
  // Where the view must go for `reveal` (or the followed row) to be in it (rows have one height: no layout read).
  let target: number | null = null;
  const show = reveal ?? followed;
  if (show !== null) {
    const rowTop = show * rowHeight;
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

/** The rows' React keys, and the elements kept out of sight for rows to come (see `useRowKeys`). */
export interface RowKeys {
  /** One key per id, in order. */
  keys: string[];
  /** Elements no row holds, kept hidden after the rows (their key and the request they last showed). */
  parked: Array<{ key: string; id: string }>;
}

/**
 * What giving the rows their elements costs the browser, in units of one row's text changed in
 * place (its style is kept; only its text is laid out again). From the search traces at 100,000
 * rows: a screen of rows built anew took ~15 ms of layout against 2-3 ms for the same rows changed
 * in place, so building one costs about six; a moved element is styled and laid out again like a
 * built one, without the script that builds it (estimated, not measured apart).
 */
export const ROW_COST = { changed: 1, moved: 4, built: 6 } as const;

/**
 * What React and the browser do for `keys` (the slot each row gets, null for a new element) when
 * the elements were, in DOM order, `before` (each with the request it showed): rows whose element
 * showed another request, elements React moves (it keeps the children whose old positions increase
 * and moves every other one), elements built; and their cost in ROW_COST units.
 */
export function rowKeysCost(ids: readonly string[], slots: ReadonlyArray<number | null>, before: ReadonlyArray<{ slot: number; id: string }>) {
  const was = new Map(before.map((b, at) => [b.slot, { at, id: b.id }]));
  let changed = 0;
  let moved = 0;
  let built = 0;
  let lastPlaced = 0;
  slots.forEach((slot, i) => {
    const old = slot === null ? undefined : was.get(slot);
    if (old === undefined) {
      built += 1;
      return;
    }
    if (old.id !== ids[i]) changed += 1;
    if (old.at < lastPlaced) moved += 1;
    else lastPlaced = old.at;
  });
  return { changed, moved, built, cost: changed * ROW_COST.changed + moved * ROW_COST.moved + built * ROW_COST.built };
}

/**
 * React keys for the rows in the window (`ids`, in order) that let a row entering the window take
 * over the element of one that left it, updated in place instead of built anew: a search keystroke
 * or a long scroll replaces every row in view, and building ~30 rows of elements (and styling them)
 * costs several times what changing their text does. `keep`, the request whose row holds focus,
 * keeps its element and never hands it to another request: when it leaves the window its element
 * goes too, so focus never lands on a different request.
 *
 * Elements are handed out the cheaper of two ways (rowKeysCost): a request that stays keeps its
 * element and the freed elements go only where no row that stays must move, the rest get new ones
 * (j, k, scrolling: moving up one row builds one row instead of moving 31); or each row takes the
 * next element in DOM order whatever it showed before, so nothing moves (a search keystroke after
 * which one request sits elsewhere among new ones, a short result growing around the few rows it
 * kept). React moves the children whose old positions do not increase: one request moving from the
 * tenth row to the first would otherwise move the nine rows above it.
 *
 * With `park` above 0, up to that many freed elements are kept instead of removed, rendered hidden
 * after the rows (`parked`), and taken over by the rows of a list that grows again: a backspace that
 * widens a short result then changes text in elements that exist instead of building a screen of
 * rows. The focused request's element is never kept.
 */
export function useRowKeys(ids: readonly string[], keep: string | null, park = 0): RowKeys {
  // What the DOM holds: updated when a render is committed, never by one React may throw away (a
  // transition interrupted by a click), so every plan starts from the elements that exist.
  const committed = useRef<{ held: Map<string, number>; kept: Array<{ slot: number; id: string }>; nextSlot: number }>({ held: new Map(), kept: [], nextSlot: 0 });
  const { held, kept } = committed.current;
  let nextSlot = committed.current.nextSlot;
  const inWindow = new Set(ids);
  // Every element in DOM order (the rows, then the kept ones), with the request each showed.
  const before: Array<{ slot: number; id: string }> = [...[...held].map(([id, slot]) => ({ slot, id })), ...kept];
  const atOf = new Map(before.map((b, at) => [b.slot, at]));
  // The elements of rows that left (never the focused request's), in DOM order.
  const free = before.filter((b) => !(held.get(b.id) === b.slot && (inWindow.has(b.id) || b.id === keep)));
  // For each row, where the next row that stays was: a freed element from further down would be
  // placed before it and move it.
  const stayAt = new Array<number>(ids.length);
  let next = Number.POSITIVE_INFINITY;
  for (let i = ids.length - 1; i >= 0; i -= 1) {
    stayAt[i] = next;
    const own = held.get(ids[i]!);
    next = own === undefined ? next : atOf.get(own)!;
  }
  // Requests that stay keep their elements; freed elements go to the rows entering, in order, where
  // they move no row that stays.
  const keeping = () => {
    let taken = 0;
    const slots = ids.map((id, i): number | null => {
      const own = held.get(id);
      if (own !== undefined) return own;
      const reuse = free[taken];
      if (reuse && atOf.get(reuse.slot)! < stayAt[i]!) {
        taken += 1;
        return reuse.slot;
      }
      return null;
    });
    return { slots, rest: free.slice(taken) };
  };
  // Each row takes the next element in DOM order, whatever it showed. The focused request keeps its
  // own, and it must not move (a moved element loses focus): the rows above it take only elements
  // that were above it.
  const inOrder = () => {
    const focused = keep === null ? undefined : held.get(keep);
    const focusedAt = focused !== undefined && inWindow.has(keep!) ? atOf.get(focused)! : Number.POSITIVE_INFINITY;
    const pool = before.filter((b) => b.slot !== focused);
    let taken = 0;
    let passedFocus = false;
    const slots = ids.map((id): number | null => {
      if (id === keep && focused !== undefined) {
        passedFocus = true;
        return focused;
      }
      const p = pool[taken];
      if (!p || (!passedFocus && atOf.get(p.slot)! > focusedAt)) return null;
      taken += 1;
      return p.slot;
    });
    return { slots, rest: pool.slice(taken) };
  };
  const stay = keeping();
  const stayCost = rowKeysCost(ids, stay.slots, before);
  // Nothing moved and nothing built: the other way cannot do better.
  const other = stayCost.moved + stayCost.built > 0 ? inOrder() : null;
  const chosen = other && rowKeysCost(ids, other.slots, before).cost < stayCost.cost ? other : stay;
  const now = new Map<string, number>();
  const keys = ids.map((id, i) => {
    let slot = chosen.slots[i];
    if (slot === null || slot === undefined) {
      slot = nextSlot;
      nextSlot += 1;
    }
    now.set(id, slot);
    return `slot-${slot}`;
  });
  // The elements nobody took, in their order (the most recently freed first), up to `park`.
  const keptNow = chosen.rest.slice(0, Math.max(0, park));
  const state = { held: now, kept: keptNow, nextSlot };
  useLayoutEffect(() => {
    committed.current = state;
  });
  return { keys, parked: keptNow.map(({ slot, id }) => ({ key: `slot-${slot}`, id })) };
}
