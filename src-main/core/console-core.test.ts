import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionOutcome } from '../../src-shared/contract';
import { fail, ok, type Result } from '../../src-shared/domain';
import { cleanupAll, envFor, sim, startCore, tempDir, waitFor } from '../../test/support/core-kit';
import { SESSION_EXPIRED_MESSAGE } from './decisions/decisions';
import { NAMES_REFRESH_MS } from './requests/names';
import { createJsonFileStore } from './storage/json-file-store';
import { createMemoryVault } from './storage/memory-vault';
import type { CredentialVault, KeyValueStore } from './ports';

afterEach(cleanupAll);

function outcomeOf(res: Result<DecisionOutcome>): DecisionOutcome {
  if (!res.ok) throw new Error(`expected an outcome, got ${res.error.code}: ${res.error.message}`);
  return res.value;
}

const pendingIds = (h: { now(): { requests: Array<{ id: string; status: string }> } }) =>
  h.now().requests.filter((r) => r.status === 'PENDING').map((r) => r.id);

describe('queue and names', () => {
  it('seeded pending requests appear with resolved names; the first snapshot is silent', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const snap = h.now();
    expect(snap.requests.filter((r) => r.status === 'PENDING')).toHaveLength(12);
    const matched = snap.requests.find((r) => r.id === s.facts.requests.matched.requestId)!;
    const agent = s.facts.agents.find((a) => a.id === matched.agentId)!;
    expect(matched.agentName).toBe(agent.displayName);
    expect(matched.connectorName).not.toMatch(/Unknown/);
    const approvedByAlice = snap.requests.find((r) => r.id === s.facts.requests.approvedByAliceRequestId)!;
    expect(approvedByAlice.processedByName).toBe('Alice Moreno');
    expect(snap.workspaces).toEqual([expect.objectContaining({ id: 'env', tenant: s.tenant, poll: expect.objectContaining({ state: 'live' }) })]);
    expect(h.notices).toEqual([]);
    expect(h.pushedNotices).toEqual([]);
  });

  it('F11: a deleted agent, user or connector shows as unknown, and misses are not asked again every poll', async () => {
    const s = await sim();
    let skew = 0;
    const h = await startCore({ env: envFor(s), now: () => Date.now() + skew });
    const byId = (id: string) => h.now().requests.find((r) => r.id === id)!;
    expect(byId(s.facts.requests.deletedAgentRequestId).agentName).toBe(`Unknown agent (id ${s.facts.deletedAgentId})`);
    expect(byId(s.facts.requests.deletedUserRequestId).processedByName).toBe(s.facts.users.deletedUserId);
    expect(byId(s.facts.requests.orphanConfigRequestId).connectorName).toBe(`Unknown connector (id ${s.facts.orphanConfigId})`);
    // Approve stays available: the server decides (F11).
    expect(byId(s.facts.requests.orphanConfigRequestId).canDecide).toBe(true);

    s.control.resetLog();
    await h.refresh();
    await h.refresh();
    await h.refresh();
    const paths = s.control.requestLog().map((e) => e.path);
    expect(paths.filter((p) => p.includes('/participantAccessRequests'))).toHaveLength(3);
    expect(paths.filter((p) => !p.includes('/participantAccessRequests'))).toEqual([]);

    // A new unknown agent id triggers one agent refresh, not one per poll.
    s.control.addPendingRequest({ agentId: 'brand_new_agent' });
    s.control.resetLog();
    await h.refresh();
    await h.refresh();
    expect(s.control.requestLog().filter((e) => e.path.endsWith('/agents'))).toHaveLength(1);

    // Ten minutes later the catalogues are refreshed once; users already looked up are not asked again.
    skew = NAMES_REFRESH_MS;
    s.control.resetLog();
    await h.refresh();
    await h.refresh();
    const later = s.control.requestLog().map((e) => e.path);
    expect(later.filter((p) => p.endsWith('/agents'))).toHaveLength(1);
    expect(later.filter((p) => p.endsWith('/integrations'))).toHaveLength(1);
    expect(later.filter((p) => p.includes('/users/'))).toEqual([]);
  });

  it('F10: a request that vanishes between polls leaves the queue without an error', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const gone = s.facts.requests.matched.requestId;
    // Deleted on the server: the pending list no longer has it, and reading it back says 404.
    s.control.injectFault({ route: 'list-requests', action: { kind: 'rows', rows: s.control.listRequests().filter((r) => r.id !== gone && r.status === 'PENDING') } });
    s.control.injectFault({ route: 'get-request', action: { kind: 'status', status: 404 } });
    await h.refresh();
    expect(h.now().requests.map((r) => r.id)).not.toContain(gone);
    expect(pendingIds(h)).not.toContain(gone);
    expect(h.now().workspaces[0]!.poll).toMatchObject({ state: 'live', lastError: null });
    expect(h.notices).toEqual([]);

    s.control.injectFault({ route: 'get-request', action: { kind: 'status', status: 404 } });
    const detail = await h.core.handlers['requests:get']({ workspaceId: 'env', requestId: gone });
    expect(detail).toMatchObject({ ok: false, error: { code: 'not-found', message: 'This request no longer exists.' } });
  });

  it('the detail pane gets the matched participant and the same sender’s earlier requests', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const matched = await h.core.handlers['requests:get']({ workspaceId: 'env', requestId: s.facts.requests.matched.requestId });
    expect(matched.ok && matched.value.matchedParticipant?.id).toBe(s.facts.requests.matched.participantId);
    const repeat = s.facts.requests.repeatAfterReject;
    const detail = await h.core.handlers['requests:get']({ workspaceId: 'env', requestId: repeat.pendingRequestId });
    expect(detail.ok && detail.value.history.map((r) => r.id)).toContain(repeat.rejectedRequestId);
    const participants = await h.core.handlers['participants:list']({ workspaceId: 'env' });
    expect(participants.ok && participants.value.length).toBeGreaterThan(0);
  });

  it('poll-driven snapshots are coalesced (one per burst), decisions publish at once', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    h.timers.runDelay(100);
    const before = h.snapshots.length;
    s.control.addPendingRequest();
    await h.refresh();
    s.control.addPendingRequest();
    await h.refresh();
    expect(h.snapshots.length).toBe(before);
    h.timers.runDelay(100);
    expect(h.snapshots.length).toBe(before + 1);
    expect(h.snapshots.at(-1)!.requests.filter((r) => r.status === 'PENDING')).toHaveLength(14);

    const id = s.facts.requests.matched.requestId;
    const res = await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'BIND_ONLY' });
    expect(outcomeOf(res)).toMatchObject({ outcome: 'applied', reconciled: false, request: { id, status: 'APPROVED' } });
    expect(h.snapshots.length).toBe(before + 2);
    expect(h.snapshots.at(-1)!.requests.find((r) => r.id === id)!.status).toBe('APPROVED');
    expect(h.snapshots.at(-1)!.seq).toBeGreaterThan(h.snapshots.at(-2)!.seq);
  });
});

