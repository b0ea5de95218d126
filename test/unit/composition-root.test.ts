/**
 * The composition root (src-main/index.ts) started against the Electron fake, with a real core
 * polling a real simulator over HTTP. Every hardening and wiring step it performs is asserted
 * here; removing any one of them from index.ts fails a test below (checked by hand, step by step:
 * docs/SECURITY.md, "Electron-only behaviour").
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, Invoke, Push, type InvokeReply, type UpdateView } from '../../src-shared/contract';
import { APP_CSP } from '../../src-main/core/security/protocol-path';
import { AUTOSTART_FILE_NAME } from '../../src-main/core/app/autostart';
import { startSimulator, type SimulatorHandle } from '../../src-sim/index';
import type * as FakeElectron from '../fakes/electron';
import type { FakeWebContents, Menu, Tray } from '../fakes/electron';
import type { ConsoleCore } from '../../src-main/core/console-core';
import type * as LoggerModule from '../../src-main/adapters/logger';
import type * as SimModule from '../../src-sim/index';
import type { SimulatorOptions } from '../../src-sim/index';
import type { FileLogger, FileLoggerOptions } from '../../src-main/adapters/logger';

/** The Electron fake as index.ts sees it: loaded fresh with every fresh module registry. */
let E: typeof FakeElectron;

vi.mock('electron', () => import('../fakes/electron'));

/** electron-updater's autoUpdater, faked: the wiring is under test here, the real library in updater.test.ts. */
const fakeUpdater = Object.assign(new EventEmitter(), {
  autoDownload: false,
  autoInstallOnAppQuit: false,
  logger: null as unknown,
  checks: 0,
  installs: 0,
  feed: null as unknown,
  checkForUpdates() {
    fakeUpdater.checks += 1;
    return Promise.resolve(null);
  },
  quitAndInstall() {
    fakeUpdater.installs += 1;
  },
  setFeedURL(feed: unknown) {
    fakeUpdater.feed = feed;
  },
});
vi.mock('electron-updater', () => ({ autoUpdater: fakeUpdater }));

/**
 * The real file logger, with each one index.ts creates kept here, so a test ends only after its
 * asynchronous writes are in the file, and lines logged after that are kept out of the file (a
 * write landing while the folder was being removed failed CI runs with ENOTEMPTY, twice, even
 * with rm's retries) and collected: the suite fails if any arrives. What logged late then was a
 * names lookup that outlived core.stop, now cancelled with its workspace (console-core.test.ts).
 */
const loggers: Array<{ log: FileLogger; end: () => void }> = [];
const loggerOptions: FileLoggerOptions[] = [];
/** What was logged after a test had ended (kept out of the removed folder, and checked below). */
const lateLines: string[] = [];
/** The options of every simulator started, the demo's included (the simulator itself is real). */
const simStarts: SimulatorOptions[] = [];
vi.mock('../../src-sim/index', async (importOriginal) => {
  const real = await importOriginal<typeof SimModule>();
  return {
    ...real,
    startSimulator: (options: SimulatorOptions = {}) => {
      simStarts.push(options);
      return real.startSimulator(options);
    },
  };
});
vi.mock('../../src-main/adapters/logger', async (importOriginal) => {
  const real = await importOriginal<typeof LoggerModule>();
  return {
    ...real,
    createFileLogger: (options: Parameters<typeof real.createFileLogger>[0]) => {
      const log = real.createFileLogger(options);
      let ended = false;
      const live = <A extends unknown[]>(write: (...args: A) => void) => (...args: A) => {
        if (!ended) write(...args);
        else lateLines.push(String(args[0]));
      };
      loggers.push({ log, end: () => void (ended = true) });
      loggerOptions.push(options);
      return { ...log, info: live(log.info), warn: live(log.warn), error: live(log.error) };
    },
  };
});

