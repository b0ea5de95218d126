// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { aRequest, aSnapshot } from '../../test/fakes/builders';
import { createFakeAppApi } from '../../test/fakes/fake-app-api';
import { useAuthStore } from './auth';
import { useFiltersStore } from './filters';
import { useNoticesStore } from './notices';
import { useQueueStore } from './queue';
import { startBridgeSync } from './bridge-sync';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('startBridgeSync', () => {
  it('loads the snapshot, follows pushes by seq, and one cleanup removes every listener', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([aRequest({ id: 'a' })], { seq: 2 }) });
    const opened = vi.fn();
    const shown = vi.fn();
    const stop = startBridgeSync(api, { onOpenRequest: opened, onShowView: shown });
    await settle();
    expect(useQueueStore.getState().requests.map((r) => r.id)).toEqual(['a']);
    api.pushSnapshot(aSnapshot([], { seq: 1 }));
    expect(useQueueStore.getState().requests.map((r) => r.id)).toEqual(['a']);
    api.pushSnapshot(aSnapshot([aRequest({ id: 'b' })], { seq: 3 }));
    expect(useQueueStore.getState().requests.map((r) => r.id)).toEqual(['b']);
    api.pushNotice({ id: 'n1', title: 'New', body: 'x', requests: [], grouped: false, sound: false });
    expect(useNoticesStore.getState().notices.map((n) => n.title)).toEqual(['New']);
    api.pushOpen({ workspaceId: 'ws-1', requestId: 'b' });
    expect(opened).toHaveBeenCalledWith({ workspaceId: 'ws-1', requestId: 'b' });
    api.pushDeviceFlow({ state: 'cancelled' });
    expect(useAuthStore.getState().deviceFlow.state).toBe('cancelled');
    api.pushShowView('settings');
    expect(shown).toHaveBeenCalledWith('settings');
    expect(api.listenerCount()).toBe(6);
    stop();
    expect(api.listenerCount()).toBe(0);
    api.pushSnapshot(aSnapshot([], { seq: 9 }));
    expect(useQueueStore.getState().requests.map((r) => r.id)).toEqual(['b']);
  });

  it('persists filter changes once after typing stops, not while restoring them', async () => {
    vi.useFakeTimers();
    const api = createFakeAppApi();
    const stop = startBridgeSync(api, { filtersDebounceMs: 500 });
    await vi.advanceTimersByTimeAsync(0);
    expect(useFiltersStore.getState().hydrated).toBe(true);
    expect(api.callsTo('settings.update')).toHaveLength(0);
    useFiltersStore.getState().setFilters('PENDING', { query: 'a' });
    useFiltersStore.getState().setFilters('PENDING', { query: 'an' });
    useFiltersStore.getState().setFilters('PENDING', { query: 'ana' });
    await vi.advanceTimersByTimeAsync(499);
    expect(api.callsTo('settings.update')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.callsTo('settings.update')).toHaveLength(1);
    expect((api.callsTo('settings.update')[0]!.input as { filters: { PENDING: { query: string } } }).filters.PENDING.query).toBe('ana');
    stop();
  });
});

describe('startBridgeSync: decisions awaiting confirmation', () => {
  it('tells main how many decisions wait in their undo window or are sending, when that changes (no restart for an update under them)', async () => {
    const { useDecisionsStore } = await import('./decisions');
    const api = createFakeAppApi();
    const stop = startBridgeSync(api);
    const record = (phase: string) => ({ phase }) as never;
    useDecisionsStore.setState({ records: { a: record('waiting') } });
    useDecisionsStore.setState({ records: { a: record('sending'), b: record('waiting') } });
    useDecisionsStore.setState({ records: { a: record('done'), b: record('sending') }, batches: { x: { id: 'x', kind: 'reject', ids: ['c', 'b'], phase: 'waiting', sendAt: 1, seq: 1, at: 1 } } });
    useDecisionsStore.setState({ records: { a: record('done'), b: record('done') }, batches: {} });
    // The third change keeps the count at 2 (b sending, c and b in a waiting batch): nothing is re-sent.
    expect(api.callsTo('requests.reportAwaiting').map((c) => c.input)).toEqual([{ count: 1 }, { count: 2 }, { count: 0 }]);
    stop();
    useDecisionsStore.getState().reset();
  });
});
