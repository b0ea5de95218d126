/**
 * The pure domain of the console: access requests, participants, workspaces and the
 * vocabulary of decisions. Imports nothing outside src-shared, so main, preload, renderer
 * and the simulator all speak the same types.
 */

/** The five chat providers the console knows by name; any other string from the API is kept as is. */
export const KNOWN_PROVIDERS = ['slack', 'teams', 'telegram', 'whatsapp', 'sms'] as const;
export type KnownProvider = (typeof KNOWN_PROVIDERS)[number];

/** Lifecycle of a request. `UNKNOWN` keeps rows whose status the console does not recognise (F4). */
export type RequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'UNKNOWN';
export const QUEUE_TABS = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];
/** The terminal statuses, each with its own history list and tab. */
export const DECIDED_STATUSES = ['APPROVED', 'REJECTED'] as const;
export type DecidedStatus = (typeof DECIDED_STATUSES)[number];
export type DecidedCounts = Record<DecidedStatus, number>;
/**
 * Why the decided requests of one status held may not be all the server has: `limit` when some
 * were older than the newest the console keeps (the "Decided requests kept" setting), `pages` when
 * the server had more pages than the console follows; null when complete.
 */
export type HistoryGap = 'limit' | 'pages' | null;

/** How an approval commits (fruxon-api.md §3.4). Sent on the wire in UPPER_SNAKE. */
export const APPROVE_MODES = ['CREATE_NEW', 'ADD_TO_EXISTING', 'BIND_ONLY'] as const;
export type ApproveMode = (typeof APPROVE_MODES)[number];

/** Limits the server enforces; the UI and main both check them before anything is sent. */
export const LIMITS = {
  displayName: 150,
  note: 4000,
} as const;

/**
 * One participant access request after validation: timestamps in epoch ms (or null when
 * unknown), status normalised, names not yet resolved. `workspaceId` is added by the console
 * so requests from several workspaces can share one queue.
 */
export interface AccessRequest {
  id: string;
  workspaceId: string;
  integrationConfigId: string | null;
  provider: string;
  address: string;
  agentId: string;
  matchedParticipantId: string | null;
  displayName: string;
  conversationName: string;
  status: RequestStatus;
  /** The status exactly as the server sent it, shown as text when `status` is UNKNOWN. */
  rawStatus: string;
  processedBy: string | null;
  processedAt: number | null;
  processingNote: string | null;
  approvedParticipantId: string | null;
  createdAt: number | null;
  modifiedAt: number | null;
}

/** APPROVED and REJECTED are terminal (fruxon-api.md §3.8): a decided request never becomes pending again. */
export function isDecided(status: RequestStatus): boolean {
  return status === 'APPROVED' || status === 'REJECTED';
}

/** The history of one workspace as a whole: `pages` if any status lost pages, else `limit` if any lost rows to the limit. */
export function historyGapOf(partial: Record<DecidedStatus, HistoryGap>): HistoryGap {
  const gaps = DECIDED_STATUSES.map((s) => partial[s]);
  return gaps.includes('pages') ? 'pages' : gaps.includes('limit') ? 'limit' : null;
}

/** When a request was decided, for "the newest decided requests": processedAt, else modifiedAt, else createdAt. */
export function decidedAtOf(row: Pick<AccessRequest, 'processedAt' | 'modifiedAt' | 'createdAt'>): number {
  return row.processedAt ?? row.modifiedAt ?? row.createdAt ?? 0;
}

/** A request with the names main resolved for it, as the renderer shows it. */
export interface RequestView extends AccessRequest {
  agentName: string;
  connectorName: string;
  /** Resolved user name, the raw processedBy value when unresolvable, null when unprocessed. */
  processedByName: string | null;
  /** False when this operator may not decide on the request's agent (403 seen, or viewer role). */
  canDecide: boolean;
  /** Why `canDecide` is false, in words, when it is. */
  readOnlyReason: string | null;
  /** The matched participant's name, resolved by main; null when none or not known. */
  matchedParticipantName: string | null;
  /** The name of the participant an approval created or extended; null when none or not known. */
  approvedParticipantName: string | null;
  /**
   * The mode this console used when it approved the request (the API does not report modes);
   * null for requests approved anywhere else, or not approved.
   */
  approveMode: ApproveMode | null;
}

