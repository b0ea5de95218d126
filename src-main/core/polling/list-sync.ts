/**
 * What one workspace reads from the access-request list, and when (fruxon-api.md §2, §3.2).
 *
 * - **Every poll: the pending list**, filtered by the server with `status=PENDING`, so a poll
 *   costs the same whatever the history. The filter's wire form is [INFERRED] (the prose shows
 *   `status=pending`): a 400 tries the other casing, then the unfiltered list, and the workspace
 *   remembers what worked for FILTER_RETRY_MS, or until the list without the filter fails (too
 *   large, cut off): then the documented filter is asked for again, since a 400 may have been about
 *   something else (a page token, a passing server fault), and the whole history must not be read
 *   on every poll for good because of one. A server that ignores the filter [INFERRED possibility] answers with
 *   every status: it is taken to do so when a history list (`status=APPROVED`) holds other
 *   statuses. From then on every answer for this workspace is used as a full snapshot (no separate
 *   history), and the filter is asked for again after FILTER_RETRY_MS (a server fixed meanwhile).
 *   A pending list with a decided row in it is never enough, not even twice in a row: a request
 *   decided while the server was answering can show up that way, and taking it for a full list
 *   would replace the history with that one answer (the Approved tab going from 11,169 to 1) and
 *   download the whole history on every poll. That list's pending rows are used as the pending
 *   list (if the filter was ignored they are the whole pending list, too) and the history is read at
 *   once (unless a failed one asked to wait): its answer tells which it was.
 * - **Read-backs**: requests that left the pending list are read by id, at most
 *   `READ_BACKS_PER_TICK` per poll (the rest on the next), so "decided by X at T" shows within
 *   one poll without waiting for history (F10).
 * - **History** (APPROVED, then REJECTED) on its own, slower cadence (the History refresh
 *   setting), and at once when the operator opens one of those tabs. It runs beside the poller,
 *   never blocking the pending queue; its failure marks only the history, not the queue.
 *
 * What the lists mean for the stored rows is the request store's business (scopes); this module
 * only decides what to ask for and hands each successful list on.
 */
import { DECIDED_STATUSES, isDecided, ok, type AccessRequest, type AppError, type DecidedStatus, type RequestStatus, type Result } from '../../../src-shared/domain';
import type { ApiClient, ListResult } from '../api/client';
import { FORBIDDEN_TEXT } from '../api/errors';
import type { ListScope } from '../requests/request-store';

/** How this workspace's server takes the status filter. */
export type StatusFilter = 'upper' | 'lower' | 'none' | 'ignored';

/**
 * Read-backs per poll, the rows held as they were first: those many that left in one list are
 * answered in the tick they left; any more wait, still listed, until the next list lets them go.
 */
export const READ_BACKS_PER_TICK = 20;
const READ_BACK_CONCURRENCY = 4;
/** Opening the Approved or Rejected tab refreshes history unless it is fresher than this. */
export const HISTORY_FRESH_MS = 30_000;
/** After a failed history refresh, the next try waits at least this long (or the server's Retry-After). */
export const HISTORY_RETRY_MS = 60_000;

/** A filter given up after a 400 is asked for again this long after (the 400 may not have been about it). */
export const FILTER_RETRY_MS = 10 * 60_000;
/**
 * A paged pending list is followed past the client's page limit while it brings pending rows, up
 * to this many (F9: a page count never cuts the queue; a page size of 50 and 20 pages would stop
 * at 1,000).
 */
export const PENDING_MAX_ROWS = 100_000;
/**
 * A whole list (the filter refused or ignored) and a history list are followed to their end, up
 * to this many rows read: the server's order is not documented, and one that pages oldest first
 * puts the pending queue, and the newest decisions, on its last pages (at 20 pages such a server
 * showed an empty queue and months-old history). A whole list costs every poll the whole history
 * then, as a bare array of it does; only the rows kept stay in memory (decided requests kept).
 */
