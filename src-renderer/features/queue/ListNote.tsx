import { useMemo } from 'react';
import type { QueueTab } from '../../../src-shared/domain';
import { useQueueStore } from '../../state/queue';
import { listNotesFor, sortedTabRows } from '../../state/selectors';

export const LIST_NOTE_ID = 'list-note';

/**
 * How complete and how fresh the tab's list is (issue 7): "Last refreshed 14:02", "Showing the
 * newest 20,000 decided requests", or that the server had more pages than the console reads.
 * Nothing when there is nothing to say. The grid is described by it.
 */
export function ListNote({ tab }: { tab: QueueTab }) {
  const workspaces = useQueueStore((s) => s.workspaces);
  const requests = useQueueStore((s) => s.requests);
  const notes = useMemo(
    () =>
      listNotesFor(tab, workspaces, (id) => {
        // Only asked when a workspace's pending list was cut short.
        let n = 0;
        for (const r of sortedTabRows(requests, 'PENDING').rows) if (r.workspaceId === id) n += 1;
        return n;
      }),
    [tab, workspaces, requests],
  );
  if (notes.length === 0) return null;
  return (
    <div id={LIST_NOTE_ID} className="list-note">
      {notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
    </div>
  );
}

/** Whether the tab shows a note (for the grid's aria-describedby). */
export function useHasListNote(tab: QueueTab): boolean {
  const workspaces = useQueueStore((s) => s.workspaces);
  return useMemo(() => listNotesFor(tab, workspaces, () => 0).length > 0, [tab, workspaces]);
}
