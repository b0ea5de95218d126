/**
 * Compile-time check that the Electron fake (test/fakes/electron.ts) cannot drift from the real
 * API: every member the fake models (test helpers excepted, listed by name) must exist on the
 * type in Electron's own electron.d.ts (installed with the `electron` package) and be assignable
 * to it. `npm run typecheck` compiles this file; nothing runs it. A renamed or retyped Electron
 * member, or a fake member Electron never had, fails the build here.
 */
import type { EventEmitter } from 'node:events';
import type * as Electron from 'electron';
import type * as Fake from './electron';

/**
 * Every member of F but `Helpers` must exist on R; its type must be assignable to R's unless the
 * member is listed in `Shallow` (it holds or takes other fakes, checked by their own line below,
 * or handler types the fake keeps loose): those are checked by name only.
 */
type Conforms<F, R, Helpers extends PropertyKey, Shallow extends PropertyKey = never> = {
  [K in Exclude<keyof F, Helpers>]: K extends keyof R
    ? K extends Shallow
      ? true
      : F[K] extends R[K]
        ? true
        : { member: K; fake: F[K]; electron: R[K] }
    : { member: K; notInElectron: true };
};
type AllTrue<T> = { [K in keyof T]: T[K] extends true ? never : K }[keyof T];
/** `never` when the fake conforms; otherwise the offending member names (shown in the error). */
type Check<F, R, H extends PropertyKey, S extends PropertyKey = never> = AllTrue<Conforms<F, R, H, S>>;
type Assert<T extends never> = T;

type EmitterHelpers = keyof EventEmitter;

export type AppSurface = Assert<
  Check<
    typeof Fake.app,
    Electron.App,
    | EmitterHelpers
    | 'ready'
    | 'paths'
    | 'singleInstanceLock'
    | 'quitCalls'
    | 'badgeCount'
    | 'badgeSupported'
    | 'appUserModelId'
    | 'defaultProtocolClients'
    | 'loginItemSettings'
    | 'sandboxEnabled'
    | 'focusCalls'
    | 'emitReady'
    | 'version'
    | 'name'
  >
>;
// `version` and `name` are real App properties; the fake keeps them writable for tests.
export type WebContentsSurface = Assert<
  Check<
    Fake.FakeWebContents,
    Electron.WebContents,
    // getLastWebPreferences is a test helper: Electron 45 has no such method (this check found it).
    EmitterHelpers | 'url' | 'destroyed' | 'reloadCount' | 'sent' | 'windowOpenHandler' | 'webPreferences' | 'tryNavigate' | 'tryOpenWindow' | 'getLastWebPreferences',
    'mainFrame' | 'session' | 'setWindowOpenHandler'
  >
>;
export type BrowserWindowSurface = Assert<
  Check<Fake.BrowserWindow, Electron.BrowserWindow, EmitterHelpers | 'options' | 'visible' | 'focused' | 'minimized' | 'destroyed' | 'bounds' | 'userMoves', 'webContents'>
>;
export type IpcMainSurface = Assert<Check<typeof Fake.ipcMain, Electron.IpcMain, EmitterHelpers | 'handlers' | 'invoke', 'handle'>>;
export type IpcRendererSurface = Assert<Check<typeof Fake.ipcRenderer, Electron.IpcRenderer, EmitterHelpers | 'invocations' | 'respond' | 'push'>>;
export type ContextBridgeSurface = Assert<Check<typeof Fake.contextBridge, Electron.ContextBridge, 'exposed'>>;
export type NotificationSurface = Assert<Check<Fake.Notification, Electron.Notification, EmitterHelpers | 'shown' | 'closed' | 'options' | 'click'>>;
export type TraySurface = Assert<Check<Fake.Tray, Electron.Tray, EmitterHelpers | 'image' | 'tooltip' | 'menu' | 'destroyed', 'setContextMenu' | 'setImage'>>;
export type MenuSurface = Assert<Check<Fake.Menu, Electron.Menu, 'find', 'items'>>;
export type SafeStorageSurface = Assert<Check<typeof Fake.safeStorage, Electron.SafeStorage, 'backend' | 'available' | 'shouldReEncrypt' | 'keyId' | 'calls'>>;
export type ProtocolSurface = Assert<Check<typeof Fake.protocol, Electron.Protocol, 'privileged' | 'handlers' | 'request'>>;
export type SessionSurface = Assert<
  Check<typeof Fake.session.defaultSession, Electron.Session, 'permissionRequestHandler' | 'permissionCheckHandler' | 'devicePermissionHandler' | 'requestPermission' | 'checkPermission',
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >
>;
export type ShellSurface = Assert<Check<typeof Fake.shell, Electron.Shell, 'opened'>>;
export type GlobalShortcutSurface = Assert<Check<typeof Fake.globalShortcut, Electron.GlobalShortcut, 'registered' | 'taken' | 'press'>>;
export type ScreenSurface = Assert<Check<typeof Fake.screen, Electron.Screen, EmitterHelpers | 'displays', 'getAllDisplays' | 'getPrimaryDisplay'>>;
export type ClipboardSurface = Assert<Check<typeof Fake.clipboard, Electron.Clipboard, 'text'>>;
export type NativeImageSurface = Assert<Check<Fake.FakeNativeImage, Electron.NativeImage, 'buffer' | 'source' | 'scaleFactor'>>;
export type NativeImageModuleSurface = Assert<Check<typeof Fake.nativeImage, typeof Electron.nativeImage, never, 'createFromBuffer' | 'createFromPath' | 'createEmpty'>>;