export interface ParticipantChannel {
  integrationConfigId: string | null;
  address: string;
  label: string | null;
}

export interface Participant {
  id: string;
  workspaceId: string;
  kind: string;
  displayName: string;
  email: string | null;
  channels: ParticipantChannel[];
  agentIds: string[];
}

/** The connection state of one workspace's poller, as words the UI can show. */
export type PollState =
  | 'starting'
  | 'live'
  | 'stale'
  | 'error'
  | 'rate-limited'
  | 'offline'
  | 'paused'
  | 'signed-out';

export interface WorkspaceStatus {
  id: string;
  label: string;
  baseUrl: string;
  tenant: string;
  isDemo: boolean;
  /** Whether the credential is persisted encrypted, held for this session only, or absent. */
  credential: 'persisted' | 'session-only' | 'none';
  credentialNotice: string | null;
  /** A web URL for "Open in Fruxon", when the workspace has one. */
  webUrl: string | null;
  poll: PollStatus;
  /** The decided requests (Approved and Rejected tabs), refreshed apart from the pending queue. */
  history: HistoryStatus;
  /** Warning when the API key expires soon (auth/health). */
  expiryWarning: string | null;
  /**
   * Until when (epoch ms, main's clock) the console sends no decision to this workspace because the
   * server answered one with 429 (F27); null when it is not holding them.
   */
  decisionsHeldUntil: number | null;
  /**
   * The signed-in user's id (auth/health, or learnt from a decision the server confirmed), to tell
   * this operator's decisions in the lists; null until known. An id, never a credential.
   */
  operatorUserId: string | null;
}

export interface HistoryStatus {
  /** When the decided requests were last read from the server (epoch ms); null before the first time. */
  refreshedAt: number | null;
  /** A refresh is running now. */
  refreshing: boolean;
  /** Decided requests the console holds for this workspace. */
  kept: number;
  /**
   * For each decided status, why the requests of it held may not be all the server has (the
   * limit on `kept` is one for both statuses, so one may be cut and not the other).
   */
  partial: Record<DecidedStatus, HistoryGap>;
  /** Why the last refresh failed (the pending queue is not affected); null after a success. */
  lastError: AppError | null;
}

export interface PollStatus {
  state: PollState;
  lastSuccessAt: number | null;
  /** When the next poll is due (epoch ms), when one is scheduled. */
  nextPollAt: number | null;
  /** When the poll under way started (epoch ms, main's clock); null when none is. */
  pollingSince: number | null;
  lastError: AppError | null;
  /** Rows dropped by validation in the last successful poll (F5). */
  droppedRows: number;
  consecutiveFailures: number;
  /** The last pending list was cut short by the page limit: more pending requests exist than shown. */
  pendingPartial: boolean;
  /**
   * Until when the server asked for no request (a 429, or a 5xx's Retry-After), while that wait
   * runs: a refresh asked for sends nothing before then. Null otherwise.
   */
  waitUntil: number | null;
}

/** One error vocabulary for the whole console (fruxon-api.md §7.1). */
export const ERROR_CODES = [
  'offline',
  'timeout',
  'unauthorized',
  'forbidden',
  'not-found',
  'not-pending',
  'validation',
  'rate-limited',
  'server',
  'invalid-response',
  'tls',
  'in-progress',
  'bad-input',
  'no-workspace',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  /** What happened and what to do, in words for the operator. */
  message: string;
  /** HTTP status when the error came from the server. */
  status?: number;
  /** How long the server asked to wait, in ms (a 429's Retry-After, or a 5xx's). */
  retryAfterMs?: number;
  /**
   * Set on a failed POST whose request may have reached the server (timeout, reset after
   * sending, 5xx, unreadable 2xx): the outcome is unknown, so callers re-read before telling.
   */
  sentMaybe?: boolean;
}

/** Expected failures travel as values, never as throws (STYLE.md §2). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, message: string, extra: Partial<AppError> = {}): Result<T> => ({
  ok: false,
  error: { code, message, ...extra },
});
