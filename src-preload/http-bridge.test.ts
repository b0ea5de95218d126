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

/** An EventSource the test drives, and timers it fires by hand: the stream's life cycle without a network. */
function scripted() {
  const sources: Array<{ url: string; readyState: number; closed: boolean; on: Map<string, (e: { data?: unknown }) => void> }> = [];
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const fetched: string[] = [];
  const snapshot = { seq: 9, generatedAt: 0, requests: [], workspaces: [] };
  const t = createHttpTransport('http://127.0.0.1:1/s3cret', {
    fetch: async (input) => {
      fetched.push(input);
      return new Response(JSON.stringify({ output: snapshot }), { status: 200 });
    },
    createEventSource: (url) => {
      const es = { url, readyState: 0, closed: false, on: new Map<string, (e: { data?: unknown }) => void>() };
      sources.push(es);
      return {
        get readyState() {
          return es.readyState;
        },
        addEventListener: (type, l) => void es.on.set(type, l),
        close: () => void (es.closed = true),
      };
    },
    timers: {
      setTimeout: (fn, ms) => timers.push({ fn, ms, cleared: false }) - 1,
      clearTimeout: (h) => void (timers[h as number]!.cleared = true),
    },
    random: () => 0,
  });
  /** The browser gives up on the newest stream (an HTTP error): readyState CLOSED, then "error". */
  const giveUp = (i = sources.length - 1) => {
    sources[i]!.readyState = 2;
    sources[i]!.on.get('error')!({});
  };
  const fireLast = () => {
    const timer = timers.at(-1)!;
    expect(timer.cleared).toBe(false);
    timer.fn();
  };
  return { t, sources, timers, fetched, giveUp, fireLast };
}

