import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Push, type PushChannel, type QueueSnapshot, type UpdateView } from '../../src-shared/contract';
import type { Logger } from '../core/ports';
import { notificationPauseUntil } from '../core/app/tray-state';
import { fail, ok, type RequestView, type WorkspaceStatus } from '../../src-shared/domain';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';
import { formatWhen } from '../../src-shared/when';
import { app, resetElectronFake, Tray, type FakeMenuItem, type FakeNativeImage, type Menu } from '../../test/fakes/electron';
import { createTray } from './tray';

vi.mock('electron', () => import('../../test/fakes/electron'));

const NOW = Date.UTC(2025, 0, 15, 12);

function workspace(state: WorkspaceStatus['poll']['state'], lastSuccessAt = NOW): WorkspaceStatus {
  return {
    id: 'demo', label: 'Demo', baseUrl: 'http://127.0.0.1:1', tenant: 'demo', isDemo: true, credential: 'session-only',
    credentialNotice: null, webUrl: null, expiryWarning: null, decisionsHeldUntil: null, operatorUserId: null,
    poll: { state, lastSuccessAt, nextPollAt: null, pollingSince: null, lastError: null, droppedRows: 0, consecutiveFailures: 0, pendingPartial: false, waitUntil: null },
    history: { refreshedAt: null, refreshing: false, kept: 0, partial: { APPROVED: null, REJECTED: null }, lastError: null },
  };
}
const pending = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, status: 'PENDING' }) as RequestView);

interface SetupOptions {
  now?: () => number;
  platform?: NodeJS.Platform;
  settings?: Partial<Settings>;
  /** The message a refused settings change comes back with. */
  refuseSettings?: string;
  update?: UpdateView;
  log?: Logger;
  secrets?: string[];
}

function setup(snapshot: QueueSnapshot, opts: SetupOptions = {}) {
  let snap = snapshot;
  let settings: Settings = { ...structuredClone(DEFAULT_SETTINGS), ...opts.settings };
  let update = opts.update;
  const listeners = new Set<(c: PushChannel, p: unknown) => void>();
  const updates: Array<Partial<Settings>> = [];
  const refreshes = vi.fn(async () => ok(null));
  const views: string[] = [];
  const core = {
    showView: (v: string) => void views.push(v),
    snapshot: () => snap,
    settings: () => settings,
    secrets: () => opts.secrets ?? [],
    subscribe: (l: never) => (listeners.add(l), () => listeners.delete(l)),
    handlers: {
      'settings:update': async (patch: Partial<Settings>) => {
        updates.push(patch);
        if (opts.refuseSettings) return fail('internal', opts.refuseSettings);
        settings = { ...settings, ...patch };
        listeners.forEach((l) => l(Push.settings, { settings, notice: null }));
        return ok({ settings, notice: null });
      },
      'queue:refresh-now': refreshes,
    },
    updates: { view: () => update ?? ({ state: 'idle', currentVersion: '1.0.0', lastCheckedAt: null } as UpdateView), restart: () => ok(null) },
  };
  let visible = false;
  const vis = new Set<() => void>();
  const win = {
    show: () => ((visible = true), vis.forEach((l) => l())),
    hide: () => ((visible = false), vis.forEach((l) => l())),
    isVisible: () => visible,
    onVisibilityChange: (l: () => void) => void vis.add(l),
  };
  const quit = vi.fn();
  const scheduled: Array<{ id: number; ms: number; run: () => void }> = [];
  const cleared: unknown[] = [];
  let nextId = 1;
  const timers = {
    setTimeout: (run: () => void, ms?: number) => (scheduled.push({ id: nextId, ms: ms ?? 0, run }), nextId++),
    clearTimeout: (id: unknown) => void cleared.push(id),
  };
  const ctl = createTray({ core: core as never, window: win, quit, platform: opts.platform ?? 'linux', now: opts.now ?? (() => NOW), timers: timers as never, log: opts.log });
  const tray = Tray.instances[0]!;
  return {
    ctl, tray, updates, refreshes, quit, win, views, scheduled, cleared,
    listenerCount: () => listeners.size,
    setUpdate: (u: UpdateView) => {
      update = u;
      listeners.forEach((l) => l(Push.update, u));
    },
    menu: () => tray.menu as Menu,
    push: (s: QueueSnapshot) => {
      snap = s;
      listeners.forEach((l) => l(Push.snapshot, s));
    },
  };
}

const snapshotOf = (ws: WorkspaceStatus[], requests: RequestView[]): QueueSnapshot => ({ seq: 1, generatedAt: NOW, requests, workspaces: ws });

beforeEach(() => resetElectronFake());