describe('snapshots stay cheap at scale', () => {
  const T = Date.UTC(2026, 10, 20, 12, 0, 0);

  it('no snapshot is published when a poll changes nothing', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s), now: () => T });
    h.timers.runDelay(100);
    const before = h.snapshots.length;
    await h.refresh();
    await h.refresh();
    h.timers.runDelay(100);
    expect(h.snapshots.length).toBe(before);
    // …while a real change still is.
    s.control.addPendingRequest();
    await h.refresh();
    h.timers.runDelay(100);
    expect(h.snapshots.length).toBe(before + 1);
  });

  it('opening a request that did not change publishes nothing (the detail pane follows j/k)', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s), now: () => T });
    h.timers.runDelay(100);
    const before = h.snapshots.length;
    const res = await h.core.handlers['requests:get']({ workspaceId: 'env', requestId: s.facts.requests.matched.requestId });
    expect(res.ok).toBe(true);
    h.timers.runDelay(100);
    expect(h.snapshots.length).toBe(before);
  });

  it('a status-only snapshot keeps requestsRev and the array; a new request keeps the unchanged rows’ objects', async () => {
    const s = await sim();
    let t = T;
    const h = await startCore({ env: envFor(s), now: () => t });
    h.timers.runDelay(100);
    const first = h.snapshots.at(-1)!;
    expect(first.requestsRev).toEqual(expect.any(Number));

    t += 60_000; // the next poll succeeds later: only the workspace's status changes
    await h.refresh();
    h.timers.runDelay(100);
    const statusOnly = h.snapshots.at(-1)!;
    expect(statusOnly.seq).toBeGreaterThan(first.seq);
    expect(statusOnly.workspaces[0]!.poll.lastSuccessAt).toBe(t);
    expect(statusOnly.requestsRev).toBe(first.requestsRev);
    expect(statusOnly.requests).toBe(first.requests);

    const added = s.control.addPendingRequest();
    await h.refresh();
    h.timers.runDelay(100);
    const next = h.snapshots.at(-1)!;
    expect(next.requestsRev).not.toBe(first.requestsRev);
    expect(next.requests.map((r) => r.id)).toContain(added.id);
    const kept = first.requests[0]!;
    expect(next.requests.find((r) => r.id === kept.id)).toBe(kept);
    // The handler answers with what was published, not with a rebuilt copy.
    const read = await h.core.handlers['queue:get-snapshot'](undefined);
    expect(read.requests).toBe(next.requests);
    expect(read.requestsRev).toBe(next.requestsRev);
  });

  it('names resolved later change the views (and the revision) without any row changing', async () => {
    const s = await sim();
    s.control.injectFault({ route: 'agents', times: 1, action: { kind: 'status', status: 503 } });
    let t = T;
    const h = await startCore({ env: envFor(s), now: () => t, api: { timeoutMs: 1500, retryBaseMs: 5, getRetries: 0 } });
    h.timers.runDelay(100);
    const before = h.snapshots.at(-1)!;
    const row = before.requests.find((r) => r.status === 'PENDING')!;
    expect(row.agentName).toBe(row.agentId);
    t += NAMES_REFRESH_MS; // past the retry wait after the failed lookup
    await h.refresh();
    h.timers.runDelay(100);
    const after = h.snapshots.at(-1)!;
    expect(after.requestsRev).not.toBe(before.requestsRev);
    expect(after.requests.find((r) => r.id === row.id)!.agentName).not.toBe(row.agentId);
  });
});

