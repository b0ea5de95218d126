import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/fakes/builders';
import { formatClock } from '../../src-shared/when';
import { ageMinutes, formatAge, formatDateTime, formatListWhen, formatWhen } from './time';

const MIN = 60_000;
const AGE = /^(just now|\d+ min|\d+ h|\d+ d|unknown)$/;

describe('F12: ages of odd createdAt values', () => {
  it.each([
    ['1 s ahead', T0 + 1000],
    ['5 min ahead (client clock behind the server)', T0 + 5 * MIN],
    ['2 days ahead', T0 + 2 * 24 * 60 * MIN],
  ])('F12: a createdAt %s shows "just now", never a negative age', (_what, at) => {
    expect(formatAge(at, T0)).toBe('just now');
    expect(ageMinutes(at, T0)).toBe(0);
  });

  it.each([
    ['0', 0],
    ['NaN', Number.NaN],
    ['negative', -5],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
  ])('F12: a createdAt of %s shows "unknown"', (_what, at) => {
    expect(formatAge(at, T0)).toBe('unknown');
    expect(ageMinutes(at, T0)).toBeNull();
    expect(formatDateTime(at)).toBe('unknown');
    expect(formatWhen(at, T0)).toBe('an unknown time');
  });

  it('ordinary ages: minutes, hours, days', () => {
    expect(formatAge(T0 - 30_000, T0)).toBe('just now');
    expect(formatAge(T0 - 5 * MIN, T0)).toBe('5 min');
    expect(formatAge(T0 - 3 * 60 * MIN, T0)).toBe('3 h');
    expect(formatAge(T0 - 2 * 24 * 60 * MIN, T0)).toBe('2 d');
  });

  it('F12: for any createdAt and any clock, the age is a word or a non-negative amount, never "-N min"', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -1e13, max: 4e12 }), fc.constant(null)), fc.integer({ min: 1e12, max: 3e12 }), (at, now) => {
        const text = formatAge(at, now);
        expect(text).toMatch(AGE);
        expect(text).not.toMatch(/-/);
        const m = ageMinutes(at, now);
        expect(m === null || m >= 0).toBe(true);
      }),
    );
  });
});

describe('when, in a list column', () => {
  // Local times, so "today" and "this year" hold in every time zone.
  const now = new Date(2026, 11, 6, 12, 0).getTime();

  it('is the clock today, month and day with the clock this year, the date alone before; never the year this year', () => {
    const today = new Date(2026, 11, 6, 9, 5).getTime();
    expect(formatListWhen(today, now)).toBe(formatClock(today));
    const earlier = formatListWhen(new Date(2026, 11, 5, 18, 42).getTime(), now);
    expect(earlier).toContain('18:42');
    expect(earlier).toMatch(/5/);
    expect(earlier).not.toContain('2026');
    const lastYear = formatListWhen(new Date(2025, 11, 5, 18, 42).getTime(), now);
    expect(lastYear).toContain('2025');
    expect(lastYear).not.toContain('18:42');
    // Shorter than the full date and time the tooltip gives.
    expect(earlier.length).toBeLessThan(formatDateTime(new Date(2026, 11, 5, 18, 42).getTime()).length);
  });

  it.each([null, 0, Number.NaN, -1])('a missing or impossible time (%p) is "unknown"', (at) => {
    expect(formatListWhen(at, now)).toBe('unknown');
  });

  it('says an afternoon hour as the banner and the list do: the full date and time use the same 24-hour clock', () => {
    const at = new Date(2026, 11, 5, 16, 22).getTime();
    expect(formatClock(at)).toBe('16:22');
    // The pane's "Processed At" under a banner "Rejected by Jonas at 16:22" (no "4:22 PM").
    expect(formatDateTime(at)).toContain('16:22');
    expect(formatDateTime(at)).not.toMatch(/PM|AM/i);
    expect(formatWhen(at, now)).toContain('16:22');
  });
});
