// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { aRequest, aSnapshot, aWorkspace } from '../../test/fakes/builders';
import { createFakeAppApi } from '../../test/fakes/fake-app-api';
import { DEFAULT_SETTINGS, EMPTY_FILTERS } from '../../src-shared/settings';
import { useAuthStore } from './auth';
import { useDecisionsStore } from './decisions';
import { useFiltersStore } from './filters';
import { useNoticesStore } from './notices';
import { useQueueStore } from './queue';
import { useSettingsStore } from './settings';
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

describe('startBridgeSync: settings, app info and saved filters', () => {
  const withQuery = (query: string) => ({ PENDING: { ...EMPTY_FILTERS, query }, APPROVED: EMPTY_FILTERS, REJECTED: EMPTY_FILTERS });

  it('shows settings main pushes, restores the filters from them, and loads the app info', async () => {
    const api = createFakeAppApi();
    const stop = startBridgeSync(api);
    await settle();
    expect(useSettingsStore.getState().info).toEqual({ version: '0.0.0-test', host: 'browser', platform: 'linux' });
    useFiltersStore.getState().reset();
    api.pushSettings({ settings: { ...DEFAULT_SETTINGS, theme: 'dark', filters: withQuery('ana') }, notice: 'Settings were reset' });
    expect(useSettingsStore.getState()).toMatchObject({ settings: { theme: 'dark' }, notice: 'Settings were reset' });
    expect(useFiltersStore.getState().byTab.PENDING.query).toBe('ana');
    stop();
  });

  it('drops what answers after it stopped (a remount starts again): the snapshot, settings, app info', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([aRequest({ id: 'a' })]) });
    startBridgeSync(api)();
    await settle();
    expect(useQueueStore.getState().requests).toEqual([]);
    expect(useSettingsStore.getState()).toMatchObject({ loaded: false, info: null });
    expect(useFiltersStore.getState().hydrated).toBe(false);
  });

  it('never saves filters it only restored, nor filters put back to their defaults', async () => {
    vi.useFakeTimers();
    const api = createFakeAppApi({ settings: { filters: withQuery('kept') } });
    const stop = startBridgeSync(api, { filtersDebounceMs: 500 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(useFiltersStore.getState().byTab.PENDING.query).toBe('kept');
    useFiltersStore.getState().reset();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.callsTo('settings.update')).toHaveLength(0);
    stop();
  });

  it('shows the settings main saved the filters into', async () => {
    vi.useFakeTimers();
    const api = createFakeAppApi();
    const stop = startBridgeSync(api, { filtersDebounceMs: 500 });
    await vi.advanceTimersByTimeAsync(0);
    useFiltersStore.getState().setFilters('PENDING', { query: 'ana' });
    await vi.advanceTimersByTimeAsync(500);
    expect(useSettingsStore.getState().settings.filters.PENDING.query).toBe('ana');
    stop();
  });

  it('stopping saves filter changes still in their debounce at once, and ignores the answer', async () => {
    vi.useFakeTimers();
    const api = createFakeAppApi();
    const stop = startBridgeSync(api, { filtersDebounceMs: 500 });
    await vi.advanceTimersByTimeAsync(0);
    useFiltersStore.getState().setFilters('PENDING', { query: 'ana' });
    stop();
    expect(api.callsTo('settings.update').map((c) => (c.input as { filters: { PENDING: { query: string } } }).filters.PENDING.query)).toEqual(['ana']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.callsTo('settings.update')).toHaveLength(1);
    expect(useSettingsStore.getState().settings.filters.PENDING.query).toBe('');
  });

  it("F27: a pushed workspace status carries core's decision hold into the page, and a sign-out ends it", async () => {
    useDecisionsStore.setState({ limits: {} });
    const api = createFakeAppApi({ snapshot: aSnapshot([], { seq: 1 }) });
    const stop = startBridgeSync(api, {});
    await settle();
    const until = Date.now() + 30_000;
    api.pushSnapshot(aSnapshot([], { seq: 2, workspaces: [aWorkspace({ id: 'ws-1', decisionsHeldUntil: until })] }));
    expect(useDecisionsStore.getState().limits).toEqual({ 'ws-1': until });
    api.pushSnapshot(aSnapshot([], { seq: 3, workspaces: [aWorkspace({ id: 'ws-1', decisionsHeldUntil: null, poll: { ...aWorkspace().poll, state: 'signed-out' } })] }));
    expect(useDecisionsStore.getState().limits).toEqual({});
    stop();
  });
});
