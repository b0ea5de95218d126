/** Settings as main last reported them, plus the app info (host kind, version). */
import { create } from 'zustand';
import type { AppInfo, SettingsView } from '../../src-shared/contract';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';

export interface SettingsState {
  settings: Settings;
  loaded: boolean;
  /** A one-time notice from main ("Settings were reset"). */
  notice: string | null;
  info: AppInfo | null;
  setView: (view: SettingsView) => void;
  setInfo: (info: AppInfo) => void;
  dismissNotice: () => void;
  reset: () => void;
}

export const DEFAULT_SETTINGS_STATE = { settings: DEFAULT_SETTINGS, loaded: false, notice: null, info: null };

export const useSettingsStore = create<SettingsState>()((set) => ({
  ...DEFAULT_SETTINGS_STATE,
  setView: (view) => set((s) => ({ settings: view.settings, loaded: true, notice: view.notice ?? s.notice })),
  setInfo: (info) => set({ info }),
  dismissNotice: () => set({ notice: null }),
  reset: () => set({ ...DEFAULT_SETTINGS_STATE }),
}));
