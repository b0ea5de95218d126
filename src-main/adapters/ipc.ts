/**
 * The typed IPC adapter: one `ipcMain.handle` per invoke channel, and pushes from the core to our
 * window. Order inside every handler (S17, STYLE §3): read `event.senderFrame` synchronously and
 * check it (our webContents, main frame, app origin), then validate the input with the shared
 * schema, then call the core. Untrusted senders get a bare rejection and nothing else.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  INVOKE_CHANNELS,
  parseInvokeInput,
  type InvokeChannel,
  type InvokeHandlers,
  type PushChannel,
  type PushContract,
  type Unsubscribe,
} from '../../src-shared/contract';
import { fail } from '../../src-shared/domain';
import { isSameAppOrigin, isTrustedSender, type SenderFrameInfo } from '../core/ipc-sender';
import { silentLogger, type Logger } from '../core/ports';

/** Channels whose output is a plain value rather than a Result: failures there reject instead. */
export const PLAIN_OUTPUT_CHANNELS: ReadonlySet<InvokeChannel> = new Set<InvokeChannel>([
  'queue:get-snapshot',
  'settings:get',
  'app:get-info',
  'app:copy-diagnostics',
]);

/** The part of the console core the IPC adapter needs. */
export interface IpcCore {
  handlers: InvokeHandlers;
  subscribe(listener: <P extends PushChannel>(channel: P, payload: PushContract[P]) => void): Unsubscribe;
}

/** Something pushes can be sent to (a webContents). */
export interface PushTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
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
  log?: Logger;
}

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
  const handlers: InvokeHandlers = { ...options.core.handlers, ...options.overrides };

  for (const channel of INVOKE_CHANNELS) {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const frame = senderFrameInfo(event); // synchronously, before any await (S17)
      if (!options.isOurContents(event.sender) || !isTrustedSender(frame, options.appOrigin)) {
        log.warn('rejected IPC from an untrusted sender', { channel, url: frame?.url?.slice(0, 200) ?? null, isMainFrame: frame?.isMainFrame ?? null });
        throw new Error(REJECTED);
      }
      const plain = PLAIN_OUTPUT_CHANNELS.has(channel);
      const parsed =
        args.length > 1
          ? fail('bad-input', `Invalid input for ${channel}: expected at most one argument.`)
          : parseInvokeInput(channel, args[0]);
      if (!parsed.ok) {
        log.warn('rejected IPC input', { channel, message: parsed.error.message });
        if (plain) throw new Error(parsed.error.message);
        return parsed;
      }
      try {
        return await handler(parsed.value);
      } catch (err) {
        // Handlers return expected failures as values; a throw is a bug. Never forward its text.
        log.error('IPC handler threw', { channel, err });
        if (plain) throw new Error('Something went wrong in the console. Details are in the log.');
        return fail('internal', 'Something went wrong in the console. Details are in the log.');
      }
    });
  }

  const unsubscribe = options.core.subscribe((channel, payload) => {
    for (const target of options.pushTargets()) {
      // Never push queue data into a page that is not ours (navigation is blocked, but be sure).
      if (target.isDestroyed() || !isSameAppOrigin(target.getURL(), options.appOrigin)) continue;
      try {
        target.send(channel, payload);
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
