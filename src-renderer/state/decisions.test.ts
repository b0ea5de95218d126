// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecisionOutcome } from '../../src-shared/contract';
import type { Result } from '../../src-shared/domain';
import { formatClockSeconds } from '../../src-shared/when';
import { aRequest, aSnapshot, aWorkspace } from '../../test/fakes/builders';
import { coreOutcomes, createFakeAppApi, type FakeAppApi } from '../../test/fakes/fake-app-api';
import {
  awaitingConfirmation,
  batchReport,
  blockReasonIn,
  createDecisionController,
  decisionLine,
  decisionSpoken,
  decisionText,
  needsAction,
  outcomeFor,
  rateLimitedUntil,
  settleDecidedElsewhere,
  settleUnknownChecked,
  settleUnknownObserved,
  syncLimitsWith,
  useDecisionsStore,
  type BatchRecord,
  type DecisionController,
  type DecisionPhase,
  type DecisionRecord,
} from './decisions';
import { useQueueStore } from './queue';
import { rateLimitedReason } from './selectors';

const row = aRequest({ id: 'r1', displayName: 'Ana' });
const row2 = aRequest({ id: 'r2', displayName: 'Bo', matchedParticipantId: 'p-9' });
const ref = { workspaceId: 'ws-1', requestId: 'r1' };
let api: FakeAppApi;
let ctl: DecisionController;

const record = (id = 'r1') => useDecisionsStore.getState().records[id];
const flush = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

beforeEach(() => {
  vi.useFakeTimers();
  api = createFakeAppApi({ snapshot: aSnapshot([row, row2]) });
  useQueueStore.getState().applySnapshot(api.snapshot);
  ctl = createDecisionController({ api, undoMs: () => 5000, now: () => Date.now() });
});
afterEach(() => ctl.dispose());

