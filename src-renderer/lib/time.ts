/** Time formatting for ages, clocks and durations. Pure: `now` is always passed in. */
import { formatClock, localDayOf } from '../../src-shared/when';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Short age of a timestamp: "just now", "5 min", "3 h", "2 d"; "unknown" for missing times (F12). */
export function formatAge(at: number | null, now: number): string {
  if (at === null || !Number.isFinite(at) || at <= 0) return 'unknown';
  const diff = now - at;
  if (diff < MINUTE) return 'just now';
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min`;
  if (diff < DAY) return `${Math.floor(diff / HOUR)} h`;
  return `${Math.floor(diff / DAY)} d`;
}

/** Age in minutes, or null when the time is unknown; future times count as 0. */
export function ageMinutes(at: number | null, now: number): number | null {
  if (at === null || !Number.isFinite(at) || at <= 0) return null;
  return Math.max(0, (now - at) / MINUTE);
}

// One formatting for core and renderer (core writes "Already approved by Alice at 14:03").
export { formatClock, formatDateTime, formatWhen } from '../../src-shared/when';

const monthDayClock = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/**
 * When, short enough for a list column: "14:03" today, "Dec 5, 14:03" this year, "Dec 5, 2025"
 * before; "unknown" for missing times. The full date and time is in the row's tooltip and the pane.
 */
export function formatListWhen(at: number | null, now: number): string {
  if (at === null || !Number.isFinite(at) || at <= 0) return 'unknown';
  // The same day as formatWhen's: "14:03" in a row says what "at 14:03" says in a sentence.
  if (localDayOf(at) === localDayOf(now)) return formatClock(at);
  return new Date(at).getFullYear() === new Date(now).getFullYear() ? monthDayClock.format(at) : dateOnly.format(at);
}

const UNIT_MS: Record<string, number> = { s: 1000, m: MINUTE, min: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

/** Parses "90s", "30m", "1h", "2d", "1w", or a bare number of minutes; null when unparseable. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)?$/i.exec(text.trim());
  if (!m) return null;
  const value = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase();
  const ms = UNIT_MS[unit];
  return ms === undefined || !Number.isFinite(value) ? null : value * ms;
}

/** Whole seconds until `at` (never negative). */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}
