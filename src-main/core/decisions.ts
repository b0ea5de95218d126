/**
 * Approve and reject, reported truthfully. A decision counts only when the server says so:
 * 200 → applied; 400 not-pending, 403 or 429 → read back and show who decided if someone did
 * (F32); an ambiguous failure (timeout, reset after sending, 5xx) → read back: decided my way →
 * applied, still pending → not applied and safe to retry, never replayed automatically (F30,
 * F31). At most one decision per request is in flight (F34). The store is updated from the
 * returned row, not a re-list.
 */
import type { ApproveInput, DecisionOutcome, RejectInput } from '../../src-shared/contract';
import { fail, ok, type AccessRequest, type AppError, type RequestView, type Result } from '../../src-shared/domain';
import type { ApiClient } from './api/client';
import { silentLogger, type Logger } from './ports';
import type { RequestStore } from './request-store';

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
}

export interface Decisions {
  decide(input: DecisionInput): Promise<Result<DecisionOutcome>>;
  isInFlight(workspaceId: string, requestId: string): boolean;
  /** Decisions sent and not yet answered (an update must not restart the app under them). */
  inFlightCount(): number;
}

export const READ_ONLY_REASON = "You don't have the Editor role on this agent, so you can't approve or reject its requests.";
export const NOT_PENDING_UNREAD_MESSAGE =
  'Not applied – the server says this request was already decided, but the console could not read who decided it. Open the request to see the decision; do not retry.';
export const SESSION_EXPIRED_MESSAGE = 'Session expired – decision not submitted. Sign in again, then confirm the decision again.';

/**
 * Each not-applied outcome carries one complete sentence that starts with what happened; the
 * renderer shows it as it is (it used to add its own "Not applied — retry." in front).
 */
function notApplied(reason: string): string {
  return `Not applied – ${reason}`;
}

