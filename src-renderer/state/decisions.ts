/**
 * Safe decisions. A confirmed decision waits out an undo window ("Pending confirmation") before
 * anything is sent; then exactly one call goes to main, and the row shows what really happened
 * (DecisionOutcome). Nothing is ever re-sent without the operator confirming again: Retry
 * re-opens the dialog. One decision per request is in flight at a time (F34).
 */
import { create } from 'zustand';
import type { ApproveInput, AppApi, DecisionOutcome, RejectInput, RequestDetail, RequestRef } from '../../src-shared/contract';
import type { RequestView, Result, WorkspaceStatus } from '../../src-shared/domain';
import { decidedByText, rateLimitedText, senderOf } from '../../src-shared/decision-text';
import { formatClockSeconds, formatWhen } from '../../src-shared/when';
import { toDisplayText, truncateGraphemes } from '../lib/text';
import { secondsUntil } from '../lib/time';
import { useNow } from '../lib/useNow';
import { createKeyedTimers, type KeyedTimers } from './keyed-timers';
import { useQueueStore } from './queue';
import { decisionBlockReason } from './selectors';

export type DecisionKind = 'approve' | 'reject';
export type DecisionPhase =
  | 'waiting'
  | 'sending'
  | 'applied'
  | 'already-decided'
  | 'not-applied'
  | 'session-expired'
  | 'rate-limited'
  | 'forbidden'
  | 'unknown';
export type DecisionTone = 'progress' | 'success' | 'info' | 'error';

export interface DecisionRecord {
  /** The request id. */
  id: string;
  ref: RequestRef;
  kind: DecisionKind;
  input: ApproveInput | RejectInput;
  /** The sender's display name, for messages. */
  subject: string;
  batchId: string | null;
  phase: DecisionPhase;
  /** When the undo window ends (phase 'waiting'). */
  sendAt: number | null;
  message: string | null;
  tone: DecisionTone;
  /** Whether Retry (re-open the dialog) is offered. */
  canRetry: boolean;
  /** Rate limited: Retry is disabled until then. */
  retryAt: number | null;
  seq: number;
  /** When it was confirmed or last changed phase: the notices region shows newest first. */
  at: number;
  /**
   * Phase 'unknown' as core answered it: core had given up on the call and never sends it again,
   * so a later read from the server can settle it (settleUnknownChecked). False when the call to
   * core itself failed: core may still be sending.
   */
  coreGaveUp: boolean;
  /**
   * While it waits: the request's earlier outcome this decision replaces (a failure being
   * retried). Undo brings it back; sending drops it, and only then does the request leave the
   * earlier batch's report (releaseFromBatches).
   */
  previous?: DecisionRecord;
}

export type BatchKind = 'reject' | 'bind';

export interface BatchRecord {
  id: string;
  kind: BatchKind;
  ids: string[];
  phase: 'waiting' | 'sending' | 'done';
  sendAt: number | null;
  seq: number;
  /** When it was confirmed or finished (notices order). */
  at: number;
  /** The note sent with a bulk reject (for "Retry failed"). */
  note?: string;
  /** Selected requests left out when it was confirmed, and why: its report says them with the rest. */
  skipped?: Array<{ id: string; subject: string; why: string }>;
}

export interface DecisionsState {
  records: Record<string, DecisionRecord>;
  batches: Record<string, BatchRecord>;
  /**
   * Per workspace, until when the server asked for no decisions (a 429's wait, F27). Kept apart from
   * the records: dismissing the notice that said so does not end the wait.
   */
  limits: Record<string, number>;
  reset: () => void;
}

export const DEFAULT_DECISIONS = { records: {} as Record<string, DecisionRecord>, batches: {} as Record<string, BatchRecord>, limits: {} as Record<string, number> };

export const useDecisionsStore = create<DecisionsState>()((set) => ({
  ...DEFAULT_DECISIONS,
  reset: () => set({ ...DEFAULT_DECISIONS }),
}));

export const isBusyPhase = (phase: DecisionPhase) => phase === 'waiting' || phase === 'sending';

/** Requests whose decision waits in its undo window or is being sent (single and batch). */
export function awaitingConfirmation(state: Pick<DecisionsState, 'records' | 'batches'>): number {
  const ids = new Set<string>();
  for (const [id, r] of Object.entries(state.records)) if (isBusyPhase(r.phase)) ids.add(id);
  for (const b of Object.values(state.batches)) if (b.phase === 'waiting' || b.phase === 'sending') for (const id of b.ids) ids.add(id);
  return ids.size;
}

