import { useActions } from '../../actions/context';
import { useViewStore } from '../../state/view';

/** Shown while rows are selected: bulk reject and bulk bind (each behind a confirmation dialog). */
export function BulkBar() {
  const actions = useActions();
  const selection = useViewStore((s) => s.selection);
  const tab = useViewStore((s) => s.tab);
  if (tab !== 'PENDING' || selection.length === 0) return null;
  const matched = selection.filter((id) => !!actions.rowById(id)?.matchedParticipantId).length;
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <span className="bulk-count">{selection.length} selected</span>
      <button type="button" className="btn btn-reject" onClick={() => actions.openBulk('reject')}>
        Reject selected…
      </button>
      <button type="button" className="btn" disabled={matched === 0} title={matched === 0 ? 'None of the selected requests has a matched participant' : undefined} onClick={() => actions.openBulk('bind')}>
        Bind selected…
      </button>
      <button type="button" className="btn btn-quiet" onClick={() => actions.clearSelection()}>
        Clear selection
      </button>
    </div>
  );
}
