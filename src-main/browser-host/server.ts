/**
 * The browser host: serves the built renderer and the HTTP bridge (src-preload/http-bridge.ts) on
 * loopback so the same console runs in an ordinary browser when Electron is unavailable.
 * The page URL carries a per-launch secret; every route lives under it. Host and Origin are
 * checked on every request (DNS rebinding, cross-site POSTs), and the token never leaves main:
 * the core only ever hands out views, and a last-line guard removes any credential this process
 * has seen from every answer and event (redacted, never dropped: the console never goes blank).
 * Invokes go through the core's one dispatcher, the same as over Electron IPC; snapshots travel on
 * the shared wire (src-shared/snapshot-wire.ts), one encoder per event stream.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve, sep } from 'node:path';
import {
  Invoke,
  Push,
  isInvokeChannel,
  type InvokeChannel,
  type InvokeHandlers,
  type PushChannel,
  type PushContract,
  type QueueSnapshot,
  type Unsubscribe,
} from '../../src-shared/contract';
import { createInvokeDispatcher } from '../core/invoke-dispatch';
import { contentTypeFor, resolveStaticPath } from '../core/protocol-path';
import { createSecretBook, createSecretGuard } from '../core/secret-guard';
import {
  createSnapshotEncodeCache,
  createSnapshotEncoder,
  encodeWholeSnapshot,
  type SnapshotEncoder,
  type WireSnapshot,
} from '../../src-shared/snapshot-wire';

/** The part of the console core the host needs (structurally a subset of `ConsoleCore`). */
export interface BrowserHostCore {
  handlers: InvokeHandlers;
  subscribe(listener: <P extends PushChannel>(channel: P, payload: PushContract[P]) => void): Unsubscribe;
  /** Every credential the core has seen (the guard removes them from answers and events). */
  secrets?(): readonly string[];
}

export interface BrowserHostLogger {
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

export interface BrowserHostOptions {
  core: BrowserHostCore;
  /** Directory of the built renderer (out/renderer). */
  rendererDir: string;
  /** The built HTTP bridge script (out/bridge/http-bridge.js). */
  bridgeFile: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only; the option exists so the call site states it. */
  host?: '127.0.0.1';
  /**
   * Credentials the guard must never let out, besides the tokens the host itself sees pass
   * through `auth:sign-in-with-token` (e.g. FRUXON_TOKEN from the environment).
   */
  knownSecrets?: () => Iterable<string>;
  /** Interval of the SSE keep-alive comment; 15 s per the protocol. */
  pingMs?: number;
  log?: BrowserHostLogger;
}

export interface BrowserHost {
  /** `http://127.0.0.1:<port>/<secret>/` */
  url: string;
  close(): Promise<void>;
}

/** Request bodies above this are refused with 413 (§4). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The CSP every response carries (§4); the renderer needs nothing beyond its own origin. */
export const BROWSER_HOST_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': BROWSER_HOST_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The console needs no device permissions; the host raises no browser notifications (S5).
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), payment=(), clipboard-read=()',
};


/** Push channels whose payload is a whole snapshot of its subject: a newer one replaces an unsent older one. */
const COALESCED: ReadonlySet<PushChannel> = new Set([Push.snapshot, Push.settings, Push.deviceFlow]);

/** Unsent frames one event-stream client may have queued before it is disconnected. */
const MAX_PENDING_FRAMES = 500;

const BRIDGE_TAG = '<script src="./bridge.js"></script>';

/** Inserts the bridge script right after `<head …>` so `window.fruxon` exists before the renderer's module runs. */
export function injectBridge(html: string): string {
  const m = /<head(\s[^>]*)?>/i.exec(html);
  if (!m) return `${BRIDGE_TAG}${html}`;
  const at = m.index + m[0].length;
  return `${html.slice(0, at)}${BRIDGE_TAG}${html.slice(at)}`;
}

/**
 * Maps the raw (still percent-encoded) path below the secret to a file inside `root`, or says
 * why not. Decode first, then resolve, then check the prefix (S18); NUL and backslashes are refused.
 */
export function staticPathFor(root: string, rawRest: string): { ok: true; file: string } | { ok: false; status: 400 | 404 } {
  // Malformed escapes and NUL are client errors (400); everything else that would leave the
  // renderer's root is simply not there (404). The path rules are the app:// protocol's.
  try {
    if (decodeURIComponent(rawRest).includes('\u0000')) return { ok: false, status: 400 };
  } catch {
    return { ok: false, status: 400 };
  }
  const file = resolveStaticPath(root, `/${rawRest}`);
  return file === null ? { ok: false, status: 404 } : { ok: true, file };
}

