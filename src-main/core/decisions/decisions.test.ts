/**
 * The decision service's own branches, one by one, against a scripted client at its port
 * (`DecisionWorkspace.client`): each answer and read-back the server can give, in an order the
 * simulator cannot force on demand (a read-back that fails once, then works). The same paths
 * against real HTTP are in test/unit/faults-core.test.ts and the chaos run; this file exists so
 * that mutation testing (docs/MUTATION.md) finds every branch guarded by a test.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DecisionOutcome } from '../../../src-shared/contract';
import { fail, ok, type AccessRequest, type AppError, type RequestView, type Result } from '../../../src-shared/domain';
import { createDecisions, NOT_PENDING_UNREAD_MESSAGE, READ_ONLY_REASON, SESSION_EXPIRED_MESSAGE, type DecisionInput, type DecisionWorkspace } from './decisions';
import type { Logger } from '../ports';
import { createRequestStore } from '../requests/request-store';
import { anAccessRequest } from '../../../test/fakes/builders';

const ME = 'user-me';
const ALICE = 'user-alice';

/** The row these tests decide: request r1 in workspace 'ws', pending (test/fakes/builders.ts). */
const aRow = (overrides: Partial<AccessRequest> = {}): AccessRequest =>
  anAccessRequest({ id: 'r1', workspaceId: 'ws', integrationConfigId: null, provider: 'slack', address: 'U123', agentId: 'agent-1', displayName: 'Dana', createdAt: 1, modifiedAt: 1, ...overrides });

const decided = (status: 'APPROVED' | 'REJECTED', by: string) => aRow({ status, rawStatus: status, processedBy: by, processedAt: 2, modifiedAt: 2 });
const err = (code: AppError['code'], extra: Partial<AppError> = {}): Result<AccessRequest> => fail(code, `server said ${code}`, extra);
const ambiguous = () => err('timeout', { sentMaybe: true });
/** The outcome when the server no longer has the request: not applied, removed, no Retry. */
const GONE: DecisionOutcome = {
  outcome: 'not-applied',
  error: { code: 'not-found', message: 'Not applied – this request no longer exists.' },
  request: null,
  message: 'Not applied – this request no longer exists.',
  canRetry: false,
};

interface Script {
  /** The answer to the approve or reject POST. */
  answer?: Result<AccessRequest> | (() => Promise<Result<AccessRequest>>);
  /** Answers to successive GETs of the request (read-backs), in order. */
  reads?: Result<AccessRequest>[];
  me?: string | null;
  blocked?: AppError | null;
  noClient?: boolean;
  stored?: AccessRequest[];
  /** The service's clock. */
  now?: () => number;
}

function setup(script: Script = {}) {
  const reads = [...(script.reads ?? [])];
  const answer = async () => {
    const a = script.answer ?? ok(decided('APPROVED', ME));
    return typeof a === 'function' ? a() : a;
  };
  const client = {
    approve: vi.fn(async (_id: string, _body: unknown) => answer()),
    reject: vi.fn(async (_id: string, _body: unknown) => answer()),
    getRequest: vi.fn(async (_id: string) => reads.shift() ?? err('offline')),
  };
  let me = script.me === undefined ? ME : script.me;
  const readOnly = new Map<string, string>();
  const ws = {
    client: script.noClient ? null : client,
    blockedBy: () => script.blocked ?? null,
    operatorUserId: () => me,
    learnOperatorUserId: vi.fn((id: string) => void (me = id)),
    onUnauthorized: vi.fn(),
    markReadOnly: vi.fn((agentId: string, reason: string) => void readOnly.set(agentId, reason)),
    readOnlyReason: (agentId: string) => readOnly.get(agentId),
  };
  const store = createRequestStore({ dataStore: { read: () => ok(undefined), write: () => ok(null) }, now: () => 10 });
  if (script.stored) store.apply('ws', script.stored, 5);
  const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const onDecided = vi.fn();
  const onApplied = vi.fn();
  const onError = vi.fn();
  const decisions = createDecisions({
    workspace: (id) => (id === 'ws' ? (ws as unknown as DecisionWorkspace) : null),
    store,
    toView: (row) => ({ ...row, viewed: true }) as unknown as RequestView,
    onDecided,
    onApplied,
    onError,
    log,
    ...(script.now ? { now: script.now } : {}),
  });
  return { decisions, client, ws, store, log, onDecided, onApplied, onError };
}

