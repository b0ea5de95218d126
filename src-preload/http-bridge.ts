/**
 * The browser host's Transport (INTERFACES §4): invokes are `POST <base>api/invoke/<channel>` with
 * `{"input": …}`, pushes arrive on one shared EventSource at `<base>api/events`. The EventSource
 * reconnects with backoff when the browser gives up on it, and every reconnect re-fetches the
 * snapshot, so the renderer can always rebuild its state. fetch and EventSource are injectable.
 *
 * Large queues: the stream sends the current snapshot on connect, so a `queue.getSnapshot()`
 * made while that snapshot is on its way is answered with it instead of fetching it a second
 * time (at 100,000 rows each copy is ~60 MB of JSON). On the stream a snapshot's requests come as
 * columns, or as a delta against the previous snapshot on the stream (see `RequestsDelta` in
 * src-main/browser-host/server.ts); they are rebuilt here into whole snapshots, a delta reusing
 * the unchanged row objects, so listeners always get a plain `QueueSnapshot`.
 */
import {
  Invoke,
  isInvokeChannel,
  Push,
  PUSH_CHANNELS,
  type AppApi,
  type InvokeOutput,
  type PushChannel,
  type QueueSnapshot,
  type Transport,
} from '../src-shared/contract';
import type { AppError, RequestView } from '../src-shared/domain';
import { REQUEST_VIEW_KEYS, type RequestsColumns, type RequestsDelta } from '../src-shared/snapshot-wire';

/** The part of EventSource the bridge uses (the DOM type is not in the Node typings). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

export interface HttpTransportDeps {
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  createEventSource?: (url: string) => EventSourceLike;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  random?: () => number;
}

export interface HttpTransport extends Transport {
  /** Stops the event stream and any pending reconnect (tests, page unload). */
  close(): void;
}

const EVENT_SOURCE_CLOSED = 2;
/** How long a getSnapshot waits for the snapshot the stream sends on connect before fetching it. */
export const STREAM_SNAPSHOT_WAIT_MS = 10_000;
export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_MAX_MS = 30_000;


/** Rows sent as columns, back to objects (every row gets every key). Null when malformed. */
export function requestsFromColumns(wire: RequestsColumns): RequestView[] | null {
  const { keys, count, columns } = wire;
  if (!Array.isArray(keys) || !Array.isArray(columns) || columns.length !== keys.length || !Number.isInteger(count) || count < 0) return null;
  // Keys become property names: one that would reach the prototype is refused outright.
  if (keys.some((k) => typeof k !== 'string' || k === '__proto__')) return null;
  if (columns.some((c) => !Array.isArray(c) || c.length !== count)) return null;
  const values = columns.map((c) => c.slice());
  for (const [column, dict] of Object.entries(wire.dicts ?? {})) {
    const k = Number(column);
    if (!Number.isInteger(k) || k < 0 || k >= keys.length || !Array.isArray(dict)) return null;
    const cells = values[k]!;
    for (let i = 0; i < count; i += 1) cells[i] = dict[cells[i] as number];
  }
  const known = keys.length === REQUEST_VIEW_KEYS.length && keys.every((k, i) => k === REQUEST_VIEW_KEYS[i]);
  const out = new Array<RequestView>(count);
  if (known) {
    // An object literal per row: every row gets the same shape, ~10× faster to build than
    // key-by-key assignment, and property reads stay fast in everything that sorts and filters.
    const [id, workspaceId, integrationConfigId, provider, address, agentId, matchedParticipantId, displayName, conversationName, status, rawStatus] = values;
    const [processedBy, processedAt, processingNote, approvedParticipantId, createdAt, modifiedAt, agentName, connectorName, processedByName, canDecide, readOnlyReason] = values.slice(11);
    const [matchedParticipantName, approvedParticipantName, approveMode] = values.slice(22);
    for (let i = 0; i < count; i += 1) {
      out[i] = {
        id: id![i],
        workspaceId: workspaceId![i],
        integrationConfigId: integrationConfigId![i],
        provider: provider![i],
        address: address![i],
        agentId: agentId![i],
        matchedParticipantId: matchedParticipantId![i],
        displayName: displayName![i],
        conversationName: conversationName![i],
        status: status![i],
        rawStatus: rawStatus![i],
        processedBy: processedBy![i],
        processedAt: processedAt![i],
        processingNote: processingNote![i],
        approvedParticipantId: approvedParticipantId![i],
        createdAt: createdAt![i],
        modifiedAt: modifiedAt![i],
        agentName: agentName![i],
        connectorName: connectorName![i],
        processedByName: processedByName![i],
        canDecide: canDecide![i],
        readOnlyReason: readOnlyReason![i],
        matchedParticipantName: matchedParticipantName![i],
        approvedParticipantName: approvedParticipantName![i],
        approveMode: approveMode![i],
      } as RequestView;
    }
    return out;
  }
  for (let i = 0; i < count; i += 1) {
    const row: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k += 1) row[keys[k]!] = values[k]![i];
    out[i] = row as unknown as RequestView;
  }
  return out;
}

