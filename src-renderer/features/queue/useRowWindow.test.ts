import { act, render, renderHook } from '@testing-library/react';
import { createElement, startTransition, use, useLayoutEffect } from 'react';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROW_COST, rowKeysCost, useRowKeys, useRowWindow } from './useRowWindow';

const slotOf = (key: string) => Number(key.replace('slot-', ''));
const windowOf = (start: number, length = 16, prefix = 'r') => Array.from({ length }, (_, i) => `${prefix}${start + i}`);

function keysOver(first: string[], keep: string | null = null, park = 0) {
  const hook = renderHook(({ ids, keep: k }) => useRowKeys(ids, k, park), { initialProps: { ids: first, keep } });
  return {
    keys: () => hook.result.current.keys,
    show: (ids: string[], k: string | null = keep) => (hook.rerender({ ids, keep: k }), hook.result.current.keys),
    /** The kept elements' keys, in their order after the rows. */
    parked: () => hook.result.current.parked.map((p) => p.key),
    /** Every element React renders, in DOM order: the rows, then the kept ones. */
    dom: () => [...hook.result.current.keys, ...hook.result.current.parked.map((p) => p.key)],
    /** The same, with the request each element shows (or last showed). */
    elements: (ids: readonly string[]) => [
      ...hook.result.current.keys.map((key, i) => ({ slot: slotOf(key), id: ids[i]! })),
      ...hook.result.current.parked.map((p) => ({ slot: slotOf(p.key), id: p.id })),
    ],
  };
}

/**
 * The keyed children React moves in the DOM going from `before` to `after` (reconcileChildrenArray:
 * a child whose old position is below the highest old position placed so far is moved).
 */
function movedByReact(before: readonly string[], after: readonly string[]): string[] {
  const oldAt = new Map(before.map((k, i) => [k, i]));
  let lastPlaced = 0;
  const moved: string[] = [];
  for (const key of after) {
    const old = oldAt.get(key);
    if (old === undefined) continue;
    if (old < lastPlaced) moved.push(key);
    else lastPlaced = old;
  }
  return moved;
}

describe('rowKeysCost: what handing out elements costs the browser', () => {
  it('counts rows shown by an element that showed another request, elements React moves, and elements built', () => {
    const before = [
      { slot: 0, id: 'a' },
      { slot: 1, id: 'b' },
      { slot: 2, id: 'c' },
    ];
    // b and c keep theirs, d takes a's element from the top: one change, one move.
    expect(rowKeysCost(['b', 'c', 'd'], [1, 2, 0], before)).toEqual({ changed: 1, moved: 1, built: 0, cost: ROW_COST.changed + ROW_COST.moved });
    // Each row the next element: three changes, nothing moves.
    expect(rowKeysCost(['b', 'c', 'd'], [0, 1, 2], before)).toEqual({ changed: 3, moved: 0, built: 0, cost: 3 * ROW_COST.changed });
    // A new element for d: one built.
    expect(rowKeysCost(['b', 'c', 'd'], [1, 2, null], before)).toEqual({ changed: 0, moved: 0, built: 1, cost: ROW_COST.built });
    expect(ROW_COST.built).toBeGreaterThan(ROW_COST.moved);
    expect(ROW_COST.moved).toBeGreaterThan(ROW_COST.changed);
  });
});