/** Outcomes that ask something of the operator (retry, sign in, check): they stay until dismissed. */
export function needsAction(phase: DecisionPhase): boolean {
  return phase === 'not-applied' || phase === 'session-expired' || phase === 'rate-limited' || phase === 'forbidden' || phase === 'unknown';
}

export function isBusy(records: Record<string, DecisionRecord>, id: string): boolean {
  const r = records[id];
  return r !== undefined && isBusyPhase(r.phase);
}

/**
 * Until when the server asked for no more decisions in `workspaceId` (a 429's Retry-After on one of
 * them, F27), or null once that time has passed. A rate limit is the client's, not the request's:
 * another request sent meanwhile would be refused too, and would lengthen the wait.
 */
export function rateLimitedUntil(limits: Record<string, number>, workspaceId: string, now: number): number | null {
  const until = limits[workspaceId];
  return until !== undefined && until > now ? until : null;
}

/** Whether any workspace's decisions are rate-limited at `now` (what shows a countdown re-renders every second). */
export function anyRateLimited(limits: Record<string, number>, now: number): boolean {
  return Object.values(limits).some((until) => until > now);
}

/**
 * The rate limits and the time to judge them at, for a component that shows them: it renders again
 * every second while a wait runs (its countdown), and once more when the wait is over.
 */
export function useRateLimits(): { limits: Record<string, number>; now: number } {
  const limits = useDecisionsStore((s) => s.limits);
  const now = Date.now();
  useNow(1000, anyRateLimited(limits, now));
  return { limits, now };
}

/** Why a row cannot be decided at `now` (decisionBlockReason, with the rate limit's countdown). */
export function blockReasonIn(state: Pick<DecisionsState, 'records' | 'limits'>, row: RequestView, now: number): string | null {
  const until = rateLimitedUntil(state.limits, row.workspaceId, now);
  return decisionBlockReason(row, isBusy(state.records, row.id), until === null ? null : secondsUntil(until, now));
}

/**
 * The waits follow the workspaces' statuses. A workspace signed out or gone takes its wait with it:
 * the wait was the old credential's, and a sign-in again is a new one (core's hold is per client,
 * too). A hold core publishes (`decisionsHeldUntil`) is taken when it ends later than the one known
 * from outcomes: a 429 whose read-back found another operator's decision reports that decision, not
 * the wait, yet core holds the workspace's decisions all the same.
 */
export function syncLimitsWith(workspaces: readonly WorkspaceStatus[]): void {
  const limits = useDecisionsStore.getState().limits;
  const live = workspaces.filter((w) => w.poll.state !== 'signed-out');
  const next: Record<string, number> = {};
  for (const w of live) {
    const until = Math.max(limits[w.id] ?? 0, w.decisionsHeldUntil ?? 0);
    if (until > 0) next[w.id] = until;
  }
  const same = Object.keys(next).length === Object.keys(limits).length && Object.entries(next).every(([id, until]) => limits[id] === until);
  if (!same) useDecisionsStore.setState({ limits: next });
}

export interface OutcomeView {
  phase: Exclude<DecisionPhase, 'waiting' | 'sending'>;
  message: string;
  tone: DecisionTone;
  canRetry: boolean;
  retryAt: number | null;
  /** The request as the server last described it, to patch the queue with. */
  request: RequestView | null;
}

/**
 * A refusal before anything was sent (signed out, offline, asleep, in progress, bad input, or a
 * failure of the call itself). Core writes the sentence; Retry is offered unless another decision
 * on the request is still in flight.
 */
function refusedFor(error: { code: string; message: string; retryAfterMs?: number }, now: number): OutcomeView {
  const base = { message: error.message, request: null };
  switch (error.code) {
    case 'unauthorized':
      return { ...base, phase: 'session-expired', tone: 'error', canRetry: true, retryAt: null };
    case 'rate-limited':
      return { ...base, phase: 'rate-limited', tone: 'error', canRetry: true, retryAt: now + (error.retryAfterMs ?? 60_000) };
    case 'in-progress':
      return { ...base, phase: 'not-applied', tone: 'info', canRetry: false, retryAt: null };
    default:
      return { ...base, phase: 'not-applied', tone: 'error', canRetry: true, retryAt: null };
  }
}

