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
 * Pending / Approved / Rejected with counts ("Pending 24"); arrow keys move between tabs.
 * Opening Approved or Rejected (by any means) asks main to refresh the decided requests now.
 */
export function QueueTabs() {
  const actions = useActions();
  const api = useApi();
  const requests = useQueueStore((s) => s.requests);
  const tab = useViewStore((s) => s.tab);
  const counts = useMemo(() => tabCounts(requests), [requests]);

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
          <span>{TAB_LABELS[t]}</span> <span className="tab-count">{counts[t]}</span>
        </button>
      ))}
    </div>
  );
}
