/**
 * Words about decisions that both sides need. Core writes every decision message
 * (src-main/core/decisions/decision-messages.ts); the renderer uses these only where text changes
 * with time after core wrote it: who decided and when ("approved by Alice Moreno at 14:03", also
 * in the detail pane's banner and notices) and the rate-limit countdown ticking in a toast.
 */
import type { RequestView } from './domain';
import { toDisplayText } from './text-safety';
import { formatWhen } from './when';

type Decided = Pick<RequestView, 'status' | 'processedBy' | 'processedByName' | 'processedAt'>;

/** "approved" / "rejected" / "processed" for a row's status. */
export function decidedVerbOf(status: RequestView['status']): string {
  return status === 'APPROVED' ? 'approved' : status === 'REJECTED' ? 'rejected' : 'processed';
}

export function decidedByText(r: Decided, now: number): string {
  const who = r.processedByName ?? r.processedBy ?? 'another operator';
  return `${decidedVerbOf(r.status)} by ${who} at ${formatWhen(r.processedAt, now)}`;
}

/** Shown when a row cannot be decided and core gave no reason (core always gives one; this is for a row that lost it). */
export const CANNOT_DECIDE_HERE = 'This request cannot be decided here.';

/** Who a notice is about: the sender's name, else their address, else "The request". */
export function senderOf(r: Pick<RequestView, 'displayName' | 'address'>): string {
  return toDisplayText(r.displayName) || toDisplayText(r.address) || 'The request';
}

/**
 * The notice for a request someone else decided while it was in front of the operator: "Bo was
 * already approved by Alice Moreno at 14:03." (`already`: the operator was about to act on it).
 */
export function decidedElsewhereText(r: Decided & Pick<RequestView, 'displayName' | 'address'>, now: number, already: boolean): string {
  return `${senderOf(r)} was ${already ? 'already ' : ''}${decidedByText(r, now)}.`;
}

/** "Not submitted (rate limited) – try again in 30 s"; at 0 "… you can try again now"; null: no wait known. */
export function rateLimitedText(secondsLeft: number | null): string {
  if (secondsLeft === null) return 'Not submitted (rate limited) – try again shortly';
  return secondsLeft > 0 ? `Not submitted (rate limited) – try again in ${secondsLeft} s` : 'Not submitted (rate limited) – you can try again now';
}