/** How a not-applied outcome looks: its phase and tone by cause; its words and retry are core's. */
function notAppliedLook(error: { code: string; retryAfterMs?: number }, canRetry: boolean, now: number): Pick<OutcomeView, 'phase' | 'tone' | 'retryAt'> {
  switch (error.code) {
    case 'unauthorized':
      return { phase: 'session-expired', tone: 'error', retryAt: null };
    case 'rate-limited':
      return { phase: 'rate-limited', tone: 'error', retryAt: now + (error.retryAfterMs ?? 60_000) };
    case 'forbidden':
      return { phase: 'forbidden', tone: 'error', retryAt: null };
    default:
      // Nothing to retry and nothing that went wrong here (someone else decided it): information.
      return { phase: 'not-applied', tone: error.code === 'not-pending' && !canRetry ? 'info' : 'error', retryAt: null };
  }
}

/**
 * Turns main's answer into what the operator sees: core's sentence and retry rule, shown as they
 * are. `null` means the call itself failed (the bridge threw), so core never answered: the
 * outcome is unknown and must be checked, never assumed.
 */
export function outcomeFor(result: Result<DecisionOutcome> | null, now: number): OutcomeView {
  if (result === null) {
    return {
      phase: 'unknown',
      message: 'Outcome unknown – the console could not confirm whether the decision was sent. Open the request to check before deciding again.',
      tone: 'error',
      canRetry: false,
      retryAt: null,
      request: null,
    };
  }
  if (!result.ok) return refusedFor(result.error, now);
  const o = result.value;
  const words = { message: o.message, canRetry: o.canRetry };
  switch (o.outcome) {
    case 'applied':
      return { ...words, phase: 'applied', tone: 'success', retryAt: null, request: o.request };
    case 'already-decided':
      return { ...words, phase: 'already-decided', tone: 'info', retryAt: null, request: o.request };
    case 'not-applied':
      return { ...words, ...notAppliedLook(o.error, o.canRetry, now), request: o.request };
    case 'unknown':
      return { ...words, phase: 'unknown', tone: 'error', retryAt: null, request: null };
  }
}

/** The words a decision toast or row shows at `now` (includes live countdowns). */
export function decisionText(r: DecisionRecord, now: number): string {
  if (r.phase === 'waiting' || r.phase === 'sending') return `${r.kind === 'approve' ? 'Approving' : 'Rejecting'} ${r.subject}…`;
  // Core's words (rateLimitedText), counting down.
  if (r.phase === 'rate-limited' && r.retryAt !== null) return rateLimitedText(secondsUntil(r.retryAt, now));
  return r.message ?? '';
}

/**
 * Core says "Rejected Ana"; the line says whom as the undo line did ("Rejected Ana on SMS", "Rejected
 * Ana (Acme EU)") when the decision's subject tells look-alike requests apart. Any other message is
 * kept as core wrote it.
 */
export function appliedMessage(kind: DecisionKind, subject: string, message: string, request: RequestView | null): string {
  if (!request || subject === senderOf(request)) return message;
  const verb = kind === 'approve' ? 'Approved' : 'Rejected';
  const said = `${verb} ${senderOf(request)}`;
  return message.startsWith(said) ? `${verb} ${subject}${message.slice(said.length)}` : message;
}

/**
 * What a screen reader is told instead of `decisionText` while it counts down, or null when it is
 * told the same words: a rate limit's countdown is said once, as it stood when the outcome came (the
 * notices are a live region: a text that changes every second would be read out every second), and
 * the words again when the wait is over.
 */
export function decisionSpoken(r: DecisionRecord, now: number): string | null {
  // When, not how long: said once, and still true whenever a screen reader reads the line again.
  if (r.phase === 'rate-limited' && r.retryAt !== null && r.retryAt > now) return `Not submitted (rate limited) – try again at ${formatClockSeconds(r.retryAt)}`;
  return null;
}

/** How much of a name a notice line puts before core's words. */
const SUBJECT_GRAPHEMES = 60;

/**
 * A single decision's notice line: `decisionText`, and the request's name to put before it where
 * core's words do not name it. Only "Approving Ana…"/"Rejecting Ana…" and core's "Approved Ana"
 * (the applied outcome) do; "Already approved by Sam at 14:03 – …", "Not submitted: …", "Outcome
 * unknown – …" do not, and with several decisions on screen the operator could not tell which one
 * a line is about. Decided by phase, not by looking for the name in the text ("Al" is in
 * "Already"). A bulk report names each item itself.
 */