describe('decision lifecycle', () => {
  it('waits out the undo window before sending, then applies and leaves Pending', async () => {
    expect(ctl.confirm({ kind: 'approve', input: { ...ref, mode: 'CREATE_NEW', displayName: 'Ana' }, subject: 'Ana' })).toBe(true);
    expect(record()!.phase).toBe('waiting');
    expect(decisionText(record()!, Date.now())).toBe('Approving Ana…');
    await vi.advanceTimersByTimeAsync(4999);
    expect(api.callsTo('requests.approve')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(api.callsTo('requests.approve')).toHaveLength(1);
    expect(record()!.phase).toBe('applied');
    expect(record()!.message).toBe('Approved Ana');
    expect(useQueueStore.getState().requests.find((r) => r.id === 'r1')!.status).toBe('APPROVED');
  });

  it('Undo during the window cancels: nothing is ever sent', async () => {
    ctl.confirm({ kind: 'reject', input: ref, subject: 'Ana' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(ctl.undo('r1')).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.callsTo('requests.reject')).toHaveLength(0);
    expect(record()).toBeUndefined();
  });

  it('F34: a second confirmation while one is in flight does nothing; one call is sent', async () => {
    expect(ctl.confirm({ kind: 'approve', input: { ...ref, mode: 'CREATE_NEW' }, subject: 'Ana' })).toBe(true);
    expect(ctl.confirm({ kind: 'approve', input: { ...ref, mode: 'CREATE_NEW' }, subject: 'Ana' })).toBe(false);
    expect(ctl.confirm({ kind: 'reject', input: ref, subject: 'Ana' })).toBe(false);
    const hold = api.holdDecisions();
    await vi.advanceTimersByTimeAsync(5000);
    expect(record()!.phase).toBe('sending');
    expect(ctl.confirm({ kind: 'approve', input: { ...ref, mode: 'CREATE_NEW' }, subject: 'Ana' })).toBe(false);
    hold.release();
    await flush();
    expect(api.callsTo('requests.approve')).toHaveLength(1);
    expect(api.callsTo('requests.reject')).toHaveLength(0);
  });

  it('F32: already decided by someone else is information, with who and when', async () => {
    api.scriptDecision({ ok: true, value: coreOutcomes.alreadyDecided('approve', { ...row, status: 'APPROVED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: Date.now() }, Date.now()) });
    ctl.confirm({ kind: 'approve', input: { ...ref, mode: 'CREATE_NEW' }, subject: 'Ana' });
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(record()!.phase).toBe('already-decided');
    expect(record()!.tone).toBe('info');
    expect(record()!.message).toMatch(/^Already approved by Alice Moreno at \d\d:\d\d$/);
    expect(record()!.canRetry).toBe(false);
    expect(useQueueStore.getState().requests.find((r) => r.id === 'r1')!.status).toBe('APPROVED');
  });

  it('F32: says plainly which decision stands when the other operator decided the opposite', () => {
    const o = outcomeFor({ ok: true, value: coreOutcomes.alreadyDecided('approve', { ...row, status: 'REJECTED', processedByName: 'Alice Moreno', processedAt: 1 }, 2) }, 2);
    expect(o.message).toContain('Already rejected by Alice Moreno');
    expect(o.message).toContain('that decision stands; your approval was not applied');
  });

  it('F32: "already decided, could not read by whom" is shown as such, with no Retry', () => {
    const message = 'Not applied – the server says this request was already decided, but the console could not read who decided it. Open the request to see the decision; do not retry.';
    const o = outcomeFor({ ok: true, value: coreOutcomes.notApplied('decided-unread', { code: 'not-pending', message: 'Request is not pending', status: 400 }, row) }, 0);
    expect(o).toMatchObject({ phase: 'not-applied', message, tone: 'info', canRetry: false });
    expect(o.message).not.toMatch(/^Not applied — retry/);
  });

  it('F31: not applied offers Retry, which never re-sends by itself', async () => {
    const said = 'Not applied – the server did not record the decision. It is safe to retry.';
    api.scriptDecision({ ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row) });
    ctl.confirm({ kind: 'reject', input: { ...ref, note: 'spam' }, subject: 'Ana' });
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(record()!.phase).toBe('not-applied');
    // Main's sentence, said once (the console used to put its own "Not applied — retry." in front).
    expect(record()!.message).toBe(said);
    expect(record()!.canRetry).toBe(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
  });

  it('F21: 401 says the session expired and the decision was not submitted', () => {
    const said = 'Session expired – decision not submitted. Sign in again, then confirm the decision again.';
    const o = outcomeFor({ ok: true, value: coreOutcomes.notApplied('session-expired', { code: 'unauthorized', message: 'HTTP 401', status: 401 }, null) }, 0);
    expect(o.phase).toBe('session-expired');
    expect(o.message).toBe(said);
    // Refused before anything was sent (signed out already): still says it was not submitted.
    const refused = outcomeFor({ ok: false, error: { code: 'unauthorized', message: 'Not submitted: Signed out – sign in again to this workspace before deciding.' } }, 0);
    expect(refused).toMatchObject({ phase: 'session-expired', message: 'Not submitted: Signed out – sign in again to this workspace before deciding.' });
  });

  it('F27: 429 on a decision shows a countdown and blocks Retry until it ends', async () => {
    api.scriptDecision({ ok: false, error: { code: 'rate-limited', message: 'Too many requests', retryAfterMs: 30_000 } });
    ctl.confirm({ kind: 'approve', input: { ...ref, mode: 'CREATE_NEW' }, subject: 'Ana' });
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(record()!.phase).toBe('rate-limited');
    expect(decisionText(record()!, Date.now())).toBe('Not submitted (rate limited) – try again in 30 s');
    expect(decisionText(record()!, Date.now() + 31_000)).toBe('Not submitted (rate limited) – you can try again now');
  });

  it('F30: an unknown outcome is never reported as failed or applied', () => {
    const o = outcomeFor({ ok: true, value: coreOutcomes.unknown('timeout', 'The server did not answer in time.') }, 0);
    expect(o.phase).toBe('unknown');
    expect(o.message).toMatch(/^Outcome unknown/);
    expect(outcomeFor(null, 0).phase).toBe('unknown');
    const reconciled: Result<DecisionOutcome> = { ok: true, value: coreOutcomes.applied('approve', { ...row, status: 'APPROVED' }, true) };
    expect(outcomeFor(reconciled, 0).message).toBe('Approved Ana (confirmed after a connection problem)');
    const added: Result<DecisionOutcome> = {
      ok: true,
      value: coreOutcomes.applied('approve', { ...row, status: 'APPROVED', approveMode: 'ADD_TO_EXISTING', approvedParticipantName: 'Kwame Mensah' }, false),
    };
    expect(outcomeFor(added, 0).message).toBe('Approved Ana – added to Kwame Mensah');
  });

  it('F19: a validation error from the server is shown as not applied, not as already processed', () => {
    const said = 'Not applied – The server rejected the request. The server said: The note is too long.';
    const o = outcomeFor({ ok: true, value: coreOutcomes.notApplied('not-sent', { code: 'validation', message: 'The server rejected the request. The server said: The note is too long.' }, null) }, 0);
    expect(o.phase).toBe('not-applied');
    expect(o.message).toBe(said);
  });

  it('undo window of 0 sends at once', async () => {
    const now0 = createDecisionController({ api, undoMs: () => 0 });
    now0.confirm({ kind: 'reject', input: ref, subject: 'Ana' });
    await flush();
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    now0.dispose();
  });

  it('flushWaiting sends decisions still in their undo window (the page is closing)', async () => {
    ctl.confirm({ kind: 'reject', input: ref, subject: 'Ana' });
    ctl.flushWaiting();
    await flush();
    expect(api.callsTo('requests.reject')).toHaveLength(1);
  });
});

describe('bulk decisions', () => {
  it('one undo window for the batch, then one call per item and a per-item report', async () => {
    api.scriptDecision(
      { ok: true, value: coreOutcomes.applied('reject', { ...row, status: 'REJECTED' }, false) },
      { ok: true, value: coreOutcomes.alreadyDecided('reject', { ...row2, status: 'APPROVED', processedByName: 'Alice Moreno', processedAt: 1 }, Date.now()) },
    );
    const id = ctl.confirmBatch('reject', [
      { ref, subject: 'Ana' },
      { ref: { workspaceId: 'ws-1', requestId: 'r2' }, subject: 'Bo' },
    ]);
    expect(id).not.toBeNull();
    await vi.advanceTimersByTimeAsync(4000);
    expect(api.callsTo('requests.reject')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    await flush();
    await flush();
    const batch = useDecisionsStore.getState().batches[id!]!;
    expect(batch.phase).toBe('done');
    const report = batchReport(batch, useDecisionsStore.getState().records, Date.now());
    expect(report).toMatchObject({ applied: 1, already: 1, failed: 0 });
    expect(report.items[1]!.message).toContain('Already approved by Alice Moreno');
  });

  it('the report says each failure once, in main\'s words; "Retry failed" offers the failures, and only a retry confirmed takes them out of it', async () => {
    const said = 'Not applied – the server did not record the decision. It is safe to retry.';
    api.scriptDecision(
      { ok: true, value: coreOutcomes.applied('reject', { ...row, status: 'REJECTED' }, false) },
      { ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row2) },
    );
    const id = ctl.confirmBatch('reject', [
      { ref, subject: 'Ana' },
      { ref: { workspaceId: 'ws-1', requestId: 'r2' }, subject: 'Bo' },
    ], 'spam wave')!;
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    await flush();
    const batch = useDecisionsStore.getState().batches[id]!;
    const report = batchReport(batch, useDecisionsStore.getState().records, Date.now());
    expect(report).toMatchObject({ applied: 1, already: 0, failed: 1 });
    expect(report.items.map((i) => `${i.subject}: ${i.message}`)).toEqual(['Ana: applied', `Bo: ${said}`]);
    expect(batch.note).toBe('spam wave');
    expect(ctl.failedOf(id)).toEqual(['r2']);
    // Offered, not taken: a retry dialog cancelled leaves the report saying what failed.
    expect(useDecisionsStore.getState().batches[id]!.ids).toEqual(['r1', 'r2']);
    expect(useDecisionsStore.getState().records.r2).toMatchObject({ batchId: id, phase: 'not-applied' });
    expect(api.callsTo('requests.reject')).toHaveLength(2);
    // The retry confirmed: during its undo window the old report still says Bo failed (Undo brings
    // that failure back, and "Retry failed" with it); once it is sent, Bo is the new batch's and the
    // old report speaks of Ana only.
    const retryBo = () => ctl.confirmBatch('reject', [{ ref: { workspaceId: 'ws-1', requestId: 'r2' }, subject: 'Bo' }], 'spam wave')!;
    let retry = retryBo();
    expect(batchReport(useDecisionsStore.getState().batches[id]!, useDecisionsStore.getState().records, Date.now()).items.map((i) => `${i.subject}: ${i.message}`)).toEqual(['Ana: applied', `Bo: ${said}`]);
    expect(ctl.failedOf(id)).toEqual([]);
    expect(ctl.undoBatch(retry)).toBe(true);
    expect(useDecisionsStore.getState().records.r2).toMatchObject({ batchId: id, phase: 'not-applied', message: said });
    expect(ctl.failedOf(id)).toEqual(['r2']);
    retry = retryBo();
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(useDecisionsStore.getState().batches[id]!.ids).toEqual(['r1']);
    expect(useDecisionsStore.getState().batches[retry]!.ids).toEqual(['r2']);
    expect(api.callsTo('requests.reject')).toHaveLength(3);
  });

  it("a request of a finished batch decided again on its own leaves the batch's report: the report never reads the new decision as the batch's", async () => {
    api.scriptDecision(
      { ok: true, value: coreOutcomes.applied('reject', { ...row2, status: 'REJECTED' }, false) },
      { ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 500' }, row) },
      { ok: true, value: coreOutcomes.applied('approve', { ...row, status: 'APPROVED' }, false) },
    );
    const id = ctl.confirmBatch('reject', [{ ref: { workspaceId: 'ws-1', requestId: 'r2' }, subject: 'Bo' }, { ref, subject: 'Ana' }])!;
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    await flush();
    expect(batchReport(useDecisionsStore.getState().batches[id]!, useDecisionsStore.getState().records, Date.now())).toMatchObject({ applied: 1, failed: 1 });
    // Ana approved on her own afterwards: her approval is not the batch's rejection. While it waits
    // the report still says what the batch did to her; once it is sent she leaves the report.
    ctl.confirm({ kind: 'approve', input: { ...ref, mode: 'CREATE_NEW', displayName: 'Ana' }, subject: 'Ana' });
    const report = batchReport(useDecisionsStore.getState().batches[id]!, useDecisionsStore.getState().records, Date.now());
    expect(report).toMatchObject({ applied: 1, failed: 1 });
    expect(report.items.map((i) => `${i.subject}: ${i.result}`)).toEqual(['Bo: applied', 'Ana: failed']);
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(batchReport(useDecisionsStore.getState().batches[id]!, useDecisionsStore.getState().records, Date.now()).items.map((i) => `${i.subject}: ${i.message}`)).toEqual(['Bo: applied']);
  });

  it('bulk bind sends BIND_ONLY; undo cancels the whole batch', async () => {
    const id = ctl.confirmBatch('bind', [{ ref: { workspaceId: 'ws-1', requestId: 'r2' }, subject: 'Bo' }]);
    expect(ctl.undoBatch(id!)).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.callsTo('requests.approve')).toHaveLength(0);
    const id2 = ctl.confirmBatch('bind', [{ ref: { workspaceId: 'ws-1', requestId: 'r2' }, subject: 'Bo' }]);
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(api.callsTo('requests.approve').map((c) => c.input)).toEqual([{ workspaceId: 'ws-1', requestId: 'r2', mode: 'BIND_ONLY' }]);
    expect(useDecisionsStore.getState().batches[id2!]!.phase).toBe('done');
  });
});

const refOf = (requestId: string) => ({ workspaceId: 'ws-1', requestId });
const approve = (id: string, subject = id) => ({ kind: 'approve' as const, input: { ...refOf(id), mode: 'CREATE_NEW' as const }, subject });
const batch = (id: string) => useDecisionsStore.getState().batches[id];
const aRecord = (over: Partial<DecisionRecord>): DecisionRecord => ({
  id: 'r1', ref, kind: 'reject', input: ref, subject: 'Ana', batchId: null, phase: 'applied', sendAt: null,
  message: 'Rejected Ana', tone: 'success', canRetry: false, retryAt: null, seq: 1, at: 0, coreGaveUp: false, ...over,
});

describe('F27: the rate limit a 429 puts on a workspace', () => {
  it('its end is said once to screen readers as a time (true whenever the line is read again), and the words again when the wait is over', () => {
    const r = aRecord({ phase: 'rate-limited', message: 'Too many', retryAt: 60_000, at: 30_000 });
    expect(decisionText(r, 40_000)).toBe('Not submitted (rate limited) – try again in 20 s');
    expect(decisionSpoken(r, 40_000)).toBe(`Not submitted (rate limited) – try again at ${formatClockSeconds(60_000)}`);
    expect(decisionSpoken(r, 59_000)).toBe(`Not submitted (rate limited) – try again at ${formatClockSeconds(60_000)}`);
    // Over: the words themselves (they change once, and are said once).
    expect(decisionSpoken(r, 60_000)).toBeNull();
    expect(decisionText(r, 60_000)).toBe('Not submitted (rate limited) – you can try again now');
    expect(decisionSpoken(aRecord({ phase: 'not-applied', message: 'Not applied – x' }), 40_000)).toBeNull();
  });

  it('lasts until the latest wait a 429 gave in that workspace, whatever became of its notices', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([aRequest({ id: 'r1', displayName: 'Ana' }), aRequest({ id: 'r2', displayName: 'Bo' })]) });
    let t = 1_000_000;
    const c = createDecisionController({ api, undoMs: () => 0, now: () => t });
    api.scriptDecision(
      { ok: true, value: coreOutcomes.notApplied('rate-limited', { code: 'rate-limited', message: 'Slow down', retryAfterMs: 30_000 }, null) },
      { ok: true, value: coreOutcomes.notApplied('rate-limited', { code: 'rate-limited', message: 'Slow down', retryAfterMs: 10_000 }, null) },
    );
    c.confirm({ kind: 'reject', input: ref, subject: 'Ana' });
    await vi.waitFor(() => expect(useDecisionsStore.getState().records.r1?.phase).toBe('rate-limited'));
    t += 1_000;
    c.confirm({ kind: 'reject', input: { ...ref, requestId: 'r2' }, subject: 'Bo' });
    await vi.waitFor(() => expect(useDecisionsStore.getState().records.r2?.phase).toBe('rate-limited'));
    const { limits } = useDecisionsStore.getState();
    // The later of the two waits stands (a shorter one answered after does not cut it).
    expect(rateLimitedUntil(limits, ref.workspaceId, t)).toBe(1_030_000);
    expect(rateLimitedUntil(limits, 'ws-2', t)).toBeNull();
    // Dismissing both notices does not end it.
    c.dismiss('r1');
    c.dismiss('r2');
    expect(rateLimitedUntil(useDecisionsStore.getState().limits, ref.workspaceId, t)).toBe(1_030_000);
    expect(rateLimitedUntil(useDecisionsStore.getState().limits, ref.workspaceId, 1_030_000)).toBeNull();
    c.dispose();
  });

  it('a workspace signed out or gone forgets its wait (a sign-in again is a new credential)', () => {
    useDecisionsStore.setState({ limits: { 'ws-1': 2_000, 'ws-2': 2_000, 'ws-3': 2_000 } });
    syncLimitsWith([aWorkspace({ id: 'ws-1' }), aWorkspace({ id: 'ws-2', poll: { ...aWorkspace().poll, state: 'signed-out' } })]);
    expect(useDecisionsStore.getState().limits).toEqual({ 'ws-1': 2_000 });
  });

  it("F27: core's published hold disables decisions even when no outcome said to wait; the later end stands", () => {
    useDecisionsStore.setState({ limits: { 'ws-1': 5_000 } });
    syncLimitsWith([aWorkspace({ id: 'ws-1', decisionsHeldUntil: 3_000 }), aWorkspace({ id: 'ws-2', decisionsHeldUntil: 9_000 }), aWorkspace({ id: 'ws-3' })]);
    const { limits } = useDecisionsStore.getState();
    expect(limits).toEqual({ 'ws-1': 5_000, 'ws-2': 9_000 });
    expect(blockReasonIn({ records: {}, limits }, aRequest({ workspaceId: 'ws-2' }), 1_000)).toBe(rateLimitedReason(8));
    expect(blockReasonIn({ records: {}, limits }, aRequest({ workspaceId: 'ws-3' }), 1_000)).toBeNull();
  });
});

describe('what the notices say and offer', () => {
  it.each<[DecisionPhase, boolean]>([
    ['waiting', false],
    ['sending', false],
    ['applied', false],
    ['already-decided', false],
    ['not-applied', true],
    ['session-expired', true],
    ['rate-limited', true],
    ['forbidden', true],
    ['unknown', true],
  ])('a %s outcome stays until dismissed: %s', (phase, stays) => {
    expect(needsAction(phase)).toBe(stays);
  });

  it.each<[string, BatchRecord['phase'], number]>([
    ['waiting in its undo window', 'waiting', 3],
    ['being sent', 'sending', 3],
    ['finished', 'done', 1],
  ])('a batch %s holds its requests back from a restart, or not', (_, phase, count) => {
    const records = { r1: aRecord({ phase: 'sending' }) };
    const batches = { b: { id: 'b', kind: 'reject' as const, ids: ['r1', 'r2', 'r3'], phase, sendAt: null, seq: 1, at: 0 } };
    expect(awaitingConfirmation({ records, batches })).toBe(count);
  });

  it.each([
    ['signed out', { code: 'unauthorized', message: 'Signed out' }, { phase: 'session-expired', tone: 'error', canRetry: true, retryAt: null }],
    ['rate limited, with its wait', { code: 'rate-limited', message: 'Slow down', retryAfterMs: 30_000 }, { phase: 'rate-limited', tone: 'error', canRetry: true, retryAt: 1030_000 }],
    ['rate limited, no wait given: a minute', { code: 'rate-limited', message: 'Slow down' }, { phase: 'rate-limited', tone: 'error', canRetry: true, retryAt: 1060_000 }],
    ['another decision on it in flight', { code: 'in-progress', message: 'Already being decided' }, { phase: 'not-applied', tone: 'info', canRetry: false, retryAt: null }],
    ['offline', { code: 'offline', message: 'Offline' }, { phase: 'not-applied', tone: 'error', canRetry: true, retryAt: null }],
  ] as const)('refused before sending (%s): core\'s words, its look and whether Retry is offered', (_, error, look) => {
    expect(outcomeFor({ ok: false, error }, 1000_000)).toEqual({ message: error.message, request: null, ...look });
  });

  it.each([
    ['401', 'unauthorized', true, { phase: 'session-expired', tone: 'error', retryAt: null }],
    ['429', 'rate-limited', true, { phase: 'rate-limited', tone: 'error', retryAt: 1060_000 }],
    ['403', 'forbidden', false, { phase: 'forbidden', tone: 'error', retryAt: null }],
    ['decided by someone else, nothing to retry', 'not-pending', false, { phase: 'not-applied', tone: 'info', retryAt: null }],
    ['not pending, but retry is safe', 'not-pending', true, { phase: 'not-applied', tone: 'error', retryAt: null }],
    ['a server error with no retry', 'server', false, { phase: 'not-applied', tone: 'error', retryAt: null }],
  ] as const)('not applied (%s) looks like its cause', (_, code, canRetry, look) => {
    const value: DecisionOutcome = { outcome: 'not-applied', error: { code, message: 'x' }, request: null, message: 'Not applied – x', canRetry };
    expect(outcomeFor({ ok: true, value }, 1000_000)).toEqual({ message: 'Not applied – x', canRetry, request: null, ...look });
  });

  it('F30: a call that never answered is unknown, says to check first, and offers no Retry', () => {
    expect(outcomeFor(null, 0)).toEqual({
      phase: 'unknown',
      message: 'Outcome unknown – the console could not confirm whether the decision was sent. Open the request to check before deciding again.',
      tone: 'error',
      canRetry: false,
      retryAt: null,
      request: null,
    });
  });

  it.each([
    ['waiting to approve', aRecord({ kind: 'approve', phase: 'waiting', message: null }), 'Approving Ana…'],
    ['sending a reject', aRecord({ phase: 'sending', message: null }), 'Rejecting Ana…'],
    ['applied', aRecord({}), 'Rejected Ana'],
    ['rate limited', aRecord({ phase: 'rate-limited', message: 'Too many', retryAt: 10_000 }), 'Not submitted (rate limited) – try again in 10 s'],
  ])('the row for a decision %s reads as it should', (_, r, text) => {
    expect(decisionText(r, 0)).toBe(text);
  });

  it.each([
    ['waiting', aRecord({ phase: 'waiting', message: null }), null],
    ['sending', aRecord({ phase: 'sending', message: null }), null],
    ['applied ("Rejected Ana")', aRecord({}), null],
    ['already decided', aRecord({ phase: 'already-decided', message: 'Already approved by Sam Ito at 14:03 – that decision stands.' }), 'Ana'],
    ['not applied', aRecord({ phase: 'not-applied', message: 'Not applied – the server did not record the decision.' }), 'Ana'],
    ['forbidden', aRecord({ phase: 'forbidden', message: 'Not submitted: you cannot decide here.' }), 'Ana'],
    ['unknown', aRecord({ phase: 'unknown', message: 'Outcome unknown – check.' }), 'Ana'],
  ])('a single decision %s: its line names the request only where core\'s words do not', (_, r, subject) => {
    expect(decisionLine(r, 0)).toEqual({ subject, text: decisionText(r, 0) });
  });

  it('a name that happens to be in core\'s words is still put first ("Al" is in "Already", "Sam" in "by Sam Ito"); a long one is cut', () => {
    for (const name of ['Al', 'Sam', 'S']) {
      expect(decisionLine(aRecord({ subject: name, phase: 'already-decided', message: 'Already approved by Sam Ito at 14:03 – that decision stands.' }), 0).subject).toBe(name);
    }
    const long = 'x'.repeat(300);
    expect(decisionLine(aRecord({ subject: long, phase: 'not-applied', message: 'Not applied.' }), 0).subject).toBe('x'.repeat(60));
  });

  it('the batch report says which items are still pending and which notices were dismissed', () => {
    const b: BatchRecord = { id: 'b', kind: 'reject', ids: ['r1', 'r2'], phase: 'sending', sendAt: null, seq: 1, at: 0 };
    expect(batchReport(b, { r1: aRecord({ phase: 'waiting', batchId: 'b' }) }, 0)).toEqual({
      items: [
        { id: 'r1', subject: 'Ana', result: 'pending', message: 'Pending confirmation', spoken: null },
        { id: 'r2', subject: 'r2', result: 'failed', message: 'Dismissed', spoken: null },
      ],
      applied: 0,
      already: 0,
      failed: 1,
      skipped: 0,
    });
    // Left out when confirmed: listed after the rest, never sent, counted apart.
    const withSkipped: BatchRecord = { ...b, skipped: [{ id: 'r3', subject: 'Cy', why: 'Fruxon matched no participant' }] };
    expect(batchReport(withSkipped, {}, 0)).toMatchObject({ items: [{ id: 'r1' }, { id: 'r2' }, { id: 'r3', subject: 'Cy', result: 'skipped', message: 'skipped – Fruxon matched no participant' }], failed: 2, skipped: 1 });
  });
});

describe('the undo window', () => {
  it('a waiting decision counts down to its send and offers Undo, not Retry; so does a batch', () => {
    const t0 = Date.now();
    ctl.confirm(approve('r1', 'Ana'));
    expect(record()).toMatchObject({ phase: 'waiting', sendAt: t0 + 5000, canRetry: false, tone: 'progress', message: null });
    const id = ctl.confirmBatch('reject', [{ ref: refOf('r2'), subject: 'Bo' }])!;
    expect(batch(id)).toMatchObject({ phase: 'waiting', sendAt: t0 + 5000, ids: ['r2'] });
    expect(record('r2')).toMatchObject({ phase: 'waiting', sendAt: t0 + 5000, canRetry: false, batchId: id });
  });

  it('Undo, then the same decision again: the new one waits its own whole window', async () => {
    ctl.confirm(approve('r1'));
    await vi.advanceTimersByTimeAsync(3000);
    expect(ctl.undo('r1')).toBe(true);
    ctl.confirm(approve('r1'));
    await vi.advanceTimersByTimeAsync(4999);
    expect(api.callsTo('requests.approve')).toHaveLength(0);
    expect(record()!.phase).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(api.callsTo('requests.approve')).toHaveLength(1);
  });

  it('Undo is refused for what it cannot take back: an unknown request, one being sent, one decided, an item of a batch', async () => {
    expect(ctl.undo('nope')).toBe(false);
    const hold = api.holdDecisions();
    ctl.confirm(approve('r1'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(ctl.undo('r1')).toBe(false);
    expect(record()!.phase).toBe('sending');
    hold.release();
    await flush();
    expect(ctl.undo('r1')).toBe(false);
    expect(record()!.phase).toBe('applied');
    const id = ctl.confirmBatch('reject', [{ ref: refOf('r2'), subject: 'Bo' }])!;
    expect(ctl.undo('r2')).toBe(false);
    expect(record('r2')).toMatchObject({ phase: 'waiting', batchId: id });
  });

  it('a batch being sent can no longer be undone, and shows as sending', async () => {
    expect(ctl.undoBatch('nope')).toBe(false);
    const hold = api.holdDecisions();
    const id = ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }, { ref: refOf('r2'), subject: 'Bo' }])!;
    await vi.advanceTimersByTimeAsync(5000);
    expect(batch(id)!.phase).toBe('sending');
    expect(ctl.undoBatch(id)).toBe(false);
    expect(Object.keys(useDecisionsStore.getState().records).sort()).toEqual(['r1', 'r2']);
    hold.release();
    await flush();
    await flush();
    expect(api.callsTo('requests.reject')).toHaveLength(2);
    expect(batch(id)!.phase).toBe('done');
  });

  it('Undo of a batch takes its notice and its items away', () => {
    const id = ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }])!;
    expect(ctl.undoBatch(id)).toBe(true);
    expect(useDecisionsStore.getState().records).toEqual({});
    expect(useDecisionsStore.getState().batches).toEqual({});
  });

  it.each([
    ['the newest single decision', ['r1', 'r2', 'r3'], 'r3'],
    ['a batch confirmed after the single ones', ['r1', 'B:r4,r5'], 'r4'],
    ['a single decision confirmed after a batch', ['B:r4,r5', 'r1'], 'r1'],
    ['a single decision confirmed after several batches', ['B:r4', 'B:r5,r6', 'r1'], 'r1'],
    ['the newest of several batches', ['r1', 'B:r4', 'B:r5,r6'], 'r5'],
  ])('"u" undoes %s', (_, steps, undone) => {
    for (const s of steps) {
      if (s.startsWith('B:')) ctl.confirmBatch('reject', s.slice(2).split(',').map((id) => ({ ref: refOf(id), subject: id })));
      else ctl.confirm(approve(s));
    }
    const before = Object.keys(useDecisionsStore.getState().records);
    expect(ctl.undoLatest()).toBe(undone);
    const gone = before.filter((id) => !useDecisionsStore.getState().records[id]);
    expect(gone).toContain(undone);
    expect(before.length - gone.length).toBeGreaterThan(0);
  });

  it('"u" passes over decisions already sent and finished batches, and undoes nothing when nothing waits', async () => {
    expect(ctl.undoLatest()).toBeNull();
    ctl.confirm(approve('r1'));
    await vi.advanceTimersByTimeAsync(1000);
    ctl.confirmBatch('reject', [{ ref: refOf('r2'), subject: 'Bo' }]);
    await vi.advanceTimersByTimeAsync(1000);
    ctl.confirm(approve('r9'));
    await vi.advanceTimersByTimeAsync(4500);
    await flush();
    await flush();
    // r1 and the batch are sent and done; r9 (not in the queue) still waits.
    expect(ctl.undoLatest()).toBe('r9');
    expect(ctl.undoLatest()).toBeNull();
    expect(record('r1')!.phase).toBe('applied');
  });

  it('"u" passes over newer decisions sent already because the undo window was shortened meanwhile', async () => {
    let undoMs = 5000;
    const c = createDecisionController({ api, undoMs: () => undoMs });
    c.confirm(approve('r9'));
    undoMs = 0;
    c.confirm(approve('r1'));
    c.confirmBatch('reject', [{ ref: refOf('r2'), subject: 'Bo' }]);
    await flush();
    await flush();
    expect(api.callsTo('requests.approve')).toHaveLength(1);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    expect(c.undoLatest()).toBe('r9');
    c.dispose();
  });
});

