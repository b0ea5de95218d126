/**
 * The queue as main last described it (one whole snapshot), plus local patches from decision
 * outcomes so a decided row leaves Pending at once instead of at the next poll. Whether a row can
 * be decided is core's answer (`canDecide`, `readOnlyReason`), shown as it comes: after a 403 core
 * marks the agent read-only and pushes the rows again (F22).
 */
import { create } from 'zustand';
import type { QueueSnapshot } from '../../src-shared/contract';
import type { RequestView, WorkspaceStatus } from '../../src-shared/domain';

export interface QueueState {
  /** Sequence number of the snapshot shown (-1 before the first). */
  seq: number;
  loaded: boolean;
  generatedAt: number | null;
  requests: RequestView[];
  /** `requestsRev` of the snapshot `requests` came from (null when unknown). */
  requestsRev: number | null;
  workspaces: WorkspaceStatus[];
  /** Rows learned from decision outcomes, kept until a snapshot carries the same or newer data. */
  patches: Record<string, RequestView>;
  /** Refreshes the operator asked for (Refresh, Retry now) that main has not answered yet. */
  refreshing: number;
  refreshStarted: () => void;
  refreshEnded: () => void;
  /** Applies a snapshot unless it is older than the one shown. Returns whether it was applied. */
  applySnapshot: (snapshot: QueueSnapshot) => boolean;
  /** Replaces one row with what a decision outcome returned. */
  patchRequest: (view: RequestView) => void;
  reset: () => void;
}

export const DEFAULT_QUEUE = {
  seq: -1,
  loaded: false,
  generatedAt: null,
  requests: [] as RequestView[],
  requestsRev: null as number | null,
  workspaces: [] as WorkspaceStatus[],
  patches: {} as Record<string, RequestView>,
  refreshing: 0,
};

/** Whether a locally learned row is newer than the snapshot's row for the same id. */
function isNewer(patch: RequestView, row: RequestView): boolean {
  const p = patch.modifiedAt ?? 0;
  const r = row.modifiedAt ?? 0;
  return p > r || (p === r && row.status === 'PENDING' && patch.status !== 'PENDING');
}

export const useQueueStore = create<QueueState>()((set, get) => ({
  ...DEFAULT_QUEUE,
  refreshStarted: () => set({ refreshing: get().refreshing + 1 }),
  refreshEnded: () => set({ refreshing: Math.max(0, get().refreshing - 1) }),
  applySnapshot: (snapshot) => {
    const state = get();
    if (state.loaded && snapshot.seq < state.seq) return false;
    const rev = snapshot.requestsRev ?? null;
    // Same revision, same rows (most snapshots of a large queue only change a workspace's
    // status): keep the array, so nothing derived from it is sorted or filtered again. With
    // local patches pending, the full path below decides which of them still hold.
    if (state.loaded && rev !== null && rev === state.requestsRev && Object.keys(state.patches).length === 0) {
      set({ seq: snapshot.seq, generatedAt: snapshot.generatedAt, workspaces: snapshot.workspaces });
      return true;
    }
    const patches = { ...get().patches };
    let requests = snapshot.requests;
    const ids = Object.keys(patches);
    if (ids.length > 0) {
      // A snapshot taken before our decision landed must not bring the row back to Pending (F33).
      requests = snapshot.requests.map((row) => {
        const patch = patches[row.id];
        if (!patch) return row;
        if (isNewer(patch, row)) return patch;
        delete patches[row.id];
        return row;
      });
      const present = new Set(snapshot.requests.map((r) => r.id));
      for (const id of ids) if (!present.has(id)) delete patches[id];
    }
    set({ seq: snapshot.seq, loaded: true, generatedAt: snapshot.generatedAt, requests, requestsRev: rev, workspaces: snapshot.workspaces, patches });
    return true;
  },
  patchRequest: (view) => {
    const { requests, patches } = get();
    let found = false;
    const next = requests.map((r) => {
      if (r.id !== view.id) return r;
      found = true;
      return view;
    });
    set({ requests: found ? next : [...requests, view], patches: { ...patches, [view.id]: view } });
  },
  reset: () => set({ ...DEFAULT_QUEUE }),
}));
