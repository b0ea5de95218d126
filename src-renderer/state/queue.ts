/**
 * The queue as main last described it (one whole snapshot), plus local patches from decision
 * outcomes so a decided row leaves Pending at once instead of at the next poll.
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
  /** Agents the server refused a decision on (403), by `${workspaceId} ${agentId}`: read-only for this session (F22). */
  readOnlyAgents: Record<string, string>;
  /** Applies a snapshot unless it is older than the one shown. Returns whether it was applied. */
  applySnapshot: (snapshot: QueueSnapshot) => boolean;
  /** Replaces one row with what a decision outcome returned. */
  patchRequest: (view: RequestView) => void;
  /** After a 403: disables decisions on every request of that agent, with the reason. */
  markAgentReadOnly: (workspaceId: string, agentId: string, reason: string) => void;
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
  readOnlyAgents: {} as Record<string, string>,
};

const agentKey = (workspaceId: string, agentId: string) => `${workspaceId} ${agentId}`;

function withReadOnly(rows: RequestView[], readOnly: Record<string, string>): RequestView[] {
  if (Object.keys(readOnly).length === 0) return rows;
  return rows.map((r) => {
    const reason = readOnly[agentKey(r.workspaceId, r.agentId)];
    return reason !== undefined && r.canDecide ? { ...r, canDecide: false, readOnlyReason: r.readOnlyReason ?? reason } : r;
  });
}

/** Whether a locally learned row is newer than the snapshot's row for the same id. */
function isNewer(patch: RequestView, row: RequestView): boolean {
  const p = patch.modifiedAt ?? 0;
  const r = row.modifiedAt ?? 0;
  return p > r || (p === r && row.status === 'PENDING' && patch.status !== 'PENDING');
}

export const useQueueStore = create<QueueState>()((set, get) => ({
  ...DEFAULT_QUEUE,
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
    requests = withReadOnly(requests, get().readOnlyAgents);
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
    set({ requests: withReadOnly(found ? next : [...requests, view], get().readOnlyAgents), patches: { ...patches, [view.id]: view } });
  },
  markAgentReadOnly: (workspaceId, agentId, reason) => {
    const readOnlyAgents = { ...get().readOnlyAgents, [agentKey(workspaceId, agentId)]: reason };
    set({ readOnlyAgents, requests: withReadOnly(get().requests, readOnlyAgents) });
  },
  reset: () => set({ ...DEFAULT_QUEUE }),
}));
