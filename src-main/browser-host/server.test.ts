import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http, { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  INVOKE_CHANNELS,
  Invoke,
  Push,
  type InvokeHandlers,
  type PushChannel,
  type PushContract,
  type QueueSnapshot,
  type SettingsView,
} from '../../src-shared/contract';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { snapshotFromWire } from '../../src-shared/snapshot-wire';
import { aRequest, aWorkspace } from '../../test/fakes/builders';
import { BROWSER_HOST_POLICY, cspViolations } from '../../test/support/csp';
import {
  BROWSER_HOST_CSP,
  injectBridge,
  staticPathFor,
  startBrowserHost,
  type BrowserHost,
  type BrowserHostCore,
} from './server';

const TOKEN = 'fx_pat_SUPERSECRETTOKEN_0123456789';

type Listener = <P extends PushChannel>(channel: P, payload: PushContract[P]) => void;

/** A tiny core: fixed answers, a push hook, and one deliberately leaky channel to prove the guard works. */
function stubCore() {
  const listeners = new Set<Listener>();
  let seq = 1;
  const snapshot = (): QueueSnapshot => ({ seq: seq++, generatedAt: 0, requests: [], workspaces: [] });
  const settingsView: SettingsView = { settings: DEFAULT_SETTINGS, notice: null };
  const calls: Array<{ channel: string; input: unknown }> = [];
  let leak = false;
  let broken = false;
  const rec =
    <T>(channel: string, out: (input: unknown) => T) =>
    async (input: unknown) => {
      calls.push({ channel, input });
      if (broken) throw new Error('handler bug');
      return out(input);
    };
  const handlers = {
    [Invoke.getSnapshot]: rec(Invoke.getSnapshot, snapshot),
    [Invoke.refreshNow]: rec(Invoke.refreshNow, () => ({ ok: true, value: null })),
    [Invoke.getRequest]: rec(Invoke.getRequest, () => ({ ok: false, error: { code: 'not-found', message: 'No such request.' } })),
    [Invoke.approve]: rec(Invoke.approve, () => ({ ok: false, error: { code: 'no-workspace', message: 'No workspace.' } })),
    [Invoke.reject]: rec(Invoke.reject, () => ({ ok: false, error: { code: 'no-workspace', message: 'No workspace.' } })),
    [Invoke.listParticipants]: rec(Invoke.listParticipants, () => ({ ok: true, value: [] })),
    [Invoke.getSettings]: rec(Invoke.getSettings, () => settingsView),
    [Invoke.updateSettings]: rec(Invoke.updateSettings, () => ({ ok: true, value: settingsView })),
    [Invoke.startDeviceFlow]: rec(Invoke.startDeviceFlow, () => ({ ok: true, value: { state: 'idle' } })),
    [Invoke.cancelDeviceFlow]: rec(Invoke.cancelDeviceFlow, () => ({ ok: true, value: null })),
    [Invoke.signInWithToken]: rec(Invoke.signInWithToken, () => ({
      ok: true,
      value: {
        id: 'ws-1',
        label: 'Demo',
        baseUrl: 'http://127.0.0.1:1',
        tenant: 'demo',
        isDemo: false,
        credential: 'session-only',
        credentialNotice: null,
        webUrl: null,
        poll: { state: 'starting', lastSuccessAt: null, nextPollAt: null, pollingSince: null, lastError: null, droppedRows: 0, consecutiveFailures: 0, pendingPartial: false, waitUntil: null },
        history: { refreshedAt: null, refreshing: false, kept: 0, partial: { APPROVED: null, REJECTED: null }, lastError: null },
        expiryWarning: null,
        decisionsHeldUntil: null,
        operatorUserId: null,
      },
    })),
    [Invoke.signOut]: rec(Invoke.signOut, () => ({ ok: true, value: null })),
    [Invoke.getInfo]: rec(Invoke.getInfo, () => ({ version: '0.0.0', host: 'browser', platform: 'linux' })),
    // Leaks the token only when told to, so the guard can be shown to catch it.
    [Invoke.copyDiagnostics]: rec(Invoke.copyDiagnostics, () => (leak ? `token=${TOKEN}` : 'diagnostics')),
    [Invoke.openExternal]: rec(Invoke.openExternal, () => ({ ok: true, value: null })),
  } as unknown as InvokeHandlers;
  const core: BrowserHostCore = {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    core,
    calls,
    push<P extends PushChannel>(channel: P, payload: PushContract[P]) {
      for (const l of listeners) l(channel, payload);
    },
    listenerCount: () => listeners.size,
    setLeak: (v: boolean) => {
      leak = v;
    },
    setBroken: (v: boolean) => {
      broken = v;
    },
  };
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function raw(base: URL, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResponse> {
  return new Promise((resolveRes, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: base.port, method, path, headers: { Host: base.host, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveRes({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** An open event stream: the text received so far, a wait for some text, and close. */
function openEvents(base: URL, path: string) {
  let text = '';
  let waiters: Array<{ pred: (t: string) => boolean; done: (t: string) => void }> = [];
  const req = httpRequest({ host: '127.0.0.1', port: base.port, method: 'GET', path, headers: { Host: base.host } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (c: string) => {
      text += c;
      waiters = waiters.filter((w) => (w.pred(text) ? (w.done(text), false) : true));
    });
    res.on('error', () => undefined);
  });
  req.on('error', () => undefined);
  req.end();
  return {
    text: () => text,
    waitFor: (pred: (t: string) => boolean) =>
      new Promise<string>((done) => (pred(text) ? done(text) : waiters.push({ pred, done }))),
    close: () => req.destroy(),
  };
}

/** Collects the stream until `until` matches, then closes it. */
async function readEvents(base: URL, path: string, until: (text: string) => boolean): Promise<string> {
  const stream = openEvents(base, path);
  const text = await stream.waitFor(until);
  stream.close();
  return text;
}

const hasInitial = (t: string) => t.includes('event: settings:changed');

let dir: string;
let host: BrowserHost;
/** What the shared host logged, as `level message meta`. */
let logged: string[];
let stub: ReturnType<typeof stubCore>;
let base: URL;
let prefix: string;

const origin = () => `http://127.0.0.1:${base.port}`;
const invoke = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(base, 'POST', `${prefix}api/invoke/${encodeURIComponent(channel)}`, { 'Content-Type': 'application/json', Origin: origin(), ...headers }, JSON.stringify(body));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fruxon-host-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./assets/app.js"></script></head><body></body></html>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(dir, 'outside.txt'), 'OUTSIDE-SECRET');
  // A link inside the renderer folder to a file outside it (a bad build step, a tampered install).
  symlinkSync(join(dir, 'outside.txt'), join(rendererDir, 'assets', 'linked.txt'));
  // A built file that ended up holding a credential.
  writeFileSync(join(rendererDir, 'assets', 'leaky.js'), `const t = "${TOKEN}";`);
  writeFileSync(join(dir, 'bridge.js'), 'window.fruxon = {};');
  stub = stubCore();
  logged = [];
  const line = (level: string) => (msg: string, meta?: unknown) => void logged.push(`${level} ${msg} ${JSON.stringify(meta)}`);
  host = await startBrowserHost({
    log: { info: line('info'), warn: line('warn'), error: line('error') },
    core: stub.core,
    rendererDir,
    bridgeFile: join(dir, 'bridge.js'),
    host: '127.0.0.1',
    knownSecrets: () => [TOKEN],
    pingMs: 50,
  });
  base = new URL(host.url);
  prefix = base.pathname;
});

afterEach(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host: routing and the secret', () => {
  it('serves the page on a loopback URL under a long per-launch secret', async () => {
    expect(base.hostname).toBe('127.0.0.1');
    const secret = prefix.slice(1, -1);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await raw(base, 'GET', prefix);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('gives each launch a different secret', async () => {
    const other = await startBrowserHost({ core: stub.core, rendererDir: join(dir, 'renderer'), bridgeFile: join(dir, 'bridge.js') });
    try {
      expect(new URL(other.url).pathname).not.toBe(prefix);
    } finally {
      await other.close();
    }
  });

  it('answers 404 with no detail for a wrong or missing secret', async () => {
    for (const path of ['/', '/index.html', '/wrong/', `/${'x'.repeat(43)}/`, `${prefix.slice(0, -2)}/`, '/api/events', `/x${prefix}`]) {
      const res = await raw(base, 'GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body).toBe('Not found');
    }
    const post = await raw(base, 'POST', '/nope/api/invoke/app%3Aget-info', { 'Content-Type': 'application/json', Origin: origin() }, '{"input":null}');
    expect(post.status).toBe(404);
    expect(stub.calls).toHaveLength(0);
  });

  it('injects the bridge script right after <head> so window.fruxon exists before the app runs', async () => {
    const res = await raw(base, 'GET', prefix);
    expect(res.body).toContain('<head><script src="./bridge.js"></script><meta charset="utf-8">');
    const bridge = await raw(base, 'GET', `${prefix}bridge.js`);
    expect(bridge.status).toBe(200);
    expect(bridge.body).toBe('window.fruxon = {};');
    expect(bridge.headers['content-type']).toContain('text/javascript');
  });

  it('serves renderer assets with their content types', async () => {
    const js = await raw(base, 'GET', `${prefix}assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    const css = await raw(base, 'GET', `${prefix}assets/app.css`);
    expect(css.headers['content-type']).toContain('text/css');
    expect((await raw(base, 'GET', `${prefix}assets/missing.js`)).status).toBe(404);
    expect((await raw(base, 'GET', `${prefix}assets`)).status).toBe(404);
  });
});

describe('browser host: DNS rebinding and cross-origin requests', () => {
  it('refuses a request whose Host is not the loopback address and port', async () => {
    for (const h of ['evil.example', `evil.example:${base.port}`, '127.0.0.1', `127.0.0.1:${Number(base.port) + 1}`, `0.0.0.0:${base.port}`]) {
      const res = await raw(base, 'GET', prefix, { Host: h });
      expect(res.status, h).toBe(403);
      expect(res.body).not.toContain('<html');
    }
    const local = await raw(base, 'GET', prefix, { Host: `localhost:${base.port}` });
    expect(local.status).toBe(200);
  });

  it('refuses a POST without Origin or with a foreign Origin, before running anything', async () => {
    const path = `${prefix}api/invoke/${encodeURIComponent(Invoke.refreshNow)}`;
    const json = { 'Content-Type': 'application/json' };
    expect((await raw(base, 'POST', path, json, '{"input":null}')).status).toBe(403);
    for (const o of ['http://evil.example', `http://127.0.0.1:${Number(base.port) + 1}`, 'null', `https://127.0.0.1:${base.port}`]) {
      expect((await raw(base, 'POST', path, { ...json, Origin: o }, '{"input":null}')).status, o).toBe(403);
    }
    expect(stub.calls).toHaveLength(0);
    expect((await raw(base, 'POST', path, { ...json, Origin: `http://localhost:${base.port}` }, '{"input":null}')).status).toBe(200);
  });

  it('refuses a GET that names a foreign Origin or comes cross-site', async () => {
    expect((await raw(base, 'GET', `${prefix}api/events`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await raw(base, 'GET', prefix, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
  });

  it("S7: the page, its assets, the bridge and API answers carry a CSP that is S7's, directive by directive (connect-src 'self' for the bridge)", async () => {
    // Read from real responses and checked against FAULTS.md's policy, not against the constant.
    for (const path of [prefix, `${prefix}index.html`, `${prefix}assets/app.js`, `${prefix}bridge.js`, `${prefix}nope.js`]) {
      const res = await raw(base, 'GET', path);
      expect(cspViolations(res.headers['content-security-policy'], BROWSER_HOST_POLICY), path).toEqual([]);
    }
    const api = await invoke(Invoke.getInfo, { input: null });
    expect(cspViolations(api.headers['content-security-policy'], BROWSER_HOST_POLICY), 'api').toEqual([]);
  });

  it('sends the hardening headers on the page and on API answers', async () => {
    const page = await raw(base, 'GET', prefix);
    expect(page.headers['content-security-policy']).toBe(BROWSER_HOST_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    const api = await invoke(Invoke.getInfo, { input: null });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['cache-control']).toBe('no-store');
  });
});

describe('browser host: static files cannot escape the renderer directory (S18)', () => {
  it.each([
    '../outside.txt',
    '..%2foutside.txt',
    '%2e%2e/outside.txt',
    '%2e%2e%2foutside.txt',
    '%2E%2E%2Foutside.txt',
    'assets/../../outside.txt',
    'assets/%2e%2e/%2e%2e/outside.txt',
    '..%5coutside.txt',
    '%2fetc%2fpasswd',
    '/etc/passwd',
    './assets/app.js',
  ])('S18: %s is refused', async (rest) => {
    const res = await raw(base, 'GET', `${prefix}${rest}`);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('OUTSIDE-SECRET');
    expect(res.body).not.toContain('root:');
  });

  it('S18: a link inside the renderer folder to a file outside it is not followed', async () => {
    const res = await raw(base, 'GET', `${prefix}assets/linked.txt`);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('OUTSIDE-SECRET');
    expect((await raw(base, 'GET', `${prefix}assets/app.js`)).status).toBe(200);
  });

  it('a built file that holds a known credential is refused, not served', async () => {
    const res = await raw(base, 'GET', `${prefix}assets/leaky.js`);
    expect(res.status).toBe(500);
    expect(res.body).not.toContain(TOKEN);
  });

  it('S18: NUL bytes are refused, encoded or raw', async () => {
    const encoded = await raw(base, 'GET', `${prefix}assets/app.js%00.png`);
    expect(encoded.status).toBe(400);
    const rawNul = await new Promise<string>((resolveText) => {
      const sock = connect(Number(base.port), '127.0.0.1', () => {
        sock.write(`GET ${prefix}assets/app.js\u0000.png HTTP/1.1\r\nHost: ${base.host}\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      sock.on('data', (c) => (text += c.toString()));
      sock.on('close', () => resolveText(text));
      sock.on('error', () => resolveText(text));
    });
    expect(rawNul).toMatch(/^HTTP\/1\.1 400/);
  });

  it('S18: pure path mapping decodes, resolves and checks the prefix', () => {
    expect(staticPathFor('/srv/app', 'assets/app.js')).toEqual({ ok: true, file: '/srv/app/assets/app.js' });
    expect(staticPathFor('/srv/app', '%E0%A4%A')).toEqual({ ok: false, status: 400 });
    expect(staticPathFor('/srv/app', '..%2F..%2Fetc%2Fpasswd')).toEqual({ ok: false, status: 404 });
    expect(staticPathFor('/srv/app', '..%2Fapp-other%2Fx')).toEqual({ ok: false, status: 404 });
    // Encoded separators are refused outright (the same rule as the app:// protocol).
    expect(staticPathFor('/srv/app', '%2Fetc%2Fpasswd')).toEqual({ ok: false, status: 404 });
    expect(staticPathFor('/srv/app', 'assets/%00app.js')).toEqual({ ok: false, status: 400 });
  });
});

describe('browser host: invoke', () => {
  it('dispatches a valid input to the core handler and wraps the answer as {output}', async () => {
    const res = await invoke(Invoke.getRequest, { input: { workspaceId: 'ws', requestId: 'r1' } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ output: { ok: false, error: { code: 'not-found', message: 'No such request.' } } });
    expect(stub.calls).toEqual([{ channel: Invoke.getRequest, input: { workspaceId: 'ws', requestId: 'r1' } }]);
  });

  it('treats a null input as no input', async () => {
    const res = await invoke(Invoke.getInfo, { input: null });
    expect(JSON.parse(res.body)).toEqual({ output: { version: '0.0.0', host: 'browser', platform: 'linux' } });
    expect(stub.calls[0]?.input).toBeUndefined();
  });

  it('answers 400 bad-input when the input fails the channel schema, without calling the core', async () => {
    const cases: Array<[string, unknown]> = [
      [Invoke.getRequest, { input: { workspaceId: 'ws' } }],
      [Invoke.getRequest, { input: { workspaceId: 'ws', requestId: 'r', extra: 1 } }],
      [Invoke.reject, { input: { workspaceId: 'ws', requestId: 'r', note: 'x'.repeat(4001) } }],
      [Invoke.approve, { input: { workspaceId: 'ws', requestId: 'r', mode: 'ADD_TO_EXISTING' } }],
      [Invoke.refreshNow, { input: 'now' }],
      [Invoke.getInfo, {}],
      [Invoke.getInfo, []],
    ];
    for (const [channel, body] of cases) {
      const res = await invoke(channel, body);
      expect(res.status, `${channel} ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
      expect(JSON.parse(res.body).error.code).toBe('bad-input');
    }
    expect(stub.calls).toHaveLength(0);
  });

  it('answers 400 bad-input for a body that is not JSON', async () => {
    const res = await raw(base, 'POST', `${prefix}api/invoke/${encodeURIComponent(Invoke.getInfo)}`, { 'Content-Type': 'application/json', Origin: origin() }, '{"input":');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'bad-input', message: 'The request body is not valid JSON.' } });
  });

  it('answers 400 for JSON that is not the {"input": …} envelope, without calling the core', async () => {
    const res = await invoke(Invoke.getInfo, { something: 'else' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'bad-input', message: 'The request body must be {"input": …}.' } });
    expect(stub.calls).toHaveLength(0);
  });

  it('a handler that fails answers 500 with an internal error, not the details', async () => {
    stub.setBroken(true);
    const res = await invoke(Invoke.refreshNow, { input: null });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error.code).toBe('internal');
    expect(res.body).not.toContain('handler bug');
  });

  it('a sign-in with no input at all is bad input (nothing to remember), not a crash', async () => {
    const res = await invoke(Invoke.signInWithToken, { input: null });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('bad-input');
  });

  it('answers 404 for an unknown channel and 415 without a JSON content type', async () => {
    expect((await invoke('app:format-disk', { input: null })).status).toBe(404);
    expect((await invoke('%E0%A4%A', { input: null })).status).toBe(404);
    const form = await raw(base, 'POST', `${prefix}api/invoke/${encodeURIComponent(Invoke.refreshNow)}`, { 'Content-Type': 'text/plain', Origin: origin() }, '{"input":null}');
    expect(form.status).toBe(415);
    expect(stub.calls).toHaveLength(0);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const big = JSON.stringify({ input: { url: 'x'.repeat(1024 * 1024 + 10) } });
    const res = await raw(base, 'POST', `${prefix}api/invoke/${encodeURIComponent(Invoke.openExternal)}`, { 'Content-Type': 'application/json', Origin: origin() }, big);
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'bad-input', message: 'The request body is too large.' } });
    expect(stub.calls).toHaveLength(0);
  });

  it('a body of exactly 1 MB is read (the limit is inclusive), declared or streamed', async () => {
    const head = '{"input":null}';
    const body = head + ' '.repeat(1024 * 1024 - head.length);
    const path = `${prefix}api/invoke/${encodeURIComponent(Invoke.getInfo)}`;
    const declared = await raw(base, 'POST', path, { 'Content-Type': 'application/json', Origin: origin(), 'Content-Length': String(body.length) }, body);
    expect(declared.status).toBe(200);
    const streamed = await raw(base, 'POST', path, { 'Content-Type': 'application/json', Origin: origin(), 'Transfer-Encoding': 'chunked' }, body);
    expect(streamed.status).toBe(200);
    expect(stub.calls.map((c) => c.channel)).toEqual([Invoke.getInfo, Invoke.getInfo]);
  });

  it('a declared length over 1 MB is refused at once, before any of the body arrives, and the connection is closed', async () => {
    const socket = connect(Number(base.port), '127.0.0.1');
    socket.on('error', () => undefined); // the server resets it once it has answered
    socket.write(
      `POST ${prefix}api/invoke/${encodeURIComponent(Invoke.getInfo)} HTTP/1.1\r\nHost: ${base.host}\r\nOrigin: ${origin()}\r\nContent-Type: application/json\r\nContent-Length: ${1024 * 1024 + 1}\r\n\r\n`,
    );
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    await new Promise<void>((done) => socket.on('close', () => done()));
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('The request body is too large.');
    expect(stub.calls).toHaveLength(0);
  });

  it('refuses GET on invoke routes, saying POST is the method', async () => {
    const res = await raw(base, 'GET', `${prefix}api/invoke/${encodeURIComponent(Invoke.getInfo)}`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('the secret without its slash redirects to the page; other methods on the page are refused, saying which are allowed', async () => {
    const redirect = await raw(base, 'GET', prefix.slice(0, -1));
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe(prefix);
    const post = await raw(base, 'DELETE', `${prefix}index.html`, { Origin: origin() });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('serving the page starts encoding the queue for the event stream the page will open', async () => {
    await raw(base, 'GET', prefix);
    await expect.poll(() => stub.calls.map((c) => c.channel)).toEqual([Invoke.getSnapshot]);
  });

  it('logs where it listens (the port, never the secret)', () => {
    expect(logged).toEqual([`info browser host: listening {"port":${base.port}}`]);
  });
});

describe('browser host: the token never leaves the process', () => {
  it('redacts a known credential from an invoke answer and sends the rest', async () => {
    stub.setLeak(true);
    const res = await invoke(Invoke.copyDiagnostics, { input: null });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain(TOKEN);
    expect(JSON.parse(res.body)).toEqual({ output: 'token=[redacted]' });
    // The operator's terminal says it happened (where in the answer), never what was removed.
    expect(logged.filter((l) => l.startsWith('error '))).toEqual(['error browser host: redacted a credential from a response {"where":"value"}']);
  });

  it('remembers tokens it saw in sign-in inputs and guards every later answer against them', async () => {
    const pasted = 'fx_pat_pasted_by_operator_42';
    const res = await invoke(Invoke.signInWithToken, { input: { baseUrl: 'http://127.0.0.1:1', tenant: 'demo', token: pasted } });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain(pasted);
    const stream = openEvents(base, `${prefix}api/events`);
    await stream.waitFor(hasInitial);
    // A push that would carry the pasted token is dropped; the next clean one still arrives.
    stub.push(Push.notification, { id: 'n0', title: pasted, body: '', requests: [], grouped: false, sound: false });
    stub.push(Push.notification, { id: 'n1', title: 'clean', body: '', requests: [], grouped: false, sound: false });
    const text = await stream.waitFor((t) => t.includes('"clean"'));
    stream.close();
    expect(text).not.toContain(pasted);
  });

  it('a pasted token with stray spaces is known trimmed: echoed in an event it is redacted, and the event still arrives', async () => {
    const pasted = 'opaque-pasted-token-0042';
    await invoke(Invoke.signInWithToken, { input: { baseUrl: 'http://127.0.0.1:1', tenant: 'demo', token: `  ${pasted}\t` } });
    const stream = openEvents(base, `${prefix}api/events`);
    await stream.waitFor(hasInitial);
    stub.push(Push.notification, { id: 'n-echo', title: `server said ${pasted}`, body: '', requests: [], grouped: false, sound: false });
    const text = await stream.waitFor((t) => t.includes('n-echo'));
    stream.close();
    expect(text).not.toContain(pasted);
    expect(text).toContain('"title":"server said [redacted]"');
  });

  it('no route, asset or event carries the token', async () => {
    const bodies: string[] = [];
    for (const path of ['', 'index.html', 'bridge.js', 'assets/app.js', 'assets/app.css']) bodies.push((await raw(base, 'GET', `${prefix}${path}`)).body);
    for (const channel of INVOKE_CHANNELS) bodies.push((await invoke(channel, { input: null })).body);
    bodies.push(await readEvents(base, `${prefix}api/events`, (t) => t.includes(': ping')));
    for (const b of bodies) expect(b).not.toContain(TOKEN);
    expect(bodies.join('')).toContain('event: queue:snapshot-changed');
  });
});

describe('browser host: server-sent events', () => {
  it('sends the current snapshot and settings at once, then every push, then keep-alive pings', async () => {
    const stream = openEvents(base, `${prefix}api/events`);
    await stream.waitFor(hasInitial);
    stub.push(Push.openRequest, { workspaceId: 'ws', requestId: 'r9' });
    const out = await stream.waitFor((t) => t.includes('event: app:open-request') && t.lastIndexOf(': ping') > t.indexOf('app:open-request'));
    stream.close();
    const snapshotAt = out.indexOf('event: queue:snapshot-changed\ndata: {');
    const settingsAt = out.indexOf('event: settings:changed\ndata: {');
    const pushAt = out.indexOf('event: app:open-request\ndata: {"workspaceId":"ws","requestId":"r9"}\n\n');
    expect(snapshotAt).toBeGreaterThanOrEqual(0);
    expect(settingsAt).toBeGreaterThan(snapshotAt);
    expect(pushAt).toBeGreaterThan(settingsAt);
  });

  it('answers with an event-stream content type and fans one push out to every client', async () => {
    const a = openEvents(base, `${prefix}api/events`);
    const b = openEvents(base, `${prefix}api/events`);
    await Promise.all([a.waitFor(hasInitial), b.waitFor(hasInitial)]);
    stub.push(Push.notification, { id: 'n-fan', title: '2 new', body: 'x', requests: [], grouped: true, sound: false });
    await expect(a.waitFor((t) => t.includes('n-fan'))).resolves.toContain('"grouped":true');
    await expect(b.waitFor((t) => t.includes('n-fan'))).resolves.toContain('"grouped":true');
    a.close();
    b.close();
    const head = await new Promise<IncomingHttpHeaders>((resolveHead) => {
      const req = httpRequest({ host: '127.0.0.1', port: base.port, path: `${prefix}api/events`, headers: { Host: base.host } }, (res) => {
        resolveHead(res.headers);
        req.destroy();
      });
      req.on('error', () => undefined);
      req.end();
    });
    expect(head['content-type']).toContain('text/event-stream');
  });

  it('close() ends open event streams', async () => {
    const ended = new Promise<void>((resolveEnd) => {
      const req = httpRequest({ host: '127.0.0.1', port: base.port, path: `${prefix}api/events`, headers: { Host: base.host } }, (res) => {
        res.resume();
        res.on('close', () => resolveEnd());
      });
      req.on('error', () => resolveEnd());
      req.end();
    });
    await expect.poll(() => stub.calls.filter((c) => c.channel === Invoke.getSettings).length).toBe(1);
    await host.close();
    await ended;
    expect(stub.listenerCount()).toBe(0);
  });
});

describe('injectBridge', () => {
  it('puts the bridge first inside <head>, with or without attributes, or first in the document', () => {
    expect(injectBridge('<html><HEAD lang="x"><title>t</title></HEAD></html>')).toBe('<html><HEAD lang="x"><script src="./bridge.js"></script><title>t</title></HEAD></html>');
    expect(injectBridge('<p>no head</p>')).toBe('<script src="./bridge.js"></script><p>no head</p>');
    expect(injectBridge('<html><header></header><head></head>')).toBe('<html><header></header><head><script src="./bridge.js"></script></head>');
  });
});

describe('browser host: large snapshots on the event stream', () => {
  /** A core whose snapshot the test sets; pushes go to the host like the real core's. */
  function snapshotCore(first: QueueSnapshot) {
    const inner = stubCore();
    let current = first;
    (inner.core.handlers as Record<string, unknown>)[Invoke.getSnapshot] = async () => current;
    return {
      core: inner.core,
      publish(s: QueueSnapshot) {
        current = s;
        inner.push(Push.snapshot, s);
      },
    };
  }

  /** The `data` of every snapshot event in an event-stream text, in order. */
  const snapshotEvents = (text: string) =>
    text
      .split('\n\n')
      .filter((block) => block.startsWith(`event: ${Push.snapshot}\n`))
      .map((block) => block.slice(block.indexOf('\ndata: ') + 7));

  const rows = (n: number, tag: string) => Array.from({ length: n }, (_, i) => aRequest({ id: `${tag}-${i}`, displayName: `Sender ${tag} ${i} ✓`, createdAt: 1000 + i }));

  it('sends the first snapshot as columns and later ones as deltas; the page rebuilds each one exactly', async () => {
    const initial: QueueSnapshot = { seq: 1, generatedAt: 1, requests: rows(300, 'a'), workspaces: [aWorkspace()], requestsRev: 1 };
    const src = snapshotCore(initial);
    const h = await startBrowserHost({ core: src.core, rendererDir: join(dir, 'renderer'), bridgeFile: join(dir, 'bridge.js'), host: '127.0.0.1' });
    try {
      const url = new URL(h.url);
      const stream = openEvents(url, `${url.pathname}api/events`);
      await stream.waitFor(hasInitial);
      // Only a workspace's status changed: same revision, same array.
      const statusOnly: QueueSnapshot = { ...initial, seq: 2, generatedAt: 2, workspaces: [aWorkspace({ label: 'Renamed' })] };
      src.publish(statusOnly);
      // One row changed, one arrived: a new array that reuses the other 299 objects.
      const changed = initial.requests.map((r, i) => (i === 7 ? { ...r, status: 'APPROVED' as const, rawStatus: 'APPROVED' } : r));
      const oneNew: QueueSnapshot = { ...statusOnly, seq: 3, requests: [aRequest({ id: 'new-1', createdAt: 1 }), ...changed], requestsRev: 2 };
      src.publish(oneNew);
      // Everything new: the columns are smaller than a delta.
      const allNew: QueueSnapshot = { ...oneNew, seq: 4, requests: rows(300, 'b'), requestsRev: 3 };
      src.publish(allNew);
      const text = await stream.waitFor((t) => snapshotEvents(t).length >= 4);
      stream.close();

      const frames = snapshotEvents(text);
      expect(frames.map((f) => Object.keys(JSON.parse(f) as object).filter((k) => k.startsWith('requests')))).toEqual([
        ['requestsRev', 'requestsColumns'],
        ['requestsRev', 'requestsDelta'],
        ['requestsRev', 'requestsDelta'],
        ['requestsRev', 'requestsColumns'],
      ]);
      expect(frames[1]!.length).toBeLessThan(1000);
      expect(frames[2]!.length).toBeLessThan(frames[0]!.length / 10);

      const pushed = [initial, statusOnly, oneNew, allNew];
      let previous: QueueSnapshot | null = null;
      const rebuilt = frames.map((f) => (previous = snapshotFromWire(JSON.parse(f), previous)));
      rebuilt.forEach((s, i) => expect(s).toEqual(pushed[i]));
      expect(rebuilt[1]!.requests).toBe(rebuilt[0]!.requests);
      expect(rebuilt[2]!.requests[1]).toBe(rebuilt[0]!.requests[0]);
      expect(rebuilt[2]!.requests[8]).not.toBe(rebuilt[0]!.requests[7]);
    } finally {
      await h.close();
    }
  });

  it('a stream that joins later starts from a whole snapshot; snapshots without a revision always go whole', async () => {
    const src = snapshotCore({ seq: 1, generatedAt: 1, requests: rows(20, 'a'), workspaces: [], requestsRev: 1 });
    const h = await startBrowserHost({ core: src.core, rendererDir: join(dir, 'renderer'), bridgeFile: join(dir, 'bridge.js'), host: '127.0.0.1' });
    try {
      const url = new URL(h.url);
      const first = openEvents(url, `${url.pathname}api/events`);
      await first.waitFor(hasInitial);
      src.publish({ seq: 2, generatedAt: 2, requests: rows(21, 'a'), workspaces: [], requestsRev: 2 });
      await first.waitFor((t) => snapshotEvents(t).length >= 2);
      const late = openEvents(url, `${url.pathname}api/events`);
      const lateText = await late.waitFor(hasInitial);
      expect(Object.keys(JSON.parse(snapshotEvents(lateText)[0]!) as object)).toContain('requestsColumns');
      src.publish({ seq: 3, generatedAt: 3, requests: rows(22, 'a'), workspaces: [] });
      const text = await late.waitFor((t) => snapshotEvents(t).length >= 2);
      first.close();
      late.close();
      const unversioned = JSON.parse(snapshotEvents(text)[1]!) as object;
      expect(Object.keys(unversioned)).toContain('requestsColumns');
      expect(snapshotFromWire(unversioned, null)?.requests.map((r) => r.id)).toEqual(rows(22, 'a').map((r) => r.id));
    } finally {
      await h.close();
    }
  });
});

describe('browser host: listening and closing', () => {
  const start = (extra: Partial<Parameters<typeof startBrowserHost>[0]> = {}) =>
    startBrowserHost({ core: stubCore().core, rendererDir: join(dir, 'renderer'), bridgeFile: join(dir, 'bridge.js'), ...extra });

  it('listens on the port it is given, and refuses to start on one that is taken, holding nothing of the core', async () => {
    const port = Number(base.port);
    const refused = stubCore();
    await expect(start({ port, core: refused.core })).rejects.toThrow(/EADDRINUSE/);
    expect(refused.listenerCount()).toBe(0); // the host that never listened let go of the core's pushes
    await host.close();
    const again = await start({ port });
    try {
      expect(new URL(again.url).port).toBe(String(port));
    } finally {
      await again.close();
    }
  });

  it('listens on the IPv4 loopback only, unless told otherwise', async () => {
    const h = await start();
    try {
      const port = Number(new URL(h.url).port);
      const reach = (address: string, to = port) =>
        new Promise<boolean>((done) => {
          const s = connect(to, address);
          s.on('connect', () => (s.destroy(), done(true)));
          s.on('error', () => done(false));
        });
      expect(await reach('127.0.0.1')).toBe(true);
      // Only meaningful where the IPv6 loopback exists: then a server on it must be reachable, ours not.
      const v6 = http.createServer();
      const hasV6 = await new Promise<boolean>((done) => {
        v6.once('error', () => done(false));
        v6.listen(0, '::1', () => done(true));
      });
      if (hasV6) {
        expect(await reach('::1', (v6.address() as AddressInfo).port)).toBe(true);
        expect(await reach('::1')).toBe(false);
        await new Promise<void>((r) => v6.close(() => r()));
      }
    } finally {
      await h.close();
    }
  });

  it('close() ends a connection in the middle of a request instead of waiting for it', async () => {
    const socket = connect(Number(base.port), '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((done) => socket.on('connect', () => done()));
    socket.write(`POST ${prefix}api/invoke/x HTTP/1.1\r\nHost: ${base.host}\r\nContent-Length: 100\r\n\r\n{"inp`);
    const ended = new Promise<void>((done) => socket.on('close', () => done()));
    await host.close();
    await ended;
  });
});
