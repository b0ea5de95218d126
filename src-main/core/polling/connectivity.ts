/**
 * Offline detection and recovery (F35), per workspace. Two signals take a workspace offline:
 * the operating system saying the machine has no network (Electron's `net.isOnline()`, fed in by
 * an adapter through `setOsOnline`), and a poll that fails to connect (refused, DNS failure,
 * connection reset: error code 'offline'). While offline the workspace's polling is paused, its
 * decisions are refused with the reason, and its status says so in words. Recovery is checked
 * cheaply with `probe` (auth/health, which the API excludes from rate limits): every few seconds
 * while the server is unreachable, at once when the OS reports the network back, and whenever
 * the operator refreshes or tries to decide. When a probe gets an answer, polling resumes after
 * random(0, 3 s) (the poller's resume jitter), so many consoles do not return at the same instant.
 * A probe that times out is no answer, but two in a row hand over to the poll: a server whose
 * auth/health hangs while its list answers must not be shown offline for as long as that lasts.
 * The workspace stays offline while the poll tries (`listTrial`): decisions stay refused until
 * the server answers something, the poll (a list or an HTTP error) or a probe, which go on on
 * their timer and at checkNow; a poll that times out too keeps it offline with the poller's own
 * backoff, one refused outright pauses it and probes again. A network that drops packets silently
 * thus never enables decisions that would end "Outcome unknown".
 */
import type { AppError, Result } from '../../../src-shared/domain';
import { silentLogger, type Logger, type Timers } from '../ports';

export const CONNECTIVITY_LIMITS = {
  /** First re-check after a connection failure, doubled per failed probe up to the cap. */
  probeBaseMs: 5_000,
  probeMaxMs: 30_000,
  /** Probes timed out in a row after which the poll itself is tried (auth/health may hang while the list answers). */
  probeTimeoutsBeforePoll: 2,
} as const;

/** What the status line says (WorkspaceStatus.poll.lastError.message while state is 'offline'). */
export const OFFLINE_OS_MESSAGE = 'Offline – no network connection. Showing the last queue received; decisions are disabled until the network is back.';
export const OFFLINE_UNREACHABLE_MESSAGE = "Offline – can't reach the Fruxon server. Showing the last queue received; decisions are disabled until it answers again.";
export const OFFLINE_LIST_TRIAL_MESSAGE = "Offline – the Fruxon server's connection check does not answer; trying the queue itself. Showing the last queue received; decisions are disabled until the server answers.";

/** True for errors that mean "no connection" (not a slow or unhappy server). */
export function isConnectionFailure(error: AppError): boolean {
  return error.code === 'offline';
}

export interface ConnectivityTarget {
  /** A cheap request to the server; any HTTP answer means the network is back. */
  probe(): Promise<Result<unknown>>;
  /** Stop polling (abort a poll in flight, schedule nothing). */
  pause(): void;
  /** Poll again after random(0, 3 s), the backoff reset. */
  resume(): void;
}

export interface OfflineState {
  cause: 'os' | 'unreachable';
  since: number;
  /** When the next probe runs (unreachable only), epoch ms. */
  nextCheckAt: number | null;
  message: string;
  /** Probes timed out: the poll runs to find out, decisions stay refused until the server answers. */
  listTrial: boolean;
}

export interface ConnectivityDeps {
  timers: Timers;
  now: () => number;
  /** Something visible changed (a workspace went offline or came back). */
  onChange: () => void;
  log?: Logger;
}

export interface Connectivity {
  /** Watches a workspace. If the OS already says offline, it starts offline (paused). */
  add(id: string, target: ConnectivityTarget): void;
  remove(id: string): void;
  /** The OS's view of the network. Offline pauses every workspace; online checks them at once. */
  setOsOnline(online: boolean): void;
  /**
   * A poll settled: a connection failure takes the workspace offline, a success clears it. During
   * a list trial any HTTP answer clears it too; a timeout keeps it offline (the poller backs off).
   */
  pollSettled(id: string, result: Result<unknown>): void;
  /**
   * Checks now whether an offline workspace can reach its server (joining a probe in flight);
   * resolves true when it is online. Never probes while the OS says the network is down.
   */
  checkNow(id: string): Promise<boolean>;
  offline(id: string): OfflineState | null;
  dispose(): void;
}

interface Entry {
  target: ConnectivityTarget;
  offline: OfflineState | null;
  failedProbes: number;
  /** Probes in a row that timed out (reset by any other answer). */
  probeTimeouts: number;
  timer: unknown;
  probing: Promise<boolean> | null;
}

