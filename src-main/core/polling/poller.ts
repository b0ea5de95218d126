/**
 * The polling scheduler for one workspace. It decides only *when* to call `tick`; what a tick
 * does (list, diff, notify) belongs to the caller. Ticks never overlap (F29), failures back off
 * with full jitter (F28), the server's Retry-After is honoured (F24-F26), a 401 stops polling
 * until re-authentication (F20), and pause/resume follow the machine's sleep and network (F35).
 */
import type { AppError, Result } from '../../../src-shared/domain';
import { clamp, RETRY_AFTER_MAX_MS } from '../api/errors';

export const POLL_LIMITS = {
  /** Success interval jitter: ±10 %. */
  jitter: 0.1,
  /** Full-jitter backoff base and cap (F28). */
  backoffBaseMs: 20_000,
  backoffCapMs: 300_000,
  /** Never hammer: even the luckiest backoff waits this long. */
  minFailureDelayMs: 1_000,
  /** Retry-After is clamped into this range (F24). */
  retryAfterMinMs: 5_000,
  retryAfterMaxMs: RETRY_AFTER_MAX_MS,
  /** 429 without Retry-After waits at least this long (F26). */
  rateLimitedNoHeaderMs: 60_000,
  /** Default spread of the first poll after resume (F35). */
  resumeJitterMs: 3_000,
} as const;

/** What the last tick told the scheduler. */
export type PollOutcome = { ok: true } | { ok: false; error: AppError; consecutiveFailures: number };

/**
 * The delay before the next poll (pure). Success: the interval ±10 %. Failure n (1-based):
 * full jitter random(0, min(300 s, 20 s·2^(n-1))), at least 1 s. With a Retry-After (a 429, or a
 * 5xx such as a 503 in maintenance): the header clamped to [5 s, 15 min] is a floor that jitter
 * never goes below; rate limited without a header: max(60 s, backoff).
 */
export function nextDelayFor(outcome: PollOutcome, intervalMs: number, random: () => number): number {
  const r = clamp(random(), 0, 1);
  if (outcome.ok) {
    const interval = Math.max(1_000, intervalMs);
    return Math.round(interval * (1 - POLL_LIMITS.jitter + 2 * POLL_LIMITS.jitter * r));
  }
  const n = Math.max(1, outcome.consecutiveFailures);
  const cap = Math.min(POLL_LIMITS.backoffCapMs, POLL_LIMITS.backoffBaseMs * 2 ** Math.min(n - 1, 20));
  const backoff = Math.max(POLL_LIMITS.minFailureDelayMs, Math.round(r * cap));
  // A Retry-After (a 429's, or a 5xx's: a 503 in maintenance) is a floor, clamped.
  const header = outcome.error.retryAfterMs;
  if (typeof header === 'number' && Number.isFinite(header)) {
    return Math.max(clamp(header, POLL_LIMITS.retryAfterMinMs, POLL_LIMITS.retryAfterMaxMs), backoff);
  }
  if (outcome.error.code === 'rate-limited') return Math.max(POLL_LIMITS.rateLimitedNoHeaderMs, backoff);
  return backoff;
}

export interface PollerTimers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface PollerDeps {
  /** One poll. Receives a signal that aborts when the poller is paused or stopped mid-flight. */
  tick: (signal: AbortSignal) => Promise<Result<unknown>>;
  /** The current poll interval (read before every scheduling, so settings apply at once). */
  intervalMs: () => number;
  timers?: PollerTimers;
  random?: () => number;
  now?: () => number;
  onState?: (s: PollerState) => void;
  /** After each poll that was not aborted has been settled (connectivity watches these, F35). */
  onSettled?: (result: Result<unknown>) => void;
}

export interface PollerState {
  running: boolean;
  paused: boolean;
  stoppedBy401: boolean;
  inFlight: boolean;
  /** When the poll in flight started; null when none is. */
  inFlightSince: number | null;
  consecutiveFailures: number;
  nextPollAt: number | null;
  /** Until when the server asked for no poll (a 429, or a Retry-After on a 5xx): a refresh sends nothing before. */
  waitUntil: number | null;
  lastError: AppError | null;
  lastSuccessAt: number | null;
}

export interface Poller {
  /** Starts polling with an immediate first poll. */
  start(): void;
  /** Stops for good (until start): clears the timer and aborts a poll in flight. */
  stop(): void;
  /** Suspend/offline: aborts a poll in flight and schedules nothing until resume. */
  pause(): void;
  /** Leaves pause: polls after random(0, jitterMs) (default 3 s) with the backoff reset. */
  resume(opts?: { jitterMs?: number }): void;
  /**
   * Polls now, or joins the poll already in flight. Resolves when that poll has settled. While the
   * server's Retry-After runs (a 429) it does nothing: the poll scheduled for its end stays.
   */
  pollNow(): Promise<void>;
  /** After a new credential: clears the 401 stop and polls at once. */
  reauthenticated(): void;
  state(): PollerState;
}

