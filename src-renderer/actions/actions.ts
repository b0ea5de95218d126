/**
 * Every user action in one place. Buttons, the shortcut table and the command palette all call
 * these, so a key and a click always do the same thing. Actions read and write the stores;
 * they never touch the DOM (focus moves are requested through the view store). createActions
 * composes them: navigation.ts (cursor, selection, detail), decision-actions.ts (deciding),
 * outcome-actions.ts (undo, retry, dismiss) and the rest here.
 */
import type { ApproveInput, AppApi, RejectInput, RequestRef } from '../../src-shared/contract';
import type { ApproveMode, QueueTab, RequestView, WorkspaceStatus } from '../../src-shared/domain';
import type { PendingSort } from '../../src-shared/settings';
import { senderOf } from '../../src-shared/decision-text';
import { createParticipantsCache, type ParticipantsCache } from '../lib/participants-cache';
import { createDecisionController, type BatchKind, type DecisionController } from '../state/decisions';
import { useFiltersStore } from '../state/filters';
import { useNoticesStore } from '../state/notices';
import { useQueueStore } from '../state/queue';
import { serverWaitUntil, tabFor, type VisibleRequests } from '../state/selectors';
import { formatClockSeconds } from '../../src-shared/when';
import { useSettingsStore } from '../state/settings';
import { useViewStore, type DialogState } from '../state/view';
import { readVisible } from '../state/visible';
import { createDecisionActions } from './decision-actions';
import { createNavigationActions } from './navigation';
import { createOutcomeActions } from './outcome-actions';
import { blockReason, cursorRow, rowById, workspaceOf } from './rows';

export { decidesWithoutDialog } from './decision-actions';
export { PAGE_ROWS } from './navigation';

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
  /**
   * `from: 'pane'`: the detail pane's button, which follows the cursor: when the list has just put
   * another request there, it is held like a key (the operator aimed at the one shown before).
   */
  openApprove(mode?: ApproveMode | null, id?: string, from?: 'pane'): boolean;
  openReject(id?: string, from?: 'pane'): boolean;
  /** `a n` / `a b` / `r`: a dialog, or (with "decide without a dialog") the decision itself, undoable. */
  approveKey(mode: 'CREATE_NEW' | 'BIND_ONLY'): boolean;
  rejectKey(): boolean;
  openBulk(kind: BatchKind, ids?: string[], note?: string): boolean;
  confirmApprove(input: ApproveInput): boolean;
  confirmReject(input: RejectInput): boolean;
  /** `skipped`: the selected requests the dialog showed as left out, and why (the report says them too). */
  confirmBulk(kind: BatchKind, ids: string[], note?: string, skipped?: Array<{ id: string; subject: string; why: string }>): boolean;
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
  /** Shows the request in the detail pane (its tab, filters cleared if they hide it), read afresh from the server. */
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

  const participants = createParticipantsCache((workspaceId) => api.participants.list({ workspaceId }));
  // The cursor rests on a request that can be approved: its workspace's participants are fetched
  // ahead, so `a e` opens the picker with its list (at most once a minute per workspace).
  const stopPrefetch = useViewStore.subscribe((s, prev) => {
    if (s.cursor === prev.cursor && s.tab === prev.tab) return;
    const row = cursorRow();
    if (row && row.status === 'PENDING' && blockReason(row) === null) participants.prefetch(row.workspaceId);
  });

  const self = () => actions;
  const actions: Actions = {
    api,
    decisions,
    visible: readVisible,
    rowById,
    cursorRow,
    workspaceOf,
    blockReason,
    ...createNavigationActions(self),
    ...createDecisionActions(decisions, self),
    ...createOutcomeActions(decisions, self),
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
      // A notification or a link clicked while a dialog holds what the operator typed (a note, a
      // name, a token, settings): the dialog stays, and a notice that stays until used or dismissed
      // opens the request once it is done (however long that takes).
      const open = view().dialog;
      if (open && open.kind !== 'palette' && open.kind !== 'help') {
        useNoticesStore.getState().info(`${row ? senderOf(row) : 'A request'} was not opened: a dialog is open.`, {
          body: 'Finish or cancel it, then choose this notice to open the request.',
          requests: [ref],
          tone: 'warn',
          stays: true,
        });
        return;
      }
      const tab = row ? tabFor(row) : 'PENDING';
      view().setTab(tab);
      if (row && !readVisible().indexById.has(row.id)) useFiltersStore.getState().clear(tab);
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
      if (!readVisible().indexById.has(row.id)) return;
      view().setCursor(ref.requestId, { focus: true, tab });
      view().setDetailOpen(true);
      // Opened on purpose ("Check request", a notification): read it again even if the pane already shows it.
      view().rereadDetail();
    },
    refreshNow: () => {
      // A workspace whose server asked to wait is not asked again before then (main holds it): said,
      // or the refresh would seem to do nothing.
      const now = Date.now();
      const several = queue().workspaces.length > 1;
      const held = queue().workspaces.flatMap((w) => {
        const until = serverWaitUntil(w, now);
        return until === null ? [] : [`${several ? `${w.label}: ` : ''}the server asked the console to wait until ${formatClockSeconds(until)}`];
      });
      if (held.length > 0) useNoticesStore.getState().info(`Not refreshed yet – ${held.join('; ')}.`, { key: 'refresh-held' });
      // Said in the status line until main answers (a slow or hanging server is otherwise silent).
      queue().refreshStarted();
      void api.queue
        .refreshNow()
        .catch(() => undefined)
        .finally(() => queue().refreshEnded());
    },
    escape() {
      const v = view();
      if (v.chord) return v.setChord(null);
      if (v.tab === 'PENDING' && v.selection.length > 0) return v.setSelection([], null);
      if (v.detailOpen) return actions.closeDetail();
      actions.dismissNewestNotice();
    },
    // The button that asked goes with the filters: focus goes to the cursor row (not to the page).
    clearFilters: () => {
      useFiltersStore.getState().clear(view().tab);
      view().focusRow();
    },
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
