import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok, type WorkspaceStatus } from '../../../src-shared/domain';
import type { SimulatorHandle } from '../../../src-sim/index';
import { cleanupAll, envFor, sim, tempDir, waitFor } from '../../../test/support/core-kit';
import { manualTimers, type ManualTimers } from '../../../test/support/timers';
import { createJsonFileStore } from '../storage/json-file-store';
import { createMemoryVault } from '../storage/memory-vault';
import { OFFLINE_OS_MESSAGE, OFFLINE_UNREACHABLE_MESSAGE, OFFLINE_LIST_TRIAL_MESSAGE } from '../polling/connectivity';
import { createWorkspaces, expiryWarningFor, type SignInInput, type WorkspaceRef, type Workspaces, type WorkspacesDeps } from './workspaces';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);

describe('expiryWarningFor (F23)', () => {
  it.each([
    [null, null],
    [NOW + 30 * DAY, null],
    [NOW + 7 * DAY + 1, null],
    [NOW + 7 * DAY, /expires in 7 days \(2026-11-27\)/],
    [NOW + 3.5 * DAY, /expires in 3 days/],
    [NOW + 1.2 * DAY, /expires in 1 day \(/],
    [NOW + 60_000, /expires in less than a day/],
    [NOW - 1, /has expired/],
  ])('key expiring at %s → %s', (expiresAt, expected) => {
    const text = expiryWarningFor(expiresAt, NOW);
    if (expected === null) expect(text).toBeNull();
    else expect(text).toMatch(expected);
  });
});

interface Harness {
  workspaces: Workspaces;
  timers: ManualTimers;
  refs: WorkspaceRef[];
  warnings: Array<[string, Record<string, unknown> | undefined]>;
  errors: Array<[string, Record<string, unknown> | undefined]>;
  changes(): number;
  demoStarts(): number;
}

/** A workspace manager over a real data dir and the simulator (the demo is a simulator too); the store's side is recorded. */
function harness(over: Partial<WorkspacesDeps> = {}): Harness {
  const timers = manualTimers();
  const refs: WorkspaceRef[] = [];
  const warnings: Harness['warnings'] = [];
  const errors: Harness['errors'] = [];
  let changes = 0;
  let demoStarts = 0;
  const workspaces = createWorkspaces({
    env: {},
    dataStore: createJsonFileStore(tempDir()),
    vault: createMemoryVault(null),
    startDemo: async () => {
      demoStarts += 1;
      const s = await sim({ pending: 1 });
      return { url: s.url, tenant: s.tenant, token: s.token, close: () => s.close() };
    },
    api: { timeoutMs: 5000, retryBaseMs: 5, getRetries: 0 },
    now: () => Date.now(),
    random: () => 0.5,
    timers,
    log: { info: () => {}, warn: (msg, meta) => void warnings.push([msg, meta]), error: (msg, meta) => void errors.push([msg, meta]) },
    intervalMs: () => 15_000,
    listSettings: () => ({ historyIntervalMs: 300_000, decidedLimit: 100, listMaxBytes: 5_000_000 }),
    onBatch: async (source) => void refs.push(source),
    readBacksDue: () => [],
    onReadBack: async () => {},
    listFacts: () => ({ historyAt: null, decidedKept: 0, historyPartial: { APPROVED: null, REJECTED: null }, pendingPartial: false, readBacksQueued: 0 }),
    onChange: () => void (changes += 1),
    onSignedIn: () => {},
    onRemoved: () => {},
    lastSuccessAt: () => null,
    ...over,
  });
  cleanups.push(() => workspaces.stop());
  return { workspaces, timers, refs, warnings, errors, changes: () => changes, demoStarts: () => demoStarts };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
  await cleanupAll();
});