const approve = (extra: Partial<DecisionInput> = {}): DecisionInput => ({ kind: 'approve', workspaceId: 'ws', requestId: 'r1', mode: 'CREATE_NEW', ...extra }) as DecisionInput;
const reject = (extra: Partial<DecisionInput> = {}): DecisionInput => ({ kind: 'reject', workspaceId: 'ws', requestId: 'r1', ...extra }) as DecisionInput;

function outcomeOf(res: Result<DecisionOutcome>): DecisionOutcome {
  if (!res.ok) throw new Error(`expected an outcome, got ${res.error.code}: ${res.error.message}`);
  return res.value;
}

describe('decisions: what is sent', () => {
  it('an approve sends the mode and only the optional fields the operator gave', async () => {
    const s = setup();
    await s.decisions.decide(approve({ mode: 'BIND_ONLY', participantId: 'p-7', displayName: 'Dana R', note: 'known customer' } as Partial<DecisionInput>));
    await s.decisions.decide(approve());
    expect(s.client.approve.mock.calls[0]).toStrictEqual(['r1', { mode: 'BIND_ONLY', displayName: 'Dana R', participantId: 'p-7', note: 'known customer' }]);
    expect(s.client.approve.mock.calls[1]).toStrictEqual(['r1', { mode: 'CREATE_NEW' }]);
  });

  it('a reject sends the note only when there is one', async () => {
    const s = setup({ answer: ok(decided('REJECTED', ME)) });
    await s.decisions.decide(reject({ note: 'spam' }));
    await s.decisions.decide(reject());
    expect(s.client.reject.mock.calls).toStrictEqual([
      ['r1', { note: 'spam' }],
      ['r1', {}],
    ]);
    expect(s.client.approve).not.toHaveBeenCalled();
  });

  it('a 200 is applied; the operator id is learnt from it only when auth/health could not say', async () => {
    const known = setup();
    expect(outcomeOf(await known.decisions.decide(approve()))).toMatchObject({ outcome: 'applied', reconciled: false, request: { status: 'APPROVED', viewed: true } });
    expect(known.ws.learnOperatorUserId).not.toHaveBeenCalled();
    expect(known.onApplied).toHaveBeenCalledTimes(1);
    expect(known.onDecided).toHaveBeenCalledTimes(1);
    expect(known.store.get('ws', 'r1')?.status).toBe('APPROVED');

    const unknownMe = setup({ me: null, answer: ok(decided('APPROVED', 'user-learnt')) });
    await unknownMe.decisions.decide(approve());
    expect(unknownMe.ws.learnOperatorUserId).toHaveBeenCalledWith('user-learnt');
  });
});