export function decisionLine(r: DecisionRecord, now: number): { subject: string | null; text: string } {
  const named = r.phase === 'waiting' || r.phase === 'sending' || r.phase === 'applied';
  return { subject: named ? null : truncateGraphemes(r.subject, SUBJECT_GRAPHEMES).text, text: decisionText(r, now) };
}

export type DecisionRequest =
  | { kind: 'approve'; input: ApproveInput; subject: string }
  | { kind: 'reject'; input: RejectInput; subject: string };

export interface DecisionControllerDeps {
  api: AppApi;
  /** The undo window in ms, read at confirmation time. */
  undoMs: () => number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** How long a success stays on screen. */
  successMs?: number;
}

export interface DecisionController {
  /** Starts the undo window for one decision. False when one is already in flight for the request. */
  confirm(d: DecisionRequest): boolean;
  /** Bulk reject / bulk bind: one undo window, then one call per item, in order. Returns the batch id. */
  confirmBatch(kind: BatchKind, items: Array<{ ref: RequestRef; subject: string }>, note?: string, skipped?: BatchRecord['skipped']): string | null;
  undo(id: string): boolean;
  undoBatch(batchId: string): boolean;
  /** Undoes the most recent decision still in its undo window. */
  undoLatest(): string | null;
  dismiss(id: string): void;
  dismissBatch(batchId: string): void;
  /**
   * A finished batch's retryable failures, still in its report: "Retry failed" offers them again,
   * and only a decision sent on one of them takes it out of the report (see releaseFromBatches).
   */
  failedOf(batchId: string): string[];
  /** Sends everything still in its undo window now (the page is going away; confirmed means confirmed). */
  flushWaiting(): void;
  dispose(): void;
}

/**
 * Decisions still in their undo window whose request someone else decided meanwhile (a poll's
 * read-back says so): nothing is left to decide, so they are never sent, and their line says so at
 * once ("Already approved by Alice Moreno at 14:02 – that decision stands; your rejection was not sent."), instead of
 * counting down to a refusal or leaving without a word on Undo. Their timers find them no longer
 * waiting and send nothing. Bulk items are left to the batch report, which names each outcome.
 */
export function settleDecidedElsewhere(requests: readonly RequestView[], now: number = Date.now()): void {
  const records = useDecisionsStore.getState().records;
  const waiting = Object.values(records).filter((r) => r.phase === 'waiting' && r.batchId === null);
  if (waiting.length === 0) return;
  let next: Record<string, DecisionRecord> | null = null;
  for (const rec of waiting) {
    const row = requests.find((r) => r.id === rec.ref.requestId && r.workspaceId === rec.ref.workspaceId);
    if (!row || (row.status !== 'APPROVED' && row.status !== 'REJECTED')) continue;
    const mine = rec.kind === 'approve' ? 'approval' : 'rejection';
    // In core's words for an answer "already decided" (decision-messages.ts), "not sent" for "not applied".
    const opposite = (rec.kind === 'approve') !== (row.status === 'APPROVED');
    const message = `Already ${decidedByText(row, now)} – ${opposite ? 'that decision stands; ' : ''}your ${mine} was not sent.`;
    next ??= { ...records };
    next[rec.id] = { ...rec, phase: 'already-decided', sendAt: null, message, tone: 'info', canRetry: false, retryAt: null, at: now, previous: undefined };
  }
  if (!next) return;
  useDecisionsStore.setState({ records: next });
  // Settled without being sent: the earlier batch's report stops listing them all the same.
  releaseFromBatches(waiting.filter((r) => next[r.id] !== r).map((r) => r.id));
}

/**
 * Decisions waiting out their undo window in a workspace signed out (or gone) meanwhile: core will
 * refuse them when the window ends, so they are said to be not sent at once, rather than counting
 * down for a sending that will not happen (the sign-out confirmation already said so).
 */
