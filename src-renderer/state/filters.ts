/** Per-tab filters (chips, selects and the search text). Persisted through settings by bridge-sync. */
import { create } from 'zustand';
import { QUEUE_TABS, type QueueTab } from '../../src-shared/domain';
import { EMPTY_FILTERS, type TabFilters } from '../../src-shared/settings';

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
  setFilters: (tab, patch) => set({ byTab: { ...get().byTab, [tab]: { ...get().byTab[tab], ...patch } } }),
  toggleProvider: (tab, provider) => {
    const current = get().byTab[tab].providers;
    const providers = current.includes(provider) ? current.filter((p) => p !== provider) : [...current, provider];
    get().setFilters(tab, { providers });
  },
  clear: (tab) => set({ byTab: { ...get().byTab, [tab]: EMPTY_FILTERS } }),
  hydrate: (filters) => {
    if (get().hydrated) return;
    const byTab = { ...get().byTab };
    for (const tab of QUEUE_TABS) byTab[tab] = { ...EMPTY_FILTERS, ...filters[tab] };
    set({ byTab, hydrated: true });
  },
  reset: () => set({ ...DEFAULT_FILTERS }),
}));
