/**
 * Issue 7's rules at the console-core level, against the simulator over real HTTP: the pending
 * list filtered by the server every poll, history on its own cadence, read-backs, the status
 * filter's fallbacks, paging, bounded history, and bodies that fail (F1, F3, F9).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueSnapshot } from '../../../src-shared/contract';
import type { SimulatorHandle } from '../../../src-sim/index';
import { cleanupAll, envFor, sim, startCore, tempDir, type HarnessOptions } from '../../../test/support/core-kit';
import { createJsonFileStore } from '../storage/json-file-store';
import { FILTER_REFUSED_NOTE, FILTER_RETRY_MS, HISTORY_FRESH_MS, LIST_FORBIDDEN_TEXT, READ_BACKS_PER_TICK } from './list-sync';

afterEach(cleanupAll);

/** The list calls the simulator served (status filter, page) since the last reset. */
const listCalls = (s: SimulatorHandle) =>
  s.control
    .requestLog()
    .filter((e) => e.path.endsWith('/participantAccessRequests'))
    .map((e) => new URLSearchParams(e.search).get('status') ?? '(none)');
const readBacks = (s: SimulatorHandle) => s.control.requestLog().filter((e) => /\/participantAccessRequests\/[^/]+$/.test(e.path));
const pendingOf = (snap: QueueSnapshot) => snap.requests.filter((r) => r.status === 'PENDING').map((r) => r.id).sort();
const decidedOf = (snap: QueueSnapshot) => snap.requests.filter((r) => r.status === 'APPROVED' || r.status === 'REJECTED');
const serverPending = (s: SimulatorHandle) => s.control.listRequests().filter((r) => r.status === 'PENDING').map((r) => r.id).sort();

/** A core whose clock the test moves, with settings written before it starts. */
async function coreWith(s: SimulatorHandle, settings: Record<string, unknown> = {}, extra: HarnessOptions = {}) {
  const dir = tempDir();
  createJsonFileStore(dir).write('settings', { pollSeconds: 15, ...settings });
  const clock = { skew: 0 };
  const h = await startCore({ env: envFor(s), dir, now: () => Date.now() + clock.skew, ...extra });
  return { h, clock, history: () => h.core.handlers['queue:refresh-history'](undefined) };
}

/**
 * A fetch to the simulator whose list of one status, past its second page, hands out new page
 * tokens with no rows: a server whose paging never ends. (After 50 such pages it ends, so a console
 * that would follow them for ever fails its test instead of hanging.)
 */
function endlessPastPage2(status: string): typeof fetch {
  let pageInChain = 0;
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith('/participantAccessRequests') || url.searchParams.get('status') !== status) return fetch(input, init);
    pageInChain = url.searchParams.has('pageToken') ? pageInChain + 1 : 1;
    if (pageInChain < 3) return fetch(input, init);
    const next = pageInChain < 50 ? `more-${pageInChain}` : null;
    return new Response(JSON.stringify({ items: [], nextPageToken: next }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** A fetch that adds up the body bytes of list responses. */
function countingFetch() {
  const counter = { listBytes: 0 };
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).includes('/participantAccessRequests?') && !String(input).endsWith('/participantAccessRequests')) return res;
    const body = await res.arrayBuffer();
    counter.listBytes += body.byteLength;
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return { fetch: f, counter };
}

