import { useEffect, useMemo, useState } from 'react';
import type { AppApi } from '../../src-shared/contract';
import { BulkBar } from '../features/decisions/BulkBar';
import { DetailPane } from '../features/detail/DetailPane';
import { FilterBar } from '../features/filters/FilterBar';
import { NoticesRegion } from '../features/notices/NoticesRegion';
import { focusQueue, QueueGrid } from '../features/queue/QueueGrid';
import { useFocusRescue } from '../ui/useFocusRescue';
import { QueueTabs } from '../features/queue/QueueTabs';
import { StatusLine } from '../features/queue/StatusLine';
import { UpdateBanner } from '../features/update/UpdateBanner';
import { useShortcuts } from '../keyboard/useShortcuts';
import { displaySpec, isMacPlatform } from '../keyboard/keys';
import { ApiContext } from '../lib/api';
import { startBridgeSync } from '../state/bridge-sync';
import { playChime } from '../lib/sound';
import { toDisplayText } from '../lib/text';
import { useNow } from '../lib/useNow';
import { useClockStore } from '../state/clock';
import { startCursorSync } from '../state/cursor-sync';
import { useQueueStore } from '../state/queue';
import { statusLineFor, tabCounts, type StatusTone } from '../state/selectors';
import { useSettingsStore } from '../state/settings';
import { useViewStore } from '../state/view';
import { createActions, type Actions } from '../actions/actions';
import { ChordHint } from './ChordHint';
import { LiveAnnouncer } from './LiveAnnouncer';
import { ActionsContext, useActions } from '../actions/context';
import { Dialogs } from './Dialogs';

const CLOCK_TICK_MS = 30_000;

const APP_TITLE = 'Fruxon Access Console';

const TONE_RANK: Record<StatusTone, number> = { ok: 0, muted: 1, warn: 2, error: 3 };

/** The sign-in button says who is signed in: the workspace(s), or "Sign in" when nobody is; its dot has the worst of their connection tones. */
function WorkspaceButton() {
  const actions = useActions();
  const workspaces = useQueueStore((s) => s.workspaces);
  const loaded = useQueueStore((s) => s.loaded);
  const real = workspaces.filter((w) => !w.isDemo && w.poll.state !== 'signed-out');
  const signedOut = loaded && (workspaces.length === 0 || workspaces.some((w) => w.poll.state === 'signed-out'));
  const first = real[0];
  // Ticking while a poll is under way, as the status line does: it may come to wait for the server.
  const now = useNow(1000, real.some((w) => w.poll.pollingSince !== null));
  const tone = real.map((w) => statusLineFor(w, now).tone).reduce<StatusTone>((a, b) => (TONE_RANK[b] > TONE_RANK[a] ? b : a), 'ok');
  const text = first ? `${toDisplayText(first.label) || first.tenant}${real.length > 1 ? ` +${real.length - 1}` : ''}` : 'Sign in';
  return (
    <button
      type="button"
      className={signedOut ? 'btn btn-strong workspace-button' : 'btn workspace-button'}
      aria-label={first ? `Workspaces: ${text}` : 'Sign in'}
      title={first ? `Signed in: ${real.map((w) => toDisplayText(w.label) || w.tenant).join(', ')} – sign in to another or sign out` : 'Sign in to a Fruxon workspace'}
      onClick={() => actions.openDialog({ kind: 'signin' })}
    >
      {first ? <span className={`status-dot tone-${tone}`} aria-hidden="true" /> : null}
      <span className="workspace-label">{text}</span>
    </button>
  );
}

/** A top-bar button whose label shortens at narrow widths (the short label is part of the full one). */
function BarButton({ label, short, title, onClick }: { label: string; short: string; title?: string; onClick: () => void }) {
  return (
    <button type="button" className="btn btn-quiet" aria-label={label} title={title} onClick={onClick}>
      <span className="label-long" aria-hidden="true">
        {label}
      </span>
      <span className="label-short" aria-hidden="true">
        {short}
      </span>
    </button>
  );
}

