/**
 * Keeps "the request on screen" one thing. Whenever the list a tab shows changes, for any reason
 * (a poll, a decision here or elsewhere, a filter, the sort order, a tab switch), the cursor moves
 * to a row that is really listed, synchronously, before anything renders or any key is read; the
 * detail pane shows the cursor's request, so it follows or closes with it. When the request under
 * the cursor, or the one an open decision dialog is about, was decided by someone else, the
 * operator is told so (a notice), and the dialog closes without sending anything; a decision of
 * theirs still in its undo window on such a request is not sent, and its line says why.
 */
import { decidedElsewhereText, senderOf } from '../../src-shared/decision-text';
import type { RequestView, WorkspaceStatus } from '../../src-shared/domain';
import { useClockStore } from './clock';
import { isBusy, isBusyPhase, settleDecidedElsewhere, settleSignedOut, settleUnknownObserved, useDecisionsStore } from './decisions';
import { useFiltersStore } from './filters';
import { useNoticesStore } from './notices';
import { useQueueStore } from './queue';
import { cursorAfterChange, type VisibleRequests } from './selectors';
import { useSettingsStore } from './settings';
import { KEY_HOLD_MS, useViewStore } from './view';


/** Whether the request left because of this console's own decision (sent, or about to be). */
function isMine(id: string): boolean {
  const rec = useDecisionsStore.getState().records[id];
  return rec !== undefined && (isBusyPhase(rec.phase) || rec.phase === 'applied');
}

/** Said of a request that left the list without a known decision (see where the cursor's is told why not "deleted"). */
const vanishedText = (name: string) => `${name} is no longer pending on the server (decided or deleted elsewhere).`;

/** Says which selected requests left the selection because of what happened elsewhere, and how many remain. */
function tellSelectionLeft(gone: Array<{ row: RequestView | null; name: string }>, remaining: number, now: number): void {
  if (gone.length === 0) return;
  const body = `${gone.length === 1 ? 'It left' : 'They left'} your selection (${remaining} selected now).`;
  const only = gone[0]!;
  if (gone.length === 1 && only.row) {
    useNoticesStore.getState().info(decidedElsewhereText(only.row, now, false), { body, requests: [{ workspaceId: only.row.workspaceId, requestId: only.row.id }] });
  } else if (gone.length === 1) {
    useNoticesStore.getState().info(vanishedText(only.name), { body });
  } else {
    const names = gone.slice(0, 3).map((g) => g.name);
    const more = gone.length > 3 ? ` and ${gone.length - 3} more` : '';
    useNoticesStore.getState().info(`${gone.length} selected requests were decided or deleted elsewhere: ${names.join(', ')}${more}.`, { body });
  }
}