describe('pending every poll, filtered by the server', () => {
  it('a steady poll is one status=PENDING list whose size depends only on the pending count, not on the history', async () => {
    const bytesPerPoll: number[] = [];
    for (const history of [0, 3000]) {
      const s = await sim({ pending: 12, history });
      const { fetch, counter } = countingFetch();
      const { h } = await coreWith(s, {}, { fetch });
      s.control.resetLog();
      counter.listBytes = 0;
      await h.refresh();
      await h.refresh();
      expect(listCalls(s)).toEqual(['PENDING', 'PENDING']);
      expect(readBacks(s)).toEqual([]);
      bytesPerPoll.push(counter.listBytes / 2);
      expect(pendingOf(h.now())).toEqual(serverPending(s));
    }
    expect(bytesPerPoll[1]).toBe(bytesPerPoll[0]);
  });

  it('the first poll is followed at once by the history (APPROVED, then REJECTED), which fills the other tabs', async () => {
    const s = await sim({ pending: 12, history: 500 });
    const { h } = await coreWith(s);
    const log = s.control.requestLog().filter((e) => e.path.endsWith('/participantAccessRequests'));
    expect(log.map((e) => new URLSearchParams(e.search).get('status'))).toEqual(['PENDING', 'APPROVED', 'REJECTED']);
    const snap = h.now();
    const serverDecided = s.control.listRequests().filter((r) => r.status !== 'PENDING');
    expect(decidedOf(snap)).toHaveLength(serverDecided.length);
    expect(snap.workspaces[0]!.history).toMatchObject({ refreshedAt: expect.any(Number), refreshing: false, kept: serverDecided.length, partial: { APPROVED: null, REJECTED: null }, lastError: null });
  });

  it('a 400 on the filter tries the other casing, and the workspace remembers it (history too)', async () => {
    const s = await sim({ pending: 12 });
    s.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 400 } });
    const { h } = await coreWith(s);
    expect(listCalls(s)).toEqual(['PENDING', 'pending', 'approved', 'rejected']);
    expect(pendingOf(h.now())).toEqual(serverPending(s));
    s.control.resetLog();
    await h.refresh();
    expect(listCalls(s)).toEqual(['pending']);
  });

  it('a 400 on both casings falls back to the unfiltered list, used as a full snapshot meanwhile (no separate history)', async () => {
    const s = await sim({ pending: 12, history: 40 });
    s.control.injectFault({ route: 'list-requests', times: 2, action: { kind: 'status', status: 400 } });
    const { h, clock, history } = await coreWith(s);
    expect(listCalls(s)).toEqual(['PENDING', 'pending', '(none)']);
    expect(decidedOf(h.now()).length).toBe(s.control.listRequests().length - 12);
    s.control.resetLog();
    clock.skew = 6 * 60_000; // history due (5 min), the filter not yet asked for again (10 min): the poll's full list refreshes it
    await h.refresh();
    await history(); // opening the tab now finds it fresh
    expect(listCalls(s)).toEqual(['(none)']);
    expect(h.now().workspaces[0]!.history.refreshedAt).toBeGreaterThan(Date.now());
  });

  it(`two 400s do not cost the filter for good: ${FILTER_RETRY_MS / 60_000} min later the poll asks with it again, and keeps it when it works`, async () => {
    const s = await sim({ pending: 12, history: 40 });
    s.control.injectFault({ route: 'list-requests', times: 2, action: { kind: 'status', status: 400 } });
    const { h, clock } = await coreWith(s);
    expect(listCalls(s)).toEqual(['PENDING', 'pending', '(none)']);
    s.control.resetLog();
    clock.skew = FILTER_RETRY_MS;
    await h.refresh();
    await h.refresh();
    expect(listCalls(s).slice(0, 2)).toEqual(['PENDING', 'APPROVED']);
    expect(listCalls(s).filter((c) => c === '(none)')).toEqual([]);
    expect(listCalls(s).filter((c) => c === 'PENDING')).toHaveLength(2);
    expect(pendingOf(h.now())).toEqual(serverPending(s));
  });

  it('a server fault on the list without the filter says nothing about the filter: the next poll does not ask with it again', async () => {
    const s = await sim({ pending: 12, history: 40 });
    const { h } = await coreWith(s);
    s.control.injectFault({ route: 'list-requests', times: 2, action: { kind: 'status', status: 400 } });
    s.control.injectFault({ route: 'list-requests', times: 6, action: { kind: 'status', status: 503 } });
    await h.refresh();
    expect(h.now().workspaces[0]!.poll.lastError?.message ?? '').not.toContain(FILTER_REFUSED_NOTE);
    s.control.clearFaults();
    s.control.resetLog();
    await h.refresh();
    expect(listCalls(s)[0]).toBe('(none)');
  });

  it('F3: when the list without the filter fails (malformed, too large), the next poll asks with the filter again, and the reason names the refused filter', async () => {
    const s = await sim({ pending: 12, history: 40 });
    const { h } = await coreWith(s);
    // Two 400s, then an unfiltered list that cannot be used.
    s.control.injectFault({ route: 'list-requests', times: 2, action: { kind: 'status', status: 400 } });
    s.control.injectFault({ route: 'list-requests', times: 1, action: { kind: 'malformed-json' } });
    s.control.resetLog();
    await h.refresh();
    expect(listCalls(s)).toEqual(['PENDING', 'pending', '(none)']);
    expect(h.now().workspaces[0]!.poll.lastError?.message).toContain(FILTER_REFUSED_NOTE);
    s.control.resetLog();
    await h.refresh();
    expect(listCalls(s)[0]).toBe('PENDING');
    expect(pendingOf(h.now())).toEqual(serverPending(s));
    expect(h.now().workspaces[0]!.poll.state).toBe('live');
  });

  it('F4: a pending row with a status the console does not know proves nothing: the filter stays', async () => {
    const s = await sim({ pending: 12 });
    const { h } = await coreWith(s);
    const rows = s.control.listRequests().filter((r) => r.status === 'PENDING');
    s.control.injectFault({ route: 'list-requests', times: 1, action: { kind: 'rows', rows: [...rows, { ...rows[0]!, id: 'unknown-status-row', status: 'ESCALATED' }] } });
    await h.refresh();
    s.control.resetLog();
    await h.refresh();
    expect(listCalls(s)).toEqual(['PENDING']);
  });

  it('a poll under way says since when (the status line says "waiting for the server" when that is long); none once it answered', async () => {
    const s = await sim({ pending: 12 });
    const { h } = await coreWith(s);
    expect(h.now().workspaces[0]!.poll.pollingSince).toBeNull();
    s.control.injectFault({ route: 'list-requests', action: { kind: 'latency', ms: 400 } });
    const before = Date.now();
    const done = h.refresh();
    await new Promise((r) => setTimeout(r, 100));
    const since = h.now().workspaces[0]!.poll.pollingSince;
    expect(since).toBeGreaterThanOrEqual(before);
    expect(since).toBeLessThanOrEqual(Date.now());
    await done;
    expect(h.now().workspaces[0]!.poll).toMatchObject({ state: 'live', pollingSince: null });
  });

  it('F9, F33: one pending list with a decided row in it (decided while the server answered) takes nothing away and keeps the filter: the history stays, the next poll is filtered', async () => {
    const s = await sim({ pending: 12, history: 200 });
    const { h, history } = await coreWith(s);
    await history();
    const decided = decidedOf(h.now()).length;
    const pending = pendingOf(h.now());
    expect(decided).toBeGreaterThan(100);
    const rows = s.control.listRequests();
    const oneDecided = rows.find((r) => r.status === 'REJECTED')!;
    s.control.injectFault({ route: 'list-requests', times: 1, action: { kind: 'rows', rows: [...rows.filter((r) => r.status === 'PENDING'), oneDecided] } });
    await h.refresh();
    await history();
    expect(decidedOf(h.now()).length).toBe(decided);
    expect(pendingOf(h.now())).toEqual(pending);
    s.control.resetLog();
    await h.refresh();
    expect(listCalls(s)).toEqual(['PENDING']);
  });

  it('a server that ignores the filter: the history list read at once after a pending list with other statuses shows it; from then on every answer is a full snapshot', async () => {
    const s = await sim({ pending: 12, history: 40, ignoreStatusFilter: true });
    const { h, history } = await coreWith(s);
    await history();
    expect(listCalls(s)).toEqual(['PENDING', 'APPROVED']);
    expect(decidedOf(h.now()).length).toBe(s.control.listRequests().length - 12);
    // A request decided elsewhere shows up decided with the next full list, without a read-back.
    const id = s.facts.pendingStoryIds[0]!;
    s.control.decideAsOtherOperator(id, 'REJECTED', 'spam');
    s.control.resetLog();
    await h.refresh();
    expect(listCalls(s)).toEqual(['(none)']);
    expect(readBacks(s)).toEqual([]);
    expect(h.now().requests.find((r) => r.id === id)).toMatchObject({ status: 'REJECTED', processedByName: 'Alice Moreno' });
  });
});

