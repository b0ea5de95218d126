import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppError, Result } from '../../../src-shared/domain';
import { createPoller, nextDelayFor, type PollerState, type PollerTimers } from './poller';

/** Manual clock and timers: time moves only when the test says so. */
function fakeTime(start = 1_000_000) {
  let now = start;
  let seq = 0;
  const tasks = new Map<number, { at: number; fn: () => void }>();
  const timers: PollerTimers = {
    setTimeout: (fn, ms) => {
      seq += 1;
      tasks.set(seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h) => {
      tasks.delete(h as number);
    },
  };
  return {
    timers,
    now: () => now,
    pending: () => tasks.size,
    /** Advances time, firing due timers in order, and lets promise callbacks run. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...tasks.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        tasks.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await flush();
      }
      now = end;
      await flush();
    },
  };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

type Deferred = { resolve: (r: Result<unknown>) => void; signal: AbortSignal };

/** A tick whose answers the test hands out one by one. */
function controlledTick() {
  const calls: Deferred[] = [];
  const tick = (signal: AbortSignal) =>
    new Promise<Result<unknown>>((resolve) => {
      calls.push({ resolve, signal });
    });
  return { tick, calls };
}

const OK: Result<unknown> = { ok: true, value: null };
const err = (e: AppError): Result<unknown> => ({ ok: false, error: e });
const server500 = err({ code: 'server', status: 500, message: 'x' });

function setup(random = () => 0.5, interval = 15_000) {
  const time = fakeTime();
  const { tick, calls } = controlledTick();
  const states: PollerState[] = [];
  const poller = createPoller({ tick, intervalMs: () => interval, timers: time.timers, random, now: time.now, onState: (s) => states.push(s) });
  return { time, calls, poller, states };
}

describe('nextDelayFor', () => {
  const fail = (e: Partial<AppError>, n = 1) => ({ ok: false as const, error: { code: 'server', message: 'x', ...e } as AppError, consecutiveFailures: n });

  it('success: the interval with ±10 % jitter', () => {
    expect(nextDelayFor({ ok: true }, 15_000, () => 0)).toBe(13_500);
    expect(nextDelayFor({ ok: true }, 15_000, () => 0.5)).toBe(15_000);
    expect(nextDelayFor({ ok: true }, 15_000, () => 1)).toBe(16_500);
  });

  it('F28: full-jitter backoff random(0, min(300 s, 20 s·2^n)) with a 1 s floor', () => {
    expect(nextDelayFor(fail({}, 1), 15_000, () => 1)).toBe(20_000);
    expect(nextDelayFor(fail({}, 2), 15_000, () => 1)).toBe(40_000);
    expect(nextDelayFor(fail({}, 5), 15_000, () => 1)).toBe(300_000);
    expect(nextDelayFor(fail({}, 50), 15_000, () => 1)).toBe(300_000);
    expect(nextDelayFor(fail({}, 3), 15_000, () => 0.5)).toBe(40_000);
    expect(nextDelayFor(fail({}, 3), 15_000, () => 0)).toBe(1_000);
  });

  it('F24: Retry-After is a floor clamped to [5 s, 15 min], never jittered below', () => {
    const rl = (ms: number, n = 1) => fail({ code: 'rate-limited', status: 429, retryAfterMs: ms }, n);
    expect(nextDelayFor(rl(30_000), 15_000, () => 0)).toBe(30_000);
    expect(nextDelayFor(rl(30_000), 15_000, () => 1)).toBe(30_000);
    expect(nextDelayFor(rl(1_000), 15_000, () => 0)).toBe(5_000);
    expect(nextDelayFor(rl(3_600_000), 15_000, () => 0)).toBe(900_000);
  });

  it('a 503\'s Retry-After is a floor too (a server down for maintenance says how long)', () => {
    expect(nextDelayFor(fail({ code: 'server', status: 503, retryAfterMs: 60_000 }), 15_000, () => 0)).toBe(60_000);
    expect(nextDelayFor(fail({ code: 'server', status: 503 }), 15_000, () => 0)).toBe(1_000);
  });

  it('F25: a Retry-After date already in the past (clock skew) still waits 5 s', () => {
    expect(nextDelayFor(fail({ code: 'rate-limited', status: 429, retryAfterMs: 0 }), 15_000, () => 0)).toBe(5_000);
  });

  it('F26: 429 without Retry-After waits max(60 s, backoff)', () => {
    expect(nextDelayFor(fail({ code: 'rate-limited', status: 429 }, 1), 15_000, () => 0)).toBe(60_000);
    expect(nextDelayFor(fail({ code: 'rate-limited', status: 429 }, 4), 15_000, () => 1)).toBe(160_000);
  });

  it('F28: every failure delay stays within [1 s, 300 s], rate limits within [5 s, 15 min]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.option(fc.integer({ min: -1e9, max: 1e9 })), (n, r, ra) => {
        const plain = nextDelayFor(fail({}, n), 15_000, () => r);
        expect(plain).toBeGreaterThanOrEqual(1_000);
        expect(plain).toBeLessThanOrEqual(300_000);
        const limited = nextDelayFor(fail({ code: 'rate-limited', ...(ra === null ? {} : { retryAfterMs: ra }) }, n), 15_000, () => r);
        expect(limited).toBeGreaterThanOrEqual(ra === null ? 60_000 : Math.min(900_000, Math.max(5_000, ra)));
        expect(limited).toBeLessThanOrEqual(900_000);
      }),
    );
  });
});

