import { describe, expect, it } from 'vitest';
import type { UpdateView } from '../../../src-shared/contract';
import { manualTimers } from '../../../test/support/timers';
import { AWAITING_REPORT_TTL_MS, createUpdates, UPDATE_CHECK_INTERVAL_MS, updateErrorMessage } from './updates';

function policy(options: { inFlight?: () => number; port?: boolean; check?: () => void } = {}) {
  let now = 1_000_000;
  const timers = manualTimers();
  const calls = { check: 0, install: 0 };
  const views: UpdateView[] = [];
  const logs: Array<[string, string, Record<string, unknown> | undefined]> = [];
  const log = {
    info: (msg: string, meta?: Record<string, unknown>) => void logs.push(['info', msg, meta]),
    warn: (msg: string, meta?: Record<string, unknown>) => void logs.push(['warn', msg, meta]),
    error: (msg: string, meta?: Record<string, unknown>) => void logs.push(['error', msg, meta]),
  };
  const u = createUpdates({
    port:
      options.port === false
        ? null
        : {
            check: () => {
              calls.check += 1;
              options.check?.();
            },
            quitAndInstall: () => void (calls.install += 1),
          },
    offReason: 'The browser host does not update itself.',
    currentVersion: '1.0.0',
    inFlightDecisions: options.inFlight ?? (() => 0),
    timers,
    now: () => now,
    onChange: (v) => views.push(v),
    log,
  });
  return { u, timers, calls, views, logs, advance: (ms: number) => (now += ms) };
}

