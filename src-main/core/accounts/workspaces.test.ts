import { describe, expect, it } from 'vitest';
import { expiryWarningFor } from './workspaces';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);

describe('expiryWarningFor (F23)', () => {
  it.each([
    [null, null],
    [NOW + 30 * DAY, null],
    [NOW + 7 * DAY + 1, null],
    [NOW + 7 * DAY, /expires in 7 days \(2026-11-27\)/],
    [NOW + 3.5 * DAY, /expires in 3 days/],
    [NOW + 1.2 * DAY, /expires in 1 day \(/],
    [NOW + 60_000, /expires in less than a day/],
    [NOW - 1, /has expired/],
  ])('key expiring at %s → %s', (expiresAt, expected) => {
    const text = expiryWarningFor(expiresAt, NOW);
    if (expected === null) expect(text).toBeNull();
    else expect(text).toMatch(expected);
  });
});