describe('a decision in its undo window on a request someone else decided meanwhile', () => {
  const decidedBy = (r: typeof row, status: 'APPROVED' | 'REJECTED', over: Partial<typeof row> = {}) => ({ ...r, status, rawStatus: status, processedBy: 'u-a', processedByName: 'Alice Moreno', processedAt: Date.now(), ...over });

  it('is never sent and says so at once, in its own words; a bulk item, another workspace\'s request and a pending one are left alone', async () => {
    ctl.confirm(approve('r1', 'Ana'));
    ctl.confirm({ kind: 'reject', input: refOf('r2'), subject: 'Bo' });
    const other = aRequest({ id: 'r3', displayName: 'Cy' });
    const batchId = ctl.confirmBatch('reject', [{ ref: refOf('r3'), subject: 'Cy' }])!;
    const t = Date.now();
    settleDecidedElsewhere(
      [decidedBy(row, 'APPROVED'), decidedBy(row2, 'REJECTED', { workspaceId: 'ws-2' }), row2, decidedBy(other, 'REJECTED')],
      t,
    );
    expect(record('r1')).toMatchObject({ phase: 'already-decided', tone: 'info', canRetry: false, sendAt: null, at: t, message: expect.stringMatching(/^Already approved by Alice Moreno at \d\d:\d\d – your approval was not sent\.$/) });
    expect(decisionLine(record('r1')!, t)).toMatchObject({ subject: 'Ana' });
    expect(record('r2')!.phase).toBe('waiting');
    expect(record('r3')).toMatchObject({ phase: 'waiting', batchId });
    await vi.advanceTimersByTimeAsync(6000);
    await flush();
    expect(api.callsTo('requests.approve')).toEqual([]);
    expect(api.callsTo('requests.reject').map((c) => (c.input as { requestId: string }).requestId).sort()).toEqual(['r2', 'r3']);
  });

  it('a request rejected elsewhere settles an approval waiting on it too', () => {
    ctl.confirm(approve('r1', 'Ana'));
    settleDecidedElsewhere([decidedBy(row, 'REJECTED')], Date.now());
    expect(record()).toMatchObject({ phase: 'already-decided', message: expect.stringMatching(/^Already rejected by Alice Moreno at \d\d:\d\d – that decision stands; your approval was not sent\.$/) });
  });

  it('a rejection is "your rejection was not sent"; nothing waiting, nothing changes', () => {
    const before = useDecisionsStore.getState().records;
    settleDecidedElsewhere([decidedBy(row, 'APPROVED')], Date.now());
    expect(useDecisionsStore.getState().records).toBe(before);
    ctl.confirm({ kind: 'reject', input: ref, subject: 'Ana' });
    settleDecidedElsewhere([decidedBy(row, 'APPROVED')], Date.now());
    expect(record()!.message).toMatch(/^Already approved by Alice Moreno at \d\d:\d\d – that decision stands; your rejection was not sent\.$/);
  });
});

