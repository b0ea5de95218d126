/** The rows the current tab shows (filtered, sorted): readVisible, re-read whenever one of its inputs changes. */
import { useClockStore } from '../../state/clock';
import { useFiltersStore } from '../../state/filters';
import { useQueueStore } from '../../state/queue';
import type { VisibleRequests } from '../../state/selectors';
import { useSettingsStore } from '../../state/settings';
import { readVisible } from '../../state/visible';
import { useViewStore } from '../../state/view';

export function useVisible(): VisibleRequests {
  // Subscribed one field each, so the component re-renders when any input of readVisible changes.
  useQueueStore((s) => s.requests);
  useQueueStore((s) => s.workspaces);
  const tab = useViewStore((s) => s.tab);
  useFiltersStore((s) => s.byTab[tab]);
  useClockStore((s) => s.now);
  useSettingsStore((s) => s.settings.pendingSort);
  return readVisible();
}
