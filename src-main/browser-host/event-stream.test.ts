/**
 * The browser host's event stream on its own, with a response object that can be slow: what a
 * page receives first, what a slow reader is sent when it catches up, when a reader is dropped,
 * and that a stream that ended gets nothing more. The whole host over real HTTP is server.test.ts
 * and the E2E suite.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Push, type PushChannel, type QueueSnapshot } from '../../src-shared/contract';
import type { Settings } from '../../src-shared/settings';
import { createSnapshotDecoder, createSnapshotEncodeCache } from '../../src-shared/snapshot-wire';
import { aNotice, aRequest, aSnapshot } from '../../test/fakes/builders';
import { createSecretGuard } from '../core/security/secret-guard';
import { createEventStream, type EventStream } from './event-stream';
import { createResponses } from './responses';

const SECRET = 'fx_pat_event_stream_secret_0123456789';

/** A response whose socket can be full: `write` then answers false until `drain()`. */
class FakeResponse extends EventEmitter {
  status = 0;
  headers: Record<string, string> = {};
  written: string[] = [];
  full = false;
  destroyed = false;
  ended = false;
  writeHead(status: number, headers: Record<string, string> = {}) {
    this.status = status;
    this.headers = { ...this.headers, ...headers };
    return this;
  }
  setHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  flushHeaders() {}
  write(chunk: string) {
    this.written.push(chunk);
    return !this.full;
  }
  end(chunk?: string) {
    if (chunk) this.written.push(chunk);
    this.ended = true;
  }
  destroy() {
    this.destroyed = true;
  }
  drain() {
    this.full = false;
    this.emit('drain');
  }
  /** The frames written, as event name and data text (pings as `ping`). */
  frames(): Array<{ event: string; data: string }> {
    return this.written
      .join('')
      .split('\n\n')
      .filter((f) => f !== '')
      .map((f) => (f.startsWith(': ping') ? { event: 'ping', data: '' } : { event: /^event: (.*)$/m.exec(f)![1]!, data: /^data: (.*)$/m.exec(f)![1]! }));
  }
}

