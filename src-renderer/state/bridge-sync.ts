/**
 * Wires the bridge to the stores: snapshots (older seq ignored), settings, notices, open-request
 * pushes and the device flow in; filter changes out (debounced into settings). One call, one
 * cleanup, so StrictMode remounts and tests start and stop it cleanly.
 */
import type { AppApi, AppView, NewPendingNotice, RequestRef } from '../../src-shared/contract';
import { useAuthStore } from './auth';
import { awaitingConfirmation, syncLimitsWith, useDecisionsStore } from './decisions';
import { useFiltersStore } from './filters';
import { useNoticesStore } from './notices';
import { useQueueStore } from './queue';
import { useSettingsStore } from './settings';

export interface BridgeSyncOptions {
  /** Called for `app:open-request` pushes (deep links, notification clicks). */
  onOpenRequest?: (ref: RequestRef) => void;
  onShowView?: (view: AppView) => void;
  /** Called for each new in-app notice (e.g. to play a sound in the browser host). */
  onNotice?: (notice: NewPendingNotice) => void;
  /** Debounce for persisting filters. */
  filtersDebounceMs?: number;
}

/** Starts syncing; returns the one cleanup that undoes everything. */
export function startBridgeSync(api: AppApi, opts: BridgeSyncOptions = {}): () => void {
  let stopped = false;
  const unsubs: Array<() => void> = [];
  const queue = useQueueStore.getState();
  const settings = useSettingsStore.getState();

  // Subscribe before fetching, so nothing published in between is lost; seq sorts out the order.
  // Decisions' rate-limit waits follow the workspaces: core's hold is taken, a workspace signed out or gone ends its wait (syncLimitsWith).
  unsubs.push(useQueueStore.subscribe((s, p) => void (s.workspaces !== p.workspaces && syncLimitsWith(s.workspaces))));
  unsubs.push(api.queue.onChanged((s) => void (!stopped && useQueueStore.getState().applySnapshot(s))));
  unsubs.push(
    api.settings.onChanged((view) => {
      if (stopped) return;
      useSettingsStore.getState().setView(view);
      useFiltersStore.getState().hydrate(view.settings.filters);
    }),
  );
  unsubs.push(
    api.notifications.onNew((notice) => {
      if (stopped) return;
      useNoticesStore.getState().push(notice);
      opts.onNotice?.(notice);
    }),
  );
  unsubs.push(api.requests.onOpen((ref) => void (!stopped && opts.onOpenRequest?.(ref))));
  unsubs.push(api.app.onShowView((view) => void (!stopped && opts.onShowView?.(view))));
  unsubs.push(api.auth.onDeviceFlowChanged((view) => void (!stopped && useAuthStore.getState().setDeviceFlow(view))));

  api.queue
    .getSnapshot()
    .then((s) => void (!stopped && queue.applySnapshot(s)))
    .catch(() => undefined);
  api.settings
    .get()
    .then((view) => {
      if (stopped) return;
      settings.setView(view);
      useFiltersStore.getState().hydrate(view.settings.filters);
    })
    .catch(() => undefined);
  api.app
    .info()
    .then((info) => void (!stopped && useSettingsStore.getState().setInfo(info)))
    .catch(() => undefined);

  // Filters are saved per tab through settings, debounced so typing costs one write.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    void api.settings.update({ filters: useFiltersStore.getState().byTab }).then((res) => {
      if (!stopped && res.ok) useSettingsStore.getState().setView({ ...res.value, notice: res.value.notice });
    });
  };
  unsubs.push(
    useFiltersStore.subscribe((state, prev) => {
      if (stopped || state.byTab === prev.byTab || !state.hydrated || !prev.hydrated) return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(flush, opts.filtersDebounceMs ?? 600);
    }),
  );

  // Main must not restart for an update while a decision waits in its undo window or is sending.
  let reported = 0;
  unsubs.push(
    useDecisionsStore.subscribe((state) => {
      const count = awaitingConfirmation(state);
      if (stopped || count === reported) return;
      reported = count;
      void api.requests.reportAwaiting({ count }).catch(() => undefined);
    }),
  );

  return () => {
    stopped = true;
    if (timer !== null) {
      clearTimeout(timer);
      flush();
    }
    for (const u of unsubs.splice(0)) u();
  };
}
