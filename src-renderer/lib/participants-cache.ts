/**
 * Participants per workspace, kept for a minute, so the add-to-existing picker opens with its list
 * instead of loading it after `a e` (a fast typist's Enter used to arrive before the list did).
 * The list is fetched ahead when the cursor rests on a request that can be approved, at most once
 * per workspace per PARTICIPANTS_FRESH_MS; a failed load is not kept (the next ask tries again).
 */
import type { Participant, Result } from '../../src-shared/domain';

export const PARTICIPANTS_FRESH_MS = 60_000;

export interface ParticipantsCache {
  /** A fresh list at once, else the load in flight, else a new load (`refresh`: always a new one). */
  get(workspaceId: string, opts?: { refresh?: boolean }): Promise<Result<Participant[]>>;
  /** Starts a load unless a fresh list or a load is already there. */
  prefetch(workspaceId: string): void;
  /** The fresh list held now, or null. */
  peek(workspaceId: string): Participant[] | null;
}

interface Entry {
  at: number;
  load: Promise<Result<Participant[]>>;
  value: Participant[] | null;
}

export function createParticipantsCache(list: (workspaceId: string) => Promise<Result<Participant[]>>, now: () => number = Date.now): ParticipantsCache {
  const entries = new Map<string, Entry>();
  const fresh = (e: Entry | undefined): e is Entry => e !== undefined && (e.value === null || now() - e.at < PARTICIPANTS_FRESH_MS);

  function load(workspaceId: string): Entry {
    const entry: Entry = { at: now(), value: null, load: Promise.resolve(null as never) };
    entry.load = list(workspaceId).then(
      (res) => {
        if (entries.get(workspaceId) !== entry) return res;
        if (res.ok) {
          entry.value = res.value;
          entry.at = now();
        } else entries.delete(workspaceId);
        return res;
      },
      (err: unknown) => {
        if (entries.get(workspaceId) === entry) entries.delete(workspaceId);
        throw err;
      },
    );
    entries.set(workspaceId, entry);
    return entry;
  }

  return {
    get(workspaceId, opts = {}) {
      const entry = entries.get(workspaceId);
      if (!opts.refresh && fresh(entry)) return entry.value !== null ? Promise.resolve({ ok: true, value: entry.value }) : entry.load;
      return load(workspaceId).load;
    },
    prefetch(workspaceId) {
      if (!fresh(entries.get(workspaceId))) void load(workspaceId).load.catch(() => undefined);
    },
    peek(workspaceId) {
      const entry = entries.get(workspaceId);
      return fresh(entry) ? entry.value : null;
    },
  };
}