describe('what happens after the window', () => {
  it('a single success leaves by itself after a while; a failure, and a batch item, stay until dismissed', async () => {
    api.scriptDecision(
      { ok: true, value: coreOutcomes.applied('approve', { ...row, status: 'APPROVED' }, false) },
      { ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row2) },
    );
    ctl.confirm(approve('r1'));
    ctl.confirm(approve('r2'));
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect([record('r1')!.phase, record('r2')!.phase]).toEqual(['applied', 'not-applied']);
    await vi.advanceTimersByTimeAsync(4999);
    expect(record('r1')).toBeDefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(record('r1')).toBeUndefined();
    expect(record('r2')!.phase).toBe('not-applied');
    const id = ctl.confirmBatch('bind', [{ ref, subject: 'Ana' }])!;
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(record('r1')).toMatchObject({ phase: 'applied', batchId: id });
  });

  it('a bulk reject sends the note with each item, or no note at all; requests already in flight are left out', async () => {
    ctl.confirm(approve('r1'));
    expect(ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }])).toBeNull();
    expect(Object.keys(useDecisionsStore.getState().batches)).toEqual([]);
    const a = ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }, { ref: refOf('r2'), subject: 'Bo' }], 'spam')!;
    const b = ctl.confirmBatch('reject', [{ ref: refOf('r3'), subject: 'Cy' }])!;
    expect(a).not.toBe(b);
    expect(batch(a)!.ids).toEqual(['r2']);
    expect(batch(b)!.ids).toEqual(['r3']);
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    await flush();
    expect(api.callsTo('requests.reject').map((c) => c.input)).toEqual([{ ...refOf('r2'), note: 'spam' }, refOf('r3')]);
    expect(api.callsTo('requests.approve').map((c) => c.input)).toEqual([{ ...ref, mode: 'CREATE_NEW' }]);
  });

  it('a batch with an undo window of 0 is sent at once', async () => {
    const now0 = createDecisionController({ api, undoMs: () => 0 });
    now0.confirmBatch('reject', [{ ref, subject: 'Ana' }]);
    await flush();
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    now0.dispose();
  });

  it('flushWaiting sends a batch still in its window too, and leaves a success notice to leave on time', async () => {
    ctl.confirm(approve('r1'));
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(record('r1')!.phase).toBe('applied');
    ctl.confirmBatch('reject', [{ ref: refOf('r2'), subject: 'Bo' }]);
    ctl.flushWaiting();
    await flush();
    expect(api.callsTo('requests.reject').map((c) => c.input)).toEqual([refOf('r2')]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(record('r1')).toBeUndefined();
    expect(api.callsTo('requests.reject')).toHaveLength(1);
  });

  it('once disposed (the console torn down), nothing more is sent and a late answer changes nothing', async () => {
    const hold = api.holdDecisions();
    ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }, { ref: refOf('r2'), subject: 'Bo' }]);
    ctl.confirm(approve('r3'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    ctl.dispose();
    hold.release();
    await flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    expect(record('r1')!.phase).toBe('sending');
    expect(useQueueStore.getState().requests.find((r) => r.id === 'r1')!.status).toBe('PENDING');

    const other = createDecisionController({ api, undoMs: () => 5000 });
    other.confirm(approve('r2'));
    other.dispose();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.callsTo('requests.approve').map((c) => (c.input as { requestId: string }).requestId)).toEqual(['r3']);
  });
});

