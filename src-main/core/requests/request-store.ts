/**
 * The console's picture of each workspace's requests, fed by lists of three scopes: a pending
 * list (every tick) replaces the pending set, a history list (APPROVED and REJECTED, on a slower
 * cadence) the decided set, and a full list (the unfiltered fallback) everything. A row absent
 * from a complete list of its scope is gone; a pending one that left is queued to be read back
 * by id (F10), so it shows as decided within one tick. Until that read-back answers, every such
 * row stays listed as it was, for one more list (longer if a read-back since found a request that
 * list left out still pending: then the next list that leaves it out is not believed either): the
 * renderer never sees a request decided elsewhere vanish first and come back decided (it could only
 * say the request is no longer pending, not who decided it), and one list that drops the queue (an
 * empty answer from a server in trouble) takes nothing away unless the next one agrees. Read-backs go to the held rows first. A list cut short by the page limit never
 * removes anything. Decided requests never become pending again, whatever an older snapshot
 * says, and a local decision newer than a snapshot wins (F33). At most `decidedLimit` decided
 * rows are held per workspace (the newest). The diff yields the newly pending ids, remembered in
 * a persisted seen-set so no request is announced twice, not even after a restart (F46). The
 * first snapshot after launch or sign-in only fills the seen-set: it is never announced.
 *
 * At 100,000 rows a poll must cost little when little changed: a row equal to the one already
 * held keeps the held object (so later stages can compare by identity), `revision()` moves only
 * when some row really changed, and the seen-set is checked only for rows that were not pending
 * in the last poll and written only when it gained an id.
 */
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { DECIDED_STATUSES, decidedAtOf, isDecided, type AccessRequest, type DecidedCounts, type DecidedStatus, type HistoryGap } from '../../../src-shared/domain';
import { silentLogger, type KeyValueStore, type Logger } from '../ports';

export const SEEN_KEY = 'seen';
export const DEFAULT_SEEN_LIMIT = 20_000;
/** Requests waiting to be read back after leaving the pending list; beyond this the oldest wait for history. */
export const READ_BACK_QUEUE_MAX = 200;

/** What a list covers: the pending set, the decided set (APPROVED/REJECTED), or every request. */
export type ListScope = 'pending' | 'history' | 'full';

export interface ApplyOptions {
  /** Default 'full'. */
  scope?: ListScope;
  /** False when paging stopped early: nothing absent from the list is concluded to be gone (default true). */
  complete?: boolean;
  /**
   * Of a list that is not complete, the decided statuses it lacks pages of (a history list is one
   * list per status). Default: every decided status the list covers.
   */
  cut?: readonly DecidedStatus[];
  /** Decided rows the list had that the client did not keep (older than the newest `decidedLimit`), by status. */
  decidedOmitted?: DecidedCounts;
  /**
   * Items of the list that could not be read (F5). A decided row held but absent from such a list
   * may be one of them, so it stays (pending rows absent are still read back by id, which tells).
   */
  dropped?: number;
}

/** What the store knows about how complete a workspace's lists are (for WorkspaceStatus). */
export interface ListFacts {
  /** When decided requests were last listed (the list's send time), null before the first time. */
  historyAt: number | null;
  decidedKept: number;
  /** By status, whether the decided rows held are not all the server has: older ones beyond the limit, or pages not followed. */
  historyPartial: Record<DecidedStatus, HistoryGap>;
  /** The last pending list was cut short by the page limit. */
  pendingPartial: boolean;
  readBacksQueued: number;
}

export interface RequestStoreDeps {
  dataStore: KeyValueStore;
  now: () => number;
  log?: Logger;
  /** How many ids the seen-set keeps (newest first-seen wins; ids no longer pending are evicted first). */
  seenLimit?: number;
  /** Decided rows kept per workspace, the newest (read at every apply; default 20,000). */
  decidedLimit?: () => number;
}