describe('decisions: refusals before sending', () => {
  it('an unknown workspace, a blocked one and one without a client are refused with their reasons; nothing is sent', async () => {
    const s = setup();
    expect(await s.decisions.decide(approve({ workspaceId: 'gone' }))).toEqual(fail('no-workspace', 'Not submitted: That workspace is not signed in any more.'));
    const blocked = setup({ blocked: { code: 'offline', message: 'You are offline.' } });
    expect(await blocked.decisions.decide(approve())).toEqual({ ok: false, error: { code: 'offline', message: 'You are offline.' } });
    const noClient = setup({ noClient: true });
    expect(await noClient.decisions.decide(approve())).toEqual(fail('no-workspace', 'Not submitted: That workspace is not connected.'));
    expect(blocked.client.approve).not.toHaveBeenCalled();
    expect(noClient.client.approve).not.toHaveBeenCalled();
  });

  it('F34: one decision per request in flight; another request is not held up, and the slot frees afterwards', async () => {
    const pending: ((r: Result<AccessRequest>) => void)[] = [];
    const s = setup({ answer: () => new Promise((resolve) => void pending.push(resolve)) });
    const first = s.decisions.decide(approve());
    expect(s.decisions.isInFlight('ws', 'r1')).toBe(true);
    expect(s.decisions.isInFlight('ws', 'r2')).toBe(false);
    expect(s.decisions.inFlightCount()).toBe(1);
    expect(await s.decisions.decide(reject())).toEqual(fail('in-progress', 'A decision on this request is already in progress.'));
    const other = s.decisions.decide(approve({ requestId: 'r2' }));
    expect(s.decisions.inFlightCount()).toBe(2);
    pending[0]?.(ok(decided('APPROVED', ME)));
    await first;
    expect(s.decisions.isInFlight('ws', 'r1')).toBe(false);
    expect(s.decisions.inFlightCount()).toBe(1);
    pending[1]?.(ok(decided('APPROVED', ME)));
    expect(outcomeOf(await other)).toMatchObject({ outcome: 'applied' });
    expect(s.decisions.inFlightCount()).toBe(0);
  });

  it('a client that throws gives an honest "unknown", logged, and frees the slot', async () => {
    const s = setup({
      answer: async () => {
        throw new Error('boom');
      },
    });
    const out = outcomeOf(await s.decisions.decide(approve()));
    expect(out).toEqual({
      outcome: 'unknown',
      error: { code: 'internal', message: 'Something went wrong while sending the decision.' },
      message: 'Outcome unknown – Something went wrong while sending the decision. Open the request to check before deciding again.',
      canRetry: false,
    });
    expect(s.log.error).toHaveBeenCalledWith('decision crashed', { err: 'Error: boom' });
    expect(s.decisions.isInFlight('ws', 'r1')).toBe(false);
  });
});

