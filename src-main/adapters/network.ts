/**
 * The operating system's view of the network for the core (F35). Electron's main process has no
 * online/offline event, so `net.isOnline()` is read at start and then every few seconds; only
 * changes are passed on. `false` is a strong signal (the core pauses polling at once); `true` is
 * not proof of reachability, so the core confirms it with a cheap request before polling again.
 */
import { net } from 'electron';

export interface NetworkCore {
  setNetworkOnline(online: boolean): void;
}

export const NETWORK_CHECK_MS = 2_000;

/** Starts watching; returns a function that stops it. */
export function watchNetwork(core: NetworkCore, intervalMs = NETWORK_CHECK_MS): () => void {
  let last = net.isOnline();
  core.setNetworkOnline(last);
  const timer = setInterval(() => {
    const online = net.isOnline();
    if (online === last) return;
    last = online;
    core.setNetworkOnline(online);
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