describe('tray', () => {
  it('shows the pending state, count in tooltip and badge', () => {
    const t = setup(snapshotOf([workspace('live')], pending(3)));
    expect(t.ctl.view().state).toBe('pending');
    expect(t.tray.tooltip).toContain('3 requests waiting');
    expect(app.badgeCount).toBe(3);
    expect((t.tray.image as FakeNativeImage).getSize()).toEqual({ width: 24, height: 24 });
  });

  it('the tooltip and the menu\'s status line never carry a token the core knows, even when a server repeats it', () => {
    const ws = workspace('error');
    ws.poll.lastError = { code: 'server', message: 'unknown token tok_0123456789abcdef' };
    const t = setup(snapshotOf([ws], pending(1)), { secrets: ['tok_0123456789abcdef'] });
    expect(t.tray.tooltip).toContain('unknown token [redacted]');
    expect(t.tray.tooltip).not.toContain('tok_0123456789abcdef');
  });

  it('follows snapshots: offline, then idle', () => {
    const t = setup(snapshotOf([workspace('live')], pending(1)));
    const before = t.tray.image;
    t.push(snapshotOf([workspace('offline')], pending(1)));
    expect(t.ctl.view().state).toBe('offline');
    expect(t.tray.image).not.toBe(before);
    t.push(snapshotOf([workspace('live')], []));
    expect(t.ctl.view().state).toBe('idle');
    expect(app.badgeCount).toBe(0);
  });

  it('menu: pause notifications for 30 minutes, then resume', async () => {
    const t = setup(snapshotOf([workspace('live')], []));
    t.menu().find('For 30 minutes')!.click!();
    await Promise.resolve();
    expect(t.updates).toEqual([{ notificationsPausedUntil: NOW + 30 * 60_000 }]);
    expect(t.menu().find(/^Notifications paused until/)).toBeDefined();
    t.menu().find('Resume notifications')!.click!();
    expect(t.updates.at(-1)).toEqual({ notificationsPausedUntil: null });
  });

  it('menu: refresh now, show/hide and quit', () => {
    const t = setup(snapshotOf([workspace('live')], []));
    t.menu().find('Refresh now')!.click!();
    expect(t.refreshes).toHaveBeenCalledTimes(1);
    t.menu().find('Show Fruxon Access Console')!.click!();
    expect(t.win.isVisible()).toBe(true);
    expect(t.menu().find('Hide Fruxon Access Console')).toBeDefined();
    t.menu().find('Quit')!.click!();
    expect(t.quit).toHaveBeenCalledTimes(1);
  });

  it('menu: Settings… brings the window up and asks the renderer to open the settings dialog', () => {
    const t = setup(snapshotOf([workspace('live')], []));
    t.menu().find('Settings…')!.click!();
    expect(t.win.isVisible()).toBe(true);
    expect(t.views).toEqual(['settings']);
  });

  it('destroy removes the tray', () => {
    const t = setup(snapshotOf([workspace('live')], []));
    t.ctl.destroy();
    expect(t.tray.isDestroyed()).toBe(true);
  });
});

/** The menu as the operator sees it: labels (or separators), greyed-out items marked, submenus inline. */
function outline(items: FakeMenuItem[]): unknown[] {
  return items.map((i) => {
    if (i.type === 'separator') return '---';
    const label = i.enabled === false ? `(${i.label})` : i.label;
    return i.submenu ? { [label!]: outline(i.submenu) } : label;
  });
}