describe('dismissing and "Retry failed"', () => {
  const failTwo = () =>
    api.scriptDecision(
      { ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row) },
      { ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row2) },
    );
  const runBatchOf = async (ids: string[]) => {
    const id = ctl.confirmBatch('reject', ids.map((r) => ({ ref: refOf(r), subject: r })))!;
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    await flush();
    return id;
  };

  it('Dismiss takes a finished notice away, never one still waiting or sending', async () => {
    ctl.dismiss('nope');
    ctl.confirm(approve('r1'));
    ctl.dismiss('r1');
    expect(record('r1')!.phase).toBe('waiting');
    api.scriptDecision({ ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row) });
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    ctl.dismiss('r1');
    expect(record('r1')).toBeUndefined();
    expect(api.callsTo('requests.approve')).toHaveLength(1);
  });

  it('a batch report is dismissed only once finished, and a newer decision on one of its requests stays', async () => {
    failTwo();
    const id = ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }, { ref: refOf('r2'), subject: 'Bo' }])!;
    ctl.dismissBatch(id);
    expect(batch(id)!.phase).toBe('waiting');
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    await flush();
    expect(batch(id)!.phase).toBe('done');
    // Retry on r1's own row, then decided again: a newer decision, not the batch's.
    ctl.confirm(approve('r1'));
    ctl.dismissBatch('nope');
    ctl.dismissBatch(id);
    expect(batch(id)).toBeUndefined();
    expect(record('r2')).toBeUndefined();
    expect(record('r1')).toMatchObject({ phase: 'waiting', batchId: null });
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(api.callsTo('requests.approve')).toHaveLength(1);
  });

  it('Undo of a retry brings back the failure it replaced (its line, or its report line); a report dismissed meanwhile does not come back', async () => {
    api.scriptDecision({ ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row) });
    ctl.confirm(approve('r1', 'Ana'));
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    const failed = record('r1')!;
    expect(failed).toMatchObject({ phase: 'not-applied', canRetry: true, batchId: null });
    ctl.confirm(approve('r1', 'Ana'));
    expect(record('r1')!.phase).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1000);
    expect(ctl.undo('r1')).toBe(true);
    // Back as it was, as the newest line.
    expect(record('r1')).toEqual({ ...failed, at: Date.now() });
    expect(record('r1')!.at).toBeGreaterThan(failed.at);
    // A bulk item retried on its own, its report dismissed during the window: Undo leaves nothing behind.
    failTwo();
    const id = await runBatchOf(['r1', 'r2']);
    ctl.confirm(approve('r2', 'Bo'));
    ctl.dismissBatch(id);
    expect(batch(id)).toBeUndefined();
    expect(ctl.undo('r2')).toBe(true);
    expect(record('r2')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.callsTo('requests.approve')).toHaveLength(1);
  });

  it('a retry of a bulk item settled as decided elsewhere during its window takes the item out of the old report (it is never sent)', async () => {
    failTwo();
    const id = await runBatchOf(['r1', 'r2']);
    ctl.confirm(approve('r1', 'Ana'));
    expect(batch(id)!.ids).toEqual(['r1', 'r2']);
    settleDecidedElsewhere([{ ...row, status: 'REJECTED', rawStatus: 'REJECTED', processedBy: 'u-a', processedByName: 'Alice Moreno', processedAt: Date.now() }], Date.now());
    expect(record('r1')).toMatchObject({ phase: 'already-decided', batchId: null });
    expect(batch(id)!.ids).toEqual(['r2']);
  });

  it('dismissing a report keeps a newer finished decision on one of its requests', async () => {
    failTwo();
    const id = await runBatchOf(['r1', 'r2']);
    api.scriptDecision({ ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row) });
    ctl.confirm(approve('r1'));
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    ctl.dismissBatch(id);
    expect(record('r1')).toMatchObject({ phase: 'not-applied', batchId: null });
    expect(record('r2')).toBeUndefined();
  });

  it.each([
    ['an unknown batch', 'nope'],
    ['a batch still in its window', 'waiting'],
    ['a batch where nothing failed', 'ok'],
  ])('"Retry failed" on %s offers nothing and changes nothing', async (_, which) => {
    let id = which;
    if (which === 'waiting') id = ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }])!;
    if (which === 'ok') id = await runBatchOf(['r1']);
    const before = useDecisionsStore.getState();
    expect(ctl.failedOf(id)).toEqual([]);
    expect(useDecisionsStore.getState().records).toEqual(before.records);
    expect(useDecisionsStore.getState().batches).toEqual(before.batches);
  });

  it('"Retry failed" waits for the report: nothing is offered from a batch still being sent', async () => {
    let answer: (r: Result<DecisionOutcome>) => void = () => {};
    api.scriptDecision(
      { ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row) },
      () => new Promise<Result<DecisionOutcome>>((resolve) => (answer = resolve)),
    );
    const id = ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }, { ref: refOf('r2'), subject: 'Bo' }])!;
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect([batch(id)!.phase, record('r1')!.phase, record('r2')!.phase]).toEqual(['sending', 'not-applied', 'sending']);
    expect(ctl.failedOf(id)).toEqual([]);
    expect(record('r1')!.phase).toBe('not-applied');
    answer({ ok: true, value: coreOutcomes.applied('reject', { ...row2, status: 'REJECTED' }, false) });
    await flush();
    expect(batch(id)!.phase).toBe('done');
    expect(ctl.failedOf(id)).toEqual(['r1']);
  });

  it('"Retry failed" when every item failed: the retry confirmed takes the whole report away', async () => {
    failTwo();
    const id = await runBatchOf(['r1', 'r2']);
    expect(ctl.failedOf(id)).toEqual(['r1', 'r2']);
    expect(Object.keys(useDecisionsStore.getState().batches)).toEqual([id]);
    const retry = ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }, { ref: refOf('r2'), subject: 'Bo' }])!;
    expect(Object.keys(useDecisionsStore.getState().batches)).toEqual([id, retry]);
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(Object.keys(useDecisionsStore.getState().batches)).toEqual([retry]);
  });

  it('"Retry failed" leaves a newer failed decision on one of its requests on its own row (that request left the batch)', async () => {
    failTwo();
    const id = await runBatchOf(['r1', 'r2']);
    api.scriptDecision({ ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row) });
    ctl.confirm(approve('r1'));
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(ctl.failedOf(id)).toEqual(['r2']);
    expect(batch(id)!.ids).toEqual(['r2']);
    expect(record('r1')).toMatchObject({ phase: 'not-applied', batchId: null, canRetry: true });
  });
});

