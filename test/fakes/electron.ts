/**
 * The one hand-written Electron fake (Fiddle's habit). Adapter tests swap it in with
 * `vi.mock('electron', () => import('<rel>/test/fakes/electron'))` and then drive and inspect it:
 * emit app/webContents/powerMonitor events, invoke ipcMain handlers with fake events, read what
 * windows, trays and notifications were created with. `resetElectronFake()` between tests.
 *
 * It models only behaviour the adapters rely on; anything else is deliberately missing so a new
 * dependency on Electron shows up as a failing test rather than a silent no-op.
 */
import { EventEmitter } from 'node:events';
import type * as Electron from 'electron';

type Listener = (...args: unknown[]) => unknown;

/** An Electron-style event: listeners call preventDefault() to veto. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(extra: Record<string, unknown> = {}) {
    Object.assign(this, extra);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// ---------------------------------------------------------------------------------------------
// app

class FakeApp extends EventEmitter {
  isPackaged = false;
  name = 'Fruxon Access Console';
  version = '0.1.0';
  ready = false;
  paths: Record<string, string> = { userData: '/tmp/fruxon-fake-user-data', home: '/tmp/fruxon-fake-home', logs: '/tmp/fruxon-fake-user-data/logs' };
  singleInstanceLock = true;
  quitCalls = 0;
  badgeCount: number | null = null;
  badgeSupported = true;
  appUserModelId: string | null = null;
  defaultProtocolClients: Array<{ protocol: string; path?: string; args?: string[] }> = [];
  loginItemSettings: Record<string, unknown> = { openAtLogin: false };
  sandboxEnabled = false;
  focusCalls = 0;

  getPath(name: string): string {
    const p = this.paths[name];
    if (!p) throw new Error(`Failed to get '${name}' path`);
    return p;
  }
  setPath(name: string, value: string): void {
    this.paths[name] = value;
  }
  getName(): string {
    return this.name;
  }
  getVersion(): string {
    return this.version;
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.once('ready', () => resolve()));
  }
  /** Test helper: mark ready and emit 'ready'. */
  emitReady(): void {
    this.ready = true;
    this.emit('ready', new FakeEvent(), {});
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exit(): void {
    this.quitCalls += 1;
  }
  focus(): void {
    this.focusCalls += 1;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  setBadgeCount(count?: number): boolean {
    if (!this.badgeSupported) return false;
    this.badgeCount = count ?? 0;
    return true;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.defaultProtocolClients.push({ protocol, path, args });
    return true;
  }
  setLoginItemSettings(settings: Record<string, unknown>): void {
    this.loginItemSettings = { ...settings };
  }
  getLoginItemSettings(): Electron.LoginItemSettings {
    return { ...this.loginItemSettings } as unknown as Electron.LoginItemSettings;
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
}

// ---------------------------------------------------------------------------------------------
// webContents, frames, windows

export class FakeWebFrameMain {
  constructor(
    public url: string,
    public parent: FakeWebFrameMain | null = null,
  ) {}
  get top(): FakeWebFrameMain {
    return this.parent ? this.parent.top : this;
  }
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  url = '';
  destroyed = false;
  reloadCount = 0;
  sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string; frameName?: string; features?: string; disposition?: string }) => { action: string }) | null = null;
  mainFrame = new FakeWebFrameMain('');
  session = session.defaultSession;

  constructor(public readonly webPreferences: Record<string, unknown> = {}) {
    super();
  }
  loadURL(url: string): Promise<void> {
    this.url = url;
    this.mainFrame.url = url;
    return Promise.resolve();
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  reload(): void {
    this.reloadCount += 1;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Test helper (not an Electron 45 method): the webPreferences the window was created with. */
  getLastWebPreferences(): Record<string, unknown> {
    return { ...this.webPreferences };
  }
  openDevTools(): void {}
  /** Test helper: emit a navigation-style event and say whether a listener vetoed it. */
  tryNavigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string, isMainFrame = true): boolean {
    const e = new FakeEvent({ url, isMainFrame, isSameDocument: false, frame: this.mainFrame });
    this.emit(event, e, url, false, isMainFrame, 1, 1);
    return !e.defaultPrevented;
  }
  /** Test helper: run the window-open handler as Chromium would. */
  tryOpenWindow(url: string): { action: string } {
    return this.windowOpenHandler ? this.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window' }) : { action: 'allow' };
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }
  static fromWebContents(wc: unknown): BrowserWindow | null {
    return BrowserWindow.instances.find((w) => w.webContents === wc && !w.destroyed) ?? null;
  }
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.getAllWindows().find((w) => w.focused) ?? null;
  }

  readonly options: Record<string, unknown>;
  readonly webContents: FakeWebContents;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  bounds: { x: number; y: number; width: number; height: number };

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents((options.webPreferences as Record<string, unknown>) ?? {});
    const o = options as { x?: number; y?: number; width?: number; height?: number };
    this.bounds = { x: o.x ?? 0, y: o.y ?? 0, width: o.width ?? 800, height: o.height ?? 600 };
    this.visible = options.show !== false;
    BrowserWindow.instances.push(this);
    app.emit('browser-window-created', new FakeEvent(), this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.visible = true;
    this.focused = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
    this.emit('hide');
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  setBounds(b: Partial<{ x: number; y: number; width: number; height: number }>): void {
    this.bounds = { ...this.bounds, ...b };
  }
  /** Test helper: the user drags/resizes the window. */
  userMoves(b: Partial<{ x: number; y: number; width: number; height: number }>): void {
    this.setBounds(b);
    this.emit('move');
    this.emit('resize');
  }
  /** Like Electron: 'close' can be vetoed; otherwise the window is destroyed and 'closed' follows. */
  close(): void {
    const e = new FakeEvent();
    this.emit('close', e);
    if (!e.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  setMenuBarVisibility(): void {}
  setSkipTaskbar(): void {}
}

// ---------------------------------------------------------------------------------------------
// IPC

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: invoke as Electron would; a throwing handler rejects like ipcRenderer.invoke does. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

/** A fake IpcMainInvokeEvent from a given frame (null = frame destroyed or navigated away). */
export function ipcEvent(frame: FakeWebFrameMain | null, sender?: FakeWebContents): Record<string, unknown> {
  const contents = sender ?? new FakeWebContents();
  return { senderFrame: frame, sender: contents, processId: 1, frameId: 1 };
}

class FakeIpcRenderer extends EventEmitter {
  invocations: Array<{ channel: string; args: unknown[] }> = [];
  respond: (channel: string, args: unknown[]) => unknown = () => undefined;
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return Promise.resolve(this.respond(channel, args));
  }
  send(): void {
    throw new Error('ipcRenderer.send is not used by this app');
  }
  /** Test helper: main pushes a message; listeners get (event, ...args) like Electron. */
  push(channel: string, ...args: unknown[]): void {
    this.emit(channel, { sender: this, senderId: 0, ports: [] }, ...args);
  }
}

class FakeContextBridge {
  exposed: Record<string, unknown> = {};
  exposeInMainWorld(key: string, api: unknown): void {
    if (key in this.exposed) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    this.exposed[key] = api;
  }
}

// ---------------------------------------------------------------------------------------------
// Notifications, tray, menus, images

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  closed = false;
  constructor(public readonly options: { title?: string; body?: string; silent?: boolean; [k: string]: unknown } = {}) {
    super();
    Notification.instances.push(this);
  }
  show(): void {
    this.shown = true;
    this.emit('show', new FakeEvent());
  }
  close(): void {
    this.closed = true;
    this.emit('close', new FakeEvent());
  }
  /** Test helper: the user clicks the notification. */
  click(): void {
    this.emit('click', new FakeEvent());
  }
}