describe('what a decision did', () => {
  it('matched and approved participants carry their names; the participant list is read once, not per poll', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const matched = h.now().requests.find((r) => r.id === s.facts.requests.matched.requestId)!;
    expect(matched.matchedParticipantName).toBe('Анна Кузнецова');
    s.control.resetLog();
    await h.refresh();
    await h.refresh();
    expect(s.control.requestLog().filter((e) => e.path.includes('/participants'))).toEqual([]);
  });

  it('the mode of an approval sent from this console is in the view, survives a restart, and is absent for others', async () => {
    const s = await sim();
    const dir = tempDir();
    const h = await startCore({ env: envFor(s), dir });
    const { requestId, participantId } = s.facts.requests.addToExisting;
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId, mode: 'ADD_TO_EXISTING', participantId }));
    expect(out).toMatchObject({ outcome: 'applied', request: { approveMode: 'ADD_TO_EXISTING', approvedParticipantName: 'Kwame Mensah' } });
    const other = s.facts.pendingStoryIds.find((id) => id !== requestId && s.control.getRequest(id)!.agentId !== s.facts.readOnlyAgentId)!;
    s.control.decideAsOtherOperator(other, 'APPROVED');
    await h.refresh();
    expect(h.now().requests.find((r) => r.id === other)!.approveMode).toBeNull();
    await h.stop();

    const again = await startCore({ env: envFor(s), dir });
    const row = again.now().requests.find((r) => r.id === requestId)!;
    expect(row).toMatchObject({ status: 'APPROVED', approveMode: 'ADD_TO_EXISTING', approvedParticipantName: 'Kwame Mensah' });
  });
});

describe('notifications', () => {
  it('F46: a new request is announced once and only once, and not again after a restart', async () => {
    const s = await sim();
    const dir = tempDir();
    const first = await startCore({ env: envFor(s), dir });
    const added = s.control.addPendingRequest({ displayName: 'Dana Example', provider: 'telegram' });
    await first.refresh();
    await first.refresh();
    expect(first.notices).toHaveLength(1);
    expect(first.notices[0]).toMatchObject({ title: 'Dana Example on Telegram', requests: [{ workspaceId: 'env', requestId: added.id }] });
    expect(first.pushedNotices).toEqual(first.notices);
    await first.stop();

    const second = await startCore({ env: envFor(s), dir });
    await second.refresh();
    expect(second.notices).toEqual([]);
    const later = s.control.addPendingRequest();
    await second.refresh();
    expect(second.notices.map((n) => n.requests[0]!.requestId)).toEqual([later.id]);
  });

  it('the API token never reaches a native notification, even when a sender\'s name repeats it', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    await h.refresh();
    s.control.addPendingRequest({ displayName: `Eve ${s.token}`, provider: 'sms' });
    await h.refresh();
    expect(h.notices).toHaveLength(1);
    expect(JSON.stringify(h.notices)).not.toContain(s.token);
    expect(h.notices[0]!.title).toBe('Eve [redacted] on SMS');
    // A name long enough to be cut in the title: the token is taken out before the cut, not half of it left.
    s.control.addPendingRequest({ displayName: `Please let me in, here is my key: ${s.token}${'x'.repeat(40)}`, provider: 'sms' });
    await h.refresh();
    expect(h.notices).toHaveLength(2);
    expect(h.notices[1]!.title).toMatch(/^Please let me in, here is my key: \[redacted\]x+… on SMS$/);
    expect(h.pushedNotices[1]!.title).toBe(h.notices[1]!.title);
  });

  it('F46: a flood of 200 new requests in one poll becomes one summary', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    for (let i = 0; i < 200; i += 1) s.control.addPendingRequest({ provider: i < 150 ? 'whatsapp' : 'slack' });
    await h.refresh();
    expect(h.notices).toHaveLength(1);
    expect(h.notices[0]).toMatchObject({ grouped: true, body: '150 WhatsApp, 50 Slack waiting' });
    expect(h.notices[0]!.requests).toHaveLength(200);
  });

  it('F38: after suspend and resume the backlog is one catch-up summary', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    h.core.suspend();
    s.control.resetLog();
    s.control.addPendingRequest();
    s.control.addPendingRequest();
    await h.refresh();
    expect(s.control.requestLog()).toEqual([]); // nothing polls while suspended
    expect(h.now().workspaces[0]!.poll.state).toBe('paused');
    h.core.resume();
    await h.refresh();
    expect(h.notices).toHaveLength(1);
    expect(h.notices[0]).toMatchObject({ grouped: true, title: '2 new access requests while you were away' });
  });

  it('F38: waking fires resume and then unlock-screen: one catch-up, so the burst after the backlog is announced as usual', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    h.core.suspend();
    s.control.addPendingRequest();
    s.control.addPendingRequest();
    h.core.resume();
    h.core.resume(); // unlock-screen
    await h.refresh();
    expect(h.notices.map((n) => n.title)).toEqual(['2 new access requests while you were away']);
    s.control.addPendingRequest();
    s.control.addPendingRequest();
    await h.refresh();
    expect(h.notices.slice(1).map((n) => n.grouped)).toEqual([false, false]);
    // A resume with no suspend before it (the app started after the sleep) changes nothing either.
    h.core.resume();
    s.control.addPendingRequest();
    s.control.addPendingRequest();
    await h.refresh();
    expect(h.notices.slice(3).map((n) => n.grouped)).toEqual([false, false]);
  });

  it('F38: a signed-out workspace is not waited for after a wake-up: the backlog of the others is said as soon as they have polled', async () => {
    const a = await sim({ seed: 1 });
    const b = await sim({ seed: 2 });
    const h = await startCore();
    const signIn = async (s: typeof a) => {
      const res = await h.core.handlers['auth:sign-in-with-token']({ baseUrl: s.url, tenant: s.tenant, token: s.token, label: s.url });
      if (!res.ok) throw new Error(res.error.message);
    };
    await signIn(a);
    await signIn(b);
    await h.refresh();
    b.control.revokeToken(b.token);
    await h.refresh();
    h.core.suspend();
    a.control.addPendingRequest();
    a.control.addPendingRequest();
    h.core.resume();
    await h.refresh();
    expect(h.notices.map((n) => n.title)).toEqual(['2 new access requests while you were away']);
  });

  it('respects "notifications off" but still records the requests as seen', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    await h.core.handlers['settings:update']({ notificationsEnabled: false });
    s.control.addPendingRequest();
    await h.refresh();
    await h.core.handlers['settings:update']({ notificationsEnabled: true });
    await h.refresh();
    expect(h.notices).toEqual([]);
  });
});

