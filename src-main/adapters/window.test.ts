import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, FakeEvent, resetElectronFake, screen, session } from '../../test/fakes/electron';
import { createWindowController, CRASH_WINDOW_MS, denyAllPermissions, hardenWebContents, MAX_RELOADS } from './window';

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

/** A logger that keeps its lines, as support reads them in the log file. */
function recordingLog() {
  const lines: Array<[level: string, msg: string, meta?: Record<string, unknown>]> = [];
  const at = (level: string) => (msg: string, meta?: Record<string, unknown>) => void lines.push(meta === undefined ? [level, msg] : [level, msg, meta]);
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
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
    // Exactly: also no drag-and-drop navigation, safe dialogs, no spellcheck, nothing experimental.
    const hardened = {
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    };
    expect(makeWindow().win.options.webPreferences).toEqual({ ...hardened, devTools: false });
    resetElectronFake();
    expect(makeWindow({ devTools: true }).win.options.webPreferences).toEqual({ ...hardened, devTools: true });
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

describe('what the window is made with', () => {
  it('its title, dark background, hidden menu bar and the icon when there is one', () => {
    const icon = { isEmpty: () => false } as unknown as Electron.NativeImage;
    expect(makeWindow().win.options).toMatchObject({ title: 'Fruxon Access Console', backgroundColor: '#111318', autoHideMenuBar: true, show: false });
    expect(makeWindow().win.options).not.toHaveProperty('icon');
    expect(makeWindow({ icon }).win.options.icon).toBe(icon);
  });
});

describe('what support reads in the log', () => {
  const long = `https://example.com/${'a'.repeat(300)}`;

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)('a blocked %s is logged with its kind and the URL cut to 200 characters', (kind) => {
    const { lines, log } = recordingLog();
    const { win } = makeWindow({ log });
    win.webContents.tryNavigate(kind, long);
    expect(lines).toEqual([['warn', 'blocked navigation', { kind, url: long.slice(0, 200) }]]);
  });

  it('a blocked window.open is logged with the URL cut to 200 characters; an allowlisted one is not', () => {
    const { lines, log } = recordingLog();
    const { win } = makeWindow({ log });
    win.webContents.tryOpenWindow('https://docs.fruxon.com/');
    win.webContents.tryOpenWindow(long);
    expect(lines).toEqual([['warn', 'blocked window.open', { url: long.slice(0, 200) }]]);
  });

  it('a blocked webview tag is logged', () => {
    const { lines, log } = recordingLog();
    const { win } = makeWindow({ log });
    win.webContents.emit('will-attach-webview', new FakeEvent(), {}, { src: 'app://console/index.html' });
    expect(lines).toEqual([['warn', 'blocked a webview tag']]);
  });

  it('a renderer crash is logged with its reason and exit code; a hang is logged too', () => {
    const { lines, log } = recordingLog();
    const { win } = makeWindow({ log });
    win.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'oom', exitCode: 9 });
    win.webContents.emit('unresponsive');
    expect(lines).toEqual([
      ['error', 'renderer process gone', { reason: 'oom', exitCode: 9 }],
      ['warn', 'renderer unresponsive'],
    ]);
  });

  it('giving up on a crashing renderer is logged', () => {
    const { lines, log } = recordingLog();
    const { win } = makeWindow({ log });
    win.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'integrity-failure', exitCode: 1 });
    expect(lines.at(-1)).toEqual(['error', 'renderer keeps crashing; closing the window until it is reopened']);
  });

  it('a renderer that cannot be loaded is logged with the error', async () => {
    vi.spyOn(BrowserWindow.prototype, 'loadURL').mockRejectedValueOnce(new Error('ERR_FILE_NOT_FOUND'));
    const { lines, log } = recordingLog();
    makeWindow({ log });
    await new Promise((r) => setTimeout(r, 0));
    vi.restoreAllMocks();
    expect(lines).toEqual([['error', 'could not load the renderer', { err: 'Error: ERR_FILE_NOT_FOUND' }]]);
  });
});