async function signIn(h: Harness, s: SimulatorHandle, extra: Partial<SignInInput> = {}): Promise<WorkspaceStatus> {
  const res = await h.workspaces.signInWithToken({ baseUrl: s.url, tenant: s.tenant, token: s.token, ...extra });
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

const ids = (h: Harness) => h.workspaces.statuses().map((w) => w.id);

describe('workspaces: signing in and out', () => {
  it('signing out refuses an unknown workspace and the demo, in words', async () => {
    const h = harness();
    await h.workspaces.start();
    expect(ids(h)).toEqual(['demo']);
    expect(await h.workspaces.signOut('ws-nope')).toEqual(fail('no-workspace', 'That workspace is not signed in.'));
    expect(await h.workspaces.signOut('demo')).toEqual(fail('bad-input', 'The demo workspace cannot be signed out; sign in to a workspace to replace it.'));
    expect(ids(h)).toEqual(['demo']);
  });

  it('the same server under its tenant name and its tenant id are two workspaces; the demo comes back only after the last sign-out', async () => {
    const s = await sim();
    const h = harness();
    await h.workspaces.start();
    const byName = await signIn(h, s);
    const byId = await signIn(h, s, { tenant: s.tenantId });
    expect(byName.id).not.toBe(byId.id);
    expect(ids(h)).toEqual([byName.id, byId.id]);
    expect(await h.workspaces.signOut(byName.id)).toEqual(ok(null));
    expect(ids(h)).toEqual([byId.id]);
    expect(h.demoStarts()).toBe(1);
    expect(await h.workspaces.signOut(byId.id)).toEqual(ok(null));
    expect(ids(h)).toEqual(['demo']);
    expect(h.demoStarts()).toBe(2);
  });

  it('signing out the last workspace while the console stops does not start the demo', async () => {
    const s = await sim();
    const h = harness();
    await h.workspaces.start();
    const ws = await signIn(h, s);
    await h.workspaces.stop();
    expect(await h.workspaces.signOut(ws.id)).toEqual(ok(null));
    expect(ids(h)).toEqual([]);
    expect(h.demoStarts()).toBe(1);
  });

  it('a credential that cannot be removed on sign-out is logged (without the token) and the sign-out goes on', async () => {
    const s = await sim();
    const vault = { ...createMemoryVault(null), remove: () => Promise.reject(new Error('keyring locked')) };
    const h = harness({ vault });
    await h.workspaces.start();
    const ws = await signIn(h, s);
    expect(await h.workspaces.signOut(ws.id)).toEqual(ok(null));
    expect(h.warnings).toEqual([['credential removal failed', { err: 'Error: keyring locked' }]]);
    expect(ids(h)).toEqual(['demo']);
  });

  it('signing in again replaces the workspace: the old key is no longer sent and answers for the old one are late', async () => {
    const s = await sim();
    const h = harness();
    await h.workspaces.start();
    const first = await signIn(h, s);
    const oldRef = await waitFor(() => h.refs.find((r) => r.workspaceId === first.id), 'the first list');
    expect(oldRef.isCurrent()).toBe(true);
    const fresh = s.control.issueToken();
    const again = await signIn(h, s, { token: fresh });
    expect(again.id).toBe(first.id);
    expect(oldRef.isCurrent()).toBe(false);
    expect(h.workspaces.secrets()).toEqual([fresh]);

    s.control.revokeToken(s.token);
    s.control.resetLog();
    h.timers.runDue();
    await h.workspaces.refreshNow();
    await h.workspaces.refreshNow();
    expect(s.control.requestLog().filter((e) => e.path.endsWith('/participantAccessRequests')).length).toBeGreaterThan(0);
    expect(s.control.requestLog().filter((e) => e.status === 401)).toEqual([]);
    expect(h.workspaces.statuses()).toEqual([expect.objectContaining({ id: first.id, poll: expect.objectContaining({ state: 'live' }) })]);
  });
});

describe('workspaces: tokens in use (for redaction)', () => {
  it('lists every token held, and none for a workspace that has none', async () => {
    const s = await sim();
    const h = harness({ env: { FRUXON_API_URL: s.url, FRUXON_TENANT: s.tenant } });
    await h.workspaces.start();
    expect(ids(h)).toEqual(['env']);
    expect(h.workspaces.secrets()).toEqual([]);
    await signIn(h, s);
    expect(h.workspaces.secrets()).toEqual([s.token]);
  });
});

describe('workspaces: what decisions are told', () => {
  it('an unknown workspace: nothing known, and the refusal says it is not signed in', () => {
    const h = harness();
    expect(h.workspaces.decisionFacts('ws-nope')).toEqual({ exists: false, signedOut: false, configError: null, connected: false, asleep: false, offline: null });
    expect(h.workspaces.blockedBy('ws-nope')).toEqual({ code: 'no-workspace', message: 'Not submitted: That workspace is not signed in any more.' });
  });

  it('asleep: decisions are refused, rows are not marked; awake again, both are free', async () => {
    const s = await sim();
    const h = harness({ env: envFor(s) });
    await h.workspaces.start();
    await h.workspaces.refreshNow();
    expect(h.workspaces.blockedBy('env')).toBeNull();
    h.workspaces.suspend();
    expect(h.workspaces.blockedBy('env')).toEqual({ code: 'offline', message: 'Not submitted: Paused while the computer sleeps – try again in a moment.' });
    expect(h.workspaces.decisionFacts('env')).toMatchObject({ exists: true, asleep: false });
    h.workspaces.resume();
    expect(h.workspaces.blockedBy('env')).toBeNull();
  });

  it('F35: the OS going offline is shown at once, also when the server was already unreachable', async () => {
    const s = await sim();
    const h = harness({ env: envFor(s) });
    await h.workspaces.start();
    await h.workspaces.refreshNow();
    s.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'reset' } });
    await h.workspaces.refreshNow();
    expect(h.workspaces.offline('env')).toMatchObject({ cause: 'unreachable', message: OFFLINE_UNREACHABLE_MESSAGE });
    const before = h.changes();
    h.workspaces.setOsOnline(false);
    expect(h.workspaces.offline('env')).toMatchObject({ cause: 'os', message: OFFLINE_OS_MESSAGE });
    expect(h.changes()).toBeGreaterThan(before);
  });

  it('F35: the server unreachable, a refused decision checks the connection at once, so the block lifts by itself', async () => {
    const s = await sim();
    const h = harness({ env: envFor(s) });
    await h.workspaces.start();
    await h.workspaces.refreshNow();
    s.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'reset' } });
    await h.workspaces.refreshNow();
    expect(h.workspaces.offline('env')).toMatchObject({ cause: 'unreachable' });
    // The server answers again; the next scheduled check is far off (the timers are not run).
    s.control.clearFaults();
    s.control.resetLog();
    expect(h.workspaces.blockedBy('env')).toMatchObject({ code: 'offline' });
    await waitFor(() => h.workspaces.blockedBy('env') === null, 'the block to lift');
    expect(s.control.requestLog().map((e) => e.path)).toContainEqual(expect.stringMatching(/auth\/health$/));
  });

  /** A workspace whose list was refused and whose auth/health then hung twice: the poll is trying (a list trial). */
  async function inListTrial() {
    const s = await sim();
    const h = harness({ env: envFor(s), api: { timeoutMs: 150, retryBaseMs: 5, getRetries: 0 } });
    await h.workspaces.start();
    await h.workspaces.refreshNow();
    s.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'reset' } });
    await h.workspaces.refreshNow();
    expect(h.workspaces.offline('env')).toMatchObject({ cause: 'unreachable', listTrial: false });
    s.control.clearFaults();
    s.control.injectFault({ route: 'auth-health', times: Infinity, action: { kind: 'hang' } });
    const checks = () => s.control.requestLog().filter((e) => e.path.endsWith('auth/health')).length;
    for (const _ of [1, 2]) {
      const before = checks();
      h.timers.runDue();
      await waitFor(() => checks() > before, 'a check');
      // Timed out: the next check is scheduled, or (the second time) the poll's resume is.
      await waitFor(() => h.timers.scheduled().length > 0, 'the check to time out');
    }
    expect(h.workspaces.offline('env')).toMatchObject({ cause: 'unreachable', listTrial: true, message: OFFLINE_LIST_TRIAL_MESSAGE });
    // The poll is under way (its resume jitter pending), yet a decision is still refused; the
    // status line's "checking again" is the poll's time.
    expect(h.workspaces.blockedBy('env')).toMatchObject({ code: 'offline' });
    expect(h.workspaces.statuses()[0]!.poll).toMatchObject({ state: 'offline', nextPollAt: expect.any(Number) });
    return Object.assign(h, { sim: s });
  }

  it('F35: auth/health hanging while the list answers: after two timed-out checks the poll tries, decisions stay refused until it answers, then free (also across a sleep)', async () => {
    const h = await inListTrial();
    h.workspaces.suspend();
    h.workspaces.resume();
    h.timers.runDue();
    await waitFor(() => h.workspaces.offline('env') === null, 'the list to answer');
    expect(h.workspaces.blockedBy('env')).toBeNull();
  });

  it('F35: a list trial reached with no poll failed (the OS said offline, then the checks timed out) keeps its poll time when the interval setting changes', async () => {
    const s = await sim();
    const h = harness({ env: envFor(s), api: { timeoutMs: 150, retryBaseMs: 5, getRetries: 0 } });
    await h.workspaces.start();
    await h.workspaces.refreshNow();
    s.control.injectFault({ route: 'auth-health', times: Infinity, action: { kind: 'hang' } });
    h.workspaces.setOsOnline(false);
    h.workspaces.setOsOnline(true);
    await waitFor(() => h.workspaces.offline('env')?.cause === 'unreachable', 'the first check to time out');
    h.timers.runDue();
    await waitFor(() => h.workspaces.offline('env')?.listTrial === true, 'the second check to time out');
    const planned = h.workspaces.statuses()[0]!.poll.nextPollAt;
    expect(planned).not.toBeNull();
    h.workspaces.reschedule();
    expect(h.workspaces.statuses()[0]!.poll.nextPollAt).toBe(planned);
  });

  it('F35: during the list trial the status says since when its poll has been waiting (the poll is the check)', async () => {
    const h = await inListTrial();
    h.sim.control.injectFault({ route: 'list-requests', times: 1, action: { kind: 'hang' } });
    const polling = h.workspaces.refreshNow();
    await waitFor(() => h.workspaces.statuses()[0]!.poll.pollingSince !== null, 'the poll to be under way');
    expect(h.workspaces.statuses()[0]!.poll.state).toBe('offline');
    await polling;
  });

  it('F35: during the list trial, Refresh polls at once (the poll is the check)', async () => {
    const h = await inListTrial();
    await h.workspaces.refreshNow();
    expect(h.workspaces.offline('env')).toBeNull();
    expect(h.workspaces.blockedBy('env')).toBeNull();
  });

  it('F35: asleep and unreachable, a refused decision sends nothing', async () => {
    const s = await sim();
    const sent: string[] = [];
    const h = harness({ env: envFor(s), fetch: (input, init) => (sent.push(String(input)), fetch(input, init)) });
    await h.workspaces.start();
    await h.workspaces.refreshNow();
    s.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'reset' } });
    await h.workspaces.refreshNow();
    expect(h.workspaces.offline('env')).toMatchObject({ cause: 'unreachable' });
    s.control.clearFaults();
    h.workspaces.suspend();
    sent.length = 0;
    expect(h.workspaces.blockedBy('env')).toMatchObject({ code: 'offline', message: expect.stringMatching(/sleeps/) });
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([]);
  });
});