describe('useRowKeys: rows entering the window take over the elements of rows that left', () => {
  it('j going down a window of 16 rows: the requests that stay keep their elements, the row entering takes the one that left', () => {
    const h = keysOver(windowOf(100));
    const first = h.keys();
    const down = h.show(windowOf(101));
    expect(down.slice(0, 15)).toEqual(first.slice(1));
    expect(down[15]).toBe(first[0]);
    expect(new Set(down)).toEqual(new Set(first));
  });

  it('k going up a window of 16 rows: the row entering at the top gets an element of its own, so the rows that stay do not move', () => {
    const h = keysOver(windowOf(101));
    const first = h.keys();
    const up = h.show(windowOf(100));
    expect(up.slice(1)).toEqual(first.slice(0, 15));
    expect(first).not.toContain(up[0]);
    expect(movedByReact(first, up)).toEqual([]);
  });

  it('when both ways cost the same, the requests that stay keep their elements', () => {
    // Five rows, one down: one row changed and one moved (1 + 4) against five rows changed.
    const h = keysOver(windowOf(0, 5));
    const first = h.keys();
    expect(h.show(windowOf(1, 5)).slice(0, 4)).toEqual(first.slice(1));
  });

  it('requests of a short result coming back take their kept elements again: none is built', () => {
    const h = keysOver(['a', 'b', 'c', 'd'], null, 10);
    const first = h.keys();
    h.show(['a']);
    expect(new Set(h.show(['a', 'b', 'c', 'd']))).toEqual(new Set(first));
    // Also when one of them comes back among new ones, after the others took its element.
    h.show(['a']);
    expect(new Set(h.show(['a', 'x', 'y', 'b']))).toEqual(new Set(first));
  });

  it('scrolling by less than half a window, either way, never moves a row that stays', () => {
    const h = keysOver(windowOf(100, 20), null, 6);
    let prevIds = windowOf(100, 20);
    let prevDom = h.dom();
    for (const start of [101, 104, 103, 100, 109, 118, 112, 103]) {
      const ids = windowOf(start, 20);
      const keys = h.show(ids);
      const stayed = new Set(ids.filter((id) => prevIds.includes(id)).map((id) => keys[ids.indexOf(id)]!));
      expect(movedByReact(prevDom, h.dom()).filter((k) => stayed.has(k))).toEqual([]);
      prevIds = ids;
      prevDom = h.dom();
    }
  });

  it('a search keystroke after which one request sits elsewhere among new ones: each row takes the next element, nothing moves or is built', () => {
    const h = keysOver(windowOf(0, 16, 'a'));
    const first = h.keys();
    // a9 stays, now first; fifteen new requests after it. Keeping a9's element would move nine rows.
    const next = h.show(['a9', ...windowOf(0, 15, 'b')]);
    expect(next).toEqual(first);
    expect(movedByReact(first, next)).toEqual([]);
  });

  it('when every row changes (a search), the n-th row gets the n-th element: nothing moves', () => {
    const h = keysOver(['a', 'b', 'c', 'd']);
    const before = h.keys();
    expect(h.show(['w', 'x', 'y', 'z'])).toEqual(before);
    // A shorter list keeps the first elements; a longer one adds new keys after them.
    expect(h.show(['p', 'q'])).toEqual(before.slice(0, 2));
    const longer = h.show(['p', 'q', 'r', 's', 't']);
    expect(longer.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(new Set(longer).size).toBe(5);
  });

  it.each([0, 6])('costs never more than keys by request or the next element for every row, with %i elements kept (property)', (park) => {
    // Windows over one list of 200 rows: a start and a length, as scrolling and resizing make them;
    // with a step, some rows left out, as a search keystroke does.
    const windows = fc.array(fc.tuple(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(windows, (seq) => {
        const h = keysOver([], null, park);
        let before: Array<{ slot: number; id: string }> = [];
        let lastRows = new Map<string, number>();
        for (const [start, length, step] of seq) {
          const ids = Array.from({ length }, (_, i) => `r${start + i * step}`);
          const slots = h.show(ids).map(slotOf);
          const seenSlots = new Set(before.map((b) => b.slot));
          const chosen = rowKeysCost(ids, slots.map((x) => (seenSlots.has(x) ? x : null)), before);
          // By request: a request that stays keeps its element, every other row gets a new one.
          const byRequest = rowKeysCost(ids, ids.map((id) => lastRows.get(id) ?? null), before);
          // In order: the n-th row the n-th element.
          const inOrder = rowKeysCost(ids, ids.map((_, i) => before[i]?.slot ?? null), before);
          expect(chosen.cost).toBeLessThanOrEqual(Math.min(byRequest.cost, inOrder.cost));
          expect(h.parked().length).toBeLessThanOrEqual(park);
          before = h.elements(ids);
          lastRows = new Map(ids.map((id, i) => [id, slots[i]!]));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a short result that grows again takes the kept elements: none is built', () => {
    // A search keystroke: 14 rows, then 2 of them (the 6th and 10th), then the 14 again.
    const rows = Array.from({ length: 14 }, (_, i) => `m${i}`);
    const h = keysOver(rows, null, 20);
    const all = h.keys();
    h.show(['m5', 'm9']);
    expect(new Set(h.show(rows))).toEqual(new Set(all));
    // Without kept elements, rows are built again.
    const bare = keysOver(rows);
    bare.show(['m5', 'm9']);
    expect(bare.show(rows).filter((k) => !all.includes(k)).length).toBeGreaterThan(0);
  });

  it('a list that shrinks keeps the freed elements, and the rows of a list that grows again take them over, the n-th the n-th', () => {
    const h = keysOver(['a', 'b', 'c', 'd', 'e'], null, 10);
    const before = h.keys();
    expect(h.show(['p', 'q'])).toEqual(before.slice(0, 2));
    expect(h.parked()).toEqual(before.slice(2));
    expect(h.show([])).toEqual([]);
    expect(h.parked()).toEqual(before);
    // Growing back: the kept elements in their order, no new one until they are used up.
    const grown = h.show(['v', 'w', 'x', 'y', 'z', 'extra']);
    expect(grown.slice(0, 5)).toEqual(before);
    expect(before).not.toContain(grown[5]);
    expect(h.parked()).toEqual([]);
  });

  it('keeps at most the number asked for, the most recently freed first; without it, freed elements go', () => {
    const h = keysOver(['a', 'b', 'c', 'd', 'e'], null, 2);
    const before = h.keys();
    h.show(['a']);
    expect(h.parked()).toEqual(before.slice(1, 3));
    h.show([]);
    expect(h.parked()).toEqual([before[0], before[1]]);
    const none = keysOver(['a', 'b', 'c']);
    none.show([]);
    expect(none.parked()).toEqual([]);
  });

  it('the focused request keeps its element while in the window, and never hands it to another request or keeps it hidden', () => {
    const h = keysOver(windowOf(0, 16, 'a'), 'a3', 10);
    const first = h.keys();
    // Every other row changes and a3 moves to the top: it keeps its element all the same.
    const dom = h.dom();
    const next = h.show(['a3', ...windowOf(0, 15, 'b')]);
    expect(next[0]).toBe(first[3]);
    // The rows after it take the other elements in order: none is built, and it does not move.
    expect(new Set(next)).toEqual(new Set(first));
    expect(movedByReact(dom, h.dom())).not.toContain(first[3]);
    h.show([]);
    expect(h.parked()).not.toContain(first[3]);
    expect(h.show(windowOf(0, 16, 'c'), null)).not.toContain(first[3]);
  });

  it.each([0, 6])('the focused request\'s element is never moved in the DOM (a moved element loses focus), with %i elements kept (property)', (park) => {
    // Windows over one list of 200 rows, as scrolling, jumping and searching make them; focus on one
    // of the previous window's rows.
    const windows = fc.array(fc.tuple(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 3 }), fc.nat()), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(windows, (seq) => {
        const h = keysOver([], null, park);
        let prevIds: string[] = [];
        let prevDom: string[] = [];
        for (const [start, length, step, pick] of seq) {
          const ids = Array.from({ length }, (_, i) => `r${start + i * step}`);
          const keep = prevIds.length > 0 ? prevIds[pick % prevIds.length]! : null;
          const keys = h.show(ids, keep);
          if (keep !== null && ids.includes(keep)) {
            const own = keys[ids.indexOf(keep)]!;
            expect(own).toBe(prevDom[prevIds.indexOf(keep)]);
            expect(movedByReact(prevDom, h.dom())).not.toContain(own);
          }
          prevIds = ids;
          prevDom = h.dom();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('scrolling up 7 rows of a 31-row window with a row focused: the focused row\'s element stays where it is', () => {
    const h = keysOver(windowOf(107, 31), 'r120', 20);
    const before = h.dom();
    const focusedKey = h.keys()[13]!;
    const keys = h.show(windowOf(100, 31));
    expect(keys[20]).toBe(focusedKey);
    expect(movedByReact(before, h.dom())).not.toContain(focusedKey);
  });

  it('a render React throws away (a transition that suspended) leaves the bookkeeping as the DOM has it', async () => {
    const committed: string[][] = [];
    const never = new Promise<void>(() => undefined);
    function Probe({ ids, wait }: { ids: string[]; wait: boolean }) {
      const { keys } = useRowKeys(ids, null);
      if (wait) use(never);
      useLayoutEffect(() => void committed.push(keys));
      return null;
    }
    const view = render(createElement(Probe, { ids: ['a', 'b', 'c', 'd'], wait: false }));
    const first = committed.at(-1)!;
    // d stays, now first, and one new request: a render that never commits (it would free two elements).
    await act(async () => startTransition(() => view.rerender(createElement(Probe, { ids: ['d', 'x'], wait: true }))));
    expect(committed.at(-1)).toBe(first);
    // The same four requests again: each still has its element, none is built.
    await act(async () => view.rerender(createElement(Probe, { ids: ['a', 'b', 'c', 'd'], wait: false })));
    expect(committed.at(-1)).toEqual(first);
  });

  it('with the first row focused, a search keeping it and the last request among new ones: the rows after it take the elements in order, nothing moves', () => {
    const h = keysOver(windowOf(0, 16, 'a'), 'a0');
    const first = h.keys();
    const next = h.show(['a0', 'a15', ...windowOf(0, 14, 'b')]);
    expect(next[0]).toBe(first[0]);
    expect(next).toEqual(first);
    expect(movedByReact(first, next)).toEqual([]);
  });

  it('keys are unique in every window, and the focused request keeps its element while it stays (property)', () => {
    const windows = fc.array(fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }), fc.option(fc.integer({ min: 0, max: 30 }))), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(windows, (seq) => {
        const h = keysOver([], null, 4);
        let prev = new Map<string, string>();
        let retired = new Set<string>();
        let prevKeep: string | null = null;
        for (const [nums, keepNum] of seq) {
          const ids = nums.map((n) => `r${n}`);
          const keep = keepNum === null ? null : `r${keepNum}`;
          const keys = h.show(ids, keep);
          expect(new Set(keys).size).toBe(ids.length);
          // No element is both a row's and kept, and a kept one never held the focused request.
          expect(new Set(h.dom()).size).toBe(h.dom().length);
          for (const key of h.parked()) expect(retired.has(key)).toBe(false);
          const now = new Map(ids.map((id, i) => [id, keys[i]!]));
          for (const [id, key] of now) {
            if (id === keep && id === prevKeep && prev.has(id)) expect(key).toBe(prev.get(id));
            // A focused request's element, once it left, is never given to anyone.
            expect(retired.has(key)).toBe(false);
          }
          if (keep !== null && prev.has(keep) && !now.has(keep)) retired = new Set([...retired, prev.get(keep)!]);
          prev = now;
          prevKeep = keep;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('useRowWindow: the followed row (the cursor) when the view changes height', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** A list of 100 rows of 52 px in a view whose height the test sets, as a ResizeObserver would report it. */
  function list(follow: number | null) {
    let resized: (h: number) => void = () => {};
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(private readonly cb: (entries: Array<{ contentRect: { height: number } }>) => void) {}
        observe() {
          resized = (height) => this.cb([{ contentRect: { height } }]);
        }
        disconnect() {}
      },
    );
    const el = document.createElement('div');
    const hook = renderHook(({ f }) => useRowWindow({ current: el }, { count: 100, rowHeight: 52, overscan: 8, fallbackHeight: 520, follow: f }), { initialProps: { f: follow } });
    return { el, hook, resize: (h: number) => act(() => resized(h)) };
  }

  it('a notice shortening the view keeps the cursor row, in view before, in view after (scrolled by what it lost, no more)', () => {
    const { el, resize } = list(9);
    resize(520);
    expect(el.scrollTop).toBe(0);
    // Row 9 (468-520 px) was the last row in view; the view loses 100 px at the bottom.
    resize(420);
    expect(el.scrollTop).toBe(100);
  });

  it('a cursor row that was out of view stays where it is: the list does not jump to it on a resize', () => {
    const { el, resize } = list(40);
    resize(520);
    resize(420);
    expect(el.scrollTop).toBe(0);
  });

  it('a row in view that stays in view after the resize scrolls nothing', () => {
    const { el, resize } = list(3);
    resize(520);
    resize(420);
    expect(el.scrollTop).toBe(0);
  });
});

describe('useRowWindow: the followed row (the cursor) when the list changes by itself (a poll)', () => {
  /** A list of 100 rows of 52 px in a 520 px view (the fallback height: no ResizeObserver in jsdom). */
  function list(follow: number) {
    const el = document.createElement('div');
    const hook = renderHook(
      ({ f, from }: { f: number; from: number | null }) => useRowWindow({ current: el }, { count: 100, rowHeight: 52, overscan: 8, fallbackHeight: 520, follow: f, followFrom: from }),
      { initialProps: { f: follow, from: null as number | null } },
    );
    const scrollTo = (px: number) =>
      act(() => {
        el.scrollTop = px;
        el.dispatchEvent(new Event('scroll'));
      });
    return { el, hook, scrollTo };
  }

  it('a request arriving above the cursor row, the last row in view, pushes it down: the view follows it', () => {
    const { el, hook } = list(9);
    hook.rerender({ f: 10, from: 9 });
    // Row 10 (520-572 px) shown as the last row of the 520 px view.
    expect(el.scrollTop).toBe(52);
    expect(hook.result.current.start).toBeLessThanOrEqual(10);
    expect(hook.result.current.end).toBeGreaterThan(10);
  });

  it('with the cursor row scrolled out of view by the operator, a new list leaves the view where the operator put it', () => {
    const { el, hook, scrollTo } = list(2);
    scrollTo(2600);
    hook.rerender({ f: 3, from: 2 });
    expect(el.scrollTop).toBe(2600);
    expect(hook.result.current.start).toBeLessThanOrEqual(50);
    expect(hook.result.current.end).toBeGreaterThan(59);
  });

  it('a cursor row in view that stays in view scrolls nothing', () => {
    const { el, hook } = list(3);
    hook.rerender({ f: 4, from: 3 });
    expect(el.scrollTop).toBe(0);
  });
});
