/**
 * Clock and date formatting in the operator's locale, shared so that core (which writes the
 * decision messages and "why not" reasons) and the renderer (which shows times) say a time the
 * same way. Both run on the operator's machine. Pure apart from the locale: `now` is passed in.
 */

// One hour cycle everywhere (24-hour): a pane that says "Rejected by Jonas at 16:22" must not say
// "Processed At … 4:22 PM" two lines below it. The date part stays the locale's.
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });

/** "14:03" in local time. */
export function formatClock(at: number): string {
  return clockFormat.format(at);
}

const secondsFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** "14:05:10" in local time: when a countdown ends, in words that stay true whenever they are read. */
export function formatClockSeconds(at: number): string {
  return secondsFormat.format(at);
}

/** "Mar 2, 2025, 14:03" in the operator's locale (24-hour, as `formatClock`); "unknown" for missing times. */
export function formatDateTime(at: number | null): string {
  if (at === null || !Number.isFinite(at) || at <= 0) return 'unknown';
  return dateTimeFormat.format(at);
}

/** A time of day when it is today, else date and time: for "by Alice at 14:03". */
export function formatWhen(at: number | null, now: number): string {
  if (at === null || !Number.isFinite(at) || at <= 0) return 'an unknown time';
  return localDayOf(at) === localDayOf(now) ? formatClock(at) : formatDateTime(at);
}

/** The local calendar day of `at`: text that depends on `formatWhen` changes when this does. */
export function localDayOf(at: number): string {
  return new Date(at).toDateString();
}
