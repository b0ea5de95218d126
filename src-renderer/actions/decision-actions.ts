/** Deciding: the approve and reject dialogs and keys, bulk decisions, and confirming them. */
import type { ApproveInput, RequestRef } from '../../src-shared/contract';
import { decidedElsewhereText, senderOf } from '../../src-shared/decision-text';
import type { ApproveMode, RequestView } from '../../src-shared/domain';
import { defaultDisplayName } from '../lib/decision-validation';
import type { DecisionController } from '../state/decisions';
import { useNoticesStore } from '../state/notices';
import { neighbourOf } from '../state/selectors';
import { useSettingsStore } from '../state/settings';
import { CHORD_TIMEOUT_MS, MOVED_UNDER_MS, useViewStore } from '../state/view';
import { readVisible } from '../state/visible';
import type { Actions } from './actions';
import { setCursor } from './navigation';
import { blockReason, bulkSkipReason, cursorRow, refOf, rowById, rowInView, subjectOf, subjectsOf } from './rows';

const view = () => useViewStore.getState();

/** Whether `a n`, `a b` and `r` decide at once: the setting is on and there is an undo window to catch a slip. */
export function decidesWithoutDialog(): boolean {
  const s = useSettingsStore.getState().settings;
  return s.decideWithoutDialog && s.undoSeconds >= 1;
}

/** A decided request offers no decision: say who decided it and when, instead of opening anything. */
export function refuseDecided(row: RequestView): boolean {
  if (row.status !== 'APPROVED' && row.status !== 'REJECTED') return false;
  useNoticesStore.getState().info(decidedElsewhereText(row, Date.now(), true), {
    body: 'Nothing is left to decide.',
    requests: [refOf(row)],
  });
  return true;
}

/** The row a decision key acts on: the cursor's, or the one named; null when it cannot be decided now. */
function decidableRow(id?: string): RequestView | null {
  const row = id ? rowById(id) : cursorRow();
  if (!row) return null;
  if (refuseDecided(row)) return null;
  return blockReason(row) === null ? row : null;
}

/**
 * A decision key pressed just after the list moved the cursor to `row` by itself (the request that
 * was under it was decided elsewhere or left the server): the operator pressed it for that other
 * request. Without a dialog nothing on screen would stop it; with one, the dialog opens with focus in
 * an empty note and the Enter typed next confirms it before anyone reads the name. Refused once,
 * saying so; the same key pressed again goes ahead. `dialog`: the key opens a dialog. Returns
 * whether refused.
 */
function refuseMovedUnder(row: RequestView, kind: 'approve' | 'reject', keys: string, dialog: boolean, how: 'key' | 'pane' = 'key'): boolean {
  const moved = view().movedUnder;
  if (!moved || moved.id !== row.id) return false;
  // An approval key is a chord (`a n`): it was aimed when its first key was pressed, after the move
  // (a move before the chord ended it, see setCursor), and at most a chord's timeout ago. Not a
  // button: the pane's Approve… is pressed when it is pressed.
  const chordAt = view().chordAt;
  const now = Date.now();
  const fromChord = how === 'key' && kind === 'approve' && chordAt !== null && chordAt >= moved.at && now - chordAt <= CHORD_TIMEOUT_MS;
  const pressedAt = fromChord ? chordAt : now;
  if (pressedAt - moved.at >= MOVED_UNDER_MS) return false;
  view().clearMovedUnder();
  const name = senderOf(row);
  const nothing = dialog ? `the ${kind === 'approve' ? 'approve' : 'reject'} dialog was not opened` : `nothing was ${kind === 'approve' ? 'approved' : 'rejected'}`;
  useNoticesStore.getState().info(`The list has just moved the cursor to ${name}: ${nothing}.`, {
    body: how === 'pane' ? `Choose ${kind === 'approve' ? 'Approve…' : 'Reject…'} again to ${kind} ${name}.` : `Press ${keys} again to ${kind} ${name}.`,
    tone: 'warn',
    requests: [refOf(row)],
  });
  return true;
}

/**
 * A key that decides without a dialog acts on a request the operator can see: the cursor's row in
 * the list, or the request in the open detail pane (which follows the cursor). The cursor's row
 * scrolled out of view (the mouse wheel moves the list, not the cursor) is brought into view and the
 * key refused once, saying so; pressed again, it goes ahead. Returns whether refused.
 */
function refuseOutOfView(row: RequestView, kind: 'approve' | 'reject', keys: string): boolean {
  if (view().detailOpen || rowInView(row.id)) return false;
  view().focusRow();
  const name = senderOf(row);
  useNoticesStore.getState().info(`${name} was out of view: nothing was ${kind === 'approve' ? 'approved' : 'rejected'}.`, {
    body: `The cursor's row is in view now. Press ${keys} again to ${kind} ${name}.`,
    tone: 'warn',
    requests: [refOf(row)],
  });
  return true;
}

