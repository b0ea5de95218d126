/**
 * The Electron side of the Transport: `ipcRenderer.invoke` for invokes and `ipcRenderer.on` for
 * pushes. Listeners are wrapped as `(_event, payload) => listener(payload)`, so the renderer never
 * sees the IpcRendererEvent (whose `sender` is the ipcRenderer itself, S20). Channel names are
 * checked here too, so the bridge cannot be used as a generic IPC pipe.
 *
 * Main answers every invoke with an `InvokeReply` (one dispatcher for both bridges), turned into
 * what the AppApi promises by `outputFromReply`. Snapshots come on the shared wire: columns from
 * `queue:get-snapshot`, deltas on pushes; one decoder rebuilds whole `QueueSnapshot`s, and a push
 * it cannot place (the page was reloaded, a message overtook another) is replaced by a fresh
 * whole snapshot, so the renderer sees exactly what the HTTP bridge gives it.
 */
import {
  Invoke,
  isInvokeChannel,
  isInvokeReply,
  outputFromReply,
  Push,
  PUSH_CHANNELS,
  type PushChannel,
  type QueueSnapshot,
  type Transport,
} from '../src-shared/contract';
import { createSnapshotDecoder } from '../src-shared/snapshot-wire';

/** The part of ipcRenderer this transport uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function isPushChannel(value: unknown): value is PushChannel {
  return typeof value === 'string' && (PUSH_CHANNELS as string[]).includes(value);
}

const UNREADABLE_SNAPSHOT = 'The console sent a queue this window could not read. Reload the window (Ctrl+R).';

/** Creates the transport over ipcRenderer; every invoke sends zero or one argument. */
export function createIpcTransport(ipc: IpcRendererLike): Transport {
  const decoder = createSnapshotDecoder();
  const snapshotListeners = new Set<(snapshot: QueueSnapshot) => void>();
  let resyncing: Promise<void> | null = null;

  const send = (channel: string, input: unknown) => (input === undefined ? ipc.invoke(channel) : ipc.invoke(channel, input));

  function deliver(snapshot: QueueSnapshot): void {
    for (const listener of [...snapshotListeners]) {
      try {
        listener(snapshot);
      } catch (err) {
        console.error('fruxon bridge listener failed', err);
      }
    }
  }

  /** A whole snapshot, decoded; its columns replace whatever this page held. */
  async function wholeSnapshot(): Promise<QueueSnapshot> {
    const reply = await send(Invoke.getSnapshot, undefined);
    if (isInvokeReply(reply) && reply.ok) {
      const snapshot = decoder.decode(reply.output);
      if (snapshot === null) throw new Error(UNREADABLE_SNAPSHOT);
      return snapshot;
    }
    return outputFromReply(Invoke.getSnapshot, reply);
  }

  function resync(): void {
    resyncing ??= wholeSnapshot()
      .then(deliver, () => undefined) // the next push or a reload puts it right
      .finally(() => {
        resyncing = null;
      });
  }

  const onSnapshotFrame = (_event: unknown, payload: unknown) => {
    const snapshot = decoder.decode(payload);
    if (snapshot === null) resync();
    else deliver(snapshot);
  };

  return {
    invoke(channel, input) {
      if (!isInvokeChannel(channel)) return Promise.reject(new Error('Unknown channel.'));
      if (channel === Invoke.getSnapshot) return wholeSnapshot() as ReturnType<Transport['invoke']>;
      return send(channel, input).then((reply) => outputFromReply(channel, reply)) as ReturnType<Transport['invoke']>;
    },
    on(channel, listener) {
      if (!isPushChannel(channel)) throw new Error('Unknown channel.');
      if (channel === Push.snapshot) {
        const wrapped = (snapshot: QueueSnapshot) => (listener as (s: QueueSnapshot) => void)(snapshot);
        if (snapshotListeners.size === 0) ipc.on(Push.snapshot, onSnapshotFrame);
        snapshotListeners.add(wrapped);
        return () => {
          snapshotListeners.delete(wrapped);
          if (snapshotListeners.size === 0) ipc.removeListener(Push.snapshot, onSnapshotFrame);
        };
      }
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  };
}
