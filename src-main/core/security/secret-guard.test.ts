import { describe, expect, it } from 'vitest';
import { createSecretBook, createSecretGuard, MAX_REMEMBERED_SECRETS, scrubSecrets } from './secret-guard';

describe('secret book', () => {
  it('remembers trimmed forms, ignores what cannot be a token, and stays bounded', () => {
    const book = createSecretBook();
    book.add('  padded-token-1234 ');
    book.add(42);
    book.add('short');
    expect(book.list()).toContain('padded-token-1234');
    for (let i = 0; i < MAX_REMEMBERED_SECRETS * 2; i += 1) book.add(`token-number-${i}`);
    expect(book.list().length).toBeLessThanOrEqual(MAX_REMEMBERED_SECRETS);
    expect(book.list()).toContain(`token-number-${MAX_REMEMBERED_SECRETS * 2 - 1}`);
    expect(book.list()).not.toContain('padded-token-1234');
  });
});

describe('scrubSecrets', () => {
  const secrets = [' Secret-Token-XYZ '];
  it('returns the very same value when no secret is inside', () => {
    const value = { a: ['x', { b: 'y' }], n: 1 };
    expect(scrubSecrets(value, secrets)).toBe(value);
  });

  it('redacts inside any string, keys included, copying only what changed', () => {
    const untouched = { z: 'fine' };
    const value = { a: ['x', 'has Secret-Token-XYZ inside'], untouched, 'Secret-Token-XYZ': 1 };
    const out = scrubSecrets(value, secrets);
    expect(out).toEqual({ a: ['x', 'has [redacted] inside'], untouched, '[redacted]': 1 });
    expect(out.untouched).toBe(untouched);
    expect(value.a[1]).toBe('has Secret-Token-XYZ inside');
  });

  it('the guard cleans JSON text through the value (escaped forms too)', () => {
    const guard = createSecretGuard(() => ['quote"token\\1234']);
    const value = { m: 'x quote"token\\1234 y' };
    const out = guard.scrubJson(JSON.stringify(value), value);
    expect(JSON.parse(out)).toEqual({ m: 'x [redacted] y' });
    const clean = JSON.stringify({ m: 'nothing' });
    expect(guard.scrubJson(clean, { m: 'nothing' })).toBe(clean);
  });
});