describe('F5: a full list with items that could not be read', () => {
  it('F5: keeps every decided request it did not carry (one of the unreadable items may be it); the pending queue stays', async () => {
    const s = await sim({ pending: 6, history: 20, ignoreStatusFilter: true });
    const { h } = await coreWith(s);
    const decided = decidedOf(h.now()).length;
    expect(decided).toBeGreaterThan(0);
    const pending = pendingOf(h.now());
    // One readable pending row and one item that is not a request at all.
    const kept = s.control.listRequests().find((r) => r.status === 'PENDING')!;
    s.control.injectFault({ route: 'list-requests', times: 1, action: { kind: 'rows', rows: [kept, { foo: 1 }] } });
    await h.refresh();
    expect(h.now().workspaces[0]!.poll.droppedRows).toBe(1);
    expect(decidedOf(h.now()).length).toBe(decided);
    // The pending rows it left out were read back by id: still pending on the server, still shown.
    expect(pendingOf(h.now())).toEqual(pending);
  });
});

describe('read-back of requests that leave the pending list (F10)', () => {
  it('decided elsewhere → read back by id in the same poll: decided by whom and when, without waiting for history', async () => {
    const s = await sim({ pending: 12, history: 100 });
    const { h } = await coreWith(s);
    const decidedBefore = decidedOf(h.now()).length;
    const id = s.facts.pendingStoryIds[2]!;
    const row = s.control.decideAsOtherOperator(id, 'APPROVED', 'known customer');
    s.control.resetLog();
    await h.refresh();
    expect(listCalls(s)).toEqual(['PENDING']);
    expect(readBacks(s).map((e) => e.path)).toEqual([expect.stringContaining(id)]);
    expect(h.now().requests.find((r) => r.id === id)).toMatchObject({ status: 'APPROVED', processedByName: 'Alice Moreno', processedAt: row.processedAt, processingNote: 'known customer' });
    // The pending-only poll kept every decided row it did not speak for.
    expect(decidedOf(h.now())).toHaveLength(decidedBefore + 1);
    // Read once: the next poll asks nothing more.
    s.control.resetLog();
    await h.refresh();
    expect(readBacks(s)).toEqual([]);
  });

  it(`at most ${READ_BACKS_PER_TICK} read-backs per poll; the rest on the next one`, async () => {
    const s = await sim({ pending: 40 });
    const { h } = await coreWith(s);
    const ids = s.control.listRequests().filter((r) => r.status === 'PENDING').slice(0, 25).map((r) => r.id);
    for (const id of ids) s.control.decideAsOtherOperator(id, 'REJECTED');
    s.control.resetLog();
    await h.refresh();
    expect(readBacks(s)).toHaveLength(READ_BACKS_PER_TICK);
    // Those read back show decided; the ones not read back yet stay listed as they were, for one more list.
    const notYet = ids.filter((id) => h.now().requests.find((r) => r.id === id)?.status === 'PENDING');
    expect(notYet).toHaveLength(ids.length - READ_BACKS_PER_TICK);
    expect(pendingOf(h.now())).toEqual([...serverPending(s), ...notYet].sort());
    s.control.resetLog();
    await h.refresh();
    expect(readBacks(s)).toHaveLength(ids.length - READ_BACKS_PER_TICK);
    expect(ids.every((id) => h.now().requests.find((r) => r.id === id)?.status === 'REJECTED')).toBe(true);
    expect(pendingOf(h.now())).toEqual(serverPending(s));
  });

  it('F10: one empty answer from a server in trouble takes no request away; the next list agrees with the server', async () => {
    const s = await sim({ pending: 40 });
    const { h } = await coreWith(s);
    const before = pendingOf(h.now());
    expect(before).toHaveLength(40);
    s.control.injectFault({ route: 'list-requests', times: 1, action: { kind: 'rows', rows: [] } });
    s.control.resetLog();
    await h.refresh();
    // Read back, held ones first: all answer still pending.
    expect(readBacks(s)).toHaveLength(READ_BACKS_PER_TICK);
    expect(pendingOf(h.now())).toEqual(before);
    await h.refresh();
    expect(pendingOf(h.now())).toEqual(before);
    expect(pendingOf(h.now())).toEqual(serverPending(s));
  });

  it('F10: two empty answers in a row take no request away while read-backs say they are still pending', async () => {
    const s = await sim({ pending: 60 });
    const { h } = await coreWith(s);
    const before = pendingOf(h.now());
    s.control.injectFault({ route: 'list-requests', times: 2, action: { kind: 'rows', rows: [] } });
    await h.refresh();
    await h.refresh();
    expect(pendingOf(h.now())).toEqual(before);
    await h.refresh();
    expect(pendingOf(h.now())).toEqual(serverPending(s));
  });

  it('a request deleted on the server (404 on read-back) is simply gone', async () => {
    const s = await sim({ pending: 12 });
    const { h } = await coreWith(s);
    const gone = s.facts.pendingStoryIds[1]!;
    s.control.injectFault({ route: 'list-requests', times: 2, action: { kind: 'rows', rows: s.control.listRequests().filter((r) => r.status === 'PENDING' && r.id !== gone) } });
    s.control.injectFault({ route: 'get-request', action: { kind: 'status', status: 404 } });
    await h.refresh();
    expect(h.now().requests.some((r) => r.id === gone)).toBe(false);
    expect(h.now().workspaces[0]!.poll).toMatchObject({ state: 'live', lastError: null });
    // Dropped for good: the next poll does not ask for it again.
    s.control.resetLog();
    await h.refresh();
    expect(readBacks(s)).toEqual([]);
  });

  it('a read-back that fails for now (503) is asked again on the next poll, and then shows who decided', async () => {
    const s = await sim({ pending: 12 });
    const { h } = await coreWith(s, {}, { api: { timeoutMs: 1500, retryBaseMs: 5, getRetries: 0 } });
    const id = s.facts.pendingStoryIds[3]!;
    s.control.decideAsOtherOperator(id, 'REJECTED');
    s.control.injectFault({ route: 'get-request', times: 1, action: { kind: 'status', status: 503 } });
    s.control.resetLog();
    await h.refresh();
    expect(readBacks(s)).toHaveLength(1);
    expect(h.now().workspaces[0]!.poll.state).toBe('live');
    s.control.resetLog();
    await h.refresh();
    expect(readBacks(s).map((e) => e.path)).toEqual([expect.stringContaining(id)]);
    expect(h.now().requests.find((r) => r.id === id)).toMatchObject({ status: 'REJECTED', processedByName: 'Alice Moreno' });
  });

  it('F20: a 401 on a read-back signs the workspace out like a 401 on the list', async () => {
    const s = await sim({ pending: 12 });
    const { h } = await coreWith(s);
    s.control.decideAsOtherOperator(s.facts.pendingStoryIds[0]!, 'APPROVED');
    s.control.injectFault({ route: 'get-request', action: { kind: 'status', status: 401 } });
    await h.refresh();
    expect(h.now().workspaces[0]!.poll.state).toBe('signed-out');
  });
});

