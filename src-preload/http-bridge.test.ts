import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_API_KEYS,
  createAppApi,
  Invoke,
  isInvokeChannel,
  parseInvokeInput,
  Push,
  type PushChannel,
  type QueueSnapshot,
  type SettingsView,
} from '../src-shared/contract';
import { ok } from '../src-shared/domain';
import { DEFAULT_SETTINGS } from '../src-shared/settings';
import { NodeEventSource } from '../test/fakes/node-event-source';
import { bridgeBaseUrl, createHttpTransport, freezeApi, type HttpTransport } from './http-bridge';

const SECRET = 'k3yK3yk3yK3yk3yK3yk3yK3yk3yK3y_-';

/** A tiny host speaking the browser host's protocol (invoke POSTs, one event stream) for the channels these tests use. */
async function startHost() {
  let seq = 1;
  const snapshot = (): QueueSnapshot => ({ seq, generatedAt: 0, requests: [], workspaces: [] });
  const settingsView: SettingsView = { settings: DEFAULT_SETTINGS, notice: null };
  const streams = new Set<http.ServerResponse>();
  const invokes: Array<{ channel: string; body: unknown }> = [];
  let failNext: number | null = null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (!url.pathname.startsWith(`/${SECRET}/`)) return void res.writeHead(404).end();
    const rest = url.pathname.slice(SECRET.length + 2);
    if (req.method === 'GET' && rest === 'api/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      res.write(`event: ${Push.snapshot}\ndata: ${JSON.stringify(snapshot())}\n\n`);
      res.write(`event: ${Push.settings}\ndata: ${JSON.stringify(settingsView)}\n\n: ping\n\n`);
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'POST' && rest.startsWith('api/invoke/')) {
      if (req.headers.origin !== origin) return void res.writeHead(403).end();
      if (!String(req.headers['content-type']).startsWith('application/json')) return void res.writeHead(415).end();
      const channel = decodeURIComponent(rest.slice('api/invoke/'.length));
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const body = JSON.parse(raw) as { input: unknown };
        invokes.push({ channel, body });
        if (failNext !== null) {
          const status = failNext;
          failNext = null;
          return void res.writeHead(status).end('oops');
        }
        if (!isInvokeChannel(channel)) return void res.writeHead(404).end();
        const parsed = parseInvokeInput(channel, body.input === null ? undefined : body.input);
        const json = (status: number, value: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
        if (!parsed.ok) return void json(400, { error: parsed.error });
        if (channel === Invoke.getSnapshot) return void json(200, { output: snapshot() });
        return void json(200, { output: ok(null) });
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    base: `http://127.0.0.1:${port}/${SECRET}/`,
    invokes,
    failWith: (status: number) => (failNext = status),
    bumpSeq: () => ++seq,
    push: (channel: PushChannel, payload: unknown) => streams.forEach((s) => s.write(`event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`)),
    dropStreams: () => streams.forEach((s) => s.destroy()),
    streamCount: () => streams.size,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

let host: Awaited<ReturnType<typeof startHost>>;
let transport: HttpTransport | null = null;

function connect(extra: Partial<Parameters<typeof createHttpTransport>[1]> = {}) {
  // A browser adds Origin to every POST itself; Node's fetch does not, so the test does it.
  const browserFetch = (input: string, init?: RequestInit) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: host.origin } });
  transport = createHttpTransport(host.base, {
    fetch: browserFetch,
    createEventSource: (u) => new NodeEventSource(u),
    timers: { setTimeout: (fn, _ms) => setTimeout(fn, 5), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    random: () => 0,
    ...extra,
  });
  return transport;
}

beforeEach(async () => {
  host = await startHost();
});
afterEach(async () => {
  transport?.close();
  transport = null;
  await host.close();
});

describe('HTTP bridge invoke', () => {
  it('posts {"input": null} for no input and returns the output', async () => {
    const api = createAppApi(connect());
    await expect(api.queue.getSnapshot()).resolves.toMatchObject({ seq: 1 });
    expect(host.invokes).toEqual([{ channel: Invoke.getSnapshot, body: { input: null } }]);
  });

  it('posts the input and returns a Result', async () => {
    const api = createAppApi(connect());
    await expect(api.requests.reject({ workspaceId: 'w', requestId: 'r', note: 'spam' })).resolves.toEqual(ok(null));
    expect(host.invokes[0]).toEqual({ channel: Invoke.reject, body: { input: { workspaceId: 'w', requestId: 'r', note: 'spam' } } });
  });

  it('F19: a 400 bad-input answer becomes a failed Result, not a throw', async () => {
    const api = createAppApi(connect());
    const res = await api.requests.reject({ workspaceId: 'w', requestId: 'r', note: 'a\u0000b' });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('other HTTP failures reject with a message', async () => {
    const api = createAppApi(connect());
    host.failWith(500);
    await expect(api.app.info()).rejects.toThrow('HTTP 500');
  });

  it('a host that is gone rejects with "not reachable"', async () => {
    const api = createAppApi(connect({ fetch: () => Promise.reject(new TypeError('fetch failed')) }));
    await expect(api.queue.refreshNow()).rejects.toThrow('not reachable');
  });
});

describe('HTTP bridge events', () => {
  it('S20: delivers the snapshot sent on connect, to a listener with exactly one argument', async () => {
    const api = createAppApi(connect());
    const calls: unknown[][] = [];
    api.queue.onChanged((...args: unknown[]) => calls.push(args));
    await vi.waitFor(() => expect(calls).toEqual([[expect.objectContaining({ seq: 1 })]]));
  });

  it('uses one shared EventSource for every listener and delivers later pushes; unsubscribe stops them', async () => {
    const api = createAppApi(connect());
    const notes: unknown[] = [];
    const settings: unknown[] = [];
    const off = api.notifications.onNew((n) => notes.push(n));
    api.settings.onChanged((s) => settings.push(s));
    await vi.waitFor(() => expect(settings).toHaveLength(1));
    expect(host.streamCount()).toBe(1);
    host.push(Push.notification, { id: 'n1' });
    await vi.waitFor(() => expect(notes).toEqual([{ id: 'n1' }]));
    off();
    host.push(Push.notification, { id: 'n2' });
    host.push(Push.settings, { settings: DEFAULT_SETTINGS, notice: 'x' });
    await vi.waitFor(() => expect(settings).toHaveLength(2));
    expect(notes).toEqual([{ id: 'n1' }]);
  });

  it('reconnects after the stream drops and re-fetches the snapshot', async () => {
    const api = createAppApi(connect());
    const seqs: number[] = [];
    api.queue.onChanged((s) => seqs.push(s.seq));
    await vi.waitFor(() => expect(seqs).toEqual([1]));
    host.bumpSeq();
    host.dropStreams();
    await vi.waitFor(() => expect(host.invokes.map((i) => i.channel)).toContain(Invoke.getSnapshot));
    await vi.waitFor(() => expect(seqs.filter((s) => s === 2).length).toBeGreaterThanOrEqual(1));
    expect(host.streamCount()).toBe(1);
  });

  it('the page receives the initial snapshot once: getSnapshot waits for the one the stream sends on connect', async () => {
    // Real delays here: the wait for the stream (10 s) must not be cut short as reconnects are.
    const api = createAppApi(connect({ timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) } }));
    const pushed: number[] = [];
    api.queue.onChanged((s) => pushed.push(s.seq));
    // What startBridgeSync does: subscribe, then ask.
    await expect(api.queue.getSnapshot()).resolves.toMatchObject({ seq: 1 });
    expect(pushed).toEqual([1]);
    expect(host.invokes.map((i) => i.channel)).not.toContain(Invoke.getSnapshot);
    // While the stream is live, a later ask is answered with what it delivered.
    await expect(api.queue.getSnapshot()).resolves.toMatchObject({ seq: 1 });
    expect(host.invokes).toEqual([]);
  });

  it('getSnapshot fetches the snapshot when the stream cannot deliver it', async () => {
    const listeners = new Map<string, (e: { data?: unknown }) => void>();
    const refused = { readyState: 0, addEventListener: (t: string, l: (e: { data?: unknown }) => void) => void listeners.set(t, l), close: () => undefined };
    // The reconnect never fires here; the fallback must not wait for it.
    const api = createAppApi(connect({ createEventSource: () => refused, timers: { setTimeout: () => 0, clearTimeout: () => undefined } }));
    api.queue.onChanged(() => undefined);
    const answer = api.queue.getSnapshot();
    refused.readyState = 2; // the browser gave up on the stream (e.g. HTTP 503)
    listeners.get('error')?.({});
    await expect(answer).resolves.toMatchObject({ seq: 1 });
    expect(host.invokes.map((i) => i.channel)).toEqual([Invoke.getSnapshot]);
  });

  it('rebuilds a delta against the last snapshot on the stream; one it cannot place is replaced by a fetched whole snapshot', async () => {
    const api = createAppApi(connect());
    const got: QueueSnapshot[] = [];
    api.queue.onChanged((s) => got.push(s));
    await vi.waitFor(() => expect(got).toHaveLength(1));
    const a = { id: 'a' };
    host.push(Push.snapshot, { seq: 2, generatedAt: 0, workspaces: [], requestsRev: 7, requestsColumns: { keys: ['id'], count: 1, columns: [['a']] } });
    host.push(Push.snapshot, { seq: 3, generatedAt: 0, workspaces: [], requestsRev: 8, requestsDelta: { base: 7, ops: [{ id: 'b' }, [0, 1]] } });
    await vi.waitFor(() => expect(got.map((s) => s.seq)).toEqual([1, 2, 3]));
    expect(got[1]!.requests).toEqual([a]);
    expect(got[2]!.requests).toEqual([{ id: 'b' }, a]);
    expect(got[2]!.requests[1]).toBe(got[1]!.requests[0]);
    // A delta against a revision this stream never carried cannot be placed.
    host.bumpSeq();
    host.push(Push.snapshot, { seq: 4, generatedAt: 0, workspaces: [], requestsRev: 9, requestsDelta: { base: 99, ops: [[0, 1]] } });
    await vi.waitFor(() => expect(host.invokes.map((i) => i.channel)).toContain(Invoke.getSnapshot));
    await vi.waitFor(() => expect(got.at(-1)).toMatchObject({ seq: 2, requests: [] }));
    expect(got.map((s) => s.seq)).not.toContain(4);
  });

  it('ignores malformed event data', async () => {
    const api = createAppApi(connect());
    const notes: unknown[] = [];
    api.notifications.onNew((n) => notes.push(n));
    await vi.waitFor(() => expect(host.streamCount()).toBe(1));
    host.push(Push.notification, 'ok-1');
    host.push('notify:new-pending' as PushChannel, undefined);
    await vi.waitFor(() => expect(notes).toEqual(['ok-1']));
  });
});

describe('bridge object', () => {
  it('S20: Object.keys(window.fruxon) equals the allowlist and methods cannot be swapped', () => {
    const api = freezeApi(createAppApi(connect()));
    expect(Object.keys(api)).toEqual([...APP_API_KEYS]);
    expect(() => {
      (api.requests as { approve: unknown }).approve = () => 'hijacked';
    }).toThrow(TypeError);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('computes the base URL from the page location', () => {
    expect(bridgeBaseUrl('http://127.0.0.1:5000', `/${SECRET}/`)).toBe(`http://127.0.0.1:5000/${SECRET}/`);
    expect(bridgeBaseUrl('http://localhost:5000', `/${SECRET}/index.html`)).toBe(`http://localhost:5000/${SECRET}/`);
  });
});
