import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Push, type PushChannel, type QueueSnapshot } from '../../src-shared/contract';
import { ok, type RequestView, type WorkspaceStatus } from '../../src-shared/domain';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';
import { app, resetElectronFake, Tray, type FakeNativeImage, type Menu } from '../../test/fakes/electron';
import { createTray } from './tray';

vi.mock('electron', () => import('../../test/fakes/electron'));

const NOW = Date.UTC(2025, 0, 15, 12);

function workspace(state: WorkspaceStatus['poll']['state'], lastSuccessAt = NOW): WorkspaceStatus {
  return {
    id: 'demo', label: 'Demo', baseUrl: 'http://127.0.0.1:1', tenant: 'demo', isDemo: true, credential: 'session-only',
    credentialNotice: null, webUrl: null, expiryWarning: null,
    poll: { state, lastSuccessAt, nextPollAt: null, lastError: null, droppedRows: 0, consecutiveFailures: 0, pendingPartial: false },
    history: { refreshedAt: null, refreshing: false, kept: 0, partial: null, lastError: null },
  };
}
const pending = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, status: 'PENDING' }) as RequestView);

function setup(snapshot: QueueSnapshot) {
  let snap = snapshot;
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  const listeners = new Set<(c: PushChannel, p: unknown) => void>();
  const updates: Array<Partial<Settings>> = [];
  const refreshes = vi.fn(async () => ok(null));
  const views: string[] = [];
  const core = {
    showView: (v: string) => void views.push(v),
    snapshot: () => snap,
    settings: () => settings,
    subscribe: (l: never) => (listeners.add(l), () => listeners.delete(l)),
    handlers: {
      'settings:update': async (patch: Partial<Settings>) => {
        updates.push(patch);
        settings = { ...settings, ...patch };
        listeners.forEach((l) => l(Push.settings, { settings, notice: null }));
        return ok({ settings, notice: null });
      },
      'queue:refresh-now': refreshes,
    },
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
  const timers = { setTimeout: () => 1, clearTimeout: () => undefined };
  const ctl = createTray({ core: core as never, window: win, quit, platform: 'linux', now: () => NOW, timers });
  const tray = Tray.instances[0]!;
  return {
    ctl, tray, updates, refreshes, quit, win, views,
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
