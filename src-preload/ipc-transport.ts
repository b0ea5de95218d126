/**
 * The Electron side of the Transport: `ipcRenderer.invoke` for invokes and `ipcRenderer.on` for
 * pushes. Listeners are wrapped as `(_event, payload) => listener(payload)`, so the renderer never
 * sees the IpcRendererEvent (whose `sender` is the ipcRenderer itself, S20). Channel names are
 * checked here too, so the bridge cannot be used as a generic IPC pipe.
 */
import { isInvokeChannel, PUSH_CHANNELS, type PushChannel, type Transport } from '../src-shared/contract';

/** The part of ipcRenderer this transport uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function isPushChannel(value: unknown): value is PushChannel {
  return typeof value === 'string' && (PUSH_CHANNELS as string[]).includes(value);
}

/** Creates the transport over ipcRenderer; every invoke sends zero or one argument. */
export function createIpcTransport(ipc: IpcRendererLike): Transport {
  return {
    invoke(channel, input) {
      if (!isInvokeChannel(channel)) return Promise.reject(new Error('Unknown channel.'));
      return (input === undefined ? ipc.invoke(channel) : ipc.invoke(channel, input)) as ReturnType<Transport['invoke']>;
    },
    on(channel, listener) {
      if (!isPushChannel(channel)) throw new Error('Unknown channel.');
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  };
}
