/**
 * Every user action in one place. Buttons, the shortcut table and the command palette all call
 * these, so a key and a click always do the same thing. Actions read and write the stores;
 * they never touch the DOM (focus moves are requested through the view store).
 */
import type { ApproveInput, AppApi, RejectInput, RequestRef } from '../../src-shared/contract';
import type { ApproveMode, QueueTab, RequestView, WorkspaceStatus } from '../../src-shared/domain';
import { displayNameFor } from '../lib/text';
import { useClockStore } from '../state/clock';
import { createDecisionController, isBusy, useDecisionsStore, type BatchKind, type DecisionController } from '../state/decisions';
import { useFiltersStore } from '../state/filters';
import { useQueueStore } from '../state/queue';
import { decisionBlockReason, neighbourOf, rangeIds, tabFor, visibleFor, type VisibleRequests } from '../state/selectors';
import { useSettingsStore } from '../state/settings';
import { useViewStore, type DialogState } from '../state/view';

export interface Actions {
  api: AppApi;
  decisions: DecisionController;
  visible(): VisibleRequests;
  rowById(id: string): RequestView | undefined;
  cursorRow(): RequestView | null;
  workspaceOf(row: RequestView): WorkspaceStatus | undefined;
  /** Why a row cannot be decided now, or null. */
  blockReason(row: RequestView): string | null;
  setTab(tab: QueueTab): void;
  setCursor(id: string, focus?: boolean): void;
  moveCursor(delta: number, extend?: boolean): void;
  moveToEdge(edge: 'first' | 'last'): void;
  toggleSelect(id?: string): void;
  selectRange(toId: string): void;
  clearSelection(): void;
  openDetail(id?: string): void;
  closeDetail(): void;
  openApprove(mode?: ApproveMode | null, id?: string): boolean;
  openReject(id?: string): boolean;
  openBulk(kind: BatchKind): boolean;
  confirmApprove(input: ApproveInput): boolean;
  confirmReject(input: RejectInput): boolean;
  confirmBulk(kind: BatchKind, ids: string[], note?: string): boolean;
  undo(id: string): void;
  undoBatch(batchId: string): void;
  undoLatest(): void;
  retry(id: string): void;
  dismiss(id: string): void;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  focusSearch(): void;
  openRequest(ref: RequestRef): void;
  refreshNow(): void;
  escape(): void;
  clearFilters(): void;
  toggleProviderFilter(provider: string): void;
  setWorkspaceFilter(workspaceId: string | null): void;
  dispose(): void;
}