export const LIST_MAX_ROWS = 2_000_000;
const WHOLE = { by: 'any', max: LIST_MAX_ROWS } as const;

/** Said after a list read without the filter failed, so the operator knows why it was that large. */
export const FILTER_REFUSED_NOTE = 'The server refused the status filter (HTTP 400), so the whole list was asked for; the next poll asks with the filter again.';

/** Read-back failures worth trying again on the next poll; others drop the id. */
const TRANSIENT: ReadonlySet<AppError['code']> = new Set(['offline', 'timeout', 'server', 'rate-limited', 'invalid-response']);

export interface ListBatch {
  scope: ListScope;
  result: ListResult;
  /**
   * A history batch joins one list per decided status: the statuses whose list stopped at the page
   * limit (its `result.truncated` is true if any did). Other batches are one list, cut as a whole.
   */
  cut?: readonly DecidedStatus[];
  /** When the list was sent. */
  fetchedAt: number;
}

export interface ListSyncDeps {
  client: Pick<ApiClient, 'listRequests' | 'getRequest'>;
  now: () => number;
  historyIntervalMs: () => number;
  decidedLimit: () => number;
  listMaxBytes: () => number;
  /** A successful list: names, store, notifications, snapshot. */
  apply(batch: ListBatch, signal: AbortSignal): Promise<void>;
  readBacksDue(max: number): string[];
  /** One read-back's answer: the row, not-found, or an error that will not get better. */
  readBack(id: string, res: Result<AccessRequest>): Promise<void>;
  /** Without a working filter, a poll is what refreshes history. */
  pollNow(): Promise<void>;
  onUnauthorized(): void;
  onError(error: AppError, context: string): void;
  /** Something `historyState()` reports changed. */
  onChange(): void;
}

export interface HistoryState {
  refreshing: boolean;
  /** Why the last history refresh failed (cleared by the next success). */
  lastError: AppError | null;
}

export interface ListSync {
  /** One poll: pending list, read-backs, and history when due (in the background). */
  tick(signal: AbortSignal): Promise<Result<ListResult>>;
  /** Refreshes history now (joins one in flight); skipped when fresher than `ifOlderThanMs`. */
  refreshHistory(opts?: { ifOlderThanMs?: number }): Promise<void>;
  historyState(): HistoryState;
  filter(): StatusFilter;
  /** Aborts a history refresh in flight (suspend); later ticks start new ones. */
  cancel(): void;
  /** For good: aborts and never starts another history refresh. */
  stop(): void;
}

/** The status value on the wire in the casing that works for this server; none without a working filter. */
function wire(status: 'PENDING' | 'APPROVED' | 'REJECTED', filter: StatusFilter): string | undefined {
  if (filter === 'upper') return status;
  if (filter === 'lower') return status.toLowerCase();
  return undefined;
}

/** A 403 on a list is about reading the workspace at all, not about deciding on one agent. */
export const LIST_FORBIDDEN_TEXT =
  "The server refused to list this workspace's access requests (403 Forbidden): this account may not have access to it. Sign in with one that does.";

function asListRefusal<T>(res: Result<T>): Result<T> {
  if (res.ok || res.error.code !== 'forbidden') return res;
  return { ok: false, error: { ...res.error, message: res.error.message.replace(FORBIDDEN_TEXT, LIST_FORBIDDEN_TEXT) } };
}

/** Rows of another status than asked for: the server ignored the filter. UNKNOWN proves nothing (F4). */
function filterIgnored(rows: readonly AccessRequest[], wanted: RequestStatus): boolean {
  return rows.some((r) => r.status !== wanted && r.status !== 'UNKNOWN');
}

/** A pending answer with its decided rows left out: the pending list it holds, whatever else it holds. */
function pendingPart(result: ListResult): ListResult {
  return { ...result, rows: result.rows.filter((r) => !isDecided(r.status)) };
}