describe('a new decision on a request whose success notice is still showing', () => {
  it('keeps its own outcome when the old notice leaves (undo window 0)', async () => {
    const now0 = createDecisionController({ api, undoMs: () => 0 });
    now0.confirm(approve('r1'));
    await flush();
    expect(record('r1')!.phase).toBe('applied');
    await vi.advanceTimersByTimeAsync(2000);
    api.scriptDecision({ ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row) });
    now0.confirm({ kind: 'reject', input: ref, subject: 'Ana' });
    await flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(record('r1')).toMatchObject({ kind: 'reject', phase: 'not-applied', canRetry: true });
    now0.dispose();
  });

  it('in a batch, is still sent and reported when the old notice leaves during the batch\'s undo window', async () => {
    ctl.confirm(approve('r1'));
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(record('r1')!.phase).toBe('applied');
    await vi.advanceTimersByTimeAsync(2000);
    const id = ctl.confirmBatch('reject', [{ ref, subject: 'Ana' }])!;
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(api.callsTo('requests.reject').map((c) => c.input)).toEqual([ref]);
    expect(batchReport(batch(id)!, useDecisionsStore.getState().records, Date.now()).items).toEqual([{ id: 'r1', subject: 'Ana', result: 'applied', message: 'applied', spoken: null }]);
  });
});

