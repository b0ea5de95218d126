import { describe, expect, it } from 'vitest';
import type { AppError, Result } from '../../../src-shared/domain';
import { CONNECTIVITY_LIMITS, OFFLINE_LIST_TRIAL_MESSAGE, OFFLINE_OS_MESSAGE, OFFLINE_UNREACHABLE_MESSAGE, createConnectivity, type ConnectivityTarget } from './connectivity';
import { manualTimers } from '../../../test/support/timers';

const OFFLINE: AppError = { code: 'offline', message: "Can't reach the Fruxon server." };
const ok: Result<unknown> = { ok: true, value: null };
const failed = (error: AppError): Result<unknown> => ({ ok: false, error });

/** A workspace stand-in: counts pauses and resumes, answers probes from a script. */
function target(answers: Array<Result<unknown>> = []) {
  const t = {
    pauses: 0,
    resumes: 0,
    probes: 0,
    answers,
    target: {} as ConnectivityTarget,
  };
  t.target = {
    probe: async () => {
      t.probes += 1;
      return t.answers.shift() ?? ok;
    },
    pause: () => {
      t.pauses += 1;
    },
    resume: () => {
      t.resumes += 1;
    },
  };
  return t;
}

function setup() {
  const timers = manualTimers();
  let now = 1_000_000;
  let changes = 0;
  const c = createConnectivity({
    timers,
    now: () => now,
    onChange: () => {
      changes += 1;
    },
  });
  return { c, timers, advance: (ms: number) => (now += ms), changes: () => changes };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

const TIMEOUT = failed({ code: 'timeout', message: 'slow' });

/** A workspace whose poll was refused and whose two checks then timed out: the poll is trying (a list trial). */
async function inListTrial() {
  const { c, timers } = setup();
  const w = target([TIMEOUT, TIMEOUT]);
  c.add('ws', w.target);
  c.pollSettled('ws', failed(OFFLINE));
  for (let i = 0; i < 2; i += 1) {
    timers.runDue();
    await settle();
  }
  return { c, timers, w };
}

describe('connectivity (F35)', () => {
  it('F35: a connection failure pauses polling and re-checks with a growing delay until the server answers, then resumes', async () => {
    const { c, timers } = setup();
    const w = target([failed(OFFLINE), failed({ code: 'timeout', message: 'slow' })]);
    c.add('ws', w.target);
    c.pollSettled('ws', failed(OFFLINE));
    expect(w.pauses).toBe(1);
    expect(c.offline('ws')).toMatchObject({ cause: 'unreachable', message: OFFLINE_UNREACHABLE_MESSAGE, nextCheckAt: 1_000_000 + CONNECTIVITY_LIMITS.probeBaseMs });
    expect(timers.scheduled()).toEqual([CONNECTIVITY_LIMITS.probeBaseMs]);

    timers.runDue();
    await settle();
    expect(w.probes).toBe(1);
    expect(c.offline('ws')?.cause).toBe('unreachable');
    expect(timers.scheduled()).toEqual([CONNECTIVITY_LIMITS.probeBaseMs * 2]);

    timers.runDue(); // a timeout is no answer either
    await settle();
    expect(timers.scheduled()).toEqual([CONNECTIVITY_LIMITS.probeBaseMs * 4]);
    expect(w.resumes).toBe(0);

    timers.runDue();
    await settle();
    expect(w.probes).toBe(3);
    expect(c.offline('ws')).toBeNull();
    expect(w.resumes).toBe(1);
    expect(w.pauses).toBe(1);
    expect(timers.scheduled()).toEqual([]);
  });

  it('F35: two probes in a row that time out hand over to the poll (auth/health hanging while the list answers), still offline until the server answers; a refused connection in between starts the count again', async () => {
    const { c, timers } = setup();
    const TIMEOUT = failed({ code: 'timeout', message: 'slow' });
    const w = target([TIMEOUT, failed(OFFLINE), TIMEOUT, TIMEOUT]);
    c.add('ws', w.target);
    c.pollSettled('ws', failed(OFFLINE));
    for (let i = 0; i < 3; i += 1) {
      timers.runDue();
      await settle();
    }
    expect(w.probes).toBe(3);
    expect(c.offline('ws')).toMatchObject({ cause: 'unreachable', listTrial: false });
    expect(w.resumes).toBe(0);
    timers.runDue();
    await settle();
    expect(w.probes).toBe(4);
    // The poll runs, but decisions stay refused (the workspace is offline) until the server answers.
    expect(w.resumes).toBe(1);
    expect(c.offline('ws')).toMatchObject({ cause: 'unreachable', listTrial: true, message: OFFLINE_LIST_TRIAL_MESSAGE, nextCheckAt: expect.any(Number) });
    // The checks go on beside the poll.
    expect(timers.scheduled()).toHaveLength(1);
    // The poll decides: refused again, offline again (polling paused), and the count starts afresh.
    c.pollSettled('ws', failed(OFFLINE));
    expect(w.pauses).toBe(2);
    expect(c.offline('ws')).toMatchObject({ cause: 'unreachable', listTrial: false, message: OFFLINE_UNREACHABLE_MESSAGE });
    w.answers.push(TIMEOUT);
    timers.runDue();
    await settle();
    expect(c.offline('ws')).toMatchObject({ cause: 'unreachable', listTrial: false });
  });

  it('F35: during a list trial a poll that times out, or fails without reaching the server (TLS), keeps the workspace offline, and so does a check that times out; any HTTP answer (a 503 here) brings it back without restarting the running poller', async () => {
    const { c, w } = await inListTrial();
    expect(c.offline('ws')?.listTrial).toBe(true);
    c.pollSettled('ws', TIMEOUT);
    c.pollSettled('ws', failed({ code: 'tls', message: 'The certificate is not valid.' }));
    expect(c.offline('ws')?.listTrial).toBe(true);
    w.answers.push(TIMEOUT);
    expect(await c.checkNow('ws')).toBe(false);
    expect(w.probes).toBe(3);
    expect(c.offline('ws')?.listTrial).toBe(true);
    expect(w.pauses).toBe(1);
    c.pollSettled('ws', failed({ code: 'server', message: 'Service unavailable', status: 503 }));
    expect(c.offline('ws')).toBeNull();
    expect(w.resumes).toBe(1);
    expect(w.pauses).toBe(1);
  });

  it('F35: during a list trial a check that answers ends it (auth/health back, the list still slow), without restarting the running poller', async () => {
    const { c, timers, w } = await inListTrial();
    c.pollSettled('ws', TIMEOUT);
    expect(c.offline('ws')?.listTrial).toBe(true);
    timers.runDue();
    await settle();
    expect(w.probes).toBe(3);
    expect(c.offline('ws')).toBeNull();
    expect(w.resumes).toBe(1);
  });

  it('F35: the OS saying offline during a list trial pauses the poll it had started', async () => {
    const { c, w } = await inListTrial();
    expect(w.pauses).toBe(1);
    c.setOsOnline(false);
    expect(w.pauses).toBe(2);
    expect(c.offline('ws')).toMatchObject({ cause: 'os', listTrial: false });
  });

  it('F35: probes back off to at most 30 s', async () => {
    const { c, timers } = setup();
    const w = target(Array.from({ length: 10 }, () => failed(OFFLINE)));
    c.add('ws', w.target);
    c.pollSettled('ws', failed(OFFLINE));
    for (let i = 0; i < 8; i += 1) {
      timers.runDue();
      await settle();
    }
    expect(timers.scheduled()).toEqual([CONNECTIVITY_LIMITS.probeMaxMs]);
    expect(CONNECTIVITY_LIMITS.probeMaxMs).toBe(30_000);
  });

  it.each([
    ['a 5xx', { code: 'server', message: 'HTTP 503', status: 503 }],
    ['a timeout', { code: 'timeout', message: 'slow' }],
    ['a 429', { code: 'rate-limited', message: 'wait' }],
    ['an invalid response', { code: 'invalid-response', message: 'junk' }],
    ['a TLS failure', { code: 'tls', message: 'bad cert' }],
  ] as const)('F35: %s on a poll is not "offline": nothing is paused', (_what, error) => {
    const { c } = setup();
    const w = target();
    c.add('ws', w.target);
    c.pollSettled('ws', failed(error));
    expect(c.offline('ws')).toBeNull();
    expect(w.pauses).toBe(0);
  });

  it('F35: a probe answered with any HTTP status (401, 503) means the network is back: polling resumes and the poller handles the rest', async () => {
    const { c } = setup();
    const a = target([failed({ code: 'unauthorized', message: '401', status: 401 })]);
    const b = target([failed({ code: 'server', message: '503', status: 503 })]);
    c.add('a', a.target);
    c.add('b', b.target);
    c.pollSettled('a', failed(OFFLINE));
    c.pollSettled('b', failed(OFFLINE));
    expect(await c.checkNow('a')).toBe(true);
    expect(await c.checkNow('b')).toBe(true);
    expect([a.resumes, b.resumes]).toEqual([1, 1]);
  });

  it('F35: the OS saying offline pauses every workspace at once and sends no probe; back online, each checks at once and resumes', async () => {
    const { c, timers } = setup();
    const a = target();
    const b = target([failed(OFFLINE)]);
    c.add('a', a.target);
    c.add('b', b.target);
    c.setOsOnline(false);
    expect([a.pauses, b.pauses]).toEqual([1, 1]);
    expect(c.offline('a')).toMatchObject({ cause: 'os', message: OFFLINE_OS_MESSAGE, nextCheckAt: null });
    expect(timers.scheduled()).toEqual([]);
    expect(await c.checkNow('a')).toBe(false);
    expect(a.probes + b.probes).toBe(0);
    // A poll failing meanwhile (one was in flight) keeps the OS as the reason.
    c.pollSettled('a', failed(OFFLINE));
    expect(c.offline('a')?.cause).toBe('os');

    c.setOsOnline(true);
    await settle();
    expect([a.probes, b.probes]).toEqual([1, 1]);
    expect(c.offline('a')).toBeNull();
    expect(a.resumes).toBe(1);
    // b's server still does not answer: it stays offline, now because of the server, and re-checks.
    expect(c.offline('b')).toMatchObject({ cause: 'unreachable' });
    expect(b.resumes).toBe(0);
    expect(timers.scheduled()).toEqual([CONNECTIVITY_LIMITS.probeBaseMs * 2]);
  });

  it('F35: a workspace added while the OS is offline starts paused', () => {
    const { c } = setup();
    c.setOsOnline(false);
    const w = target();
    c.add('ws', w.target);
    expect(w.pauses).toBe(1);
    expect(c.offline('ws')?.cause).toBe('os');
  });

  it('checkNow on an online workspace sends nothing; concurrent checks share one probe', async () => {
    const { c } = setup();
    const w = target();
    c.add('ws', w.target);
    expect(await c.checkNow('ws')).toBe(true);
    expect(w.probes).toBe(0);
    c.pollSettled('ws', failed(OFFLINE));
    const [x, y] = await Promise.all([c.checkNow('ws'), c.checkNow('ws')]);
    expect([x, y]).toEqual([true, true]);
    expect(w.probes).toBe(1);
  });

  it('a successful poll clears offline; removing or disposing stops the probes', async () => {
    const { c, timers } = setup();
    const w = target();
    c.add('ws', w.target);
    c.pollSettled('ws', failed(OFFLINE));
    c.pollSettled('ws', ok);
    expect(c.offline('ws')).toBeNull();
    expect(timers.scheduled()).toEqual([]);
    c.pollSettled('ws', failed(OFFLINE));
    c.remove('ws');
    expect(timers.scheduled()).toEqual([]);
    c.add('ws', w.target);
    c.pollSettled('ws', failed(OFFLINE));
    c.dispose();
    expect(timers.scheduled()).toEqual([]);
  });

  it('the support log says when a workspace went offline, why, and when it came back', async () => {
    const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const log = {
      info: (msg: string, meta?: Record<string, unknown>) => void lines.push(['info', msg, meta]),
      warn: (msg: string, meta?: Record<string, unknown>) => void lines.push(['warn', msg, meta]),
      error: (msg: string, meta?: Record<string, unknown>) => void lines.push(['error', msg, meta]),
    };
    const c = createConnectivity({ timers: manualTimers(), now: () => 1, onChange: () => {}, log });
    c.add('ws', target().target);
    c.pollSettled('ws', failed(OFFLINE));
    expect(c.offline('ws')?.message).toBe("Offline – can't reach the Fruxon server. Showing the last queue received; decisions are disabled until it answers again.");
    expect(await c.checkNow('ws')).toBe(true);
    expect(lines).toEqual([
      ['warn', 'workspace offline', { workspace: 'ws', cause: 'unreachable' }],
      ['info', 'workspace back online', { workspace: 'ws' }],
    ]);
  });

  it('a successful poll of a workspace that is online changes nothing (no resume, which would restart its poll timer)', () => {
    const { c, changes } = setup();
    const w = target();
    c.add('ws', w.target);
    c.pollSettled('ws', ok);
    expect([w.resumes, w.pauses, changes()]).toEqual([0, 0, 0]);
  });

  it('a check whose probe fails (or throws) answers false and keeps the workspace offline, re-checking later', async () => {
    const { c, timers } = setup();
    const w = target([failed(OFFLINE)]);
    c.add('ws', w.target);
    c.pollSettled('ws', failed(OFFLINE));
    expect(await c.checkNow('ws')).toBe(false);
    expect(timers.scheduled()).toEqual([CONNECTIVITY_LIMITS.probeBaseMs * 2]);
    w.target.probe = () => Promise.reject(new Error('socket hang up'));
    expect(await c.checkNow('ws')).toBe(false);
    expect(c.offline('ws')).toMatchObject({ cause: 'unreachable' });
    expect(timers.scheduled()).toEqual([CONNECTIVITY_LIMITS.probeBaseMs * 4]);
    expect(w.resumes).toBe(0);
    expect(await c.checkNow('unknown')).toBe(false);
  });

  /** A target whose next probe answers only when the test says so. */
  function heldProbe() {
    const w = target();
    let answer: (r: Result<unknown>) => void = () => {};
    w.target.probe = () => {
      w.probes += 1;
      return new Promise((resolve) => (answer = resolve));
    };
    return { w, answer: (r: Result<unknown>) => answer(r) };
  }

  it('a probe that answers after the OS said the network is gone does not bring the workspace back', async () => {
    const { c } = setup();
    const { w, answer } = heldProbe();
    c.add('ws', w.target);
    c.pollSettled('ws', failed(OFFLINE));
    const check = c.checkNow('ws');
    c.setOsOnline(false);
    answer(ok);
    expect(await check).toBe(false);
    expect(c.offline('ws')).toMatchObject({ cause: 'os' });
    expect(w.resumes).toBe(0);
  });

  it('a probe that answers after its workspace was removed, or after a poll brought it back, resumes nothing', async () => {
    const { c } = setup();
    const gone = heldProbe();
    c.add('ws', gone.w.target);
    c.pollSettled('ws', failed(OFFLINE));
    const check = c.checkNow('ws');
    c.remove('ws');
    gone.answer(ok);
    expect(await check).toBe(false); // a workspace that is gone is not online
    expect(gone.w.resumes).toBe(0);

    const back = heldProbe();
    c.add('ws2', back.w.target);
    c.pollSettled('ws2', failed(OFFLINE));
    const check2 = c.checkNow('ws2');
    c.pollSettled('ws2', ok); // resumed once, by the poll
    back.answer(failed(OFFLINE));
    expect(await check2).toBe(true);
    expect(c.offline('ws2')).toBeNull();
    expect(back.w.resumes).toBe(1);
  });

  it('the OS repeating "online" sends no extra probe; a workspace a poll brought back while the OS said offline is not probed when the OS agrees', async () => {
    const { c } = setup();
    const unreachable = target([failed(OFFLINE)]);
    c.add('u', unreachable.target);
    c.pollSettled('u', failed(OFFLINE));
    c.setOsOnline(true);
    await settle();
    expect(unreachable.probes).toBe(0);

    const w = target();
    c.add('ws', w.target);
    c.setOsOnline(false);
    c.pollSettled('ws', ok); // the OS was wrong: a poll got through
    expect(c.offline('ws')).toBeNull();
    c.setOsOnline(true);
    await settle();
    expect(w.probes).toBe(0);
    expect(unreachable.probes).toBe(1);
  });
});
