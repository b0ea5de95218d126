/** The rows the current tab shows (filtered, sorted), shared with actions through visibleFor's cache. */
import { useClockStore } from '../../state/clock';
import { useFiltersStore } from '../../state/filters';
import { useQueueStore } from '../../state/queue';
import { visibleFor, type VisibleRequests } from '../../state/selectors';
import { useViewStore } from '../../state/view';

export function useVisible(): VisibleRequests {
  const requests = useQueueStore((s) => s.requests);
  const workspaces = useQueueStore((s) => s.workspaces);
  const tab = useViewStore((s) => s.tab);
  const filters = useFiltersStore((s) => s.byTab[tab]);
  const now = useClockStore((s) => s.now);
  return visibleFor({ requests, tab, filters, workspaces, now });
}
