/**
 * One console per user (F44): a second launch hands its argv (which may carry a deep link) to
 * the first instance and exits, so there is never a second poller or a second set of notifications.
 */
import { app } from 'electron';

export interface SingleInstanceOptions {
  /** Runs in the first instance when another launch happens: focus the window, handle argv. */
  onSecondInstance: (argv: readonly string[]) => void;
}

/** True when this process is the only instance; false means quit now (app.quit is already called). */
export function acquireSingleInstance(options: SingleInstanceOptions): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => options.onSecondInstance(argv));
  return true;
}
