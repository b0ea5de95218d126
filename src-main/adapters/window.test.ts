import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, FakeEvent, resetElectronFake, screen, session } from '../../test/fakes/electron';
import { createWindowController, denyAllPermissions, hardenWebContents, MAX_RELOADS } from './window';

vi.mock('electron', () => import('../../test/fakes/electron'));

const APP = 'app://console';

function manualTimers() {
  const pending = new Map<number, () => void>();
  let id = 0;
  return {
    setTimeout: (fn: () => void) => (pending.set(++id, fn), id),
    clearTimeout: (h: unknown) => void pending.delete(h as number),
    flush: () => {
      const fns = [...pending.values()];
      pending.clear();
      fns.forEach((f) => f());
    },
    size: () => pending.size,
  };
}

function makeWindow(over: Partial<Parameters<typeof createWindowController>[0]> = {}) {
  const opened: string[] = [];
  const saved: unknown[] = [];
  let quitting = false;
  const timers = manualTimers();
  let t = 1_000_000;
  const ctl = createWindowController({
    appUrl: `${APP}/index.html`,
    appOrigin: APP,
    preloadPath: '/app/out/preload/index.cjs',
    initialBounds: null,
    saveBounds: (b) => saved.push(b),
    openExternal: (u) => opened.push(u),
    isQuitting: () => quitting,
    devTools: false,
    timers,
    now: () => t,
    ...over,
  });
  const win = BrowserWindow.instances.at(-1)!;
  return { ctl, win, opened, saved, timers, quit: () => (quitting = true), advance: (ms: number) => (t += ms) };
}

beforeEach(() => resetElectronFake());

describe('window options', () => {
  it('S2 S3 S4 S6 S8 S9 S10 S11: webPreferences are hardened', () => {
    const { win } = makeWindow();
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(prefs).not.toHaveProperty('experimentalFeatures');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads the app from the custom scheme, not file://', () => {
    const { win } = makeWindow();
    expect(win.webContents.getURL()).toBe('app://console/index.html');
  });

  it('shows only when ready, unless started hidden', () => {
    const a = makeWindow();
    expect(a.win.isVisible()).toBe(false);
    a.win.emit('ready-to-show');
    expect(a.win.isVisible()).toBe(true);
    const b = makeWindow({ startHidden: true });
    b.win.emit('ready-to-show');
    expect(b.win.isVisible()).toBe(false);
  });
});

describe('S13: navigation', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)('%s to another origin is prevented', (event) => {
    const { win } = makeWindow();
    expect(win.webContents.tryNavigate(event, 'https://example.com/')).toBe(false);
    expect(win.webContents.tryNavigate(event, 'app://console.attacker.com/')).toBe(false);
    expect(win.webContents.tryNavigate(event, 'file:///etc/passwd')).toBe(false);
  });

  it('same-origin navigation (reload, in-app) is allowed', () => {
    const { win } = makeWindow();
    expect(win.webContents.tryNavigate('will-navigate', 'app://console/index.html')).toBe(true);
  });

  it('a link click to an allowlisted page opens in the browser instead', () => {
    const { win, opened } = makeWindow();
    expect(win.webContents.tryNavigate('will-navigate', 'https://docs.fruxon.com/guide')).toBe(false);
    expect(opened).toEqual(['https://docs.fruxon.com/guide']);
  });
});