export interface RequestStore {
  /**
   * Applies one successful list of `opts.scope`. `fetchedAt` is when the list was sent: a local
   * decision or read-back that landed after it is newer than anything in it. Returns the ids
   * that are pending and new.
   */
  apply(workspaceId: string, rows: readonly AccessRequest[], fetchedAt: number, opts?: ApplyOptions): string[];
  /** Records a row the server returned for a decision or a read-back (newer than any poll in flight). */
  recordMutation(row: AccessRequest): void;
  remove(workspaceId: string, id: string): void;
  /** Up to `max` ids that left the pending list and wait to be read back: those still held first, then oldest first. */
  readBacksDue(workspaceId: string, max: number): string[];
  /** Stops waiting to read this id back (the read failed for good); a row held for it leaves. */
  dropReadBack(workspaceId: string, id: string): void;
  listFacts(workspaceId: string): ListFacts;
  get(workspaceId: string, id: string): AccessRequest | undefined;
  rowsOf(workspaceId: string): AccessRequest[];
  all(): AccessRequest[];
  workspaceIds(): string[];
  /** Forgets a workspace (sign-out). Its next snapshot, if any, is silent again. */
  dropWorkspace(workspaceId: string): void;
  /** The next snapshot of this workspace is silent (after a re-sign-in). */
  silenceNext(workspaceId: string): void;
  lastSuccessAt(workspaceId: string): number | null;
  /** True when the last successful poll is older than three intervals (or there was none yet). */
  isStale(workspaceId: string, intervalMs: number): boolean;
  hasSeen(workspaceId: string, id: string): boolean;
  /**
   * Increases whenever any workspace's rows change (added, removed, or different in any field);
   * equal revisions mean the same rows in the same objects.
   */
  revision(): number;
}

interface WorkspaceState {
  rows: Map<string, AccessRequest>;
  /** How many of `rows` are decided. */
  decided: number;
  /** False until a snapshot has been taken since launch or sign-in: that one is silent. */
  baseline: boolean;
  /** When the last pending (or full) list was applied. */
  lastSuccessAt: number | null;
  /** Ids that left the pending list, to read back by id (insertion order = oldest first). */
  readBack: Set<string>;
  /** Of those, the ones still held as they were until read back or the next list. */
  leaving: Set<string>;
  /**
   * Ids a list left out that a read since has found still pending: the list was wrong about them,
   * so the next list that leaves them out again is not believed about the others either.
   */
  confirmedPending: Set<string>;
  pendingPartial: boolean;
  historyAt: number | null;
  /** The statuses the last history list stopped early for. */
  historyCut: ReadonlySet<DecidedStatus>;
  /** The statuses the last history list had more rows of than kept, or the store dropped some of since. */
  historyLimited: Set<DecidedStatus>;
}

export interface Mutation {
  /** Local time the server's answer arrived. */
  epoch: number;
  modifiedAt: number | null;
}

const keyOf = (workspaceId: string, id: string) => `${workspaceId}/${id}`;

/**
 * Which row to hold when a list brings `row` for an id the store holds as `held` (F33): a
 * decided request never goes back to pending (terminal states are final), and a snapshot older
 * than a local decision or read-back does not undo it.
 */
export function chooseRow(held: AccessRequest | undefined, row: AccessRequest, mutation: Mutation | undefined, fetchedAt: number): AccessRequest {
  if (held === undefined) return row;
  if (isDecided(held.status) && !isDecided(row.status)) return held;
  if (mutation !== undefined && isSnapshotRowStale(row, mutation, fetchedAt)) return held;
  return row;
}

/** Keeps one row per id, the one with the newest modifiedAt (F8); ties keep the first, as the client's collector does. */
export function dedupeById(rows: readonly AccessRequest[]): Map<string, AccessRequest> {
  const out = new Map<string, AccessRequest>();
  for (const row of rows) {
    const had = out.get(row.id);
    if (!had || (row.modifiedAt ?? -Infinity) > (had.modifiedAt ?? -Infinity)) out.set(row.id, row);
  }
  return out;
}

/**
 * F33: is a snapshot row older than the local mutation? Yes when its modifiedAt is older, or
 * when the poll was sent before the mutation landed and the row is not clearly newer.
 */
export function isSnapshotRowStale(row: AccessRequest, mutation: Mutation, fetchedAt: number): boolean {
  if (row.modifiedAt !== null && mutation.modifiedAt !== null) {
    if (row.modifiedAt < mutation.modifiedAt) return true;
    if (row.modifiedAt > mutation.modifiedAt) return false;
  }
  return fetchedAt < mutation.epoch;
}

/**
 * Whether two versions of one request (same workspace and id: callers look one up by the other)
 * are the same in every other field (a poll usually brings back mostly equal rows).
 */
