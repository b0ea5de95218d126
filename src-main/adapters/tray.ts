/**
 * The tray icon: state image, tooltip and badge from `trayStateFor` (core), re-evaluated on every
 * snapshot and once a minute (staleness is a matter of time passing), and a context menu:
 * show/hide, pause notifications, refresh now, settings, "Restart to update" once an update is
 * ready (refused, with the reason, while a decision awaits confirmation), quit.
 */
import { app, Menu, nativeImage, Tray, type NativeImage } from 'electron';
import { Push } from '../../src-shared/contract';
import type { AppView, QueueSnapshot, UpdateView } from '../../src-shared/contract';
import { isDecided, type Result } from '../../src-shared/domain';
import type { Settings } from '../../src-shared/settings';
import { formatWhen } from '../../src-shared/when';
import { realTimers, silentLogger, type Logger, type Timers } from '../core/ports';
import { notificationPauseUntil, trayStateFor, type NotificationPause, type TrayState, type TrayView } from '../core/app/tray-state';
import { drawIcon } from './icon-png';
import type { IpcCore } from './ipc';
import { onPush } from './push';

export interface TrayCore extends IpcCore {
  snapshot(): QueueSnapshot;
  settings(): Settings;
  /** Known secrets: the tooltip (shown by the OS as it is) never carries one. */
  secrets(): readonly string[];
  showView(view: AppView): void;
  updates?: { view(): UpdateView; restart(): Result<null> };
}

export interface TrayOptions {
  core: TrayCore;
  window: { show(): void; hide(): void; isVisible(): boolean; onVisibilityChange(listener: () => void): void };
  quit: () => void;
  /** Tells the operator something the tray cannot show itself (a refused restart). */
  tell?: (message: string) => void;
  platform?: NodeJS.Platform;
  now?: () => number;
  timers?: Timers;
  log?: Logger;
}

export interface TrayController {
  view(): TrayView;
  refresh(): void;
  destroy(): void;
}

const RECHECK_MS = 60_000;

function iconFor(state: TrayState, platform: NodeJS.Platform): NativeImage {
  // macOS/Windows: 16pt drawn at 2x for HiDPI. Linux indicators take pixels as given (22-24px).
  return platform === 'linux'
    ? nativeImage.createFromBuffer(drawIcon(24, state))
    : nativeImage.createFromBuffer(drawIcon(32, state), { scaleFactor: 2 });
}

/** Creates the tray and keeps it in step with the core; returns a controller for tests and quit. */
export function createTray(options: TrayOptions): TrayController {
  const { core } = options;
  const platform = options.platform ?? process.platform;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? realTimers;
  const log = options.log ?? silentLogger;
  const icons = new Map<TrayState, NativeImage>();
  const icon = (s: TrayState) => {
    let img = icons.get(s);
    if (!img) icons.set(s, (img = iconFor(s, platform)));
    return img;
  };

  let snapshot = core.snapshot();
  let current: TrayView = compute();
  const tray = new Tray(icon(current.state));
  let timer: unknown = null;
  let destroyed = false;

  function compute(): TrayView {
    // The Pending tab's count, as the window title says it: a row of a status the console does not
    // know stays on Pending (F4), so it is counted here too.
    const pendingCount = snapshot.requests.filter((r) => !isDecided(r.status)).length;
    return trayStateFor({ workspaces: snapshot.workspaces, pendingCount, now: now(), intervalMs: core.settings().pollSeconds * 1000, secrets: core.secrets() });
  }

  function pause(choice: NotificationPause | null): void {
    const until = choice ? notificationPauseUntil(choice, now()) : null;
    void core.handlers['settings:update']({ notificationsPausedUntil: until }).then((r) => {
      if (!r.ok) log.warn('could not change the notification pause', { message: r.error.message });
    });
  }

  function menu(): Menu {
    const pausedUntil = core.settings().notificationsPausedUntil;
    const paused = pausedUntil !== null && pausedUntil > now();
    const pauseItems: Electron.MenuItemConstructorOptions[] = paused
      ? [
          // Said as the Settings dialog says it (src-shared/when.ts: the clock today, else date and time).
          { label: `Notifications paused until ${formatWhen(pausedUntil, now())}`, enabled: false },
          { label: 'Resume notifications', click: () => pause(null) },
        ]
      : [
          {
            label: 'Pause notifications',
            submenu: [
              { label: 'For 30 minutes', click: () => pause('30m') },
              { label: 'For 1 hour', click: () => pause('1h') },
              { label: 'Until tomorrow 08:00', click: () => pause('tomorrow') },
            ],
          },
        ];
    return Menu.buildFromTemplate([
      { label: current.tooltip.split('\n')[1] ?? '', enabled: false },
      { type: 'separator' },
      options.window.isVisible()
        ? { label: 'Hide Fruxon Access Console', click: () => options.window.hide() }
        : { label: 'Show Fruxon Access Console', click: () => options.window.show() },
      {
        label: 'Refresh now',
        click: () => void core.handlers['queue:refresh-now'](undefined),
      },
      ...pauseItems,
      { type: 'separator' },
      {
        label: 'Settings…',
        click: () => {
          options.window.show();
          options.core.showView('settings');
        },
      },
      ...restartItems(),
      { type: 'separator' },
      { label: 'Quit', click: () => options.quit() },
    ]);
  }

  function restartItems(): Electron.MenuItemConstructorOptions[] {
    const update = core.updates?.view();
    if (update?.state !== 'ready') return [];
    return [
      { type: 'separator' },
      {
        label: `Restart to update (${update.version})`,
        click: () => {
          const res = core.updates!.restart();
          if (!res.ok) options.tell?.(res.error.message);
        },
      },
    ];
  }

  function render(): void {
    if (destroyed) return;
    current = compute();
    tray.setImage(icon(current.state));
    tray.setToolTip(current.tooltip);
    tray.setContextMenu(menu());
    // macOS dock and Linux Unity launchers show the count; Windows has no app badge API here.
    app.setBadgeCount(current.badgeCount);
  }

  function tick(): void {
    timer = timers.setTimeout(() => {
      render();
      tick();
    }, RECHECK_MS);
  }

  const unsubscribe = [
    onPush(core, Push.snapshot, (s) => {
      snapshot = s;
      render();
    }),
    onPush(core, Push.settings, () => render()),
    onPush(core, Push.update, () => render()),
  ];
  options.window.onVisibilityChange(render);
  // Left click toggles the window where the platform reports it (Windows, macOS, some Linux trays).
  tray.on('click', () => (options.window.isVisible() ? options.window.hide() : options.window.show()));
  render();
  tick();

  return {
    view: () => current,
    refresh: render,
    destroy: () => {
      destroyed = true;
      if (timer !== null) timers.clearTimeout(timer);
      unsubscribe.forEach((u) => u());
      tray.destroy();
    },
  };
}
