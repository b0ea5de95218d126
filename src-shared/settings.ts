/**
 * The settings schema, shared by main (which owns and persists settings) and the renderer
 * (which shows and edits them). Parsing is forgiving per key: a bad value falls back to its
 * default or is clamped, and the keys that were repaired are reported (F39, F40).
 */
import { z } from 'zod';
import { QUEUE_TABS, type QueueTab } from './domain';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** How the Pending tab is ordered: by age (oldest first, the default, or newest first) or by agent. */
export const PENDING_SORTS = ['oldest', 'newest', 'agent'] as const;
export type PendingSort = (typeof PENDING_SORTS)[number];

/** Saved client-side filters for one tab. */
/**
 * The persisted select filters, one field per filter dimension with a select
 * (src-renderer/lib/filter-dimensions.ts names its field here). The type, the empty value and the
 * settings schema are all built from this list.
 */
export const FILTER_SETTINGS = ['agentIds', 'connectorIds', 'workspaceIds'] as const;
export type FilterSetting = (typeof FILTER_SETTINGS)[number];

export type TabFilters = { providers: string[]; query: string } & Record<FilterSetting, string[]>;

/** One value per persisted select filter. */
function perFilterSetting<T>(make: () => T): Record<FilterSetting, T> {
  return Object.fromEntries(FILTER_SETTINGS.map((k) => [k, make()])) as unknown as Record<FilterSetting, T>;
}

export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a global shortcut may hold (letters, digits, `+` and spaces: Electron's accelerator words); empty turns it off. */
export const SHORTCUT_PATTERN = /^[A-Za-z0-9+ ]*$/;

export interface Settings {
  /** How often the pending queue is read, per workspace. */
  pollSeconds: number;
  /** How often approved and rejected requests are read (and at once when their tab opens). */
  historyMinutes: number;
  /** At most this many decided requests are kept in memory per workspace (the newest). */
  decidedLimit: number;
  /** The largest list body read from the server, in MB (2^20 bytes); larger ones are refused. */
  listLimitMB: number;
  notificationsEnabled: boolean;
  sound: boolean;
  /** Notifications paused until this time (epoch ms), or null. */
  notificationsPausedUntil: number | null;
  /** Only announce requests from these providers / agents (empty = all). */
  notifyProviders: string[];
  notifyAgentIds: string[];
  /** More new requests than this in one poll become one grouped summary. */
  groupThreshold: number;
  ageAmberMinutes: number;
  ageRedMinutes: number;
  undoSeconds: number;
  /**
   * `a n`, `a b` and `r` decide at once, without a dialog; the undo window is the safety net, so
   * this only takes effect while the undo window is at least one second.
   */
  decideWithoutDialog: boolean;
  pendingSort: PendingSort;
  theme: Theme;
  startAtLogin: boolean;
  globalShortcut: string;
  windowBounds: WindowBounds | null;
  filters: Record<QueueTab, TabFilters>;
}

export const EMPTY_FILTERS: TabFilters = { providers: [], query: '', ...perFilterSetting((): string[] => []) };

export const DEFAULT_SETTINGS: Settings = {
  pollSeconds: 15,
  historyMinutes: 5,
  decidedLimit: 20_000,
  // 100,000 pending requests are about 45 MB as the API documents them (one bare array), and a
  // million decided ones about 275 MB in their largest list (APPROVED). Parsing streams and keeps
  // only the rows kept, so the limit guards time and runaway bodies, not memory.
  listLimitMB: 512,
  notificationsEnabled: true,
  sound: false,
  notificationsPausedUntil: null,
  notifyProviders: [],
  notifyAgentIds: [],
  groupThreshold: 3,
  // A support team's day: amber after an hour, red after four.
  ageAmberMinutes: 60,
  ageRedMinutes: 240,
  undoSeconds: 5,
  decideWithoutDialog: false,
  pendingSort: 'oldest',
  theme: 'system',
  startAtLogin: false,
  globalShortcut: 'CommandOrControl+Shift+F',
  windowBounds: null,
  filters: { PENDING: EMPTY_FILTERS, APPROVED: EMPTY_FILTERS, REJECTED: EMPTY_FILTERS },
};

/** Each setting's name as the operator sees it (notices name settings with these, never with keys). */
export const SETTING_LABELS: Record<keyof Settings, string> = {
  pollSeconds: 'Poll interval',
  historyMinutes: 'History refresh',
  decidedLimit: 'Decided requests kept',
  listLimitMB: 'List size limit',
  notificationsEnabled: 'Notifications',
  sound: 'Sound',
  notificationsPausedUntil: 'Notification pause',
  notifyProviders: 'Notify for providers',
  notifyAgentIds: 'Notify for agents',
  groupThreshold: 'Grouping threshold',
  ageAmberMinutes: 'Amber age badge',
  ageRedMinutes: 'Red age badge',
  undoSeconds: 'Undo window',
  decideWithoutDialog: 'Decide without a dialog',
  pendingSort: 'Pending sort order',
  theme: 'Theme',
  startAtLogin: 'Start at login',
  globalShortcut: 'Show/hide shortcut',
  windowBounds: 'Window position',
  filters: 'Saved filters',
};

/** Ranges numeric settings are clamped to. */
export const SETTING_RANGES = {
  pollSeconds: [10, 600],
  historyMinutes: [1, 1440],
  decidedLimit: [1_000, 200_000],
  listLimitMB: [16, 4096],
  groupThreshold: [1, 50],
  ageAmberMinutes: [1, 10_080],
  ageRedMinutes: [1, 10_080],
  undoSeconds: [0, 30],
} as const satisfies Partial<Record<keyof Settings, readonly [number, number]>>;

const shortText = z.string().max(200);
const idList = z.array(shortText).max(500);
const tabFilters = z.object({
  providers: idList,
  ...perFilterSetting(() => idList),
  query: z.string().max(500),
});
const bounds = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
});

