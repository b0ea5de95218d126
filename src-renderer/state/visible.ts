/**
 * The rows the current tab shows, read from the stores: the one definition of "what is listed"
 * that the grid (useVisible), the actions, the keys and cursor-sync all use, through
 * visibleFor's shared cache.
 */
import { useClockStore } from './clock';
import { useFiltersStore } from './filters';
import { useQueueStore } from './queue';
import { visibleFor, type VisibleRequests } from './selectors';
import { useSettingsStore } from './settings';
import { useViewStore } from './view';

export function readVisible(): VisibleRequests {
  const tab = useViewStore.getState().tab;
  const queue = useQueueStore.getState();
  return visibleFor({
    requests: queue.requests,
    tab,
    filters: useFiltersStore.getState().byTab[tab],
    workspaces: queue.workspaces,
    now: useClockStore.getState().now,
    sort: useSettingsStore.getState().settings.pendingSort,
  });
}