describe('HTTP bridge stream life cycle (scripted EventSource and timers)', () => {
  it('a base URL without its trailing slash gets one; the stream is opened once for every listener', () => {
    const { t, sources } = scripted();
    t.on(Push.snapshot, () => undefined);
    t.on(Push.settings, () => undefined);
    t.on(Push.snapshot, () => undefined);
    expect(sources.map((s) => s.url)).toEqual(['http://127.0.0.1:1/s3cret/api/events']);
  });

  it('reconnects with a doubling delay (half to all of 1 s, 2 s, 4 s … up to 30 s), back to 1 s once a stream opens', () => {
    const { t, sources, timers, giveUp, fireLast } = scripted();
    t.on(Push.snapshot, () => undefined);
    const delays: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      giveUp();
      delays.push(timers.at(-1)!.ms);
      fireLast();
    }
    // random() = 0: half of each ceiling (1, 2, 4, 8, 16, 30, 30 s).
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
    expect(sources).toHaveLength(8);
    expect(sources.slice(0, -1).every((s) => s.closed)).toBe(true);
    sources.at(-1)!.on.get('open')!({});
    giveUp();
    expect(timers.at(-1)!.ms).toBe(500);
  });

  it('with random() = 1 the delay is the whole ceiling', () => {
    const delays: number[] = [];
    const t = createHttpTransport('http://127.0.0.1:1/x/', {
      fetch: async () => new Response('{}'),
      createEventSource: () => ({ readyState: 2, addEventListener: (type, l) => type === 'error' && queueMicrotask(() => l({})), close: () => undefined }),
      timers: { setTimeout: (_fn, ms) => delays.push(ms), clearTimeout: () => undefined },
      random: () => 1,
    });
    t.on(Push.snapshot, () => undefined);
    return vi.waitFor(() => expect(delays).toEqual([1000]));
  });

  it('one drop schedules one reconnect, however many errors the closed stream reports', () => {
    const { t, timers, sources, giveUp } = scripted();
    t.on(Push.snapshot, () => undefined);
    giveUp();
    sources[0]!.on.get('error')!({});
    expect(timers).toHaveLength(1);
  });

  it('an error while the browser is still reconnecting by itself (CONNECTING) leaves the stream to it', () => {
    const { t, timers, sources } = scripted();
    t.on(Push.snapshot, () => undefined);
    sources[0]!.readyState = 0;
    sources[0]!.on.get('error')!({});
    expect(sources[0]!.closed).toBe(false);
    expect(timers).toHaveLength(0);
  });

  it('events and errors from a stream that was replaced are ignored', async () => {
    const { t, sources, timers, giveUp, fireLast, fetched } = scripted();
    const got: unknown[] = [];
    t.on(Push.notification, (n) => got.push(n));
    sources[0]!.on.get('open')!({}); // it had been open once: a live stream's reopen would re-fetch
    giveUp();
    fireLast();
    expect(sources).toHaveLength(2);
    sources[0]!.on.get(Push.notification)!({ data: '"from the old stream"' });
    sources[0]!.on.get('open')!({});
    sources[0]!.on.get('error')!({});
    sources[1]!.on.get(Push.notification)!({ data: '"from the new stream"' });
    expect(got).toEqual(['from the new stream']);
    expect(timers).toHaveLength(1);
    await Promise.resolve();
    expect(fetched).toEqual([]); // the old stream's "open" did not re-fetch the snapshot
  });

  it('while a reconnect is due, a new listener waits for it and getSnapshot fetches at once', async () => {
    const { t, sources, timers, fetched, giveUp, fireLast } = scripted();
    t.on(Push.snapshot, () => undefined);
    giveUp();
    t.on(Push.settings, () => undefined);
    expect(sources).toHaveLength(1); // no second stream beside the reconnect that is due
    const answer = t.invoke(Invoke.getSnapshot, undefined);
    await vi.waitFor(() => expect(fetched).toEqual(['http://127.0.0.1:1/s3cret/api/invoke/queue%3Aget-snapshot']));
    await expect(answer).resolves.toMatchObject({ seq: 9 });
    expect(timers).toHaveLength(1); // no wait for a stream was started
    fireLast();
    expect(sources).toHaveLength(2);
  });

  it('a reopened stream re-fetches the snapshot; the first open does not', async () => {
    const { t, sources, fetched, giveUp, fireLast } = scripted();
    const seqs: number[] = [];
    t.on(Push.snapshot, (s) => seqs.push((s as QueueSnapshot).seq));
    sources[0]!.on.get('open')!({});
    expect(fetched).toEqual([]);
    giveUp();
    fireLast();
    sources[1]!.on.get('open')!({});
    await vi.waitFor(() => expect(seqs).toEqual([9]));
    expect(fetched).toEqual(['http://127.0.0.1:1/s3cret/api/invoke/queue%3Aget-snapshot']);
  });

  it('close() stops the stream and a pending reconnect; nothing reconnects afterwards', () => {
    const { t, sources, timers, giveUp } = scripted();
    t.on(Push.snapshot, () => undefined);
    giveUp();
    expect(timers).toHaveLength(1);
    t.close();
    expect(timers[0]!.cleared).toBe(true);
    timers[0]!.fn(); // a timer that fires anyway (already queued)
    t.on(Push.settings, () => undefined);
    expect(sources).toHaveLength(1);
  });

  it('close() with a live stream closes it, and later listeners do not open another', () => {
    const { t, sources } = scripted();
    t.on(Push.snapshot, () => undefined);
    t.close();
    expect(sources[0]!.closed).toBe(true);
    t.on(Push.snapshot, () => undefined);
    expect(sources).toHaveLength(1);
  });

  it('a listener that throws does not keep the push from the other listeners', () => {
    const { t, sources } = scripted();
    const got: unknown[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      t.on(Push.notification, () => {
        throw new Error('listener bug');
      });
      t.on(Push.notification, (n) => got.push(n));
      sources[0]!.on.get(Push.notification)!({ data: '{"id":"n1"}' });
      expect(got).toEqual([{ id: 'n1' }]);
      expect(errors).toHaveBeenCalledWith('fruxon bridge listener failed', expect.any(Error));
    } finally {
      errors.mockRestore();
    }
  });

  it('a channel outside the contract is refused, and opens nothing', () => {
    const { t, sources } = scripted();
    expect(() => t.on('queue:everything' as PushChannel, () => undefined)).toThrow('Unknown channel.');
    expect(sources).toHaveLength(0);
  });
});

describe('HTTP bridge invoke answers the host should never give', () => {
  const answering = (status: number, body: string) =>
    createHttpTransport('http://127.0.0.1:1/s/', { fetch: async () => new Response(body, { status, headers: { 'Content-Type': 'application/json' } }) });

  it.each([
    ['a JSON string', 200, '"output"'],
    ['JSON null', 200, 'null'],
    ['an output with an error status', 500, '{"output": 1}'],
    ['an error without a message', 400, '{"error": {"code": "bad-input"}}'],
    ['an error without a code', 400, '{"error": {"message": "no"}}'],
    ['an error that is a string', 400, '{"error": "bad"}'],
    ['an error that is null', 400, '{"error": null}'],
  ])('%s is refused with the HTTP status', async (_what, status, body) => {
    await expect(answering(status, body).invoke(Invoke.approve as never, {} as never)).rejects.toThrow(`The console host refused the request (HTTP ${status}).`);
  });

  it('a whole AppError is a failed Result, like over IPC', async () => {
    await expect(answering(400, '{"error": {"code": "bad-input", "message": "No."}}').invoke(Invoke.approve as never, {} as never)).resolves.toEqual({ ok: false, error: { code: 'bad-input', message: 'No.' } });
  });
});
