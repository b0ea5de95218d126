/**
 * Approve and reject, reported truthfully. A decision counts only when the server says so:
 * 200 → applied; 400 not-pending, 403 or 429 → read back and show who decided if someone did
 * (F32); an ambiguous failure (timeout, reset after sending, 5xx) → read back: decided my way →
 * applied, still pending → not applied and safe to retry, never replayed automatically (F30,
 * F31). At most one decision per request is in flight (F34). The store is updated from the
 * returned row, not a re-list.
 */
import type { ApproveInput, DecisionOutcome, RejectInput } from '../../../src-shared/contract';
import { fail, ok, type AccessRequest, type AppError, type RequestView, type Result } from '../../../src-shared/domain';
import type { ApiClient } from '../api/client';
import { clamp } from '../api/errors';
import { POLL_LIMITS } from '../polling/poller';
import { silentLogger, type Logger } from '../ports';
import type { RequestStore } from '../requests/request-store';
import { outcomes, READ_ONLY_REASON, type NotAppliedCause } from './decision-messages';
import { WORKSPACE_BLOCKS } from './decision-rule';

export { NOT_PENDING_UNREAD_MESSAGE, READ_ONLY_REASON, SESSION_EXPIRED_MESSAGE } from './decision-messages';

export type DecisionInput = ({ kind: 'approve' } & ApproveInput) | ({ kind: 'reject' } & RejectInput);

export interface DecisionWorkspace {
  /** Null while the workspace has no credential (then `blockedBy` says why). */
  client: Pick<ApiClient, 'approve' | 'reject' | 'getRequest'> | null;
  /** Why decisions cannot be sent right now (signed out, offline), or null. */
  blockedBy(): AppError | null;
  /** The signed-in user's id (auth/health), to tell my decision from another operator's on read-back. */
  operatorUserId(): string | null;
  /** A direct 200 answer to my decision names me in processedBy: remember it when auth/health could not. */
  learnOperatorUserId(id: string): void;
  /** 401 on a decision: the workspace signs out (F21). */
  onUnauthorized(): void;
  /** 403 on a decision: this agent is read-only for us in this workspace (F22). */
  markReadOnly(agentId: string, reason: string): void;
  /** Why this agent is read-only for us (a 403 seen), or undefined. */
  readOnlyReason(agentId: string): string | undefined;
}

type Client = DecisionWorkspace & { client: NonNullable<DecisionWorkspace['client']> };

export interface DecisionsDeps {
  workspace(workspaceId: string): DecisionWorkspace | null;
  store: RequestStore;
  toView(row: AccessRequest): RequestView;
  /** Called after every decision that changed what the operator sees: publish at once. */
  onDecided(): void;
  /** The server confirmed this decision as ours (directly or on read-back), before its view is built. */
  onApplied?(input: DecisionInput, row: AccessRequest): void;
  onError?(error: AppError, context: string): void;
  log?: Logger;
  /** For "Already approved by Alice at 14:03" (today's decisions show the time only). */
  now?: () => number;
}

export interface Decisions {
  decide(input: DecisionInput): Promise<Result<DecisionOutcome>>;
  isInFlight(workspaceId: string, requestId: string): boolean;
  /** Decisions sent and not yet answered (an update must not restart the app under them). */
  inFlightCount(): number;
  /**
   * Until when decisions to this workspace are held after a 429 (epoch ms), or null: published in
   * its status, so the page disables its decision controls even when the outcome that started the
   * hold showed no countdown (the read-back found another operator's decision).
   */
  heldUntil(workspaceId: string): number | null;
}

/** How long decisions wait after a 429 that gave no Retry-After (F26: at least a minute). */
export const RATE_LIMIT_DEFAULT_MS = 60_000;

const intendedStatus = (input: DecisionInput) => (input.kind === 'approve' ? 'APPROVED' : 'REJECTED');

