/**
 * Every user action in one place. Buttons, the shortcut table and the command palette all call
 * these, so a key and a click always do the same thing. Actions read and write the stores;
 * they never touch the DOM (focus moves are requested through the view store).
 */
import type { ApproveInput, AppApi, RejectInput, RequestRef } from '../../src-shared/contract';
import { decidedElsewhereText } from '../../src-shared/decision-text';
import type { ApproveMode, QueueTab, RequestView, WorkspaceStatus } from '../../src-shared/domain';
import type { PendingSort } from '../../src-shared/settings';
import { defaultDisplayName } from '../lib/decision-validation';
import { createParticipantsCache, type ParticipantsCache } from '../lib/participants-cache';
import { displayNameFor } from '../lib/text';
import { createDecisionController, isBusy, isBusyPhase, useDecisionsStore, type BatchKind, type DecisionController } from '../state/decisions';
import { useFiltersStore } from '../state/filters';
import { useNoticesStore } from '../state/notices';
import { useQueueStore } from '../state/queue';
import { decisionBlockReason, neighbourOf, rangeIds, tabFor, type VisibleRequests } from '../state/selectors';
import { useSettingsStore } from '../state/settings';
import { useViewStore, type DialogState } from '../state/view';
import { readVisible } from '../state/visible';

/** Rows PageDown/PageUp move the cursor by. */
export const PAGE_ROWS = 10;

/** Whether `a n`, `a b` and `r` decide at once: the setting is on and there is an undo window to catch a slip. */
export function decidesWithoutDialog(): boolean {
  const s = useSettingsStore.getState().settings;
  return s.decideWithoutDialog && s.undoSeconds >= 1;
}

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
  movePage(direction: 1 | -1): void;
  moveToEdge(edge: 'first' | 'last'): void;
  toggleSelect(id?: string): void;
  selectRange(toId: string): void;
  clearSelection(): void;
  openDetail(id?: string): void;
  closeDetail(): void;
  toggleDetail(): void;
  openApprove(mode?: ApproveMode | null, id?: string): boolean;
  openReject(id?: string): boolean;
  /** `a n` / `a b` / `r`: a dialog, or (with "decide without a dialog") the decision itself, undoable. */
  approveKey(mode: 'CREATE_NEW' | 'BIND_ONLY'): boolean;
  rejectKey(): boolean;
  openBulk(kind: BatchKind, ids?: string[], note?: string): boolean;
  confirmApprove(input: ApproveInput): boolean;
  confirmReject(input: RejectInput): boolean;
  confirmBulk(kind: BatchKind, ids: string[], note?: string): boolean;
  undo(id: string): void;
  undoBatch(batchId: string): void;
  undoLatest(): void;
  retry(id: string): void;
  /** Re-opens the bulk dialog for a batch's failed items (confirmed again; nothing is re-sent by itself). */
  retryFailed(batchId: string): boolean;
  dismiss(id: string): void;
  /** Dismisses the newest notice that can be dismissed (Esc when nothing else is open). */
  dismissNewestNotice(): boolean;
  dismissAllNotices(): void;
  setPendingSort(sort: PendingSort): void;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  focusSearch(): void;
  openRequest(ref: RequestRef): void;
  refreshNow(): void;
  escape(): void;
  clearFilters(): void;
  toggleProviderFilter(provider: string): void;
  setWorkspaceFilter(workspaceId: string | null): void;
  /** Participants per workspace for the add-to-existing picker, fetched ahead for the cursor's request. */
  participants: ParticipantsCache;
  dispose(): void;
}