interface PendingFrame {
  channel: PushChannel | null;
  /** Snapshots are encoded when written, against what this stream carried last. */
  snapshot: QueueSnapshot | null;
  frame: string;
}

interface SseClient {
  res: ServerResponse;
  /** Frames waiting for the initial snapshot or for the socket to drain. */
  pending: PendingFrame[];
  ready: boolean;
  blocked: boolean;
  /** What this stream's page holds, for deltas (shared wire, one encoder per stream). */
  encoder: SnapshotEncoder;
}

/**
 * Starts the browser host on loopback and resolves once it listens. `close()` ends every
 * event stream and open connection.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core, bridgeFile } = options;
  const bindHost = options.host ?? '127.0.0.1';
  const pingMs = options.pingMs ?? 15_000;
  const log = options.log;
  const rendererRoot = resolve(options.rendererDir);
  const secret = randomBytes(32).toString('base64url');
  const secretBuf = Buffer.from(secret);
  /** Tokens seen passing through sign-in inputs (trimmed too, bounded). */
  const seenTokens = createSecretBook();
  const clients = new Set<SseClient>();
  let port = 0;

  // ----------------------------------------------------------------------------------------
  // The token guard: the core never returns tokens; this is the last line should that break.

  const guard = createSecretGuard(
    () => [...seenTokens.list(), ...(options.knownSecrets?.() ?? []), ...(core.secrets?.() ?? [])],
    (where) => log?.error('browser host: redacted a credential from a response', { where }),
  );
  const dispatch = createInvokeDispatcher({ handlers: core.handlers, guard, log });

  function rememberToken(channel: InvokeChannel, input: unknown): void {
    if (channel !== Invoke.signInWithToken || typeof input !== 'object' || input === null) return;
    seenTokens.add((input as { token?: unknown }).token);
  }

  // ----------------------------------------------------------------------------------------
  // Responses

  function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, head = false): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(head ? undefined : body);
  }

  function sendStatus(res: ServerResponse, status: number, extra: Record<string, string> = {}): void {
    const text = status === 404 ? 'Not found' : status === 403 ? 'Forbidden' : `HTTP ${status}`;
    for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
    send(res, status, text, 'text/plain; charset=utf-8');
  }

  function sendJson(res: ServerResponse, status: number, value: unknown): void {
    send(res, status, guard.scrubJson(JSON.stringify(value), value), 'application/json; charset=utf-8');
  }

  const badInput = (res: ServerResponse, message: string) => sendJson(res, 400, { error: { code: 'bad-input', message } });

  // ----------------------------------------------------------------------------------------
  // Checks

  function hostAllowed(req: IncomingMessage): boolean {
    const h = req.headers.host;
    return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
  }

  function originAllowed(origin: string | undefined): boolean {
    return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  }

  function secretMatches(candidate: string): boolean {
    const buf = Buffer.from(candidate);
    return buf.length === secretBuf.length && timingSafeEqual(buf, secretBuf);
  }

  // ----------------------------------------------------------------------------------------
  // Routes

  async function serveIndex(res: ServerResponse, head: boolean): Promise<void> {
    let html: string;
    try {
      html = await readFile(resolve(rendererRoot, 'index.html'), 'utf8');
    } catch {
      return send(res, 503, 'The console has not been built yet: run `npm run build`, then reload.', 'text/plain; charset=utf-8', head);
    }
    send(res, 200, injectBridge(html), 'text/html; charset=utf-8', head);
    if (!head) warmSnapshot();
  }

  async function serveFile(res: ServerResponse, file: string, head: boolean, within: string | null): Promise<void> {
    let real: string;
    try {
      real = await realpath(file);
      if (within !== null && !real.startsWith((await realpath(within)) + sep)) return sendStatus(res, 404);
      if (!(await stat(real)).isFile()) return sendStatus(res, 404);
    } catch {
      return sendStatus(res, 404);
    }
    const body = await readFile(real);
    const type = contentTypeFor(real);
    if (type.startsWith('text/') || type.includes('json') || type.includes('svg')) {
      const text = body.toString('utf8');
      if (guard.scrub(text) !== text) {
        log?.error('browser host: refused to serve a file that contained a credential');
        return sendStatus(res, 500);
      }
    }
    send(res, 200, body, type, head);
  }

  async function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<{ ok: true; value: unknown } | { ok: false }> {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      tooLarge(req, res);
      return { ok: false };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          tooLarge(req, res);
          return { ok: false };
        }
        chunks.push(chunk);
      }
    } catch {
      req.destroy();
      return { ok: false };
    }
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      badInput(res, 'The request body is not valid JSON.');
      return { ok: false };
    }
  }

  function tooLarge(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Connection', 'close');
    sendJson(res, 413, { error: { code: 'bad-input', message: 'The request body is too large.' } });
    res.on('finish', () => req.destroy());
  }

  async function invoke(req: IncomingMessage, res: ServerResponse, rawChannel: string): Promise<void> {
    if (req.method !== 'POST') return sendStatus(res, 405, { Allow: 'POST' });
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      return sendStatus(res, 404);
    }
    if (!isInvokeChannel(channel)) return sendStatus(res, 404);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return sendStatus(res, 415);
    const body = await readJsonBody(req, res);
    if (!body.ok) return;
    const envelope = body.value;
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope) || !('input' in envelope)) {
      return badInput(res, 'The request body must be {"input": …}.');
    }
    const raw = (envelope as { input: unknown }).input;
    rememberToken(channel, raw);
    const reply = await dispatch(channel, raw === null ? [] : [raw]);
    if (!reply.ok) return sendJson(res, reply.error.code === 'bad-input' ? 400 : 500, { error: reply.error });
    // A whole snapshot travels as columns here too (the bridge decodes it like a stream frame).
    const output = channel === Invoke.getSnapshot ? encodeWholeSnapshot(reply.output as QueueSnapshot, wire) : reply.output;
    sendJson(res, 200, { output });
  }

  // ----------------------------------------------------------------------------------------
  // Server-sent events

  function frameFor(channel: PushChannel, payload: unknown): string {
    return `event: ${channel}\ndata: ${guard.scrubJson(JSON.stringify(payload ?? null), payload ?? null)}\n\n`;
  }

  // A snapshot goes to every client: each form of it is encoded once (the shared cache keeps the
  // columns with the requests array, which the core reuses while the requests are unchanged, so a
  // reconnect or a second tab does not encode 100,000 rows again), and serialised once.
  const wire = createSnapshotEncodeCache();
  const fieldJson = new WeakMap<object, string>();

  function jsonOf(value: object): string {
    let json = fieldJson.get(value);
    if (json === undefined) fieldJson.set(value, (json = JSON.stringify(value)));
    return json;
  }

  /** The event frame that carries `snapshot` on this client's stream. */
  function snapshotFrame(client: SseClient, snapshot: QueueSnapshot): string {
    const encoded: WireSnapshot = client.encoder.encode(snapshot);
    const { requestsColumns, requestsDelta, ...rest } = encoded;
    const field = requestsColumns !== undefined ? 'requestsColumns' : 'requestsDelta';
    const body = requestsColumns ?? requestsDelta;
    const head = JSON.stringify(rest);
    const data = body === undefined ? head : `${head.slice(0, -1)}${head === '{}' ? '' : ','}"${field}":${jsonOf(body)}}`;
    return `event: ${Push.snapshot}\ndata: ${guard.scrubJson(data, encoded)}\n\n`;
  }

  /**
   * While a page boots (~0.5 s before it opens the event stream) encode the current requests,
   * so its first snapshot is ready when it asks: at 100,000 rows that is most of the wait.
   */
  function warmSnapshot(): void {
    setImmediate(() => {
      if (closing !== null) return;
      core.handlers[Invoke.getSnapshot](undefined).then(
        (snapshot) => void jsonOf(encodeWholeSnapshot(snapshot, wire).requestsColumns!),
        () => undefined,
      );
    });
  }

  function enqueue(client: SseClient, entry: PendingFrame): void {
    if (client.pending.length >= MAX_PENDING_FRAMES) {
      // A reader this far behind is gone or stuck: drop it; the bridge reconnects and re-reads the snapshot.
      clients.delete(client);
      client.pending = [];
      client.res.destroy();
      return;
    }
    if (entry.channel !== null && COALESCED.has(entry.channel)) {
      const i = client.pending.findIndex((p) => p.channel === entry.channel);
      if (i >= 0) client.pending.splice(i, 1);
    }
    client.pending.push(entry);
  }

  function write(client: SseClient, entry: PendingFrame): void {
    if (!client.ready || client.blocked) return enqueue(client, entry);
    const frame = entry.snapshot !== null ? snapshotFrame(client, entry.snapshot) : entry.frame;
    if (!client.res.write(frame)) {
      client.blocked = true;
      client.res.once('drain', () => flush(client));
    }
  }

  function flush(client: SseClient): void {
    client.blocked = false;
    while (client.pending.length > 0 && !client.blocked) {
      const next = client.pending.shift()!;
      write(client, next);
    }
  }

  const unsubscribe = core.subscribe((channel, payload) => {
    if (clients.size === 0) return;
    if (channel === Push.snapshot) {
      for (const client of clients) write(client, { channel, snapshot: payload as QueueSnapshot, frame: '' });
      return;
    }
    const frame = frameFor(channel, payload);
    for (const client of clients) write(client, { channel, snapshot: null, frame });
  });

  const pingTimer = setInterval(() => {
    for (const client of clients) write(client, { channel: null, snapshot: null, frame: ': ping\n\n' });
  }, pingMs);
  pingTimer.unref();

  async function events(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return sendStatus(res, 405, { Allow: 'GET' });
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const client: SseClient = { res, pending: [], ready: false, blocked: false, encoder: createSnapshotEncoder(wire) };
    clients.add(client);
    const drop = () => clients.delete(client);
    req.on('close', drop);
    res.on('error', drop);
    try {
      const [snapshot, settings] = await Promise.all([
        core.handlers[Invoke.getSnapshot](undefined),
        core.handlers[Invoke.getSettings](undefined),
      ]);
      // Pushes that arrived meanwhile are newer than what was just read: they win and stay after it.
      const later = client.pending;
      client.pending = [];
      if (!later.some((p) => p.channel === Push.snapshot)) client.pending.push({ channel: Push.snapshot, snapshot, frame: '' });
      if (!later.some((p) => p.channel === Push.settings)) client.pending.push({ channel: Push.settings, snapshot: null, frame: frameFor(Push.settings, settings) });
      client.pending.push(...later);
    } catch (err) {
      log?.error('browser host: could not read the initial snapshot', { error: err instanceof Error ? err.name : typeof err });
    }
    client.ready = true;
    flush(client);
  }

  // ----------------------------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req)) return sendStatus(res, 403);
    const origin = req.headers.origin;
    // A POST must prove it comes from the page; any request that names a foreign origin is refused.
    if (req.method === 'POST' && !originAllowed(origin)) return sendStatus(res, 403);
    if (origin !== undefined && !originAllowed(origin)) return sendStatus(res, 403);
    if (req.headers['sec-fetch-site'] === 'cross-site') return sendStatus(res, 403);

    const rawUrl = req.url ?? '/';
    const rawPath = rawUrl.split('?')[0]!.split('#')[0]!;
    if (rawPath.includes('\u0000')) return sendStatus(res, 400);
    if (!rawPath.startsWith('/')) return sendStatus(res, 404);
    const slash = rawPath.indexOf('/', 1);
    const first = slash === -1 ? rawPath.slice(1) : rawPath.slice(1, slash);
    if (!secretMatches(first)) return sendStatus(res, 404);
    if (slash === -1) {
      res.setHeader('Location', `/${secret}/`);
      return sendStatus(res, 308);
    }
    const rest = rawPath.slice(slash + 1);
    const head = req.method === 'HEAD';

    if (rest.startsWith('api/invoke/')) return invoke(req, res, rest.slice('api/invoke/'.length));
    if (rest === 'api/events') return events(req, res);
    if (rest.startsWith('api/')) return sendStatus(res, 404);
    if (req.method !== 'GET' && !head) return sendStatus(res, 405, { Allow: 'GET, HEAD' });
    if (rest === '' || rest === 'index.html') return serveIndex(res, head);
    if (rest === 'bridge.js') return serveFile(res, bridgeFile, head, null);
    const target = staticPathFor(rendererRoot, rest);
    if (!target.ok) return sendStatus(res, target.status);
    return serveFile(res, target.file, head, rendererRoot);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log?.error('browser host: request failed', { error: err instanceof Error ? err.name : typeof err });
      if (!res.headersSent) sendStatus(res, 500);
      else res.destroy();
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/${secret}/`;
  log?.info('browser host: listening', { port });

  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      closing ??= new Promise<void>((done) => {
        clearInterval(pingTimer);
        unsubscribe();
        for (const client of clients) client.res.end();
        clients.clear();
        server.close(() => done());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