describe('update policy', () => {
  it('checks at start and then every few hours', () => {
    const { u, timers, calls } = policy();
    u.start();
    expect(calls.check).toBe(1);
    expect(timers.scheduled()).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    timers.runDue();
    expect(calls.check).toBe(2);
    u.stop();
    expect(timers.scheduled()).toEqual([]);
  });

  it('checks every four hours by default', () => {
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(4 * 3_600_000);
  });

  it('a second start neither checks again nor schedules a second timer; stop before start is harmless', () => {
    const { u, timers, calls } = policy();
    u.stop();
    u.start();
    u.start();
    expect(calls.check).toBe(1);
    expect(timers.scheduled()).toEqual([UPDATE_CHECK_INTERVAL_MS]);
  });

  it('a check that throws is shown as a failed check, and the warning is logged for support', () => {
    const { u, views, logs } = policy({
      check: () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND updates.example.com'), { code: 'ENOTFOUND' });
      },
    });
    u.start();
    expect(views).toEqual([
      {
        state: 'error',
        currentVersion: '1.0.0',
        message: 'The update server could not be reached. Version 1.0.0 keeps running; the console will try again later.',
        lastCheckedAt: 1_000_000,
      },
    ]);
    expect(logs).toEqual([['warn', 'update check failed', { err: 'Error: getaddrinfo ENOTFOUND updates.example.com' }]]);
  });

  it('logs a non-Error failure as its text', () => {
    const { u, logs } = policy();
    u.events.failed('feed gone');
    expect(logs).toEqual([['warn', 'update check failed', { err: 'feed gone' }]]);
  });

  it('a ready update stays offered through later checks, whatever they find', () => {
    const { u, views } = policy();
    u.events.downloaded('1.1.0');
    u.events.checking();
    u.events.available('1.2.0');
    u.events.notAvailable();
    u.events.progress(10);
    expect(views).toEqual([{ state: 'ready', currentVersion: '1.0.0', version: '1.1.0' }]);
    expect(u.view()).toEqual({ state: 'ready', currentVersion: '1.0.0', version: '1.1.0' });
  });

  it('progress that rounds to the same percent tells nobody', () => {
    const { u, views } = policy();
    u.events.available('1.1.0');
    u.events.progress(42.4);
    u.events.progress(41.6);
    u.events.progress(43);
    expect(views.map((v) => (v.state === 'downloading' ? v.percent : v.state))).toEqual([0, 42, 43]);
  });

  it('counts decisions in flight and in the undo window together; a report exactly at its age limit still counts', () => {
    const { u, calls, advance } = policy({ inFlight: () => 1 });
    u.events.downloaded('1.1.0');
    u.reportAwaiting(1);
    expect(u.blockedBy()).toBe('2 decisions are still waiting for confirmation. Restart when they are done.');
    advance(AWAITING_REPORT_TTL_MS);
    expect(u.blockedBy()).toBe('2 decisions are still waiting for confirmation. Restart when they are done.');
    advance(1);
    expect(u.blockedBy()).toBe('A decision is still waiting for confirmation. Restart when it is done.');
    expect(calls.install).toBe(0);
  });

  it('logs the version it restarts to install', () => {
    const { u, logs, calls } = policy();
    u.events.downloaded('1.1.0');
    expect(u.restart()).toEqual({ ok: true, value: null });
    expect(calls.install).toBe(1);
    expect(logs).toEqual([['info', 'restarting to install an update', { version: '1.1.0' }]]);
  });

  it.each([
    ['a checksum code whatever the message', { code: 'ERR_CHECKSUM_MISMATCH', message: 'download failed' }, 'The downloaded update did not match its published checksum, so it was discarded.'],
    ['an unreadable version', { message: 'invalid semver version "x"' }, 'The update server sent update information the console cannot read.'],
    ['an HttpError 4xx', { message: 'HttpError: 403 Forbidden' }, 'The update server has no update information for this app.'],
    ['a 4xx status', { message: 'Request failed with status 410' }, 'The update server has no update information for this app.'],
    ['a 404 code', { code: 'HTTP_ERROR_404', message: 'Not here' }, 'The update server has no update information for this app.'],
    ['a code that is not a string', { code: 404, message: 'Not here' }, 'Checking for updates failed.'],
  ])('names %s in words', (_name, error, first) => {
    expect(updateErrorMessage(Object.assign(new Error(error.message), 'code' in error ? { code: error.code } : {}), '1.0.0')).toBe(`${first} Version 1.0.0 keeps running; the console will try again later.`);
  });

  it('is off with its reason when there is no updater (browser host, development)', () => {
    const { u, calls } = policy({ port: false });
    u.start();
    expect(calls.check).toBe(0);
    expect(u.view()).toEqual({ state: 'off', reason: 'The browser host does not update itself.' });
    expect(u.restart()).toMatchObject({ ok: false, error: { message: 'The browser host does not update itself.' } });
  });

  it('follows the download and offers the restart; a later failed check keeps the ready update', () => {
    const { u, views } = policy();
    u.events.checking();
    u.events.available('1.1.0');
    u.events.progress(42.4);
    u.events.downloaded('1.1.0');
    u.events.failed(new Error('connect ECONNREFUSED'));
    expect(views.map((v) => v.state)).toEqual(['checking', 'downloading', 'downloading', 'ready']);
    expect(views[2]).toMatchObject({ percent: 42 });
    expect(u.view()).toEqual({ state: 'ready', currentVersion: '1.0.0', version: '1.1.0' });
  });

  it('never restarts while a decision is in flight in core or waiting in the page’s undo window', () => {
    let inFlight = 1;
    const { u, calls, advance } = policy({ inFlight: () => inFlight });
    expect(u.restart()).toMatchObject({ ok: false, error: { message: 'No update has been downloaded yet.' } });
    u.events.downloaded('1.1.0');
    expect(u.restart()).toMatchObject({ ok: false, error: { code: 'in-progress', message: 'A decision is still waiting for confirmation. Restart when it is done.' } });
    inFlight = 0;
    u.reportAwaiting(2);
    expect(u.restart()).toMatchObject({ ok: false, error: { message: '2 decisions are still waiting for confirmation. Restart when they are done.' } });
    expect(calls.install).toBe(0);
    // A page that crashed with records in its undo window cannot block the update forever.
    advance(AWAITING_REPORT_TTL_MS + 1);
    expect(u.restart()).toEqual({ ok: true, value: null });
    expect(calls.install).toBe(1);
  });

  it('says what went wrong in words, and that the running version stays', () => {
    expect(updateErrorMessage(Object.assign(new Error('sha512 checksum mismatch, expected a, got b'), { code: 'ERR_CHECKSUM_MISMATCH' }), '1.0.0')).toMatch(/^The downloaded update did not match its published checksum/);
    expect(updateErrorMessage(Object.assign(new Error('getaddrinfo ENOTFOUND updates.example.com'), { code: 'ENOTFOUND' }), '1.0.0')).toMatch(/^The update server could not be reached\. Version 1\.0\.0 keeps running/);
    expect(updateErrorMessage(Object.assign(new Error('Cannot parse update info'), { code: 'ERR_UPDATER_INVALID_UPDATE_INFO' }), '1.0.0')).toMatch(/cannot read/);
    expect(updateErrorMessage('weird', '1.0.0')).toBe('Checking for updates failed. Version 1.0.0 keeps running; the console will try again later.');
  });
});
