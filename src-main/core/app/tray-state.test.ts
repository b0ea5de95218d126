import { describe, expect, it } from 'vitest';
import type { PollState, WorkspaceStatus } from '../../../src-shared/domain';
import { aWorkspace } from '../../../test/fakes/builders';
import { notificationPauseUntil, TOOLTIP_MAX, trayStateFor } from './tray-state';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const INTERVAL = 15_000;

function ws(state: PollState, over: Partial<WorkspaceStatus['poll']> = {}, label = 'Acme'): WorkspaceStatus {
  return aWorkspace({
    id: label.toLowerCase(),
    label,
    baseUrl: 'https://api.fruxon.com',
    tenant: 'acme',
    isDemo: false,
    credential: 'persisted',
    poll: { state, lastSuccessAt: NOW - 1000, nextPollAt: null, pollingSince: null, lastError: null, droppedRows: 0, consecutiveFailures: 0, pendingPartial: false, waitUntil: null, ...over },
    history: { refreshedAt: null, refreshing: false, kept: 0, partial: { APPROVED: null, REJECTED: null }, lastError: null },
  });
}

describe('trayStateFor', () => {
  it.each([
    ['idle when live and nothing pending', [ws('live')], 0, 'idle', 'No requests waiting'],
    ['pending with the count', [ws('live')], 3, 'pending', '3 requests waiting'],
    ['singular wording for one request', [ws('live')], 1, 'pending', '1 request waiting'],
    ['offline when every workspace is offline', [ws('offline'), ws('offline', {}, 'Beta')], 2, 'offline', 'Offline'],
    ['error when one of two workspaces is offline', [ws('live'), ws('offline', {}, 'Beta')], 0, 'error', 'Beta: offline'],
    ['error when signed out', [ws('signed-out')], 4, 'error', 'Acme: signed out'],
    [
      'error shows the error message',
      [ws('error', { lastError: { code: 'server', message: 'The server had a problem (502).' } })],
      0,
      'error',
      'The server had a problem (502).',
    ],
    ['stale when last success is older than 3 intervals', [ws('live', { lastSuccessAt: NOW - 3 * INTERVAL - 1 })], 5, 'stale', 'Not updated'],
    ['not stale at exactly 3 intervals', [ws('live', { lastSuccessAt: NOW - 3 * INTERVAL })], 5, 'pending', '5 requests waiting'],
    ['stale when the poller says stale', [ws('stale')], 0, 'stale', 'Not updated'],
    ['rate limited but fresh is not an error', [ws('rate-limited')], 2, 'pending', '2 requests waiting'],
    ['offline beats error', [ws('offline'), ws('error', {}, 'Beta')], 0, 'offline', 'Offline'],
    ['offline still names a workspace that needs signing in again', [ws('offline'), ws('signed-out', {}, 'Beta')], 1, 'offline', 'Offline – showing the last known queue · Beta: signed out – sign in again'],
    ['error beats stale', [ws('error'), ws('live', { lastSuccessAt: 0 }, 'Beta')], 0, 'error', 'Acme'],
    ['no workspaces', [], 0, 'idle', 'No workspace'],
  ] as const)('%s', (_name, workspaces, pendingCount, state, text) => {
    const view = trayStateFor({ workspaces, pendingCount, now: NOW, intervalMs: INTERVAL });
    expect(view.state).toBe(state);
    expect(view.tooltip).toContain(text);
    expect(view.badgeCount).toBe(pendingCount);
  });

  it('offline names no other workspace when none needs the operator (a stale one will catch up)', () => {
    const view = trayStateFor({ workspaces: [ws('offline'), ws('stale', {}, 'Beta')], pendingCount: 1, now: NOW, intervalMs: INTERVAL });
    expect(view.state).toBe('offline');
    expect(view.tooltip).toBe('Fruxon Access Console\n1 request waiting · Offline – showing the last known queue');
  });

  it('keeps the pending count in the tooltip of non-pending states', () => {
    const view = trayStateFor({ workspaces: [ws('offline')], pendingCount: 7, now: NOW, intervalMs: INTERVAL });
    expect(view.tooltip).toContain('7 requests waiting');
  });

  it('says how long the data has been stale', () => {
    const view = trayStateFor({ workspaces: [ws('live', { lastSuccessAt: NOW - 10 * 60_000 })], pendingCount: 0, now: NOW, intervalMs: INTERVAL });
    expect(view.tooltip).toContain('Not updated for 10 minutes');
  });

  it('keeps the pending count when a long error message is cut to fit', () => {
    const long = ws('error', { lastError: { code: 'server', message: 'y'.repeat(300) } });
    const view = trayStateFor({ workspaces: [long], pendingCount: 12, now: NOW, intervalMs: INTERVAL });
    expect(Array.from(view.tooltip).length).toBeLessThanOrEqual(TOOLTIP_MAX);
    expect(view.tooltip).toContain('12 requests waiting');
  });

  it('caps the tooltip for Windows and sanitises the badge count', () => {
    const long = ws('error', { lastError: { code: 'server', message: 'x'.repeat(500) } }, 'L'.repeat(200));
    const view = trayStateFor({ workspaces: [long], pendingCount: Number.NaN, now: NOW, intervalMs: INTERVAL });
    expect(Array.from(view.tooltip).length).toBeLessThanOrEqual(TOOLTIP_MAX);
    expect(view.tooltip.endsWith('…')).toBe(true);
    expect(view.badgeCount).toBe(0);
  });
});

