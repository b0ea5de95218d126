/**
 * A workspace's status in words and figures (WorkspaceStatus): live, stale, rate-limited, offline,
 * signed out or failing, with the reason, when the next attempt is due, how complete its lists
 * are and whether its key expires soon (F23, on the server's clock). Pure: everything it needs is
 * passed in.
 */
import type { AppError, PollState, WorkspaceStatus } from '../../../src-shared/domain';
import type { OfflineState } from '../polling/connectivity';
import type { ListFacts } from '../requests/request-store';
import type { Workspace } from './workspace-runtime';
import { formatClockSeconds } from '../../../src-shared/when';

export const EXPIRY_WARNING_MS = 7 * 24 * 60 * 60_000;
const STALE_AFTER_INTERVALS = 3;

/** "14:05:10" in the operator's local time (core runs on the operator's machine). */
export const clockTime = formatClockSeconds;

/** The warning shown when a key expires within 7 days, measured on the server's clock (F23). */
export function expiryWarningFor(expiresAt: number | null, serverNow: number): string | null {
  if (expiresAt === null) return null;
  const left = expiresAt - serverNow;
  if (left > EXPIRY_WARNING_MS) return null;
  const date = new Date(expiresAt).toISOString().slice(0, 10);
  if (left <= 0) return `The API key for this workspace has expired (${date}). Sign in again to keep working.`;
  const days = Math.floor(left / 86_400_000);
  const when = days < 1 ? 'in less than a day' : days === 1 ? 'in 1 day' : `in ${days} days`;
  return `The API key for this workspace expires ${when} (${date}). Sign in again to renew it.`;
}

/** What a status depends on besides the workspace itself. */
export interface StatusFacts {
  now: number;
  intervalMs: number;
  /** When the last good snapshot of the workspace arrived (the request store knows). */
  lastSuccessAt: number | null;
  listFacts: ListFacts;
  /** Why it is offline (F35), or null. */
  offline: OfflineState | null;
  /** Until when decisions are held after a 429 (F27), or null. */
  decisionsHeldUntil?: number | null;
}

/** The status of one workspace (never its token). */
export function workspaceStatusOf(ws: Workspace, deps: StatusFacts): WorkspaceStatus {
  const ps = ws.pollState;
  const interval = deps.intervalMs;
  const lastSuccessAt = deps.lastSuccessAt ?? ps?.lastSuccessAt ?? null;
  const facts = deps.listFacts;
  const history = ws.sync?.historyState();
  let state: PollState;
  let lastError: AppError | null = ws.configError ?? ps?.lastError ?? null;
  const offline = ws.signedOut || ws.configError ? null : deps.offline;
  if (ws.signedOut) {
    state = 'signed-out';
    lastError = ws.token
      ? { code: 'unauthorized', message: 'Signed out – the server no longer accepts this token. Sign in again.' }
      : { code: 'unauthorized', message: 'Signed out – sign in to this workspace again.' };
  } else if (ws.configError) state = 'error';
  else if (offline) {
    state = 'offline';
    lastError = { code: 'offline', message: offline.message };
  } else if (!ps) state = 'starting';
  else if (ps.paused || (!ps.running && ws.poller)) state = 'paused';
  else if (ps.lastError?.code === 'rate-limited') state = 'rate-limited';
  else if (ps.lastError?.code === 'invalid-response') {
    // F1, F3, F9: a body that could not be used never takes the queue away: the last good one
    // stays, marked stale, with the reason and when the next attempt is due.
    state = lastSuccessAt === null ? 'error' : 'stale';
    if (ps.nextPollAt !== null) lastError = { ...ps.lastError, message: `${ps.lastError.message} Trying again at ${clockTime(ps.nextPollAt)}.` };
  } else if (ps.lastError) {
    state = 'error';
    // The server said how long to wait (a 503's Retry-After): nothing is sent before then, not even
    // for a refresh asked for, so the reason says until when.
    if (ps.lastError.retryAfterMs !== undefined && ps.waitUntil !== null) {
      lastError = { ...ps.lastError, message: `${ps.lastError.message} The server asked the console to wait until ${clockTime(ps.waitUntil)}.` };
    }
  } else if (lastSuccessAt === null) state = 'starting';
  else if (deps.now - lastSuccessAt > STALE_AFTER_INTERVALS * interval) state = 'stale';
  else state = 'live';
  return {
    id: ws.meta.id,
    label: ws.meta.label,
    baseUrl: ws.meta.baseUrl,
    tenant: ws.meta.tenant,
    isDemo: ws.isDemo,
    credential: ws.credential,
    credentialNotice: ws.credentialNotice,
    webUrl: ws.meta.webUrl,
    poll: {
      state,
      lastSuccessAt,
      // During a list trial the poll is the check: its times are the ones to show.
      nextPollAt: offline && !offline.listTrial ? offline.nextCheckAt : (ps?.nextPollAt ?? null),
      pollingSince: offline && !offline.listTrial ? null : (ps?.inFlightSince ?? null),
      lastError,
      droppedRows: ws.droppedRows,
      consecutiveFailures: ps?.consecutiveFailures ?? 0,
      pendingPartial: facts.pendingPartial,
      waitUntil: ps?.waitUntil ?? null,
    },
    history: {
      refreshedAt: facts.historyAt,
      refreshing: history?.refreshing ?? false,
      kept: facts.decidedKept,
      partial: facts.historyPartial,
      lastError: history?.lastError ?? null,
    },
    expiryWarning: expiryWarningFor(ws.apiKeyExpiresAt, deps.now + ws.clockOffsetMs),
    decisionsHeldUntil: deps.decisionsHeldUntil ?? null,
    operatorUserId: ws.operatorUserId,
  };
}
