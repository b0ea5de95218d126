/**
 * Polling of every workspace at once: sleep and wake-up (F38), the OS network signal (F35), a
 * changed poll interval, "Refresh now" and the history refresh when a decided tab opens.
 */
import { HISTORY_FRESH_MS } from '../polling/list-sync';
import type { Connectivity } from '../polling/connectivity';
import type { Workspace } from './workspace-runtime';

export interface WorkspacePollingDeps {
  runtimes: ReadonlyMap<string, Workspace>;
  connectivity: Connectivity;
  intervalMs(): number;
  now?: () => number;
}

export interface WorkspacePolling {
  isSuspended(): boolean;
  suspend(): void;
  resume(): void;
  /** The operating system's view of the network (F35); offline pauses every workspace. */
  setOsOnline(online: boolean): void;
  /** The poll interval changed: let healthy pollers pick it up now. */
  reschedule(): void;
  refreshNow(): Promise<void>;
  /** Approved/Rejected opened: refresh history now unless it is fresh (all workspaces, or one). */
  refreshHistory(workspaceId?: string): Promise<void>;
}

/** Creates the polling control over the live workspaces. */
export function createWorkspacePolling(deps: WorkspacePollingDeps): WorkspacePolling {
  const { runtimes, connectivity } = deps;
  let suspended = false;
  return {
    isSuspended: () => suspended,
    suspend() {
      suspended = true;
      for (const ws of runtimes.values()) {
        ws.poller?.pause();
        ws.sync?.cancel();
      }
    },

    resume() {
      suspended = false;
      for (const ws of runtimes.values()) {
        // An offline workspace resumes through a successful check, not blindly; one whose
        // checks timed out is finding out with its poll (a list trial), which resumes.
        const offline = connectivity.offline(ws.meta.id);
        if (offline && !offline.listTrial) void connectivity.checkNow(ws.meta.id);
        else ws.poller?.resume();
      }
    },

    setOsOnline(online) {
      connectivity.setOsOnline(online);
    },

    reschedule() {
      if (suspended) return;
      for (const ws of runtimes.values()) {
        const s = ws.poller?.state();
        // Only healthy pollers: a backoff or Retry-After in progress must not be cut short.
        // Nor one finding out whether its server is back (a list trial polls on its own timer).
        if (!ws.poller || !s || !s.running || s.paused || s.stoppedBy401 || s.inFlight || s.lastError || connectivity.offline(ws.meta.id)) continue;
        // Overdue under the new interval (lowered from 5 minutes to 15 s, say): poll now, or the
        // status would read "Stale" until a poll up to one interval later.
        const now = (deps.now ?? Date.now)();
        const overdue = s.lastSuccessAt !== null && now - s.lastSuccessAt >= deps.intervalMs();
        ws.poller.pause();
        ws.poller.resume({ jitterMs: overdue ? 0 : deps.intervalMs() });
      }
    },

    async refreshNow() {
      await Promise.all(
        [...runtimes.values()].map(async (ws) => {
          if (ws.signedOut || !ws.poller) return;
          // Offline: a cheap check first; poll only once the server answers again (F35), or
          // while the poll is the check (a list trial).
          const offline = connectivity.offline(ws.meta.id);
          if (offline && !offline.listTrial && !(await connectivity.checkNow(ws.meta.id))) return;
          await ws.poller.pollNow();
        }),
      );
    },

    async refreshHistory(workspaceId) {
      if (suspended) return;
      const targets = [...runtimes.values()].filter((ws) => workspaceId === undefined || ws.meta.id === workspaceId);
      // Offline (F35): nothing to fetch; the tab keeps its last refresh time until the connection is back.
      const live = targets.filter((ws) => !ws.signedOut && ws.sync && !connectivity.offline(ws.meta.id));
      await Promise.all(live.map((ws) => ws.sync!.refreshHistory({ ifOlderThanMs: HISTORY_FRESH_MS })));
    },
  };
}
