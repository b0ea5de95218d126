import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { QueueTab, WorkspaceStatus } from '../../../src-shared/domain';
import { useActions } from '../../actions/context';
import { warmFontsFor } from '../../lib/font-warmup';
import { workspaceNamesFor } from '../../../src-shared/workspace-names';
import { useClockStore } from '../../state/clock';
import { blockReasonIn, useDecisionsStore, useRateLimits } from '../../state/decisions';
import { useFiltersStore } from '../../state/filters';
import { useQueueStore } from '../../state/queue';
import { ageLevelFor, type VisibleRequests } from '../../state/selectors';
import { useSettingsStore } from '../../state/settings';
import { useViewStore } from '../../state/view';
import { LIST_NOTE_ID, ListNote, useHasListNote } from './ListNote';
import { PANEL_ID, tabId } from './QueueTabs';
import { QueueRow, ROW_HEIGHT, type QueueRowProps } from './QueueRow';
import { useRowKeys, useRowWindow } from './useRowWindow';
import { useVisible } from './useVisible';

// Without layout (jsdom, or a hidden pane) the scroll element measures 0; render as if it were
// a normal window rather than rendering nothing.
const FALLBACK_HEIGHT = 720;

const FULL_RENDER_LIMIT = 200;
// Row elements kept hidden for a list that grows again (useRowKeys): more than a tall window's rows
// in view plus the overscan. Only in a tab too long to render whole, where a keystroke costs.
const PARKED_ROWS = 48;
const EMPTY_TEXT = {
  PENDING: { title: 'Nobody is waiting', body: 'New requests appear here the moment they arrive.' },
  APPROVED: { title: 'No approved requests', body: 'Requests approved here or elsewhere are listed here.' },
  REJECTED: { title: 'No rejected requests', body: 'Requests rejected here or elsewhere are listed here.' },
} as const;
const PARTIAL_TEXT = {
  PENDING: {
    title: 'No pending request in the pages read',
    body: 'The server has more pages than the console reads; requests on them are not shown. The note above the list says so.',
  },
  APPROVED: {
    title: 'No approved request among those kept',
    body: 'The server has approved requests the console does not hold: older than the decided requests it keeps, or on pages it does not read. The note above the list says which.',
  },
  REJECTED: {
    title: 'No rejected request among those kept',
    body: 'The server has rejected requests the console does not hold: older than the decided requests it keeps, or on pages it does not read. The note above the list says which.',
  },
} as const;

/**
 * Why the tab is empty when that is not the server's answer: nobody signed in (every workspace
 * signed out), its list is still being read the first time, or no workspace's list for it has
 * been read yet (each failed first). The pending list is read by every poll, Approved and Rejected
 * by the history refresh. Null when an empty tab is what the servers said.
 */
function unknownEmptiness(tab: QueueTab, workspaces: readonly WorkspaceStatus[]): 'signed-out' | 'loading' | 'not-loaded' | 'partial' | null {
  if (workspaces.length === 0 || workspaces.every((w) => w.poll.state === 'signed-out')) return 'signed-out';
  const readAt = (w: WorkspaceStatus) => (tab === 'PENDING' ? w.poll.lastSuccessAt : w.history.refreshedAt);
  // A pending list cut short (the server had more pages than the console reads) holding no pending
  // request says nothing about the pages not read; nor do decided requests held up to the limit
  // (or read from a cut list) about older ones of the tab's status.
  if (tab === 'PENDING' && workspaces.some((w) => w.poll.pendingPartial && w.poll.state !== 'signed-out')) return 'partial';
  if (tab !== 'PENDING' && workspaces.some((w) => w.history.refreshedAt !== null && w.history.partial[tab] !== null)) return 'partial';
  if (!workspaces.every((w) => readAt(w) === null)) return null;
  const reading = workspaces.some((w) => (tab === 'PENDING' ? w.poll.state === 'starting' || w.poll.pollingSince !== null : w.history.refreshing));
  return reading ? 'loading' : 'not-loaded';
}