describe('decisions: refusals from the server', () => {
  it('every failure is reported to onError with what was attempted', async () => {
    const s = setup({ answer: err('validation') });
    await s.decisions.decide(reject({ requestId: 'r9' }));
    expect(s.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'validation' }), 'reject r9');
  });

  it('F21: a 401 signs the workspace out and says the session expired', async () => {
    const s = setup({ answer: err('unauthorized') });
    const out = outcomeOf(await s.decisions.decide(approve()));
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'unauthorized', message: SESSION_EXPIRED_MESSAGE } });
    expect(SESSION_EXPIRED_MESSAGE).toBe('Session expired – decision not submitted. Sign in again, then confirm the decision again.');
    expect(s.ws.onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('F22: a 403 marks the agent read-only and says why, when nobody else decided', async () => {
    const s = setup({ answer: err('forbidden'), reads: [ok(aRow())], stored: [aRow()] });
    const out = outcomeOf(await s.decisions.decide(approve()));
    // Sent and refused: never "Not submitted".
    expect(out).toMatchObject({ outcome: 'not-applied', error: { code: 'forbidden', message: `Refused by the server: ${READ_ONLY_REASON}` }, request: { id: 'r1' } });
    expect(s.ws.markReadOnly).toHaveBeenCalledWith('agent-1', READ_ONLY_REASON);
  });

  it('F22: after a 403, another request of that agent is refused without a POST; other agents are still sent', async () => {
    const s = setup({ answer: err('forbidden'), reads: [ok(aRow()), ok(aRow({ id: 'r2' }))], stored: [aRow(), aRow({ id: 'r2' }), aRow({ id: 'r3', agentId: 'agent-2' })] });
    await s.decisions.decide(approve());
    expect(s.client.approve).toHaveBeenCalledTimes(1);
    const second = outcomeOf(await s.decisions.decide(reject({ requestId: 'r2' })));
    expect(second).toMatchObject({ outcome: 'not-applied', error: { code: 'forbidden' }, message: `Not submitted: ${READ_ONLY_REASON}`, canRetry: false, request: { id: 'r2' } });
    expect(s.client.reject).not.toHaveBeenCalled();
    expect(s.client.getRequest.mock.calls).toStrictEqual([['r1'], ['r2']]); // each read back, nothing posted for r2
    await s.decisions.decide(approve({ requestId: 'r3' }));
    expect(s.client.approve).toHaveBeenCalledTimes(2);
    expect(s.client.approve.mock.calls[1]![0]).toBe('r3');
  });

  it('F22 with F32: a request of a read-only agent that someone else decided meanwhile is reported as theirs, still unsent', async () => {
    const s = setup({ answer: err('forbidden'), reads: [ok(aRow()), ok({ ...decided('APPROVED', ALICE), id: 'r2', processedByName: 'Alice Moreno' })], stored: [aRow(), aRow({ id: 'r2' })] });
    await s.decisions.decide(approve());
    const second = outcomeOf(await s.decisions.decide(reject({ requestId: 'r2' })));
    expect(second).toMatchObject({ outcome: 'already-decided', request: { id: 'r2', status: 'APPROVED', processedBy: ALICE } });
    expect(second.message).toContain('Alice Moreno');
    expect(s.client.reject).not.toHaveBeenCalled();
    expect(s.store.get('ws', 'r2')?.status).toBe('APPROVED');
    expect(s.onDecided).toHaveBeenCalledTimes(2);
  });

  it('F22 with F10 and F21: a read-only refusal whose read-back finds the request gone says so; one that meets a 401 signs out', async () => {
    const gone = setup({ reads: [err('not-found')], stored: [aRow(), aRow({ id: 'r2' })] });
    gone.ws.markReadOnly('agent-1', READ_ONLY_REASON);
    expect(outcomeOf(await gone.decisions.decide(approve({ requestId: 'r2' })))).toMatchObject({ outcome: 'not-applied', error: { code: 'not-found' }, request: null, canRetry: false });
    expect(gone.store.get('ws', 'r2')).toBeUndefined();
    expect(gone.client.approve).not.toHaveBeenCalled();
    const expired = setup({ reads: [err('unauthorized')], stored: [aRow()] });
    expired.ws.markReadOnly('agent-1', READ_ONLY_REASON);
    expect(outcomeOf(await expired.decisions.decide(reject()))).toMatchObject({ outcome: 'not-applied', error: { code: 'unauthorized', message: SESSION_EXPIRED_MESSAGE } });
    expect(expired.ws.onUnauthorized).toHaveBeenCalledTimes(1);
    expect(expired.client.getRequest).toHaveBeenCalledTimes(1);
    expect(expired.client.reject).not.toHaveBeenCalled();
  });

  it('F27 with F30: a 429 whose read-back shows my own earlier decision (its answer was lost) is applied, not "already decided"', async () => {
    const s = setup({ answer: err('rate-limited'), reads: [ok(decided('APPROVED', ME))], stored: [aRow()] });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'applied', reconciled: true, request: { status: 'APPROVED', processedBy: ME } });
    expect(s.onApplied).toHaveBeenCalledTimes(1);
    // The other way round, or when the console does not know who it is, it stays "already decided".
    const other = setup({ answer: err('rate-limited'), reads: [ok(decided('APPROVED', ME))], stored: [aRow()] });
    expect(outcomeOf(await other.decisions.decide(reject()))).toMatchObject({ outcome: 'already-decided', request: { status: 'APPROVED' } });
    const unknownMe = setup({ answer: err('forbidden'), reads: [ok(decided('APPROVED', ME))], stored: [aRow()], me: null });
    expect(outcomeOf(await unknownMe.decisions.decide(approve()))).toMatchObject({ outcome: 'already-decided' });
    expect(unknownMe.onApplied).not.toHaveBeenCalled();
    // A decided row that names nobody is never claimed as mine, even when I do not know who I am.
    const nobody = setup({ answer: err('rate-limited'), reads: [ok({ ...decided('APPROVED', ME), processedBy: null })], stored: [aRow()], me: null });
    expect(outcomeOf(await nobody.decisions.decide(approve()))).toMatchObject({ outcome: 'already-decided' });
  });

  it('F27: a 429 whose read-back fails twice keeps its own answer (not signed out, not gone)', async () => {
    const s = setup({ answer: err('rate-limited'), reads: [err('timeout'), err('timeout')], stored: [aRow()] });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'not-applied', error: { code: 'rate-limited' }, request: { id: 'r1' } });
    expect(s.ws.onUnauthorized).not.toHaveBeenCalled();
    expect(s.store.get('ws', 'r1')).toBeDefined();
  });

  it('F27: a 429 without Retry-After says "shortly"; with it, the seconds', async () => {
    const s = setup({ answer: err('rate-limited'), reads: [ok(aRow())] });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'not-applied', error: { message: 'Not submitted (rate limited) – try again shortly.' } });
    const w = setup({ answer: err('rate-limited', { retryAfterMs: 6_200 }), reads: [ok(aRow())] });
    expect(outcomeOf(await w.decisions.decide(approve()))).toMatchObject({ outcome: 'not-applied', error: { message: 'Not submitted (rate limited) – try again in 7 s.' } });
  });

  it('F27: after a 429 with Retry-After 30 s, no decision is sent to that workspace until the 30 s are over; each is refused with the time left', async () => {
    let t = 1_000;
    const s = setup({ answer: err('rate-limited', { retryAfterMs: 30_000 }), reads: [ok(aRow()), ok(aRow({ id: 'r2' })), ok(aRow()), ok(aRow())], stored: [aRow()], now: () => t });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'not-applied', error: { code: 'rate-limited' } });
    expect(s.client.approve).toHaveBeenCalledTimes(1);
    t += 29_001;
    // Another request of the same workspace: the limit is the client's, not the request's.
    expect(outcomeOf(await s.decisions.decide(reject({ requestId: 'r2' })))).toMatchObject({
      outcome: 'not-applied',
      error: { code: 'rate-limited', message: 'Not submitted (rate limited) – try again in 1 s.' },
      canRetry: true,
    });
    expect(outcomeOf(await s.decisions.decide(reject()))).toMatchObject({ error: { code: 'rate-limited' }, request: { id: 'r1' } });
    expect(s.client.reject).not.toHaveBeenCalled();
    t += 999;
    await s.decisions.decide(reject());
    expect(s.client.reject).toHaveBeenCalledTimes(1);
  });

  it('F27: a decision held back by the wait is read back first: a request someone else decided meanwhile is reported as theirs', async () => {
    let t = 1_000;
    const s = setup({ answer: err('rate-limited', { retryAfterMs: 30_000 }), reads: [ok(aRow()), ok(decided('REJECTED', ALICE))], stored: [aRow()], now: () => t });
    await s.decisions.decide(approve());
    t += 5_000;
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'already-decided', request: { status: 'REJECTED', processedBy: ALICE } });
    expect(s.client.approve).toHaveBeenCalledTimes(1);
  });

  it('F27: a Retry-After of a week holds decisions 15 minutes at most (the poller\'s bounds), and says so', async () => {
    let t = 1_000;
    const s = setup({ answer: err('rate-limited', { retryAfterMs: 7 * 86_400_000 }), reads: [ok(aRow()), ok(aRow()), ok(aRow())], stored: [aRow()], now: () => t });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ error: { message: 'Not submitted (rate limited) – try again in 900 s.', retryAfterMs: 900_000 } });
    t += 900_000;
    await s.decisions.decide(approve());
    expect(s.client.approve).toHaveBeenCalledTimes(2);
  });

  it('F27: the wait is the credential\'s: signed in again (a new client), decisions are sent at once', async () => {
    const t = 1_000;
    const s = setup({ answer: err('rate-limited', { retryAfterMs: 600_000 }), reads: [ok(aRow()), ok(aRow())], stored: [aRow()], now: () => t });
    await s.decisions.decide(approve());
    const again = { ...s.client };
    (s.ws as { client: unknown }).client = again;
    await s.decisions.decide(approve());
    expect(s.client.approve).toHaveBeenCalledTimes(2);
  });

  it('F26/F27: a 429 without Retry-After holds the workspace\'s decisions for a minute', async () => {
    let t = 1_000;
    const s = setup({ answer: err('rate-limited'), reads: [ok(aRow()), ok(aRow()), ok(aRow())], stored: [aRow()], now: () => t });
    await s.decisions.decide(approve());
    t += 59_999;
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ error: { message: 'Not submitted (rate limited) – try again in 1 s.' } });
    expect(s.client.approve).toHaveBeenCalledTimes(1);
    t += 1;
    await s.decisions.decide(approve());
    expect(s.client.approve).toHaveBeenCalledTimes(2);
  });

  it('a 404 removes the request and says it no longer exists', async () => {
    const s = setup({ answer: err('not-found'), stored: [aRow()] });
    const out = outcomeOf(await s.decisions.decide(approve()));
    expect(out).toEqual(GONE);
    expect(s.store.get('ws', 'r1')).toBeUndefined();
    expect(s.client.getRequest).not.toHaveBeenCalled();
  });

  it('F32: "not pending" whose read-back still shows it pending is not applied, and says to check and retry', async () => {
    const s = setup({ answer: err('not-pending'), reads: [ok(aRow())] });
    const out = outcomeOf(await s.decisions.decide(approve()));
    expect(out).toMatchObject({
      outcome: 'not-applied',
      error: { code: 'not-pending', message: 'Not applied – the server said the request was no longer pending, but it still is. Check it, then try again.' },
      request: { status: 'PENDING' },
    });
  });

  it('F32: "not pending" whose read-back fails twice says it was decided elsewhere and not to retry', async () => {
    const s = setup({ answer: err('not-pending'), reads: [err('timeout'), err('timeout')] });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'not-applied', error: { message: NOT_PENDING_UNREAD_MESSAGE } });
    expect(s.client.getRequest).toHaveBeenCalledTimes(2);
  });

  it('a failure certainly not sent is not applied, in the server\'s words', async () => {
    const s = setup({ answer: err('validation') });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'not-applied', error: { message: 'Not applied – server said validation' } });
    expect(s.client.getRequest).not.toHaveBeenCalled();
  });
});

