/** What a decision leaves behind: undoing it in its window, retrying a failure, dismissing its notice. */
import type { ApproveInput, RejectInput } from '../../src-shared/contract';
import { truncateGraphemes } from '../lib/text';
import { isBusyPhase, useDecisionsStore, type DecisionController } from '../state/decisions';
import { useNoticesStore } from '../state/notices';
import { useQueueStore } from '../state/queue';
import { tabFor } from '../state/selectors';
import { useViewStore } from '../state/view';
import { readVisible } from '../state/visible';
import type { Actions } from './actions';
import { refuseDecided } from './decision-actions';
import { setCursor } from './navigation';
import { rowById } from './rows';

const view = () => useViewStore.getState();

export type OutcomeActions = Pick<Actions, 'undo' | 'undoBatch' | 'undoLatest' | 'retry' | 'retryFailed' | 'dismiss' | 'dismissNewestNotice' | 'dismissAllNotices'>;

/**
 * After an undo, the cursor goes back to the request undone when the tab lists it; when it does
 * not (a filter hides it, or it is on another tab now), the cursor stays where it is and focus
 * with it, never a cursor on a row that is not there (which the list would move elsewhere).
 */
function backTo(id: string): void {
  if (readVisible().indexById.has(id)) setCursor(id, true);
  else view().focusRow();
}

type Decisions = ReturnType<typeof useDecisionsStore.getState>;

/**
 * What an undo did, found by comparing the decisions before and after it, said by the live
 * announcer: its line leaves the notices without a word, and a screen reader heard nothing of it
 * ("Undone: the rejection of Ana was not sent.").
 */
function undoneText(before: Decisions, after: Decisions): string | null {
  const batch = Object.values(before.batches).find((b) => b.phase === 'waiting' && !after.batches[b.id]);
  if (batch) {
    const n = batch.ids.filter((i) => before.records[i]?.batchId === batch.id).length;
    return `Undone: the bulk ${batch.kind === 'reject' ? 'rejection' : 'bind'} of ${n} request${n === 1 ? '' : 's'} was not sent.`;
  }
  const rec = Object.values(before.records).find((r) => r.phase === 'waiting' && r.batchId === null && after.records[r.id]?.seq !== r.seq);
  // "The rejection of Ana on SMS": a subject may end in a provider or a workspace, where a possessive reads badly.
  return rec ? `Undone: the ${rec.kind === 'approve' ? 'approval' : 'rejection'} of ${truncateGraphemes(rec.subject, 60).text} was not sent.` : null;
}

/** Runs an undo and has what it did said. */
function saying(undo: () => void): void {
  const before = useDecisionsStore.getState();
  undo();
  const said = undoneText(before, useDecisionsStore.getState());
  if (said) view().say(said);
}

/** `self` is the whole action set: an action made of others calls them there, as a key would. */
export function createOutcomeActions(decisions: DecisionController, self: () => Actions): OutcomeActions {
  return {
    undo(id) {
      saying(() => {
        if (decisions.undo(id)) backTo(id);
      });
    },
    undoBatch(batchId) {
      saying(() => decisions.undoBatch(batchId));
      view().focusRow();
    },
    undoLatest() {
      saying(() => {
        const id = decisions.undoLatest();
        if (id !== null) backTo(id);
      });
    },
    retry(id) {
      const rec = useDecisionsStore.getState().records[id];
      if (!rec || !rec.canRetry || (rec.retryAt !== null && rec.retryAt > Date.now())) return;
      const row = rowById(id);
      // Decided meanwhile (by someone else): nothing to retry; say who decided instead.
      if (row && refuseDecided(row)) {
        decisions.dismiss(id);
        return;
      }
      // Gone from the console (its workspace signed out, or the request left the server): there is
      // no request to open a dialog on. The notice stays, so what was not sent is not forgotten.
      if (!row) {
        const signedIn = useQueueStore.getState().workspaces.some((w) => w.id === rec.ref.workspaceId);
        useNoticesStore.getState().info(`${rec.subject || 'That request'} is no longer in the queue${signedIn ? '' : ' (its workspace is not signed in)'}: there is nothing to retry here.`, {
          body: signedIn ? 'Your decision was not sent.' : 'Your decision was not sent. Sign in to that workspace again to decide it.',
          tone: 'warn',
        });
        return;
      }
      // The notice stays until the retry is confirmed (a new decision replaces it): cancelled, it still says what failed.
      if (row && tabFor(row) === 'PENDING') {
        view().setTab('PENDING');
        view().setCursor(id);
      }
      // Retrying re-opens the confirmation with what was entered; nothing is re-sent by itself.
      if (rec.kind === 'approve') {
        const input = rec.input as ApproveInput;
        view().openDialog({
          kind: 'approve',
          ref: rec.ref,
          mode: input.mode,
          prefill: { displayName: input.displayName, participantId: input.participantId, note: input.note },
        });
      } else {
        view().openDialog({ kind: 'reject', ref: rec.ref, prefill: { note: (rec.input as RejectInput).note } });
      }
    },
    retryFailed(batchId) {
      const batch = useDecisionsStore.getState().batches[batchId];
      if (!batch) return false;
      // The failures stay in the report until the retry is confirmed (cancelled, it still says what failed).
      const ids = decisions.failedOf(batchId);
      const pending = ids.filter((id) => {
        const row = rowById(id);
        return row !== undefined && row.status === 'PENDING';
      });
      if (pending.length === 0) {
        // Decided elsewhere meanwhile, or gone: a button that does nothing must at least say why.
        if (ids.length > 0) useNoticesStore.getState().info('Nothing to retry: the requests that failed are no longer pending (decided elsewhere, or gone from the server).', { key: 'retry-failed-nothing' });
        return false;
      }
      view().setTab('PENDING');
      return self().openBulk(batch.kind, pending, batch.note);
    },
    dismiss: (id) => decisions.dismiss(id),
    dismissNewestNotice() {
      const { records, batches } = useDecisionsStore.getState();
      const candidates: Array<{ at: number; run: () => void }> = [
        ...useNoticesStore.getState().notices.map((n) => ({ at: n.at, run: () => useNoticesStore.getState().dismiss(n.id) })),
        ...Object.values(records)
          .filter((r) => r.batchId === null && !isBusyPhase(r.phase))
          .map((r) => ({ at: r.at, run: () => decisions.dismiss(r.id) })),
        ...Object.values(batches)
          .filter((b) => b.phase === 'done')
          .map((b) => ({ at: b.at, run: () => decisions.dismissBatch(b.id) })),
      ];
      const newest = candidates.sort((a, b) => b.at - a.at)[0];
      newest?.run();
      return newest !== undefined;
    },
    dismissAllNotices() {
      useNoticesStore.getState().dismissAll();
      const { records, batches } = useDecisionsStore.getState();
      for (const r of Object.values(records)) if (r.batchId === null && !isBusyPhase(r.phase)) decisions.dismiss(r.id);
      for (const b of Object.values(batches)) if (b.phase === 'done') decisions.dismissBatch(b.id);
    },
  };
}
