/**
 * The console's picture of each workspace's requests. A poll replaces a workspace's rows
 * (rows that vanish are gone, F10) except where a local decision is newer than the snapshot
 * (F33); the diff yields the newly pending ids, remembered in a persisted seen-set so no
 * request is announced twice, not even after a restart (F46). The first snapshot after launch
 * or sign-in only fills the seen-set: it is never announced.
 */
import type { AccessRequest } from '../../src-shared/domain';
import { silentLogger, type KeyValueStore, type Logger } from './ports';

export const SEEN_KEY = 'seen';
export const DEFAULT_SEEN_LIMIT = 20_000;

export interface RequestStoreDeps {
  dataStore: KeyValueStore;
  now: () => number;
  log?: Logger;
  /** How many ids the seen-set keeps (newest first-seen wins). */
  seenLimit?: number;
}

export interface RequestStore {
  /**
   * Applies one successful poll. `fetchedAt` is when the poll was sent: a local decision that
   * landed after it is newer than anything in it. Returns the ids that are pending and new.
   */
  apply(workspaceId: string, rows: readonly AccessRequest[], fetchedAt: number): string[];
  /** Records a row the server returned for a decision or a read-back (newer than any poll in flight). */
  recordMutation(row: AccessRequest): void;
  remove(workspaceId: string, id: string): void;
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
}

interface WorkspaceState {
  rows: Map<string, AccessRequest>;
  /** False until a snapshot has been taken since launch or sign-in: that one is silent. */
  baseline: boolean;
  lastSuccessAt: number | null;
}

export interface Mutation {
  /** Local time the server's answer arrived. */
  epoch: number;
  modifiedAt: number | null;
}

const keyOf = (workspaceId: string, id: string) => `${workspaceId}/${id}`;

/** Keeps one row per id, the one with the newest modifiedAt (F8). */
export function dedupeById(rows: readonly AccessRequest[]): Map<string, AccessRequest> {
  const out = new Map<string, AccessRequest>();
  for (const row of rows) {
    const had = out.get(row.id);
    if (!had || (row.modifiedAt ?? -Infinity) >= (had.modifiedAt ?? -Infinity)) out.set(row.id, row);
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

function parseSeen(value: unknown): Map<string, number> | null {
  if (value === undefined) return new Map();
  if (value === null || typeof value !== 'object' || !Array.isArray((value as { entries?: unknown }).entries)) return null;
  const out = new Map<string, number>();
  for (const e of (value as { entries: unknown[] }).entries) {
    if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number') out.set(e[0], e[1]);
  }
  return out;
}

/** Creates the store; loads the seen-set from the data store (key `seen`). */
export function createRequestStore(deps: RequestStoreDeps): RequestStore {
  const log = deps.log ?? silentLogger;
  const limit = deps.seenLimit ?? DEFAULT_SEEN_LIMIT;
  const workspaces = new Map<string, WorkspaceState>();
  const mutations = new Map<string, Mutation>();

  let seen: Map<string, number>;
  const loaded = deps.dataStore.read(SEEN_KEY);
  const parsed = loaded.ok ? parseSeen(loaded.value) : null;
  if (parsed) seen = parsed;
  else {
    log.warn('seen-set unreadable, starting empty');
    deps.dataStore.quarantine?.(SEEN_KEY);
    seen = new Map();
  }

  function persistSeen(): void {
    if (seen.size > limit) {
      const sorted = [...seen.entries()].sort((a, b) => a[1] - b[1]);
      seen = new Map(sorted.slice(sorted.length - limit));
    }
    const res = deps.dataStore.write(SEEN_KEY, { version: 1, entries: [...seen.entries()] });
    if (!res.ok) log.warn('seen-set not saved', { reason: res.error.message });
  }

  function stateOf(workspaceId: string): WorkspaceState {
    let s = workspaces.get(workspaceId);
    if (!s) {
      s = { rows: new Map(), baseline: false, lastSuccessAt: null };
      workspaces.set(workspaceId, s);
    }
    return s;
  }

  return {
    apply(workspaceId, rows, fetchedAt) {
      const state = stateOf(workspaceId);
      const previous = state.rows;
      const incoming = dedupeById(rows);
      const next = new Map<string, AccessRequest>();
      for (const [id, row] of incoming) {
        const m = mutations.get(keyOf(workspaceId, id));
        const local = previous.get(id);
        next.set(id, m && local && isSnapshotRowStale(row, m, fetchedAt) ? local : row);
      }
      for (const [key, m] of mutations) {
        const slash = key.indexOf('/');
        if (key.slice(0, slash) !== workspaceId) continue;
        const id = key.slice(slash + 1);
        const local = previous.get(id);
        // A snapshot sent before my decision landed may not know the row yet; keep mine.
        if (!incoming.has(id) && local && fetchedAt < m.epoch) next.set(id, local);
        if (fetchedAt >= m.epoch) mutations.delete(key);
      }

      const fresh: string[] = [];
      const at = deps.now();
      let seenChanged = false;
      for (const [id, row] of next) {
        if (row.status !== 'PENDING') continue;
        const key = keyOf(workspaceId, id);
        if (seen.has(key)) continue;
        seen.set(key, at);
        seenChanged = true;
        if (state.baseline && !previous.has(id)) fresh.push(id);
      }
      state.rows = next;
      state.baseline = true;
      state.lastSuccessAt = at;
      if (seenChanged) persistSeen();
      return fresh;
    },

    recordMutation(row) {
      const state = stateOf(row.workspaceId);
      state.rows.set(row.id, row);
      mutations.set(keyOf(row.workspaceId, row.id), { epoch: deps.now(), modifiedAt: row.modifiedAt });
      // A decided row is never announced later, even if a stale snapshot shows it pending.
      const key = keyOf(row.workspaceId, row.id);
      if (!seen.has(key)) {
        seen.set(key, deps.now());
        persistSeen();
      }
    },

    remove(workspaceId, id) {
      workspaces.get(workspaceId)?.rows.delete(id);
      mutations.delete(keyOf(workspaceId, id));
    },

    get: (workspaceId, id) => workspaces.get(workspaceId)?.rows.get(id),
    rowsOf: (workspaceId) => [...(workspaces.get(workspaceId)?.rows.values() ?? [])],
    all: () => [...workspaces.values()].flatMap((s) => [...s.rows.values()]),
    workspaceIds: () => [...workspaces.keys()],

    dropWorkspace(workspaceId) {
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

    hasSeen: (workspaceId, id) => seen.has(keyOf(workspaceId, id)),
  };
}
