/**
 * The typed IPC adapter: one `ipcMain.handle` per invoke channel, and pushes from the core to our
 * window. Order inside every handler (S17, STYLE §3): read `event.senderFrame` synchronously and
 * check it (our webContents, main frame, app origin); then the core's one invoke dispatcher
 * validates the input, calls the handler and answers an `InvokeReply` (never a throw). Untrusted
 * senders get a bare rejection and nothing else.
 *
 * Snapshots travel on the shared wire (src-shared/snapshot-wire.ts), one encoder per webContents:
 * `queue:get-snapshot` answers columns and tells the encoder the page now holds them; each push
 * is a delta against what that page holds (a poll with nothing new: the status part only). Every
 * answer and push passes the secret guard, which redacts a known token instead of dropping data.
 *
 * Pushes that ask the page to act (open a request, show a view) are events, not state: a page
 * that is not listening yet would never learn of one. Launched by a deep link, the core asks to
 * open the request while the window is still loading. So until a page of ours has asked for its
 * first snapshot (the bridge attaches its listeners before it asks), the latest of each is held
 * for up to INTENT_HOLD_MS and sent to that page right after its snapshot answer. A page that
 * reloads (or recovers from a crash) stops counting as listening when its main frame starts to
 * navigate, so an intent pushed meanwhile waits for the new page's first snapshot the same way.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  INVOKE_CHANNELS,
  Invoke,
  Push,
  type InvokeHandlers,
  type InvokeReply,
  type PushChannel,
  type PushContract,
  type QueueSnapshot,
  type Unsubscribe,
} from '../../src-shared/contract';
import { createSnapshotEncodeCache, createSnapshotEncoder, encodeWholeSnapshot, type SnapshotEncoder } from '../../src-shared/snapshot-wire';
import { createInvokeDispatcher } from '../core/bridge/invoke-dispatch';
import { isSameAppOrigin, isTrustedSender, type SenderFrameInfo } from '../core/security/ipc-sender';
import { silentLogger, type Logger } from '../core/ports';
import { createSecretGuard } from '../core/security/secret-guard';

/** The part of the console core the IPC adapter needs. */
export interface IpcCore {
  handlers: InvokeHandlers;
  subscribe(listener: <P extends PushChannel>(channel: P, payload: PushContract[P]) => void): Unsubscribe;
  /** Every credential the core has seen (the guard removes them from answers and pushes). */
  secrets?(): readonly string[];
}

/** Something pushes can be sent to (a webContents). */
export interface PushTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
  /** A webContents' events; used for `did-start-navigation` (a reload). */
  on?(event: 'did-start-navigation', listener: (details: { isMainFrame?: boolean; isSameDocument?: boolean }) => void): unknown;
}

export interface IpcHandlerOptions {
  core: IpcCore;
  appOrigin: string;
  /** True for webContents of our own windows (a sender from anywhere else is rejected). */
  isOurContents: (contents: unknown) => boolean;
  /** Where pushes go: our window's webContents. */
  pushTargets: () => readonly PushTarget[];
  /** Host-specific replacements (e.g. copy diagnostics also writes the clipboard). */
  overrides?: Partial<InvokeHandlers>;
  /** Credentials the host knows besides the core's (vault, environment). */
  knownSecrets?: () => Iterable<string>;
  log?: Logger;
  /** Clock for held intents (tests). */
  now?: () => number;
}

/** Push channels that ask the page to act rather than describe state. */
const INTENT_CHANNELS: ReadonlySet<PushChannel> = new Set([Push.openRequest, Push.showView]);
/** How long an intent waits for a page to start listening (a cold start takes seconds). */
export const INTENT_HOLD_MS = 60_000;

/** Reads the sender frame synchronously; a disposed frame throws on access, which counts as none. */
export function senderFrameInfo(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): SenderFrameInfo | null {
  try {
    const frame = event.senderFrame;
    if (!frame) return null;
    return { url: frame.url, isMainFrame: frame.parent === null, hasFrame: true };
  } catch {
    return null;
  }
}

const REJECTED = 'Rejected.';

/** Registers every invoke handler and the push forwarder; returns a function that undoes both. */
export function registerIpcHandlers(options: IpcHandlerOptions): () => void {
  const log = options.log ?? silentLogger;
  const guard = createSecretGuard(
    () => [...(options.core.secrets?.() ?? []), ...(options.knownSecrets?.() ?? [])],
    (where) => log.error('IPC: redacted a credential from an answer or push', { where }),
  );
  const dispatch = createInvokeDispatcher({ handlers: { ...options.core.handlers, ...options.overrides }, guard, log });
  const cache = createSnapshotEncodeCache();
  const encoders = new WeakMap<object, SnapshotEncoder>();
  const encoderFor = (target: object): SnapshotEncoder => {
    let encoder = encoders.get(target);
    if (!encoder) encoders.set(target, (encoder = createSnapshotEncoder(cache)));
    return encoder;
  };

  const now = options.now ?? Date.now;
  const listening = new WeakSet<object>();
  const watched = new WeakSet<object>();
  /** From its first snapshot until its main frame navigates away (a reload), a page listens. */
  function startListening(target: PushTarget): void {
    listening.add(target);
    if (watched.has(target)) return;
    watched.add(target);
    target.on?.('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) listening.delete(target);
    });
  }
  const held = new Map<PushChannel, { frame: unknown; at: number }>();
  /** A page that just asked for its first snapshot gets what was held for it, after the answer. */
  function deliverHeld(target: PushTarget): void {
    const due = [...held].filter(([, h]) => now() - h.at <= INTENT_HOLD_MS);
    held.clear();
    if (due.length === 0) return;
    setTimeout(() => {
      if (target.isDestroyed() || !isSameAppOrigin(target.getURL(), options.appOrigin)) return;
      for (const [channel, h] of due) target.send(channel, h.frame);
    }, 0);
  }

  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<InvokeReply> => {
      const frame = senderFrameInfo(event); // synchronously, before any await (S17)
      if (!options.isOurContents(event.sender) || !isTrustedSender(frame, options.appOrigin)) {
        log.warn('rejected IPC from an untrusted sender', { channel, url: frame?.url?.slice(0, 200) ?? null, isMainFrame: frame?.isMainFrame ?? null });
        throw new Error(REJECTED);
      }
      const reply = await dispatch(channel, args);
      if (channel !== Invoke.getSnapshot || !reply.ok) return reply;
      // The page asked for everything: columns, and deltas against them from now on.
      const snapshot = reply.output as QueueSnapshot;
      encoderFor(event.sender).sentWhole(snapshot);
      if (!listening.has(event.sender)) {
        startListening(event.sender);
        deliverHeld(event.sender);
      }
      return { ok: true, output: encodeWholeSnapshot(snapshot, cache) };
    });
  }

  const unsubscribe = options.core.subscribe((channel, payload) => {
    const targets = options.pushTargets().filter((t) => !t.isDestroyed() && isSameAppOrigin(t.getURL(), options.appOrigin));
    // Never push queue data into a page that is not ours (navigation is blocked, but be sure).
    const plain = channel === Push.snapshot ? null : guard.scrub(payload);
    if (INTENT_CHANNELS.has(channel) && !targets.some((t) => listening.has(t))) {
      held.set(channel, { frame: plain, at: now() });
      return;
    }
    for (const target of targets) {
      try {
        const frame = channel === Push.snapshot ? guard.scrub(encoderFor(target).encode(payload as QueueSnapshot)) : plain;
        target.send(channel, frame);
      } catch (err) {
        log.warn('push failed', { channel, err: String(err) });
      }
    }
  });

  return () => {
    unsubscribe();
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