describe('workspaces: the demo', () => {
  it('a demo simulator that cannot start leaves a demo workspace that says so, with no server, and the failure is logged', async () => {
    const h = harness({ startDemo: () => Promise.reject(new Error('port in use')) });
    await h.workspaces.start();
    expect(h.workspaces.statuses()).toEqual([
      expect.objectContaining({
        id: 'demo',
        baseUrl: '',
        tenant: '',
        poll: expect.objectContaining({ state: 'error', lastError: { code: 'internal', message: 'The demo simulator could not start. Sign in to a workspace instead.' } }),
      }),
    ]);
    expect(h.errors).toEqual([['demo simulator failed to start', { err: 'Error: port in use' }]]);
  });

  it('a demo simulator that cannot be closed when a sign-in replaces it is logged, and the sign-in goes on', async () => {
    const s = await sim();
    const h = harness({
      startDemo: async () => {
        const d = await sim({ pending: 1 });
        return { url: d.url, tenant: d.tenant, token: d.token, close: () => Promise.reject(new Error('busy')) };
      },
    });
    await h.workspaces.start();
    const ws = await signIn(h, s);
    await waitFor(() => h.warnings.length > 0, 'the warning');
    expect(h.warnings).toEqual([['demo close failed', { err: 'Error: busy' }]]);
    expect(ids(h)).toEqual([ws.id]);
  });
});
