import { afterEach, describe, expect, it } from 'vitest';
import type { AppError, Result } from '../../../src-shared/domain';
import type { SimulatorHandle } from '../../../src-sim/index';
import { cleanupAll, sim } from '../../../test/support/core-kit';
import { manualTimers } from '../../../test/support/timers';
import type { Connectivity, ConnectivityTarget } from '../polling/connectivity';
import { createMemoryVault } from '../storage/memory-vault';
import { blankWorkspace, createWorkspaceRuntime, type Workspace, type WorkspaceRuntime, type WorkspaceSource } from './workspace-runtime';

interface Harness {
  runtime: WorkspaceRuntime;
  ws: Workspace;
  /** The connectivity side: what each workspace registered, and every poll it was told of. */
  targets: Map<string, ConnectivityTarget>;
  settled: Array<[string, Result<unknown>]>;
  removed: string[];
  errors: Array<[AppError['code'], string]>;
  warnings: Array<[string, Record<string, unknown> | undefined]>;
  vaultRemoved: string[];
  changes(): number;
  setSuspended(v: boolean): void;
}

/** The run-time wiring of one workspace over the simulator; connectivity and the vault record what they are told. */
function harness(s: SimulatorHandle, source: WorkspaceSource = 'persisted'): Harness {
  const timers = manualTimers();
  const targets = new Map<string, ConnectivityTarget>();
  const settled: Harness['settled'] = [];
  const removed: string[] = [];
  const errors: Harness['errors'] = [];
  const warnings: Harness['warnings'] = [];
  const vaultRemoved: string[] = [];
  let changes = 0;
  let suspended = false;
  const connectivity: Connectivity = {
    add: (id, target) => void targets.set(id, target),
    remove: (id) => void removed.push(id),
    setOsOnline: () => {},
    pollSettled: (id, result) => void settled.push([id, result]),
    checkNow: async () => true,
    offline: () => null,
    dispose: () => {},
  };
  const vault = { ...createMemoryVault(null), remove: async (id: string) => void vaultRemoved.push(id) };
  const ws = blankWorkspace({ id: 'ws-1', label: 'Acme', baseUrl: s.url, tenant: s.tenant, webUrl: null }, source);
  const runtime = createWorkspaceRuntime({
    fetch: (input, init) => fetch(input, init),
    api: { timeoutMs: 5000, retryBaseMs: 5, getRetries: 0 },
    now: () => Date.now(),
    random: () => 0.5,
    timers,
    intervalMs: () => 15_000,
    listSettings: () => ({ historyIntervalMs: 300_000, decidedLimit: 100, listMaxBytes: 5_000_000 }),
    onBatch: async () => {},
    readBacksDue: () => [],
    onReadBack: async () => {},
    onError: (error, context) => void errors.push([error.code, context]),
    onChange: () => void (changes += 1),
    vault,
    log: { info: () => {}, warn: (msg, meta) => void warnings.push([msg, meta]), error: () => {} },
    connectivity,
    isCurrent: () => true,
    isSuspended: () => suspended,
    isStopped: () => false,
  });
  cleanups.push(() => runtime.halt(ws));
  return {
    runtime,
    ws,
    targets,
    settled,
    removed,
    errors,
    warnings,
    vaultRemoved,
    changes: () => changes,
    setSuspended: (v) => void (suspended = v),
  };
}

const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) fn();
  await cleanupAll();
});

describe('workspace runtime: a 401 signs the workspace out', () => {
  it.each([
    ['persisted', ['ws-1']],
    ['env', []],
    ['demo', []],
  ] as const)('from a poll (%s): the error is reported, polling stops, a saved token is forgotten, once', async (source, forgotten) => {
    const s = await sim();
    const h = harness(s, source);
    h.runtime.attach(h.ws, s.token);
    s.control.revokeToken(s.token);
    h.runtime.launch(h.ws);
    await h.ws.poller?.pollNow();
    expect(h.errors).toEqual([['unauthorized', 'poll ws-1']]);
    expect(h.ws.signedOut).toBe(true);
    expect(h.removed).toEqual(['ws-1']);
    expect(h.warnings).toEqual([['workspace signed out by the server (401)', { workspace: 'ws-1' }]]);
    expect(h.vaultRemoved).toEqual(forgotten);

    // Another 401 (a decision's, say) changes nothing more.
    const changes = h.changes();
    h.runtime.signOutBy401(h.ws);
    expect(h.removed).toEqual(['ws-1']);
    expect(h.warnings).toHaveLength(1);
    expect(h.vaultRemoved).toEqual(forgotten);
    expect(h.changes()).toBe(changes);
  });

  it('each poll that settles is told to connectivity', async () => {
    const s = await sim();
    const h = harness(s);
    h.runtime.attach(h.ws, s.token);
    h.runtime.launch(h.ws);
    await h.ws.poller?.pollNow();
    expect(h.settled).toEqual([['ws-1', expect.objectContaining({ ok: true })]]);
    expect(h.errors).toEqual([]);
  });
});