describe('decisions', () => {
  it('F30: the approve times out but the server applied it → applied, reconciled', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s), api: { timeoutMs: 300, retryBaseMs: 5 } });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.injectFault({ route: 'approve', action: { kind: 'hang-after-apply' } });
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({ outcome: 'applied', reconciled: true, request: { status: 'APPROVED', processedBy: s.operatorUserId } });
  });

  it('F30: the connection resets after the server applied the reject → applied, reconciled', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[1]!;
    s.control.injectFault({ route: 'reject', action: { kind: 'reset-after-apply' } });
    const out = outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: id, note: 'spam' }));
    expect(out).toMatchObject({ outcome: 'applied', reconciled: true, request: { status: 'REJECTED' } });
    expect(h.now().requests.find((r) => r.id === id)!.status).toBe('REJECTED');
  });

  it('F31: the connection resets before the server applied it → not applied, safe to retry, never replayed', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.injectFault({ route: 'approve', action: { kind: 'reset' } });
    s.control.resetLog();
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({ outcome: 'not-applied', request: { status: 'PENDING' } });
    expect(out.outcome === 'not-applied' && out.error.message).toMatch(/safe to retry/);
    expect(s.control.getRequest(id)!.status).toBe('PENDING');
    expect(s.control.requestLog().filter((e) => e.method === 'POST')).toHaveLength(1);
    // The operator retries: now it goes through.
    const retry = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(retry.outcome).toBe('applied');
  });

  it('F32: another operator decided first → already-decided with their name, not an error', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.decideAsOtherOperator(id, 'REJECTED', 'duplicate');
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({
      outcome: 'already-decided',
      request: { status: 'REJECTED', processedBy: s.facts.users.aliceUserId, processedByName: 'Alice Moreno', processingNote: 'duplicate' },
    });
    expect(pendingIds(h)).not.toContain(id);
  });

  it('F34: a second decision on the same request while one is in flight is refused', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.injectFault({ route: 'approve', action: { kind: 'latency', ms: 150 } });
    const first = h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' });
    const second = await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' });
    const third = await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: id });
    expect(second).toMatchObject({ ok: false, error: { code: 'in-progress' } });
    expect(third).toMatchObject({ ok: false, error: { code: 'in-progress' } });
    expect(outcomeOf(await first).outcome).toBe('applied');
    expect(s.control.requestLog().filter((e) => e.method === 'POST')).toHaveLength(1);
  });

  it('F21: 401 on approve → "not submitted", the workspace signs out, nothing is replayed', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.revokeToken(s.token);
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'unauthorized', message: SESSION_EXPIRED_MESSAGE } });
    const ws = h.now().workspaces[0]!;
    expect(ws.poll.state).toBe('signed-out');
    expect(h.now().requests.find((r) => r.id === id)).toMatchObject({ canDecide: false });
    const again = await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' });
    expect(again).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(s.control.getRequest(id)!.status).toBe('PENDING');
  });

  it('F22: 403 on approve → not applied, that agent becomes read-only and its other requests are refused unsent; other agents stay decidable', async () => {
    const s = await sim();
    const other = s.control.addPendingRequest({ agentId: s.facts.readOnlyAgentId });
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.requests.readOnlyRequestId;
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'forbidden' } });
    const views = h.now().requests.filter((r) => r.status === 'PENDING');
    const readOnly = views.filter((r) => r.agentId === s.facts.readOnlyAgentId);
    expect(readOnly.every((r) => !r.canDecide && r.readOnlyReason !== null)).toBe(true);
    expect(views.filter((r) => r.agentId !== s.facts.readOnlyAgentId).every((r) => r.canDecide)).toBe(true);
    expect(h.now().workspaces[0]!.poll.state).toBe('live'); // not signed out, not retried
    // Another request of that agent, still on a page that had not caught up: refused here, not sent.
    expect(readOnly.map((r) => r.id)).toContain(other.id);
    const posts = () => s.control.requestLog().filter((e) => e.method === 'POST').length;
    const before = posts();
    const again = outcomeOf(await h.core.handlers['requests:reject']({ workspaceId: 'env', requestId: other.id }));
    expect(again).toMatchObject({ outcome: 'not-applied', error: { code: 'forbidden' }, canRetry: false });
    expect(posts()).toBe(before);
  });

  it('F27: 429 on approve → not submitted, with the wait from Retry-After', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.injectFault({ route: 'approve', action: { kind: 'status', status: 429, headers: { 'retry-after': '30' } } });
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'rate-limited', retryAfterMs: 30_000 } });
    expect(out.outcome === 'not-applied' && out.error.message).toBe('Not submitted (rate limited) – try again in 30 s.');
    expect(s.control.getRequest(id)!.status).toBe('PENDING');
  });

  it('F19: a validation 400 is shown with the server’s words, not as "already processed"', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = s.facts.pendingStoryIds[0]!;
    s.control.injectFault({
      route: 'approve',
      action: {
        kind: 'status',
        status: 400,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Validation failed', detail: 'displayName must be at most 150 characters' }),
      },
    });
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW', displayName: 'x' }));
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'validation' } });
    expect(out.outcome === 'not-applied' && out.error.message).toContain('displayName must be at most 150 characters');
  });

  it('F33: a poll answered before the approve but delivered after it does not bring the row back to pending', async () => {
    const s = await sim();
    let hold: Promise<void> | null = null;
    let release = () => {};
    // Holds list answers (already computed by the server) until the test releases them.
    const gatedFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (hold && /participantAccessRequests(\?|$)/.test(url)) await hold;
      return res;
    };
    const h = await startCore({ env: envFor(s), fetch: gatedFetch });
    const id = s.facts.pendingStoryIds[0]!;
    hold = new Promise((r) => (release = r));
    s.control.resetLog();
    const poll = h.refresh();
    await waitFor(() => s.control.requestLog().some((e) => e.path.endsWith('/participantAccessRequests')), 'the list to be answered');
    const out = outcomeOf(await h.core.handlers['requests:approve']({ workspaceId: 'env', requestId: id, mode: 'CREATE_NEW' }));
    expect(out.outcome).toBe('applied');
    hold = null;
    release();
    await poll;
    expect(h.now().requests.find((r) => r.id === id)!.status).toBe('APPROVED');
    // The next poll (sent after the decision) agrees.
    await h.refresh();
    expect(h.now().requests.find((r) => r.id === id)!.status).toBe('APPROVED');
  });
});

