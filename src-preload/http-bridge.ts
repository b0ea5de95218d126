/**
 * The browser host's Transport: invokes are `POST <base>api/invoke/<channel>` with
 * `{"input": …}`, pushes arrive on one shared EventSource at `<base>api/events`. The EventSource
 * reconnects with backoff when the browser gives up on it, and every reconnect re-fetches the
 * snapshot, so the renderer can always rebuild its state. fetch and EventSource are injectable.
 *
 * Large queues: the stream sends the current snapshot on connect, so a `queue.getSnapshot()`
 * made while that snapshot is on its way is answered with it instead of fetching it a second
 * time. Snapshots come on the shared wire (src-shared/snapshot-wire.ts, the same as over
 * Electron IPC): columns, or a delta against the previous snapshot on the stream; one decoder
 * per stream rebuilds whole snapshots, a delta reusing the unchanged row objects, so listeners
 * always get a plain `QueueSnapshot`. Invokes are answered like over IPC: the dispatcher's reply,
 * turned into what the AppApi promises by `outputFromReply`.
 */
import {
  Invoke,
  isInvokeChannel,
  outputFromReply,
  Push,
  PUSH_CHANNELS,
  type AppApi,
  type InvokeOutput,
  type InvokeReply,
  type PushChannel,
  type QueueSnapshot,
  type Transport,
} from '../src-shared/contract';
import type { AppError } from '../src-shared/domain';
import { createSnapshotDecoder, snapshotFromWire } from '../src-shared/snapshot-wire';

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
  /** Decodes the current stream's snapshots (deltas apply to the last one it delivered). */
  const stream = createSnapshotDecoder();
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
      const held = stream.current();
      if (held !== null) return held;
      const fromStream = await new Promise<QueueSnapshot | null>((resolve) => {
        const timer = timers.setTimeout(() => resolve(null), STREAM_SNAPSHOT_WAIT_MS);
        waiting.push((s) => {
          timers.clearTimeout(timer);
          resolve(s);
        });
      });
      if (fromStream !== null) return fromStream;
    }
    return fetchSnapshot();
  }

  /** A whole snapshot over HTTP (columns, decoded on their own). */
  async function fetchSnapshot(): Promise<QueueSnapshot> {
    const reply = await fetchReply(Invoke.getSnapshot, undefined);
    if (!reply.ok) return outputFromReply(Invoke.getSnapshot, reply);
    const snapshot = snapshotFromWire(reply.output, null);
    if (snapshot === null) throw new Error('The console sent a queue this page could not read. Reload the page.');
    return snapshot;
  }

  async function invoke(channel: string, input: unknown): Promise<unknown> {
    if (!isInvokeChannel(channel)) throw new Error('Unknown channel.');
    if (channel === Invoke.getSnapshot) return snapshotNow();
    return outputFromReply(channel, await fetchReply(channel, input));
  }

  /** POSTs an invoke; the host answers `{output}` or `{error}` (the dispatcher's reply). */
  async function fetchReply(channel: string, input: unknown): Promise<InvokeReply> {
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
    if (res.ok && obj && 'output' in obj) return { ok: true, output: obj.output };
    // The dispatcher's failures (bad input, an internal error) carry an AppError, like over IPC.
    if (obj && isAppError(obj.error)) return { ok: false, error: obj.error };
    throw new Error(`The console host refused the request (HTTP ${res.status}).`);
  }

  function resync(): void {
    fetchSnapshot().then(
      (snapshot) => dispatch(Push.snapshot, snapshot),
      () => undefined, // the stream will deliver the next snapshot anyway
    );
  }

  /** A snapshot event's payload as a whole snapshot; null when it cannot be rebuilt (then re-read). */
  function snapshotFromStream(payload: unknown): QueueSnapshot | null {
    const snapshot = stream.decode(payload);
    // Should not happen on an ordered stream; the whole snapshot puts things right.
    if (snapshot === null) resync();
    return snapshot;
  }

  /** Called only by the live stream's error, so never while closed or with a reconnect already due (no stream is live then). */
  function scheduleReconnect(): void {
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
    stream.reset();
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
        stream.reset();
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
