import { useEffect, useState } from 'react';
import type { AppApi } from '../../src-shared/contract';
import { DecisionToasts } from '../features/decisions/DecisionToasts';
import { BulkBar } from '../features/decisions/BulkBar';
import { DetailPane } from '../features/detail/DetailPane';
import { FilterBar } from '../features/filters/FilterBar';
import { NoticesRegion } from '../features/notices/NoticesRegion';
import { QueueGrid } from '../features/queue/QueueGrid';
import { QueueTabs } from '../features/queue/QueueTabs';
import { StatusLine } from '../features/queue/StatusLine';
import { UpdateBanner } from '../features/update/UpdateBanner';
import { useShortcuts } from '../keyboard/useShortcuts';
import { displaySpec, isMacPlatform } from '../keyboard/keys';
import { ApiContext } from '../lib/api';
import { startBridgeSync } from '../lib/bridge-sync';
import { playChime } from '../lib/sound';
import { useClockStore } from '../state/clock';
import { useQueueStore } from '../state/queue';
import { useSettingsStore } from '../state/settings';
import { useViewStore } from '../state/view';
import { createActions, type Actions } from './actions';
import { ChordHint } from './ChordHint';
import { ActionsContext, useActions } from './context';
import { Dialogs } from './Dialogs';

const CLOCK_TICK_MS = 30_000;

function TopBar() {
  const actions = useActions();
  const signedOut = useQueueStore((s) => s.loaded && (s.workspaces.length === 0 || s.workspaces.some((w) => w.poll.state === 'signed-out')));
  const mac = isMacPlatform();
  return (
    <header className="topbar">
      <h1 className="brand">Fruxon Access Console</h1>
      <QueueTabs />
      <div className="topbar-actions">
        <button type="button" className="btn btn-quiet" onClick={() => actions.refreshNow()}>
          Refresh
        </button>
        <button type="button" className="btn btn-quiet" title={displaySpec('Mod+k', mac)} onClick={() => actions.openDialog({ kind: 'palette' })}>
          Command palette
        </button>
        <button type="button" className="btn btn-quiet" title="?" onClick={() => actions.openDialog({ kind: 'help' })}>
          Keyboard shortcuts
        </button>
        <button type="button" className="btn btn-quiet" onClick={() => actions.openDialog({ kind: 'settings' })}>
          Settings
        </button>
        <button type="button" className={signedOut ? 'btn btn-strong' : 'btn'} onClick={() => actions.openDialog({ kind: 'signin' })}>
          Sign in
        </button>
      </div>
    </header>
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

function Layout() {
  const detailOpen = useViewStore((s) => s.detail !== null);
  return (
    <div className="app">
      <TopBar />
      <StatusLine />
      <SettingsNotice />
      <UpdateBanner />
      <FilterBar />
      <BulkBar />
      <main className={detailOpen ? 'main main-split' : 'main'}>
        <QueueGrid />
        {detailOpen ? <DetailPane /> : null}
      </main>
      <ChordHint />
      <div className="corner">
        <NoticesRegion />
        <DecisionToasts />
      </div>
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
