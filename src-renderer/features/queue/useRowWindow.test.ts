import { renderHook } from '@testing-library/react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useRowKeys } from './useRowWindow';

function keysOver(first: string[], keep: string | null = null) {
  const hook = renderHook(({ ids, keep: k }) => useRowKeys(ids, k), { initialProps: { ids: first, keep } });
  return { keys: () => hook.result.current, show: (ids: string[], k: string | null = keep) => (hook.rerender({ ids, keep: k }), hook.result.current) };
}

describe('useRowKeys: rows entering the window take over the elements of rows that left', () => {
  it('a request that stays keeps its key; one that enters takes the key of one that left', () => {
    const h = keysOver(['a', 'b', 'c']);
    const [ka, kb, kc] = h.keys();
    expect(new Set([ka, kb, kc]).size).toBe(3);
    expect(h.show(['b', 'c', 'd'])).toEqual([kb, kc, ka]);
    expect(h.show(['c', 'd', 'e'])).toEqual([kc, ka, kb]);
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
