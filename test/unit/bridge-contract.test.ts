/**
 * One contract suite, run against both bridges: the Electron IPC path (registerIpcHandlers on the
 * Electron fake, the real preload transport, every message structured-cloned as Electron does)
 * and the HTTP path (the real browser host on loopback, the real HTTP bridge over fetch and an
 * event stream). Each scenario must give the same answer on both, and the same answer as the
 * contract promises.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createAppApi,
  INVOKE_CHANNELS,
  Invoke,
  Push,
  type AppApi,
  type InvokeHandlers,
  type PushChannel,
  type PushContract,
  type QueueSnapshot,
  type Transport,
} from '../../src-shared/contract';
import { ok } from '../../src-shared/domain';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { registerIpcHandlers } from '../../src-main/adapters/ipc';
import { startBrowserHost } from '../../src-main/browser-host/server';
import { INTERNAL_ERROR_MESSAGE } from '../../src-main/core/bridge/invoke-dispatch';
import { createHttpTransport } from '../../src-preload/http-bridge';
import { createIpcTransport } from '../../src-preload/ipc-transport';
import { aRequest, aWorkspace } from '../fakes/builders';
import { FakeWebContents, FakeWebFrameMain, ipcEvent, ipcMain, resetElectronFake } from '../fakes/electron';
import { NodeEventSource } from '../fakes/node-event-source';

vi.mock('electron', () => import('../fakes/electron'));

/** A credential the core knows, with the stray spaces a paste leaves; servers echo it trimmed. */
const TOKEN = '  fx_pat_contract_SECRET_0123456789  ';
const ECHOED = TOKEN.trim();

type Listener = <P extends PushChannel>(channel: P, payload: PushContract[P]) => void;

const rows = (n: number, tag: string) => Array.from({ length: n }, (_, i) => aRequest({ id: `${tag}-${i}`, displayName: `Sender ${tag} ${i}`, createdAt: 1000 + i }));
const INITIAL: QueueSnapshot = { seq: 1, generatedAt: 1, requests: rows(120, 'a'), workspaces: [aWorkspace()], requestsRev: 1 };

/** The same deterministic core behind both bridges. */
function contractCore() {
  const listeners = new Set<Listener>();
  let current = INITIAL;
  const handlers = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, async () => ok(null)])) as unknown as InvokeHandlers;
  Object.assign(handlers, {
    [Invoke.getSnapshot]: async () => current,
    [Invoke.getSettings]: async () => ({ settings: DEFAULT_SETTINGS, notice: null }),
    [Invoke.getInfo]: async () => ({ version: '1.2.3', host: 'electron', platform: 'linux' }),
    [Invoke.approve]: async () => {
      throw new Error(`boom with ${ECHOED}`);
    },
    [Invoke.copyDiagnostics]: async () => {
      throw new TypeError('diagnostics broke');
    },
    // A server that echoed the token into a message the core failed to clean.
    [Invoke.listParticipants]: async () => ({ ok: false, error: { code: 'validation', message: `The server said: bad token ${ECHOED}` } }),
  });
  return {
    handlers,
    secrets: () => [TOKEN],
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    publish(s: QueueSnapshot) {
      current = s;
      for (const l of listeners) l(Push.snapshot, s);
    },
  };
}

interface Bridge {
  api: AppApi;
  transport: Transport;
  core: ReturnType<typeof contractCore>;
  close(): Promise<void>;
}

/** Electron: the IPC adapter on the fake, the preload transport, structured clone in between. */
async function ipcBridge(): Promise<Bridge> {
  resetElectronFake();
  const core = contractCore();
  const contents = new FakeWebContents();
  await contents.loadURL('app://console/index.html');
  const renderer = new EventEmitter();
  contents.send = (channel: string, ...args: unknown[]) => void renderer.emit(channel, { sender: 'ipcRenderer' }, ...structuredClone(args));
  const dispose = registerIpcHandlers({ core, appOrigin: 'app://console', isOurContents: (wc) => wc === contents, pushTargets: () => [contents] });
  const frame = new FakeWebFrameMain('app://console/index.html');
  const transport = createIpcTransport({
    invoke: async (channel, ...args) => structuredClone(await ipcMain.invoke(channel, ipcEvent(frame, contents), ...structuredClone(args))),
    on: (channel, listener) => renderer.on(channel, listener),
    removeListener: (channel, listener) => renderer.removeListener(channel, listener),
  });
  return { api: createAppApi(transport), transport, core, close: async () => dispose() };
}