describe('decisions: ambiguous failures are read back (F30, F31)', () => {
  it('the read-back is retried once after a transient failure, and then tells: applied by me', async () => {
    const s = setup({ answer: ambiguous(), reads: [err('timeout'), ok(decided('APPROVED', ME))] });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'applied', reconciled: true, request: { status: 'APPROVED' } });
    expect(s.client.getRequest).toHaveBeenCalledTimes(2);
    expect(s.onApplied).toHaveBeenCalledTimes(1);
  });

  it('a read-back that works, or answers 401 or 404, is not repeated', async () => {
    const okRead = setup({ answer: ambiguous(), reads: [ok(aRow()), ok(decided('APPROVED', ME))] });
    expect(outcomeOf(await okRead.decisions.decide(approve()))).toMatchObject({ outcome: 'not-applied' });
    expect(okRead.client.getRequest).toHaveBeenCalledTimes(1);
    const unauthorized = setup({ answer: ambiguous(), reads: [err('unauthorized'), ok(decided('APPROVED', ME))] });
    expect(outcomeOf(await unauthorized.decisions.decide(approve()))).toMatchObject({ outcome: 'unknown' });
    expect(unauthorized.client.getRequest).toHaveBeenCalledTimes(1);
    const gone = setup({ answer: ambiguous(), reads: [err('not-found'), ok(decided('APPROVED', ME))] });
    expect(outcomeOf(await gone.decisions.decide(approve()))).toMatchObject({ outcome: 'not-applied' });
    expect(gone.client.getRequest).toHaveBeenCalledTimes(1);
  });

  it('still pending → not applied and safe to retry', async () => {
    const s = setup({ answer: ambiguous(), reads: [ok(aRow())] });
    expect(outcomeOf(await s.decisions.decide(reject()))).toEqual({
      outcome: 'not-applied',
      error: { code: 'timeout', message: 'Not applied – the server did not record the decision. It is safe to retry.' },
      request: expect.objectContaining({ status: 'PENDING' }),
      message: 'Not applied – the server did not record the decision. It is safe to retry.',
      canRetry: true,
    });
  });

  it('the read-back finds no such request → removed, "no longer exists"', async () => {
    const s = setup({ answer: ambiguous(), reads: [err('not-found')], stored: [aRow()] });
    expect(outcomeOf(await s.decisions.decide(approve()))).toEqual(GONE);
    expect(s.store.get('ws', 'r1')).toBeUndefined();
  });

  it('the read-back fails twice → unknown, logged, never retried', async () => {
    const s = setup({ answer: ambiguous(), reads: [err('timeout'), err('offline')] });
    expect(outcomeOf(await s.decisions.decide(approve()))).toEqual({
      outcome: 'unknown',
      error: { code: 'timeout', message: 'Could not confirm whether the decision was applied; it was not retried.' },
      message: 'Outcome unknown – Could not confirm whether the decision was applied; it was not retried. Open the request to check before deciding again.',
      canRetry: false,
    });
    expect(s.log.warn).toHaveBeenCalledWith('decision outcome unknown', { code: 'timeout', readBack: 'offline' });
    expect(s.client.approve).toHaveBeenCalledTimes(1);
  });

  it('F32: decided my way but I do not know who I am → unknown, naming the status', async () => {
    const a = setup({ me: null, answer: ambiguous(), reads: [ok(decided('APPROVED', ME))] });
    expect(outcomeOf(await a.decisions.decide(approve()))).toEqual({
      outcome: 'unknown',
      error: { code: 'timeout', message: 'The request is now approved, but the console could not confirm the decision was yours. It was not retried.' },
      message: 'Outcome unknown – The request is now approved, but the console could not confirm the decision was yours. It was not retried. Open the request to check before deciding again.',
      canRetry: false,
    });
    expect(a.store.get('ws', 'r1')?.status).toBe('APPROVED');
    const r = setup({ me: null, answer: ambiguous(), reads: [ok(decided('REJECTED', ME))] });
    expect(outcomeOf(await r.decisions.decide(reject()))).toMatchObject({ outcome: 'unknown', error: { message: expect.stringMatching(/^The request is now rejected, but/) } });
  });

  it('F32: decided my way by someone else → already decided by them, not applied', async () => {
    const s = setup({ answer: ambiguous(), reads: [ok(decided('APPROVED', ALICE))] });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'already-decided', request: { processedBy: ALICE } });
    expect(s.onApplied).not.toHaveBeenCalled();
  });

  it('F32: decided the other way → already decided, whoever did it', async () => {
    const s = setup({ answer: ambiguous(), reads: [ok(decided('REJECTED', ME))] });
    expect(outcomeOf(await s.decisions.decide(approve()))).toMatchObject({ outcome: 'already-decided', request: { status: 'REJECTED' } });
    const unknownMe = setup({ me: null, answer: ambiguous(), reads: [ok(decided('REJECTED', ALICE))] });
    expect(outcomeOf(await unknownMe.decisions.decide(approve()))).toMatchObject({ outcome: 'already-decided', request: { status: 'REJECTED' } });
  });
});