export function settleSignedOut(workspaces: readonly WorkspaceStatus[], now: number = Date.now(), before: readonly WorkspaceStatus[] = []): void {
  const records = useDecisionsStore.getState().records;
  // Bulk items too: each stays in its batch's report, saying so (the batch sends only what still waits).
  const waiting = Object.values(records).filter((r) => r.phase === 'waiting');
  if (waiting.length === 0) return;
  let next: Record<string, DecisionRecord> | null = null;
  for (const rec of waiting) {
    const ws = workspaces.find((w) => w.id === rec.ref.workspaceId);
    if (ws && ws.poll.state !== 'signed-out') continue;
    // Signed out on purpose, the workspace is gone from the list: named as the list last named it.
    const named = ws ?? before.find((w) => w.id === rec.ref.workspaceId);
    const mine = rec.kind === 'approve' ? 'approval' : 'rejection';
    const message = `Your ${mine} was not sent: ${named ? `${toDisplayText(named.label) || named.id} is signed out` : 'that workspace is not signed in any more'}.`;
    next ??= { ...records };
    next[rec.id] = { ...rec, phase: 'not-applied', sendAt: null, message, tone: 'info', canRetry: false, retryAt: null, at: now, previous: undefined };
  }
  if (!next) return;
  useDecisionsStore.setState({ records: next });
  releaseFromBatches(waiting.filter((r) => r.batchId === null && next[r.id] !== r).map((r) => r.id));
}

/**
 * "Outcome unknown" decisions the lists have since settled (F31): a poll's list or read-back shows
 * the request decided. Decided my way by this operator (`processedBy` is the workspace's
 * `operatorUserId`, the same rule core's read-back applies) → applied, confirmed later; decided by
 * someone else → theirs, so mine was not applied. Without the operator's id, or with the request
 * still pending, nothing is settled here (the check from the detail pane tells "still pending").
 * Bulk items settle too, in their report.
 */
export function settleUnknownObserved(requests: readonly RequestView[], workspaces: readonly WorkspaceStatus[], now: number = Date.now()): void {
  const records = useDecisionsStore.getState().records;
  const unknown = Object.values(records).filter((r) => r.phase === 'unknown');
  if (unknown.length === 0) return;
  let next: Record<string, DecisionRecord> | null = null;
  for (const rec of unknown) {
    const row = requests.find((r) => r.id === rec.ref.requestId && r.workspaceId === rec.ref.workspaceId);
    const me = workspaces.find((w) => w.id === rec.ref.workspaceId)?.operatorUserId ?? null;
    if (!row || me === null || (row.status !== 'APPROVED' && row.status !== 'REJECTED') || row.processedBy === null) continue;
    const intended = rec.kind === 'approve' ? 'APPROVED' : 'REJECTED';
    next ??= { ...records };
    if (row.processedBy === me && row.status === intended) {
      // Named, as core's "Approved Ana" is: an applied line gets no name put before it (decisionLine).
      const message = `${rec.kind === 'approve' ? 'Approved' : 'Rejected'} ${rec.subject} – confirmed later: the server lists it ${decidedByText(row, now)}.`;
      next[rec.id] = { ...rec, phase: 'applied', message, tone: 'success', canRetry: false, retryAt: null, at: now };
    } else {
      const opposite = (rec.kind === 'approve') !== (row.status === 'APPROVED');
      next[rec.id] = { ...rec, phase: 'already-decided', message: `Already ${decidedByText(row, now)}${opposite ? ' – that decision stands' : ''}; yours was not applied.`, tone: 'info', canRetry: false, retryAt: null, at: now };
    }
  }
  if (next) useDecisionsStore.setState({ records: next });
}

/**
 * An "Outcome unknown" decision, checked (F31). Core answered "unknown" once it had given up on
 * the call (it never sends it again); a read of the request that the server answered
 * (`fromServer`), sent while the record already said so, and that finds the request still pending
 * means the decision was not applied, and deciding again is safe: the server refuses a second
 * decision on a request that is no longer pending, which core reports as "already decided". The
 * line says so, with the time of the check, and offers Retry where the request can be decided
 * here. `sentWith` is the request's record when the read was sent: only that same record settles
 * (no clock is compared; a newer decision on the request has a record of its own). Nothing else
 * settles it: the console's own copy (the server was not read), a read sent before (it may
 * predate the decision), an unknown outcome of a call to core that failed on the way (core may
 * still be sending it), another request or workspace, or a request found decided, which says
 * nothing about whose decision that was (the detail pane's banner says who decided). Bulk items
 * settle too; their report counts them as failed, in these words, and "Retry failed" takes them.
 * Returns whether a record changed.
 */
