/** What the command palette offers: actions valid now, and requests found by name or address. */
import type { Actions } from '../../actions/actions';
import { copyText } from '../../lib/clipboard';
import { FILTER_DIMENSIONS } from '../../lib/filter-dimensions';
import { providerLabel } from '../../lib/providers';
import { parseQuery, providersSelected, searchTextFor } from '../../lib/query';
import { displayNameFor, foldForSearch, toDisplayText, truncateGraphemes } from '../../lib/text';
import { workspaceNamesFor } from '../../../src-shared/workspace-names';
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
  // Each filter dimension's palette entries come from the filter table (lib/filter-dimensions.ts).
  const options = filterOptionsFor(queue.requests, view.tab, queue.workspaces).byKey;
  for (const d of FILTER_DIMENSIONS) {
    if (!('palette' in d)) continue;
    const p = d.palette;
    if ('when' in p && !p.when(queue.workspaces.length)) continue;
    const opts = options[d.key];
    if (d.control.kind === 'chips') {
      const on = providersSelected(parseQuery(filters.query), opts.map((o) => o.value));
      for (const o of opts) {
        items.push({ id: `${d.key}-${o.value}`, label: p.option(o.label, on.has(o.value)), hint: String(o.count), kind: 'action', run: () => actions.toggleProviderFilter(o.value) });
      }
    } else {
      const { setting } = d.control;
      const set = (value: string | null) => useFiltersStore.getState().setFilters(view.tab, { [setting]: value === null ? [] : [value] });
      for (const o of 'values' in p ? p.values(queue.workspaces) : opts) {
        items.push({ id: `${d.key}-${o.value}`, label: p.option(toDisplayText(o.label), false), kind: 'action', run: () => set(o.value) });
      }
      if ('all' in p) items.push({ id: `${d.key}-all`, label: p.all, kind: 'action', run: () => set(null) });
    }
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
  const { requests, workspaces } = useQueueStore.getState();
  // With several workspaces the same sender can wait in two: the hint names the workspace, as the row does.
  const workspaceName = workspaceNamesFor(workspaces);
  for (const r of requests) {
    const text = searchTextFor(r);
    if (!words.every((w) => text.includes(w))) continue;
    const name = truncateGraphemes(displayNameFor(r.displayName), 60).text;
    const where = workspaceName === null ? '' : ` · ${workspaceName(r.workspaceId)}`;
    out.push({
      id: `req-${r.workspaceId}-${r.id}`,
      label: `${name} — ${truncateGraphemes(toDisplayText(r.address), 40).text}`,
      hint: `${providerLabel(r.provider)}${where}, ${TAB_LABELS[tabFor(r)]}`,
      kind: 'request',
      run: () => actions.openRequest({ workspaceId: r.workspaceId, requestId: r.id }),
    });
    if (out.length >= MAX_REQUESTS) break;
  }
  return out;
}

/**
 * How well an action's label answers the query's words: 0 when the label starts with the first word
 * ("reject" → "Reject Ana"), 1 when every word starts a word of the label ("Go to Rejected"), 2 for
 * any other match. Enter runs the first item, so what the operator started typing comes first.
 */
function rank(label: string, words: readonly string[]): number {
  const folded = foldForSearch(label);
  if (words.length > 0 && folded.startsWith(words[0]!)) return 0;
  const starts = folded.split(/[^\p{L}\p{N}]+/u);
  return words.every((w) => starts.some((s) => s.startsWith(w))) ? 1 : 2;
}

/** Items for a query: matching actions first (best answer first, else in the table's order), then matching requests (jump to request). */
export function paletteItems(actions: Actions, query: string): PaletteItem[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  const matching = actionItems(actions)
    .filter((i) => words.every((w) => foldForSearch(i.label).includes(w)))
    .map((item, at) => ({ item, at, rank: rank(item.label, words) }))
    .sort((a, b) => a.rank - b.rank || a.at - b.at)
    .map((m) => m.item);
  return [...matching, ...requestItems(actions, query)];
}