describe('history on its own cadence', () => {
  it('comes again after the History refresh setting, not on every poll', async () => {
    const s = await sim({ pending: 12, history: 20 });
    const { h, clock, history } = await coreWith(s, { historyMinutes: 2 });
    s.control.resetLog();
    clock.skew = 60_000;
    await h.refresh();
    expect(h.now().workspaces[0]!.history.refreshing).toBe(false);
    expect(listCalls(s)).toEqual(['PENDING']);
    clock.skew = 2 * 60_000 + 1000;
    await h.refresh();
    // Started by the poll, beside it: wait for it.
    expect(h.now().workspaces[0]!.history.refreshing).toBe(true);
    await history();
    expect(listCalls(s)).toEqual(['PENDING', 'PENDING', 'APPROVED', 'REJECTED']);
  });

  it('opening the Approved or Rejected tab refreshes it at once, unless it was refreshed moments ago', async () => {
    const s = await sim({ pending: 12, history: 20 });
    const { h, clock, history } = await coreWith(s);
    s.control.resetLog();
    await history();
    expect(listCalls(s)).toEqual([]);
    const before = h.now().workspaces[0]!.history.refreshedAt!;
    clock.skew = HISTORY_FRESH_MS + 1000;
    s.control.decideAsOtherOperator(s.facts.pendingStoryIds[0]!, 'APPROVED');
    await history();
    expect(listCalls(s)).toEqual(['APPROVED', 'REJECTED']);
    expect(h.now().workspaces[0]!.history.refreshedAt).toBeGreaterThan(before);
    expect(h.now().requests.find((r) => r.id === s.facts.pendingStoryIds[0])?.status).toBe('APPROVED');
  });

  it('after a failed history refresh the polls wait a minute before trying it again', async () => {
    const s = await sim({ pending: 12, history: 20 });
    const { h, clock, history } = await coreWith(s, { historyMinutes: 1 }, { api: { timeoutMs: 1500, retryBaseMs: 5, getRetries: 0 } });
    clock.skew = HISTORY_FRESH_MS + 1000;
    s.control.injectFault({ route: 'list-requests', times: 1, action: { kind: 'status', status: 503 } });
    await history();
    expect(h.now().workspaces[0]!.history.lastError).toMatchObject({ code: 'server' });
    // Due by the History refresh setting (1 min since the last success), but not a minute since the failure.
    clock.skew = 61_000 + 1000;
    s.control.resetLog();
    await h.refresh();
    expect(h.now().workspaces[0]!.history.refreshing).toBe(false);
    expect(listCalls(s)).toEqual(['PENDING']);
    clock.skew = HISTORY_FRESH_MS + 1000 + 60_000 + 1000;
    s.control.resetLog();
    await h.refresh();
    expect(h.now().workspaces[0]!.history.refreshing).toBe(true);
    await history();
    expect(listCalls(s)).toEqual(['PENDING', 'APPROVED', 'REJECTED']);
  });

  it('a pending list with decided rows in it reads the history at once, which clears an earlier history error', async () => {
    const s = await sim({ pending: 12, history: 20 });
    const { h, clock, history } = await coreWith(s, {}, { api: { timeoutMs: 1500, retryBaseMs: 5, getRetries: 0 } });
    clock.skew = HISTORY_FRESH_MS + 1000;
    s.control.injectFault({ route: 'list-requests', times: 1, action: { kind: 'status', status: 503 } });
    await history();
    expect(h.now().workspaces[0]!.history.lastError).toMatchObject({ code: 'server' });
    s.control.injectFault({ route: 'list-requests', times: 1, action: { kind: 'rows', rows: s.control.listRequests() } });
    s.control.resetLog();
    await h.refresh();
    await history();
    expect(listCalls(s)).toEqual(['PENDING', 'APPROVED', 'REJECTED']);
    expect(h.now().workspaces[0]!.history).toMatchObject({ lastError: null, refreshing: false });
  });

  it('a 403 on the pending list or the history says the workspace cannot be read, not that an agent needs the Editor role; the server\'s words follow', async () => {
    const s = await sim({ pending: 12, history: 20 });
    const { h, clock, history } = await coreWith(s, {}, { api: { timeoutMs: 1500, retryBaseMs: 5, getRetries: 0 } });
    const pending = pendingOf(h.now());
    s.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 403, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Forbidden', detail: 'No access to tenant demo' }) } });
    await h.refresh();
    const poll = h.now().workspaces[0]!.poll;
    expect(poll.lastError).toMatchObject({ code: 'forbidden', message: `${LIST_FORBIDDEN_TEXT} The server said: Forbidden — No access to tenant demo` });
    expect(pendingOf(h.now())).toEqual(pending);
    clock.skew = HISTORY_FRESH_MS + 1000;
    s.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 403 } });
    await history();
    expect(h.now().workspaces[0]!.history.lastError).toMatchObject({ code: 'forbidden', message: expect.stringMatching(new RegExp(`^${LIST_FORBIDDEN_TEXT.replace(/[()]/g, '\\$&')} The server said: `)) });
  });

  it('F20: a 401 on the history refresh signs the workspace out', async () => {
    const s = await sim({ pending: 12, history: 20 });
    const { h, clock, history } = await coreWith(s);
    clock.skew = HISTORY_FRESH_MS + 1000;
    s.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 401 } });
    await history();
    expect(h.now().workspaces[0]!.poll.state).toBe('signed-out');
  });

  it('a failed history refresh is reported on the history only: the pending queue stays live', async () => {
    const s = await sim({ pending: 12, history: 20 });
    const { h, clock, history } = await coreWith(s, {}, { api: { timeoutMs: 1500, retryBaseMs: 5, getRetries: 0 } });
    clock.skew = HISTORY_FRESH_MS + 1000;
    s.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 503 } });
    await history();
    const ws = h.now().workspaces[0]!;
    expect(ws.history.lastError).toMatchObject({ code: 'server' });
    expect(ws.poll).toMatchObject({ state: 'live', lastError: null });
    expect(decidedOf(h.now()).length).toBeGreaterThan(0);
  });
});