/** Creates the connectivity monitor. */
export function createConnectivity(deps: ConnectivityDeps): Connectivity {
  const log = deps.log ?? silentLogger;
  const entries = new Map<string, Entry>();
  let osOnline = true;

  function clearTimer(e: Entry): void {
    if (e.timer !== null) deps.timers.clearTimeout(e.timer);
    e.timer = null;
    if (e.offline) e.offline.nextCheckAt = null;
  }

  function goOffline(id: string, e: Entry, cause: OfflineState['cause']): void {
    const was = e.offline;
    e.offline = { cause, since: was?.since ?? deps.now(), nextCheckAt: null, message: cause === 'os' ? OFFLINE_OS_MESSAGE : OFFLINE_UNREACHABLE_MESSAGE, listTrial: false };
    // A list trial had polling running again: stop it.
    if (!was || was.listTrial) {
      log.warn('workspace offline', { workspace: id, cause });
      e.target.pause();
    }
    clearTimer(e);
    if (cause === 'unreachable') scheduleProbe(id, e);
    deps.onChange();
  }

  function goOnline(id: string, e: Entry): void {
    if (!e.offline) return;
    const polling = e.offline.listTrial;
    clearTimer(e);
    e.offline = null;
    e.failedProbes = 0;
    e.probeTimeouts = 0;
    log.info('workspace back online', { workspace: id });
    // A list trial's poller is running already; resuming would restart its timer.
    if (!polling) e.target.resume();
    deps.onChange();
  }

  /** Probes timed out: let the poll find out, still offline (decisions refused) until it answers. */
  function tryTheList(id: string, e: Entry): void {
    if (!e.offline) return;
    clearTimer(e);
    e.probeTimeouts = 0;
    e.offline = { ...e.offline, nextCheckAt: null, message: OFFLINE_LIST_TRIAL_MESSAGE, listTrial: true };
    log.warn('connection check timed out repeatedly; trying the list', { workspace: id });
    e.target.resume();
    // The checks go on too: whichever answers first ends the trial.
    e.failedProbes += 1;
    scheduleProbe(id, e);
    deps.onChange();
  }

  function scheduleProbe(id: string, e: Entry): void {
    const delay = Math.min(CONNECTIVITY_LIMITS.probeMaxMs, CONNECTIVITY_LIMITS.probeBaseMs * 2 ** Math.min(e.failedProbes, 10));
    if (e.offline) e.offline.nextCheckAt = deps.now() + delay;
    e.timer = deps.timers.setTimeout(() => {
      e.timer = null;
      void probe(id, e);
    }, delay);
  }

  function probe(id: string, e: Entry): Promise<boolean> {
    if (e.probing) return e.probing;
    const run = (async () => {
      let res: Result<unknown>;
      try {
        res = await e.target.probe();
      } catch {
        res = { ok: false, error: { code: 'offline', message: 'The connection check failed.' } };
      }
      e.probing = null;
      if (entries.get(id) !== e || !e.offline) return e.offline === null;
      if (!osOnline) return false;
      // Any HTTP answer (even 401 or 503) means the network is back; the poller handles the rest.
      if (res.ok || !(isConnectionFailure(res.error) || res.error.code === 'timeout')) {
        goOnline(id, e);
        return true;
      }
      if (e.offline.listTrial) {
        // The poll is trying meanwhile (and says when the network is gone): check again later.
        e.failedProbes += 1;
        clearTimer(e);
        scheduleProbe(id, e);
        return false;
      }
      e.probeTimeouts = res.error.code === 'timeout' ? e.probeTimeouts + 1 : 0;
      if (e.probeTimeouts >= CONNECTIVITY_LIMITS.probeTimeoutsBeforePoll) {
        tryTheList(id, e);
        return false;
      }
      e.failedProbes += 1;
      goOffline(id, e, 'unreachable');
      return false;
    })();
    e.probing = run;
    return run;
  }

  return {
    add(id, target) {
      const old = entries.get(id);
      if (old) clearTimer(old);
      const e: Entry = { target, offline: null, failedProbes: 0, probeTimeouts: 0, timer: null, probing: null };
      entries.set(id, e);
      if (!osOnline) goOffline(id, e, 'os');
    },
    remove(id) {
      const e = entries.get(id);
      if (e) clearTimer(e);
      entries.delete(id);
    },
    setOsOnline(online) {
      if (online === osOnline) return;
      osOnline = online;
      for (const [id, e] of entries) {
        if (!online) goOffline(id, e, 'os');
        else if (e.offline) void probe(id, e);
      }
    },
    pollSettled(id, result) {
      const e = entries.get(id);
      if (!e) return;
      if (result.ok) goOnline(id, e);
      else if (isConnectionFailure(result.error)) goOffline(id, e, osOnline ? 'unreachable' : 'os');
      // During a list trial an HTTP error is an answer too; a timeout, or a failure that never
      // reached the server (no HTTP status: TLS, an internal error), is not (still offline).
      else if (e.offline?.listTrial && result.error.status !== undefined) goOnline(id, e);
    },
    async checkNow(id) {
      const e = entries.get(id);
      if (!e) return false;
      if (!e.offline) return true;
      if (!osOnline) return false;
      clearTimer(e);
      return probe(id, e);
    },
    offline: (id) => {
      const o = entries.get(id)?.offline;
      return o ? { ...o } : null;
    },
    dispose() {
      for (const e of entries.values()) clearTimer(e);
      entries.clear();
    },
  };
}