/** The keys that open an approval in `mode`, for the notice above. */
const APPROVE_KEYS: Record<ApproveMode, string> = { CREATE_NEW: 'a n', ADD_TO_EXISTING: 'a e', BIND_ONLY: 'a b' };

/** After a decision leaves a row, move on to the next one (only when the cursor was on it). */
function moveOnFrom(id: string): void {
  const v = view();
  if (v.cursor[v.tab] !== id) return;
  const vis = readVisible();
  const next = neighbourOf(vis.ids, id, vis.indexById);
  if (next !== null && next !== id) setCursor(next, true);
  else v.focusRow();
}

export type DecisionActions = Pick<
  Actions,
  'openApprove' | 'openReject' | 'approveKey' | 'rejectKey' | 'openBulk' | 'confirmApprove' | 'confirmReject' | 'confirmBulk'
>;

/** `self` is the whole action set: an action made of others calls them there, as a key would. */
export function createDecisionActions(decisions: DecisionController, self: () => Actions): DecisionActions {
  return {
    openApprove(mode, id, from) {
      const row = decidableRow(id);
      if (!row) return false;
      if (mode === 'BIND_ONLY' && !row.matchedParticipantId) return false;
      // A key, acting on the cursor, or the detail pane's button, which follows it (a row's button or
      // the palette names its request).
      if ((id === undefined || from === 'pane') && refuseMovedUnder(row, 'approve', mode ? APPROVE_KEYS[mode] : 'a', true, from === 'pane' ? 'pane' : 'key')) return false;
      view().setCursor(row.id);
      view().openDialog({ kind: 'approve', ref: refOf(row), mode: mode ?? (row.matchedParticipantId ? 'BIND_ONLY' : 'CREATE_NEW') });
      return true;
    },
    openReject(id, from) {
      const row = decidableRow(id);
      if (!row) return false;
      if ((id === undefined || from === 'pane') && refuseMovedUnder(row, 'reject', 'r', true, from === 'pane' ? 'pane' : 'key')) return false;
      view().setCursor(row.id);
      view().openDialog({ kind: 'reject', ref: refOf(row) });
      return true;
    },
    approveKey(mode) {
      if (!decidesWithoutDialog()) return self().openApprove(mode);
      const row = decidableRow();
      if (!row || (mode === 'BIND_ONLY' && !row.matchedParticipantId)) return false;
      if (refuseMovedUnder(row, 'approve', APPROVE_KEYS[mode], false) || refuseOutOfView(row, 'approve', APPROVE_KEYS[mode])) return false;
      const input: ApproveInput = { ...refOf(row), mode };
      if (mode === 'CREATE_NEW') input.displayName = defaultDisplayName(row);
      return self().confirmApprove(input);
    },
    rejectKey() {
      if (!decidesWithoutDialog()) return self().openReject();
      const row = decidableRow();
      if (!row || refuseMovedUnder(row, 'reject', 'r', false) || refuseOutOfView(row, 'reject', 'r')) return false;
      return self().confirmReject(refOf(row));
    },
    openBulk(kind, ids, note) {
      const chosen = ids ?? view().selection;
      if (chosen.length === 0) return false;
      const prefill = note ? { prefill: { note } } : {};
      view().openDialog(kind === 'reject' ? { kind: 'bulk-reject', ids: [...chosen], ...prefill } : { kind: 'bulk-bind', ids: [...chosen] });
      return true;
    },
    confirmApprove(input) {
      const row = rowById(input.requestId);
      const ok = decisions.confirm({ kind: 'approve', input, subject: row ? subjectOf(row) : 'The request' });
      if (!ok) return false;
      view().closeDialog();
      moveOnFrom(input.requestId);
      return true;
    },
    confirmReject(input) {
      const row = rowById(input.requestId);
      const ok = decisions.confirm({ kind: 'reject', input, subject: row ? subjectOf(row) : 'The request' });
      if (!ok) return false;
      view().closeDialog();
      moveOnFrom(input.requestId);
      return true;
    },
    confirmBulk(kind, ids, note, shownSkipped = []) {
      const items: Array<{ ref: RequestRef; subject: string }> = [];
      // Left out, and why (as the dialog listed them, and any that could no longer be decided when it
      // was confirmed): the report says each once, with the rest.
      const skipped = [...shownSkipped];
      const rows = ids.map((id) => rowById(id));
      const found = rows.filter((r): r is RequestView => r !== undefined);
      const said = subjectsOf(found);
      const subjects = new Map(found.map((r, i) => [r, said[i]!] as const));
      ids.forEach((id, i) => {
        const r = rows[i];
        const why = bulkSkipReason(r, kind === 'reject' ? 'reject' : 'bind');
        if (why === null) items.push({ ref: refOf(r!), subject: subjects.get(r!)! });
        else skipped.push({ id, subject: r ? subjects.get(r)! : 'A request', why });
      });
      const batch = decisions.confirmBatch(kind, items, note, skipped);
      if (batch === null) return false;
      view().setSelection([], null, 'console');
      view().closeDialog();
      view().focusRow();
      return true;
    },
  };
}