const ENV_KEYS = ['FRUXON_USER_DATA_DIR', 'FRUXON_API_URL', 'FRUXON_TENANT', 'FRUXON_TOKEN', 'XDG_CONFIG_HOME', 'FRUXON_UPDATE_URL', 'ELECTRON_RENDERER_URL'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let sim: SimulatorHandle;
let dir: string;
let running: { core: ConsoleCore } | null = null;

beforeEach(async () => {
  vi.resetModules();
  E = (await import('electron')) as unknown as typeof FakeElectron;
  E.resetElectronFake();
  simStarts.length = 0;
  loggerOptions.length = 0;
  Object.assign(fakeUpdater, { checks: 0, installs: 0, feed: null });
  fakeUpdater.removeAllListeners();
  sim = await startSimulator({ pending: 6, seed: 7 });
  dir = mkdtempSync(join(tmpdir(), 'fruxon-root-'));
  Object.assign(process.env, {
    FRUXON_USER_DATA_DIR: join(dir, 'user-data'),
    FRUXON_API_URL: sim.url,
    FRUXON_TENANT: sim.tenant,
    FRUXON_TOKEN: sim.token,
    XDG_CONFIG_HOME: join(dir, 'config'),
  });
  delete process.env.FRUXON_UPDATE_URL;
  delete process.env.ELECTRON_RENDERER_URL;
});

// Nothing is still at work once the app has quit (a line logged after a test's core stopped means something outlived it).
afterAll(() => {
  expect(lateLines).toEqual([]);
});

afterEach(async () => {
  if (running) {
    E.app.emit('before-quit', new E.FakeEvent());
    E.app.emit('will-quit', new E.FakeEvent());
    await running.core.stop();
    running = null;
  }
  await sim.close();
  // electron-log's file transport writes asynchronously, after the app has quit.
  for (const { log, end } of loggers.splice(0)) {
    await log.flush();
    end();
  }
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

/**
 * Loads index.ts as Electron would, makes the E.app ready, and waits until the console runs; then,
 * unless `page: false`, the window's page asks for its first snapshot as the real page does once
 * it has loaded and attached its listeners.
 */
async function launch(options: { packaged?: boolean; page?: boolean } = {}) {
  E.app.isPackaged = options.packaged ?? false;
  const mod = await import('../../src-main/index');
  expect(E.app.sandboxEnabled).toBe(true); // before ready
  expect(E.protocol.privileged.map((p) => p.scheme)).toEqual(['app']); // before ready
  E.app.emitReady();
  running = await mod.ready;
  const win = E.BrowserWindow.instances[0]!;
  const core = running!.core;
  // The first poll (silent, F-notify policy) and the first history refresh that follows it have landed.
  await until(() => {
    const s = core.snapshot();
    const ws = s.workspaces[0];
    return s.requests.length > 0 && ws?.poll.state === 'live' && ws.history.refreshedAt !== null && !ws.history.refreshing;
  }, 'the first poll and history refresh');
  if (options.page !== false) await pageLoaded(win.webContents);
  return { win, contents: win.webContents, core };
}

/** The page has loaded: it asks for its first snapshot; anything held for it follows the answer. */
async function pageLoaded(contents: FakeWebContents): Promise<void> {
  expect((await invoke(contents, Invoke.getSnapshot)).ok).toBe(true);
  await new Promise((r) => setTimeout(r, 0));
}

const ours = () => new E.FakeWebFrameMain('app://console/index.html');
const invoke = (contents: FakeWebContents, channel: string, ...args: unknown[]) => E.ipcMain.invoke(channel, E.ipcEvent(ours(), contents), ...args) as Promise<InvokeReply>;

async function until<T>(check: () => T | null | undefined | false, what: string, tries = 400): Promise<T> {
  for (let i = 0; i < tries; i += 1) {
    const v = check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function menuOf(tray: Tray): Menu {
  return tray.menu!;
}

describe('composition root: src-main/index.ts against the Electron fake', () => {
  it('F44: a second instance takes the lock, finds it held, quits and starts nothing', async () => {
    E.app.singleInstanceLock = false;
    const mod = await import('../../src-main/index');
    await expect(mod.ready).resolves.toBeNull();
    expect(E.app.quitCalls).toBe(1);
    expect(E.app.sandboxEnabled).toBe(false);
    expect(E.ipcMain.handlers.size).toBe(0);
    expect(E.BrowserWindow.instances).toHaveLength(0);
  });

  it('F44: the first instance focuses its window when a second one starts, and opens its deep link', async () => {
    const { win, contents, core } = await launch();
    win.hide();
    E.app.emit('second-instance', new E.FakeEvent(), ['/opt/fruxon'], '/home', {});
    expect(win.isVisible()).toBe(true);
    expect(win.isFocused()).toBe(true);
    const id = core.snapshot().requests[0]!.id;
    E.app.emit('second-instance', new E.FakeEvent(), ['/opt/fruxon', `fruxon-console://request/${id}?workspace=env`], '/home', {});
    expect(contents.sent.filter((m) => m.channel === Push.openRequest).map((m) => m.args[0])).toEqual([{ workspaceId: 'env', requestId: id }]);
  });

  it('F35: the OS network state reaches the core: offline at launch polls nothing and says so; back online, polling resumes', async () => {
    E.net.online = false;
    E.app.isPackaged = false;
    const mod = await import('../../src-main/index');
    E.app.emitReady();
    running = await mod.ready;
    const core = running!.core;
    const offline = await until(() => {
      const ws = core.snapshot().workspaces[0];
      return ws?.poll.state === 'offline' && ws;
    }, 'the workspace to be offline');
    expect(offline.poll.lastError?.message).toMatch(/network/i);
    expect(sim.control.requestLog().filter((e) => e.path.endsWith('/participantAccessRequests'))).toHaveLength(0);
    E.net.online = true; // the adapter reads net.isOnline() every 2 s
    await until(() => core.snapshot().workspaces[0]?.poll.state === 'live', 'polling to resume', 800);
    expect(core.snapshot().requests.length).toBeGreaterThan(0);
  });

  it('S5: the default session denies every permission request and check', async () => {
    await launch();
    await expect(E.session.defaultSession.requestPermission('notifications')).resolves.toBe(false);
    await expect(E.session.defaultSession.requestPermission('media')).resolves.toBe(false);
    expect(E.session.defaultSession.checkPermission('geolocation')).toBe(false);
    expect(E.session.defaultSession.devicePermissionHandler?.()).toBe(false);
  });

  it('S12-S14: every webContents Chromium creates is hardened: webview attach, navigation and window.open', async () => {
    const { contents } = await launch();
    // One that Electron creates besides our window (a devtools or a would-be popup).
    const other = new E.FakeWebContents();
    E.app.emit('web-contents-created', new E.FakeEvent(), other);
    for (const wc of [contents, other]) {
      const attach = new E.FakeEvent();
      wc.emit('will-attach-webview', attach, {}, {});
      expect(attach.defaultPrevented).toBe(true);
      expect(wc.tryNavigate('will-navigate', 'https://evil.example/')).toBe(false);
      expect(wc.tryNavigate('will-frame-navigate', 'https://evil.example/')).toBe(false);
      expect(wc.tryNavigate('will-redirect', 'file:///etc/passwd')).toBe(false);
      expect(wc.tryNavigate('will-navigate', 'app://console/index.html')).toBe(true);
      expect(wc.tryOpenWindow('https://evil.example/')).toEqual({ action: 'deny' });
    }
  });

  it('S2-S4: the window is sandboxed, isolated and without Node, and loads app://console', async () => {
    const { win } = await launch();
    expect(win.webContents.getLastWebPreferences()).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(win.webContents.getURL()).toBe('app://console/index.html');
  });

  it('S7/S18: app:// is handled with the CSP header and refuses traversal', async () => {
    await launch();
    const page = await E.protocol.request('app://console/index.html');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    // Only the renderer build is served: main's own files beside it are not.
    expect((await E.protocol.request('app://console/index.ts')).status).toBe(404);
    const escape = await E.protocol.request('app://console/..%2f..%2fpackage.json');
    expect(escape.status).toBe(404);
    expect(escape.headers.get('content-security-policy')).toBe(APP_CSP);
  });

  it('S17: every Invoke channel has a handler that checks the sender before the core runs', async () => {
    const { contents } = await launch();
    expect([...E.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const stranger = new E.FakeWebContents();
    await stranger.loadURL('https://evil.example/');
    for (const channel of INVOKE_CHANNELS) {
      await expect(E.ipcMain.invoke(channel, E.ipcEvent(new E.FakeWebFrameMain('https://evil.example/'), contents))).rejects.toThrow('Rejected.');
      await expect(E.ipcMain.invoke(channel, E.ipcEvent(ours(), stranger))).rejects.toThrow('Rejected.');
    }
    await expect(invoke(contents, Invoke.getInfo)).resolves.toEqual({ ok: true, output: { version: '0.1.0', host: 'electron', platform: process.platform } });
  });

  it('pushes reach the window on the shared wire; a poll with nothing new is a status frame only', async () => {
    const { contents, core } = await launch();
    const first = await invoke(contents, Invoke.getSnapshot);
    expect(first.ok && Object.keys(first.output as object)).toContain('requestsColumns');
    const before = contents.sent.length;
    await core.handlers['queue:refresh-now'](undefined);
    const frames = await until(() => {
      const f = contents.sent.slice(before).filter((m) => m.channel === Push.snapshot);
      return f.length > 0 && f;
    }, 'a snapshot push');
    const frame = frames.at(-1)!.args[0] as { requestsDelta?: { ops: unknown[] } };
    expect(frame.requestsDelta).toEqual({ base: expect.any(Number), ops: [] });
    expect(JSON.stringify(frame).length).toBeLessThan(2000);
  });

  it('tray: created with the queue state and a menu; closing the window hides it to the tray', async () => {
    const { win } = await launch();
    expect(E.Tray.instances).toHaveLength(1);
    const tray = E.Tray.instances[0]!;
    expect(tray.tooltip).toMatch(/Fruxon Access Console/);
    expect(menuOf(tray).find('Quit')).toBeDefined();
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.isVisible()).toBe(false);
  });

  it('a native notification announces a new pending request; clicking it opens that request', async () => {
    const { contents, core } = await launch();
    const added = sim.control.addPendingRequest();
    await core.handlers['queue:refresh-now'](undefined);
    const shown = await until(() => E.Notification.instances.find((n) => n.shown), 'a notification');
    expect(`${shown.options.title} ${shown.options.body}`).toContain(added.displayName.slice(0, 6));
    shown.click();
    expect(contents.sent.filter((m) => m.channel === Push.openRequest).map((m) => m.args[0])).toEqual([{ workspaceId: 'env', requestId: added.id }]);
  });

  it('deep links: the scheme is registered and an open-url link opens the request', async () => {
    const { contents, core } = await launch();
    expect(E.app.defaultProtocolClients.map((c) => c.protocol)).toEqual(['fruxon-console']);
    const id = core.snapshot().requests[1]!.id;
    const e = new E.FakeEvent();
    E.app.emit('open-url', e, `fruxon-console://request/${id}`);
    expect(e.defaultPrevented).toBe(true);
    expect(contents.sent.filter((m) => m.channel === Push.openRequest).map((m) => m.args[0])).toEqual([{ workspaceId: 'env', requestId: id }]);
  });

  it('a link the app was launched with (Windows/Linux argv) opens its request once the page has loaded', async () => {
    const argv = process.argv;
    const id = sim.control.listRequests().find((r) => r.status === 'PENDING')!.id;
    process.argv = [...argv, `fruxon-console://request/${id}`];
    try {
      const { contents } = await launch({ page: false });
      // The core asked to open it while the page was still loading: sending it then would lose it.
      expect(contents.sent.filter((m) => m.channel === Push.openRequest)).toEqual([]);
      await pageLoaded(contents);
      expect(contents.sent.filter((m) => m.channel === Push.openRequest).map((m) => m.args[0])).toEqual([{ workspaceId: 'env', requestId: id }]);
    } finally {
      process.argv = argv;
    }
  });

  it('lives in the tray: closing every window does not quit, and activating (macOS dock) shows the window', async () => {
    const { win } = await launch();
    expect(E.app.getPath('userData')).toBe(join(dir, 'user-data'));
    // Electron quits when the last window closes unless the app listens for this event.
    expect(E.app.listenerCount('window-all-closed')).toBeGreaterThan(0);
    win.hide();
    E.app.emit('activate', new E.FakeEvent(), false);
    expect(win.isVisible()).toBe(true);
  });

  it('F38: the power monitor pauses polling on suspend and lock, and resumes it', async () => {
    const { core } = await launch();
    E.powerMonitor.emit('suspend');
    expect(core.snapshot().workspaces[0]!.poll.state).toBe('paused');
    E.powerMonitor.emit('resume');
    expect(core.snapshot().workspaces[0]!.poll.state).not.toBe('paused');
    E.powerMonitor.emit('lock-screen');
    expect(core.snapshot().workspaces[0]!.poll.state).toBe('paused');
    E.powerMonitor.emit('unlock-screen');
    expect(core.snapshot().workspaces[0]!.poll.state).not.toBe('paused');
  });

  it('login item and global shortcut follow the settings', async () => {
    const { contents } = await launch();
    expect(E.globalShortcut.isRegistered('CommandOrControl+Shift+F')).toBe(true);
    const file = join(dir, 'config', 'autostart', AUTOSTART_FILE_NAME);
    expect(existsSync(file)).toBe(false);
    await invoke(contents, Invoke.updateSettings, { startAtLogin: true });
    expect(existsSync(file)).toBe(true);
    await invoke(contents, Invoke.updateSettings, { startAtLogin: false });
    expect(existsSync(file)).toBe(false);
  });

  it('clean shutdown: quitting stops polling, closes the window for real, removes the tray and the shortcut', async () => {
    const { win, core } = await launch();
    E.app.emit('before-quit', new E.FakeEvent());
    win.close();
    expect(win.isDestroyed()).toBe(true);
    E.app.emit('will-quit', new E.FakeEvent());
    expect(E.Tray.instances[0]!.destroyed).toBe(true);
    expect(E.globalShortcut.registered.size).toBe(0);
    await until(() => core.snapshot().workspaces[0]?.poll.state === 'paused', 'the pollers to stop');
    const polls = sim.control.requestLog().length;
    await core.handlers['queue:refresh-now'](undefined);
    expect(sim.control.requestLog().length).toBe(polls);
  });

  it('updates are off in development builds, and say so', async () => {
    const { contents } = await launch();
    await expect(invoke(contents, Invoke.getUpdateState)).resolves.toEqual({ ok: true, output: { state: 'off', reason: 'Updates are off in development builds.' } });
    expect(fakeUpdater.checks).toBe(0);
  });

  it('packaged: checks at start, offers "Restart to update" in the tray once downloaded, and never restarts under a pending decision', async () => {
    process.env.FRUXON_UPDATE_URL = 'https://updates.example.com/console';
    const { contents } = await launch({ packaged: true });
    expect(fakeUpdater.checks).toBe(1);
    expect(fakeUpdater.feed).toEqual({ provider: 'generic', url: 'https://updates.example.com/console' });
    expect(fakeUpdater.autoDownload).toBe(true);
    fakeUpdater.emit('update-downloaded', { version: '0.2.0' });
    const views = contents.sent.filter((m) => m.channel === Push.update).map((m) => m.args[0] as UpdateView);
    expect(views.at(-1)).toEqual({ state: 'ready', currentVersion: '0.1.0', version: '0.2.0' });
    const tray = E.Tray.instances[0]!;
    const item = await until(() => menuOf(tray).find(/^Restart to update/), 'the tray item');
    // The page holds a decision in its undo window: no restart, and the operator is told why.
    await invoke(contents, Invoke.reportAwaiting, { count: 1 });
    item.click!();
    expect(fakeUpdater.installs).toBe(0);
    const refusal = E.Notification.instances.find((n) => /waiting for confirmation/.test(String(n.options.body)));
    expect(refusal?.options).toMatchObject({ title: 'Fruxon Access Console', silent: true });
    await expect(invoke(contents, Invoke.restartToUpdate)).resolves.toMatchObject({ ok: true, output: { ok: false, error: { code: 'in-progress' } } });
    await invoke(contents, Invoke.reportAwaiting, { count: 0 });
    await expect(invoke(contents, Invoke.restartToUpdate)).resolves.toEqual({ ok: true, output: { ok: true, value: null } });
    expect(fakeUpdater.installs).toBe(1);
  });
  it('the window gets the preload built beside main; DevTools only in development builds', async () => {
    const { win } = await launch();
    expect(String(win.webContents.getLastWebPreferences().preload)).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(win.webContents.getLastWebPreferences().devTools).toBe(true);
  });

  it('S18: a packaged build loads app://console even when ELECTRON_RENDERER_URL is set, with DevTools off', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://127.0.0.1:5173/';
    const { win } = await launch({ packaged: true });
    expect(win.webContents.getURL()).toBe('app://console/index.html');
    expect(win.webContents.getLastWebPreferences().devTools).toBe(false);
  });

  it('development: electron-vite\'s dev server URL is loaded, and only it is the app\'s origin', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://127.0.0.1:5173/';
    const { win } = await launch({ page: false });
    expect(win.webContents.getURL()).toBe('http://127.0.0.1:5173/');
    expect(win.webContents.tryNavigate('will-navigate', 'http://127.0.0.1:5173/index.html')).toBe(true);
    expect(win.webContents.tryNavigate('will-navigate', 'app://console/index.html')).toBe(false);
  });

  it('a deep link brings the hidden window forward', async () => {
    const { win, core } = await launch();
    win.hide();
    E.app.emit('open-url', new E.FakeEvent(), `fruxon-console://request/${core.snapshot().requests[0]!.id}`);
    expect(win.isVisible()).toBe(true);
  });

  it('S14/S15: a web link the page opens goes to the system browser; the window stays on the console', async () => {
    const { contents } = await launch();
    expect(contents.tryOpenWindow('https://docs.fruxon.com/access-requests').action).toBe('deny');
    await until(() => E.shell.opened.includes('https://docs.fruxon.com/access-requests'), 'the link opened in the browser');
    expect(contents.tryOpenWindow('file:///etc/passwd').action).toBe('deny');
    await new Promise((r) => setTimeout(r, 20));
    expect(E.shell.opened).toEqual(['https://docs.fruxon.com/access-requests']);
  });

  it('the window\'s size and place are saved to the settings when the operator moves it', async () => {
    const { win, core } = await launch();
    win.userMoves({ x: 40, y: 60, width: 1000, height: 700 });
    await until(() => core.settings().windowBounds?.width === 1000, 'the bounds saved', 600);
    expect(core.settings().windowBounds).toMatchObject({ x: 40, y: 60, width: 1000, height: 700 });
  });

  it('tray: Quit quits the app; the global shortcut shows the hidden window', async () => {
    const { win } = await launch();
    win.hide();
    E.globalShortcut.press('CommandOrControl+Shift+F');
    expect(win.isVisible()).toBe(true);
    menuOf(E.Tray.instances[0]!).find('Quit')!.click!();
    expect(E.app.quitCalls).toBe(1);
  });

  it('a shortcut another app holds: the operator is told by a quiet notification, and the settings keep the shortcut that works', async () => {
    const { contents, core } = await launch();
    E.globalShortcut.taken.add('CommandOrControl+Shift+G');
    await invoke(contents, Invoke.updateSettings, { globalShortcut: 'CommandOrControl+Shift+G' });
    const told = await until(() => E.Notification.instances.find((n) => n.options.title === 'Shortcut not available' && n.shown), 'the notification');
    expect(told.options.body).toContain('The shortcut CommandOrControl+Shift+G could not be registered (another application may use it).');
    expect(told.options.silent).toBe(true);
    // Clicking main's own message brings the window forward and opens no request.
    const win = E.BrowserWindow.instances[0]!;
    win.hide();
    const opened = () => contents.sent.filter((m) => m.channel === Push.openRequest).length;
    const before = opened();
    told.click();
    expect(win.isVisible()).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(opened()).toBe(before);
    await until(() => core.settings().globalShortcut === 'CommandOrControl+Shift+F', 'the settings put back');
    expect(E.globalShortcut.isRegistered('CommandOrControl+Shift+F')).toBe(true);
  });

  it('copy diagnostics: main adds where its log file is, copies the text to the clipboard and keeps the token out', async () => {
    const { contents } = await launch();
    const reply = await invoke(contents, Invoke.copyDiagnostics);
    expect(reply.ok).toBe(true);
    const text = reply.ok ? String(reply.output) : '';
    expect(text).toContain(`Log file: ${join(dir, 'user-data', 'logs')}`);
    expect(E.clipboard.text).toBe(text);
    expect(text).not.toContain(sim.token);
  });

  it('copy diagnostics: the API token is removed even from what main adds (here, a log path that holds it), though it looks like no token', async () => {
    // A token of no known shape: only the list of known secrets can find it (fx_pat_… would be caught by its pattern).
    const opaque = 'plain-words-that-are-the-key';
    const own = await startSimulator({ pending: 2, seed: 7, token: opaque });
    try {
      Object.assign(process.env, { FRUXON_API_URL: own.url, FRUXON_TENANT: own.tenant, FRUXON_TOKEN: opaque, FRUXON_USER_DATA_DIR: join(dir, `data-${opaque}`) });
      const { contents } = await launch();
      const reply = await invoke(contents, Invoke.copyDiagnostics);
      const text = reply.ok ? String(reply.output) : '';
      expect(text).toMatch(/Log file: .*data-.+[/\\]logs[/\\]main\.log/);
      expect(text).not.toContain(opaque);
      expect(E.clipboard.text).toBe(text);
    } finally {
      await running?.core.stop();
      await own.close();
    }
  });

  it('a fresh install (no workspace configured) opens on the demo workspace, where requests keep arriving and a second operator decides', async () => {
    for (const k of ['FRUXON_API_URL', 'FRUXON_TENANT', 'FRUXON_TOKEN'] as const) delete process.env[k];
    const { core } = await launch();
    const ws = core.snapshot().workspaces[0]!;
    expect(ws.id).toBe('demo');
    expect(core.snapshot().requests.some((r) => r.status === 'PENDING')).toBe(true);
    // The demo is the simulator in-process, paced like a real tenant.
    expect(simStarts.at(-1)).toEqual({ trickle: { minMs: 20_000, maxMs: 60_000 }, secondOperator: { minMs: 45_000, maxMs: 120_000 } });
  });

  it('main logs to <userData>/logs/main.log, echoed to the terminal in development builds only', async () => {
    E.globalShortcut.taken.add('CommandOrControl+Shift+F'); // makes main log a warning
    await launch({ packaged: true });
    const log = loggers[0]!.log;
    expect(log.path).toBe(join(dir, 'user-data', 'logs', 'main.log'));
    await log.flush();
    expect(readFileSync(log.path, 'utf8')).toMatch(/ WARN The shortcut CommandOrControl\+Shift\+F could not be registered/);
    // Which builds echo to the terminal is decided here (electron-log's console transport does the echo).
    expect(loggerOptions[0]!.echo).toBe(false);
  });

  it('a development build echoes its log to the terminal', async () => {
    await launch();
    expect(loggerOptions[0]!.echo).toBe(true);
  });

  it('a settings change that is not about login does not put back a login item the operator removed by hand', async () => {
    const { contents } = await launch();
    const file = join(dir, 'config', 'autostart', AUTOSTART_FILE_NAME);
    await invoke(contents, Invoke.updateSettings, { startAtLogin: true });
    expect(existsSync(file)).toBe(true);
    rmSync(file); // removed in the desktop's own startup settings
    await invoke(contents, Invoke.updateSettings, { pollSeconds: 30 });
    expect(existsSync(file)).toBe(false);
    await invoke(contents, Invoke.updateSettings, { startAtLogin: false });
    await invoke(contents, Invoke.updateSettings, { startAtLogin: true });
    expect(existsSync(file)).toBe(true);
  });
});

