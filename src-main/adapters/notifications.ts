/**
 * Native notifications for new pending requests. What to announce (grouping, first snapshot
 * silent, pause, dedupe) is decided in core; this shows each notice with grapheme-capped text,
 * escaped on Linux (F14), silent unless the sound setting is on, and a click that focuses the
 * window and opens the request (F46).
 */
import { app, Notification } from 'electron';
import type { NewPendingNotice, RequestRef } from '../../src-shared/contract';
import { notificationTextFor } from '../core/notifications/notification-text';
import { silentLogger, type Logger } from '../core/ports';

/** Windows shows notifications only for an app with an AppUserModelID matching its shortcut (electron-builder appId). */
export const APP_USER_MODEL_ID = 'com.fruxon.console';
/** Notifications are kept referenced until clicked or closed (else GC can drop the click handler). */
const MAX_LIVE = 50;

export function prepareNotifications(platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}

export interface NotifierOptions {
  /** Focus the window and open the request. */
  onClick: (ref: RequestRef | null) => void;
  platform?: NodeJS.Platform;
  log?: Logger;
}

/** What a native notification shows and does: the core's notices, and main's own messages (no requests, silent). */
export type NativeNotice = Pick<NewPendingNotice, 'title' | 'body' | 'requests' | 'sound'>;

/** Creates the `notify` function handed to the core. An empty title shows the app's name. */
export function createNotifier(options: NotifierOptions): (notice: NativeNotice) => void {
  const platform = options.platform ?? process.platform;
  const log = options.log ?? silentLogger;
  const live = new Set<Notification>();

  return (notice) => {
    if (!Notification.isSupported()) {
      log.warn('native notifications are not supported here');
      return;
    }
    const { title, body } = notificationTextFor(notice, platform);
    const n = new Notification({ title, body, silent: !notice.sound });
    const release = () => live.delete(n);
    n.on('click', () => {
      release();
      // A grouped summary opens the first request of the burst; the queue shows the rest.
      options.onClick(notice.requests[0] ?? null);
    });
    n.on('close', release);
    n.on('failed', (_event, error) => {
      release();
      log.warn('notification failed', { error });
    });
    live.add(n);
    if (live.size > MAX_LIVE) {
      const oldest = live.values().next().value;
      if (oldest) live.delete(oldest);
    }
    n.show();
  };
}
