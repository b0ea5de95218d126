import { describe, expect, it } from 'vitest';
import type { UpdateView } from '../../../src-shared/contract';
import { manualTimers } from '../../../test/support/timers';
import { AWAITING_REPORT_TTL_MS, createUpdates, UPDATE_CHECK_INTERVAL_MS, updateErrorMessage } from './updates';

function policy(options: { inFlight?: () => number; port?: boolean } = {}) {
  let now = 1_000_000;
  const timers = manualTimers();
  const calls = { check: 0, install: 0 };
  const views: UpdateView[] = [];
  const u = createUpdates({
    port: options.port === false ? null : { check: () => void (calls.check += 1), quitAndInstall: () => void (calls.install += 1) },
    offReason: 'The browser host does not update itself.',
    currentVersion: '1.0.0',
    inFlightDecisions: options.inFlight ?? (() => 0),
    timers,
    now: () => now,
    onChange: (v) => views.push(v),
  });
  return { u, timers, calls, views, advance: (ms: number) => (now += ms) };
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
