import { renderHook } from '@testing-library/react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useRowKeys } from './useRowWindow';

function keysOver(first: string[], keep: string | null = null) {
  const hook = renderHook(({ ids, keep: k }) => useRowKeys(ids, k), { initialProps: { ids: first, keep } });
  return { keys: () => hook.result.current, show: (ids: string[], k: string | null = keep) => (hook.rerender({ ids, keep: k }), hook.result.current) };
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

describe('useRowKeys: rows entering the window take over the elements of rows that left', () => {
  it('a request that stays keeps its key; one that enters takes the key of one that left', () => {
    const h = keysOver(['a', 'b', 'c']);
    const [ka, kb, kc] = h.keys();
    expect(new Set([ka, kb, kc]).size).toBe(3);
    expect(h.show(['b', 'c', 'd'])).toEqual([kb, kc, ka]);
    expect(h.show(['c', 'd', 'e'])).toEqual([kc, ka, kb]);
  });

  it('moving up one row: the row entering at the top gets an element of its own, so the rows that stay do not move', () => {
    const h = keysOver(['b', 'c', 'd']);
    const [kb, kc, kd] = h.keys();
    const up = h.show(['a', 'b', 'c']);
    expect(up.slice(1)).toEqual([kb, kc]);
    expect([kb, kc, kd]).not.toContain(up[0]);
    expect(movedByReact([kb!, kc!, kd!], up)).toEqual([]);
  });

  it('rows that stay in the window are never moved in the DOM, scrolling either way or jumping (property)', () => {
    // Windows over one list of 200 rows: a start and a length, as scrolling and resizing make them.
    const windows = fc.array(fc.tuple(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(windows, (seq) => {
        const h = keysOver([]);
        let prevIds: string[] = [];
        let prevKeys: string[] = [];
        for (const [start, length] of seq) {
          const ids = Array.from({ length }, (_, i) => `r${start + i}`);
          const keys = h.show(ids);
          const stayed = new Set(ids.filter((id) => prevIds.includes(id)).map((id) => keys[ids.indexOf(id)]!));
          expect(movedByReact(prevKeys, keys).filter((k) => stayed.has(k))).toEqual([]);
          prevIds = ids;
          prevKeys = keys;
        }
      }),
      { numRuns: 300 },
    );
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

  it('the focused request never hands its element to another request', () => {
    const h = keysOver(['a', 'b', 'c'], 'a');
    const [ka] = h.keys();
    const next = h.show(['b', 'c', 'd']);
    expect(next).not.toContain(ka);
    // Back in view, it gets an element of its own again, never one another request had.
    const again = h.show(['a', 'b', 'c', 'd'], null);
    expect(new Set(again).size).toBe(4);
  });

  it('keys are unique in every window, and a request in two windows in a row keeps its key', () => {
    const windows = fc.array(fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }), fc.option(fc.integer({ min: 0, max: 30 }))), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(windows, (seq) => {
        const h = keysOver([]);
        let prev = new Map<string, string>();
        let retired = new Set<string>();
        for (const [nums, keepNum] of seq) {
          const ids = nums.map((n) => `r${n}`);
          const keep = keepNum === null ? null : `r${keepNum}`;
          const keys = h.show(ids, keep);
          expect(new Set(keys).size).toBe(ids.length);
          const now = new Map(ids.map((id, i) => [id, keys[i]!]));
          for (const [id, key] of now) {
            if (prev.has(id)) expect(key).toBe(prev.get(id));
            // A kept request's element, once it left, is never given to anyone.
            expect(retired.has(key)).toBe(false);
          }
          if (keep !== null && prev.has(keep) && !now.has(keep)) retired = new Set([...retired, prev.get(keep)!]);
          prev = now;
        }
      }),
      { numRuns: 300 },
    );
  });
});
