/**
 * The browser host's server-sent-event stream: one per page, starting with the current snapshot
 * and settings, then every push. Snapshots travel on the shared wire (src-shared/snapshot-wire.ts)
 * with one encoder per stream; a newer snapshot, settings or device-flow push replaces an unsent
 * older one for a slow reader, and a reader too far behind is dropped (the bridge reconnects).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Invoke, Push, type InvokeHandlers, type PushChannel, type PushContract, type QueueSnapshot, type Unsubscribe } from '../../src-shared/contract';
import { createSnapshotEncoder, encodeWholeSnapshot, type SnapshotEncodeCache, type SnapshotEncoder, type WireSnapshot } from '../../src-shared/snapshot-wire';
import type { SecretGuard } from '../core/security/secret-guard';
import type { Responses } from './responses';
import { SECURITY_HEADERS } from './responses';

/** Push channels whose payload is a whole snapshot of its subject: a newer one replaces an unsent older one. */
const COALESCED: ReadonlySet<PushChannel> = new Set([Push.snapshot, Push.settings, Push.deviceFlow]);

/** Unsent frames one event-stream client may have queued before it is disconnected. */
const MAX_PENDING_FRAMES = 500;

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

export interface EventStreamDeps {
  core: {
    handlers: Pick<InvokeHandlers, typeof Invoke.getSnapshot | typeof Invoke.getSettings>;
    subscribe(listener: <P extends PushChannel>(channel: P, payload: PushContract[P]) => void): Unsubscribe;
  };
  guard: Pick<SecretGuard, 'scrubJson'>;
  /** The host's one encode cache (the invoke route encodes whole snapshots with it too). */
  wire: SnapshotEncodeCache;
  responses: Responses;
  pingMs: number;
  log?: { error(msg: string, meta?: Record<string, unknown>): void };
}

export interface EventStream {
  /** Serves `GET api/events` for one page. */
  open(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** A page is booting: encode the current requests now, so its first snapshot is ready when it asks. */
  warm(): void;
  close(): void;
}

/** Creates the event stream fan-out over the core's pushes. */
export function createEventStream(deps: EventStreamDeps): EventStream {
  const { core, guard, wire } = deps;
  const clients = new Set<SseClient>();
  let closed = false;

  function frameFor(channel: PushChannel, payload: unknown): string {
    return `event: ${channel}\ndata: ${guard.scrubJson(JSON.stringify(payload ?? null), payload ?? null)}\n\n`;
  }

  // A snapshot goes to every client: each form of it is encoded once (the shared cache keeps the
  // columns with the requests array, which the core reuses while the requests are unchanged, so a
  // reconnect or a second tab does not encode 100,000 rows again), and serialised once.
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
  }, deps.pingMs);
  pingTimer.unref();

  return {
    async open(req, res) {
      if (req.method !== 'GET') return deps.responses.sendStatus(res, 405, { Allow: 'GET' });
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
        const [snapshot, settings] = await Promise.all([core.handlers[Invoke.getSnapshot](undefined), core.handlers[Invoke.getSettings](undefined)]);
        // Pushes that arrived meanwhile are newer than what was just read: they win and stay after it.
        const later = client.pending;
        client.pending = [];
        if (!later.some((p) => p.channel === Push.snapshot)) client.pending.push({ channel: Push.snapshot, snapshot, frame: '' });
        if (!later.some((p) => p.channel === Push.settings)) client.pending.push({ channel: Push.settings, snapshot: null, frame: frameFor(Push.settings, settings) });
        client.pending.push(...later);
      } catch (err) {
        deps.log?.error('browser host: could not read the initial snapshot', { error: err instanceof Error ? err.name : typeof err });
      }
      client.ready = true;
      flush(client);
    },
    warm() {
      // While a page boots (~0.5 s before it opens the event stream): at 100,000 rows that is most of the wait.
      setImmediate(() => {
        if (closed) return;
        core.handlers[Invoke.getSnapshot](undefined).then(
          (snapshot) => void jsonOf(encodeWholeSnapshot(snapshot, wire).requestsColumns!),
          () => undefined,
        );
      });
    },
    close() {
      closed = true;
      clearInterval(pingTimer);
      unsubscribe();
      for (const client of clients) client.res.end();
      clients.clear();
    },
  };
}