export function settleUnknownChecked({ request, fromServer }: Pick<RequestDetail, 'request' | 'fromServer'>, sentWith: DecisionRecord | undefined, now: number = Date.now()): boolean {
  if (!fromServer || !sentWith || sentWith.phase !== 'unknown' || !sentWith.coreGaveUp) return false;
  const records = useDecisionsStore.getState().records;
  const rec = records[request.id];
  if (rec !== sentWith || rec.ref.workspaceId !== request.workspaceId || rec.ref.requestId !== request.id || request.status !== 'PENDING') return false;
  const canRetry = request.canDecide;
  const message = `Not applied – the request was still pending when the console checked it at ${formatWhen(now, now)}.${canRetry ? ' It is safe to decide again.' : ''}`;
  useDecisionsStore.setState({ records: { ...records, [rec.id]: { ...rec, phase: 'not-applied', message, tone: 'error', canRetry, retryAt: null, at: now } } });
  return true;
}

/**
 * Requests whose new decision (a single one, or another batch's `except`) is sent leave the
 * earlier batches whose report still lists them: a report speaks only of what its batch did
 * (records are kept per request, so the new decision would otherwise be read as the batch's). A
 * batch left with nothing goes. Until then, while the new decision waits, the earlier report
 * shows the outcome it replaced (`previous`), which Undo brings back.
 */
function releaseFromBatches(ids: readonly string[], except: string | null = null): void {
  if (ids.length === 0) return;
  const leaving = new Set(ids);
  const batches = useDecisionsStore.getState().batches;
  let next: Record<string, BatchRecord> | null = null;
  for (const b of Object.values(batches)) {
    if (b.id === except || !b.ids.some((id) => leaving.has(id))) continue;
    next ??= { ...batches };
    const rest = b.ids.filter((id) => !leaving.has(id));
    if (rest.length === 0) delete next[b.id];
    else next[b.id] = { ...b, ids: rest };
  }
  if (next) useDecisionsStore.setState({ batches: next });
}

/** Drops decision records, and any timer they still have, from the store. */
function removeRecords(timers: KeyedTimers, ids: string[]): void {
  const next = { ...useDecisionsStore.getState().records };
  for (const id of ids) {
    delete next[id];
    timers.cancel(id);
  }
  useDecisionsStore.setState({ records: next });
}

interface DecisionSenderDeps {
  api: AppApi;
  now: () => number;
  successMs: number;
  timers: KeyedTimers;
}

/** The end of an undo window: exactly one call to main per decision, its outcome written to the record. */
function createDecisionSender({ api, now, successMs, timers }: DecisionSenderDeps): { send(id: string): Promise<void>; runBatch(batchId: string): Promise<void> } {
  const store = useDecisionsStore;
  const records = () => store.getState().records;
  const update = (id: string, patch: Partial<DecisionRecord>) => {
    const cur = records()[id];
    if (!cur) return;
    store.setState({ records: { ...records(), [id]: { ...cur, ...patch } } });
  };

  async function send(id: string): Promise<void> {
    const rec = records()[id];
    if (!rec || rec.phase !== 'waiting') return;
    update(id, { phase: 'sending', sendAt: null, previous: undefined });
    releaseFromBatches([id], rec.batchId);
    let result: Result<DecisionOutcome> | null;
    try {
      result = rec.kind === 'approve' ? await api.requests.approve(rec.input as ApproveInput) : await api.requests.reject(rec.input as RejectInput);
    } catch {
      result = null;
    }
    if (timers.isDisposed()) return;
    const o = outcomeFor(result, now());
    if (o.request) useQueueStore.getState().patchRequest(o.request);
    const message = o.phase === 'applied' ? appliedMessage(rec.kind, rec.subject, o.message, o.request) : o.message;
    update(id, { phase: o.phase, message, tone: o.tone, canRetry: o.canRetry, retryAt: o.retryAt, at: now(), coreGaveUp: result !== null && o.phase === 'unknown' });
    if (o.phase === 'rate-limited' && o.retryAt !== null) {
      const limits = store.getState().limits;
      const ws = rec.ref.workspaceId;
      store.setState({ limits: { ...limits, [ws]: Math.max(limits[ws] ?? 0, o.retryAt) } });
    }
    if (o.phase === 'applied' && rec.batchId === null) timers.later(id, successMs, () => removeRecords(timers, [id]));
  }

  async function runBatch(batchId: string): Promise<void> {
    const b = store.getState().batches[batchId];
    if (!b || b.phase !== 'waiting') return;
    store.setState({ batches: { ...store.getState().batches, [batchId]: { ...b, phase: 'sending', sendAt: null } } });
    for (const id of b.ids) {
      if (timers.isDisposed()) return;
      if (records()[id]?.batchId === batchId) await send(id);
    }
    const done = store.getState().batches[batchId];
    if (done) store.setState({ batches: { ...store.getState().batches, [batchId]: { ...done, phase: 'done', at: now() } } });
  }

  return { send, runBatch };
}

