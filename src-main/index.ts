/**
 * Electron composition root: create the services, register the handlers, nothing else. Every
 * decision lives in src-main/core (Electron-free, tested in Node); every Electron call lives in
 * src-main/adapters. Read top to bottom, this is the app's table of contents.
 *
 * `ready` settles once the console runs (or with null when this is a second instance); the
 * composition-root test (test/unit/composition-root.test.ts) starts this file against the
 * Electron fake and checks every step below.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, session } from 'electron';
import { createConsoleCore, type ConsoleCore } from './core/console-core';
import { DEMO_PACE } from './core/accounts/demo-workspace';
import { APP_ENTRY_URL, APP_ORIGIN } from './core/security/protocol-path';
import { createDeepLinkRouter, registerDeepLinks } from './adapters/deep-links';
import { createCopyDiagnosticsHandler } from './adapters/diagnostics';
import { openExternalSafely } from './adapters/external';
import { createGlobalShortcut } from './adapters/global-shortcut';
import { registerIpcHandlers } from './adapters/ipc';
import { createFileLogger, createSecretRegistry } from './adapters/logger';
import { applyStartAtLogin, launchedHidden } from './adapters/login-items';
import { createNotifier, prepareNotifications } from './adapters/notifications';
import { watchNetwork } from './adapters/network';
import { registerPowerHandlers } from './adapters/power';
import { registerAppProtocol, registerAppSchemePrivileges } from './adapters/protocol';
import { onPush } from './adapters/push';
import { createElectronKeyValueStore } from './adapters/settings-store';
import { acquireSingleInstance } from './adapters/single-instance';
import { createTray } from './adapters/tray';
import { createElectronUpdater, loadAutoUpdater, updateSetup } from './adapters/updater';
import { createSafeStorageVault } from './adapters/vault';
import { createWindowController, denyAllPermissions, hardenWebContents, type WindowController } from './adapters/window';
import { Push } from '../src-shared/contract';

const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(here, '../preload/index.cjs');
const RENDERER_DIR = path.join(here, '../renderer');
// electron-vite dev serves the renderer over http; packaged builds use app://console.
const DEV_URL = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const APP_URL = DEV_URL ?? APP_ENTRY_URL;
const APP_ORIGIN_IN_USE = DEV_URL ? new URL(DEV_URL).origin : APP_ORIGIN;

async function main(): Promise<{ core: ConsoleCore } | null> {
  // A test or a second profile can point the console at another data dir (also scopes the lock).
  if (process.env.FRUXON_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.FRUXON_USER_DATA_DIR));

  let core: ConsoleCore | null = null;
  let windows: WindowController | null = null;
  let quitting = false;
  const links = createDeepLinkRouter(() => windows?.show());

  // 1. One instance (F44); a second launch focuses us and may carry a deep link.
  const onSecondInstance = (argv: readonly string[]) => {
    windows?.show();
    links.handleArgv(argv);
  };
  if (!acquireSingleInstance({ onSecondInstance })) return null;

  // 2. Before ready: sandbox everything (S4), privileged app:// scheme (S18), deep links.
  app.enableSandbox();
  registerAppSchemePrivileges();
  registerDeepLinks(links);
  const openExternal = (url: string) => void openExternalSafely(url).catch(() => undefined);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { appOrigin: APP_ORIGIN_IN_USE, openExternal }));
  app.on('before-quit', () => {
    quitting = true;
  });
  // The console lives in the tray: closing every window is not quitting.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();

  // 3. Storage, secrets, logs. Tokens the vault handles plus every one the core has seen.
  const userData = app.getPath('userData');
  const secrets = createSecretRegistry();
  secrets.add(process.env.FRUXON_TOKEN);
  const knownSecrets = () => [...secrets.list(), ...(core?.secrets() ?? [])];
  const log = createFileLogger({ dir: path.join(userData, 'logs'), secrets: knownSecrets, echo: !app.isPackaged });
  const dataStore = createElectronKeyValueStore({ dir: userData, log });
  const vault = await createSafeStorageVault({ dir: userData, log, onSecret: secrets.add });

  // 4. Session and renderer delivery (S5, S7, S18).
  denyAllPermissions(session.defaultSession);
  registerAppProtocol(RENDERER_DIR, log);
  prepareNotifications();

  // 5. Self-update (packaged builds only), then the core with its host effects.
  const setup = updateSetup({ isPackaged: app.isPackaged, env: process.env });
  const updater = setup.ok ? createElectronUpdater({ updater: await loadAutoUpdater(), feedUrl: setup.feedUrl, log }) : null;
  const notify = createNotifier({
    log,
    onClick: (ref) => {
      windows?.show();
      if (ref) core?.openRequest(ref);
    },
  });
  const consoleCore = createConsoleCore({
    host: { version: app.getVersion(), host: 'electron', platform: process.platform },
    env: process.env,
    dataStore,
    vault,
    startDemo: () =>
      import('../src-sim').then((m) => m.startSimulator(DEMO_PACE)),
    notify,
    openExternal: openExternalSafely,
    updater,
    updatesOffReason: setup.ok ? undefined : setup.reason,
    log,
  });
  core = consoleCore;

  // 6. Window, IPC, tray, power, network, shortcut, login item, deep links.
  const win = createWindowController({
    appUrl: APP_URL,
    appOrigin: APP_ORIGIN_IN_USE,
    preloadPath: PRELOAD,
    initialBounds: consoleCore.settings().windowBounds,
    saveBounds: (windowBounds) => void consoleCore.handlers['settings:update']({ windowBounds }),
    openExternal,
    isQuitting: () => quitting,
    devTools: !app.isPackaged,
    startHidden: launchedHidden(),
    log,
  });
  windows = win;
  registerIpcHandlers({
    core: consoleCore,
    appOrigin: APP_ORIGIN_IN_USE,
    isOurContents: win.owns,
    pushTargets: win.contents,
    overrides: { 'app:copy-diagnostics': createCopyDiagnosticsHandler(consoleCore, knownSecrets, () => [`Log file: ${log.path}`]) },
    knownSecrets,
    log,
  });
  // Main's own messages: silent, opening no request (an empty title shows the app's name).
  const tell = (body: string, title = '') => notify({ title, body, requests: [], sound: false });
  const tray = createTray({ core: consoleCore, window: win, quit: () => app.quit(), tell, log });
  registerPowerHandlers(consoleCore);
  const stopWatchingNetwork = watchNetwork(consoleCore); // F35: net.isOnline() → the core's offline policy
  const shortcut = createGlobalShortcut(() => win.toggle());
  let startAtLogin: boolean | null = null;
  const applySettings = () => {
    const settings = consoleCore.settings();
    const result = shortcut.apply(settings.globalShortcut);
    if (!result.ok) {
      log.warn(result.error.message);
      tell(result.error.message, 'Shortcut not available');
      // Keep the stored value truthful: what is registered is what the settings say (apply only
      // fails for a shortcut other than the registered one, so this always changes them).
      void consoleCore.handlers['settings:update']({ globalShortcut: shortcut.current() });
    }
    if (settings.startAtLogin !== startAtLogin) {
      startAtLogin = settings.startAtLogin;
      const r = applyStartAtLogin(startAtLogin);
      if (!r.ok) log.warn(r.error.message);
    }
  };
  onPush(consoleCore, Push.settings, applySettings);
  app.on('activate', () => win.show());
  app.on('will-quit', () => {
    stopWatchingNetwork();
    shortcut.dispose();
    tray.destroy();
  });
  app.on('before-quit', () => void consoleCore.stop());

  await consoleCore.start();
  applySettings();
  // Links wait until the core knows its workspaces (a link that names none resolves against them).
  links.attach(consoleCore);
  links.handleArgv(process.argv); // Windows/Linux: launched by clicking a link
  return { core: consoleCore };
}

export const ready = main();
