/**
 * The browser host: serves the built renderer and the HTTP bridge (INTERFACES.md §4) on
 * loopback so the same console runs in an ordinary browser when Electron is unavailable.
 * The page URL carries a per-launch secret; every route lives under it. Host and Origin are
 * checked on every request (DNS rebinding, cross-site POSTs), and the token never leaves main:
 * the core only ever hands out views, and a last-line guard refuses to send any body that
 * contains a credential this process has seen.
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
  parseInvokeInput,
  type InvokeChannel,
  type InvokeHandlers,
  type PushChannel,
  type PushContract,
  type QueueSnapshot,
  type Unsubscribe,
} from '../../src-shared/contract';
import { contentTypeFor, resolveStaticPath } from '../core/protocol-path';
import { REQUEST_VIEW_KEYS, type RequestsColumns, type RequestsDelta } from '../../src-shared/snapshot-wire';
import type { RequestView } from '../../src-shared/domain';

/** The part of the console core the host needs (structurally a subset of `ConsoleCore`). */
export interface BrowserHostCore {
  handlers: InvokeHandlers;
  subscribe(listener: <P extends PushChannel>(channel: P, payload: PushContract[P]) => void): Unsubscribe;
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

/**
 * How a snapshot's `requests` travel on the event stream (INTERFACES §4 addition; decoded by
 * `snapshotFromWire` in src-preload/http-bridge.ts, which hands the page whole snapshots as
 * before). At 100,000 rows a snapshot is ~60 MB of JSON, and most snapshots only change a
 * workspace's status or a handful of rows. The `data` of a `queue:snapshot-changed` event is the
 * snapshot without `requests`, plus exactly one of:
 * - `requestsColumns: { keys, count, columns, dicts }`: one array per field (`columns[k][i]` is
 *   field `keys[k]` of request `i`), where a column listed in `dicts` holds indexes into that
 *   list of values (a fifth of the bytes of objects, and so of the time to encode, send, receive
 *   and parse, with 22 arrays to allocate instead of 100,000 objects);
 * - `requestsDelta: { base, ops }`: the list as an edit script over the requests of the previous
 *   snapshot on this stream (whose `requestsRev` was `base`): `[from, count]` copies that many
 *   rows from there, an object is a new or changed row; equal revisions send no ops.
 * A plain `requests` array is still understood by the bridge.
 */

/** The requests as columns (see above). */
export function requestsColumnsFor(requests: readonly RequestView[]): RequestsColumns {
  const n = requests.length;
  // One array per field rather than one per row: 25 allocations instead of 100,000, on both ends.
  const columns = REQUEST_VIEW_KEYS.map(() => new Array<unknown>(n));
  const [id, workspaceId, integrationConfigId, provider, address, agentId, matchedParticipantId, displayName, conversationName, status, rawStatus] = columns;
  const [processedBy, processedAt, processingNote, approvedParticipantId, createdAt, modifiedAt, agentName, connectorName, processedByName, canDecide, readOnlyReason] = columns.slice(11);
  const [matchedParticipantName, approvedParticipantName, approveMode] = columns.slice(22);
  for (let i = 0; i < n; i += 1) {
    const r = requests[i]!;
    id![i] = r.id;
    workspaceId![i] = r.workspaceId;
    integrationConfigId![i] = r.integrationConfigId;
    provider![i] = r.provider;
    address![i] = r.address;
    agentId![i] = r.agentId;
    matchedParticipantId![i] = r.matchedParticipantId;
    displayName![i] = r.displayName;
    conversationName![i] = r.conversationName;
    status![i] = r.status;
    rawStatus![i] = r.rawStatus;
    processedBy![i] = r.processedBy;
    processedAt![i] = r.processedAt;
    processingNote![i] = r.processingNote;
    approvedParticipantId![i] = r.approvedParticipantId;
    createdAt![i] = r.createdAt;
    modifiedAt![i] = r.modifiedAt;
    agentName![i] = r.agentName;
    connectorName![i] = r.connectorName;
    processedByName![i] = r.processedByName;
    canDecide![i] = r.canDecide;
    readOnlyReason![i] = r.readOnlyReason;
    matchedParticipantName![i] = r.matchedParticipantName;
    approvedParticipantName![i] = r.approvedParticipantName;
    approveMode![i] = r.approveMode;
  }
  // Columns with few distinct values (agent, connector, status, workspace, who decided) send
  // each value once and an index per row: at 100,000 rows a fifth of the bytes of objects.
  const dicts: Record<string, unknown[]> = {};
  const limit = Math.max(16, n / 8);
  columns.forEach((column, k) => {
    if (n < 2) return;
    const index = new Map<unknown, number>();
    const codes = new Array<number>(n);
    for (let i = 0; i < n; i += 1) {
      const v = column[i];
      let code = index.get(v);
      if (code === undefined) {
        code = index.size;
        if (code >= limit) return;
        index.set(v, code);
      }
      codes[i] = code;
    }
    columns[k] = codes;
    dicts[String(k)] = [...index.keys()];
  });
  return { keys: [...REQUEST_VIEW_KEYS], count: n, columns, dicts };
}

/** The edit script that turns `previous` into `next`, reusing runs of identical row objects. */
export function requestsDeltaFor(previous: readonly RequestView[], next: readonly RequestView[], base: number): RequestsDelta {
  const at = new Map<RequestView, number>();
  for (let i = 0; i < previous.length; i += 1) at.set(previous[i]!, i);
  const ops: RequestsDelta['ops'] = [];
  let run: [number, number] | null = null;
  for (const row of next) {
    const j = at.get(row);
    if (j === undefined) {
      ops.push(row);
      run = null;
    } else if (run !== null && run[0] + run[1] === j) {
      run[1] += 1;
    } else {
      run = [j, 1];
      ops.push(run);
    }
  }
  return { base, ops };
}

/** A delta is worth sending while most rows are reused; otherwise the columns are smaller. */
function deltaPays(delta: RequestsDelta, rows: number): boolean {
  let literal = 0;
  for (const op of delta.ops) if (!Array.isArray(op)) literal += 1;
  return literal <= rows / 2;
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
  /** The requests of the last snapshot this stream carried, when they had a revision. */
  sent: { rev: number; requests: RequestView[] } | null;
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
  const seenTokens = new Set<string>();
  const clients = new Set<SseClient>();
  let port = 0;

  // ----------------------------------------------------------------------------------------
  // The token guard: the core never returns tokens; this is the last line should that break.

  function leaksSecret(body: string): boolean {
    for (const t of seenTokens) if (body.includes(t)) return true;
    for (const t of options.knownSecrets?.() ?? []) if (t.length >= 8 && body.includes(t)) return true;
    return false;
  }

  function rememberToken(channel: InvokeChannel, input: unknown): void {
    if (channel !== Invoke.signInWithToken || typeof input !== 'object' || input === null) return;
    const token = (input as { token?: unknown }).token;
    if (typeof token === 'string' && token.length >= 8) seenTokens.add(token);
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
    const body = JSON.stringify(value);
    if (leaksSecret(body)) {
      log?.error('browser host: refused to send a response that contained a credential');
      send(res, 500, JSON.stringify({ error: { code: 'internal', message: 'The console refused to send a response that contained a credential.' } }), 'application/json; charset=utf-8');
      return;
    }
    send(res, status, body, 'application/json; charset=utf-8');
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
      if (leaksSecret(body.toString('utf8'))) {
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
    const parsed = parseInvokeInput(channel, raw === null ? undefined : raw);
    if (!parsed.ok) return badInput(res, parsed.error.message);
    let output: unknown;
    try {
      const handler = core.handlers[channel] as (input: unknown) => Promise<unknown>;
      output = await handler(parsed.value);
    } catch (err) {
      log?.error('browser host: invoke handler threw', { channel, error: err instanceof Error ? err.name : typeof err });
      return sendJson(res, 500, { error: { code: 'internal', message: 'The console hit an internal error.' } });
    }
    sendJson(res, 200, { output: output === undefined ? null : output });
  }

  // ----------------------------------------------------------------------------------------
  // Server-sent events

  function frameFor(channel: PushChannel, payload: unknown): string | null {
    const data = JSON.stringify(payload ?? null);
    if (leaksSecret(data)) {
      log?.error('browser host: dropped a push that contained a credential', { channel });
      return null;
    }
    return `event: ${channel}\ndata: ${data}\n\n`;
  }

  // A snapshot goes to every client: encode each form once. The columns of a requests array are
  // kept with the array, which the core reuses while the requests are unchanged (QueueSnapshot.
  // requestsRev), so a reconnect or a second tab does not encode 100,000 rows again.
  const columnsJson = new WeakMap<readonly RequestView[], string>();
  const wholeFrames = new WeakMap<QueueSnapshot, string | null>();
  const deltaFrames = new WeakMap<QueueSnapshot, Map<number, string | null>>();

  function columnsOf(requests: readonly RequestView[]): string {
    let json = columnsJson.get(requests);
    if (json === undefined) columnsJson.set(requests, (json = JSON.stringify(requestsColumnsFor(requests))));
    return json;
  }

  /** `snapshot` without its requests, plus `field` (already JSON), as one event frame. */
  function frameWith(snapshot: QueueSnapshot, field: string, json: string): string | null {
    const { requests: _omitted, ...rest } = snapshot;
    const head = JSON.stringify(rest);
    const data = `${head.slice(0, -1)}${head === '{}' ? '' : ','}"${field}":${json}}`;
    if (leaksSecret(data)) {
      log?.error('browser host: dropped a push that contained a credential', { channel: Push.snapshot });
      return null;
    }
    return `event: ${Push.snapshot}\ndata: ${data}\n\n`;
  }

  /** The frame that carries `snapshot` on this client's stream (null: refused by the guard). */
  function snapshotFrame(client: SseClient, snapshot: QueueSnapshot): string | null {
    const rev = snapshot.requestsRev;
    const sent = client.sent;
    if (rev !== undefined && sent !== null) {
      let byBase = deltaFrames.get(snapshot);
      if (!byBase) deltaFrames.set(snapshot, (byBase = new Map()));
      let frame = byBase.get(sent.rev);
      if (frame === undefined) {
        // null: a delta does not pay (or was refused); the whole frame decides below.
        let delta: RequestsDelta | null = { base: sent.rev, ops: [] };
        if (rev !== sent.rev) {
          delta = requestsDeltaFor(sent.requests, snapshot.requests, sent.rev);
          if (!deltaPays(delta, snapshot.requests.length)) delta = null;
        }
        frame = delta === null ? null : frameWith(snapshot, 'requestsDelta', JSON.stringify(delta));
        byBase.set(sent.rev, frame);
      }
      if (frame !== null) return frame;
    }
    let whole = wholeFrames.get(snapshot);
    if (whole === undefined) wholeFrames.set(snapshot, (whole = frameWith(snapshot, 'requestsColumns', columnsOf(snapshot.requests))));
    return whole;
  }

  /**
   * While a page boots (~0.5 s before it opens the event stream) encode the current requests,
   * so its first snapshot is ready when it asks: at 100,000 rows that is most of the wait.
   */
  function warmSnapshot(): void {
    setImmediate(() => {
      if (closing !== null) return;
      core.handlers[Invoke.getSnapshot](undefined).then(
        (snapshot) => void columnsOf(snapshot.requests),
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
    let frame = entry.frame;
    if (entry.snapshot !== null) {
      const encoded = snapshotFrame(client, entry.snapshot);
      if (encoded === null) return;
      frame = encoded;
      const rev = entry.snapshot.requestsRev;
      client.sent = rev === undefined ? null : { rev, requests: entry.snapshot.requests };
    }
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
    if (frame === null) return;
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
    const client: SseClient = { res, pending: [], ready: false, blocked: false, sent: null };
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
      if (!later.some((p) => p.channel === Push.settings)) {
        const frame = frameFor(Push.settings, settings);
        if (frame !== null) client.pending.push({ channel: Push.settings, snapshot: null, frame });
      }
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
