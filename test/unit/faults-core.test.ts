/**
 * FAULTS.md scenarios checked at the console-core level in plain Node, against a real simulator
 * (no HTTP mocks): the ones no other suite named, and a decision race the chaos run found.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionOutcome } from '../../src-shared/contract';
import type { Result } from '../../src-shared/domain';
import { SNAPSHOT_COALESCE_MS } from '../../src-main/core/console-core';
import { OFFLINE_OS_MESSAGE, OFFLINE_UNREACHABLE_MESSAGE } from '../../src-main/core/polling/connectivity';
import { cleanupAll, envFor, sim, startCore, waitFor } from '../support/core-kit';
import { startSimulator, type SimulatorHandle } from '../../src-sim/index';

afterEach(cleanupAll);

function outcomeOf(res: Result<DecisionOutcome>): DecisionOutcome {
  if (!res.ok) throw new Error(`expected an outcome, got ${res.error.code}: ${res.error.message}`);
  return res.value;
}

const HOSTILE_URLS = [
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'file:///etc/passwd',
  'file://C:/Windows/System32/calc.exe',
  'smb://attacker.example/share',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'ms-msdt:/id PCWDiagnostic',
  'http://fruxon.com/',
  'https://fruxon.com.evil.example/',
  'https://fruxon.com@evil.example/',
  'https://evil.example/#https://fruxon.com/',
];

describe('F15: URLs in API fields never become openable links', () => {
  it('F15: javascript:, file:, smb: and look-alike URLs sent in request fields stay plain text and open-external refuses them', async () => {
    const s = await sim();
    const hostile = s.control.addPendingRequest({
      displayName: 'javascript:alert(document.cookie)',
      conversationName: 'file:///etc/passwd',
    });
    const h = await startCore({ env: envFor(s) });
    const row = h.now().requests.find((r) => r.id === hostile.id);
    // The row arrives as data: the strings are kept verbatim, nothing is turned into a link.
    expect(row).toMatchObject({ displayName: 'javascript:alert(document.cookie)', conversationName: 'file:///etc/passwd', canDecide: true });
    for (const url of [row!.displayName, row!.conversationName, ...HOSTILE_URLS]) {
      expect(await h.core.handlers['app:open-external']({ url })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    }
    expect(h.opened).toEqual([]);
  });

  it('F15: for arbitrary strings, open-external hands the OS nothing unless the URL is https on the Fruxon allowlist', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const scheme = fc.constantFrom('javascript:', 'file:', 'smb:', 'data:', 'vbscript:', 'http:', 'https:', 'HTTPS:', 'fruxon-console:', '');
    const host = fc.constantFrom('fruxon.com', 'docs.fruxon.com', 'fruxon.com.evil.example', 'evil.example', 'fruxon.co', '');
    const candidate = fc.oneof(fc.string(), fc.tuple(scheme, fc.constantFrom('//', ''), host, fc.string()).map(([a, b, c, d]) => `${a}${b}${c}${d}`));
    await fc.assert(
      fc.asyncProperty(candidate, async (url) => {
        h.opened.length = 0;
        const res = await h.core.handlers['app:open-external']({ url });
        if (res.ok) {
          // Whatever was opened is an https page of fruxon.com or a subdomain, without credentials.
          expect(h.opened).toHaveLength(1);
          const opened = new URL(h.opened[0]!);
          expect(opened.protocol).toBe('https:');
          expect(opened.hostname === 'fruxon.com' || opened.hostname.endsWith('.fruxon.com')).toBe(true);
          expect(opened.username + opened.password).toBe('');
        } else {
          expect(h.opened).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('F35: offline at the core level', () => {
  const listGets = (s: SimulatorHandle) => s.control.requestLog().filter((e) => e.method === 'GET' && e.path.endsWith('/participantAccessRequests')).length;
  const healthGets = (s: SimulatorHandle) => s.control.requestLog().filter((e) => e.path.endsWith('/auth/health')).length;

  it('F35: connection resets on the poll take the workspace offline: polls paused, decisions refused with the reason and no POST, the status says why; auth/health probes bring it back and polling resumes after a 0-3 s jitter', async () => {
    const s = await sim({ pending: 6 });
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    // The network drops: every list call and every probe is reset.
    s.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'reset' } });
    s.control.injectFault({ route: 'auth-health', times: Infinity, action: { kind: 'reset' } });
    await h.refresh();
    const status = h.now().workspaces[0]!.poll;
    expect(status.state).toBe('offline');
    expect(status.lastError).toEqual({ code: 'offline', message: OFFLINE_UNREACHABLE_MESSAGE });
    expect(status.nextPollAt).not.toBeNull(); // when the next check runs
    expect(h.now().requests.filter((r) => r.status === 'PENDING')).toHaveLength(6);
    expect(h.now().requests.find((r) => r.id === id)).toMatchObject({ canDecide: false, readOnlyReason: expect.stringMatching(/^Offline/) });
    const refused = await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'offline', message: expect.stringMatching(/Offline – the decision was not sent\. The Fruxon server can't be reached\./) } });
    expect(s.control.requestLog().filter((e) => e.method === 'POST')).toEqual([]);

    // Polling is paused: whatever timers run, no list call goes out, only cheap probes.
    s.control.resetLog();
    for (let i = 0; i < 4; i += 1) {
      // The next probe is scheduled once the previous one's failure has been handled (5 s doubling to 30 s).
      await waitFor(() => h.timers.scheduled().some((ms) => ms >= 5_000), 'the next probe to be scheduled');
      h.timers.runDue();
      await waitFor(async () => healthGets(s) >= i + 1, 'a probe');
    }
    expect(listGets(s)).toBe(0);
    expect(h.now().workspaces[0]!.poll.state).toBe('offline');

    // The network is back: the next probe succeeds and the poll comes after random(0, 3 s).
    s.control.clearFaults();
    h.timers.runDue();
    await waitFor(() => h.now().workspaces[0]!.poll.state !== 'offline', 'back online');
    expect(listGets(s)).toBe(0);
    const jitter = h.timers.scheduled().filter((ms) => ms <= 3_000 && ms !== SNAPSHOT_COALESCE_MS);
    expect(jitter).toEqual([1_500]); // random() is 0.5 in the harness
    h.timers.runDelay(1_500);
    await waitFor(() => h.now().workspaces[0]!.poll.state === 'live', 'live');
    expect(listGets(s)).toBe(1);
    expect(outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' })).outcome).toBe('applied');
  });

  it('F35: the OS saying offline pauses polling at once without a request, and decisions say why; back online, auth/health is checked and polling resumes after a jitter', async () => {
    const s = await sim({ pending: 6 });
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.resetLog();
    h.core.setNetworkOnline(false);
    expect(h.now().workspaces[0]!.poll).toMatchObject({ state: 'offline', lastError: { code: 'offline', message: OFFLINE_OS_MESSAGE } });
    expect(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: id })).toMatchObject({
      ok: false,
      error: { code: 'offline', message: expect.stringContaining('This computer has no network connection.') },
    });
    await h.refresh();
    h.timers.runDue();
    expect(s.control.requestLog()).toEqual([]);
    expect(h.now().requests.filter((r) => r.status === 'PENDING')).toHaveLength(6);

    h.core.setNetworkOnline(true);
    await waitFor(() => h.now().workspaces[0]!.poll.state !== 'offline', 'back online');
    expect(healthGets(s)).toBe(1);
    expect(listGets(s)).toBe(0);
    expect(h.timers.scheduled()).toContain(1_500);
    h.timers.runDelay(1_500);
    await waitFor(() => listGets(s) === 1, 'the poll after the jitter');
    expect(outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: id })).outcome).toBe('applied');
  });

  it('F35: with the server unreachable the queue stays visible, is marked offline, and decisions are refused without any POST; they work again once it is back', async () => {
    const first = await sim({ pending: 6 });
    const port = Number(new URL(first.url).port);
    const h = await startCore({ env: envFor(first) });
    const id = first.facts.pendingStoryIds[0]!;
    expect(h.now().requests.filter((r) => r.status === 'PENDING')).toHaveLength(6);

    await first.close(); // ECONNREFUSED from now on
    await h.refresh();
    const offline = h.now();
    expect(offline.workspaces[0]!.poll.state).toBe('offline');
    // The last good list is kept, read-only.
    expect(offline.requests.filter((r) => r.status === 'PENDING')).toHaveLength(6);
    expect(offline.requests.find((r) => r.id === id)).toMatchObject({ canDecide: false, readOnlyReason: expect.stringMatching(/Offline/) });
    const refused = await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'offline' } });

    // The same server comes back on the same address (same seed, so the same data).
    const back = await startSimulator({ pending: 6, port, token: first.token });
    try {
      await h.refresh();
      expect(h.now().workspaces[0]!.poll.state).toBe('live');
      expect(back.control.requestLog().filter((e) => e.method === 'POST')).toEqual([]);
      const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
      expect(out).toMatchObject({ outcome: 'applied', request: { status: 'APPROVED', processedBy: back.operatorUserId } });
      expect(back.control.requestLog().filter((e) => e.method === 'POST')).toHaveLength(1);
    } finally {
      await back.close();
    }
  });
});

describe('F1, F3: an unreadable list never takes the pending queue away', () => {
  // Behaviour through the real simulator and the console core's public surface only, so it holds
  // whatever the list parsing looks like inside.
  it.each([
    ['malformed JSON (F1)', { kind: 'malformed-json' }],
    ['a web page instead of data (F1, F2)', { kind: 'html' }],
    ['an empty 200 body (F3)', { kind: 'empty', status: 200 }],
    ['a 204 No Content (F3)', { kind: 'empty', status: 204 }],
    ['JSON of an unexpected shape (F1)', { kind: 'status', status: 200, body: '{"items":"not a list"}', contentType: 'application/json' }],
  ] as const)('F1, F3: after %s the last good pending list stays, marked with the reason, and counts as a failure', async (_what, action) => {
    const s = await sim({ pending: 6 });
    const h = await startCore({ env: envFor(s) });
    const before = h.now();
    const pending = before.requests.filter((r) => r.status === 'PENDING').map((r) => r.id).sort();
    expect(pending).toHaveLength(6);
    const lastSuccessAt = before.workspaces[0]!.poll.lastSuccessAt;
    expect(lastSuccessAt).not.toBeNull();
    const noticesBefore = h.notices.length + h.pushedNotices.length;

    s.control.injectFault({ route: 'list-requests', times: 3, action });
    await h.refresh();
    s.control.clearFaults();
    const after = h.now();
    expect(after.requests.filter((r) => r.status === 'PENDING').map((r) => r.id).sort()).toEqual(pending);
    const poll = after.workspaces[0]!.poll;
    expect(poll.state).not.toBe('live');
    expect(poll.lastError).toMatchObject({ code: 'invalid-response', message: expect.stringMatching(/invalid|web page|empty|unexpected/i) });
    expect(poll.lastSuccessAt).toBe(lastSuccessAt);
    expect(poll.consecutiveFailures).toBe(1);
    expect(h.notices.length + h.pushedNotices.length).toBe(noticesBefore);
    // The pushed snapshot (what the renderer shows) keeps them too.
    h.timers.runDelay(SNAPSHOT_COALESCE_MS);
    expect(h.snapshots.at(-1)!.requests.filter((r) => r.status === 'PENDING')).toHaveLength(6);

    // The next good poll is live again with the same queue.
    await h.refresh();
    expect(h.now().workspaces[0]!.poll.state).toBe('live');
    expect(h.now().requests.filter((r) => r.status === 'PENDING').map((r) => r.id).sort()).toEqual(pending);
  });
});

describe('F12: odd createdAt values through the console core', () => {
  it('F12: createdAt in seconds is converted to ms, a future one is kept as is, 0 and null become unknown; the queue sorts them stably', async () => {
    const s = await sim({ pending: 0 });
    const h = await startCore({ env: envFor(s) });
    const now = Date.now();
    const raw = (id: string, createdAt: unknown) => ({ ...s.control.addPendingRequest({ id }), createdAt });
    s.control.injectFault({
      route: 'list-requests',
      action: {
        kind: 'rows',
        rows: [raw('seconds', Math.floor((now - 3_600_000) / 1000)), raw('future', now + 600_000), raw('zero', 0), raw('null', null), raw('ms', now - 60_000)],
      },
    });
    await h.refresh();
    const rows = h.now().requests.filter((r) => r.status === 'PENDING');
    const at = Object.fromEntries(rows.map((r) => [r.id, r.createdAt]));
    expect(at.seconds).toBe(Math.floor((now - 3_600_000) / 1000) * 1000);
    expect(at.future).toBe(now + 600_000);
    expect(at.zero).toBeNull();
    expect(at.null).toBeNull();
    expect(at.ms).toBe(now - 60_000);
    // Oldest first, unknown times last, ties by id.
    expect(rows.map((r) => r.id)).toEqual(['seconds', 'ms', 'future', 'null', 'zero']);
  });
});

describe('F30/F32: a read-back must check who decided, not only the status', () => {
  // Found by the chaos run (test/chaos): another operator approves, then my approve fails
  // ambiguously (5xx, reset, timeout). The read-back shows APPROVED — by them, not me.
  it('F30, F32: my approve fails with a 503 after another operator approved → already-decided by them, never "applied"', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.decideAsOtherOperator(id, 'APPROVED');
    s.control.injectFault({ route: 'approve', action: { kind: 'status', status: 503 } });
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(s.control.getRequest(id)).toMatchObject({ status: 'APPROVED', processedBy: s.facts.users.aliceUserId });
    expect(out).toMatchObject({ outcome: 'already-decided', request: { status: 'APPROVED', processedBy: s.facts.users.aliceUserId } });
  });

  it('F31, F32: my reject is reset after sending while another operator had rejected → already-decided by them, never "applied"', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[1]!;
    s.control.decideAsOtherOperator(id, 'REJECTED');
    s.control.injectFault({ route: 'reject', action: { kind: 'reset-after-apply' } });
    const out = outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: id }));
    expect(out).toMatchObject({ outcome: 'already-decided', request: { status: 'REJECTED', processedBy: s.facts.users.aliceUserId } });
  });

  it('F30, F32: when auth/health never said who I am, a matching status is reported as unknown, never "applied"', async () => {
    const s = await sim();
    // auth/health keeps failing for the whole test, so the console never learns who it is.
    s.control.injectFault({ route: 'auth-health', times: Infinity, action: { kind: 'status', status: 503 } });
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.decideAsOtherOperator(id, 'APPROVED');
    s.control.injectFault({ route: 'approve', action: { kind: 'status', status: 503 } });
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out.outcome).toBe('unknown');
    expect(JSON.stringify(out)).toContain('could not confirm the decision was yours');
  });

  // Found by the sharper chaos oracle: refusals that never reached the decision (429, 403) were
  // reported as "try again" although another operator had already decided the request.
  it('F27, F32: my approve gets a 429 after another operator approved → already-decided naming them, not "try again in 7 s"', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.decideAsOtherOperator(id, 'APPROVED');
    s.control.injectFault({ route: 'approve', action: { kind: 'status', status: 429, headers: { 'retry-after': '7' } } });
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({ outcome: 'already-decided', request: { status: 'APPROVED', processedBy: s.facts.users.aliceUserId, processedByName: 'Alice Moreno' } });
    expect(s.control.requestLog().filter((e) => e.method === 'POST')).toHaveLength(1);
  });

  it('F27: after a 429 whose read-back names another operator, the workspace status says until when decisions are held, and none is sent meanwhile', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const [theirs, mine] = [s.facts.pendingStoryIds[0]!, s.facts.pendingStoryIds[2]!];
    expect(h.now().workspaces[0]!.decisionsHeldUntil).toBeNull();
    // (The status also names who this operator is, so the page can tell its own decisions in the lists: F31.)
    expect(h.now().workspaces[0]!.operatorUserId).toBe(s.operatorUserId);
    s.control.decideAsOtherOperator(theirs, 'APPROVED');
    s.control.injectFault({ route: 'approve', action: { kind: 'status', status: 429, headers: { 'retry-after': '7' } } });
    const before = Date.now();
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: theirs, mode: 'CREATE_NEW' }));
    // The outcome is the other operator's decision, with no wait in it: only the status tells the page.
    expect(out).toMatchObject({ outcome: 'already-decided' });
    expect(JSON.stringify(out)).not.toContain('retryAfterMs');
    const held = h.now().workspaces[0]!.decisionsHeldUntil;
    expect(held).toBeGreaterThanOrEqual(before + 7_000);
    expect(held).toBeLessThanOrEqual(Date.now() + 7_000);
    s.control.resetLog();
    const next = outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: mine }));
    expect(next).toMatchObject({ outcome: 'not-applied', error: { code: 'rate-limited' } });
    expect(s.control.requestLog().filter((e) => e.method === 'POST')).toEqual([]);
  });

  it('F27: when the server rate-limits the read-backs too, a held batch reads nothing more until the wait is over (two GETs in all, not two per item)', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const ids = s.facts.pendingStoryIds.slice(0, 4);
    s.control.injectFault({ route: 'reject', action: { kind: 'status', status: 429, headers: { 'retry-after': '20' } } });
    s.control.injectFault({ route: 'get-request', times: Infinity, action: { kind: 'status', status: 429, headers: { 'retry-after': '20' } } });
    s.control.resetLog();
    // A bulk reject: one call per item, in order, as the page sends them.
    const outs = [];
    for (const id of ids) outs.push(outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: id })));
    for (const out of outs) expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'rate-limited', message: expect.stringMatching(/^Not submitted \(rate limited\) – try again in (19|20) s\.$/) } });
    const log = s.control.requestLog();
    expect(log.filter((e) => e.method === 'POST')).toHaveLength(1);
    // The first item's read-back and its one retry, both refused: the rest are not read.
    expect(log.filter((e) => e.method === 'GET' && e.path.includes(ids[0]!))).toHaveLength(2);
    expect(log.filter((e) => e.method === 'GET' && ids.slice(1).some((id) => e.path.includes(id)))).toEqual([]);
    for (const id of ids) expect(s.control.getRequest(id)!.status).toBe('PENDING');
  });

  it('F27: a 429 on a request that is still pending stays "not submitted (rate limited)" with the wait', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.injectFault({ route: 'reject', action: { kind: 'status', status: 429, headers: { 'retry-after': '7' } } });
    const out = outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: id }));
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'rate-limited', message: 'Not submitted (rate limited) – try again in 7 s.' } });
    expect(s.control.getRequest(id)!.status).toBe('PENDING');
  });

  it('F22: an agent where the operator is a Viewer (its collaborators list) is read-only as soon as the role is read, and a decision on it is not sent', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.requests.readOnlyRequestId;
    // Roles are read beside the list: the queue never waits for them.
    await waitFor(() => h.now().requests.find((r) => r.id === id)?.canDecide === false, 'the role read');
    expect(h.now().requests.find((r) => r.id === id)).toMatchObject({ canDecide: false, readOnlyReason: expect.stringMatching(/Viewer role.*Editor role/) });
    const decidable = h.now().requests.find((r) => r.status === 'PENDING' && r.agentId !== s.facts.readOnlyAgentId);
    expect(decidable).toMatchObject({ canDecide: true });
    s.control.resetLog();
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'forbidden' } });
    expect(s.control.requestLog().filter((e) => e.method === 'POST')).toEqual([]);
    expect(s.control.getRequest(id)!.status).toBe('PENDING');
  });

  it('F22: auth/health answering after the first list still brings the roles, without waiting for the next poll', async () => {
    const s = await sim();
    // The first list is answered before the operator is known, so that poll can look up no role.
    s.control.injectFault({ route: 'auth-health', action: { kind: 'latency', ms: 600 } });
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.requests.readOnlyRequestId;
    await waitFor(() => h.now().requests.find((r) => r.id === id)?.canDecide === false, 'the roles after auth/health', 3000);
  });

  it('F22: when the collaborators list cannot be read, the first 403 still makes the agent read-only', async () => {
    const s = await sim();
    s.control.injectFault({ route: 'collaborators', times: Infinity, action: { kind: 'status', status: 503 } });
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.requests.readOnlyRequestId;
    expect(h.now().requests.find((r) => r.id === id)).toMatchObject({ canDecide: true });
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'forbidden' } });
    expect(h.now().requests.find((r) => r.id === id)).toMatchObject({ canDecide: false, readOnlyReason: expect.stringMatching(/Editor role/) });
  });

  it('F22, F32: a 403 on a read-only agent whose request another operator rejected → already-decided naming them; the agent stays read-only', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.requests.readOnlyRequestId;
    s.control.decideAsOtherOperator(id, 'REJECTED');
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({ outcome: 'already-decided', request: { status: 'REJECTED', processedByName: 'Alice Moreno' } });
    const another = s.control.addPendingRequest({ agentId: s.facts.readOnlyAgentId });
    await h.refresh();
    expect(h.now().requests.find((r) => r.id === another.id)).toMatchObject({ canDecide: false, readOnlyReason: expect.stringMatching(/Editor role/) });
  });

  it('F32: a 400 "not pending" whose read-back fails says someone else decided and that there is nothing to retry', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[1]!;
    s.control.decideAsOtherOperator(id, 'APPROVED');
    s.control.injectFault({ route: 'get-request', times: 12, action: { kind: 'status', status: 503 } });
    const out = outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: id }));
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'not-pending', message: expect.stringMatching(/already decided.*do not retry/) } });
  });

  it('F30: without auth/health, the first confirmed decision teaches who I am, so a later read-back of mine is "applied"', async () => {
    const s = await sim();
    s.control.injectFault({ route: 'auth-health', times: Infinity, action: { kind: 'status', status: 503 } });
    const h = await startCore({ env: envFor(s) });
    const [first, second] = [s.facts.pendingStoryIds[0]!, s.facts.pendingStoryIds[2]!];
    expect(outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: first })).outcome).toBe('applied');
    s.control.injectFault({ route: 'reject', action: { kind: 'reset-after-apply' } });
    const out = outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: second }));
    expect(out).toMatchObject({ outcome: 'applied', reconciled: true, request: { processedBy: s.operatorUserId } });
  });
});