export function sameRow(a: AccessRequest, b: AccessRequest): boolean {
  return (
    a.integrationConfigId === b.integrationConfigId &&
    a.provider === b.provider &&
    a.address === b.address &&
    a.agentId === b.agentId &&
    a.matchedParticipantId === b.matchedParticipantId &&
    a.displayName === b.displayName &&
    a.conversationName === b.conversationName &&
    a.status === b.status &&
    a.rawStatus === b.rawStatus &&
    a.processedBy === b.processedBy &&
    a.processedAt === b.processedAt &&
    a.processingNote === b.processingNote &&
    a.approvedParticipantId === b.approvedParticipantId &&
    a.createdAt === b.createdAt &&
    a.modifiedAt === b.modifiedAt
  );
}

/** The seen-set in memory: workspace → request id → first seen (persisted as `workspace/id` keys). */
type Seen = Map<string, Map<string, number>>;

function parseSeen(value: unknown): Seen | null {
  if (value === undefined) return new Map();
  if (value === null || !Array.isArray((value as { entries?: unknown }).entries)) return null;
  const out: Seen = new Map();
  for (const e of (value as { entries: unknown[] }).entries) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'number') continue;
    const slash = e[0].indexOf('/');
    if (slash === -1) continue;
    const ws = e[0].slice(0, slash);
    let ids = out.get(ws);
    if (!ids) out.set(ws, (ids = new Map()));
    ids.set(e[0].slice(slash + 1), e[1]);
  }
  return out;
}

/** Writes the seen-set, evicting beyond `limit` the oldest ids, those no longer pending first. */
function saveSeen(seen: Seen, limit: number, isPendingNow: (workspaceId: string, id: string) => boolean, dataStore: KeyValueStore, log: Logger): void {
  let size = 0;
  for (const ids of seen.values()) size += ids.size;
  if (size > limit) {
    // Evict the oldest ids, those no longer pending first: a pending one is what a flickering
    // list could bring back. Beyond `limit` pending requests the oldest pending go too; apply()
    // does not add them back while they stay in the list, so nothing churns on each poll.
    const entries: Array<[string, string, number, boolean]> = [];
    for (const [ws, ids] of seen) for (const [id, at] of ids) entries.push([ws, id, at, isPendingNow(ws, id)]);
    entries.sort((a, b) => Number(a[3]) - Number(b[3]) || a[2] - b[2]);
    for (let i = 0; i < size - limit; i += 1) seen.get(entries[i]![0])!.delete(entries[i]![1]);
  }
  const entries: Array<[string, number]> = [];
  for (const [ws, ids] of seen) for (const [id, at] of ids) entries.push([keyOf(ws, id), at]);
  const res = dataStore.write(SEEN_KEY, { version: 1, entries });
  if (!res.ok) log.warn('seen-set not saved', { reason: res.error.message });
}

/** The persisted seen-set; an unreadable one is quarantined and the store starts empty. */
function loadSeen(dataStore: KeyValueStore, log: Logger): Seen {
  const loaded = dataStore.read(SEEN_KEY);
  const parsed = loaded.ok ? parseSeen(loaded.value) : null;
  if (parsed) return parsed;
  log.warn('seen-set unreadable, starting empty');
  dataStore.quarantine?.(SEEN_KEY);
  return new Map();
}

/** Beyond READ_BACK_QUEUE_MAX the oldest ids not held wait for history (their rows have left the list already). */
function trimReadBack(readBack: Set<string>, leaving: ReadonlySet<string>): void {
  let excess = readBack.size - READ_BACK_QUEUE_MAX;
  if (excess <= 0) return;
  for (const id of readBack) {
    if (excess <= 0) return;
    if (leaving.has(id)) continue;
    readBack.delete(id);
    excess -= 1;
  }
}

interface MergeContext {
  /** Does this list speak for a row of this status? */
  covers(row: AccessRequest): boolean;
  mutationOf(id: string): Mutation | undefined;
  fetchedAt: number;
  complete: boolean;
  /** The list had items that could not be read: it cannot tell that a decided row is gone. */
  unreadable: boolean;
  /**
   * The list leaves out a request the server said was still pending when it was read by id since
   * the last list: it is not taken as proof that the other rows it leaves out have gone.
   */
  contradicted: boolean;
}

/**
 * One list merged into the rows held: rows it does not carry are kept unless it is complete for
 * them (a pending one that left is queued in `readBack`, F10); rows it carries are chosen by
 * `chooseRow` (F33), the held object kept when nothing changed. Returns the next rows, whether
 * anything changed and the ids newly pending ([id, was held]).
 */