/** Creates the controller that drives useDecisionsStore through the decision lifecycle. */
export function createDecisionController(deps: DecisionControllerDeps): DecisionController {
  const now = deps.now ?? (() => Date.now());
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const timers = createKeyedTimers(setTimer, clearTimer);
  const { send, runBatch } = createDecisionSender({ api: deps.api, now, successMs: deps.successMs ?? 5000, timers });
  let seq = 0;

  const store = useDecisionsStore;
  const records = () => store.getState().records;
  const remove = (ids: string[]) => removeRecords(timers, ids);

  /** The request's earlier outcome a new decision replaces, kept for Undo (never a busy one). */
  const previousOf = (id: string): DecisionRecord | undefined => {
    const prev = records()[id];
    return prev && !isBusyPhase(prev.phase) ? prev : undefined;
  };
  /** Undo: each request's earlier outcome comes back (unless its batch report was dismissed meanwhile), else nothing. */
  const restore = (ids: string[]) => {
    const next = { ...records() };
    const batches = store.getState().batches;
    for (const id of ids) {
      const prev = next[id]?.previous;
      timers.cancel(id);
      // Back as the newest line: it is what the operator just returned to.
      if (prev && (prev.batchId === null || batches[prev.batchId] !== undefined)) next[id] = { ...prev, at: now() };
      else delete next[id];
    }
    store.setState({ records: next });
  };

  const newRecord = (id: string, ref: RequestRef, kind: DecisionKind, input: ApproveInput | RejectInput, subject: string, batchId: string | null, sendAt: number): DecisionRecord => ({
    id,
    ref,
    kind,
    input,
    subject,
    batchId,
    phase: 'waiting',
    sendAt,
    message: null,
    tone: 'progress',
    canRetry: false,
    retryAt: null,
    seq: (seq += 1),
    at: now(),
    coreGaveUp: false,
    previous: previousOf(id),
  });

  const controller: DecisionController = {
    confirm(d) {
      const id = d.input.requestId;
      if (isBusy(records(), id)) return false;
      const ms = Math.max(0, deps.undoMs());
      const ref = { workspaceId: d.input.workspaceId, requestId: id };
      store.setState({ records: { ...records(), [id]: newRecord(id, ref, d.kind, d.input, d.subject, null, now() + ms) } });
      // The new record replaces the request's old notice, and with it any timer still taking that away.
      timers.cancel(id);
      if (ms === 0) void send(id);
      else timers.later(id, ms, () => void send(id));
      return true;
    },
    confirmBatch(kind, items, note, skipped = []) {
      const free = items.filter((i) => !isBusy(records(), i.ref.requestId));
      if (free.length === 0) return null;
      const left = [...skipped, ...items.filter((i) => !free.includes(i)).map((i) => ({ id: i.ref.requestId, subject: i.subject, why: 'a decision on it is already under way' }))];
      const ms = Math.max(0, deps.undoMs());
      const batchId = `batch-${(seq += 1)}`;
      const next = { ...records() };
      for (const item of free) {
        const input: ApproveInput | RejectInput =
          kind === 'reject' ? { ...item.ref, ...(note ? { note } : {}) } : { ...item.ref, mode: 'BIND_ONLY' };
        next[item.ref.requestId] = newRecord(item.ref.requestId, item.ref, kind === 'reject' ? 'reject' : 'approve', input, item.subject, batchId, now() + ms);
        timers.cancel(item.ref.requestId);
      }
      const batch: BatchRecord = { id: batchId, kind, ids: free.map((i) => i.ref.requestId), phase: 'waiting', sendAt: now() + ms, seq, at: now(), ...(note ? { note } : {}), ...(left.length > 0 ? { skipped: left } : {}) };
      store.setState({ records: next, batches: { ...store.getState().batches, [batchId]: batch } });
      if (ms === 0) void runBatch(batchId);
      else timers.later(batchId, ms, () => void runBatch(batchId));
      return batchId;
    },
    undo(id) {
      const rec = records()[id];
      if (!rec || rec.phase !== 'waiting' || rec.batchId !== null) return false;
      restore([id]);
      return true;
    },
    undoBatch(batchId) {
      const b = store.getState().batches[batchId];
      if (!b || b.phase !== 'waiting') return false;
      timers.cancel(batchId);
      restore(b.ids.filter((id) => records()[id]?.batchId === batchId));
      const batches = { ...store.getState().batches };
      delete batches[batchId];
      store.setState({ batches });
      return true;
    },
    undoLatest() {
      const waiting = Object.values(records()).filter((r) => r.phase === 'waiting' && r.batchId === null);
      const batches = Object.values(store.getState().batches).filter((b) => b.phase === 'waiting');
      const latestRecord = waiting.sort((a, b) => b.seq - a.seq)[0];
      const latestBatch = batches.sort((a, b) => b.seq - a.seq)[0];
      if (latestBatch && (!latestRecord || latestBatch.seq > latestRecord.seq)) return controller.undoBatch(latestBatch.id) ? latestBatch.ids[0] ?? null : null;
      if (latestRecord && controller.undo(latestRecord.id)) return latestRecord.id;
      return null;
    },
    dismiss(id) {
      const rec = records()[id];
      if (rec && !isBusyPhase(rec.phase)) remove([id]);
    },
    dismissBatch(batchId) {
      const b = store.getState().batches[batchId];
      if (!b || b.phase !== 'done') return;
      remove(b.ids.filter((id) => records()[id]?.batchId === batchId && !isBusyPhase(records()[id]!.phase)));
      const batches = { ...store.getState().batches };
      delete batches[batchId];
      store.setState({ batches });
    },
    failedOf(batchId) {
      const b = store.getState().batches[batchId];
      if (!b || b.phase !== 'done') return [];
      return b.ids.filter((id) => {
        const r = records()[id];
        return r !== undefined && r.batchId === batchId && r.canRetry && needsAction(r.phase);
      });
    },
    flushWaiting() {
      for (const key of timers.keys()) {
        const rec = records()[key];
        const batch = store.getState().batches[key];
        if ((rec && rec.phase === 'waiting') || (batch && batch.phase === 'waiting')) {
          timers.cancel(key);
          if (rec) void send(key);
          else void runBatch(key);
        }
      }
    },
    dispose: () => timers.dispose(),
  };
  return controller;
}