/** The centred empty state: an empty queue, one the filters hide entirely (with the way back), or one nobody could read. */
function EmptyState({ tab, filtered, total, onClear }: { tab: keyof typeof EMPTY_TEXT; filtered: boolean; total: number; onClear: () => void }) {
  const actions = useActions();
  const workspaces = useQueueStore((s) => s.workspaces);
  const unknown = unknownEmptiness(tab, workspaces);
  if (filtered) {
    return (
      <div className="empty-state" role="status">
        <p className="empty-title">No requests match the filters</p>
        <p className="muted">
          {total} {total === 1 ? 'request is' : 'requests are'} hidden by the search or filters.
        </p>
        <button type="button" className="btn" onClick={onClear}>
          Clear filters
        </button>
      </div>
    );
  }
  if (unknown === 'signed-out') {
    // "Nobody is waiting" would be a guess: nothing is being read.
    return (
      <div className="empty-state" role="status">
        <p className="empty-title">Not signed in</p>
        <p className="muted">Sign in to a workspace to see its requests.</p>
        <button type="button" className="btn" onClick={() => actions.openDialog({ kind: 'signin' })}>
          Sign in…
        </button>
      </div>
    );
  }
  if (unknown === 'loading') {
    return (
      <div className="empty-state" role="status">
        <p className="empty-title">Loading requests…</p>
      </div>
    );
  }
  if (unknown === 'partial') {
    return (
      <div className="empty-state" role="status">
        <p className="empty-title">{PARTIAL_TEXT[tab].title}</p>
        <p className="muted">{PARTIAL_TEXT[tab].body}</p>
      </div>
    );
  }
  if (unknown === 'not-loaded') {
    return (
      <div className="empty-state" role="status">
        <p className="empty-title">Requests could not be loaded yet</p>
        <p className="muted">{tab === 'PENDING' ? 'The connection status above says why.' : 'The note above the list says why.'}</p>
      </div>
    );
  }
  return (
    <div className="empty-state" role="status">
      <p className="empty-title">{EMPTY_TEXT[tab].title}</p>
      <p className="muted">{EMPTY_TEXT[tab].body}</p>
    </div>
  );
}

/**
 * Puts keyboard focus back in the queue: on the cursor row, or with no row listed on the empty
 * state's way back ("Clear filters", "Sign in…"), else on the grid itself.
 */
export function focusQueue(): void {
  const view = useViewStore.getState();
  if (view.cursor[view.tab] !== null) {
    view.focusRow();
    return;
  }
  const panel = document.getElementById(PANEL_ID);
  (panel?.querySelector<HTMLElement>('.empty-state button') ?? panel?.querySelector<HTMLElement>('[role="grid"]'))?.focus();
}

/**
 * The queue: a virtualized ARIA grid (only the rows in view exist in the DOM, so 100,000
 * requests cost the same as 20). The cursor is a roving tab stop with aria-selected; when the
 * list changes, cursor-sync has already moved the cursor to a listed row, and if the focused row
 * went away with it, focus follows the cursor.
 */