function mergeRows(previous: Map<string, AccessRequest>, incoming: Map<string, AccessRequest>, state: Pick<WorkspaceState, 'readBack' | 'leaving'>, ctx: MergeContext) {
  const { covers, mutationOf, fetchedAt, complete, unreadable, contradicted } = ctx;
  const { readBack, leaving } = state;
  const next = new Map<string, AccessRequest>();
  let changed = false;

  // Rows held that the list does not carry: kept unless the list is complete for them.
  for (const [id, held] of previous) {
    if (incoming.has(id)) continue;
    const m = mutationOf(id);
    // A list sent before my decision (or read-back) landed may not know the row yet; keep mine.
    if (!covers(held) || !complete || (m !== undefined && fetchedAt < m.epoch)) {
      next.set(id, held);
      continue;
    }
    if (isDecided(held.status)) {
      // (A full list a read-back contradicted proves nothing about the history either.)
      if (unreadable || contradicted) next.set(id, held);
      else changed = true;
      continue;
    }
    // F10: it left the pending list (decided elsewhere, or deleted): read it back by id, and hold
    // it as it was until then, once (a second list without it lets it go, answered or not), unless
    // that list is contradicted by a read-back: then it is held on, until read back.
    if (leaving.has(id) && !contradicted) {
      leaving.delete(id);
      changed = true;
      continue;
    }
    readBack.add(id);
    leaving.add(id);
    next.set(id, held);
  }
  trimReadBack(readBack, leaving);

  /** Rows pending now that were not pending (or not there) in the last poll: [id, was there]. */
  const newlyPending: Array<[string, boolean]> = [];
  for (const [id, row] of incoming) {
    const local = previous.get(id);
    const chosen = chooseRow(local, row, mutationOf(id), fetchedAt);
    // Keep the object already held when nothing in it changed: later stages compare by identity.
    if (local !== undefined && sameRow(local, chosen)) next.set(id, local);
    else {
      next.set(id, chosen);
      changed = true;
    }
    readBack.delete(id);
    leaving.delete(id);
    // Pending in the last poll too: checked against the seen-set then, and not new now.
    if (chosen.status === 'PENDING' && local?.status !== 'PENDING') newlyPending.push([id, local !== undefined]);
  }
  return { next, changed, newlyPending };
}

/** Drops all but the newest `limit` decided rows from `rows`; returns how many stay and the statuses of those that went. */
function trimDecided(rows: Map<string, AccessRequest>, limit: number): { kept: number; trimmed: Set<DecidedStatus> } {
  const decided: AccessRequest[] = [];
  const trimmed = new Set<DecidedStatus>();
  for (const row of rows.values()) if (isDecided(row.status)) decided.push(row);
  if (decided.length <= limit) return { kept: decided.length, trimmed };
  // Ties by id (unique within a workspace), so which rows stay does not depend on the list's order.
  decided.sort((a, b) => decidedAtOf(b) - decidedAtOf(a) || (a.id < b.id ? -1 : 1));
  for (let i = limit; i < decided.length; i += 1) {
    const row = decided[i]!;
    rows.delete(row.id);
    trimmed.add(row.status as DecidedStatus);
  }
  return { kept: limit, trimmed };
}

/** What one list says about how complete the workspace's lists are (ListFacts) and when it last polled. */
function noteListFacts(
  state: WorkspaceState,
  list: { scope: ListScope; complete: boolean; cut: readonly DecidedStatus[] | undefined; fetchedAt: number; at: number; decidedOmitted: DecidedCounts | undefined; trimmed: ReadonlySet<DecidedStatus> },
): void {
  if (list.scope !== 'history') {
    state.baseline = true;
    state.lastSuccessAt = list.at;
    state.pendingPartial = !list.complete;
  }
  if (list.scope !== 'pending') {
    state.historyAt = list.fetchedAt;
    state.historyCut = new Set(list.complete ? [] : (list.cut ?? DECIDED_STATUSES));
    state.historyLimited = new Set(DECIDED_STATUSES.filter((s) => (list.decidedOmitted?.[s] ?? 0) > 0 || list.trimmed.has(s)));
  } else for (const s of list.trimmed) state.historyLimited.add(s);
}

