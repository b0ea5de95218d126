/**
 * The HTTP transport of the simulator (node:http, no framework): parses the request, applies
 * injected faults, runs the route, logs what was served, and tracks sockets so close() can end
 * hanging requests at once.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultQueue } from './faults';
import { type ApiRequest, type Router, type SimResponse, json, problemResponse } from './routes';
import type { SimStore } from './store';
import type { FaultAction, RequestLogEntry, SimTimers } from './types';

const MAX_BODY_BYTES = 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

export interface ControlRequest {
  method: string;
  /** Segments after `_sim`. */
  segments: string[];
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ServerDeps {
  router: Router;
  faults: FaultQueue;
  store: SimStore;
  now: () => number;
  timers: SimTimers;
  control: (req: ControlRequest) => SimResponse;
  log: (entry: RequestLogEntry) => void;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const httpDate = (ms: number) => new Date(ms).toUTCString();

function decodeSegments(pathname: string): string[] | null {
  try {
    return pathname
      .split('/')
      .slice(1)
      .map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
      done = true;
    });
    req.on('error', () => {
      if (!done) resolve(null);
      done = true;
    });
    req.on('aborted', () => {
      if (!done) resolve(null);
      done = true;
    });
  });
}

function send(res: ServerResponse, r: SimResponse): void {
  if (res.destroyed || res.headersSent) return;
  res.statusCode = r.status;
  for (const [name, value] of Object.entries(r.headers ?? {})) res.setHeader(name, value);
  if (r.body !== undefined && r.body.length > 0) {
    res.setHeader('content-length', typeof r.body === 'string' ? Buffer.byteLength(r.body) : r.body.length);
    res.end(r.body);
    return;
  }
  if (r.status !== 204 && r.status !== 304) res.setHeader('content-length', 0);
  res.end();
}

const CAPTIVE_PORTAL = `<!doctype html><html><head><title>Guest Wi-Fi — Sign in</title></head>
<body><h1>Welcome to Guest Wi-Fi</h1><p>Please accept the terms to continue.</p>
<form method="post" action="/login"><button>Accept and connect</button></form></body></html>`;

const FALLBACK_ROW = '{"id":"00000000-0000-4000-8000-000000000000","status":"PENDING"}';

/** Streams a syntactically valid JSON array of about `bytes` bytes, without Content-Length. */
function writeHuge(res: ServerResponse, bytes: number, store: SimStore): void {
  const first = store.allRequests()[0];
  const template = first ? store.rowJson(first) : FALLBACK_ROW;
  const idAt = template.indexOf('"id":"') + 6;
  const before = template.slice(0, idAt);
  const after = template.slice(template.indexOf('"', idAt));
  const rowBytes = Buffer.byteLength(before) + 36 + Buffer.byteLength(after) + 1;
  res.statusCode = 200;
  res.setHeader('content-type', JSON_TYPE);
  res.write('[');
  let written = 1;
  let batch: string[] = [];
  let batchBytes = 0;
  for (let i = 0; written < bytes; i += 1) {
    batch.push(`${i === 0 ? '' : ','}${before}00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}${after}`);
    written += rowBytes;
    batchBytes += rowBytes;
    if (batchBytes >= 64 * 1024) {
      if (res.destroyed) return;
      res.write(batch.join(''));
      batch = [];
      batchBytes = 0;
    }
  }
  res.end(`${batch.join('')}]`);
}