/**
 * Rebuilds the requests of a delta-encoded snapshot from the previous snapshot's requests on
 * the same stream. Unchanged rows keep their objects; an equal revision keeps the very array.
 * Null when the delta does not fit what was held (the caller then fetches the whole snapshot).
 */
export function requestsFromDelta(previous: { rev: number; requests: RequestView[] } | null, rev: number | undefined, delta: RequestsDelta): RequestView[] | null {
  if (previous === null || previous.rev !== delta.base || !Array.isArray(delta.ops)) return null;
  if (rev === delta.base) return previous.requests;
  const out: RequestView[] = [];
  for (const op of delta.ops) {
    if (!Array.isArray(op)) {
      out.push(op);
      continue;
    }
    const [from, count] = op;
    if (!Number.isInteger(from) || !Number.isInteger(count) || from < 0 || count < 0 || from + count > previous.requests.length) return null;
    for (let i = from; i < from + count; i += 1) out.push(previous.requests[i]!);
  }
  return out;
}

type WireSnapshot = Omit<QueueSnapshot, 'requests'> & { requests?: RequestView[]; requestsColumns?: RequestsColumns; requestsDelta?: RequestsDelta };

/**
 * A snapshot event's data as the whole snapshot the page expects; `previous` is the last
 * snapshot the same stream delivered. Null when it cannot be rebuilt.
 */
export function snapshotFromWire(payload: unknown, previous: QueueSnapshot | null): QueueSnapshot | null {
  if (payload === null || typeof payload !== 'object') return null;
  const { requestsColumns, requestsDelta, ...rest } = payload as WireSnapshot;
  let requests: RequestView[] | null;
  if (requestsColumns !== undefined) requests = requestsFromColumns(requestsColumns);
  else if (requestsDelta !== undefined) {
    const held = previous?.requestsRev !== undefined ? { rev: previous.requestsRev, requests: previous.requests } : null;
    requests = requestsFromDelta(held, rest.requestsRev, requestsDelta);
  } else requests = Array.isArray(rest.requests) ? rest.requests : null;
  return requests === null ? null : { ...rest, requests };
}

function isAppError(value: unknown): value is AppError {
  const v = value as Partial<AppError> | null;
  return !!v && typeof v === 'object' && typeof v.code === 'string' && typeof v.message === 'string';
}

/** The base URL (`<origin>/<secret>/`) of a page served by the browser host. */
export function bridgeBaseUrl(origin: string, pathname: string): string {
  const secret = pathname.split('/')[1] ?? '';
  return `${origin}/${secret}/`;
}

/** Freezes the API object and its domain groups so page scripts cannot swap a method. */
export function freezeApi(api: AppApi): Readonly<AppApi> {
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze(api);
}

