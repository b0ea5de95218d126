/**
 * The browser host's Transport: invokes are `POST <base>api/invoke/<channel>` with
 * `{"input": …}`, pushes arrive on one shared EventSource at `<base>api/events` (http-events.ts:
 * it reconnects with backoff and re-fetches the snapshot on every reconnect, so the renderer can
 * always rebuild its state). fetch and EventSource are injectable.
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
  PUSH_CHANNELS,
  type AppApi,
  type InvokeOutput,
  type InvokeReply,
  type PushChannel,
  type QueueSnapshot,
  type Transport,
} from '../src-shared/contract';
import type { AppError } from '../src-shared/domain';
import { snapshotFromWire } from '../src-shared/snapshot-wire';
import { createHttpEventStream, type EventSourceLike } from './http-events';

export { RECONNECT_BASE_MS, RECONNECT_MAX_MS, STREAM_SNAPSHOT_WAIT_MS, type EventSourceLike } from './http-events';

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

  function dispatch(channel: PushChannel, payload: unknown): void {
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        console.error('fruxon bridge listener failed', err);
      }
    }
  }

  const events = createHttpEventStream({ url: `${base}api/events`, createEventSource, timers, random, dispatch, fetchSnapshot });

  /** queue.getSnapshot: the stream's snapshot when one is live or on its way, else a fetch. */
  async function snapshotNow(): Promise<unknown> {
    if (events.isOpen()) {
      const held = events.current();
      if (held !== null) return held;
      const fromStream = await events.nextSnapshot();
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

  return {
    invoke: invoke as <C extends Parameters<Transport['invoke']>[0]>(channel: C, input: unknown) => Promise<InvokeOutput<C>>,
    on(channel, listener) {
      if (!(PUSH_CHANNELS as string[]).includes(channel)) throw new Error('Unknown channel.');
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      const wrapped = (payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
      set.add(wrapped);
      events.ensureOpen();
      return () => {
        set.delete(wrapped);
      };
    },
    close: () => events.close(),
  };
}
