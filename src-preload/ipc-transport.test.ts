import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_API_KEYS, BRIDGE_GLOBAL, Invoke, Push, type AppApi, type QueueSnapshot } from '../src-shared/contract';
import { contextBridge, ipcRenderer, resetElectronFake } from '../test/fakes/electron';
import { createIpcTransport } from './ipc-transport';

vi.mock('electron', () => import('../test/fakes/electron'));

const SNAPSHOT: QueueSnapshot = { seq: 7, generatedAt: 1, requests: [], workspaces: [] };

let exposedKeys: string[] = [];
let preloadApi: AppApi;

// The preload runs once per page, like in Electron: load it once and keep what it exposed.
beforeAll(async () => {
  resetElectronFake();
  await import('./index');
  exposedKeys = Object.keys(contextBridge.exposed);
  preloadApi = contextBridge.exposed[BRIDGE_GLOBAL] as AppApi;
});

beforeEach(() => {
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations = [];
  ipcRenderer.respond = () => undefined;
});

const loadPreload = async (): Promise<AppApi> => preloadApi;

describe('Electron preload', () => {
  it('S20: exposes exactly the AppApi keys as window.fruxon, and not ipcRenderer', async () => {
    const api = await loadPreload();
    expect(exposedKeys).toEqual([BRIDGE_GLOBAL]);
    expect(Object.keys(api)).toEqual([...APP_API_KEYS]);
    const flat = JSON.stringify(Object.fromEntries(Object.entries(api).map(([k, v]) => [k, Object.keys(v)])));
    expect(flat).not.toMatch(/ipcRenderer|send|invoke|\bon\b/);
  });

  it('S20: a listener receives exactly one argument (the payload, never the IpcRendererEvent)', async () => {
    const api = await loadPreload();
    const calls: unknown[][] = [];
    api.queue.onChanged((...args: unknown[]) => calls.push(args));
    ipcRenderer.push(Push.snapshot, SNAPSHOT, 'extra');
    expect(calls).toEqual([[SNAPSHOT]]);
  });

  it('unsubscribe removes the ipcRenderer listener', async () => {
    const api = await loadPreload();
    const cb = vi.fn();
    const off = api.notifications.onNew(cb);
    expect(ipcRenderer.listenerCount(Push.notification)).toBe(1);
    off();
    expect(ipcRenderer.listenerCount(Push.notification)).toBe(0);
    ipcRenderer.push(Push.notification, {});
    expect(cb).not.toHaveBeenCalled();
  });

  it('invokes send zero arguments without input and exactly one with input', async () => {
    const api = await loadPreload();
    ipcRenderer.respond = (channel) => ({ ok: true, output: channel === Invoke.getSnapshot ? SNAPSHOT : { ok: true, value: null } });
    await expect(api.queue.getSnapshot()).resolves.toEqual(SNAPSHOT);
    await api.requests.reject({ workspaceId: 'w', requestId: 'r' });
    expect(ipcRenderer.invocations).toEqual([
      { channel: Invoke.getSnapshot, args: [] },
      { channel: Invoke.reject, args: [{ workspaceId: 'w', requestId: 'r' }] },
    ]);
  });
});

describe('createIpcTransport', () => {
  it('refuses channels outside the contract', async () => {
    const t = createIpcTransport(ipcRenderer);
    await expect(t.invoke('evil:channel' as never, undefined as never)).rejects.toThrow('Unknown channel.');
    expect(() => t.on('evil:push' as never, () => undefined)).toThrow('Unknown channel.');
    expect(ipcRenderer.invocations).toEqual([]);
  });
});
