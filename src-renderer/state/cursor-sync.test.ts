// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { aRequest, aSnapshot, T0 } from '../../test/fakes/builders';
import { useClockStore } from './clock';
import { startCursorSync } from './cursor-sync';
import { useDecisionsStore } from './decisions';
import { useFiltersStore } from './filters';
import { useNoticesStore } from './notices';
import { useQueueStore } from './queue';
import { useViewStore } from './view';
import { readVisible } from './visible';

const a = aRequest({ id: 'a', displayName: 'Ana', createdAt: T0 - 3000 });
const b = aRequest({ id: 'b', displayName: 'Bo', createdAt: T0 - 2000 });
const c = aRequest({ id: 'c', displayName: 'Cy', createdAt: T0 - 1000 });
const byAlice = (r: typeof a) => ({ ...r, status: 'APPROVED' as const, rawStatus: 'APPROVED', processedBy: 'u-a', processedByName: 'Alice Moreno', processedAt: T0, modifiedAt: T0 });

let seq = 0;
const show = (...rows: (typeof a)[]) => useQueueStore.getState().applySnapshot(aSnapshot(rows, { seq: (seq += 1) }));
const cursor = () => useViewStore.getState().cursor.PENDING;
const notices = () => useNoticesStore.getState().notices.map((n) => `${n.title} ${n.body}`);

let stop: (() => void) | null = null;
function start() {
  useClockStore.getState().tick(T0);
  show(a, b, c);
  stop = startCursorSync(readVisible);
}
afterEach(() => {
  stop?.();
  stop = null;
});

describe('cursor, pane and keys are one state', () => {
  it('the cursor starts on the first row and stays on its request while the list changes around it', () => {
    start();
    expect(cursor()).toBe('a');
    useViewStore.getState().setCursor('b');
    show(aRequest({ id: 'z', createdAt: T0 - 9000 }), a, b, c);
    expect(cursor()).toBe('b');
  });

  it('decided by someone else: the cursor moves on at once, synchronously, and a notice says who decided', () => {
    start();
    useViewStore.getState().setCursor('b');
    useViewStore.getState().setDetailOpen(true);
    show(a, byAlice(b), c);
    // Before any render: what a key would act on now is the next request.
    expect(cursor()).toBe('c');
    expect(useViewStore.getState().detailOpen).toBe(true);
    expect(notices()[0]).toMatch(/^Bo was approved by Alice Moreno at \d\d:\d\d\. The cursor moved to the next request\.$/);
  });

  it('the console\'s own decision, a filter or a vanished row move the cursor too; only the vanished row is announced', () => {
    start();
    useViewStore.getState().setCursor('a');
    useDecisionsStore.setState({ records: { a: { phase: 'applied' } as never } });
    show(byAlice(a), b, c);
    expect(cursor()).toBe('b');
    useFiltersStore.getState().setFilters('PENDING', { query: 'Cy' });
    expect(cursor()).toBe('c');
    expect(notices()).toEqual([]);
    useFiltersStore.getState().setFilters('PENDING', { query: '' });
    show(b);
    expect(cursor()).toBe('b');
    expect(notices()[0]).toMatch(/^Cy is no longer in the queue/);
  });

  it('nothing left: no cursor and the pane closes', () => {
    start();
    useViewStore.getState().setDetailOpen(true);
    show();
    expect(cursor()).toBeNull();
    expect(useViewStore.getState().detailOpen).toBe(false);
  });

  it('a decision dialog whose request is decided underneath it closes, saying nothing was sent', () => {
    start();
    useViewStore.getState().setCursor('b');
    useViewStore.getState().openDialog({ kind: 'reject', ref: { workspaceId: 'ws-1', requestId: 'b' } });
    show(a, byAlice(b), c);
    expect(useViewStore.getState().dialog).toBeNull();
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toMatch(/^Bo was already approved by Alice Moreno at .*Your rejection was not sent; the dialog was closed\.$/);
  });

  it('the bulk selection keeps only rows still listed', () => {
    start();
    useViewStore.getState().setSelection(['a', 'c']);
    show(a, b);
    expect(useViewStore.getState().selection).toEqual(['a']);
  });
});
