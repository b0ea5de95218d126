/** Moving through the queue: the tab, the cursor, the selection and the detail pane. */
import { senderOf } from '../../src-shared/decision-text';
import { rangeIds } from '../state/selectors';
import { useViewStore } from '../state/view';
import { readVisible } from '../state/visible';
import type { Actions } from './actions';
import { cursorRow, rowById } from './rows';

/** Rows PageDown/PageUp move the cursor by. */
export const PAGE_ROWS = 10;

const view = () => useViewStore.getState();

// The detail pane shows the cursor's request: moving the cursor is all it takes to follow.
/** The operator puts the cursor on a row (a key, a click): after a move the list made by itself, they have now seen where it is. */
export const setCursor = (id: string, focus = true) => {
  view().setCursor(id, { focus });
  view().clearMovedUnder();
};

/** Shift+move: the range from the anchor to the cursor becomes the range from the anchor to `target`. */
function extendTo(target: string): void {
  const v = view();
  const vis = readVisible();
  const cur = v.cursor[v.tab] ?? target;
  const anchor = v.anchor ?? cur;
  const oldRange = new Set(rangeIds(vis.ids, anchor, cur, vis.indexById));
  const base = v.selection.filter((id) => !oldRange.has(id));
  const next = [...new Set([...base, ...rangeIds(vis.ids, anchor, target, vis.indexById)])];
  v.setSelection(next, anchor);
}

export type NavigationActions = Pick<
  Actions,
  'setTab' | 'setCursor' | 'moveCursor' | 'movePage' | 'moveToEdge' | 'toggleSelect' | 'selectRange' | 'clearSelection' | 'openDetail' | 'closeDetail' | 'toggleDetail'
>;

/** `self` is the whole action set: an action made of others calls them there, as a key would. */
export function createNavigationActions(self: () => Actions): NavigationActions {
  return {
    setTab: (tab) => view().setTab(tab),
    setCursor,
    moveCursor(delta, extend = false) {
      const vis = readVisible();
      if (vis.ids.length === 0) return;
      const cur = view().cursor[view().tab];
      const at = cur === null ? -1 : (vis.indexById.get(cur) ?? -1);
      const nextIndex = at === -1 ? (delta > 0 ? 0 : vis.ids.length - 1) : Math.min(vis.ids.length - 1, Math.max(0, at + delta));
      const next = vis.ids[nextIndex]!;
      if (extend && view().tab === 'PENDING') extendTo(next);
      setCursor(next, true);
    },
    movePage(direction) {
      self().moveCursor(direction * PAGE_ROWS);
    },
    moveToEdge(edge) {
      const vis = readVisible();
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
      // A row's checkbox (or Ctrl+click) clicked: the cursor goes there too, so the next key (r, a n)
      // acts on the row just touched, not on one the cursor was left on. Focus stays on the checkbox.
      if (id !== undefined && id !== v.cursor[v.tab]) setCursor(id, false);
      // `x` on the cursor: its row is brought into view (and focus), so the operator sees what was
      // ticked even after scrolling away from it with the mouse wheel.
      if (id === undefined) v.focusRow();
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
      // A click on the row, or the details opened on it: the operator has seen where the cursor is.
      view().clearMovedUnder();
      // Focus stays on the row (j/k go on through the queue with the pane following): a screen
      // reader is told the pane opened and where it is.
      if (!view().detailOpen) view().say(`Details of ${senderOf(row)} shown; Tab past the row's buttons to read them.`);
      view().setDetailOpen(true);
    },
    closeDetail() {
      if (view().detailOpen) view().say('Details closed.');
      view().setDetailOpen(false);
      view().focusRow();
    },
    toggleDetail() {
      if (view().detailOpen) self().closeDetail();
      else self().openDetail();
    },
  };
}