/** Creates the decision service. */
export function createDecisions(deps: DecisionsDeps): Decisions {
  const log = deps.log ?? silentLogger;
  const now = deps.now ?? Date.now;
  const inFlight = new Set<string>();
  /**
   * Per API client (one workspace's credential: a sign-in again is a new client and starts afresh),
   * until when the server asked for no decisions (a 429's Retry-After clamped like the poller's, F27;
   * a minute without one, F26). A decision asked for meanwhile (another request, a batch's next item,
   * a key the page did not hold back) is not sent: it would be refused too and lengthen the wait.
   */
  const limitedUntil = new WeakMap<object, number>();
  /**
   * Per API client, until when a decision held by a 429 is not read back: a read-back was answered
   * 429 twice, so the server limits reads as well. A held batch would otherwise read back each of its
   * remaining items, twice each, while the server asks for quiet; their refusals ("not submitted
   * (rate limited)") stand without it. Read-backs that decide an outcome (after an ambiguous answer)
   * are still made.
   */
  const readsLimitedUntil = new WeakMap<object, number>();

  /** The server's wait after a 429, within the poller's bounds (a Retry-After of a week must not hold anything for a week). */
  function waitAfter(error: AppError): { ms: number; said: AppError } {
    const waited = error.retryAfterMs === undefined ? undefined : clamp(error.retryAfterMs, POLL_LIMITS.retryAfterMinMs, POLL_LIMITS.retryAfterMaxMs);
    return { ms: waited ?? RATE_LIMIT_DEFAULT_MS, said: waited === undefined ? error : { ...error, retryAfterMs: waited } };
  }

  /** Two answers in flight: the later end stands. */
  function holdUntil(map: WeakMap<object, number>, client: object, ms: number): void {
    map.set(client, Math.max(map.get(client) ?? 0, now() + ms));
  }

  function record(row: AccessRequest): RequestView {
    deps.store.recordMutation(row);
    return deps.toView(row);
  }

  function knownView(workspaceId: string, id: string): RequestView | null {
    const row = deps.store.get(workspaceId, id);
    return row ? deps.toView(row) : null;
  }

  /**
   * After a refusal that never reached the decision (a 403 or 429, or a read-only agent's request
   * not sent): a read-back, so the operator is told what is true now rather than something to retry.
   * Decided by someone else → theirs ("Already approved by Alice at 14:03"); decided my way by me (an
   * earlier decision whose answer was lost) → applied; gone → gone; 401 → signed out. Still pending
   * or unreadable → the refusal stands.
   */
  async function afterRefusal(ws: Client, input: DecisionInput, refusal: () => DecisionOutcome): Promise<DecisionOutcome> {
    const { workspaceId, requestId } = input;
    const back = await readBack(ws, requestId);
    if (!back.ok) {
      if (back.error.code === 'not-found') {
        deps.store.remove(workspaceId, requestId);
        return outcomes.notApplied('gone', back.error, null);
      }
      if (back.error.code === 'unauthorized') {
        ws.onUnauthorized();
        return outcomes.notApplied('session-expired', back.error, knownView(workspaceId, requestId));
      }
      return refusal();
    }
    const row = back.value;
    if (row.status === 'PENDING') {
      record(row);
      return refusal();
    }
    const me = ws.operatorUserId();
    if (me !== null && row.processedBy === me && row.status === intendedStatus(input)) {
      deps.onApplied?.(input, row);
      return outcomes.applied(input.kind, record(row), true);
    }
    return outcomes.alreadyDecided(input.kind, record(row), now());
  }

  async function readBack(ws: Client, id: string): Promise<Result<AccessRequest>> {
    // One retry: the read-back is what stands between the operator and a wrong answer.
    const first = await ws.client.getRequest(id);
    if (first.ok || first.error.code === 'not-found' || first.error.code === 'unauthorized') return first;
    const second = await ws.client.getRequest(id);
    if (!second.ok && second.error.code === 'rate-limited') holdUntil(readsLimitedUntil, ws.client, waitAfter(second.error).ms);
    return second;
  }

  /**
   * An agent that answered 403 is read-only for this session (F22): another of its requests is not
   * sent to be refused again (a row the page still showed as decidable, a batch, an undo window).
   * It is read back first, so a request someone else decided meanwhile is reported as theirs.
   */
  async function readOnlyRefusal(ws: Client, input: DecisionInput): Promise<DecisionOutcome | null> {
    const known = deps.store.get(input.workspaceId, input.requestId);
    const reason = known ? ws.readOnlyReason(known.agentId) : undefined;
    if (reason === undefined) return null;
    return afterRefusal(ws, input, () => outcomes.notApplied('read-only', { code: 'forbidden', message: reason }, knownView(input.workspaceId, input.requestId)));
  }

  /**
   * While the server's wait after a 429 runs in this workspace, a decision is not sent (it would be
   * refused too, and lengthen the wait). Read back like any refusal, so a request someone else
   * decided meanwhile is reported as theirs; otherwise "not submitted (rate limited)" with the time left.
   */
  function rateLimitRefusal(ws: Client, input: DecisionInput): Promise<DecisionOutcome> | null {
    if ((limitedUntil.get(ws.client) ?? 0) <= now()) return null;
    const refusal = () => {
      const wait: AppError = { code: 'rate-limited', message: 'Rate limited', retryAfterMs: Math.max(0, (limitedUntil.get(ws.client) ?? 0) - now()) };
      return outcomes.notApplied('rate-limited', wait, knownView(input.workspaceId, input.requestId));
    };
    // The server limits reads too (readsLimitedUntil): the refusal stands unread.
    if ((readsLimitedUntil.get(ws.client) ?? 0) > now()) return Promise.resolve(refusal());
    return afterRefusal(ws, input, refusal);
  }

  async function send(ws: Client, input: DecisionInput): Promise<DecisionOutcome> {
    const { workspaceId, requestId } = input;
    const intended = intendedStatus(input);
    const res =
      input.kind === 'approve'
        ? await ws.client.approve(requestId, {
            mode: input.mode,
            ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
            ...(input.participantId !== undefined ? { participantId: input.participantId } : {}),
            ...(input.note !== undefined ? { note: input.note } : {}),
          })
        : await ws.client.reject(requestId, input.note !== undefined ? { note: input.note } : {});

    const kind = input.kind;
    const known = () => knownView(workspaceId, requestId);
    const notApplied = (cause: NotAppliedCause, err: AppError, request: RequestView | null) => outcomes.notApplied(cause, err, request);
    const already = (row: AccessRequest) => outcomes.alreadyDecided(kind, record(row), now());

    if (res.ok) {
      if (ws.operatorUserId() === null && res.value.processedBy) ws.learnOperatorUserId(res.value.processedBy);
      deps.onApplied?.(input, res.value);
      return outcomes.applied(kind, record(res.value), false);
    }

    const error = res.error;
    deps.onError?.(error, `${input.kind} ${requestId}`);
    switch (error.code) {
      case 'not-pending': {
        const back = await readBack(ws, requestId);
        if (back.ok && back.value.status !== 'PENDING') return already(back.value);
        if (back.ok) return notApplied('still-pending', error, record(back.value));
        // The server said someone decided it, but who and how could not be read: say exactly that.
        return notApplied('decided-unread', error, known());
      }
      case 'unauthorized':
        ws.onUnauthorized();
        return notApplied('session-expired', error, known());
      case 'forbidden': {
        const row = deps.store.get(workspaceId, requestId);
        if (row) ws.markReadOnly(row.agentId, READ_ONLY_REASON);
        return afterRefusal(ws, input, () => notApplied('forbidden', error, known()));
      }
      case 'rate-limited': {
        const { ms, said } = waitAfter(error);
        holdUntil(limitedUntil, ws.client, ms);
        return afterRefusal(ws, input, () => notApplied('rate-limited', said, known()));
      }
      case 'not-found':
        deps.store.remove(workspaceId, requestId);
        return notApplied('gone', error, null);
    }

    // Certainly not sent (refused connection, TLS, validation…): say so, with the server's words.
    if (error.sentMaybe !== true) return notApplied('not-sent', error, known());

    // Ambiguous: the server may have applied it. Only a read-back can tell (F30, F31).
    const back = await readBack(ws, requestId);
    if (!back.ok) {
      if (back.error.code === 'not-found') {
        deps.store.remove(workspaceId, requestId);
        return notApplied('gone', back.error, null);
      }
      log.warn('decision outcome unknown', { code: error.code, readBack: back.error.code });
      return outcomes.unknown(error.code, 'Could not confirm whether the decision was applied; it was not retried.');
    }
    const row = back.value;
    // The same status is not enough: another operator may have made the same decision first
    // (F32). When we do not know who we are, a matching status cannot be claimed as ours.
    const me = ws.operatorUserId();
    if (row.status === intended && me === null) {
      record(row);
      return outcomes.unknown(
        error.code,
        `The request is now ${row.status === 'APPROVED' ? 'approved' : 'rejected'}, but the console could not confirm the decision was yours. It was not retried.`,
      );
    }
    if (row.status === intended && row.processedBy === me) {
      deps.onApplied?.(input, row);
      return outcomes.applied(kind, record(row), true);
    }
    if (row.status === 'PENDING') return notApplied('not-recorded', { code: error.code, message: error.message }, record(row));
    return already(row);
  }

  return {
    async decide(input) {
      const ws = deps.workspace(input.workspaceId);
      if (!ws) return { ok: false, error: WORKSPACE_BLOCKS['no-workspace'].refusal() };
      const blocked = ws.blockedBy();
      if (blocked) return { ok: false, error: blocked };
      const client = ws.client;
      if (client === null) return { ok: false, error: WORKSPACE_BLOCKS['not-connected'].refusal() };
      const key = `${input.workspaceId}/${input.requestId}`;
      if (inFlight.has(key)) return fail('in-progress', 'A decision on this request is already in progress.');
      inFlight.add(key);
      try {
        const c = { ...ws, client };
        const outcome = (await (rateLimitRefusal(c, input) ?? readOnlyRefusal(c, input))) ?? (await send(c, input));
        deps.onDecided();
        return ok(outcome);
      } catch (err) {
        // The client never throws; if something else did, the outcome is honestly unknown.
        log.error('decision crashed', { err: String(err) });
        return ok(outcomes.unknown('internal', 'Something went wrong while sending the decision.'));
      } finally {
        inFlight.delete(key);
      }
    },
    isInFlight: (workspaceId, requestId) => inFlight.has(`${workspaceId}/${requestId}`),
    inFlightCount: () => inFlight.size,
    heldUntil(workspaceId) {
      const client = deps.workspace(workspaceId)?.client;
      const until = client ? limitedUntil.get(client) : undefined;
      return until !== undefined && until > now() ? until : null;
    },
  };
}
