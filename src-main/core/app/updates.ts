/**
 * The self-update policy, Electron-free: when to check (at start, then every few hours), what the
 * operator is told at each step, and when "Restart to update" may really restart: never while a
 * decision awaits confirmation, neither one the core has sent and not yet heard back about nor one
 * the page holds in its undo window. The Electron calls (electron-updater) live in
 * src-main/adapters/updater.ts and report back through `UpdateEvents`. Off in the browser host and
 * in development builds, saying so.
 */
import type { UpdateView } from '../../../src-shared/contract';
import { fail, ok, type Result } from '../../../src-shared/domain';
import { silentLogger, type Logger, type Timers } from '../ports';

/** Checked at start and then this often. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60_000;

/** A page's report of decisions in their undo window is trusted this long (a crashed page cannot block forever). */
export const AWAITING_REPORT_TTL_MS = 2 * 60_000;

/** What the adapter does on the policy's behalf. */
export interface UpdaterPort {
  /** Checks the feed; a newer version is downloaded in the background. Outcomes arrive as events. */
  check(): void;
  /** Quits and installs the downloaded update. */
  quitAndInstall(): void;
}

/** What the adapter reports (electron-updater's events, translated). */
export interface UpdateEvents {
  checking(): void;
  available(version: string): void;
  notAvailable(): void;
  progress(percent: number): void;
  downloaded(version: string): void;
  failed(error: unknown): void;
}

export interface UpdatesDeps {
  /** The adapter, or null when updates are off; `offReason` then says why. */
  port: UpdaterPort | null;
  offReason: string;
  currentVersion: string;
  /** Decisions sent and not yet answered (core). */
  inFlightDecisions: () => number;
  timers: Timers;
  now: () => number;
  intervalMs?: number;
  onChange: (view: UpdateView) => void;
  log?: Logger;
}

export interface Updates {
  events: UpdateEvents;
  start(): void;
  stop(): void;
  view(): UpdateView;
  /** The page says how many decisions it holds in the undo window or is sending. */
  reportAwaiting(count: number): void;
  /** Why a restart must wait now, or null when nothing is awaiting confirmation. */
  blockedBy(): string | null;
  /** "Restart to update": refused with the reason while a decision awaits confirmation. */
  restart(): Result<null>;
}

/** The operator's sentence for an updater error: what happened, and that nothing changed. */
export function updateErrorMessage(error: unknown, currentVersion: string): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const text = typeof e?.message === 'string' ? e.message : String(error);
  const keep = `Version ${currentVersion} keeps running; the console will try again later.`;
  if (/checksum mismatch|sha512|sha2 mismatch/i.test(text) || code === 'ERR_CHECKSUM_MISMATCH') {
    return `The downloaded update did not match its published checksum, so it was discarded. ${keep}`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|net::ERR_|socket hang up/i.test(`${code} ${text}`)) {
    return `The update server could not be reached. ${keep}`;
  }
  if (['ERR_UPDATER_INVALID_UPDATE_INFO', 'ERR_UPDATER_NO_FILES_PROVIDED', 'ERR_UPDATER_INVALID_VERSION'].includes(code) || /YAMLException|Cannot parse update info|invalid.*version|No files provided/i.test(text)) {
    return `The update server sent update information the console cannot read. ${keep}`;
  }
  if (/HttpError: 4\d\d|status 4\d\d|404/i.test(text) || code === 'HTTP_ERROR_404') {
    return `The update server has no update information for this app. ${keep}`;
  }
  return `Checking for updates failed. ${keep}`;
}

/** Creates the policy; nothing is checked until `start()`. */
export function createUpdates(deps: UpdatesDeps): Updates {
  const log = deps.log ?? silentLogger;
  const intervalMs = deps.intervalMs ?? UPDATE_CHECK_INTERVAL_MS;
  const current = deps.currentVersion;
  let view: UpdateView = deps.port ? { state: 'idle', currentVersion: current, lastCheckedAt: null } : { state: 'off', reason: deps.offReason };
  let timer: unknown = null;
  let lastCheckedAt: number | null = null;
  let awaiting: { count: number; at: number } = { count: 0, at: 0 };
  let ready: string | null = null;

  function set(next: UpdateView): void {
    view = next;
    deps.onChange(view);
  }

  function check(): void {
    if (!deps.port) return;
    lastCheckedAt = deps.now();
    try {
      deps.port.check();
    } catch (err) {
      events.failed(err);
    }
  }

  function schedule(): void {
    if (!deps.port) return;
    timer = deps.timers.setTimeout(() => {
      timer = null;
      check();
      schedule();
    }, intervalMs);
  }

  const events: UpdateEvents = {
    checking() {
      // A download that is ready stays offered while the feed is checked again.
      if (ready === null) set({ state: 'checking', currentVersion: current });
    },
    available(version) {
      if (ready === null) set({ state: 'downloading', currentVersion: current, version, percent: 0 });
    },
    notAvailable() {
      if (ready === null) set({ state: 'idle', currentVersion: current, lastCheckedAt });
    },
    progress(percent) {
      if (view.state !== 'downloading') return;
      const p = Math.max(0, Math.min(100, Math.round(Number.isFinite(percent) ? percent : 0)));
      if (p !== view.percent) set({ ...view, percent: p });
    },
    downloaded(version) {
      ready = version;
      set({ state: 'ready', currentVersion: current, version });
    },
    failed(error) {
      log.warn('update check failed', { err: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      // An update already downloaded and verified is still offered.
      if (ready !== null) return;
      set({ state: 'error', currentVersion: current, message: updateErrorMessage(error, current), lastCheckedAt });
    },
  };

  function blockedBy(): string | null {
    const inFlight = deps.inFlightDecisions();
    const fresh = deps.now() - awaiting.at <= AWAITING_REPORT_TTL_MS;
    const held = fresh ? awaiting.count : 0;
    if (inFlight + held === 0) return null;
    const n = inFlight + held;
    return `${n === 1 ? 'A decision is' : `${n} decisions are`} still waiting for confirmation. Restart when ${n === 1 ? 'it is' : 'they are'} done.`;
  }

  return {
    events,
    start() {
      if (!deps.port || timer !== null) return;
      check();
      schedule();
    },
    stop() {
      if (timer !== null) deps.timers.clearTimeout(timer);
      timer = null;
    },
    view: () => view,
    reportAwaiting(count) {
      awaiting = { count, at: deps.now() };
    },
    blockedBy,
    restart() {
      if (!deps.port) return fail('bad-input', deps.offReason);
      if (ready === null) return fail('bad-input', 'No update has been downloaded yet.');
      const reason = blockedBy();
      if (reason !== null) return fail('in-progress', reason);
      log.info('restarting to install an update', { version: ready });
      deps.port.quitAndInstall();
      return ok(null);
    },
  };
}