export function createListSync(deps: ListSyncDeps): ListSync {
  let filter: StatusFilter = 'upper';
  let lastHistoryAt: number | null = null;
  let retryAt = 0;
  let lastError: AppError | null = null;
  let running: Promise<void> | null = null;
  let controller: AbortController | null = null;
  let stopped = false;
  /** When a 400 last made this workspace give up a casing or the filter (null: it never did, or it works again). */
  let gaveUpAt: number | null = null;
  /** When a history answer showed the filter ignored (null: it has not, or it is asked for again). */
  let ignoredAt: number | null = null;

  const filtered = () => filter === 'upper' || filter === 'lower';
  const listOptions = (signal: AbortSignal) => ({ signal, maxBytes: deps.listMaxBytes(), decidedLimit: deps.decidedLimit() });
  const historyFresh = () => lastHistoryAt !== null && deps.now() - lastHistoryAt < HISTORY_FRESH_MS;
  const historyDue = () => deps.now() >= retryAt && (lastHistoryAt === null || deps.now() - lastHistoryAt >= deps.historyIntervalMs());

  /** The pending list, falling back through the filter casings on 400 (and back to the filter later). */
  async function listPending(signal: AbortSignal): Promise<Result<ListResult>> {
    if ((filter === 'lower' || filter === 'none') && gaveUpAt !== null && deps.now() - gaveUpAt >= FILTER_RETRY_MS) {
      filter = 'upper';
      gaveUpAt = null;
    }
    if (filter === 'ignored' && ignoredAt !== null && deps.now() - ignoredAt >= FILTER_RETRY_MS) {
      filter = 'upper';
      ignoredAt = null;
    }
    for (;;) {
      const res = await deps.client.listRequests({ status: wire('PENDING', filter) }, { ...listOptions(signal), follow: filtered() ? { by: 'undecided', max: PENDING_MAX_ROWS } : WHOLE });
      if (!res.ok && res.error.status === 400 && filtered() && !signal.aborted) {
        filter = filter === 'upper' ? 'lower' : 'none';
        gaveUpAt = deps.now();
        continue;
      }
      if (!res.ok && res.error.code === 'invalid-response' && filter === 'none' && gaveUpAt !== null && !signal.aborted) {
        // Without the filter the list could not be used (too large, cut off, malformed): the next
        // poll asks with the filter again, and the reason says why the whole list was read at all.
        // (A failure of any other kind says nothing about the filter.)
        gaveUpAt = Number.NEGATIVE_INFINITY;
        return { ok: false, error: { ...res.error, message: `${res.error.message} ${FILTER_REFUSED_NOTE}` } };
      }
      return asListRefusal(res);
    }
  }

  async function readBacks(signal: AbortSignal): Promise<Result<null>> {
    const ids = deps.readBacksDue(READ_BACKS_PER_TICK);
    let next = 0;
    let failure: AppError | null = null;
    const worker = async (): Promise<void> => {
      while (next < ids.length && failure === null && !signal.aborted) {
        const id = ids[next++]!;
        const res = await deps.client.getRequest(id, signal);
        if (signal.aborted) return;
        if (!res.ok && (res.error.code === 'unauthorized' || TRANSIENT.has(res.error.code))) {
          // The rest wait for the next poll.
          failure ??= res.error;
          return;
        }
        await deps.readBack(id, res);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_BACK_CONCURRENCY, ids.length) }, worker));
    if (failure === null) return ok(null);
    const error: AppError = failure;
    if (error.code === 'unauthorized') return { ok: false, error };
    deps.onError(error, 'read back');
    return ok(null);
  }

  async function runHistory(): Promise<void> {
    const own = new AbortController();
    controller = own;
    const fetchedAt = deps.now();
    const failed = (error: AppError): void => {
      lastError = error;
      retryAt = deps.now() + Math.max(HISTORY_RETRY_MS, error.retryAfterMs ?? 0);
      deps.onError(error, 'history');
      if (error.code === 'unauthorized') deps.onUnauthorized();
    };
    const results: ListResult[] = [];
    for (const status of DECIDED_STATUSES) {
      if (!filtered()) return;
      const res = asListRefusal(await deps.client.listRequests({ status: wire(status, filter) }, { ...listOptions(own.signal), follow: WHOLE }));
      if (own.signal.aborted) return;
      // A poll gave the filter up meanwhile (a 400): its unfiltered list is newer than this answer.
      if (!filtered()) return;
      if (!res.ok) return failed(res.error);
      if (filterIgnored(res.value.rows, status)) {
        // The whole list came back: it is a full snapshot, and so is every poll until the filter is
        // asked for again (FILTER_RETRY_MS).
        filter = 'ignored';
        ignoredAt = deps.now();
        await deps.apply({ scope: 'full', result: res.value, fetchedAt }, own.signal);
        lastHistoryAt = fetchedAt;
        lastError = null;
        return;
      }
      results.push(res.value);
    }
    const [a, r] = results as [ListResult, ListResult];
    const result: ListResult = {
      rows: [...a.rows, ...r.rows],
      dropped: a.dropped + r.dropped,
      serverDate: r.serverDate ?? a.serverDate,
      truncated: a.truncated || r.truncated,
      decidedOmitted: { APPROVED: a.decidedOmitted.APPROVED + r.decidedOmitted.APPROVED, REJECTED: a.decidedOmitted.REJECTED + r.decidedOmitted.REJECTED },
      pages: a.pages + r.pages,
    };
    const cut = DECIDED_STATUSES.filter((_, i) => results[i]!.truncated);
    await deps.apply({ scope: 'history', result, fetchedAt, cut }, own.signal);
    if (own.signal.aborted) return;
    lastHistoryAt = fetchedAt;
    lastError = null;
    retryAt = 0;
  }

  const sync: ListSync = {
    async tick(signal) {
      const fetchedAt = deps.now();
      const res = await listPending(signal);
      if (!res.ok || signal.aborted) return res;
      const scope: ListScope = filtered() ? 'pending' : 'full';
      let result = res.value;
      let checkHistory = false;
      if (scope === 'pending' && filterIgnored(result.rows, 'PENDING')) {
        // Its pending rows only; the history's answer tells whether the filter is ignored.
        result = pendingPart(result);
        checkHistory = true;
      }
      await deps.apply({ scope, result, fetchedAt }, signal);
      if (signal.aborted) return res;
      if (scope === 'full') {
        // A full list is the history too.
        lastHistoryAt = fetchedAt;
        lastError = null;
        deps.onChange();
      }
      const rb = await readBacks(signal);
      if (!rb.ok) return rb;
      // History when due, never once the poll was aborted (suspend, sign-out). A full list was the
      // history (refreshed above); without a filter, refreshHistory() would only join this poll.
      // After a pending list with decided rows in it, at once: its answer tells whether the
      // server ignores the filter (unless the history was read within HISTORY_FRESH_MS: a server
      // that keeps a decided row in every pending list must not cost a history read per poll).
      if (!signal.aborted && (historyDue() || (checkHistory && deps.now() >= retryAt && !historyFresh()))) void sync.refreshHistory();
      return res;
    },

    refreshHistory(opts = {}) {
      if (stopped) return Promise.resolve();
      const fresh = opts.ifOlderThanMs !== undefined && lastHistoryAt !== null && deps.now() - lastHistoryAt < opts.ifOlderThanMs;
      if (running) return running;
      if (fresh) return Promise.resolve();
      if (!filtered()) return deps.pollNow();
      const run = runHistory()
        .catch((err: unknown) => {
          lastError = { code: 'internal', message: 'Refreshing approved and rejected requests failed unexpectedly.' };
          deps.onError(lastError, `history: ${String(err)}`);
        })
        .finally(() => {
          running = null;
          deps.onChange();
        });
      running = run;
      deps.onChange();
      return run;
    },

    historyState: () => ({ refreshing: running !== null, lastError }),
    filter: () => filter,

    cancel() {
      controller?.abort();
    },

    stop() {
      stopped = true;
      controller?.abort();
    },
  };
  return sync;
}