describe('an "Outcome unknown" decision checked against the server (F31)', () => {
  const UNKNOWN = { ok: true as const, value: coreOutcomes.unknown('timeout', 'The server did not answer in time.') };
  const checked = (over: Partial<typeof row> = {}, fromServer = true) => ({ request: { ...row, ...over }, fromServer });
  const STILL_PENDING = /^Not applied – the request was still pending when the console checked it at \d\d:\d\d\. It is safe to decide again\.$/;

  /** Approves Ana and lets core answer "unknown"; returns her record while it waited, and the unknown one. */
  async function unknownApproval(answer: Parameters<FakeAppApi['scriptDecision']>[0] = UNKNOWN): Promise<{ waiting: DecisionRecord; unknown: DecisionRecord }> {
    api.scriptDecision(answer);
    ctl.confirm(approve('r1', 'Ana'));
    const waiting = record()!;
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(record()!.phase).toBe('unknown');
    return { waiting, unknown: record()! };
  }

  it('still pending in a read sent while the record said so: not applied, safe to decide again, Retry offered (and never sent by itself)', async () => {
    const { unknown } = await unknownApproval();
    vi.advanceTimersByTime(2000);
    expect(settleUnknownChecked(checked(), unknown, Date.now())).toBe(true);
    expect(record()).toMatchObject({ phase: 'not-applied', tone: 'error', canRetry: true, retryAt: null, at: Date.now(), message: expect.stringMatching(STILL_PENDING) });
    expect(needsAction(record()!.phase)).toBe(true);
    expect(decisionLine(record()!, Date.now()).subject).toBe('Ana');
    // Settled once: a read sent with the settled record settles nothing more.
    expect(settleUnknownChecked(checked(), record(), Date.now())).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.callsTo('requests.approve')).toHaveLength(1);
  });

  it('a pending request the operator may not decide here settles without Retry, and without "safe to decide again"', async () => {
    const { unknown } = await unknownApproval();
    settleUnknownChecked(checked({ canDecide: false, readOnlyReason: 'Viewer role' }), unknown, Date.now());
    expect(record()).toMatchObject({ phase: 'not-applied', canRetry: false, message: expect.stringMatching(/^Not applied – the request was still pending when the console checked it at \d\d:\d\d\.$/) });
  });

  it.each<[string, (r: { waiting: DecisionRecord; unknown: DecisionRecord }) => Parameters<typeof settleUnknownChecked>]>([
    ['the console\'s own copy (the server was not read)', ({ unknown }) => [checked({}, false), unknown]],
    ['a read sent before the decision', () => [checked(), undefined]],
    ['a read sent while the decision was still waiting or being sent', ({ waiting }) => [checked(), waiting]],
    ['the request found approved (by whom, for this decision, is not known here)', ({ unknown }) => [checked({ status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-a', processedAt: unknown.at }), unknown]],
    ['the request found rejected', ({ unknown }) => [checked({ status: 'REJECTED', rawStatus: 'REJECTED', processedBy: 'u-a', processedAt: unknown.at }), unknown]],
    ['the same id in another workspace', ({ unknown }) => [checked({ workspaceId: 'ws-2' }), unknown]],
    ['another request', ({ unknown }) => [checked({ id: 'r2' }), unknown]],
  ])('nothing settles it from %s', async (_name, args) => {
    const r = await unknownApproval();
    const before = useDecisionsStore.getState().records;
    expect(settleUnknownChecked(...args(r))).toBe(false);
    expect(useDecisionsStore.getState().records).toBe(before);
  });

  it('a call to core that failed on the way is never settled: core may still be sending it', async () => {
    const { unknown } = await unknownApproval(() => {
      throw new Error('bridge gone');
    });
    expect(unknown.message).toMatch(/^Outcome unknown – the console could not confirm whether the decision was sent\./);
    expect(settleUnknownChecked(checked(), unknown, Date.now())).toBe(false);
    expect(record()!.phase).toBe('unknown');
  });

  it('a read sent with an unknown outcome that a newer decision on the request has replaced settles nothing', async () => {
    const { unknown } = await unknownApproval();
    expect(ctl.confirm(approve('r1', 'Ana'))).toBe(true);
    const newer = record()!;
    expect(settleUnknownChecked(checked(), unknown, Date.now())).toBe(false);
    expect(record()).toBe(newer);
  });

  it('only an unknown outcome is settled: one not applied for another reason keeps its own words', async () => {
    api.scriptDecision({ ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, row) });
    ctl.confirm(approve('r1', 'Ana'));
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    const before = record()!;
    expect(settleUnknownChecked(checked(), before, Date.now())).toBe(false);
    expect(record()).toBe(before);
  });

  it('a bulk item settles too: the report counts it failed in these words, and "Retry failed" offers it', async () => {
    api.scriptDecision(UNKNOWN, { ok: true, value: coreOutcomes.applied('reject', { ...row2, status: 'REJECTED' }, false) });
    const batchId = ctl.confirmBatch('reject', [{ ref: refOf('r1'), subject: 'Ana' }, { ref: refOf('r2'), subject: 'Bo' }])!;
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(ctl.failedOf(batchId)).toEqual([]);
    settleUnknownChecked(checked(), record(), Date.now());
    const report = batchReport(batch(batchId)!, useDecisionsStore.getState().records, Date.now());
    expect(report).toMatchObject({ applied: 1, failed: 1 });
    expect(report.items[0]!.message).toMatch(STILL_PENDING);
    expect(ctl.failedOf(batchId)).toEqual(['r1']);
  });

  it('a later list showing it approved by me settles it as applied, confirmed later; by someone else, as theirs; without my id, or still pending, nothing', async () => {
    await unknownApproval();
    const me = [aWorkspace({ id: 'ws-1', operatorUserId: 'u-me' })];
    const approvedBy = (who: string) => [{ ...row, status: 'APPROVED' as const, rawStatus: 'APPROVED', processedBy: who, processedByName: who === 'u-me' ? 'Sam Operator' : 'Alice Moreno', processedAt: Date.now() }];
    // Nothing to go on: still pending, or my id unknown.
    settleUnknownObserved([row], me, Date.now());
    settleUnknownObserved(approvedBy('u-me'), [aWorkspace({ id: 'ws-1' })], Date.now());
    expect(record()!.phase).toBe('unknown');
    settleUnknownObserved(approvedBy('u-me'), me, Date.now());
    expect(record()).toMatchObject({ phase: 'applied', tone: 'success', canRetry: false, message: expect.stringMatching(/^Approved Ana – confirmed later: the server lists it approved by Sam Operator at \d\d:\d\d\.$/) });
    // Its line names the request (an applied line gets no name put before it).
    expect(decisionLine(record()!, Date.now())).toEqual({ subject: null, text: expect.stringMatching(/^Approved Ana – confirmed later/) });
    expect(needsAction(record()!.phase)).toBe(false);
  });

  it("a later list showing it decided by someone else settles it as theirs: mine was not applied", async () => {
    await unknownApproval();
    settleUnknownObserved([{ ...row, status: 'REJECTED', rawStatus: 'REJECTED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: Date.now() }], [aWorkspace({ id: 'ws-1', operatorUserId: 'u-me' })], Date.now());
    expect(record()).toMatchObject({ phase: 'already-decided', tone: 'info', message: expect.stringMatching(/^Already rejected by Alice Moreno at \d\d:\d\d – that decision stands; yours was not applied\.$/) });
  });
});