/** Starts following the stores; returns the one cleanup. `visible` is the shared visibleFor read. */
export function startCursorSync(visible: () => VisibleRequests): () => void {
  let lastVis: VisibleRequests | null = null;
  let lastTab = useViewStore.getState().tab;
  let lastRequests = useQueueStore.getState().requests;
  // What the operator chose the list to be: a change of the list without a change of these is not theirs.
  let lastChosen: [unknown, unknown] = [useFiltersStore.getState().byTab, useSettingsStore.getState().settings.pendingSort];
  let lastSettled: readonly RequestView[] | null = null;
  let lastWorkspaces: readonly WorkspaceStatus[] | null = null;
  let running = false;

  const follow = () => {
    if (running) return;
    running = true;
    try {
      const view = useViewStore.getState();
      const requests = useQueueStore.getState().requests;
      const now = useClockStore.getState().now;
      const byId = new Map<string, RequestView>();
      const rowOf = (id: string) => {
        if (byId.size === 0) for (const r of requests) byId.set(r.id, r);
        return byId.get(id);
      };

      // A decision dialog whose request was decided elsewhere (or vanished) closes, saying so.
      let toldAbout: string | null = null;
      const d = view.dialog;
      if (d && (d.kind === 'approve' || d.kind === 'reject') && !isBusy(useDecisionsStore.getState().records, d.ref.requestId)) {
        const row = requests.find((r) => r.id === d.ref.requestId && r.workspaceId === d.ref.workspaceId);
        if (!row || (row.status !== 'PENDING' && row.status !== 'UNKNOWN')) {
          view.closeDialog();
          view.focusRow();
          // The operator may be typing a note or a name: the rest of it must not run as shortcuts
          // on the request that takes this one's place ("and" would be `a` `n`: approve).
          view.holdKeys();
          toldAbout = d.ref.requestId;
          const what = d.kind === 'approve' ? 'approval' : 'rejection';
          useNoticesStore
            .getState()
            .info(row ? decidedElsewhereText(row, now, true) : 'That request is no longer in the queue.', {
              body: `Your ${what} was not sent; the dialog was closed. Keys do nothing until you stop typing for ${KEY_HOLD_MS / 1000} seconds or press Esc.`,
              tone: 'warn',
              requests: row ? [d.ref] : [],
            });
        }
      }

      // A decision waiting out its undo window on a request someone else decided: never sent, said at once.
      if (requests !== lastSettled) {
        lastSettled = requests;
        settleDecidedElsewhere(requests);
        // An "Outcome unknown" the lists now answer (decided by me, or by someone else).
        settleUnknownObserved(requests, useQueueStore.getState().workspaces);
      }
      // One waiting in a workspace signed out meanwhile: never sent, said at once.
      const workspaces = useQueueStore.getState().workspaces;
      if (workspaces !== lastWorkspaces && useQueueStore.getState().loaded) {
        const before = lastWorkspaces ?? [];
        lastWorkspaces = workspaces;
        settleSignedOut(workspaces, Date.now(), before);
      }

      const vis = visible();
      const tab = useViewStore.getState().tab;
      const chosen: [unknown, unknown] = [useFiltersStore.getState().byTab, useSettingsStore.getState().settings.pendingSort];
      const chosenSame = chosen[0] === lastChosen[0] && chosen[1] === lastChosen[1];
      lastChosen = chosen;
      if (vis === lastVis && tab === lastTab) return;
      // Only a new snapshot (or another tab's cursor) can be a request decided or removed since it
      // was listed: when only the filters changed, nobody is told anything and the 100,000-row
      // lookup below is not built (it cost a frame per keystroke of a search).
      const newRows = requests !== lastRequests || tab !== lastTab;
      // The list changed on the tab the operator is looking at without them changing what it is to
      // be (its filters, its order): a new snapshot, or the clock (an `age:` search a row ages out
      // of). A move now is not of their making.
      const underOperator = tab === lastTab && chosenSame;
      lastRequests = requests;
      const prevIds = tab === lastTab && lastVis ? lastVis.ids : [];
      const lastShown = lastVis;
      lastVis = vis;
      lastTab = tab;
      const cursor = useViewStore.getState().cursor[tab];
      const next = cursorAfterChange(prevIds, vis.ids, cursor, vis.indexById);
      if (next !== cursor) {
        useViewStore.getState().setCursor(next, { tab });
        // Whoever decided it (this console too, with the cursor back on a request in its undo window).
        if (underOperator && cursor !== null && next !== null) useViewStore.getState().setMovedUnder(next, Date.now());
        // The request under the cursor was decided by someone else, or is gone: say so, it has just moved.
        // The row after it, or the one before when it was the last (where it was in the list shown).
        const wasAt = lastShown?.indexById.get(cursor ?? '') ?? -1;
        const nextWasAt = next === null ? -1 : (lastShown?.indexById.get(next) ?? -1);
        const moved = next === null ? 'Nothing else is listed here.' : nextWasAt >= 0 && nextWasAt < wasAt ? 'The cursor moved to the request above.' : 'The cursor moved to the next request.';
        if (newRows && cursor !== null && cursor !== toldAbout && !isMine(cursor)) {
          toldAbout = cursor;
          const left = rowOf(cursor);
          const shownBefore = prevIds.length > 0 && lastShown ? lastShown.rows[lastShown.indexById.get(cursor) ?? -1] : undefined;
          if (left && (left.status === 'APPROVED' || left.status === 'REJECTED') && tab === 'PENDING') {
            useNoticesStore.getState().info(decidedElsewhereText(left, now, false), {
              body: moved,
              requests: [{ workspaceId: left.workspaceId, requestId: left.id }],
            });
          } else if (!left && shownBefore && useQueueStore.getState().workspaces.some((w) => w.id === shownBefore.workspaceId)) {
            // (A whole workspace going away, signed out or replaced, is not news about one request.)
            // Not "deleted": a row also vanishes when its read-back failed for good or when more left
            // at once than the core holds for read-back (a bulk decision elsewhere); it may come
            // back decided on the Approved or Rejected tab. Say only what the console knows.
            useNoticesStore.getState().info(vanishedText(senderOf(shownBefore)), { body: moved });
          }
        }
        if (next === null && useViewStore.getState().detailOpen) useViewStore.getState().setDetailOpen(false);
      }
      const v = useViewStore.getState();
      // The selection is of Pending rows: another tab's list leaves it alone until Pending is back.
      if (tab === 'PENDING' && v.selection.length > 0) {
        const kept = v.selection.filter((id) => vis.indexById.has(id));
        if (kept.length !== v.selection.length) {
          const left = v.selection.filter((id) => !vis.indexById.has(id));
          v.setSelection(kept, undefined, 'console');
          // Selected requests someone else decided (or that went from the server) leave the
          // selection with a word, not silently ("4 selected" becoming "3").
          if (newRows) {
            const gone = left.filter((id) => id !== toldAbout && !isMine(id)).flatMap((id): Array<{ row: RequestView | null; name: string }> => {
              const row = rowOf(id);
              const before = lastShown?.rows[lastShown.indexById.get(id) ?? -1];
              if (row && (row.status === 'APPROVED' || row.status === 'REJECTED')) return [{ row, name: senderOf(row) }];
              // (A whole workspace going away, signed out or replaced, is not news about one request.)
              const stillSignedIn = before !== undefined && useQueueStore.getState().workspaces.some((w) => w.id === before.workspaceId);
              return !row && stillSignedIn ? [{ row: null, name: senderOf(before) }] : [];
            });
            tellSelectionLeft(gone, kept.length, now);
          } else {
            // The operator's search or filter hides selected requests: a bulk decision acts only on
            // what is listed, so they leave the selection, and the operator is told (clearing the
            // search does not bring them back).
            const names = left.map((id) => lastShown?.rows[lastShown.indexById.get(id) ?? -1]).filter((r): r is RequestView => r !== undefined).map(senderOf);
            const who = left.length === 1 && names.length === 1 ? names[0]! : `${left.length} selected requests`;
            useNoticesStore.getState().info(`${who} left your selection: hidden by the search or filters (${kept.length} selected now).`, { key: 'selection-hidden' });
          }
        }
      }
    } finally {
      running = false;
    }
  };

  const unsubs = [
    // Workspaces too: a snapshot that only renames one keeps the requests array, yet changes what a `workspace:` search lists.
    useQueueStore.subscribe((s, p) => void ((s.requests !== p.requests || s.workspaces !== p.workspaces) && follow())),
    useFiltersStore.subscribe((s, p) => void (s.byTab !== p.byTab && follow())),
    useViewStore.subscribe((s, p) => void ((s.tab !== p.tab || s.dialog !== p.dialog) && follow())),
    useClockStore.subscribe((s, p) => void (s.now !== p.now && follow())),
    useSettingsStore.subscribe((s, p) => void (s.settings.pendingSort !== p.settings.pendingSort && follow())),
  ];
  follow();
  return () => {
    for (const u of unsubs.splice(0)) u();
  };
}