describe('paging and bounded memory', () => {
  it('F7: a paged list is followed page by page, the same queue as one bare array', async () => {
    const s = await sim({ pending: 12, history: 30, listPageSize: 5 });
    const { h } = await coreWith(s);
    expect(pendingOf(h.now())).toEqual(serverPending(s));
    expect(decidedOf(h.now())).toHaveLength(s.control.listRequests().length - 12);
    expect(h.now().workspaces[0]!.poll.pendingPartial).toBe(false);
  });

  it('F7, F9: a paged pending list is followed past the page limit while rows keep coming; so is the history, to its newest decisions', async () => {
    const s = await sim({ pending: 23, history: 30, listPageSize: 5 });
    const { h } = await coreWith(s, {}, { api: { timeoutMs: 1500, retryBaseMs: 5, maxPages: 2 } });
    const ws = h.now().workspaces[0]!;
    expect(pendingOf(h.now())).toEqual(serverPending(s));
    expect(ws.poll.pendingPartial).toBe(false);
    expect(ws.history.partial).toEqual({ APPROVED: null, REJECTED: null });
    const decided = s.control.listRequests().filter((r) => r.status === 'APPROVED' || r.status === 'REJECTED');
    expect(decidedOf(h.now()).map((r) => r.id).sort()).toEqual(decided.map((r) => r.id).sort());
  });

  it('F7, F9: a whole list (the server ignores the filter and pages oldest first) is followed to its end: the pending queue on its last pages is shown from the first poll', async () => {
    const s = await sim({ pending: 5, history: 60, listPageSize: 5, ignoreStatusFilter: true });
    const { h } = await coreWith(s, {}, { api: { timeoutMs: 1500, retryBaseMs: 5, maxPages: 2 } });
    expect(pendingOf(h.now())).toEqual(serverPending(s));
    expect(h.now().workspaces[0]!.poll.pendingPartial).toBe(false);
    // The first poll asked with the filter (not known to be ignored yet): past its page limit, a
    // page of decided rows ended it; the history's whole list then brought the queue.
    expect(s.control.requestLog().filter((e) => e.path.endsWith('/participantAccessRequests') && e.search.includes('status=PENDING')).length).toBeLessThanOrEqual(3);
    const added = s.control.addPendingRequest({ displayName: 'Newcomer' });
    s.control.resetLog();
    await h.refresh();
    expect(pendingOf(h.now())).toEqual(serverPending(s));
    expect(pendingOf(h.now())).toContain(added.id);
    expect(s.control.requestLog().filter((e) => e.path.endsWith('/participantAccessRequests'))).toHaveLength(Math.ceil(s.control.listRequests().length / 5));
  });

  it('F7: a list cut short (pages past the limit that bring nothing new) is shown as such and never used to decide that a request vanished', async () => {
    const s = await sim({ pending: 20, history: 30, listPageSize: 5 });
    // Past its second page the pending list hands out new tokens with no rows: a server that never ends.
    const { h } = await coreWith(s, {}, { fetch: endlessPastPage2('PENDING'), api: { timeoutMs: 1500, retryBaseMs: 5, maxPages: 2 } });
    const ws = h.now().workspaces[0]!;
    expect(ws.poll.pendingPartial).toBe(true);
    expect(ws.history.partial).toEqual({ APPROVED: null, REJECTED: null });
    const shown = pendingOf(h.now());
    expect(shown).toHaveLength(10);
    // The first page's rows are decided elsewhere; the next list (still cut short) lacks them,
    // but a cut list proves nothing: nothing is removed, nothing read back.
    const first = s.control.listRequests().filter((r) => r.status === 'PENDING').slice(0, 5).map((r) => r.id);
    for (const id of first) s.control.decideAsOtherOperator(id, 'REJECTED');
    s.control.resetLog();
    await h.refresh();
    expect(readBacks(s)).toEqual([]);
    const now = pendingOf(h.now());
    for (const id of shown) expect(now).toContain(id);
    expect(now).toHaveLength(15);
  });

  it('keeps at most the Decided requests kept setting, the newest, and says the history is partial', async () => {
    const s = await sim({ pending: 12, history: 2500 });
    const { h } = await coreWith(s, { decidedLimit: 1000 });
    const decided = decidedOf(h.now());
    expect(decided).toHaveLength(1000);
    const newest = s.control
      .listRequests()
      .filter((r) => r.status !== 'PENDING')
      .map((r) => r.processedAt!)
      .sort((a, b) => b - a)
      .slice(0, 1000);
    expect(Math.min(...decided.map((r) => r.processedAt!))).toBe(newest.at(-1));
    expect(h.now().workspaces[0]!.history).toMatchObject({ kept: 1000, partial: { APPROVED: 'limit', REJECTED: 'limit' } });
    expect(pendingOf(h.now())).toEqual(serverPending(s));
  });

  it('says per status whether its tab holds all the server has: a rejected list cut by the page limit leaves the Approved tab whole', async () => {
    const s = await sim({ pending: 5, history: 40, listPageSize: 5 });
    // Past its second page the rejected list hands out new tokens with no rows: a server that never ends.
    const { h } = await coreWith(s, {}, { fetch: endlessPastPage2('REJECTED'), api: { timeoutMs: 1500, retryBaseMs: 5, maxPages: 2 } });
    const ws = h.now().workspaces[0]!;
    expect(ws.history.partial).toEqual({ APPROVED: null, REJECTED: 'pages' });
    const approved = s.control.listRequests().filter((r) => r.status === 'APPROVED').map((r) => r.id).sort();
    expect(decidedOf(h.now()).filter((r) => r.status === 'APPROVED').map((r) => r.id).sort()).toEqual(approved);
    expect(ws.poll.pendingPartial).toBe(false);
  });
});