describe('workspaces', () => {
  async function signIn(h: Awaited<ReturnType<typeof startCore>>, s: Awaited<ReturnType<typeof sim>>, token = s.token) {
    const res = await h.core.handlers['auth:sign-in-with-token']({ baseUrl: s.url, tenant: s.tenant, token, label: `Sim ${s.url}` });
    if (!res.ok) throw new Error(res.error.message);
    return res.value;
  }

  it('with nothing configured the demo runs; signing in replaces it; signing out of the last one brings it back', async () => {
    const h = await startCore();
    expect(h.now().workspaces).toEqual([expect.objectContaining({ id: 'demo', label: 'Demo workspace', isDemo: true })]);
    expect(h.now().requests.length).toBeGreaterThan(0);
    const s = await sim({ seed: 7 });
    const ws = await signIn(h, s);
    expect(h.now().workspaces.map((w) => w.id)).toEqual([ws.id]);
    expect(ws).toMatchObject({ credential: 'session-only', isDemo: false, tenant: s.tenant });
    await h.refresh();
    expect(h.now().requests.every((r) => r.workspaceId === ws.id)).toBe(true);
    expect(h.notices).toEqual([]); // first snapshot after sign-in is silent
    expect(await h.core.handlers['auth:sign-out']({ workspaceId: ws.id })).toEqual(ok(null));
    expect(h.now().workspaces.map((w) => w.id)).toEqual(['demo']);
  });

  it('signing out cancels the workspace\'s name lookups: no request carries its token afterwards', async () => {
    const s = await sim({ seed: 7 });
    const h = await startCore({ env: envFor(s) });
    const ws = h.now().workspaces[0]!;
    // A request naming an agent the console has not seen makes the next poll look the agents up; that call hangs.
    s.control.injectFault({ route: 'agents', action: { kind: 'hang' } });
    s.control.addPendingRequest({ agentId: 'agent-new-to-the-console' });
    s.control.resetLog();
    const poll = h.refresh();
    await waitFor(() => s.control.requestLog().some((e) => e.path.endsWith('/agents')), 'the agents lookup');
    expect(await h.core.handlers['auth:sign-out']({ workspaceId: ws.id })).toEqual(ok(null));
    const after = s.control.requestLog().length;
    // The poll waits for its name lookups: a lookup still running would time out (1.5 s here) and
    // send its retry before the poll ends.
    await poll;
    expect(s.control.requestLog().slice(after)).toEqual([]);
  });

  it('a deep link\'s request the queue does not hold is looked for on each workspace\'s server; the one that has it is named, and the queue learns it', async () => {
    const a = await sim({ seed: 1 });
    const b = await sim({ seed: 2 });
    const h = await startCore();
    await signIn(h, a);
    const wb = await signIn(h, b);
    await h.refresh();
    const fresh = b.control.addPendingRequest({ displayName: 'Only On B' });
    expect(h.now().requests.some((r) => r.id === fresh.id)).toBe(false);
    expect(await h.core.locateRequest(fresh.id)).toEqual({ workspaceId: wb.id, requestId: fresh.id });
    expect(h.now().requests.find((r) => r.id === fresh.id)).toMatchObject({ workspaceId: wb.id, status: 'PENDING' });
    expect(await h.core.locateRequest('no-such-request')).toBeNull();
    // Ids are unique only within a workspace: the same id on both is not guessed at.
    const twin = a.control.addPendingRequest({ id: 'same-id-on-both' });
    b.control.addPendingRequest({ id: twin.id });
    expect(await h.core.locateRequest(twin.id)).toBeNull();
    // Asleep: no server is asked.
    h.core.suspend();
    a.control.resetLog();
    b.control.resetLog();
    expect(await h.core.locateRequest(fresh.id)).toBeNull();
    expect([...a.control.requestLog(), ...b.control.requestLog()]).toEqual([]);
  });

  it('F20: a 401 on one workspace’s poll signs only that one out; its list stays visible but read-only', async () => {
    const a = await sim({ seed: 1 });
    const b = await sim({ seed: 2 });
    const h = await startCore();
    const wa = await signIn(h, a);
    const wb = await signIn(h, b);
    await h.refresh();
    await h.core.handlers['queue:refresh-history'](undefined);
    a.control.revokeToken(a.token);
    await h.refresh();
    const status = (id: string) => h.now().workspaces.find((w) => w.id === id)!;
    expect(status(wa.id).poll.state).toBe('signed-out');
    expect(status(wb.id).poll.state).toBe('live');
    const rowsA = h.now().requests.filter((r) => r.workspaceId === wa.id && r.status === 'PENDING');
    expect(rowsA.length).toBeGreaterThan(0);
    expect(rowsA.every((r) => !r.canDecide)).toBe(true);
    expect(h.now().requests.filter((r) => r.workspaceId === wb.id).some((r) => r.canDecide)).toBe(true);
    // No retry loop on the dead token.
    a.control.resetLog();
    await h.refresh();
    h.timers.runDue();
    await h.refresh();
    expect(a.control.requestLog()).toEqual([]);
    // Signing in again brings it back, silently.
    const fresh = a.control.issueToken();
    await signIn(h, a, fresh);
    await h.refresh();
    expect(status(wa.id).poll.state).toBe('live');
    expect(h.notices).toEqual([]);
  });

  it('sign-in refuses a rejected token and a non-https remote URL', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const bad = await h.core.handlers['auth:sign-in-with-token']({ baseUrl: s.url, tenant: s.tenant, token: 'fx_pat_not_a_real_token' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'unauthorized', message: expect.stringMatching(/rejected/) } });
    const http = await h.core.handlers['auth:sign-in-with-token']({ baseUrl: 'http://example.com', tenant: 't', token: 'abcdefgh12' });
    expect(http).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('a persisting vault keeps the workspace across restarts; the token never shows in diagnostics', async () => {
    const s = await sim();
    const dir = tempDir();
    const tokens = new Map<string, string>();
    const vault: CredentialVault = {
      kind: async () => 'persisted',
      notice: () => null,
      get: async (id) => tokens.get(id) ?? null,
      set: async (id, t) => (tokens.set(id, t), ok(null)),
      remove: async (id) => void tokens.delete(id),
    };
    const first = await startCore({ dir, vault });
    const ws = await signIn(first, s);
    expect(ws.credential).toBe('persisted');
    await first.stop();
    const second = await startCore({ dir, vault });
    expect(second.now().workspaces).toEqual([expect.objectContaining({ id: ws.id, credential: 'persisted', poll: expect.objectContaining({ state: 'live' }) })]);
    const text = await second.core.handlers['app:copy-diagnostics'](undefined);
    expect(text).toContain(ws.id);
    expect(text).toContain(s.url);
    expect(text).not.toContain(s.token);
  });

  it('F23: warns of a key expiring within 7 days using the server’s clock, even when the local clock is days off', async () => {
    const s = await sim();
    const day = 86_400_000;
    const expiring = s.control.issueToken({ expiresAt: Date.now() + 3.5 * day });
    const fastClock = () => Date.now() + 5 * day;
    const h = await startCore({ now: fastClock });
    const ws = await signIn(h, s, expiring);
    expect(ws.expiryWarning).toMatch(/expires in 3 days/);
    const later = s.control.issueToken({ expiresAt: Date.now() + 30 * day });
    const ok30 = await signIn(h, s, later);
    expect(ok30.expiryWarning).toBeNull();
  });

  it('a session-only vault signs in for this session and says why', async () => {
    const s = await sim();
    const h = await startCore({ vault: createMemoryVault('No OS keyring: the token is kept until you quit.') });
    const ws = await signIn(h, s);
    expect(ws).toMatchObject({ credential: 'session-only', credentialNotice: 'No OS keyring: the token is kept until you quit.' });
  });

  it('changing the poll interval reschedules a healthy poller at once', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    expect(h.timers.scheduled()).toContain(15_000);
    await h.core.handlers['settings:update']({ pollSeconds: 300 });
    expect(h.timers.scheduled()).not.toContain(15_000);
    expect(h.timers.scheduled().some((ms) => ms > 15_000 && ms <= 300_000)).toBe(true);
  });

  it('lowering the poll interval below the time since the last poll polls at once (no "Stale" meanwhile)', async () => {
    const s = await sim();
    const clock = { skew: 0 };
    const h = await startCore({ env: envFor(s), now: () => Date.now() + clock.skew });
    await h.core.handlers['settings:update']({ pollSeconds: 300 });
    clock.skew = 45_000;
    await h.core.handlers['settings:update']({ pollSeconds: 60 });
    expect(h.timers.scheduled()).not.toContain(0);
    await h.core.handlers['settings:update']({ pollSeconds: 15 });
    expect(h.timers.scheduled()).toContain(0);
  });

  it('a bad environment configuration is an error status, not a crash', async () => {
    const h = await startCore({ env: { FRUXON_API_URL: 'http://example.com', FRUXON_TENANT: 'acme', FRUXON_TOKEN: 'abcdefgh' } });
    const [ws] = h.now().workspaces;
    expect(ws).toMatchObject({ id: 'env', poll: { state: 'error', lastError: { code: 'bad-input', message: expect.stringMatching(/FRUXON_API_URL/) } } });
    const missing = await startCore({ env: { FRUXON_API_URL: 'https://api.fruxon.com' } });
    expect(missing.now().workspaces[0]!.poll.lastError?.message).toMatch(/FRUXON_TENANT/);
  });
});