export function QueueGrid() {
  const actions = useActions();
  const vis = useVisible();
  const loaded = useQueueStore((s) => s.loaded);
  const tab = useViewStore((s) => s.tab);
  const cursor = useViewStore((s) => s.cursor[s.tab]);
  const selection = useViewStore((s) => s.selection);
  const rowFocusToken = useViewStore((s) => s.rowFocusToken);
  const records = useDecisionsStore((s) => s.records);
  const now = useClockStore((s) => s.now);
  // While the server has rate-limited a workspace's decisions (F27), its rows' buttons are disabled
  // with a countdown, rendered every second, and enabled again when the wait is over.
  const { limits, now: clock } = useRateLimits();
  const amber = useSettingsStore((s) => s.settings.ageAmberMinutes);
  const red = useSettingsStore((s) => s.settings.ageRedMinutes);
  // What the operator asked the list to be (search, filters, order, tab): a change of it replaces the
  // rows in view, so the window renders those first (below). A poll's new list is rendered whole, as
  // before: it mostly keeps the rows in view, and the rows in the DOM stay put.
  const filters = useFiltersStore((s) => s.byTab[tab]);
  const sort = useSettingsStore((s) => s.settings.pendingSort);
  // By content: restoring the saved filters at start-up (the same ones) is no change.
  const asked = useMemo(() => JSON.stringify([tab, sort, filters]), [tab, filters, sort]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const focusInGrid = useRef(false);
  // The request whose row (or a control in it) has focus: its element is never reused (useRowKeys).
  const focusedRow = useRef<string | null>(null);
  const pendingFocus = useRef<string | null>(null);

  // The fonts for every script the queue's rows show are loaded in idle time, not in the frame
  // that first shows one (lib/font-warmup.ts).
  const requests = useQueueStore((s) => s.requests);
  useEffect(() => warmFontsFor(requests), [requests]);
  // With several workspaces each row names its own (look-alike requests in two workspaces): the names
  // are built once per workspaces list and handed to each row as a string, which its memo compares
  // by value (no row subscribes to the store).
  const workspaces = useQueueStore((s) => s.workspaces);
  const workspaceName = useMemo(() => workspaceNamesFor(workspaces), [workspaces]);

  const described = useHasListNote(tab);
  // Scroll the cursor into view when the cursor moved or the operator changed the list (search,
  // filters, order, tab), not when the operator scrolls away from it. Rows have one fixed height, so
  // where the cursor row is and what is in view are known without asking the browser; the window
  // renders the rows at the position it scrolls to. A request to focus the cursor row reveals it too:
  // keyboard focus never lands on a row out of view. A list that changed by itself (a poll, the clock
  // of an `age:` search) keeps the cursor row in view only if it was: an operator who scrolled away to
  // read further down is not sent back to the cursor every time a request arrives.
  const revealed = useRef<{ cursor: string | null; vis: VisibleRequests | null; token: number; asked: string }>({ cursor: null, vis: null, token: rowFocusToken, asked });
  const last = revealed.current;
  const moved = last.vis === null || last.cursor !== cursor || last.token !== rowFocusToken || last.asked !== asked;
  const reveal = moved && cursor !== null ? (vis.indexById.get(cursor) ?? null) : null;
  const followFrom = !moved && last.vis !== vis && cursor !== null ? (last.vis!.indexById.get(cursor) ?? null) : null;
  useLayoutEffect(() => {
    revealed.current = { cursor, vis, token: rowFocusToken, asked };
  }, [cursor, vis, rowFocusToken, asked]);
  // A tab too long to render whole is windowed, searched or not: a search that leaves 150 of
  // 100,000 rows renders the rows in view, not 150 rows on one keystroke (measured: the keystrokes
  // that left 24-32 rows, all rendered, were the slowest of the bench's search).
  const large = vis.tabTotal > FULL_RENDER_LIMIT;
  const win = useRowWindow(scrollRef, {
    count: vis.rows.length,
    rowHeight: ROW_HEIGHT,
    // Small queues render every row (cheap, and everything is findable in the DOM); large ones a window.
    overscan: large ? 8 : vis.rows.length,
    fallbackHeight: FALLBACK_HEIGHT,
    reveal,
    // A large list the operator changed renders the rows in view first and the overscan once it
    // rests (a keystroke costs the rows the operator sees); the focused row stays rendered meanwhile.
    list: asked,
    deferOverscan: large,
    keep: focusedRow.current === null ? null : (vis.indexById.get(focusedRow.current) ?? null),
    // A notice appearing below the list shortens it, and a poll's list moves the cursor row: it stays
    // in view if it was, not behind the notice or pushed out by the rows above it.
    follow: cursor === null ? null : (vis.indexById.get(cursor) ?? null),
    followFrom,
  });

  // Track whether the operator is working in the grid, so list changes can keep focus there.
  useEffect(() => {
    const onFocusIn = (e: FocusEvent) => {
      focusInGrid.current = !!scrollRef.current && scrollRef.current.contains(e.target as Node);
      focusedRow.current = focusInGrid.current ? ((e.target as Element).closest<HTMLElement>('[data-request-id]')?.dataset.requestId ?? null) : null;
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);

  // A row that had focus left the list (F10: rows vanish between polls): focus goes on to the cursor,
  // or, when no row is left (the last one a search showed was decided), to the way back.
  // Only when that row's request really left: focus that went to the page because the operator
  // clicked somewhere that takes none (the row still listed) stays there, and the list stays put.
  useEffect(() => {
    const active = document.activeElement;
    const focusLost = !active || active === document.body || !active.isConnected;
    const left = focusedRow.current !== null && !vis.indexById.has(focusedRow.current);
    if (focusInGrid.current && focusLost && left) focusQueue();
  }, [vis, tab, cursor]);

  const handledFocusToken = useRef(rowFocusToken);
  // After every render: a new focus request targets the cursor; focus it once its row exists
  // (with virtualization it may only appear after scrolling).
  useLayoutEffect(() => {
    if (rowFocusToken !== handledFocusToken.current) {
      handledFocusToken.current = rowFocusToken;
      pendingFocus.current = cursor;
    }
    const id = pendingFocus.current;
    if (id === null || !scrollRef.current) return;
    const el = [...scrollRef.current.querySelectorAll<HTMLElement>('[data-request-id]')].find((e) => e.dataset.requestId === id);
    if (el) {
      pendingFocus.current = null;
      el.focus({ preventScroll: true });
    }
  });

  const items: Array<{ index: number; start: number }> = [];
  for (let i = win.start; i < win.end; i += 1) if (vis.rows[i]) items.push({ index: i, start: i * ROW_HEIGHT });
  // The row that has focus stays rendered at its place when the operator scrolls it out of the
  // window (mouse wheel): removed, it would drop focus to the page, and putting focus back would
  // scroll the list back to it. It is put first or last, in list order, so React never moves its
  // element (a moved element loses focus).
  const focusedIndex = focusedRow.current === null ? null : (vis.indexById.get(focusedRow.current) ?? null);
  if (focusedIndex !== null && vis.rows[focusedIndex] && (focusedIndex < win.start || focusedIndex >= win.end)) {
    const pinned = { index: focusedIndex, start: focusedIndex * ROW_HEIGHT };
    if (focusedIndex < win.start) items.unshift(pinned);
    else items.push(pinned);
  }
  const { keys, parked } = useRowKeys(
    items.map((it) => vis.ids[it.index]!),
    focusedRow.current,
    large ? PARKED_ROWS : 0,
  );
  const cursorRendered = cursor !== null && items.some((it) => vis.ids[it.index] === cursor);
  const selected = new Set(selection);

  // Each element's last committed props: a kept (parked) element is rendered with them, hidden, so
  // React and the browser leave its contents alone until a row takes it over.
  const rowProps = useRef(new Map<string, QueueRowProps>());
  const propsNow = new Map<string, QueueRowProps>();
  const rows = items.map((item, k): QueueRowProps & { key: string } => {
    const row = vis.rows[item.index]!;
    const record = records[row.id];
    const props: QueueRowProps = {
      row,
      index: item.index,
      start: item.start,
      tab,
      isCursor: row.id === cursor,
      isSelected: tab === 'PENDING' && selected.has(row.id),
      tabbable: cursorRendered ? row.id === cursor : item.index === items[0]?.index,
      record,
      blockReason: blockReasonIn({ records, limits }, row, clock),
      ageLevel: ageLevelFor(row.createdAt, now, amber, red),
      now,
      actions,
      workspace: workspaceName === null ? null : workspaceName(row.workspaceId),
    };
    propsNow.set(keys[k]!, props);
    return { ...props, key: keys[k]! };
  });
  for (const { key } of parked) {
    const last = rowProps.current.get(key);
    if (!last) continue;
    const props = last.parked ? last : { ...last, parked: true, isCursor: false, isSelected: false, tabbable: false };
    propsNow.set(key, props);
    rows.push({ ...props, key });
  }
  useLayoutEffect(() => {
    rowProps.current = propsNow;
  });

  return (
    <div id={PANEL_ID} role="tabpanel" aria-labelledby={tabId(tab)} className="queue-panel">
      <ListNote tab={tab} />
      <div
        ref={scrollRef}
        role="grid"
        aria-label="Requests"
        aria-describedby={described ? LIST_NOTE_ID : undefined}
        aria-rowcount={vis.rows.length}
        aria-colcount={tab === 'PENDING' ? 5 : 4}
        aria-busy={!loaded}
        className="grid"
        tabIndex={-1}
        onFocus={(e) => {
          // Focus landing on the grid itself goes on to the cursor row.
          if (e.target === scrollRef.current && cursor !== null) {
            pendingFocus.current = cursor;
            useViewStore.getState().focusRow();
          }
        }}
      >
        <div role="rowgroup" className="grid-body" style={{ height: win.totalSize }}>
          {rows.map(({ key, ...props }) => (
            <QueueRow key={key} {...props} />
          ))}
        </div>
      </div>
      {loaded && vis.rows.length === 0 ? <EmptyState tab={tab} filtered={vis.filtersActive && vis.tabTotal > 0} total={vis.tabTotal} onClear={() => actions.clearFilters()} /> : null}
      {!loaded ? (
        <div className="empty-state" role="status">
          <p className="muted">Loading requests…</p>
        </div>
      ) : null}
    </div>
  );
}
