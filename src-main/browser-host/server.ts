/**
 * The browser host: serves the built renderer and the HTTP bridge on loopback so the same
 * console runs in an ordinary browser when Electron is unavailable. The page URL carries a
 * per-launch secret; every route lives under it. Host and Origin are checked on every request
 * (DNS rebinding, cross-site POSTs: guards.ts), and the token never leaves main: the core only
 * ever hands out views, and a last-line guard removes any credential this process has seen from
 * every answer and event (redacted, never dropped: the console never goes blank). Invokes go
 * through the core's one dispatcher, the same as over Electron IPC; files come from
 * static-files.ts and pushes go out on event-stream.ts (the shared wire, one encoder per stream).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Invoke, type InvokeChannel, type InvokeHandlers, type PushChannel, type PushContract, type QueueSnapshot, type Unsubscribe } from '../../src-shared/contract';
import { createSnapshotEncodeCache, encodeWholeSnapshot } from '../../src-shared/snapshot-wire';
import { createInvokeDispatcher } from '../core/bridge/invoke-dispatch';
import { createSecretBook, createSecretGuard } from '../core/security/secret-guard';
import { createEventStream } from './event-stream';
import { envelopeInput, invokeRequestCheck, requestRefusal, routeFor } from './guards';
import { createResponses } from './responses';
import { createStaticFiles } from './static-files';

export { BROWSER_HOST_CSP } from './responses';
export { injectBridge, staticPathFor } from './static-files';

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

/**
 * Starts the browser host on loopback and resolves once it listens. `close()` ends every
 * event stream and open connection.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core } = options;
  const log = options.log;
  const secret = randomBytes(32).toString('base64url');
  const secretBuf = Buffer.from(secret);
  const secretMatches = (candidate: string) => {
    const buf = Buffer.from(candidate);
    return buf.length === secretBuf.length && timingSafeEqual(buf, secretBuf);
  };
  /** Tokens seen passing through sign-in inputs (trimmed too, bounded). */
  const seenTokens = createSecretBook();
  let port = 0;

  // The token guard: the core never returns tokens; this is the last line should that break.
  const guard = createSecretGuard(
    () => [...seenTokens.list(), ...(options.knownSecrets?.() ?? []), ...(core.secrets?.() ?? [])],
    (where) => log?.error('browser host: redacted a credential from a response', { where }),
  );
  const dispatch = createInvokeDispatcher({ handlers: core.handlers, guard, log });
  const responses = createResponses(guard);
  const { sendStatus, sendJson, badInput } = responses;
  // One encode cache for the host: the invoke route and every event stream share the columns.
  const wire = createSnapshotEncodeCache();
  const stream = createEventStream({ core, guard, wire, responses, pingMs: options.pingMs ?? 15_000, log });
  const files = createStaticFiles({ rendererDir: options.rendererDir, bridgeFile: options.bridgeFile, guard, responses, onIndexServed: () => stream.warm(), log });

  function rememberToken(channel: InvokeChannel, input: unknown): void {
    if (channel !== Invoke.signInWithToken || typeof input !== 'object' || input === null) return;
    seenTokens.add((input as { token?: unknown }).token);
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
    const check = invokeRequestCheck(req.method, rawChannel, req.headers['content-type']);
    if (!check.ok) return sendStatus(res, check.status, check.allow ? { Allow: check.allow } : {});
    const channel = check.channel;
    const body = await readJsonBody(req, res);
    if (!body.ok) return;
    const envelope = envelopeInput(body.value);
    if (envelope === null) return badInput(res, 'The request body must be {"input": …}.');
    const raw = envelope.input;
    rememberToken(channel, raw);
    const reply = await dispatch(channel, raw === null ? [] : [raw]);
    if (!reply.ok) return sendJson(res, reply.error.code === 'bad-input' ? 400 : 500, { error: reply.error });
    // A whole snapshot travels as columns here too (the bridge decodes it like a stream frame).
    const output = channel === Invoke.getSnapshot ? encodeWholeSnapshot(reply.output as QueueSnapshot, wire) : reply.output;
    sendJson(res, 200, { output });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = requestRefusal({ method: req.method, host: req.headers.host, origin: req.headers.origin, secFetchSite: req.headers['sec-fetch-site'] }, port);
    if (refused !== null) return sendStatus(res, refused);
    const route = routeFor(req.url, req.method, secret, secretMatches);
    switch (route.kind) {
      case 'status':
        return sendStatus(res, route.status, route.allow ? { Allow: route.allow } : {});
      case 'redirect':
        res.setHeader('Location', route.location);
        return sendStatus(res, 308);
      case 'invoke':
        return invoke(req, res, route.rawChannel);
      case 'events':
        return stream.open(req, res);
      case 'index':
        return files.index(res, route.head);
      case 'bridge':
        return files.bridge(res, route.head);
      case 'static':
        return files.file(res, route.rest, route.head);
    }
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

  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (err) {
    // Never listened (a taken port): let go of the core's pushes and the ping timer.
    stream.close();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/${secret}/`;
  log?.info('browser host: listening', { port });

  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      closing ??= new Promise<void>((done) => {
        stream.close();
        server.close(() => done());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