describe('workspace runtime: auth/health', () => {
  it('at start: who "me" is; a 401 signs out; another failure is reported with its workspace', async () => {
    const s = await sim();
    const h = harness(s);
    h.runtime.attach(h.ws, s.token);
    await h.runtime.checkHealth(h.ws);
    expect(h.ws.operatorUserId).toEqual(expect.any(String));
    expect(h.ws.signedOut).toBe(false);

    s.control.injectFault({ route: 'auth-health', action: { kind: 'status', status: 500 } });
    const before = h.changes();
    await h.runtime.checkHealth(h.ws);
    expect(h.errors).toEqual([['server', 'auth health ws-1']]);
    expect(h.ws.signedOut).toBe(false);
    expect(h.changes()).toBe(before + 1);

    s.control.revokeToken(s.token);
    await h.runtime.checkHealth(h.ws);
    expect(h.ws.signedOut).toBe(true);
    expect(h.removed).toEqual(['ws-1']);
    expect(h.errors).toHaveLength(1);
  });

  it('an answer for a client that was replaced meanwhile is dropped', async () => {
    const s = await sim();
    const h = harness(s);
    h.runtime.attach(h.ws, s.token);
    s.control.revokeToken(s.token);
    const pending = h.runtime.checkHealth(h.ws);
    h.runtime.attach(h.ws, s.control.issueToken());
    const before = h.changes();
    await pending;
    expect(h.ws.signedOut).toBe(false);
    expect(h.removed).toEqual([]);
    expect(h.changes()).toBe(before);
  });

  it("the connectivity probe reads the current client's health, never a replaced one's", async () => {
    const s = await sim();
    const h = harness(s);
    h.runtime.attach(h.ws, s.token);
    const oldProbe = h.targets.get('ws-1');
    h.runtime.attach(h.ws, s.control.issueToken());
    expect(await oldProbe?.probe()).toMatchObject({ ok: true });
    expect(h.ws.operatorUserId).toBeNull();
    expect(await h.targets.get('ws-1')?.probe()).toMatchObject({ ok: true });
    expect(h.ws.operatorUserId).toEqual(expect.any(String));
  });
});

describe('workspace runtime: after signing in again, the old poller and list sync are silent', () => {
  it("the old poller's 401 signs nothing out, reports nothing and leaves the shown state alone", async () => {
    const s = await sim();
    const h = harness(s);
    h.runtime.attach(h.ws, s.token);
    const oldPoller = h.ws.poller;
    h.runtime.attach(h.ws, s.control.issueToken());
    const shown = h.ws.pollState;
    const changes = h.changes();
    s.control.revokeToken(s.token);
    oldPoller?.start();
    await oldPoller?.pollNow();
    expect(oldPoller?.state()).toMatchObject({ stoppedBy401: true });
    expect(h.ws.signedOut).toBe(false);
    expect(h.errors).toEqual([]);
    expect(h.settled).toEqual([]);
    expect(h.ws.pollState).toBe(shown);
    expect(h.changes()).toBe(changes);
    oldPoller?.stop();
  });

  it("only the current list sync's changes are told, and its errors name the workspace", async () => {
    const s = await sim();
    const h = harness(s);
    h.runtime.attach(h.ws, s.token);
    const oldSync = h.ws.sync;
    h.runtime.attach(h.ws, s.control.issueToken());
    const changes = h.changes();
    await oldSync?.refreshHistory();
    expect(h.changes()).toBe(changes);
    oldSync?.stop();

    s.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 500 } });
    await h.ws.sync?.refreshHistory();
    expect(h.changes()).toBeGreaterThan(changes);
    expect(h.errors).toEqual([['server', 'history ws-1']]);
  });
});

describe('workspace runtime: connectivity resumes polling only while awake', () => {
  it.each([
    [true, true],
    [false, false],
  ])('asleep %s → still paused %s', async (asleep, paused) => {
    const s = await sim();
    const h = harness(s);
    h.runtime.attach(h.ws, s.token);
    h.setSuspended(true);
    h.runtime.launch(h.ws);
    expect(h.ws.poller?.state()).toMatchObject({ paused: true });
    h.setSuspended(asleep);
    h.targets.get('ws-1')?.resume();
    expect(h.ws.poller?.state()).toMatchObject({ paused });
  });
});