function TopBar() {
  const actions = useActions();
  const mac = isMacPlatform();
  return (
    <header className="topbar">
      <h1 className="brand">
        <span className="label-long">{APP_TITLE}</span>
        <span className="label-short" aria-hidden="true">
          Fruxon
        </span>
      </h1>
      <QueueTabs />
      <div className="topbar-actions">
        <BarButton label="Refresh" short="Refresh" onClick={() => actions.refreshNow()} />
        <BarButton label="Command palette" short="Palette" title={displaySpec('Mod+k', mac)} onClick={() => actions.openDialog({ kind: 'palette' })} />
        <BarButton label="Keyboard shortcuts" short="Shortcuts" title="?" onClick={() => actions.openDialog({ kind: 'help' })} />
        <BarButton label="Settings" short="Settings" title={displaySpec('Mod+,', mac)} onClick={() => actions.openDialog({ kind: 'settings' })} />
        <WorkspaceButton />
      </div>
    </header>
  );
}

/** Says plainly that the data is simulated, with the way out. */
function DemoBanner() {
  const actions = useActions();
  const demo = useQueueStore((s) => s.workspaces.some((w) => w.isDemo));
  if (!demo) return null;
  return (
    <div className="banner banner-demo">
      <strong>Demo workspace</strong>
      <span className="label-long">– these requests come from the built-in simulator; decisions change only the simulation.</span>
      <span className="label-short">– simulated requests.</span>{' '}
      <button type="button" className="btn btn-small btn-strong" onClick={() => actions.openDialog({ kind: 'signin' })}>
        Connect a real workspace
      </button>
    </div>
  );
}

function SettingsNotice() {
  const notice = useSettingsStore((s) => s.notice);
  const dismiss = useSettingsStore((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className="banner" role="alert">
      {notice}{' '}
      <button type="button" className="link-button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** The window title carries the pending count (Electron's window and the taskbar follow document.title). */
function useWindowTitle() {
  const requests = useQueueStore((s) => s.requests);
  const loaded = useQueueStore((s) => s.loaded);
  const pending = useMemo(() => tabCounts(requests).PENDING, [requests]);
  useEffect(() => {
    document.title = loaded && pending > 0 ? `${pending} waiting – ${APP_TITLE}` : APP_TITLE;
  }, [loaded, pending]);
}

function Layout() {
  const detailOpen = useViewStore((s) => s.detailOpen && s.cursor[s.tab] !== null);
  useWindowTitle();
  useFocusRescue(focusQueue);
  return (
    <div className="app">
      <TopBar />
      <StatusLine />
      <DemoBanner />
      <SettingsNotice />
      <UpdateBanner />
      <FilterBar />
      <BulkBar />
      <main className={detailOpen ? 'main main-split' : 'main'}>
        <QueueGrid />
        {detailOpen ? <DetailPane /> : null}
      </main>
      <NoticesRegion />
      <ChordHint />
      <LiveAnnouncer />
      <Dialogs />
    </div>
  );
}

function Shortcuts({ actions }: { actions: Actions }) {
  useShortcuts(actions);
  return null;
}

/**
 * The renderer's composition root: creates the action set, starts syncing with main through
 * the bridge, installs the shortcut listener, and marks <html data-ready> once the first
 * snapshot has rendered (E2E tests wait on it instead of sleeping).
 */
export function App({ api }: { api: AppApi }) {
  const [actions, setActions] = useState<Actions | null>(null);
  const loaded = useQueueStore((s) => s.loaded);
  const theme = useSettingsStore((s) => s.settings.theme);

  useEffect(() => {
    const created = createActions(api);
    setActions(created);
    const stopCursor = startCursorSync(created.visible);
    const stop = startBridgeSync(api, {
      onOpenRequest: (ref) => created.openRequest(ref),
      onShowView: (view) => created.openDialog({ kind: view === 'settings' ? 'settings' : 'signin' }),
      onNotice: (n) => {
        if (n.sound && useSettingsStore.getState().info?.host === 'browser') playChime();
      },
    });
    const tick = setInterval(() => useClockStore.getState().tick(Date.now()), CLOCK_TICK_MS);
    // A confirmed decision is sent rather than dropped if the page goes away during its undo window.
    const onPageHide = () => created.decisions.flushWaiting();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      clearInterval(tick);
      stopCursor();
      stop();
      created.dispose();
    };
  }, [api]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    if (loaded && actions) document.documentElement.dataset.ready = 'true';
  }, [loaded, actions]);

  if (!actions) return null;
  return (
    <ApiContext.Provider value={api}>
      <ActionsContext.Provider value={actions}>
        <Shortcuts actions={actions} />
        <Layout />
      </ActionsContext.Provider>
    </ApiContext.Provider>
  );
}