function fakeCore(snapshot: QueueSnapshot, settings: Partial<Settings> = {}) {
  const listeners = new Set<(channel: PushChannel, payload: unknown) => void>();
  let current = snapshot;
  let gate: Promise<void> = Promise.resolve();
  return {
    handlers: {
      'queue:get-snapshot': async () => {
        await gate;
        return current;
      },
      'settings:get': async () => ({ settings: { pollSeconds: 15, ...settings }, notice: null }),
    },
    subscribe(listener: (channel: PushChannel, payload: unknown) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(channel: PushChannel, payload: unknown) {
      if (channel === Push.snapshot) current = payload as QueueSnapshot;
      for (const l of listeners) l(channel, payload);
    },
    /** Holds the snapshot read of the next page until the returned function is called. */
    holdReads(): () => void {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return release;
    },
    listeners,
  };
}

const snap = (n: number, seq: number) => aSnapshot(Array.from({ length: n }, (_, i) => aRequest({ id: `r-${i}`, displayName: `Person ${i}` })), { seq });

let stream: EventStream | null = null;
afterEach(() => stream?.close());

function setUp(core: ReturnType<typeof fakeCore>, pingMs = 60_000) {
  const guard = createSecretGuard(() => [SECRET]);
  stream = createEventStream({ core: core as never, guard, wire: createSnapshotEncodeCache(), responses: createResponses(guard), pingMs });
  return stream;
}

async function openPage(s: EventStream, method = 'GET') {
  const req = Object.assign(new EventEmitter(), { method }) as unknown as IncomingMessage;
  const res = new FakeResponse();
  await s.open(req, res as unknown as ServerResponse);
  return { req, res };
}

describe('browser host event stream', () => {
  it('a page gets the current snapshot first, then the settings, on an event stream nothing may buffer', async () => {
    const core = fakeCore(snap(3, 1));
    const { res } = await openPage(setUp(core));
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    expect(res.headers['Content-Security-Policy']).toBeDefined();
    expect(res.frames().map((f) => f.event)).toEqual([Push.snapshot, Push.settings]);
    const decoded = createSnapshotDecoder().decode(JSON.parse(res.frames()[0]!.data));
    expect(decoded?.requests.map((r) => r.id)).toEqual(['r-0', 'r-1', 'r-2']);
    expect(JSON.parse(res.frames()[1]!.data).settings.pollSeconds).toBe(15);
  });

  it('anything but GET is refused with 405 and opens no stream', async () => {
    const core = fakeCore(snap(1, 1));
    const { res } = await openPage(setUp(core), 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.Allow).toBe('GET');
    core.push(Push.notification, aNotice());
    expect(res.written.join('')).not.toContain('event: ');
  });

  it('pushes that arrive while the page\'s first snapshot is read are newer: they win and come after it', async () => {
    const core = fakeCore(snap(1, 1));
    const s = setUp(core);
    const release = core.holdReads();
    const opening = openPage(s);
    await new Promise((r) => setTimeout(r, 0));
    core.push(Push.snapshot, snap(2, 2));
    core.push(Push.notification, aNotice({ id: 'n-1' }));
    release();
    const { res } = await opening;
    expect(res.frames().map((f) => f.event)).toEqual([Push.settings, Push.snapshot, Push.notification]);
    expect(createSnapshotDecoder().decode(JSON.parse(res.frames()[1]!.data))?.seq).toBe(2);
  });

  it('a slow reader gets only the newest snapshot, settings and sign-in state, but every notice, in order, once its socket drains', async () => {
    const core = fakeCore(snap(1, 1));
    const { res } = await openPage(setUp(core));
    const decoder = createSnapshotDecoder();
    decoder.decode(JSON.parse(res.frames()[0]!.data));
    res.full = true;
    core.push(Push.notification, aNotice({ id: 'n-0' })); // written; the socket is now full
    const before = res.written.length;
    core.push(Push.snapshot, snap(2, 2));
    core.push(Push.notification, aNotice({ id: 'n-1' }));
    core.push(Push.snapshot, snap(3, 3));
    core.push(Push.deviceFlow, { state: 'waiting' });
    core.push(Push.notification, aNotice({ id: 'n-2' }));
    core.push(Push.deviceFlow, { state: 'cancelled' });
    expect(res.written.length).toBe(before);
    res.drain();
    const after = res.frames().slice(2);
    expect(after.map((f) => f.event)).toEqual([Push.notification, Push.notification, Push.snapshot, Push.notification, Push.deviceFlow]);
    expect(after.filter((f) => f.event === Push.notification).map((f) => JSON.parse(f.data).id)).toEqual(['n-0', 'n-1', 'n-2']);
    expect(JSON.parse(after.at(-1)!.data)).toEqual({ state: 'cancelled' });
    // The snapshot frame after the backlog is a delta against what the page last held.
    expect(decoder.decode(JSON.parse(after[2]!.data))?.requests.map((r) => r.id)).toEqual(['r-0', 'r-1', 'r-2']);
  });

  it('a reader 500 frames behind is dropped (its page reconnects and reads the snapshot again)', async () => {
    const core = fakeCore(snap(1, 1));
    const { res } = await openPage(setUp(core));
    res.full = true;
    for (let i = 0; i <= 500; i += 1) core.push(Push.notification, aNotice({ id: `n-${i}` }));
    expect(res.destroyed).toBe(false);
    core.push(Push.notification, aNotice({ id: 'one-too-many' }));
    expect(res.destroyed).toBe(true);
    const count = res.written.length;
    res.drain();
    core.push(Push.notification, aNotice({ id: 'later' }));
    expect(res.written.length).toBe(count);
  });

  it('a page that went away gets nothing more; close() ends every stream and stops the pings', async () => {
    const core = fakeCore(snap(1, 1));
    const s = setUp(core, 5);
    const gone = await openPage(s);
    const staying = await openPage(s);
    gone.req.emit('close');
    core.push(Push.notification, aNotice({ id: 'n-1' }));
    expect(gone.res.frames().filter((f) => f.event === Push.notification)).toEqual([]);
    expect(staying.res.frames().filter((f) => f.event === Push.notification)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(staying.res.frames().some((f) => f.event === 'ping')).toBe(true);
    s.close();
    expect(staying.res.ended).toBe(true);
    const count = staying.res.written.length;
    core.push(Push.notification, aNotice({ id: 'n-2' }));
    await new Promise((r) => setTimeout(r, 30));
    expect(staying.res.written.length).toBe(count);
    expect(core.listeners.size).toBe(0);
  });

  it('a known credential inside a push never reaches the page', async () => {
    const core = fakeCore(snap(1, 1));
    const { res } = await openPage(setUp(core));
    core.push(Push.notification, aNotice({ body: `token ${SECRET} echoed` }));
    core.push(Push.snapshot, aSnapshot([aRequest({ id: 'r-0', displayName: SECRET })], { seq: 2 }));
    expect(res.written.join('')).not.toContain(SECRET);
    expect(res.frames().filter((f) => f.event === Push.notification)).toHaveLength(1);
  });
});
