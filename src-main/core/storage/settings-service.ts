/**
 * Owns the operator's settings: loads them through the data store, repairs what is invalid,
 * and saves patches. Nothing here throws: a corrupt file is set aside and defaults are used
 * (F39), repaired keys are named (F40), and a failed save keeps the new value in memory with a
 * warning (F41).
 */
import type { SettingsView } from '../../../src-shared/contract';
import { ok, type Result } from '../../../src-shared/domain';
import { DEFAULT_SETTINGS, parseSettings, SETTING_LABELS, type Settings } from '../../../src-shared/settings';
import { silentLogger, type KeyValueStore, type Logger } from '../ports';

export const SETTINGS_KEY = 'settings';
export const CORRUPT_SETTINGS_NOTICE = 'Settings were reset because the file was unreadable (the old one is kept beside it, named settings.json.corrupt-…)';
/** The same, when the old file could not be set aside (it is replaced). */
export const CORRUPT_SETTINGS_NOT_KEPT_NOTICE = 'Settings were reset because the file was unreadable';

export interface SettingsServiceDeps {
  dataStore: KeyValueStore;
  log?: Logger;
}

export interface SettingsService {
  /** Reads the stored settings once; call before anything depends on them. */
  load(): SettingsView;
  get(): Settings;
  view(): SettingsView;
  update(patch: Record<string, unknown>): Result<SettingsView>;
  onChange(listener: (view: SettingsView, previous: Settings) => void): () => void;
}

/** The unit a numeric setting is shown with in a notice. */
const UNITS: Record<string, string> = { pollSeconds: ' s', historyMinutes: ' min', listLimitMB: ' MB', ageAmberMinutes: ' min', ageRedMinutes: ' min', undoSeconds: ' s' };

/** "Poll interval (now 10 s)": what each repaired setting is now, so a value pushed to an edge (an undo window of 0) is seen. */
function repairedNotice(keys: string[], now: Settings): string {
  const names = keys.map((k) => {
    const label = Object.prototype.hasOwnProperty.call(SETTING_LABELS, k) ? SETTING_LABELS[k as keyof Settings] : k;
    const value = (now as unknown as Record<string, unknown>)[k];
    return typeof value === 'number' ? `${label} (now ${value}${UNITS[k] ?? ''})` : label;
  });
  return `Some settings were invalid and were reset to safe values: ${names.join(', ')}`;
}

/** Creates the settings service over a data store (key `settings`). */
export function createSettingsService(deps: SettingsServiceDeps): SettingsService {
  const log = deps.log ?? silentLogger;
  let current: Settings = structuredClone(DEFAULT_SETTINGS);
  let notice: string | null = null;
  const listeners = new Set<(view: SettingsView, previous: Settings) => void>();

  const view = (): SettingsView => ({ settings: structuredClone(current), notice });

  function save(): string | null {
    const res = deps.dataStore.write(SETTINGS_KEY, current);
    if (res.ok) return null;
    log.warn('settings save failed', { reason: res.error.message });
    return `Could not save settings: ${res.error.message}`;
  }

  return {
    load() {
      const read = deps.dataStore.read(SETTINGS_KEY);
      if (!read.ok) {
        log.warn('settings unreadable, using defaults', { reason: read.error.message });
        const kept = deps.dataStore.quarantine?.(SETTINGS_KEY) ?? false;
        current = structuredClone(DEFAULT_SETTINGS);
        notice = kept ? CORRUPT_SETTINGS_NOTICE : CORRUPT_SETTINGS_NOT_KEPT_NOTICE;
        save();
        return view();
      }
      if (read.value === undefined) {
        current = structuredClone(DEFAULT_SETTINGS);
        notice = null;
        return view();
      }
      if (read.value === null || typeof read.value !== 'object' || Array.isArray(read.value)) {
        // Valid JSON, but no settings in it (null, a list, a number): as unreadable, set aside and said.
        log.warn('settings file holds no settings object, using defaults', { type: Array.isArray(read.value) ? 'array' : read.value === null ? 'null' : typeof read.value });
        const kept = deps.dataStore.quarantine?.(SETTINGS_KEY) ?? false;
        current = structuredClone(DEFAULT_SETTINGS);
        notice = kept ? CORRUPT_SETTINGS_NOTICE : CORRUPT_SETTINGS_NOT_KEPT_NOTICE;
        save();
        return view();
      }
      const parsed = parseSettings(read.value);
      current = parsed.settings;
      if (parsed.repairedKeys.length > 0) {
        notice = repairedNotice(parsed.repairedKeys, current);
        log.warn('settings repaired', { keys: parsed.repairedKeys });
        save();
      } else {
        notice = null;
      }
      return view();
    },

    get: () => current,
    view,

    update(patch) {
      const previous = current;
      const parsed = parseSettings({ ...current, ...patch });
      current = parsed.settings;
      const repaired = parsed.repairedKeys.filter((k) => Object.prototype.hasOwnProperty.call(patch, k));
      const saveError = save();
      notice = saveError ?? (repaired.length > 0 ? repairedNotice(repaired, current) : null);
      const v = view();
      for (const l of listeners) l(v, previous);
      return ok(v);
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