/** Creates the HTTP transport for a base URL ending in `/<secret>/`. */
export function createHttpTransport(baseUrl: string, deps: HttpTransportDeps = {}): HttpTransport {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  // Browsers require fetch to be called with the window as `this`.
  const fetchImpl = deps.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const createEventSource =
    deps.createEventSource ??
    ((url: string) => new (globalThis as unknown as { EventSource: new (u: string) => EventSourceLike }).EventSource(url));
  const timers = deps.timers ?? { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };
  const random = deps.random ?? Math.random;

  const listeners = new Map<PushChannel, Set<(payload: unknown) => void>>();
  let source: EventSourceLike | null = null;
  let reconnectTimer: unknown = null;
  let attempt = 0;
  let hasConnected = false;
  let closed = false;
  /** The last snapshot the current stream delivered (deltas apply to its requests). */
  let streamSnapshot: QueueSnapshot | null = null;
  /** getSnapshot calls waiting for the snapshot the stream sends on connect. */
  const waiting: Array<(snapshot: QueueSnapshot | null) => void> = [];

  function settleWaiting(snapshot: QueueSnapshot | null): void {
    for (const w of waiting.splice(0)) w(snapshot);
  }

  function dispatch(channel: PushChannel, payload: unknown): void {
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        console.error('fruxon bridge listener failed', err);
      }
    }
  }

  /** queue.getSnapshot: the stream's snapshot when one is live or on its way, else a fetch. */
  async function snapshotNow(): Promise<unknown> {
    if (source !== null) {
      if (streamSnapshot !== null) return streamSnapshot;
      const fromStream = await new Promise<QueueSnapshot | null>((resolve) => {
        const timer = timers.setTimeout(() => resolve(null), STREAM_SNAPSHOT_WAIT_MS);
        waiting.push((s) => {
          timers.clearTimeout(timer);
          resolve(s);
        });
      });
      if (fromStream !== null) return fromStream;
    }
    return fetchInvoke(Invoke.getSnapshot, undefined);
  }

  async function invoke(channel: string, input: unknown): Promise<unknown> {
    if (channel === Invoke.getSnapshot) return snapshotNow();
    return fetchInvoke(channel, input);
  }

  async function fetchInvoke(channel: string, input: unknown): Promise<unknown> {
    if (!isInvokeChannel(channel)) throw new Error('Unknown channel.');
    let res: Response;
    try {
      res = await fetchImpl(`${base}api/invoke/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ input: input === undefined ? null : input }),
        credentials: 'same-origin',
      });
    } catch {
      throw new Error('The console host is not reachable. Is it still running?');
    }
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      // handled below: a non-JSON answer is an error whatever the status
    }
    const obj = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : null;
    if (res.ok && obj && 'output' in obj) return obj.output;
    // Bad input is an expected failure: a Result, like the Electron bridge returns.
    if (res.status === 400 && obj && isAppError(obj.error)) return { ok: false, error: obj.error };
    throw new Error(`The console host refused the request (HTTP ${res.status}).`);
  }

  function resync(): void {
    fetchInvoke(Invoke.getSnapshot, undefined).then(
      (snapshot) => dispatch(Push.snapshot, snapshot),
      () => undefined, // the stream will deliver the next snapshot anyway
    );
  }

  /** A snapshot event's payload as a whole snapshot; null when it cannot be rebuilt (then re-read). */
  function snapshotFromStream(payload: unknown): QueueSnapshot | null {
    const snapshot = snapshotFromWire(payload, streamSnapshot);
    // Should not happen on an ordered stream; the whole snapshot puts things right.
    if (snapshot === null) resync();
    return snapshot;
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer !== null) return;
    const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempt);
    attempt += 1;
    const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function connect(): void {
    if (closed) return;
    const es = createEventSource(`${base}api/events`);
    source = es;
    streamSnapshot = null;
    for (const channel of PUSH_CHANNELS) {
      es.addEventListener(channel, (event) => {
        if (source !== es || typeof event.data !== 'string') return;
        let payload: unknown;
        try {
          payload = JSON.parse(event.data);
        } catch {
          return;
        }
        if (channel === Push.snapshot) {
          const snapshot = snapshotFromStream(payload);
          if (snapshot === null) return;
          streamSnapshot = snapshot;
          dispatch(channel, snapshot);
          settleWaiting(snapshot);
          return;
        }
        dispatch(channel, payload);
      });
    }
    es.addEventListener('open', () => {
      if (source !== es) return;
      attempt = 0;
      if (hasConnected) resync();
      hasConnected = true;
    });
    es.addEventListener('error', () => {
      if (source !== es) return;
      // CONNECTING: the browser retries by itself. CLOSED: it gave up (HTTP error); we retry.
      if (es.readyState === EVENT_SOURCE_CLOSED) {
        es.close();
        source = null;
        streamSnapshot = null;
        settleWaiting(null);
        scheduleReconnect();
      }
    });
  }

  return {
    invoke: invoke as <C extends Parameters<Transport['invoke']>[0]>(channel: C, input: unknown) => Promise<InvokeOutput<C>>,
    on(channel, listener) {
      if (!(PUSH_CHANNELS as string[]).includes(channel)) throw new Error('Unknown channel.');
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      const wrapped = (payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
      set.add(wrapped);
      if (!source && reconnectTimer === null && !closed) connect();
      return () => {
        set.delete(wrapped);
      };
    },
    close() {
      closed = true;
      if (reconnectTimer !== null) timers.clearTimeout(reconnectTimer);
      reconnectTimer = null;
      source?.close();
      source = null;
      settleWaiting(null);
    },
  };
}