/** Answers a fault that replaces the response entirely; returns false for faults handled elsewhere. */
function answerFault(res: ServerResponse, action: FaultAction, store: SimStore, req: IncomingMessage, path: string): boolean {
  switch (action.kind) {
    case 'echo-token': {
      // A careless server that repeats what it was sent: the bearer token, or the last path
      // segment (the device code of a device poll), in its problem text.
      const auth = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const echoed = auth || decodeURIComponent(path.split('/').pop() ?? '');
      send(res, problemResponse({ status: action.status, title: `Rejected credential ${echoed}`, detail: `The request carried "${echoed}", which this server did not accept.` }));
      return true;
    }
    case 'status': {
      const { status } = action;
      if (action.body !== undefined) {
        send(res, { status, headers: { 'content-type': action.contentType ?? 'application/problem+json; charset=utf-8', ...action.headers }, body: action.body });
      } else if (status >= 400 && status !== 401) {
        send(res, problemResponse({ status, title: status === 429 ? 'Too Many Requests' : 'Simulated failure', detail: `Simulated ${status} response.` }, action.headers));
      } else {
        send(res, { status, headers: { ...action.headers } });
      }
      return true;
    }
    case 'malformed-json': {
      const rows = store.serialize(store.allRequests().slice(0, 3));
      const cut = rows.length > 8 ? rows.slice(0, Math.floor(rows.length / 2)) : '[{"id":"';
      send(res, { status: 200, headers: { 'content-type': JSON_TYPE }, body: cut });
      return true;
    }
    case 'html':
      send(res, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: CAPTIVE_PORTAL });
      return true;
    case 'empty': {
      const status = action.status ?? 200;
      send(res, status === 204 ? { status } : { status, headers: { 'content-type': JSON_TYPE } });
      return true;
    }
    case 'huge':
      writeHuge(res, action.bytes, store);
      return true;
    case 'redirect':
      send(res, { status: action.status ?? 302, headers: { location: action.location } });
      return true;
    case 'rows':
      send(res, json(200, action.rows));
      return true;
    default:
      return false;
  }
}

/** Starts the HTTP server on host:port (0 = random) and resolves once it listens. */
export function startHttpServer(deps: ServerDeps, host: string, port: number): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const pendingTimers = new Set<unknown>();
  let closed = false;
  let baseUrl = '';

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = deps.timers.setTimeout(() => {
        pendingTimers.delete(handle);
        resolve();
      }, ms);
      pendingTimers.add(handle);
    });

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const at = deps.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const isControl = url.pathname === '/_sim' || url.pathname.startsWith('/_sim/');
    let logged = false;
    const logAs = (status: number) => {
      if (logged || isControl) return;
      logged = true;
      deps.log({ method, path: url.pathname, search: url.search, status, at });
    };
    res.on('finish', () => logAs(res.statusCode));
    res.on('close', () => logAs(0));
    res.on('error', () => undefined);
    res.setHeader('date', httpDate(deps.now()));

    const segments = decodeSegments(url.pathname);
    if (!segments) {
      send(res, problemResponse({ status: 400, title: 'Bad Request', detail: 'The path is not valid percent-encoding.' }));
      return;
    }
    if (isControl) {
      const body = await readBody(req);
      send(res, body === null ? problemResponse({ status: 413, title: 'Payload Too Large', detail: 'Body over 1 MB.' }) : deps.control({ method, segments: segments.slice(1), headers: req.headers, body }));
      return;
    }

    const match = deps.router.match(method, segments);
    let action = match.faultable ? deps.faults.take(match.route) : undefined;
    if (action?.kind === 'latency') {
      await delay(action.ms);
      if (closed) return;
      action = undefined;
    }
    if (action?.kind === 'reset') {
      logAs(0);
      req.socket.destroy();
      return;
    }
    if (action?.kind === 'hang') {
      logAs(0);
      return; // the socket stays open until the client gives up or close() destroys it
    }
    if (action && answerFault(res, action, deps.store, req, url.pathname)) return;

    const body = await readBody(req);
    if (body === null) {
      send(res, problemResponse({ status: 413, title: 'Payload Too Large', detail: 'Body over 1 MB.' }));
      return;
    }
    const apiReq: ApiRequest = {
      method,
      segments,
      query: url.searchParams,
      body,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      baseUrl,
    };
    let response: SimResponse;
    try {
      response = match.handle(apiReq, action?.kind === 'envelope' ? { envelopePageSize: Math.max(1, Math.floor(action.pageSize)) } : {});
    } catch (error) {
      response = problemResponse({ status: 500, title: 'Internal Server Error', detail: `Simulator error: ${String(error)}` });
    }
    if (action?.kind === 'reset-after-apply') {
      logAs(0);
      req.socket.destroy();
      return;
    }
    if (action?.kind === 'hang-after-apply') {
      logAs(0);
      return;
    }
    send(res, response);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) send(res, problemResponse({ status: 500, title: 'Internal Server Error', detail: 'Simulator error.' }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      baseUrl = `http://${urlHost}:${actualPort}`;
      resolve({
        url: baseUrl,
        close: () =>
          new Promise<void>((done) => {
            if (closed) {
              done();
              return;
            }
            closed = true;
            for (const handle of pendingTimers) deps.timers.clearTimeout(handle);
            pendingTimers.clear();
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