describe('createPoller', () => {
  it('polls at once on start, then every interval after a success', async () => {
    const { time, calls, poller } = setup();
    poller.start();
    expect(calls).toHaveLength(1);
    calls[0]?.resolve(OK);
    await flush();
    expect(poller.state()).toMatchObject({ inFlight: false, lastSuccessAt: time.now(), nextPollAt: time.now() + 15_000, consecutiveFailures: 0 });
    await time.advance(14_999);
    expect(calls).toHaveLength(1);
    await time.advance(1);
    expect(calls).toHaveLength(2);
  });

  it('F29: pollNow while a poll is in flight joins it; polls never overlap', async () => {
    const { calls, poller } = setup();
    poller.start();
    const joined = poller.pollNow();
    const joined2 = poller.pollNow();
    expect(calls).toHaveLength(1);
    let settled = false;
    void joined.then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    calls[0]?.resolve(OK);
    await joined;
    await joined2;
    expect(calls).toHaveLength(1);
  });

  it('F29: pollNow between polls polls at once and replaces the timer', async () => {
    const { time, calls, poller } = setup();
    poller.start();
    calls[0]?.resolve(OK);
    await flush();
    await time.advance(5_000);
    const p = poller.pollNow();
    expect(calls).toHaveLength(2);
    expect(time.pending()).toBe(0);
    calls[1]?.resolve(OK);
    await p;
    expect(time.pending()).toBe(1);
    expect(poller.state().nextPollAt).toBe(time.now() + 15_000);
  });

  it('F28: failures back off exponentially and one success returns to normal', async () => {
    const { time, calls, poller } = setup(() => 1);
    poller.start();
    calls[0]?.resolve(server500);
    await flush();
    expect(poller.state()).toMatchObject({ consecutiveFailures: 1, nextPollAt: time.now() + 20_000, lastError: { code: 'server' } });
    await time.advance(20_000);
    calls[1]?.resolve(server500);
    await flush();
    expect(poller.state()).toMatchObject({ consecutiveFailures: 2, nextPollAt: time.now() + 40_000 });
    await time.advance(40_000);
    calls[2]?.resolve(OK);
    await flush();
    expect(poller.state()).toMatchObject({ consecutiveFailures: 0, lastError: null, nextPollAt: time.now() + 16_500 });
  });

  it('F24: 429 with Retry-After: 30 delays the next poll by 30 s, not less', async () => {
    const { time, calls, poller } = setup(() => 0);
    poller.start();
    calls[0]?.resolve(err({ code: 'rate-limited', status: 429, retryAfterMs: 30_000, message: 'x' }));
    await flush();
    expect(poller.state().nextPollAt).toBe(time.now() + 30_000);
    await time.advance(29_999);
    expect(calls).toHaveLength(1);
    await time.advance(1);
    expect(calls).toHaveLength(2);
  });

  it('F24: a refresh asked for while the server asked to wait (Refresh, a history tab) sends nothing; the poll runs when the wait is over', async () => {
    const { time, calls, poller } = setup(() => 0);
    poller.start();
    calls[0]?.resolve(err({ code: 'rate-limited', status: 429, retryAfterMs: 30_000, message: 'x' }));
    await flush();
    await time.advance(3_000);
    void poller.pollNow();
    await flush();
    expect(calls).toHaveLength(1);
    expect(poller.state().nextPollAt).toBe(time.now() + 27_000);
    await time.advance(27_000);
    expect(calls).toHaveLength(2);
    // Any other failure: a refresh polls at once (that is what "Retry now" is for).
    calls[1]?.resolve(server500);
    await flush();
    void poller.pollNow();
    expect(calls).toHaveLength(3);
  });

  it('a 503 with a Retry-After (a server in maintenance) holds a refresh asked for the same way; a 503 without one does not', async () => {
    const { time, calls, poller } = setup(() => 0);
    poller.start();
    calls[0]?.resolve(err({ code: 'server', status: 503, retryAfterMs: 60_000, message: 'x' }));
    await flush();
    await time.advance(10_000);
    void poller.pollNow();
    await flush();
    expect(calls).toHaveLength(1);
    expect(poller.state().nextPollAt).toBe(time.now() + 50_000);
    await time.advance(50_000);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(err({ code: 'server', status: 503, message: 'x' }));
    await flush();
    void poller.pollNow();
    expect(calls).toHaveLength(3);
  });

  it('the wait held is the server\'s (Retry-After clamped), not the backoff added to it: a refresh after it polls, and the state says until when', async () => {
    const { time, calls, poller } = setup(() => 0.9);
    poller.start();
    for (let n = 0; n < 5; n += 1) {
      calls[n]?.resolve(err({ code: 'server', status: 503, retryAfterMs: 1000, message: 'x' }));
      await flush();
      if (n < 4) {
        await time.advance(poller.state().nextPollAt! - time.now());
      }
    }
    const failedAt = time.now();
    expect(poller.state().nextPollAt! - failedAt).toBeGreaterThan(60_000);
    expect(poller.state().waitUntil).toBe(failedAt + 5_000);
    await time.advance(4_999);
    void poller.pollNow();
    await flush();
    expect(calls).toHaveLength(5);
    await time.advance(1);
    expect(poller.state().waitUntil).toBeNull();
    void poller.pollNow();
    expect(calls).toHaveLength(6);
  });

  it('F24: a Retry-After still running outlasts a pause and resume (a network blip, sleep): no poll before its end', async () => {
    const { time, calls, poller } = setup(() => 0);
    poller.start();
    calls[0]?.resolve(err({ code: 'rate-limited', status: 429, retryAfterMs: 30_000, message: 'x' }));
    await flush();
    await time.advance(5_000);
    poller.pause();
    poller.resume({ jitterMs: 0 });
    expect(poller.state().nextPollAt).toBe(time.now() + 25_000);
    await time.advance(24_999);
    expect(calls).toHaveLength(1);
    await time.advance(1);
    expect(calls).toHaveLength(2);
    // Past its end, a pause and resume polls as usual.
    calls[1]?.resolve(OK);
    await flush();
    poller.pause();
    poller.resume({ jitterMs: 0 });
    expect(poller.state().nextPollAt).toBe(time.now());
  });

  it('says when the poll under way started, and nothing once it settled', async () => {
    const { time, calls, poller } = setup();
    await time.advance(1234);
    poller.start();
    expect(poller.state()).toMatchObject({ inFlight: true, inFlightSince: time.now() });
    calls[0]?.resolve(OK);
    await flush();
    expect(poller.state()).toMatchObject({ inFlight: false, inFlightSince: null });
  });

  it('F26: 429 without a header waits at least a minute', async () => {
    const { time, calls, poller } = setup(() => 0.5);
    poller.start();
    calls[0]?.resolve(err({ code: 'rate-limited', status: 429, message: 'x' }));
    await flush();
    expect(poller.state().nextPollAt).toBe(time.now() + 60_000);
  });

  it('F20: a 401 stops polling until reauthenticated, which polls at once', async () => {
    const { time, calls, poller } = setup();
    poller.start();
    calls[0]?.resolve(err({ code: 'unauthorized', status: 401, message: 'x' }));
    await flush();
    expect(poller.state()).toMatchObject({ stoppedBy401: true, nextPollAt: null, lastError: { code: 'unauthorized' } });
    expect(time.pending()).toBe(0);
    await time.advance(3_600_000);
    await poller.pollNow();
    expect(calls).toHaveLength(1);
    poller.reauthenticated();
    expect(calls).toHaveLength(2);
    expect(poller.state()).toMatchObject({ stoppedBy401: false, lastError: null });
    calls[1]?.resolve(OK);
    await flush();
    expect(poller.state().nextPollAt).toBe(time.now() + 15_000);
  });

  it('pause aborts the poll in flight, schedules nothing and ignores its late answer', async () => {
    const { time, calls, poller } = setup();
    poller.start();
    poller.pause();
    expect(calls[0]?.signal.aborted).toBe(true);
    calls[0]?.resolve(server500);
    await flush();
    expect(poller.state()).toMatchObject({ paused: true, inFlight: false, consecutiveFailures: 0, nextPollAt: null });
    await time.advance(3_600_000);
    expect(calls).toHaveLength(1);
  });

  it('F35: resume polls after random(0, jitter) with the backoff reset', async () => {
    const { time, calls, poller } = setup(() => 0.5);
    poller.start();
    calls[0]?.resolve(server500);
    await flush();
    expect(poller.state().consecutiveFailures).toBe(1);
    poller.pause();
    poller.resume();
    expect(poller.state()).toMatchObject({ paused: false, consecutiveFailures: 0, nextPollAt: time.now() + 1_500 });
    await time.advance(1_500);
    expect(calls).toHaveLength(2);
    poller.pause();
    calls[1]?.resolve(OK);
    await flush();
    poller.resume({ jitterMs: 0 });
    await time.advance(0);
    expect(calls).toHaveLength(3);
  });

  it('F29: a resumed poll waits for an aborted tick that has not settled yet', async () => {
    const { time, calls, poller } = setup(() => 0);
    poller.start();
    poller.pause();
    poller.resume({ jitterMs: 0 });
    await time.advance(0);
    expect(calls).toHaveLength(1); // the aborted tick still holds the slot
    calls[0]?.resolve(OK);
    await flush();
    expect(calls).toHaveLength(2);
  });

  it('F29: stop and start while the aborted poll is still settling: the new poll runs once it has settled, and only one', async () => {
    const { time, calls, poller } = setup();
    poller.start();
    poller.stop();
    poller.start();
    expect(calls).toHaveLength(1); // the aborted tick still holds the slot
    calls[0]?.resolve(server500);
    await flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.signal.aborted).toBe(false);
    calls[1]?.resolve(OK);
    await flush();
    // Its late answer did not count: no failure, the interval as after any success.
    expect(poller.state()).toMatchObject({ consecutiveFailures: 0, lastError: null, nextPollAt: time.now() + 15_000 });
    expect(calls).toHaveLength(2);
  });

  it('stop aborts and stops; start begins again', async () => {
    const { time, calls, poller } = setup();
    poller.start();
    calls[0]?.resolve(OK);
    await flush();
    poller.stop();
    expect(time.pending()).toBe(0);
    await time.advance(3_600_000);
    expect(calls).toHaveLength(1);
    poller.start();
    expect(calls).toHaveLength(2);
  });

  it('a tick that throws counts as a failure and polling continues', async () => {
    const time = fakeTime();
    let n = 0;
    const poller = createPoller({
      tick: async () => {
        n += 1;
        throw new Error('boom');
      },
      intervalMs: () => 15_000,
      timers: time.timers,
      random: () => 1,
      now: time.now,
    });
    poller.start();
    await flush();
    expect(poller.state()).toMatchObject({ consecutiveFailures: 1, lastError: { code: 'internal', message: 'Refreshing failed unexpectedly.' } });
    await time.advance(20_000);
    expect(n).toBe(2);
  });

  it('reports state changes, including inFlight', async () => {
    const { calls, poller, states } = setup();
    poller.start();
    expect(states.at(-1)).toMatchObject({ running: true, inFlight: true });
    calls[0]?.resolve(OK);
    await flush();
    expect(states.at(-1)).toMatchObject({ running: true, inFlight: false });
  });

  it('a new poller is idle: not stopped by a 401, nothing scheduled, and pause/resume before start schedule nothing', async () => {
    const { time, calls, poller } = setup();
    expect(poller.state()).toEqual({ running: false, paused: false, stoppedBy401: false, inFlight: false, inFlightSince: null, consecutiveFailures: 0, nextPollAt: null, waitUntil: null, lastError: null, lastSuccessAt: null });
    poller.pause();
    poller.resume({ jitterMs: 0 });
    expect(poller.state().nextPollAt).toBeNull();
    expect(time.pending()).toBe(0);
    await time.advance(3_600_000);
    expect(calls).toHaveLength(0);
  });

  it('F20: after a 401, start again and a pause/resume neither poll nor schedule; only reauthenticated does', async () => {
    const { time, calls, poller } = setup();
    poller.start();
    calls[0]?.resolve(err({ code: 'unauthorized', status: 401, message: 'x' }));
    await flush();
    poller.start();
    poller.pause();
    poller.resume({ jitterMs: 0 });
    expect(poller.state()).toMatchObject({ stoppedBy401: true, nextPollAt: null });
    expect(time.pending()).toBe(0);
    await time.advance(3_600_000);
    expect(calls).toHaveLength(1);
  });

  it('F28: resume without a pause changes nothing: the backoff and its timer stay', async () => {
    const { time, calls, poller } = setup(() => 1);
    poller.start();
    calls[0]?.resolve(server500);
    await flush();
    const before = poller.state();
    expect(before).toMatchObject({ consecutiveFailures: 1, nextPollAt: time.now() + 20_000 });
    poller.resume({ jitterMs: 0 });
    expect(poller.state()).toEqual(before);
    await time.advance(19_999);
    expect(calls).toHaveLength(1);
  });
});

describe('createPoller with the real timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('schedules with setTimeout by default and stop clears it', async () => {
    vi.useFakeTimers();
    let n = 0;
    const poller = createPoller({ tick: async () => ((n += 1), OK), intervalMs: () => 10_000, random: () => 0.5 });
    poller.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(n).toBe(2);
    poller.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(n).toBe(2);
  });
});