/** Per-key schemas for everything that is not a clamped number. */
const KEY_SCHEMAS: { [K in keyof Settings]?: z.ZodType<Settings[K]> } = {
  notificationsEnabled: z.boolean(),
  sound: z.boolean(),
  decideWithoutDialog: z.boolean(),
  pendingSort: z.enum(PENDING_SORTS),
  notificationsPausedUntil: z.number().finite().nullable(),
  notifyProviders: idList,
  notifyAgentIds: idList,
  theme: z.enum(THEMES),
  startAtLogin: z.boolean(),
  globalShortcut: z.string().max(100).regex(SHORTCUT_PATTERN),
  windowBounds: bounds.nullable(),
};

export interface ParsedSettings {
  settings: Settings;
  /** Keys whose stored value was missing-but-present-as-garbage, out of range or of the wrong type. */
  repairedKeys: string[];
}

function clampNumber(value: unknown, key: keyof typeof SETTING_RANGES): number | null {
  const n = typeof value === 'number' ? value : Number.NaN;
  if (!Number.isFinite(n)) return null;
  const [lo, hi] = SETTING_RANGES[key];
  return Math.min(hi, Math.max(lo, Math.round(n)));
}

/**
 * Turns anything read from disk (or sent by the renderer) into valid settings. Missing keys
 * take defaults silently; present-but-invalid keys take defaults (or are clamped) and are
 * listed in `repairedKeys` so the UI can say what was reset.
 */
export function parseSettings(input: unknown): ParsedSettings {
  const src = (input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  const repairedKeys: string[] = [];
  const out: Settings = structuredClone(DEFAULT_SETTINGS);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(src, k);

  for (const key of Object.keys(SETTING_RANGES) as (keyof typeof SETTING_RANGES)[]) {
    if (!has(key)) continue;
    const clamped = clampNumber(src[key], key);
    if (clamped === null) repairedKeys.push(key);
    else {
      if (clamped !== src[key]) repairedKeys.push(key);
      out[key] = clamped;
    }
  }
  for (const key of Object.keys(KEY_SCHEMAS) as (keyof typeof KEY_SCHEMAS)[]) {
    if (!has(key)) continue;
    const parsed = KEY_SCHEMAS[key]!.safeParse(src[key]);
    if (parsed.success) (out as unknown as Record<string, unknown>)[key] = parsed.data;
    else repairedKeys.push(key);
  }
  if (has('filters')) {
    const raw = src.filters as Record<string, unknown> | null;
    let bad = raw === null || typeof raw !== 'object';
    for (const tab of QUEUE_TABS) {
      if (bad || raw?.[tab] === undefined) continue;
      const parsed = tabFilters.safeParse(raw[tab]);
      if (parsed.success) out.filters[tab] = parsed.data;
      else bad = true;
    }
    if (bad) repairedKeys.push('filters');
  }
  if (out.ageRedMinutes <= out.ageAmberMinutes) {
    if (has('ageRedMinutes') || has('ageAmberMinutes')) repairedKeys.push('ageRedMinutes');
    out.ageRedMinutes = Math.min(SETTING_RANGES.ageRedMinutes[1], out.ageAmberMinutes * 4);
  }
  return { settings: out, repairedKeys: [...new Set(repairedKeys)] };
}

/** A patch the renderer may send: any subset of settings; validated by parseSettings on merge. */
export type SettingsPatch = Partial<Settings>;