function secondsText(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))} s`;
}

/** Creates the decision service. */
export function createDecisions(deps: DecisionsDeps): Decisions {
  const log = deps.log ?? silentLogger;
  const inFlight = new Set<string>();

  function record(row: AccessRequest): RequestView {
    deps.store.recordMutation(row);
    return deps.toView(row);
  }

  function knownView(workspaceId: string, id: string): RequestView | null {
    const row = deps.store.get(workspaceId, id);
    return row ? deps.toView(row) : null;
  }

  /**
   * After a refusal that never reached the decision (403, 429): a read-back, so that a request
   * someone else decided meanwhile is reported as theirs ("Already approved by Alice at 14:03")
   * rather than as something to retry. Null when it is still pending or cannot be read.
   */
  async function decidedElsewhere(ws: Client, id: string): Promise<AccessRequest | null> {
    const back = await readBack(ws, id);
    if (!back.ok) return null;
    if (back.value.status === 'PENDING') {
      record(back.value);
      return null;
    }
    return back.value;
  }

  async function readBack(ws: Client, id: string): Promise<Result<AccessRequest>> {
    // One retry: the read-back is what stands between the operator and a wrong answer.
    const first = await ws.client.getRequest(id);
    if (first.ok || first.error.code === 'not-found' || first.error.code === 'unauthorized') return first;
    return ws.client.getRequest(id);
  }

  async function send(ws: Client, input: DecisionInput): Promise<DecisionOutcome> {
    const { workspaceId, requestId } = input;
    const intended = input.kind === 'approve' ? 'APPROVED' : 'REJECTED';
    const res =
      input.kind === 'approve'
        ? await ws.client.approve(requestId, {
            mode: input.mode,
            ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
            ...(input.participantId !== undefined ? { participantId: input.participantId } : {}),
            ...(input.note !== undefined ? { note: input.note } : {}),
          })
        : await ws.client.reject(requestId, input.note !== undefined ? { note: input.note } : {});

    if (res.ok) {
      if (ws.operatorUserId() === null && res.value.processedBy) ws.learnOperatorUserId(res.value.processedBy);
      deps.onApplied?.(input, res.value);
      return { outcome: 'applied', request: record(res.value), reconciled: false };
    }

    const error = res.error;
    deps.onError?.(error, `${input.kind} ${requestId}`);
    switch (error.code) {
      case 'not-pending': {
        const back = await readBack(ws, requestId);
        if (back.ok && back.value.status !== 'PENDING') return { outcome: 'already-decided', request: record(back.value) };
        if (back.ok) {
          const message = notApplied('the server said the request was no longer pending, but it still is. Check it, then try again.');
          return { outcome: 'not-applied', error: { ...error, message }, request: record(back.value) };
        }
        // The server said someone decided it, but who and how could not be read: say exactly that.
        return { outcome: 'not-applied', error: { ...error, message: NOT_PENDING_UNREAD_MESSAGE }, request: knownView(workspaceId, requestId) };
      }
      case 'unauthorized':
        ws.onUnauthorized();
        return { outcome: 'not-applied', error: { ...error, message: SESSION_EXPIRED_MESSAGE }, request: knownView(workspaceId, requestId) };
      case 'forbidden': {
        const row = deps.store.get(workspaceId, requestId);
        if (row) ws.markReadOnly(row.agentId, READ_ONLY_REASON);
        const decided = await decidedElsewhere(ws, requestId);
        if (decided) return { outcome: 'already-decided', request: record(decided) };
        return {
          outcome: 'not-applied',
          error: { ...error, message: `Not submitted: ${READ_ONLY_REASON}` },
          request: knownView(workspaceId, requestId),
        };
      }
      case 'rate-limited': {
        const decided = await decidedElsewhere(ws, requestId);
        if (decided) return { outcome: 'already-decided', request: record(decided) };
        const wait = error.retryAfterMs;
        const message =
          wait !== undefined ? `Not submitted (rate limited) – try again in ${secondsText(wait)}.` : 'Not submitted (rate limited) – try again shortly.';
        return { outcome: 'not-applied', error: { ...error, message }, request: knownView(workspaceId, requestId) };
      }
      case 'not-found':
        deps.store.remove(workspaceId, requestId);
        return { outcome: 'not-applied', error: { ...error, message: notApplied('this request no longer exists.') }, request: null };
      default:
        break;
    }

    if (error.sentMaybe !== true) {
      // Certainly not sent (refused connection, TLS, validation…): say so, with the server's words.
      return { outcome: 'not-applied', error: { ...error, message: notApplied(error.message) }, request: knownView(workspaceId, requestId) };
    }

    // Ambiguous: the server may have applied it. Only a read-back can tell (F30, F31).
    const back = await readBack(ws, requestId);
    if (!back.ok) {
      if (back.error.code === 'not-found') {
        deps.store.remove(workspaceId, requestId);
        return { outcome: 'not-applied', error: { ...back.error, message: notApplied('this request no longer exists.') }, request: null };
      }
      log.warn('decision outcome unknown', { code: error.code, readBack: back.error.code });
      return {
        outcome: 'unknown',
        error: {
          code: error.code,
          message: 'Could not confirm whether the decision was applied. Check this request again once the connection is back; it was not retried.',
        },
      };
    }
    const row = back.value;
    // The same status is not enough: another operator may have made the same decision first
    // (F32). When we do not know who we are, a matching status cannot be claimed as ours.
    const me = ws.operatorUserId();
    if (row.status === intended && me === null) {
      record(row);
      return {
        outcome: 'unknown',
        error: {
          code: error.code,
          message: `The request is now ${row.status === 'APPROVED' ? 'approved' : 'rejected'}, but the console could not confirm the decision was yours. It was not retried.`,
        },
      };
    }
    if (row.status === intended && row.processedBy === me) {
      deps.onApplied?.(input, row);
      return { outcome: 'applied', request: record(row), reconciled: true };
    }
    if (row.status === 'PENDING') {
      return {
        outcome: 'not-applied',
        error: { code: error.code, message: 'Not applied – the server did not record the decision. It is safe to retry.' },
        request: record(row),
      };
    }
    return { outcome: 'already-decided', request: record(row) };
  }

  return {
    async decide(input) {
      const ws = deps.workspace(input.workspaceId);
      if (!ws) return fail('no-workspace', 'That workspace is not signed in any more.');
      const blocked = ws.blockedBy();
      if (blocked) return { ok: false, error: blocked };
      const client = ws.client;
      if (client === null) return fail('no-workspace', 'That workspace is not connected.');
      const key = `${input.workspaceId}/${input.requestId}`;
      if (inFlight.has(key)) return fail('in-progress', 'A decision on this request is already in progress.');
      inFlight.add(key);
      try {
        const outcome = await send({ ...ws, client }, input);
        deps.onDecided();
        return ok(outcome);
      } catch (err) {
        // The client never throws; if something else did, the outcome is honestly unknown.
        log.error('decision crashed', { err: String(err) });
        return ok({ outcome: 'unknown', error: { code: 'internal', message: 'Something went wrong while sending the decision. Check the request before retrying.' } });
      } finally {
        inFlight.delete(key);
      }
    },
    isInFlight: (workspaceId, requestId) => inFlight.has(`${workspaceId}/${requestId}`),
    inFlightCount: () => inFlight.size,
  };
}
