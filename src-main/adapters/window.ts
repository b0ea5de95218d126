/**
 * The main window and the hardening every webContents gets. Decisions (origins, URL allowlist,
 * bounds) are the pure functions in core; this file only wires them to Electron events.
 * S2-S4, S6, S8-S11: webPreferences. S12: will-attach-webview. S13: navigation. S14: window.open.
 * S5: permissions. F45: a renderer crash reloads the page; main keeps polling meanwhile.
 */
import { BrowserWindow, screen, type Session, type WebContents } from 'electron';
import type { WindowBounds } from '../../src-shared/settings';
import { isAllowedExternalUrl } from '../core/security/external-url';
import { isSameAppOrigin } from '../core/security/ipc-sender';
import { realTimers, silentLogger, type Logger, type Timers } from '../core/ports';
import { fitBoundsToDisplays, MIN_WINDOW_SIZE } from '../core/app/window-bounds';

/** The webPreferences of every window this app opens; exported so tests and docs can read them. */
export function hardenedWebPreferences(preloadPath: string, devTools: boolean): Electron.WebPreferences {
  return {
    preload: preloadPath,
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
    devTools,
  };
}

export interface HardenOptions {
  appOrigin: string;
  /** Opens allowlisted https links in the browser (already checked here with isAllowedExternalUrl). */
  openExternal: (url: string) => void;
  log?: Logger;
}

const hardened = new WeakSet<WebContents>();

/**
 * Applies the navigation, window-open and webview guards to a webContents (idempotent). Called for
 * the main window and, through `web-contents-created`, for anything else Chromium creates.
 */
export function hardenWebContents(contents: WebContents, options: HardenOptions): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  const log = options.log ?? silentLogger;
  const guard = (kind: string) => (event: Electron.Event<{ url?: string }>, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl;
    if (isSameAppOrigin(url, options.appOrigin)) return;
    event.preventDefault();
    log.warn('blocked navigation', { kind, url: String(url).slice(0, 200) });
    // A plain link click to an allowlisted page still does what the operator meant.
    if (kind === 'will-navigate' && isAllowedExternalUrl(url)) options.openExternal(url);
  };
  contents.on('will-navigate', guard('will-navigate'));
  contents.on('will-frame-navigate', guard('will-frame-navigate'));
  contents.on('will-redirect', guard('will-redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) options.openExternal(url);
    else log.warn('blocked window.open', { url: String(url).slice(0, 200) });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a webview tag');
  });
}

/** S5: the renderer needs no permission (main raises notifications), so every request is denied. */
export function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

export interface WindowControllerOptions {
  appUrl: string;
  appOrigin: string;
  preloadPath: string;
  initialBounds: WindowBounds | null;
  saveBounds: (bounds: WindowBounds) => void;
  openExternal: (url: string) => void;
  /** True once the app is quitting: then close really closes instead of hiding to the tray. */
  isQuitting: () => boolean;
  devTools: boolean;
  /** Start in the tray (launched at login with --hidden). */
  startHidden?: boolean;
  icon?: Electron.NativeImage;
  log?: Logger;
  timers?: Timers;
  now?: () => number;
  boundsDebounceMs?: number;
}

export interface WindowController {
  show(): void;
  hide(): void;
  /** Global shortcut: show and focus, or hide when already focused. */
  toggle(): void;
  isVisible(): boolean;
  /** Whether a webContents belongs to our window (the IPC sender check uses it). */
  owns(contents: unknown): boolean;
  /** The webContents that receive pushes. */
  contents(): WebContents[];
  destroy(): void;
  onVisibilityChange(listener: () => void): void;
}

/** Renderer crashes tolerated within CRASH_WINDOW_MS before we stop reloading (no crash loop). */
export const MAX_RELOADS = 3;
export const CRASH_WINDOW_MS = 60_000;

/** Creates the main window now (hidden unless asked) and recreates it on demand if it is gone. */
export function createWindowController(options: WindowControllerOptions): WindowController {
  const log = options.log ?? silentLogger;
  const timers = options.timers ?? realTimers;
  const now = options.now ?? Date.now;
  const debounceMs = options.boundsDebounceMs ?? 500;
  const visibilityListeners = new Set<() => void>();
  let win: BrowserWindow | null = null;
  let crashes: number[] = [];
  let saveTimer: unknown = null;
  const notifyVisibility = () => visibilityListeners.forEach((l) => l());

  function create(show: boolean): BrowserWindow {
    const bounds = fitBoundsToDisplays(options.initialBounds, screen.getAllDisplays());
    const w = new BrowserWindow({
      ...bounds,
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
      show: false,
      title: 'Fruxon Access Console',
      backgroundColor: '#111318',
      autoHideMenuBar: true,
      ...(options.icon ? { icon: options.icon } : {}),
      webPreferences: hardenedWebPreferences(options.preloadPath, options.devTools),
    });
    hardenWebContents(w.webContents, { appOrigin: options.appOrigin, openExternal: options.openExternal, log });

    w.once('ready-to-show', () => {
      if (show) w.show();
    });
    // Close hides to the tray; the console keeps polling and notifying.
    w.on('close', (event) => {
      if (options.isQuitting()) return;
      event.preventDefault();
      w.hide();
    });
    w.on('closed', () => {
      if (win === w) win = null;
      notifyVisibility();
    });
    w.on('show', notifyVisibility);
    w.on('hide', notifyVisibility);

    const scheduleSave = () => {
      if (saveTimer !== null) timers.clearTimeout(saveTimer);
      saveTimer = timers.setTimeout(() => {
        saveTimer = null;
        if (!w.isDestroyed()) options.saveBounds(w.getNormalBounds());
      }, debounceMs);
    };
    w.on('resize', scheduleSave);
    w.on('move', scheduleSave);

    w.webContents.on('render-process-gone', (_event, details) => {
      log.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode });
      if (details.reason === 'clean-exit') return;
      const t = now();
      crashes = [...crashes.filter((c) => t - c < CRASH_WINDOW_MS), t];
      if (crashes.length > MAX_RELOADS || details.reason === 'integrity-failure') {
        // Give up on this window; the next show() (tray, shortcut, notification) creates a fresh one.
        log.error('renderer keeps crashing; closing the window until it is reopened');
        crashes = [];
        w.destroy();
        return;
      }
      w.webContents.reload();
    });
    w.webContents.on('unresponsive', () => log.warn('renderer unresponsive'));

    void w.loadURL(options.appUrl).catch((err: unknown) => log.error('could not load the renderer', { err: String(err) }));
    return w;
  }

  function ensure(show: boolean): BrowserWindow {
    if (!win || win.isDestroyed()) win = create(show);
    return win;
  }

  function show(): void {
    const w = win && !win.isDestroyed() ? win : null;
    if (!w) {
      ensure(true);
      return;
    }
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  }

  ensure(!options.startHidden);

  return {
    show,
    hide: () => {
      if (win && !win.isDestroyed()) win.hide();
    },
    toggle: () => {
      if (win && !win.isDestroyed() && win.isVisible() && win.isFocused()) win.hide();
      else show();
    },
    isVisible: () => !!win && !win.isDestroyed() && win.isVisible(),
    owns: (contents) => !!win && !win.isDestroyed() && win.webContents === contents,
    contents: () => (win && !win.isDestroyed() ? [win.webContents] : []),
    destroy: () => {
      if (saveTimer !== null) timers.clearTimeout(saveTimer);
      if (win && !win.isDestroyed()) win.destroy();
      win = null;
    },
    onVisibilityChange: (listener) => void visibilityListeners.add(listener),
  };
}