describe('S13: navigation, more', () => {
  it('a navigation event without a url (the older argument only) is judged by that argument', () => {
    const { win, opened } = makeWindow();
    const e = new FakeEvent();
    win.webContents.emit('will-navigate', e, 'https://docs.fruxon.com/guide');
    expect(e.defaultPrevented).toBe(true);
    expect(opened).toEqual(['https://docs.fruxon.com/guide']);
  });

  it.each(['will-frame-navigate', 'will-redirect'] as const)('a %s to an allowlisted page is blocked and opens nothing (only a link click does)', (kind) => {
    const { win, opened } = makeWindow();
    expect(win.webContents.tryNavigate(kind, 'https://docs.fruxon.com/guide')).toBe(false);
    expect(opened).toEqual([]);
  });
});

describe('F45: renderer crash, limits', () => {
  const crash = (win: ReturnType<typeof makeWindow>['win'], reason = 'crashed') => win.webContents.emit('render-process-gone', new FakeEvent(), { reason, exitCode: 1 });

  it(`${MAX_RELOADS} crashes in a minute still reload; the next one closes the window`, () => {
    const { win } = makeWindow();
    for (let i = 0; i < MAX_RELOADS; i++) crash(win);
    expect(win.isDestroyed()).toBe(false);
    expect(win.webContents.reloadCount).toBe(MAX_RELOADS);
    crash(win);
    expect(win.isDestroyed()).toBe(true);
  });

  it('a crash exactly CRASH_WINDOW_MS ago no longer counts', () => {
    const { win, advance } = makeWindow();
    crash(win);
    advance(CRASH_WINDOW_MS / 2);
    crash(win);
    crash(win);
    advance(CRASH_WINDOW_MS / 2);
    crash(win); // the first is exactly a window ago: three within it
    expect(win.isDestroyed()).toBe(false);
    expect(win.webContents.reloadCount).toBe(4);
  });

  it('an integrity failure closes the window at once, without a reload', () => {
    const { win } = makeWindow();
    crash(win, 'integrity-failure');
    expect(win.isDestroyed()).toBe(true);
    expect(win.webContents.reloadCount).toBe(0);
  });

  it('show() after the window was closed brings the fresh one up when it is ready', () => {
    const { ctl, win } = makeWindow({ startHidden: true });
    crash(win, 'integrity-failure');
    ctl.show();
    const fresh = BrowserWindow.instances.at(-1)!;
    expect(fresh).not.toBe(win);
    fresh.emit('ready-to-show');
    expect(fresh.isVisible()).toBe(true);
  });
});

describe('controller', () => {
  it('tells its listeners when the window is shown, hidden or closed', () => {
    const { ctl, win, quit } = makeWindow();
    const seen: boolean[] = [];
    ctl.onVisibilityChange(() => seen.push(ctl.isVisible()));
    ctl.show();
    ctl.hide();
    ctl.show();
    quit();
    win.close();
    expect(seen).toEqual([true, false, true, false]);
  });

  it('isVisible follows the window, and is false once it is gone', () => {
    const { ctl, win, quit } = makeWindow();
    expect(ctl.isVisible()).toBe(false);
    ctl.show();
    expect(ctl.isVisible()).toBe(true);
    quit();
    win.close();
    expect(ctl.isVisible()).toBe(false);
    expect(ctl.contents()).toEqual([]);
  });

  it('show() restores a minimized window and focuses it', () => {
    const { ctl, win } = makeWindow();
    win.minimized = true;
    win.focused = false;
    ctl.show();
    expect(win).toMatchObject({ minimized: false, visible: true, focused: true });
  });

  it('a window closed before the debounced save saves nothing', () => {
    const { win, saved, timers, quit } = makeWindow();
    win.userMoves({ x: 40 });
    quit();
    win.close();
    timers.flush();
    expect(saved).toEqual([]);
  });

  it('destroy() closes the window and cancels a pending bounds save', () => {
    const { ctl, win, saved, timers } = makeWindow();
    win.userMoves({ x: 50 });
    ctl.destroy();
    expect(win.isDestroyed()).toBe(true);
    expect(timers.size()).toBe(0);
    timers.flush();
    expect(saved).toEqual([]);
    expect(ctl.isVisible()).toBe(false);
    expect(() => ctl.destroy()).not.toThrow();
  });
});