export interface BatchReportItem {
  id: string;
  subject: string;
  result: 'applied' | 'already-decided' | 'failed' | 'pending' | 'skipped';
  message: string;
  /** What a screen reader is told instead of `message` while it counts down (decisionSpoken), or null. */
  spoken: string | null;
}

/** The per-item report of a batch: applied / already decided by someone else / failed with reason. */
export function batchReport(batch: BatchRecord, records: Record<string, DecisionRecord>, now: number): { items: BatchReportItem[]; applied: number; already: number; failed: number; skipped: number } {
  const items: BatchReportItem[] = batch.ids.map((id) => {
    // A newer decision on the request still in its undo window: this report keeps the outcome it replaced.
    const latest = records[id];
    const r = latest && latest.batchId !== batch.id && latest.previous?.batchId === batch.id ? latest.previous : latest;
    const said = (result: BatchReportItem['result'], message: string, spoken: string | null = null): BatchReportItem => ({ id, subject: r?.subject ?? id, result, message, spoken });
    if (!r) return said('failed', 'Dismissed');
    if (isBusyPhase(r.phase)) return said('pending', 'Pending confirmation');
    if (r.phase === 'applied') return said('applied', 'applied');
    if (r.phase === 'already-decided') return said('already-decided', r.message ?? '');
    // The outcome's own sentence ("Not applied – …"), said once.
    return said('failed', decisionText(r, now), decisionSpoken(r, now));
  });
  // Left out when it was confirmed (the dialog listed them): never sent, said with the rest.
  for (const s of batch.skipped ?? []) items.push({ id: s.id, subject: s.subject, result: 'skipped', message: `skipped – ${s.why}`, spoken: null });
  return {
    items,
    applied: items.filter((i) => i.result === 'applied').length,
    already: items.filter((i) => i.result === 'already-decided').length,
    failed: items.filter((i) => i.result === 'failed').length,
    skipped: items.filter((i) => i.result === 'skipped').length,
  };
}
