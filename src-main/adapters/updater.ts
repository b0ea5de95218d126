/**
 * Self-update through electron-updater (generic HTTPS feed, configured in electron-builder.yml's
 * `publish` and overridable with FRUXON_UPDATE_URL). This file only translates: the policy (when
 * to check, what to say, when a restart is allowed) is `createUpdates` in core/app/updates.ts. Off in
 * development builds; the browser host never loads this.
 *
 * electron-updater checks the feed's latest*.yml, downloads the new version in the background,
 * and verifies it against the sha512 in that metadata before reporting it downloaded; a bad file
 * is an error and the running app is left as it is.
 */
import type { AppUpdater } from 'electron-updater';
import { parseBaseUrl } from '../core/api/base-url';
import { silentLogger, type Logger } from '../core/ports';
import type { UpdateEvents, UpdaterPort } from '../core/app/updates';

/** Overrides the feed baked into the packaged app (app-update.yml from electron-builder's `publish`). */
export const UPDATE_FEED_ENV = 'FRUXON_UPDATE_URL';
/** Turns self-update off (managed installs that update through their own channel). */
export const UPDATES_OFF_ENV = 'FRUXON_DISABLE_UPDATES';

/** The part of electron-updater's AppUpdater this adapter uses. */
export type UpdaterLike = Pick<AppUpdater, 'checkForUpdates' | 'quitAndInstall' | 'setFeedURL' | 'on'> & {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: AppUpdater['logger'];
};

export type UpdateSetup = { ok: true; feedUrl: string | null } | { ok: false; reason: string };

/** Whether this launch updates itself, and from which feed (null: the one packaged with the app). */
export function updateSetup(options: { isPackaged: boolean; env: Record<string, string | undefined> }): UpdateSetup {
  if (!options.isPackaged) return { ok: false, reason: 'Updates are off in development builds.' };
  if (options.env[UPDATES_OFF_ENV] === '1') return { ok: false, reason: `Updates are turned off (${UPDATES_OFF_ENV}=1).` };
  const raw = options.env[UPDATE_FEED_ENV];
  if (raw === undefined || raw === '') return { ok: true, feedUrl: null };
  const parsed = parseBaseUrl(raw);
  if (!parsed.ok) return { ok: false, reason: `Updates are off: ${UPDATE_FEED_ENV} is not usable (${parsed.error.message})` };
  return { ok: true, feedUrl: parsed.value };
}

/** electron-updater's shared instance, loaded only when updates are on (it needs the Electron runtime). */
export async function loadAutoUpdater(): Promise<UpdaterLike> {
  const mod = (await import('electron-updater')) as unknown as { default?: { autoUpdater: AppUpdater }; autoUpdater?: AppUpdater };
  const updater = mod.autoUpdater ?? mod.default?.autoUpdater;
  if (!updater) throw new Error('electron-updater did not load');
  return updater;
}

/** Wires an updater to the core's update policy: returns the port the policy drives and `listen`. */
export function createElectronUpdater(options: { updater: UpdaterLike; feedUrl: string | null; log?: Logger }): {
  port: UpdaterPort;
  listen(events: UpdateEvents): void;
} {
  const { updater } = options;
  const log = options.log ?? silentLogger;
  updater.autoDownload = true; // in the background; "Restart to update" once verified
  updater.autoInstallOnAppQuit = true; // an operator who quits anyway gets the new version next time
  updater.logger = {
    info: (m?: unknown) => log.info('updater', { message: String(m) }),
    warn: (m?: unknown) => log.warn('updater', { message: String(m) }),
    error: (m?: unknown) => log.error('updater', { message: String(m) }),
    debug: () => undefined,
  };
  if (options.feedUrl !== null) updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  return {
    port: {
      check: () => {
        // Failures of the check and of the background download also arrive as the 'error'
        // event, which reports them; the promises are only settled here so none goes unhandled.
        updater
          .checkForUpdates()
          .then((result) => result?.downloadPromise?.catch(() => undefined))
          .catch(() => undefined);
      },
      quitAndInstall: () => updater.quitAndInstall(false, true),
    },
    listen(events) {
      updater.on('checking-for-update', () => events.checking());
      updater.on('update-available', (info) => events.available(info.version));
      updater.on('update-not-available', () => events.notAvailable());
      updater.on('download-progress', (p) => events.progress(p.percent));
      updater.on('update-downloaded', (info) => events.downloaded(info.version));
      updater.on('error', (err) => events.failed(err));
    },
  };
}