/** Creates the action set for one mounted app (one decision controller, disposed with it). */
export function createActions(api: AppApi, opts: { decisions?: DecisionController } = {}): Actions {
  const view = () => useViewStore.getState();
  const queue = () => useQueueStore.getState();
  const decisions =
    opts.decisions ?? createDecisionController({ api, undoMs: () => useSettingsStore.getState().settings.undoSeconds * 1000 });

  const visible = readVisible;
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
  const blockReason = (row: RequestView) => decisionBlockReason(row, isBusy(useDecisionsStore.getState().records, row.id));
  const refOf = (row: RequestView): RequestRef => ({ workspaceId: row.workspaceId, requestId: row.id });

  const participants = createParticipantsCache((workspaceId) => api.participants.list({ workspaceId }));
  // The cursor rests on a request that can be approved: its workspace's participants are fetched
  // ahead, so `a e` opens the picker with its list (at most once a minute per workspace).
  const stopPrefetch = useViewStore.subscribe((s, prev) => {
    if (s.cursor === prev.cursor && s.tab === prev.tab) return;
    const row = cursorRow();
    if (row && row.status === 'PENDING' && blockReason(row) === null) participants.prefetch(row.workspaceId);
  });

  // The detail pane shows the cursor's request: moving the cursor is all it takes to follow.
  const setCursor = (id: string, focus = true) => view().setCursor(id, { focus });

  /** A decided request offers no decision: say who decided it and when, instead of opening anything. */
  const refuseDecided = (row: RequestView): boolean => {
    if (row.status !== 'APPROVED' && row.status !== 'REJECTED') return false;
    useNoticesStore.getState().info(decidedElsewhereText(row, Date.now(), true), {
      body: 'Nothing is left to decide.',
      requests: [refOf(row)],
    });
    return true;
  };

  /** The row a decision key acts on: the cursor's, or the one named; null when it cannot be decided now. */
  const decidableRow = (id?: string): RequestView | null => {
    const row = id ? rowById(id) : cursorRow();
    if (!row) return null;
    if (refuseDecided(row)) return null;
    return blockReason(row) === null ? row : null;
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
    movePage(direction) {
      actions.moveCursor(direction * PAGE_ROWS);
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
      view().setDetailOpen(true);
    },
    closeDetail() {
      view().setDetailOpen(false);
      view().focusRow();
    },
    toggleDetail() {
      if (view().detailOpen) actions.closeDetail();
      else actions.openDetail();
    },
    openApprove(mode, id) {
      const row = decidableRow(id);
      if (!row) return false;
      if (mode === 'BIND_ONLY' && !row.matchedParticipantId) return false;
      view().setCursor(row.id);
      view().openDialog({ kind: 'approve', ref: refOf(row), mode: mode ?? (row.matchedParticipantId ? 'BIND_ONLY' : 'CREATE_NEW') });
      return true;
    },
    openReject(id) {
      const row = decidableRow(id);
      if (!row) return false;
      view().setCursor(row.id);
      view().openDialog({ kind: 'reject', ref: refOf(row) });
      return true;
    },
    approveKey(mode) {
      if (!decidesWithoutDialog()) return actions.openApprove(mode);
      const row = decidableRow();
      if (!row || (mode === 'BIND_ONLY' && !row.matchedParticipantId)) return false;
      const input: ApproveInput = { ...refOf(row), mode };
      if (mode === 'CREATE_NEW') input.displayName = defaultDisplayName(row);
      return actions.confirmApprove(input);
    },
    rejectKey() {
      if (!decidesWithoutDialog()) return actions.openReject();
      const row = decidableRow();
      return row ? actions.confirmReject(refOf(row)) : false;
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
      const row = rowById(id);
      // Decided meanwhile (by someone else): nothing to retry; say who decided instead.
      if (row && refuseDecided(row)) {
        decisions.dismiss(id);
        return;
      }
      decisions.dismiss(id);
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
      const ids = decisions.takeFailed(batchId);
      const pending = ids.filter((id) => {
        const row = rowById(id);
        return row !== undefined && row.status === 'PENDING';
      });
      if (pending.length === 0) return false;
      view().setTab('PENDING');
      return actions.openBulk(batch.kind, pending, batch.note);
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
    setPendingSort(sort) {
      const settings = useSettingsStore.getState();
      settings.setView({ settings: { ...settings.settings, pendingSort: sort }, notice: null });
      void api.settings.update({ pendingSort: sort }).catch(() => undefined);
    },
    openDialog: (dialog) => view().openDialog(dialog),
    closeDialog: () => view().closeDialog(),
    focusSearch: () => view().focusSearch(),
    openRequest(ref) {
      const row = queue().requests.find((r) => r.id === ref.requestId && r.workspaceId === ref.workspaceId);
      const tab = row ? tabFor(row) : 'PENDING';
      view().setTab(tab);
      if (row && !visible().indexById.has(row.id)) useFiltersStore.getState().clear(tab);
      view().closeDialog();
      if (!row) {
        // Not in the queue yet (a deep link, an old request): read it, then open it once it is.
        void api.requests
          .get(ref)
          .then((res) => {
            if (!res.ok || queue().requests.some((r) => r.id === ref.requestId)) return;
            queue().patchRequest(res.value.request);
            if (queue().requests.some((r) => r.id === ref.requestId)) actions.openRequest(ref);
          })
          .catch(() => undefined);
        return;
      }
      if (!visible().indexById.has(row.id)) return;
      view().setCursor(ref.requestId, { focus: true, tab });
      view().setDetailOpen(true);
    },
    refreshNow: () => void api.queue.refreshNow().catch(() => undefined),
    escape() {
      const v = view();
      if (v.chord) return v.setChord(null);
      if (v.selection.length > 0) return v.setSelection([], null);
      if (v.detailOpen) return actions.closeDetail();
      actions.dismissNewestNotice();
    },
    clearFilters: () => useFiltersStore.getState().clear(view().tab),
    toggleProviderFilter: (provider) => useFiltersStore.getState().toggleProvider(view().tab, provider),
    setWorkspaceFilter: (id) => useFiltersStore.getState().setFilters(view().tab, { workspaceIds: id ? [id] : [] }),
    participants,
    dispose: () => {
      stopPrefetch();
      decisions.dispose();
    },
  };
  return actions;
}
