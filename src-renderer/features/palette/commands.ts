/** What the command palette offers: actions valid now, and requests found by name or address. */
import type { Actions } from '../../app/actions';
import { copyText } from '../../lib/clipboard';
import { providerLabel } from '../../lib/providers';
import { parseQuery, providersSelected, searchTextFor } from '../../lib/query';
import { displayNameFor, foldForSearch, toDisplayText, truncateGraphemes } from '../../lib/text';
import { displaySpec, isMacPlatform } from '../../keyboard/keys';
import { paletteShortcuts } from '../../keyboard/shortcuts';
import { shortcutContext } from '../../keyboard/useShortcuts';
import { PENDING_SORTS } from '../../../src-shared/settings';
import { useFiltersStore } from '../../state/filters';
import { useSettingsStore } from '../../state/settings';
import { useQueueStore } from '../../state/queue';
import { filterOptionsFor, filtersActive, tabFor } from '../../state/selectors';
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

/**
 * Actions offered now: first every shortcut the table offers to the palette (its label, its key
 * as the hint, its own `when`), then what has no key (sorting, provider and workspace filters,
 * bulk bind, refresh, sign-in, diagnostics).
 */
function actionItems(actions: Actions): PaletteItem[] {
  const view = useViewStore.getState();
  const queue = useQueueStore.getState();
  const filters = useFiltersStore.getState().byTab[view.tab];
  const mac = isMacPlatform();
  const items: PaletteItem[] = paletteShortcuts(shortcutContext(actions)).map((s) => ({ id: s.id, label: s.label, hint: displaySpec(s.keys, mac), kind: 'action', run: s.run }));
  if (view.tab === 'PENDING' && view.selection.length > 0) {
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
  // The grid's own rule for "filters active" (selectors.filtersActive).
  if (filtersActive(filters)) items.push({ id: 'clear-filters', label: 'Clear filters', kind: 'action', run: () => actions.clearFilters() });
  items.push({ id: 'refresh', label: 'Refresh now', kind: 'action', run: () => actions.refreshNow() });
  items.push({ id: 'signin', label: 'Sign in or manage workspaces', kind: 'action', run: () => actions.openDialog({ kind: 'signin' }) });
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
