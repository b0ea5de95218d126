/**
 * Per-tab filters (selects and the search text). Persisted through settings by bridge-sync.
 * Provider chips have no state of their own: a chip is on when the query's `provider:`
 * qualifiers select that provider, and toggling it edits the query (one state, two views).
 */
import { create } from 'zustand';
import { QUEUE_TABS, type QueueTab } from '../../src-shared/domain';
import { EMPTY_FILTERS, type TabFilters } from '../../src-shared/settings';
import { parseQuery, providersSelected, withProvider } from '../lib/query';

/** Filters saved by older versions kept chips in `providers`: they become `provider:` qualifiers. */
function foldProviders(f: TabFilters): TabFilters {
  if (f.providers.length === 0) return f;
  const query = f.providers.reduce((q, p) => withProvider(q, p, true), f.query);
  return { ...f, providers: [], query };
}

export interface FiltersState {
  byTab: Record<QueueTab, TabFilters>;
  /** True once restored from settings (restoring happens once, so typing is never overwritten). */
  hydrated: boolean;
  setFilters: (tab: QueueTab, patch: Partial<TabFilters>) => void;
  toggleProvider: (tab: QueueTab, provider: string) => void;
  clear: (tab: QueueTab) => void;
  hydrate: (filters: Record<QueueTab, TabFilters>) => void;
  reset: () => void;
}

export const DEFAULT_FILTERS: Pick<FiltersState, 'byTab' | 'hydrated'> = {
  byTab: { PENDING: EMPTY_FILTERS, APPROVED: EMPTY_FILTERS, REJECTED: EMPTY_FILTERS },
  hydrated: false,
};

export const useFiltersStore = create<FiltersState>()((set, get) => ({
  ...DEFAULT_FILTERS,
  setFilters: (tab, patch) => set({ byTab: { ...get().byTab, [tab]: foldProviders({ ...get().byTab[tab], ...patch }) } }),
  toggleProvider: (tab, provider) => {
    const query = get().byTab[tab].query;
    const on = providersSelected(parseQuery(query), [provider]).has(provider);
    get().setFilters(tab, { query: withProvider(query, provider, !on) });
  },
  clear: (tab) => set({ byTab: { ...get().byTab, [tab]: EMPTY_FILTERS } }),
  hydrate: (filters) => {
    if (get().hydrated) return;
    const byTab = { ...get().byTab };
    for (const tab of QUEUE_TABS) byTab[tab] = foldProviders({ ...EMPTY_FILTERS, ...filters[tab] });
    set({ byTab, hydrated: true });
  },
  reset: () => set({ ...DEFAULT_FILTERS }),
}));
