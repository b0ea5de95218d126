/**
 * Words about decisions that both sides need. Core writes every decision message
 * (src-main/core/decisions/decision-messages.ts); the renderer uses these only where text changes
 * with time after core wrote it: who decided and when ("approved by Alice Moreno at 14:03", also
 * in the detail pane's banner and notices) and the rate-limit countdown ticking in a toast.
 */
import type { RequestView } from './domain';
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

/** "Not submitted (rate limited) – try again in 30 s"; at 0 "… you can try again now"; null: no wait known. */
export function rateLimitedText(secondsLeft: number | null): string {
  if (secondsLeft === null) return 'Not submitted (rate limited) – try again shortly';
  return secondsLeft > 0 ? `Not submitted (rate limited) – try again in ${secondsLeft} s` : 'Not submitted (rate limited) – you can try again now';
}