describe('settings and app handlers', () => {
  // These need no server: an incomplete environment configures a workspace that never polls.
  const idleEnv = { FRUXON_API_URL: 'https://api.fruxon.com', FRUXON_TENANT: 'acme' };

  it('F41: a settings save that fails keeps the new value and says so', async () => {
    const real = createJsonFileStore(tempDir());
    const store: KeyValueStore = {
      read: (k) => real.read(k),
      write: (k, v) => (k === 'settings' ? fail('internal', 'ENOSPC: no space left on device') : real.write(k, v)),
      quarantine: (k) => real.quarantine(k),
    };
    const h = await startCore({ env: idleEnv, dataStore: store });
    const res = await h.core.handlers['settings:update']({ pollSeconds: 60 });
    expect(res).toMatchObject({ ok: true, value: { settings: { pollSeconds: 60 }, notice: 'Could not save settings: ENOSPC: no space left on device' } });
    expect(h.core.settings().pollSeconds).toBe(60);
    expect(h.settingsPushes.at(-1)!.settings.pollSeconds).toBe(60);
  });

  it('openExternal opens only allowlisted web pages', async () => {
    const h = await startCore({ env: idleEnv });
    expect(await h.core.handlers['app:open-external']({ url: 'https://docs.fruxon.com/guides/tokens/' })).toEqual(ok(null));
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'https://fruxon.com.evil.example/', 'smb://host/share']) {
      expect(await h.core.handlers['app:open-external']({ url })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    }
    expect(h.opened).toEqual(['https://docs.fruxon.com/guides/tokens/']);
  });

  it('openRequest pushes the reference; getInfo returns the host', async () => {
    const h = await startCore({ env: idleEnv });
    h.core.openRequest({ workspaceId: 'env', requestId: 'abc' });
    expect(h.openRequests).toEqual([{ workspaceId: 'env', requestId: 'abc' }]);
    expect(await h.core.handlers['app:get-info'](undefined)).toEqual({ version: '0.0.0-test', host: 'browser', platform: 'linux' });
  });

  it('openRequest (a notification click or a deep link) passes on ids of 1 to 200 characters and nothing else', async () => {
    const h = await startCore({ env: idleEnv });
    const longest = 'r'.repeat(200);
    const refused: unknown[] = [
      { workspaceId: '', requestId: 'abc' },
      { workspaceId: 'env', requestId: '' },
      { workspaceId: 'env', requestId: 'r'.repeat(201) },
      { workspaceId: 'w'.repeat(201), requestId: 'abc' },
      { workspaceId: 'env', requestId: 42 },
      { workspaceId: null, requestId: 'abc' },
    ];
    for (const ref of refused) h.core.openRequest(ref as { workspaceId: string; requestId: string });
    h.core.openRequest({ workspaceId: 'env', requestId: longest });
    h.core.openRequest({ workspaceId: 'e', requestId: 'x' });
    expect(h.openRequests).toEqual([
      { workspaceId: 'env', requestId: longest },
      { workspaceId: 'e', requestId: 'x' },
    ]);
  });
});

