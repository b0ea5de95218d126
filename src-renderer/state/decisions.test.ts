// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecisionOutcome } from '../../src-shared/contract';
import type { Result } from '../../src-shared/domain';
import { aRequest, aSnapshot } from '../../test/fakes/builders';
import { coreOutcomes, createFakeAppApi, type FakeAppApi } from '../../test/fakes/fake-app-api';
import { batchReport, createDecisionController, decisionText, outcomeFor, useDecisionsStore, type DecisionController } from './decisions';
import { useQueueStore } from './queue';

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

  it('the report says each failure once, in main\'s words, and "Retry failed" takes the failures out of it', async () => {
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
    expect(ctl.takeFailed(id)).toEqual(['r2']);
    expect(useDecisionsStore.getState().batches[id]!.ids).toEqual(['r1']);
    expect(useDecisionsStore.getState().records.r2).toBeUndefined();
    // Taking them out sends nothing.
    expect(api.callsTo('requests.reject')).toHaveLength(2);
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
