/**
 * The detail pane's read (`requests:get`) over a real store: what the pane shows (the request as
 * the server has it now, its matched participant, earlier requests from the same sender on the
 * same connector), what the store learns from the read (a change, a 404), and what is refused
 * or reported when the workspace or the server cannot answer.
 */
import { describe, expect, it } from 'vitest';
import { fail, ok, type AccessRequest, type AppError, type Participant, type Result } from '../../../src-shared/domain';
import { anAccessRequest, aParticipant, T0 } from '../../../test/fakes/builders';
import type { KeyValueStore } from '../ports';
import { createRequestDetail } from './request-detail';
import { createRequestStore } from './request-store';

function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>();
  return { read: (k) => ok(data.get(k)), write: (k, v) => (data.set(k, structuredClone(v)), ok(null)) };
}

const UNAUTHORIZED: AppError = { code: 'unauthorized', message: 'Signed out', status: 401 };
const SERVER_DOWN: AppError = { code: 'server', message: 'The Fruxon server had a problem.', status: 503 };

/** Workspace 'ws-1' (signed in unless `signedIn: false`) whose server answers the read with `answer`. */
function setup(opts: { signedIn?: boolean; exists?: boolean } = {}) {
  const store = createRequestStore({ dataStore: memoryStore(), now: () => T0 });
  let signedIn = opts.signedIn ?? true;
  let answer: (id: string) => Result<AccessRequest> = () => fail('not-found', 'gone', { status: 404 });
  const participants = new Map<string, Participant>();
  const participantReads: string[] = [];
  const changes: number[] = [];
  const errors: Array<[string, string]> = [];
  const signedOut: string[] = [];
  const client = {
    getRequest: async (id: string) => answer(id),
    getParticipant: async (id: string): Promise<Result<Participant>> => {
      participantReads.push(id);
      const p = participants.get(id);
      return p ? ok(p) : fail('not-found', 'no such participant', { status: 404 });
    },
  };
  const get = createRequestDetail({
    store,
    workspaces: {
      exists: (id) => id === 'ws-1' && opts.exists !== false,
      readyClient: (id) => (id === 'ws-1' && signedIn ? client : null),
      markSignedOut: (id) => {
        signedOut.push(id);
        signedIn = false;
      },
    },
    toView: (row) => ({
      ...row,
      agentName: row.agentId,
      connectorName: row.integrationConfigId ?? 'No connector',
      processedByName: row.processedBy,
      canDecide: row.status === 'PENDING',
      readOnlyReason: null,
      matchedParticipantName: null,
      approvedParticipantName: null,
      approveMode: null,
    }),
    onChange: () => changes.push(store.revision()),
    onError: (error, context) => errors.push([error.code, context]),
  });
  return {
    store,
    get: (requestId: string, workspaceId = 'ws-1') => get({ workspaceId, requestId }),
    serverAnswers: (f: (id: string) => Result<AccessRequest>) => (answer = f),
    participants,
    participantReads,
    changes,
    errors,
    signedOut,
  };
}

const pending = (id: string, over: Partial<AccessRequest> = {}) => anAccessRequest({ id, workspaceId: 'ws-1', address: '+15550001', integrationConfigId: 'cfg-wa', createdAt: T0 - 60_000, modifiedAt: T0 - 60_000, ...over });
const decidedElsewhere = (row: AccessRequest): AccessRequest => ({ ...row, status: 'REJECTED', rawStatus: 'REJECTED', processedBy: 'u-9', processedAt: T0, modifiedAt: T0 });