describe('tray menu', () => {
  it('the whole menu, window hidden and notifications on: status line, show, refresh, pause choices, settings, quit', () => {
    const t = setup(snapshotOf([workspace('live')], pending(2)));
    expect(outline(t.menu().items)).toEqual([
      '(2 requests waiting)',
      '---',
      'Show Fruxon Access Console',
      'Refresh now',
      { 'Pause notifications': ['For 30 minutes', 'For 1 hour', 'Until tomorrow 08:00'] },
      '---',
      'Settings…',
      '---',
      'Quit',
    ]);
  });

  it('the whole menu, window shown, notifications paused and an update ready', () => {
    const until = NOW + 60 * 60_000;
    const t = setup(snapshotOf([workspace('live')], []), { settings: { notificationsPausedUntil: until }, update: { state: 'ready', currentVersion: '1.0.0', version: '1.1.0' } });
    t.win.show();
    // As the Settings dialog's "Paused until …" says it: one 24-hour clock, no "PM".
    const when = formatWhen(until, NOW);
    expect(when).not.toMatch(/AM|PM/i);
    expect(outline(t.menu().items)).toEqual([
      `(${t.tray.tooltip.split('\n')[1]})`,
      '---',
      'Hide Fruxon Access Console',
      'Refresh now',
      `(Notifications paused until ${when})`,
      'Resume notifications',
      '---',
      'Settings…',
      '---',
      'Restart to update (1.1.0)',
      '---',
      'Quit',
    ]);
  });

  it.each([
    ['ends now', NOW, 'Pause notifications'],
    ['ended', NOW - 1, 'Pause notifications'],
    ['runs on', NOW + 1, 'Resume notifications'],
  ])('a pause that %s offers: %s', (_name, until, offered) => {
    const t = setup(snapshotOf([workspace('live')], []), { settings: { notificationsPausedUntil: until } });
    expect(t.menu().find(offered)).toBeDefined();
  });

  it.each([
    ['For 30 minutes', '30m'],
    ['For 1 hour', '1h'],
    ['Until tomorrow 08:00', 'tomorrow'],
  ] as const)('%s pauses notifications until the matching time', (label, choice) => {
    const t = setup(snapshotOf([workspace('live')], []));
    t.menu().find(label)!.click!();
    expect(t.updates).toEqual([{ notificationsPausedUntil: notificationPauseUntil(choice, NOW) }]);
  });

  it('a pause the settings refuse is logged with the reason', async () => {
    const warnings: unknown[] = [];
    const log = { info: () => {}, error: () => {}, warn: (msg: string, meta?: unknown) => void warnings.push([msg, meta]) };
    const t = setup(snapshotOf([workspace('live')], []), { refuseSettings: 'The settings file is read-only.', log });
    t.menu().find('For 1 hour')!.click!();
    await Promise.resolve();
    await Promise.resolve();
    expect(warnings).toEqual([['could not change the notification pause', { message: 'The settings file is read-only.' }]]);
  });

  it('Hide puts the window away; a click on the icon toggles it', () => {
    const t = setup(snapshotOf([workspace('live')], []));
    t.tray.emit('click');
    expect(t.win.isVisible()).toBe(true);
    t.menu().find('Hide Fruxon Access Console')!.click!();
    expect(t.win.isVisible()).toBe(false);
    t.tray.emit('click');
    t.tray.emit('click');
    expect(t.win.isVisible()).toBe(false);
  });

  it('an update that becomes ready adds "Restart to update" at once', () => {
    const t = setup(snapshotOf([workspace('live')], []));
    expect(t.menu().find(/^Restart to update/)).toBeUndefined();
    t.setUpdate({ state: 'ready', currentVersion: '1.0.0', version: '2.0.0' });
    expect(t.menu().find('Restart to update (2.0.0)')).toBeDefined();
  });
});

describe('tray badge and staleness', () => {
  it('counts the requests the Pending tab lists: not approved or rejected ones, but one of a status the console does not know (F4), as the window title does', () => {
    const decided = [{ id: 'a', status: 'APPROVED' }, { id: 'b', status: 'REJECTED' }, { id: 'c', status: 'UNKNOWN' }] as RequestView[];
    const t = setup(snapshotOf([workspace('live')], [...pending(2), ...decided]));
    expect(t.tray.tooltip).toContain('3 requests waiting');
    expect(app.badgeCount).toBe(3);
  });

  it.each([
    ['polled a few seconds ago', NOW - 5_000, 'pending'],
    ['not polled for three intervals and more', NOW - 3 * DEFAULT_SETTINGS.pollSeconds * 1000 - 1, 'stale'],
  ])('data %s: %s', (_name, lastSuccessAt, state) => {
    const t = setup(snapshotOf([workspace('live', lastSuccessAt)], pending(1)));
    expect(t.ctl.view().state).toBe(state);
  });

  it('goes stale with time alone: re-checked every minute without a new snapshot', () => {
    let now = NOW;
    const t = setup(snapshotOf([workspace('live', NOW)], pending(1)), { now: () => now });
    expect(t.ctl.view().state).toBe('pending');
    expect(t.scheduled.map((s) => s.ms)).toEqual([60_000]);
    now = NOW + 10 * 60_000;
    t.scheduled[0]!.run();
    expect(t.ctl.view().state).toBe('stale');
    expect(t.tray.tooltip).toMatch(/Not updated/);
    expect(t.scheduled.map((s) => s.ms)).toEqual([60_000, 60_000]);
  });

  it.each([
    ['darwin', 32, 2],
    ['win32', 32, 2],
    ['linux', 24, 1],
  ] as const)('%s gets a %i-pixel icon drawn for %ix (macOS and Windows: 16 points at 2x; Linux: pixels as given)', (platform, px, scaleFactor) => {
    const t = setup(snapshotOf([workspace('live')], pending(1)), { platform });
    const image = t.tray.image as FakeNativeImage;
    expect(image.getSize()).toEqual({ width: px, height: px });
    expect(image.scaleFactor).toBe(scaleFactor);
  });

  it('once destroyed: the re-check is cancelled, the core is no longer listened to, and nothing changes the badge', () => {
    let now = NOW;
    const t = setup(snapshotOf([workspace('live', NOW)], pending(1)), { now: () => now });
    const tooltip = t.tray.tooltip;
    t.ctl.destroy();
    expect(t.cleared).toEqual([t.scheduled.at(-1)!.id]);
    expect(t.listenerCount()).toBe(0);
    now = NOW + 10 * 60_000; // stale by now, but the tray is gone
    t.win.show(); // a window event after quit began
    t.ctl.refresh();
    expect(t.ctl.view().state).toBe('pending');
    expect(t.tray.tooltip).toBe(tooltip);
    expect(t.tray.menu!.find('Show Fruxon Access Console')).toBeDefined();
  });
});