/** Why the rows of one decided status held may not be all the server has. */
function gapOf(state: WorkspaceState | undefined, status: DecidedStatus): HistoryGap {
  if (state?.historyCut.has(status)) return 'pages';
  return state?.historyLimited.has(status) ? 'limit' : null;
}

/** A mutation is settled once a list sent after it speaks for its row. */
function settleMutations(mutations: Map<string, Mutation>, workspaceId: string, next: Map<string, AccessRequest>, covers: (row: AccessRequest) => boolean, fetchedAt: number): void {
  for (const [key, m] of mutations) {
    if (fetchedAt < m.epoch || !key.startsWith(`${workspaceId}/`)) continue;
    const held = next.get(key.slice(workspaceId.length + 1));
    if (held === undefined || covers(held)) mutations.delete(key);
  }
}

/**
 * Adds newly pending ids to the workspace's seen-set. Returns those to announce (new to the
 * seen-set and not held before, unless this is the silent first list) and whether the set grew.
 */
function markSeen(seenIds: Map<string, number>, newlyPending: Array<[string, boolean]>, at: number, baseline: boolean): { fresh: string[]; seenChanged: boolean } {
  const fresh: string[] = [];
  let seenChanged = false;
  for (const [id, wasThere] of newlyPending) {
    if (seenIds.has(id)) continue;
    seenIds.set(id, at);
    seenChanged = true;
    if (baseline && !wasThere) fresh.push(id);
  }
  return { fresh, seenChanged };
}