describe('request detail', () => {
  it('shows the request as the server has it now, and the store (so the queue) learns of the change once', async () => {
    const t = setup();
    const held = pending('r1');
    t.store.recordMutation(held);
    t.serverAnswers(() => ok(decidedElsewhere(held)));
    const res = await t.get('r1');
    expect(res.ok && res.value.request).toMatchObject({ id: 'r1', status: 'REJECTED', processedBy: 'u-9' });
    // Said to be the server's answer: the pane settles an "Outcome unknown" decision on it (F31).
    expect(res.ok && res.value.fromServer).toBe(true);
    expect(t.store.get('ws-1', 'r1')?.status).toBe('REJECTED');
    expect(t.changes).toHaveLength(1);
    await t.get('r1'); // the same answer again: nothing new to publish
    expect(t.changes).toHaveLength(1);
  });

  it('F10: a request the server no longer has leaves the queue and the pane says so (404)', async () => {
    const t = setup();
    t.store.recordMutation(pending('r1'));
    const res = await t.get('r1');
    expect(res).toEqual({ ok: false, error: { code: 'not-found', message: 'This request no longer exists.', status: 404 } });
    expect(t.store.get('ws-1', 'r1')).toBeUndefined();
    expect(t.changes).toHaveLength(1);
    await t.get('r1'); // already gone: nothing to publish
    expect(t.changes).toHaveLength(1);
  });

  it('a workspace that is not signed in any more is refused before anything is read', async () => {
    const t = setup({ exists: false });
    t.serverAnswers(() => {
      throw new Error('must not be read');
    });
    expect(await t.get('r1')).toEqual({ ok: false, error: { code: 'no-workspace', message: 'That workspace is not signed in any more.' } });
  });

  it('without a connection, shows the request the queue holds, marked as not read from the server; one it does not hold is "not in the queue"', async () => {
    const t = setup({ signedIn: false });
    t.store.recordMutation(pending('r1'));
    const held = await t.get('r1');
    expect(held.ok && held.value.request.id).toBe('r1');
    expect(held.ok && held.value.fromServer).toBe(false);
    expect(await t.get('r2')).toEqual({ ok: false, error: { code: 'not-found', message: 'This request is not in the queue.' } });
  });

  it.each<[string, AppError, boolean]>([
    ['a server error', SERVER_DOWN, false],
    ['a refused token (the workspace is marked signed out)', UNAUTHORIZED, true],
  ])('%s: reported with the request id; the queue\'s copy is shown (not as the server\'s answer), or the error when it has none', async (_name, error, signsOut) => {
    const t = setup();
    t.store.recordMutation(pending('r1', { matchedParticipantId: 'p-1' }));
    t.participants.set('p-1', aParticipant({ id: 'p-1', displayName: 'Dana' }));
    t.serverAnswers(() => ({ ok: false, error }));
    const held = await t.get('r1');
    expect(held.ok && held.value.request.id).toBe('r1');
    expect(held.ok && held.value.fromServer).toBe(false);
    expect(t.errors).toEqual([[error.code, 'get request r1']]);
    expect(t.signedOut).toEqual(signsOut ? ['ws-1'] : []);
    // Signed out by the read: no second call for the participant.
    expect(t.participantReads).toEqual(signsOut ? [] : ['p-1']);
    expect(held.ok && held.value.matchedParticipant?.displayName).toBe(signsOut ? undefined : 'Dana');
    if (signsOut) return;
    expect(await t.get('r2')).toEqual({ ok: false, error });
    expect(t.errors).toEqual([
      [error.code, 'get request r1'],
      [error.code, 'get request r2'],
    ]);
  });

  it('F33: a request decided here stays decided in the pane when the read lags behind', async () => {
    const t = setup();
    const row = pending('r1');
    t.store.recordMutation({ ...row, status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'me', processedAt: T0, modifiedAt: T0 });
    t.serverAnswers(() => ok(row));
    const res = await t.get('r1');
    expect(res.ok && res.value.request.status).toBe('APPROVED');
    expect(res.ok && res.value.fromServer).toBe(true);
  });

  it('lists earlier requests from the same sender on the same connector, newest first, and nothing else', async () => {
    const t = setup();
    const current = pending('now', { createdAt: T0 });
    const older = pending('older', { createdAt: T0 - 3 * 86_400_000 });
    const newer = pending('newer', { createdAt: T0 - 86_400_000 });
    const undated = pending('undated', { createdAt: null });
    t.store.recordMutation(current);
    for (const r of [older, undated, newer]) t.store.recordMutation(r);
    t.store.recordMutation(pending('other-sender', { address: '+15559999' }));
    t.store.recordMutation(pending('other-connector', { integrationConfigId: 'cfg-sms' }));
    t.store.recordMutation(anAccessRequest({ id: 'other-workspace', workspaceId: 'ws-2', address: '+15550001', integrationConfigId: 'cfg-wa' }));
    t.serverAnswers((id) => ok(t.store.get('ws-1', id)!));
    const res = await t.get('now');
    expect(res.ok && res.value.history.map((v) => v.id)).toEqual(['newer', 'older', 'undated']);
    expect(res.ok && res.value.matchedParticipant).toBeNull();
  });
});