describe('F1, F3, F9: a list body that cannot be used leaves the queue on screen, marked stale, with the reason', () => {
  it.each([
    ['F1: malformed JSON', { kind: 'malformed-json' } as const, /invalid response \(malformed data\)/],
    ['F3: an empty body', { kind: 'empty' } as const, /empty response/],
    ['F3: a 204', { kind: 'empty', status: 204 } as const, /empty response/],
    ['F2: a web page', { kind: 'html' } as const, /web page instead of data/],
  ])('%s', async (_name, action, reason) => {
    const s = await sim({ pending: 12, history: 20 });
    const warned: Array<[string, Record<string, unknown> | undefined]> = [];
    const log = { info: () => {}, error: () => {}, warn: (msg: string, meta?: Record<string, unknown>) => void warned.push([msg, meta]) };
    const { h } = await coreWith(s, {}, { log });
    const before = h.now();
    s.control.injectFault({ route: 'list-requests', action });
    await h.refresh();
    // Logged with its length and content type only (F1): the status, never the body or the token.
    const unusable = warned.filter(([msg]) => msg === 'unusable answer');
    expect(unusable).toEqual([['unusable answer', expect.objectContaining({ method: 'GET', path: expect.stringContaining('participantAccessRequests'), status: expect.any(Number), bytes: expect.any(Number) })]]);
    expect(JSON.stringify(warned)).not.toContain(s.token);
    const after = h.now();
    expect(pendingOf(after)).toEqual(pendingOf(before));
    expect(decidedOf(after)).toHaveLength(decidedOf(before).length);
    const poll = after.workspaces[0]!.poll;
    expect(poll.state).toBe('stale');
    expect(poll.lastError?.message).toMatch(reason);
    expect(poll.lastError?.message).toMatch(/Trying again at \d\d:\d\d:\d\d\.$/);
    expect(poll.lastSuccessAt).toBe(before.workspaces[0]!.poll.lastSuccessAt);
    expect(h.notices).toEqual([]);
    // One good poll later it is live again.
    await h.refresh();
    expect(h.now().workspaces[0]!.poll.state).toBe('live');
  });

  it('a 503 with "Retry-After: 60" (a server in maintenance): the queue stays, the reason says until when, and a refresh sends nothing before then', async () => {
    const s = await sim({ pending: 12 });
    const { h } = await coreWith(s);
    const before = pendingOf(h.now());
    s.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 503, headers: { 'retry-after': '60' } } });
    await h.refresh();
    const poll = h.now().workspaces[0]!.poll;
    expect(pendingOf(h.now())).toEqual(before);
    expect(poll).toMatchObject({ state: 'error', lastError: { code: 'server', retryAfterMs: 60_000 } });
    expect(poll.lastError?.message).toMatch(/^The Fruxon server had a problem \(HTTP 503\)\. The server asked the console to wait until \d\d:\d\d:\d\d\.$/);
    expect(poll.nextPollAt! - Date.now()).toBeGreaterThan(55_000);
    s.control.resetLog();
    await h.refresh();
    expect(listCalls(s)).toEqual([]);
    expect(h.now().workspaces[0]!.poll.lastError?.code).toBe('server');
  });

  it('F9: a list over the List size limit is not read; the queue stays, the reason names the setting', async () => {
    const s = await sim({ pending: 12 });
    const { h } = await coreWith(s, { listLimitMB: 16 });
    const before = pendingOf(h.now());
    s.control.injectFault({ route: 'list-requests', action: { kind: 'huge', bytes: 17 * 1_048_576 } });
    await h.refresh();
    const after = h.now();
    expect(pendingOf(after)).toEqual(before);
    expect(after.workspaces[0]!.poll).toMatchObject({
      state: 'stale',
      lastError: { code: 'invalid-response', message: expect.stringMatching(/^The list from the server is larger than 16 MB \(the List size limit in Settings\); it was not read\. Trying again at /) },
    });
  });

  it('F1 before any good list: an error with the reason (nothing to keep), never an empty queue', async () => {
    const s = await sim({ pending: 12 });
    s.control.injectFault({ route: 'list-requests', times: 3, action: { kind: 'malformed-json' } });
    const { h } = await coreWith(s);
    const snap = h.now();
    expect(snap.workspaces[0]!.poll).toMatchObject({ state: 'error', lastSuccessAt: null, lastError: { message: expect.stringMatching(/malformed data/) } });
    expect(snap.requests).toEqual([]);
  });
});
