/**
 * The push half of the browser host's Transport: one shared EventSource at `<base>api/events`.
 * The EventSource reconnects with backoff when the browser gives up on it, and every reconnect
 * re-fetches the snapshot, so the renderer can always rebuild its state. One decoder per stream
 * rebuilds whole snapshots from the shared wire (a delta applies to the last one it delivered).
 */
import { Push, PUSH_CHANNELS, type PushChannel, type QueueSnapshot } from '../src-shared/contract';
import { createSnapshotDecoder } from '../src-shared/snapshot-wire';

/** The part of EventSource the bridge uses (the DOM type is not in the Node typings). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

export interface BridgeTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const EVENT_SOURCE_CLOSED = 2;
/** How long a getSnapshot waits for the snapshot the stream sends on connect before fetching it. */
export const STREAM_SNAPSHOT_WAIT_MS = 10_000;
export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_MAX_MS = 30_000;

export interface HttpEventStreamDeps {
  /** `<base>api/events`. */
  url: string;
  createEventSource: (url: string) => EventSourceLike;
  timers: BridgeTimers;
  random: () => number;
  /** Hands a push to its channel's listeners. */
  dispatch(channel: PushChannel, payload: unknown): void;
  /** A whole snapshot over HTTP: after a reconnect, or when the stream's delta cannot be applied. */
  fetchSnapshot(): Promise<QueueSnapshot>;
}

export interface HttpEventStream {
  /** Whether a stream is live or connecting (no reconnect is merely due). */
  isOpen(): boolean;
  /** The last snapshot the live stream delivered, or null. */
  current(): QueueSnapshot | null;
  /** The snapshot the stream sends on connect; null when it does not come in time or the stream goes. */
  nextSnapshot(): Promise<QueueSnapshot | null>;
  /** Connects unless a stream is open, a reconnect is due, or the stream was closed. */
  ensureOpen(): void;
  /** Stops the stream and any pending reconnect, for good. */
  close(): void;
}

/** Creates the event stream; it connects on the first `ensureOpen()`. */
export function createHttpEventStream(deps: HttpEventStreamDeps): HttpEventStream {
  const { timers, dispatch } = deps;
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

  function resync(): void {
    deps.fetchSnapshot().then(
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
    const delay = Math.round(ceiling / 2 + (deps.random() * ceiling) / 2);
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function connect(): void {
    if (closed) return;
    const es = deps.createEventSource(deps.url);
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
    isOpen: () => source !== null,
    current: () => stream.current(),
    nextSnapshot: () =>
      new Promise<QueueSnapshot | null>((resolve) => {
        const timer = timers.setTimeout(() => resolve(null), STREAM_SNAPSHOT_WAIT_MS);
        waiting.push((s) => {
          timers.clearTimeout(timer);
          resolve(s);
        });
      }),
    ensureOpen() {
      if (!source && reconnectTimer === null && !closed) connect();
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
