/** What the command palette offers: actions valid now, and requests found by name or address. */
import { QUEUE_TABS } from '../../../src-shared/domain';
import type { Actions } from '../../actions/actions';
import { copyText } from '../../lib/clipboard';
import { providerLabel } from '../../lib/providers';
import { parseQuery, providersSelected, searchTextFor } from '../../lib/query';
import { displayNameFor, foldForSearch, toDisplayText, truncateGraphemes } from '../../lib/text';
import { PENDING_SORTS } from '../../../src-shared/settings';
import { useFiltersStore } from '../../state/filters';
import { useSettingsStore } from '../../state/settings';
import { useQueueStore } from '../../state/queue';
import { filterOptionsFor, tabFor } from '../../state/selectors';
import { useViewStore } from '../../state/view';
import { TAB_LABELS } from '../queue/QueueTabs';

export interface PaletteItem {
  id: string;
  label: string;
  hint?: string;
  kind: 'action' | 'request';
  run: () => void;
}

const MAX_REQUESTS = 20;

function actionItems(actions: Actions): PaletteItem[] {
  const view = useViewStore.getState();
  const queue = useQueueStore.getState();
  const filters = useFiltersStore.getState().byTab[view.tab];
  const items: PaletteItem[] = [];
  for (const [i, tab] of QUEUE_TABS.entries()) {
    items.push({ id: `tab-${tab}`, label: `Go to ${TAB_LABELS[tab]}`, hint: String(i + 1), kind: 'action', run: () => actions.setTab(tab) });
  }
  const cursor = actions.cursorRow();
  if (cursor && actions.blockReason(cursor) === null) {
    const name = truncateGraphemes(displayNameFor(cursor.displayName), 40).text;
    items.push({ id: 'approve-new', label: `Approve ${name}: create new participant`, hint: 'a n', kind: 'action', run: () => void actions.openApprove('CREATE_NEW') });
    items.push({ id: 'approve-existing', label: `Approve ${name}: add to existing participant`, hint: 'a e', kind: 'action', run: () => void actions.openApprove('ADD_TO_EXISTING') });
    if (cursor.matchedParticipantId) {
      items.push({ id: 'approve-bind', label: `Approve ${name}: bind to matched participant`, hint: 'a b', kind: 'action', run: () => void actions.openApprove('BIND_ONLY') });
    }
    items.push({ id: 'reject', label: `Reject ${name}`, hint: 'r', kind: 'action', run: () => void actions.openReject() });
  }
  if (view.tab === 'PENDING' && view.selection.length > 0) {
    items.push({ id: 'bulk-reject', label: `Reject selected (${view.selection.length})…`, kind: 'action', run: () => void actions.openBulk('reject') });
    items.push({ id: 'bulk-bind', label: `Bind selected with a matched participant…`, kind: 'action', run: () => void actions.openBulk('bind') });
  }
  if (view.tab === 'PENDING') {
    const current = useSettingsStore.getState().settings.pendingSort;
    const words = { oldest: 'oldest first', newest: 'newest first', agent: 'by agent' } as const;
    for (const sort of PENDING_SORTS) {
      if (sort !== current) items.push({ id: `sort-${sort}`, label: `Sort pending ${words[sort]}`, kind: 'action', run: () => actions.setPendingSort(sort) });
    }
  }
  const options = filterOptionsFor(queue.requests, view.tab, queue.workspaces);
  const chipsOn = providersSelected(parseQuery(filters.query), options.providers.map((p) => p.value));
  for (const p of options.providers) {
    const on = chipsOn.has(p.value);
    items.push({ id: `provider-${p.value}`, label: on ? `Remove filter: ${p.label}` : `Filter by provider: ${p.label}`, hint: String(p.count), kind: 'action', run: () => actions.toggleProviderFilter(p.value) });
  }
  if (queue.workspaces.length > 1) {
    for (const w of queue.workspaces) {
      items.push({ id: `ws-${w.id}`, label: `Switch to workspace: ${toDisplayText(w.label)}`, kind: 'action', run: () => actions.setWorkspaceFilter(w.id) });
    }
    items.push({ id: 'ws-all', label: 'Show all workspaces', kind: 'action', run: () => actions.setWorkspaceFilter(null) });
  }
  if (filters.providers.length + filters.agentIds.length + filters.connectorIds.length + filters.workspaceIds.length > 0 || filters.query.trim() !== '') {
    items.push({ id: 'clear-filters', label: 'Clear filters', kind: 'action', run: () => actions.clearFilters() });
  }
  items.push({ id: 'search', label: 'Search requests', hint: '/', kind: 'action', run: () => actions.focusSearch() });
  items.push({ id: 'refresh', label: 'Refresh now', kind: 'action', run: () => actions.refreshNow() });
  items.push({ id: 'dismiss-notices', label: 'Dismiss all notices', hint: 'Shift+Esc', kind: 'action', run: () => actions.dismissAllNotices() });
  items.push({ id: 'settings', label: 'Open settings', kind: 'action', run: () => actions.openDialog({ kind: 'settings' }) });
  items.push({ id: 'signin', label: 'Sign in or manage workspaces', kind: 'action', run: () => actions.openDialog({ kind: 'signin' }) });
  items.push({ id: 'help', label: 'Show keyboard shortcuts', hint: '?', kind: 'action', run: () => actions.openDialog({ kind: 'help' }) });
  items.push({ id: 'diagnostics', label: 'Copy diagnostics', kind: 'action', run: () => void actions.api.app.copyDiagnostics().then(copyText).catch(() => undefined) });
  return items;
}

function requestItems(actions: Actions, query: string): PaletteItem[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const out: PaletteItem[] = [];
  for (const r of useQueueStore.getState().requests) {
    const text = searchTextFor(r);
    if (!words.every((w) => text.includes(w))) continue;
    const name = truncateGraphemes(displayNameFor(r.displayName), 60).text;
    out.push({
      id: `req-${r.workspaceId}-${r.id}`,
      label: `${name} — ${truncateGraphemes(toDisplayText(r.address), 40).text}`,
      hint: `${providerLabel(r.provider)}, ${TAB_LABELS[tabFor(r)]}`,
      kind: 'request',
      run: () => actions.openRequest({ workspaceId: r.workspaceId, requestId: r.id }),
    });
    if (out.length >= MAX_REQUESTS) break;
  }
  return out;
}

/** Items for a query: matching actions first, then matching requests (jump to request). */
export function paletteItems(actions: Actions, query: string): PaletteItem[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  const matching = actionItems(actions).filter((i) => words.every((w) => foldForSearch(i.label).includes(w)));
  return [...matching, ...requestItems(actions, query)];
}