const defaultTimers: PollerTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Creates a single-flight poller around `deps.tick`. */
export function createPoller(deps: PollerDeps): Poller {
  const timers = deps.timers ?? defaultTimers;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  let running = false;
  let paused = false;
  let stoppedBy401 = false;
  let consecutiveFailures = 0;
  let nextPollAt: number | null = null;
  let lastError: AppError | null = null;
  let lastSuccessAt: number | null = null;
  /**
   * The end of the wait the server asked for (a 429, F24/F26, or a 5xx with a Retry-After, such as
   * a 503 in maintenance): no poll before it, not even after a pause or a refresh asked for.
   */
  let waitUntil: number | null = null;
  let inFlightSince: number | null = null;
  let timer: unknown = null;
  let current: { promise: Promise<void>; controller: AbortController } | null = null;

  const active = (): boolean => running && !paused && !stoppedBy401;

  function state(): PollerState {
    return { running, paused, stoppedBy401, inFlight: current !== null, inFlightSince, consecutiveFailures, nextPollAt, waitUntil: waitUntil !== null && waitUntil > now() ? waitUntil : null, lastError, lastSuccessAt };
  }
  const emit = (): void => deps.onState?.(state());

  function clearTimer(): void {
    timers.clearTimeout(timer);
    timer = null;
    nextPollAt = null;
  }

  function schedule(delayMs: number): void {
    clearTimer();
    if (!active()) return;
    const delay = Math.max(0, Math.round(delayMs));
    nextPollAt = now() + delay;
    timer = timers.setTimeout(() => {
      timer = null;
      nextPollAt = null;
      void run();
    }, delay);
  }

  function settle(result: Result<unknown>): void {
    waitUntil = null;
    if (result.ok) {
      consecutiveFailures = 0;
      lastError = null;
      lastSuccessAt = now();
      schedule(nextDelayFor({ ok: true }, deps.intervalMs(), random));
      return;
    }
    lastError = result.error;
    if (result.error.code === 'unauthorized') {
      // F20: no retry loop on a dead credential; wait for reauthenticated().
      stoppedBy401 = true;
      clearTimer();
      return;
    }
    consecutiveFailures += 1;
    schedule(nextDelayFor({ ok: false, error: result.error, consecutiveFailures }, deps.intervalMs(), random));
    // The server's own wait, not the backoff the next poll may add to it: a Retry-After of 1 s on
    // the fifth 503 holds a refresh for 5 s (the clamp's floor), not for the minutes of backoff.
    const header = result.error.retryAfterMs;
    const asked = header !== undefined ? clamp(header, POLL_LIMITS.retryAfterMinMs, POLL_LIMITS.retryAfterMaxMs) : result.error.code === 'rate-limited' ? POLL_LIMITS.rateLimitedNoHeaderMs : null;
    if (asked !== null) waitUntil = now() + asked;
  }

  function run(): Promise<void> {
    if (current !== null) return current.promise;
    if (!active()) return Promise.resolve();
    clearTimer();
    const controller = new AbortController();
    inFlightSince = now();
    const promise = (async () => {
      let result: Result<unknown>;
      try {
        result = await deps.tick(controller.signal);
      } catch {
        result = { ok: false, error: { code: 'internal', message: 'Refreshing failed unexpectedly.' } };
      }
      current = null;
      inFlightSince = null;
      // An aborted tick's answer is stale: whoever aborted it decides what happens next.
      if (!controller.signal.aborted) {
        settle(result);
        deps.onSettled?.(result);
      }
      emit();
      // Nothing scheduled: after a settled tick, only when polling stopped or paused (run() then
      // does nothing); after an aborted one, only when a poll was asked for while it held the slot
      // (start after stop, the resume timer firing): that poll runs now (F29).
      if (timer === null) void run();
    })();
    current = { promise, controller };
    emit();
    return promise;
  }

  function abortInFlight(): void {
    current?.controller.abort();
  }

  return {
    start() {
      if (running) return;
      running = true;
      stoppedBy401 = false;
      void run();
      emit();
    },
    stop() {
      running = false;
      clearTimer();
      abortInFlight();
      emit();
    },
    pause() {
      paused = true;
      clearTimer();
      abortInFlight();
      emit();
    },
    resume(opts = {}) {
      if (!paused) return;
      paused = false;
      consecutiveFailures = 0;
      const jitter = Math.max(0, opts.jitterMs ?? POLL_LIMITS.resumeJitterMs);
      // A Retry-After still running outlasts a pause (a blip of the network, sleep): not before its end.
      const wait = waitUntil !== null ? Math.max(0, waitUntil - now()) : 0;
      schedule(Math.max(wait, clamp(random(), 0, 1) * jitter));
      emit();
    },
    pollNow() {
      // The server asked us to wait (429, F24, F26; a 5xx's Retry-After): a refresh asked for
      // meanwhile sends nothing; the poll already scheduled for when the wait is over stays.
      if (waitUntil !== null && waitUntil > now()) return Promise.resolve();
      return run();
    },
    reauthenticated() {
      stoppedBy401 = false;
      consecutiveFailures = 0;
      lastError = null;
      void run();
      emit();
    },
    state,
  };
}
