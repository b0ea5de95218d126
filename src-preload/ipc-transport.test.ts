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

  it('one ipcRenderer listener serves every snapshot subscriber; it is removed with the last one', () => {
    const t = createIpcTransport(ipcRenderer);
    const a: number[] = [];
    const b: number[] = [];
    const offA = t.on(Push.snapshot, (s) => a.push(s.seq));
    const offB = t.on(Push.snapshot, (s) => b.push(s.seq));
    expect(ipcRenderer.listenerCount(Push.snapshot)).toBe(1);
    ipcRenderer.push(Push.snapshot, SNAPSHOT);
    offA();
    expect(ipcRenderer.listenerCount(Push.snapshot)).toBe(1);
    ipcRenderer.push(Push.snapshot, { ...SNAPSHOT, seq: 8 });
    expect(a).toEqual([7]);
    expect(b).toEqual([7, 8]);
    offB();
    expect(ipcRenderer.listenerCount(Push.snapshot)).toBe(0);
  });

  it('other pushes reach their listener with the payload', () => {
    const t = createIpcTransport(ipcRenderer);
    const got: unknown[] = [];
    t.on(Push.notification, (n) => got.push(n));
    ipcRenderer.push(Push.notification, { id: 'n1' });
    expect(got).toEqual([{ id: 'n1' }]);
  });

  it('a snapshot listener that throws does not keep the snapshot from the others', () => {
    const t = createIpcTransport(ipcRenderer);
    const got: number[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      t.on(Push.snapshot, () => {
        throw new Error('listener bug');
      });
      t.on(Push.snapshot, (s) => got.push(s.seq));
      ipcRenderer.push(Push.snapshot, SNAPSHOT);
      expect(got).toEqual([7]);
      expect(errors).toHaveBeenCalledWith('fruxon bridge listener failed', expect.any(Error));
    } finally {
      errors.mockRestore();
    }
  });

  it('a delta it cannot place is replaced by the whole snapshot, read once however many such frames arrive meanwhile', async () => {
    const t = createIpcTransport(ipcRenderer);
    const got: number[] = [];
    t.on(Push.snapshot, (s) => got.push(s.seq));
    let answer: (v: unknown) => void = () => undefined;
    ipcRenderer.respond = () => new Promise((r) => (answer = r));
    const lost = { seq: 9, generatedAt: 0, workspaces: [], requestsRev: 5, requestsDelta: { base: 99, ops: [] } };
    ipcRenderer.push(Push.snapshot, lost);
    ipcRenderer.push(Push.snapshot, { ...lost, seq: 10 });
    expect(ipcRenderer.invocations).toEqual([{ channel: Invoke.getSnapshot, args: [] }]);
    answer({ ok: true, output: { ...SNAPSHOT, seq: 10 } });
    await vi.waitFor(() => expect(got).toEqual([10]));
    // Once that read is over, the next lost frame reads again.
    ipcRenderer.respond = () => ({ ok: true, output: { ...SNAPSHOT, seq: 11 } });
    ipcRenderer.push(Push.snapshot, { ...lost, seq: 11 });
    await vi.waitFor(() => expect(got).toEqual([10, 11]));
    expect(ipcRenderer.invocations).toHaveLength(2);
  });

  it('a whole snapshot this window cannot read rejects with what to do', async () => {
    const t = createIpcTransport(ipcRenderer);
    ipcRenderer.respond = () => ({ ok: true, output: { seq: 1, generatedAt: 0, workspaces: [], requestsRev: 1, requestsDelta: { base: 0, ops: [] } } });
    await expect(t.invoke(Invoke.getSnapshot, undefined)).rejects.toThrow('The console sent a queue this window could not read. Reload the window (Ctrl+R).');
  });
});
