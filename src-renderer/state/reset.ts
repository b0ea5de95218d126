/** Resets every store to its DEFAULT_* state (tests call this between cases). */
import { useAuthStore } from './auth';
import { useClockStore } from './clock';
import { useDecisionsStore } from './decisions';
import { useFiltersStore } from './filters';
import { useNoticesStore } from './notices';
import { useQueueStore } from './queue';
import { useSettingsStore } from './settings';
import { useViewStore } from './view';

export function resetStores(): void {
  useQueueStore.getState().reset();
  useViewStore.getState().reset();
  useFiltersStore.getState().reset();
  useSettingsStore.getState().reset();
  useNoticesStore.getState().reset();
  useDecisionsStore.getState().reset();
  useAuthStore.getState().reset();
  useClockStore.getState().reset();
}
