/**
 * Typed subscription to one push channel of the core, for adapters that react to a single
 * subject (tray: snapshots; shortcut and login items: settings).
 */
import type { PushChannel, PushContract, Unsubscribe } from '../../src-shared/contract';
import type { IpcCore } from './ipc';

export function onPush<P extends PushChannel>(core: Pick<IpcCore, 'subscribe'>, channel: P, listener: (payload: PushContract[P]) => void): Unsubscribe {
  return core.subscribe((c, payload) => {
    if ((c as PushChannel) === channel) listener(payload as PushContract[P]);
  });
}