export class FakeNativeImage {
  constructor(
    public readonly buffer: Buffer | null,
    public readonly source: string,
    /** Pixels per point the image was made for (createFromBuffer's `scaleFactor`, 1 by default). */
    public readonly scaleFactor = 1,
  ) {}
  isEmpty(): boolean {
    return !this.buffer || this.buffer.length === 0;
  }
  getSize(): { width: number; height: number } {
    // PNG IHDR: width/height at bytes 16..23.
    if (!this.buffer || this.buffer.length < 24) return { width: 0, height: 0 };
    return { width: this.buffer.readUInt32BE(16), height: this.buffer.readUInt32BE(20) };
  }
  setTemplateImage(): void {}
  toPNG(): Buffer {
    return this.buffer ?? Buffer.alloc(0);
  }
}

const nativeImage = {
  createFromBuffer: (buffer: Buffer, options?: { scaleFactor?: number }) => new FakeNativeImage(buffer, 'buffer', options?.scaleFactor ?? 1),
  createFromPath: (p: string) => new FakeNativeImage(null, p),
  createEmpty: () => new FakeNativeImage(null, 'empty'),
};

export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: (...args: unknown[]) => unknown;
  submenu?: FakeMenuItem[];
}

export class Menu {
  static applicationMenu: Menu | null | undefined = undefined;
  static buildFromTemplate(template: FakeMenuItem[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu;
  }
  constructor(public readonly items: FakeMenuItem[] = []) {}
  /** Test helper: find an item by label anywhere in the menu (submenus included). */
  find(label: string | RegExp): FakeMenuItem | undefined {
    const match = (l?: string) => (typeof label === 'string' ? l === label : !!l && label.test(l));
    const walk = (items: FakeMenuItem[]): FakeMenuItem | undefined => {
      for (const item of items) {
        if (match(item.label)) return item;
        const inner = item.submenu ? walk(item.submenu) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    return walk(this.items);
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: Menu | null = null;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: Menu | null): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

// ---------------------------------------------------------------------------------------------
// safeStorage (configurable backend and availability)

const ENC_PREFIX = Buffer.from('FAKE-OS-ENC:');

class FakeSafeStorage {
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' = 'gnome_libsecret';
  available = true;
  shouldReEncrypt = false;
  /** Set to a key id to simulate a rotated key: older blobs then fail to decrypt. */
  keyId = 'k1';
  calls: string[] = [];

  private encode(plain: string): Buffer {
    // Not encryption; only enough structure for tests to see ciphertext is not plaintext on disk.
    return Buffer.concat([ENC_PREFIX, Buffer.from(`${this.keyId}:`), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]);
  }
  private decode(buf: Buffer): string {
    const head = Buffer.concat([ENC_PREFIX, Buffer.from(`${this.keyId}:`)]);
    if (!Buffer.isBuffer(buf) || buf.length < head.length || !buf.subarray(0, head.length).equals(head)) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
    return Buffer.from(buf.subarray(head.length).map((b) => b ^ 0x5a)).toString('utf8');
  }
  isEncryptionAvailable(): boolean {
    this.calls.push('isEncryptionAvailable');
    return this.available;
  }
  isAsyncEncryptionAvailable(): Promise<boolean> {
    this.calls.push('isAsyncEncryptionAvailable');
    return Promise.resolve(this.available);
  }
  getSelectedStorageBackend(): FakeSafeStorage['backend'] {
    return this.backend;
  }
  encryptString(plain: string): Buffer {
    this.calls.push('encryptString');
    if (!this.available) throw new Error('Encryption is not available.');
    return this.encode(plain);
  }
  decryptString(buf: Buffer): string {
    this.calls.push('decryptString');
    return this.decode(buf);
  }
  async encryptStringAsync(plain: string): Promise<Buffer> {
    this.calls.push('encryptStringAsync');
    if (!this.available) throw new Error('Encryption is not available.');
    return this.encode(plain);
  }
  async decryptStringAsync(buf: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    this.calls.push('decryptStringAsync');
    return { result: this.decode(buf), shouldReEncrypt: this.shouldReEncrypt };
  }
  setUsePlainTextEncryption(): void {}
}

// ---------------------------------------------------------------------------------------------
// protocol, session, shell, globalShortcut, screen, clipboard, powerMonitor

class FakeProtocol {
  privileged: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (app.ready) throw new Error('registerSchemesAsPrivileged must be called before app is ready');
    this.privileged = schemes;
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme ${scheme} is already handled`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
  /** Test helper: what the renderer would get for a URL on a handled scheme. */
  async request(url: string, init?: RequestInit): Promise<Response> {
    const scheme = url.slice(0, url.indexOf(':'));
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${scheme}`);
    // Request() refuses unknown schemes in Node; hand the handler a minimal stand-in.
    return handler({ url, method: init?.method ?? 'GET', headers: new Headers(init?.headers) } as unknown as Request);
  }
}

class FakeSession {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener | null): void {
    this.devicePermissionHandler = handler;
  }
  /** Test helper: ask the request handler like Chromium would; resolves with the decision (true if no handler, as Electron). */
  requestPermission(permission: string, webContents: unknown = null): Promise<boolean> {
    if (!this.permissionRequestHandler) return Promise.resolve(true);
    return new Promise((resolve) => this.permissionRequestHandler!(webContents, permission, resolve, { requestingUrl: 'app://console/' }));
  }
  checkPermission(permission: string): boolean {
    if (!this.permissionCheckHandler) return true;
    return this.permissionCheckHandler(null, permission, 'app://console', { requestingUrl: 'app://console/' }) as boolean;
  }
}

const session = { defaultSession: new FakeSession() };

class FakeShell {
  opened: string[] = [];
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
  openPath(): Promise<string> {
    return Promise.resolve('');
  }
}

class FakeGlobalShortcut {
  registered = new Map<string, () => void>();
  /** Accelerators another application holds: register() returns false for them. */
  taken = new Set<string>();
  /**
   * Electron converts the accelerator argument of register, unregister and isRegistered alike,
   * and throws when it cannot (an empty string has no key, so it cannot either).
   */
  private convert(accelerator: string): void {
    if (!/^[A-Za-z0-9+ ]+$/.test(accelerator)) throw new Error(`Error processing argument: conversion failure from ${accelerator}`);
  }
  register(accelerator: string, callback: () => void): boolean {
    this.convert(accelerator);
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.convert(accelerator);
    this.registered.delete(accelerator);
  }
  unregisterAll(): void {
    this.registered.clear();
  }
  isRegistered(accelerator: string): boolean {
    this.convert(accelerator);
    return this.registered.has(accelerator);
  }
  /** Test helper: the user presses the accelerator. */
  press(accelerator: string): void {
    this.registered.get(accelerator)?.();
  }
}

interface FakeDisplay {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  workArea: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
}

class FakeScreen extends EventEmitter {
  displays: FakeDisplay[] = [
    { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 },
  ];
  getAllDisplays(): FakeDisplay[] {
    return this.displays;
  }
  getPrimaryDisplay(): FakeDisplay {
    const d = this.displays[0];
    if (!d) throw new Error('no display');
    return d;
  }
}

/** Electron 45's clipboard is promise-based (W3C-style), as electron.d.ts says. */
class FakeClipboard {
  text = '';
  writeText(text: string): Promise<void> {
    this.text = text;
    return Promise.resolve();
  }
  readText(): Promise<string> {
    return Promise.resolve(this.text);
  }
}

/** `net.isOnline()` (main process): what the OS says about the network; tests flip `online`. */
class FakeNet {
  online = true;
  isOnline(): boolean {
    return this.online;
  }
}

// ---------------------------------------------------------------------------------------------
// Singletons and reset

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();
export const contextBridge = new FakeContextBridge();
export const safeStorage = new FakeSafeStorage();
export const protocol = new FakeProtocol();
export const shell = new FakeShell();
export const globalShortcut = new FakeGlobalShortcut();
export const screen = new FakeScreen();
export const clipboard = new FakeClipboard();
export const powerMonitor = new EventEmitter();
export const net = new FakeNet();
export { nativeImage, session };

/** Restores every singleton and class registry to its initial state. */
export function resetElectronFake(): void {
  for (const emitter of [app, ipcMain, ipcRenderer, powerMonitor, screen]) emitter.removeAllListeners();
  Object.assign(app, new FakeApp());
  Object.assign(ipcMain, { handlers: new Map() });
  Object.assign(ipcRenderer, { invocations: [], respond: () => undefined });
  contextBridge.exposed = {};
  Object.assign(safeStorage, new FakeSafeStorage());
  Object.assign(protocol, new FakeProtocol());
  Object.assign(session.defaultSession, new FakeSession());
  shell.opened = [];
  Object.assign(globalShortcut, new FakeGlobalShortcut());
  Object.assign(screen, new FakeScreen());
  clipboard.text = '';
  net.online = true;
  BrowserWindow.instances = [];
  Notification.instances = [];
  Notification.supported = true;
  Tray.instances = [];
  Menu.applicationMenu = undefined;
}

// electron-store does `import electron from 'electron'`; give it the same objects.
export default {
  app,
  BrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  Notification,
  Tray,
  Menu,
  nativeImage,
  safeStorage,
  protocol,
  session,
  shell,
  globalShortcut,
  screen,
  clipboard,
  powerMonitor,
  net,
};