describe('the composition, seen from its callers', () => {
  const idleEnv = { FRUXON_API_URL: 'https://api.fruxon.com', FRUXON_TENANT: 'acme' };

  it('without an updater, the update state says the console does not update itself, and a restart to update is refused with it', async () => {
    const h = await startCore({ env: idleEnv });
    expect(await h.core.handlers['app:get-update-state'](undefined)).toEqual({ state: 'off', reason: 'This console does not update itself.' });
    const withReason = await startCore({ env: idleEnv, updatesOffReason: 'Updates come from your package manager.' });
    expect(await withReason.core.handlers['app:get-update-state'](undefined)).toEqual({ state: 'off', reason: 'Updates come from your package manager.' });
  });

  it('starting a started core does nothing; a stopped core starts again and polls', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const pushes = h.settingsPushes.length;
    await h.core.start();
    expect(h.settingsPushes).toHaveLength(pushes);
    await h.core.stop();
    expect(h.timers.scheduled()).toEqual([]);
    await h.core.start();
    expect(h.settingsPushes).toHaveLength(pushes + 1);
    await h.refresh();
    expect(h.now().workspaces[0]!.poll.state).toBe('live');
    expect(h.timers.scheduled()).toContain(15_000);
  });

  it('a changed setting other than the interval leaves the poll timer running (no countdown restarts)', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const cleared: unknown[] = [];
    const clear = h.timers.clearTimeout.bind(h.timers);
    h.timers.clearTimeout = (handle) => {
      cleared.push(handle);
      clear(handle);
    };
    const before = h.timers.scheduled();
    await h.core.handlers['settings:update']({ sound: true, undoSeconds: 3 });
    expect(cleared).toEqual([]);
    expect(h.timers.scheduled()).toEqual(before);
  });

  it('a workspace that is not there: its detail, participants and decisions are refused in words, nothing is sent', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    s.control.resetLog();
    const ref = { workspaceId: 'gone', requestId: h.now().requests[0]!.id };
    const gone = { ok: false, error: { code: 'no-workspace', message: 'That workspace is not signed in any more.' } };
    const notSent = { ok: false, error: { code: 'no-workspace', message: 'Not submitted: That workspace is not signed in any more.' } };
    expect(await h.core.handlers['requests:get'](ref)).toEqual(gone);
    expect(await h.core.handlers['participants:list']({ workspaceId: 'gone' })).toEqual(gone);
    expect(await h.core.handlers['requests:approve']({ ...ref, mode: 'CREATE_NEW' })).toEqual(notSent);
    expect(await h.core.handlers['requests:reject'](ref)).toEqual(notSent);
    expect(s.control.requestLog()).toEqual([]);
  });

  it('diagnostics say how many requests each workspace holds; a signed-out workspace is gone from them', async () => {
    const s = await sim();
    const h = await startCore();
    const res = await h.core.handlers['auth:sign-in-with-token']({ baseUrl: s.url, tenant: s.tenant, token: s.token, label: 'Sim' });
    if (!res.ok) throw new Error(res.error.message);
    await h.refresh();
    await h.core.handlers['queue:refresh-history'](undefined);
    const held = h.now().requests.filter((r) => r.workspaceId === res.value.id).length;
    expect(held).toBe(s.control.listRequests().length);
    expect(await h.core.handlers['app:copy-diagnostics'](undefined)).toContain(`"Sim"\n  base URL: ${s.url}  tenant: ${s.tenant}\n  credential: session-only\n  poll: live, last success`);
    expect(await h.core.handlers['app:copy-diagnostics'](undefined)).toMatch(new RegExp(`dropped rows 0\\n  requests held: ${held}\\n`));
    await h.core.handlers['auth:sign-out']({ workspaceId: res.value.id });
    const after = await h.core.handlers['app:copy-diagnostics'](undefined);
    expect(after).not.toContain(res.value.id);
    expect(after).not.toContain(`requests held: ${held}`);
  });

  it('a detail read answered 401 signs that workspace out, as a poll would', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const id = h.now().requests[0]!.id;
    s.control.revokeToken(s.token);
    const res = await h.core.handlers['requests:get']({ workspaceId: 'env', requestId: id });
    expect(res.ok).toBe(true); // the queue's copy, read-only
    expect(h.now().workspaces[0]).toMatchObject({ id: 'env', poll: { state: 'signed-out' } });
  });

  it('signing in again after a sign-out: the queue it loads is not announced as new', async () => {
    const s = await sim({ pending: 3 });
    const h = await startCore({ env: envFor(s) });
    s.control.revokeToken(s.token);
    await h.refresh();
    expect(h.now().workspaces[0]!.poll.state).toBe('signed-out');
    const before = pendingIds(h).length;
    for (let i = 0; i < 4; i += 1) s.control.addPendingRequest();
    const token = s.control.issueToken();
    const res = await h.core.handlers['auth:sign-in-with-token']({ baseUrl: s.url, tenant: s.tenant, token, label: 'Again' });
    if (!res.ok) throw new Error(res.error.message);
    await h.refresh();
    expect(pendingIds(h)).toHaveLength(before + 4);
    expect(h.notices).toEqual([]);
    expect(h.pushedNotices).toEqual([]);
  });

  it('showView (the tray menu\'s Settings…) pushes the view to the window', async () => {
    const h = await startCore({ env: idleEnv });
    const pushed: unknown[] = [];
    h.core.subscribe((channel, payload) => {
      if (channel === 'app:show-view') pushed.push(payload);
    });
    h.core.showView('settings');
    expect(pushed).toEqual([{ view: 'settings' }]);
  });

  it('a device sign-in makes a workspace named after the tenant, on its slug', async () => {
    const s = await sim();
    const h = await startCore();
    const started = await h.core.handlers['auth:start-device-flow']({ baseUrl: s.url });
    if (!started.ok || started.value.state !== 'waiting') throw new Error('expected a waiting device flow');
    expect(s.control.approveDevice(started.value.userCode)).toBe(true);
    h.timers.runDue();
    await waitFor(() => h.deviceFlow.at(-1)?.state === 'approved', 'the approval');
    const approved = h.deviceFlow.at(-1)!;
    if (approved.state !== 'approved') throw new Error('expected approved');
    expect(approved.tenantName).not.toBe(s.tenant);
    expect(h.now().workspaces).toEqual([expect.objectContaining({ id: approved.workspaceId, tenant: s.tenant, label: approved.tenantName })]);
  });
});