describe('trayStateFor with several workspaces and text from servers', () => {
  const two = (a: WorkspaceStatus, b: WorkspaceStatus) => trayStateFor({ workspaces: [a, b], pendingCount: 11, now: NOW, intervalMs: INTERVAL });
  const line = (v: { tooltip: string }) => v.tooltip.split('\n')[1];

  it('a signed-out workspace is named before one whose server fails, and the others are counted', () => {
    const failing = ws('error', { lastError: { code: 'server', message: 'The Fruxon server had a problem (HTTP 500).' } }, 'Acme');
    expect(line(two(failing, ws('signed-out', {}, 'Globex')))).toBe('11 requests waiting · Globex: signed out – sign in again (+1 more)');
  });

  it('two workspaces with the same label are told apart as the window tells them apart', () => {
    const a = { ...ws('signed-out', {}, 'Support'), id: 'ws-a', tenant: 'acme' };
    const b = { ...ws('live', {}, 'Support'), id: 'ws-b', tenant: 'globex' };
    expect(line(two(a, b))).toBe('11 requests waiting · Support (acme): signed out – sign in again');
  });

  it('F16: a label or a message with line breaks and bidi controls stays one line of plain text', () => {
    const hostile = ws('error', { lastError: { code: 'server', message: 'bad\ngateway\u202E' } }, 'Acme\u202Eevil\nEU');
    const view = trayStateFor({ workspaces: [hostile], pendingCount: 7, now: NOW, intervalMs: INTERVAL });
    expect(view.tooltip).toBe('Fruxon Access Console\n7 requests waiting · Acmeevil EU: bad gateway');
  });

  it('a list that failed to read seconds after a good one: the workspace and the reason, no age', () => {
    const failed = ws('stale', { lastSuccessAt: NOW - 5000, lastError: { code: 'invalid-response', message: 'The server sent a list that could not be read.' } }, 'Globex');
    expect(line(two(ws('live'), failed))).toBe('11 requests waiting · Globex: not updated – The server sent a list that could not be read.');
    const older = ws('stale', { lastSuccessAt: NOW - 4 * 60_000 }, 'Globex');
    expect(line(two(ws('live'), older))).toBe('11 requests waiting · Globex: not updated for 4 minutes');
  });

  it('no known secret reaches the tooltip, even when a server\'s message repeats it', () => {
    const echo = ws('error', { lastError: { code: 'server', message: 'token tok_0123456789abcdef refused' } });
    const view = trayStateFor({ workspaces: [echo], pendingCount: 0, now: NOW, intervalMs: INTERVAL, secrets: ['tok_0123456789abcdef'] });
    expect(view.tooltip).not.toContain('tok_0123456789abcdef');
    expect(view.tooltip).toContain('token [redacted] refused');
  });
});

describe('notificationPauseUntil', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['1h', 60 * 60_000],
  ] as const)('%s pauses for a fixed time', (choice, ms) => {
    expect(notificationPauseUntil(choice, NOW)).toBe(NOW + ms);
  });

  it('"tomorrow" ends at 08:00 local time on the next day', () => {
    const late = new Date(2025, 0, 15, 23, 30).getTime();
    const until = new Date(notificationPauseUntil('tomorrow', late));
    expect([until.getFullYear(), until.getMonth(), until.getDate(), until.getHours(), until.getMinutes()]).toEqual([2025, 0, 16, 8, 0]);
  });
});