describe('S14: window.open', () => {
  it('is always denied; allowlisted https goes to openExternal, anything else nowhere', () => {
    const { win, opened } = makeWindow();
    expect(win.webContents.tryOpenWindow('https://docs.fruxon.com/')).toEqual({ action: 'deny' });
    expect(win.webContents.tryOpenWindow('https://example.com/')).toEqual({ action: 'deny' });
    expect(win.webContents.tryOpenWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(win.webContents.tryOpenWindow('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.fruxon.com/']);
  });
});

describe('S12: webview', () => {
  it('will-attach-webview is always prevented', () => {
    const { win } = makeWindow();
    const e = new FakeEvent();
    win.webContents.emit('will-attach-webview', e, {}, { src: 'app://console/index.html' });
    expect(e.defaultPrevented).toBe(true);
  });

  it('hardening applies once even when called twice (web-contents-created + window)', () => {
    const { win } = makeWindow();
    hardenWebContents(win.webContents as never, { appOrigin: APP, openExternal: () => undefined });
    expect(win.webContents.listenerCount('will-navigate')).toBe(1);
  });
});

describe('S5: permissions', () => {
  it('denies every permission request and check', async () => {
    denyAllPermissions(session.defaultSession as never);
    await expect(session.defaultSession.requestPermission('geolocation')).resolves.toBe(false);
    await expect(session.defaultSession.requestPermission('notifications')).resolves.toBe(false);
    await expect(session.defaultSession.requestPermission('media')).resolves.toBe(false);
    expect(session.defaultSession.checkPermission('clipboard-read')).toBe(false);
    expect(session.defaultSession.devicePermissionHandler?.()).toBe(false);
  });
});

describe('tray behaviour', () => {
  it('close hides to the tray; quitting really closes', () => {
    const { win, quit } = makeWindow();
    win.show();
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.isVisible()).toBe(false);
    quit();
    win.close();
    expect(win.isDestroyed()).toBe(true);
  });

  it('toggle hides a focused window and shows a hidden one', () => {
    const { ctl, win } = makeWindow();
    ctl.toggle();
    expect(win.isVisible()).toBe(true);
    ctl.toggle();
    expect(win.isVisible()).toBe(false);
  });

  it('show() recreates a destroyed window', () => {
    const { ctl, win } = makeWindow();
    win.destroy();
    ctl.show();
    expect(BrowserWindow.getAllWindows()).toHaveLength(1);
    expect(BrowserWindow.getAllWindows()[0]).not.toBe(win);
  });
});

describe('bounds', () => {
  it('remembers bounds after moves, debounced to one save', () => {
    const { win, saved, timers } = makeWindow();
    win.userMoves({ x: 10 });
    win.userMoves({ x: 20 });
    win.userMoves({ x: 30, width: 1000 });
    expect(saved).toHaveLength(0);
    timers.flush();
    expect(saved).toEqual([{ x: 30, y: expect.any(Number), width: 1000, height: expect.any(Number) }]);
  });

  it('restores saved bounds, pulled back onto a visible display', () => {
    screen.displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 }, scaleFactor: 2 }];
    const { win } = makeWindow({ initialBounds: { x: 3000, y: 100, width: 1000, height: 700 } });
    expect(win.options).toMatchObject({ x: 220, y: 113, width: 1000, height: 700 });
  });
});

describe('F45: renderer crash', () => {
  it('reloads the page after a crash and keeps the same window', () => {
    const { win } = makeWindow();
    win.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'crashed', exitCode: 139 });
    expect(win.webContents.reloadCount).toBe(1);
    expect(win.isDestroyed()).toBe(false);
  });

  it('does nothing on a clean exit', () => {
    const { win } = makeWindow();
    win.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'clean-exit', exitCode: 0 });
    expect(win.webContents.reloadCount).toBe(0);
  });

  it('stops a crash loop by closing the window; show() brings a fresh one', () => {
    const { ctl, win } = makeWindow();
    for (let i = 0; i <= MAX_RELOADS; i++) win.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'crashed', exitCode: 1 });
    expect(win.webContents.reloadCount).toBe(MAX_RELOADS);
    expect(win.isDestroyed()).toBe(true);
    ctl.show();
    expect(BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('crashes spread over time keep reloading', () => {
    const { win, advance } = makeWindow();
    for (let i = 0; i < MAX_RELOADS + 3; i++) {
      win.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'oom', exitCode: 1 });
      advance(61_000);
    }
    expect(win.isDestroyed()).toBe(false);
    expect(win.webContents.reloadCount).toBe(MAX_RELOADS + 3);
  });
});

describe('owned contents', () => {
  it('owns only its own webContents', () => {
    const { ctl, win } = makeWindow();
    expect(ctl.owns(win.webContents)).toBe(true);
    expect(ctl.owns({})).toBe(false);
    expect(app.quitCalls).toBe(0);
  });
});
