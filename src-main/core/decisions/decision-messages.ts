/**
 * Every message a decision ends in, written once, here (issue 11, item 2). Each outcome core
 * returns carries its sentence (`message`) and whether Retry makes sense (`canRetry`); the
 * renderer shows them as they are. `NOT_APPLIED` is a table over every way a decision can end
 * up not applied, so a new cause needs its sentence and its retry rule before it compiles;
 * decision-messages.test.ts pins each sentence once.
 */
import type { DecisionOutcome } from '../../../src-shared/contract';
import { decidedByText, rateLimitedText, senderOf } from '../../../src-shared/decision-text';
import type { AppError, RequestView } from '../../../src-shared/domain';

export type DecisionKind = 'approve' | 'reject';

export const READ_ONLY_REASON = "You don't have the Editor role on this agent, so you can't approve or reject its requests.";
export const NOT_PENDING_UNREAD_MESSAGE =
  'Not applied – the server says this request was already decided, but the console could not read who decided it. Open the request to see the decision; do not retry.';
export const SESSION_EXPIRED_MESSAGE = 'Session expired – decision not submitted. Sign in again, then confirm the decision again.';

/** "Not applied – …": what happened first, then what to do. */
function notApplied(reason: string): string {
  return `Not applied – ${reason}`;
}

function secondsOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** What an approval did, as far as the console knows (the mode is only known for its own approvals). */
function approvalEffect(r: RequestView): string {
  const who = r.approvedParticipantName;
  switch (r.approveMode) {
    case 'CREATE_NEW':
      return who ? ` – new participant ${who}` : ' – new participant';
    case 'ADD_TO_EXISTING':
      return who ? ` – added to ${who}` : ' – added to an existing participant';
    case 'BIND_ONLY':
      return who ? ` – bound to ${who}` : ' – bound to the matched participant';
    default:
      return '';
  }
}

/** Every way a sent (or attempted) decision can end up not applied, with its sentence and retry rule. */
export type NotAppliedCause =
  | 'still-pending'
  | 'decided-unread'
  | 'session-expired'
  | 'forbidden'
  | 'read-only'
  | 'rate-limited'
  | 'gone'
  | 'not-sent'
  | 'not-recorded';

interface NotAppliedRule {
  message(error: AppError): string;
  /** Retry re-opens the dialog; it makes sense only while the request can still be decided. */
  canRetry(request: RequestView | null): boolean;
}

export const NOT_APPLIED: Record<NotAppliedCause, NotAppliedRule> = {
  'still-pending': {
    message: () => notApplied('the server said the request was no longer pending, but it still is. Check it, then try again.'),
    canRetry: () => true,
  },
  // Someone else decided it (who could not be read): nothing to retry.
  'decided-unread': { message: () => NOT_PENDING_UNREAD_MESSAGE, canRetry: () => false },
  'session-expired': { message: () => SESSION_EXPIRED_MESSAGE, canRetry: () => true },
  // Sent, and refused by the server (403)…
  forbidden: { message: () => `Refused by the server: ${READ_ONLY_REASON}`, canRetry: () => false },
  // …and, once an agent has refused, another of its requests is not sent at all.
  'read-only': { message: () => `Not submitted: ${READ_ONLY_REASON}`, canRetry: () => false },
  'rate-limited': {
    // The toast counts down with the same words (rateLimitedText); a sentence here ends with a period.
    message: (e) => `${rateLimitedText(e.retryAfterMs !== undefined ? secondsOf(e.retryAfterMs) : null)}.`,
    canRetry: () => true,
  },
  gone: { message: () => notApplied('this request no longer exists.'), canRetry: () => false },
  // Certainly not sent (refused connection, TLS, validation…): the server's words.
  'not-sent': { message: (e) => notApplied(e.message), canRetry: (request) => request !== null },
  'not-recorded': { message: () => notApplied('the server did not record the decision. It is safe to retry.'), canRetry: () => true },
};

/** The outcomes core answers with, each with its one sentence and retry rule. */
export const outcomes = {
  applied(kind: DecisionKind, request: RequestView, reconciled: boolean): DecisionOutcome {
    const verb = kind === 'approve' ? 'Approved' : 'Rejected';
    // Named as its row names it: by its address when it has no name ("the request" when neither).
    const name = senderOf(request);
    const message = `${verb} ${name === 'The request' ? 'the request' : name}${kind === 'approve' ? approvalEffect(request) : ''}${reconciled ? ' (confirmed after a connection problem)' : ''}`;
    return { outcome: 'applied', request, reconciled, message, canRetry: false };
  },
  alreadyDecided(kind: DecisionKind, request: RequestView, now: number): DecisionOutcome {
    const conflicting = (kind === 'approve' && request.status === 'REJECTED') || (kind === 'reject' && request.status === 'APPROVED');
    const tail = conflicting ? ` – that decision stands; your ${kind === 'approve' ? 'approval' : 'rejection'} was not applied.` : '';
    return { outcome: 'already-decided', request, message: `Already ${decidedByText(request, now)}${tail}`, canRetry: false };
  },
  notApplied(cause: NotAppliedCause, error: AppError, request: RequestView | null): DecisionOutcome {
    const rule = NOT_APPLIED[cause];
    const message = rule.message(error);
    return { outcome: 'not-applied', error: { ...error, message }, request, message, canRetry: rule.canRetry(request) };
  },
  /** Nobody can tell whether it was applied: `why` says what went wrong; never retried by itself. */
  unknown(code: AppError['code'], why: string): DecisionOutcome {
    return { outcome: 'unknown', error: { code, message: why }, message: `Outcome unknown – ${why} Open the request to check before deciding again.`, canRetry: false };
  },
};
