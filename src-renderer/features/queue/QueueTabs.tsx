import { useEffect, useMemo, type KeyboardEvent } from 'react';
import { QUEUE_TABS, type QueueTab } from '../../../src-shared/domain';
import { useActions } from '../../actions/context';
import { useApi } from '../../lib/api';
import { useQueueStore } from '../../state/queue';
import { tabCounts } from '../../state/selectors';
import { useViewStore } from '../../state/view';

export const TAB_LABELS: Record<QueueTab, string> = { PENDING: 'Pending', APPROVED: 'Approved', REJECTED: 'Rejected' };
export const tabId = (tab: QueueTab) => `tab-${tab.toLowerCase()}`;
export const PANEL_ID = 'queue-panel';

/**
 * Pending / Approved / Rejected with counts ("Pending 24", "Approved 11170+" when the server has
 * more than the console holds); arrow keys move between tabs.
 * Opening Approved or Rejected (by any means) asks main to refresh the decided requests now.
 */
export function QueueTabs() {
  const actions = useActions();
  const api = useApi();
  const requests = useQueueStore((s) => s.requests);
  const workspaces = useQueueStore((s) => s.workspaces);
  const tab = useViewStore((s) => s.tab);
  const counts = useMemo(() => tabCounts(requests), [requests]);
  // A count of what the console holds when the server has more (only the newest decided requests
  // kept, or more pages than it reads): "Approved 11,170+", not a total it does not know.
  const more: Record<QueueTab, boolean> = {
    PENDING: workspaces.some((w) => w.poll.pendingPartial),
    APPROVED: workspaces.some((w) => w.history.partial.APPROVED !== null),
    REJECTED: workspaces.some((w) => w.history.partial.REJECTED !== null),
  };

  useEffect(() => {
    if (tab !== 'PENDING') void api.queue.refreshHistory().catch(() => undefined);
  }, [api, tab]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const i = QUEUE_TABS.indexOf(tab);
    const next = QUEUE_TABS[(i + (e.key === 'ArrowRight' ? 1 : QUEUE_TABS.length - 1)) % QUEUE_TABS.length]!;
    actions.setTab(next);
    document.getElementById(tabId(next))?.focus();
  };

  return (
    <div role="tablist" aria-label="Queues" className="tabs" onKeyDown={onKeyDown}>
      {QUEUE_TABS.map((t, i) => (
        <button
          key={t}
          id={tabId(t)}
          type="button"
          role="tab"
          aria-selected={t === tab}
          aria-controls={PANEL_ID}
          tabIndex={t === tab ? 0 : -1}
          className="tab"
          title={`${TAB_LABELS[t]} (${i + 1})`}
          onClick={() => actions.setTab(t)}
        >
          <span>{TAB_LABELS[t]}</span>{' '}
          <span className="tab-count" title={more[t] && counts[t] > 0 ? 'The server has more: the newest the console holds are counted' : undefined}>
            {counts[t]}
            {more[t] && counts[t] > 0 ? '+' : ''}
          </span>
        </button>
      ))}
    </div>
  );
}
