// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { RequestView } from '../../src-shared/domain';
import { EMPTY_FILTERS } from '../../src-shared/settings';
import { aRequest, aWorkspace, T0 } from '../../test/fakes/builders';
import { RecentResults } from './recent-results';
import { computeVisible, visibleFor } from './selectors';

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('RecentResults', () => {
  it('gives back a result only for the same list and query', () => {
    const a = [1];
    const recent = new RecentResults<string>(4);
    recent.set([a, 'PENDING'], 'an', 'an over a');
    expect(recent.get([a, 'PENDING'], 'an')).toBe('an over a');
    expect(recent.get([a, 'PENDING'], 'ana')).toBeUndefined();
    expect(recent.get([a, 'APPROVED'], 'an')).toBeUndefined();
    // An equal but new snapshot array is another list.
    expect(recent.get([[1], 'PENDING'], 'an')).toBeUndefined();
  });

  it('drops everything when a result of another list is kept, and the oldest beyond its size', () => {
    const a = [1];
    const b = [2];
    const recent = new RecentResults<string>(2);
    recent.set([a], 'x', 'x');
    recent.set([a], 'y', 'y');
    expect(recent.get([a], 'x')).toBe('x'); // now the most recent
    recent.set([a], 'z', 'z');
    expect(recent.get([a], 'y')).toBeUndefined();
    expect(recent.get([a], 'x')).toBe('x');
    expect(recent.size).toBe(2);
    recent.set([b], 'x', 'x over b');
    expect(recent.size).toBe(1);
    expect(recent.get([a], 'z')).toBeUndefined();
    expect(recent.get([b], 'x')).toBe('x over b');
    recent.clear();
    expect(recent.get([b], 'x')).toBeUndefined();
  });
});

describe('visibleFor: erasing reuses what typing computed, never across snapshots', () => {
  const names = ['Ana Souza', 'Anabel', 'Dana Whitfield', 'Kwame Mensah', 'Амира', 'Zoë', '', 'ana-maria'];
  const build = () =>
    names.flatMap((displayName, i) => [
      aRequest({ displayName, address: `+44770090${i}12`, provider: i % 2 ? 'sms' : 'whatsapp' }),
      aRequest({ displayName: `${displayName} II`, address: `U0${i}`, provider: 'slack' }),
    ]);
  const workspaces = [aWorkspace()];
  const input = (requests: readonly RequestView[], query: string) => ({ requests, tab: 'PENDING' as const, workspaces, now: T0, filters: { ...EMPTY_FILTERS, query } });

  it('erasing a character gives the earlier result again, equal to a fresh filter', () => {
    const rows = build();
    const a = visibleFor(input(rows, 'a'));
    const an = visibleFor(input(rows, 'an'));
    expect(an.ids.length).toBeLessThan(a.ids.length);
    const back = visibleFor(input(rows, 'a'));
    expect(back).toBe(a);
    expect(back.ids).toEqual(computeVisible(input(rows, 'a')).ids);
  });

  it('erasing after the kept result was collected rebuilds it from its positions, equal to a fresh filter', () => {
    // Every weakly held result is gone, as after a garbage collection.
    const deref = vi.spyOn(WeakRef.prototype, 'deref').mockReturnValue(undefined);
    try {
      const rows = build();
      for (const typed of [['a', 'an', 'ana', 'an', 'a'], ['k', 'kw', 'k'], ['-a', '-an', '-a'], ['ë', 'ë ', 'ë']]) {
        for (const query of typed) {
          const got = visibleFor(input(rows, query));
          const fresh = computeVisible(input(rows, query));
          expect(got.ids).toEqual(fresh.ids);
          expect(got.rows.every((r, i) => r === fresh.rows[i])).toBe(true);
          expect(got.tabTotal).toBe(fresh.tabTotal);
          expect(got.filtersActive).toBe(true);
          for (const r of rows) expect(got.indexById.get(r.id)).toBe(fresh.ids.indexOf(r.id) === -1 ? undefined : fresh.ids.indexOf(r.id));
        }
      }
      expect(deref).toHaveBeenCalled();
    } finally {
      deref.mockRestore();
    }
  });

  it('a new snapshot is filtered afresh: a renamed row is found under its new name only', () => {
    const rows = build();
    expect(ids(visibleFor(input(rows, 'kwame')).rows)).toHaveLength(2);
    visibleFor(input(rows, 'kwam'));
    const renamed = rows.map((r) => (r.displayName === 'Kwame Mensah' ? { ...r, displayName: 'Kofi Mensah' } : r));
    expect(visibleFor(input(renamed, 'kwame')).ids).toEqual(computeVisible(input(renamed, 'kwame')).ids);
    expect(visibleFor(input(renamed, 'kwame')).ids).toHaveLength(1);
    expect(visibleFor(input(renamed, 'kwam')).ids).toHaveLength(1);
    expect(visibleFor(input(renamed, 'kofi')).ids).toHaveLength(1);
  });

  it('typing, erasing and new snapshots in any order always give what a fresh filter gives', () => {
    const snapshots = [build(), build(), build()];
    // The second snapshot renames and drops rows; the third is the first one's rows in a new array.
    snapshots[1] = snapshots[0]!.filter((_, i) => i % 3 !== 0).map((r, i) => (i % 2 ? { ...r, displayName: `${r.displayName} Wanda` } : r));
    snapshots[2] = [...snapshots[0]!];
    const keys = fc.array(fc.constantFrom('a', 'n', 'w', ' ', 'z', 'ë', 'provider:sms ', 'BACK', 'BACK', 'SNAP0', 'SNAP1', 'SNAP2'), { maxLength: 30 });
    fc.assert(
      fc.property(keys, (pressed) => {
        let query = '';
        let rows = snapshots[0]!;
        for (const k of pressed) {
          if (k.startsWith('SNAP')) rows = snapshots[Number(k.slice(4))]!;
          else query = k === 'BACK' ? query.slice(0, -1) : query + k;
          const got = visibleFor(input(rows, query));
          const fresh = computeVisible(input(rows, query));
          expect(got.ids).toEqual(fresh.ids);
          expect(ids(got.rows)).toEqual(fresh.ids);
          expect(got.rows.every((r, i) => r === fresh.rows[i])).toBe(true);
          for (const r of rows) expect(got.indexById.get(r.id)).toBe(fresh.ids.indexOf(r.id) === -1 ? undefined : fresh.ids.indexOf(r.id));
        }
      }),
      { numRuns: 200 },
    );
  });
});