/** Creates the action set for one mounted app (one decision controller, disposed with it). */
export function createActions(api: AppApi, opts: { decisions?: DecisionController } = {}): Actions {
  const view = () => useViewStore.getState();
  const queue = () => useQueueStore.getState();
  const decisions =
    opts.decisions ?? createDecisionController({ api, undoMs: () => useSettingsStore.getState().settings.undoSeconds * 1000 });

  const visible = () => {
    const v = view();
    return visibleFor({
      requests: queue().requests,
      tab: v.tab,
      filters: useFiltersStore.getState().byTab[v.tab],
      workspaces: queue().workspaces,
      now: useClockStore.getState().now,
    });
  };
  const rowById = (id: string) => {
    const vis = visible();
    const i = vis.indexById.get(id);
    return i !== undefined ? vis.rows[i] : queue().requests.find((r) => r.id === id);
  };
  const cursorRow = () => {
    const id = view().cursor[view().tab];
    if (id === null) return null;
    const vis = visible();
    const i = vis.indexById.get(id);
    return i === undefined ? null : (vis.rows[i] ?? null);
  };
  const workspaceOf = (row: RequestView) => queue().workspaces.find((w) => w.id === row.workspaceId);
  const blockReason = (row: RequestView) => decisionBlockReason(row, workspaceOf(row), isBusy(useDecisionsStore.getState().records, row.id));
  const refOf = (row: RequestView): RequestRef => ({ workspaceId: row.workspaceId, requestId: row.id });

  const setCursor = (id: string, focus = true) => {
    view().setCursor(id, { focus });
    const d = view().detail;
    // The detail pane follows the cursor while it is open.
    if (d && d.requestId !== id) {
      const row = rowById(id);
      if (row) view().setDetail(refOf(row));
    }
  };

  const extendTo = (target: string) => {
    const v = view();
    const vis = visible();
    const cur = v.cursor[v.tab] ?? target;
    const anchor = v.anchor ?? cur;
    const oldRange = new Set(rangeIds(vis.ids, anchor, cur, vis.indexById));
    const base = v.selection.filter((id) => !oldRange.has(id));
    const next = [...new Set([...base, ...rangeIds(vis.ids, anchor, target, vis.indexById)])];
    v.setSelection(next, anchor);
  };

  /** After a decision leaves a row, move on to the next one (only when the cursor was on it). */
  const moveOnFrom = (id: string) => {
    const v = view();
    if (v.cursor[v.tab] !== id) return;
    const vis = visible();
    const next = neighbourOf(vis.ids, id, vis.indexById);
    if (next !== null && next !== id) setCursor(next, true);
    else v.focusRow();
  };

  const actions: Actions = {
    api,
    decisions,
    visible,
    rowById,
    cursorRow,
    workspaceOf,
    blockReason,
    setTab: (tab) => view().setTab(tab),
    setCursor,
    moveCursor(delta, extend = false) {
      const vis = visible();
      if (vis.ids.length === 0) return;
      const cur = view().cursor[view().tab];
      const at = cur === null ? -1 : (vis.indexById.get(cur) ?? -1);
      const nextIndex = at === -1 ? (delta > 0 ? 0 : vis.ids.length - 1) : Math.min(vis.ids.length - 1, Math.max(0, at + delta));
      const next = vis.ids[nextIndex]!;
      if (extend && view().tab === 'PENDING') extendTo(next);
      setCursor(next, true);
    },
    moveToEdge(edge) {
      const vis = visible();
      const id = edge === 'first' ? vis.ids[0] : vis.ids[vis.ids.length - 1];
      if (id !== undefined) setCursor(id, true);
    },
    toggleSelect(id) {
      const v = view();
      if (v.tab !== 'PENDING') return;
      const target = id ?? v.cursor[v.tab];
      if (!target) return;
      const sel = v.selection.includes(target) ? v.selection.filter((s) => s !== target) : [...v.selection, target];
      v.setSelection(sel, target);
    },
    selectRange(toId) {
      if (view().tab !== 'PENDING') return;
      extendTo(toId);
      setCursor(toId, false);
    },
    clearSelection: () => view().setSelection([], null),
    openDetail(id) {
      const row = id ? rowById(id) : cursorRow();
      if (!row) return;
      view().setCursor(row.id);
      view().setDetail(refOf(row));
    },
    closeDetail() {
      view().setDetail(null);
      view().focusRow();
    },
    openApprove(mode, id) {
      const row = id ? rowById(id) : cursorRow();
      if (!row || blockReason(row) !== null) return false;
      if (mode === 'BIND_ONLY' && !row.matchedParticipantId) return false;
      view().setCursor(row.id);
      view().openDialog({ kind: 'approve', ref: refOf(row), mode: mode ?? (row.matchedParticipantId ? 'BIND_ONLY' : 'CREATE_NEW') });
      return true;
    },
    openReject(id) {
      const row = id ? rowById(id) : cursorRow();
      if (!row || blockReason(row) !== null) return false;
      view().setCursor(row.id);
      view().openDialog({ kind: 'reject', ref: refOf(row) });
      return true;
    },
    openBulk(kind) {
      const ids = view().selection;
      if (ids.length === 0) return false;
      view().openDialog({ kind: kind === 'reject' ? 'bulk-reject' : 'bulk-bind', ids: [...ids] });
      return true;
    },
    confirmApprove(input) {
      const row = rowById(input.requestId);
      const ok = decisions.confirm({ kind: 'approve', input, subject: displayNameFor(row?.displayName ?? '') });
      if (!ok) return false;
      view().closeDialog();
      moveOnFrom(input.requestId);
      return true;
    },
    confirmReject(input) {
      const row = rowById(input.requestId);
      const ok = decisions.confirm({ kind: 'reject', input, subject: displayNameFor(row?.displayName ?? '') });
      if (!ok) return false;
      view().closeDialog();
      moveOnFrom(input.requestId);
      return true;
    },
    confirmBulk(kind, ids, note) {
      const items = ids
        .map((id) => rowById(id))
        .filter((r): r is RequestView => !!r && blockReason(r) === null && (kind === 'reject' || !!r.matchedParticipantId))
        .map((r) => ({ ref: refOf(r), subject: displayNameFor(r.displayName) }));
      const batch = decisions.confirmBatch(kind, items, note);
      if (batch === null) return false;
      view().setSelection([], null);
      view().closeDialog();
      view().focusRow();
      return true;
    },
    undo(id) {
      if (decisions.undo(id)) setCursor(id, true);
    },
    undoBatch(batchId) {
      decisions.undoBatch(batchId);
      view().focusRow();
    },
    undoLatest() {
      const id = decisions.undoLatest();
      if (id !== null && rowById(id)) setCursor(id, true);
    },
    retry(id) {
      const rec = useDecisionsStore.getState().records[id];
      if (!rec || !rec.canRetry || (rec.retryAt !== null && rec.retryAt > Date.now())) return;
      decisions.dismiss(id);
      const row = rowById(id);
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
    dismiss: (id) => decisions.dismiss(id),
    openDialog: (dialog) => view().openDialog(dialog),
    closeDialog: () => view().closeDialog(),
    focusSearch: () => view().focusSearch(),
    openRequest(ref) {
      const row = queue().requests.find((r) => r.id === ref.requestId && r.workspaceId === ref.workspaceId);
      const tab = row ? tabFor(row) : 'PENDING';
      view().setTab(tab);
      if (row && !visible().indexById.has(row.id)) useFiltersStore.getState().clear(tab);
      view().closeDialog();
      view().setCursor(ref.requestId, { focus: true, tab });
      view().setDetail(ref);
    },
    refreshNow: () => void api.queue.refreshNow().catch(() => undefined),
    escape() {
      const v = view();
      if (v.chord) return v.setChord(null);
      if (v.selection.length > 0) return v.setSelection([], null);
      if (v.detail) return actions.closeDetail();
    },
    clearFilters: () => useFiltersStore.getState().clear(view().tab),
    toggleProviderFilter: (provider) => useFiltersStore.getState().toggleProvider(view().tab, provider),
    setWorkspaceFilter: (id) => useFiltersStore.getState().setFilters(view().tab, { workspaceIds: id ? [id] : [] }),
    dispose: () => decisions.dispose(),
  };
  return actions;
}