/** Creates the store; loads the seen-set from the data store (key `seen`). */
export function createRequestStore(deps: RequestStoreDeps): RequestStore {
  const log = deps.log ?? silentLogger;
  const limit = deps.seenLimit ?? DEFAULT_SEEN_LIMIT;
  const workspaces = new Map<string, WorkspaceState>();
  const mutations = new Map<string, Mutation>();

  const seen = loadSeen(deps.dataStore, log);
  let revision = 0;

  const seenOf = (workspaceId: string): Map<string, number> => {
    let ids = seen.get(workspaceId);
    if (!ids) seen.set(workspaceId, (ids = new Map()));
    return ids;
  };

  /** Whether a request is pending in the store now: such ids are never evicted from the seen-set. */
  const isPendingNow = (workspaceId: string, id: string) => workspaces.get(workspaceId)?.rows.get(id)?.status === 'PENDING';

  const persistSeen = () => saveSeen(seen, limit, isPendingNow, deps.dataStore, log);

  function stateOf(workspaceId: string): WorkspaceState {
    let s = workspaces.get(workspaceId);
    if (!s) {
      s = { rows: new Map(), decided: 0, baseline: false, lastSuccessAt: null, readBack: new Set(), leaving: new Set(), pendingPartial: false, historyAt: null, historyCut: new Set(), historyLimited: new Set(), confirmedPending: new Set() };
      workspaces.set(workspaceId, s);
    }
    return s;
  }

  return {
    apply(workspaceId, rows, fetchedAt, opts = {}) {
      const scope = opts.scope ?? 'full';
      const complete = opts.complete ?? true;
      const state = stateOf(workspaceId);
      const previous = state.rows;
      const incoming = dedupeById(rows);
      /** Does this list speak for a row of this status? */
      const covers = (r: AccessRequest) => scope === 'full' || (scope === 'history') === isDecided(r.status);
      const mutationOf = (id: string) => (mutations.size > 0 ? mutations.get(keyOf(workspaceId, id)) : undefined);
      // A pending list that leaves out a request read back as still pending since the last list.
      // (Only one still held as pending counts: one decided or removed since is no contradiction.)
      const contradicted = scope !== 'history' && [...state.confirmedPending].some((id) => !incoming.has(id) && previous.get(id)?.status === 'PENDING');
      const merged = mergeRows(previous, incoming, state, { covers, mutationOf, fetchedAt, complete, unreadable: (opts.dropped ?? 0) > 0, contradicted });
      // A list cut short lets nothing go: the evidence waits for the next whole list.
      if (scope !== 'history' && complete) state.confirmedPending.clear();
      const { next, newlyPending } = merged;
      let changed = merged.changed;
      settleMutations(mutations, workspaceId, next, covers, fetchedAt);

      // Bounded memory: the newest `decidedLimit` decided rows stay.
      const limit = Math.max(0, deps.decidedLimit?.() ?? DEFAULT_SETTINGS.decidedLimit);
      const { kept, trimmed } = trimDecided(next, limit);
      if (trimmed.size > 0) changed = true;
      state.decided = kept;
      if (changed) revision += 1;

      const at = deps.now();
      const { fresh, seenChanged } = markSeen(seenOf(workspaceId), newlyPending, at, state.baseline);
      state.rows = next;
      noteListFacts(state, { scope, complete, cut: opts.cut, fetchedAt, at, decidedOmitted: opts.decidedOmitted, trimmed });
      if (seenChanged) persistSeen();
      return fresh;
    },

    recordMutation(row) {
      const state = stateOf(row.workspaceId);
      const held = state.rows.get(row.id);
      // A list left it out, and the server says it is still pending: that list was wrong.
      if (state.leaving.has(row.id) && row.status === 'PENDING') state.confirmedPending.add(row.id);
      state.readBack.delete(row.id);
      state.leaving.delete(row.id);
      // A decided request never goes back to pending (F33), not even on a read-back.
      if (held !== undefined && isDecided(held.status) && !isDecided(row.status)) return;
      if (held === undefined || !sameRow(held, row)) {
        state.rows.set(row.id, row);
        state.decided += Number(isDecided(row.status)) - Number(held !== undefined && isDecided(held.status));
        revision += 1;
      }
      mutations.set(keyOf(row.workspaceId, row.id), { epoch: deps.now(), modifiedAt: row.modifiedAt });
      // A decided row is never announced later, even if a stale snapshot shows it pending.
      const seenIds = seenOf(row.workspaceId);
      if (!seenIds.has(row.id)) {
        seenIds.set(row.id, deps.now());
        persistSeen();
      }
    },

    remove(workspaceId, id) {
      const state = workspaces.get(workspaceId);
      const held = state?.rows.get(id);
      if (state && held) {
        state.rows.delete(id);
        if (isDecided(held.status)) state.decided -= 1;
        revision += 1;
      }
      state?.readBack.delete(id);
      state?.leaving.delete(id);
      mutations.delete(keyOf(workspaceId, id));
    },

    readBacksDue(workspaceId, max) {
      const state = workspaces.get(workspaceId);
      if (!state) return [];
      // The rows still held as they were first: the operator is looking at those.
      const out = [...state.leaving].slice(0, max);
      for (const id of state.readBack) {
        if (out.length >= max) break;
        if (!state.leaving.has(id)) out.push(id);
      }
      return out;
    },

    dropReadBack(workspaceId, id) {
      const state = workspaces.get(workspaceId);
      if (!state) return;
      state.readBack.delete(id);
      // Held until its read-back answered, which it never will: it leaves the list now.
      if (state.leaving.delete(id) && state.rows.delete(id)) revision += 1;
    },

    listFacts(workspaceId) {
      const s = workspaces.get(workspaceId);
      return {
        historyAt: s?.historyAt ?? null,
        decidedKept: s?.decided ?? 0,
        historyPartial: { APPROVED: gapOf(s, 'APPROVED'), REJECTED: gapOf(s, 'REJECTED') },
        pendingPartial: s?.pendingPartial ?? false,
        readBacksQueued: s?.readBack.size ?? 0,
      };
    },

    get: (workspaceId, id) => workspaces.get(workspaceId)?.rows.get(id),
    rowsOf: (workspaceId) => [...(workspaces.get(workspaceId)?.rows.values() ?? [])],
    all: () => [...workspaces.values()].flatMap((s) => [...s.rows.values()]),
    workspaceIds: () => [...workspaces.keys()],

    dropWorkspace(workspaceId) {
      if ((workspaces.get(workspaceId)?.rows.size ?? 0) > 0) revision += 1;
      workspaces.delete(workspaceId);
      for (const key of [...mutations.keys()]) if (key.startsWith(`${workspaceId}/`)) mutations.delete(key);
    },

    silenceNext(workspaceId) {
      const s = workspaces.get(workspaceId);
      if (s) s.baseline = false;
    },

    lastSuccessAt: (workspaceId) => workspaces.get(workspaceId)?.lastSuccessAt ?? null,

    isStale(workspaceId, intervalMs) {
      const last = workspaces.get(workspaceId)?.lastSuccessAt ?? null;
      return last === null || deps.now() - last > 3 * intervalMs;
    },

    hasSeen: (workspaceId, id) => seen.get(workspaceId)?.has(id) ?? false,
    revision: () => revision,
  };
}