/** Browser host: the real server on loopback, the real HTTP bridge. */
async function httpBridge(): Promise<Bridge> {
  const core = contractCore();
  const dir = mkdtempSync(join(tmpdir(), 'fruxon-contract-'));
  writeFileSync(join(dir, 'bridge.js'), '');
  const host = await startBrowserHost({ core, rendererDir: dir, bridgeFile: join(dir, 'bridge.js'), host: '127.0.0.1' });
  const origin = new URL(host.url).origin;
  const transport = createHttpTransport(host.url, {
    // A browser adds Origin to every POST itself; Node's fetch does not.
    fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: origin } }),
    createEventSource: (url) => new NodeEventSource(url),
  });
  return {
    api: createAppApi(transport),
    transport,
    core,
    close: async () => {
      transport.close();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a call settled with, in a form both bridges can be compared on. */
async function settle(p: Promise<unknown>): Promise<unknown> {
  try {
    return { resolved: await p };
  } catch (err) {
    return { rejected: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Collects the snapshots pushed after the first one (the event stream also sends the current one
 * when it connects; the renderer ignores a seq it already has), with a wait for the n-th.
 */
function collectSnapshots(api: AppApi) {
  const seen: QueueSnapshot[] = [];
  const waiters: Array<() => void> = [];
  const off = api.queue.onChanged((s) => {
    if (s.seq <= INITIAL.seq) return;
    seen.push(s);
    waiters.splice(0).forEach((w) => w());
  });
  return {
    seen,
    off,
    async until(n: number) {
      while (seen.length < n) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

const SCENARIOS: Array<[string, (b: Bridge) => Promise<unknown>, unknown]> = [
  ['a Result channel with valid input answers the handler’s Result', (b) => settle(b.api.requests.reject({ workspaceId: 'w', requestId: 'r' })), { resolved: ok(null) }],
  ['a plain channel answers its value', (b) => settle(b.api.app.info()), { resolved: { version: '1.2.3', host: 'electron', platform: 'linux' } }],
  [
    'bad input on a Result channel is a bad-input Result',
    (b) => settle(b.api.requests.reject({ workspaceId: '', requestId: 'r' })),
    { resolved: { ok: false, error: { code: 'bad-input', message: expect.stringMatching(/^Invalid input for requests:reject: workspaceId: /) } } },
  ],
  [
    'bad input on a plain channel rejects with the same words',
    (b) => settle(b.transport.invoke(Invoke.getSettings, { surprise: 1 } as never)),
    { rejected: expect.stringMatching(/^Invalid input for settings:get: /) },
  ],
  [
    'a throwing handler on a Result channel is an internal Result that says what to do, without its text',
    (b) => settle(b.api.requests.approve({ workspaceId: 'w', requestId: 'r', mode: 'CREATE_NEW' })),
    { resolved: { ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } } },
  ],
  ['a throwing handler on a plain channel rejects with the same words', (b) => settle(b.api.app.copyDiagnostics()), { rejected: INTERNAL_ERROR_MESSAGE }],
  [
    'a token echoed into an answer is redacted, the rest arrives',
    (b) => settle(b.api.participants.list({ workspaceId: 'w' })),
    { resolved: { ok: false, error: { code: 'validation', message: 'The server said: bad token [redacted]' } } },
  ],
  ['a channel outside the contract is refused in the bridge', (b) => settle(b.transport.invoke('evil:channel' as never, undefined as never)), { rejected: 'Unknown channel.' }],
  ['getSnapshot answers the whole snapshot', (b) => settle(b.api.queue.getSnapshot()), { resolved: INITIAL }],
];

const bridges: Array<[string, () => Promise<Bridge>]> = [
  ['Electron IPC (fake)', ipcBridge],
  ['browser host (HTTP)', httpBridge],
];
const outcomes = new Map<string, unknown[]>();

describe.each(bridges)('bridge contract: %s', (name, make) => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await make();
  });
  afterAll(async () => bridge.close());

  it.each(SCENARIOS)('%s', async (_title, run, expected) => {
    const got = await run(bridge);
    expect(got).toEqual(expected);
    outcomes.set(name, [...(outcomes.get(name) ?? []), got]);
  });

  it('pushes arrive as whole snapshots, each equal to what the core published; a token in one is redacted and the console keeps it', async () => {
    const { seen, off, until } = collectSnapshots(bridge.api);
    // The page holds the first snapshot (as the renderer does: subscribe, then getSnapshot).
    await bridge.api.queue.getSnapshot();
    const statusOnly: QueueSnapshot = { ...INITIAL, seq: 2, generatedAt: 2, workspaces: [aWorkspace({ label: 'Renamed' })] };
    const changed = INITIAL.requests.map((r, i) => (i === 7 ? { ...r, status: 'APPROVED' as const, rawStatus: 'APPROVED' } : r));
    const oneNew: QueueSnapshot = { ...statusOnly, seq: 3, requests: [aRequest({ id: 'new-1', createdAt: 1 }), ...changed], requestsRev: 2 };
    const allNew: QueueSnapshot = { ...oneNew, seq: 4, requests: rows(120, 'b'), requestsRev: 3 };
    const leaky: QueueSnapshot = {
      ...allNew,
      seq: 5,
      workspaces: [aWorkspace({ poll: { ...aWorkspace().poll, state: 'error', lastError: { code: 'validation', message: `echo ${ECHOED}` } } })],
    };
    const published = [statusOnly, oneNew, allNew, leaky];
    for (const s of published) bridge.core.publish(s);
    await until(published.length);
    off();
    expect(seen.slice(0, 3)).toEqual(published.slice(0, 3));
    expect(seen[3]!.requests).toEqual(leaky.requests);
    expect(seen[3]!.workspaces[0]!.poll.lastError!.message).toBe('echo [redacted]');
    expect(JSON.stringify(seen)).not.toContain(ECHOED);
    outcomes.set(`${name} pushes`, seen.map((s) => s.seq));
  });
});

describe('bridge contract: both bridges', () => {
  it('answered every scenario identically', () => {
    const [ipc, http] = bridges.map(([name]) => outcomes.get(name));
    expect(ipc).toHaveLength(SCENARIOS.length);
    expect(http).toEqual(ipc);
    expect(outcomes.get(`${bridges[1]![0]} pushes`)).toEqual(outcomes.get(`${bridges[0]![0]} pushes`));
  });
});
