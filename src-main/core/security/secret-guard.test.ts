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

describe('secret book, its edges', () => {
  it('keeps a secret of exactly the minimum length, and nothing shorter', () => {
    const book = createSecretBook();
    book.add('abcde');
    book.add('abcdef');
    book.add(' xyz ');
    book.add(null);
    expect(book.list()).toEqual(['abcdef']);
  });

  it('holds exactly `limit` secrets, the newest, oldest first; re-adding one makes it the newest', () => {
    const book = createSecretBook(3);
    for (const s of ['secret-1', 'secret-2', 'secret-3']) book.add(s);
    expect(book.list()).toEqual(['secret-1', 'secret-2', 'secret-3']);
    book.add('secret-1');
    expect(book.list()).toEqual(['secret-2', 'secret-3', 'secret-1']);
    book.add('secret-4');
    expect(book.list()).toEqual(['secret-3', 'secret-1', 'secret-4']);
  });

  it('a padded secret is kept as given and trimmed', () => {
    const book = createSecretBook();
    book.add(' padded-1 ');
    expect(book.list()).toEqual([' padded-1 ', 'padded-1']);
  });
});

describe('scrubSecrets, its edges', () => {
  /** An object whose `rows` counts its reads: proof of whether the walk looked inside. */
  const counted = () => {
    const value = {
      reads: 0,
      get rows() {
        value.reads += 1;
        return ['has Secret-Token-XYZ inside'];
      },
    };
    return value;
  };

  it('with no secret long enough, nothing is walked and the value comes back as it is', () => {
    for (const secrets of [[], ['abc'], ['  abcde  ']]) {
      const value = counted();
      expect(scrubSecrets(value, secrets)).toBe(value);
      expect(value.reads).toBe(0);
    }
  });

  it('a secret of exactly the minimum length is removed', () => {
    expect(scrubSecrets({ m: 'x abc123 y' }, ['abc123'])).toEqual({ m: 'x [redacted] y' });
  });

  it('an object met twice (shared, not a cycle) is cleaned at both places', () => {
    const shared = { m: 'has Secret-Token-XYZ inside' };
    const out = scrubSecrets({ a: shared, b: [shared, shared] }, ['Secret-Token-XYZ']);
    expect(out).toEqual({ a: { m: 'has [redacted] inside' }, b: [{ m: 'has [redacted] inside' }, { m: 'has [redacted] inside' }] });
  });

  it('a cycle is left as it is, and what is beside it is still cleaned', () => {
    const value: Record<string, unknown> = { m: 'Secret-Token-XYZ' };
    value.self = value;
    const out = scrubSecrets(value, ['Secret-Token-XYZ']) as Record<string, unknown>;
    expect(out.m).toBe('[redacted]');
    expect(out.self).toBe(value);
  });

  it('the copy keeps the order of keys; only a key that held a secret moves (to the end)', () => {
    const out = scrubSecrets({ a: 'Secret-Token-XYZ', b: 1, 'key Secret-Token-XYZ': 2, c: 3 }, ['Secret-Token-XYZ']);
    expect(Object.entries(out)).toEqual([
      ['a', '[redacted]'],
      ['b', 1],
      ['c', 3],
      ['key [redacted]', 2],
    ]);
  });

  it('inherited properties are not walked (structured clone and JSON send own properties only)', () => {
    const value = Object.assign(Object.create({ inherited: 'has Secret-Token-XYZ inside' }) as object, { own: 'fine' });
    expect(scrubSecrets(value, ['Secret-Token-XYZ'])).toBe(value);
  });

  it('an array is copied only when one of its items changed, the others kept by identity', () => {
    const item = { z: 'fine' };
    const rows = [item, 'Secret-Token-XYZ', 3];
    const out = scrubSecrets(rows, ['Secret-Token-XYZ']);
    expect(out).toEqual([item, '[redacted]', 3]);
    expect(out[0]).toBe(item);
    expect(rows[1]).toBe('Secret-Token-XYZ');
  });
});

describe('the secret guard', () => {
  const SECRET = 'Secret-Token-XYZ';

  it('scrub: reports "value" only when it removed something', () => {
    const reported: string[] = [];
    const guard = createSecretGuard(() => [SECRET], (where) => reported.push(where));
    const clean = { m: 'nothing here' };
    expect(guard.scrub(clean)).toBe(clean);
    expect(reported).toEqual([]);
    expect(guard.scrub({ m: `x ${SECRET}` })).toEqual({ m: 'x [redacted]' });
    expect(reported).toEqual(['value']);
  });

  it('reads the live list on every call, ignoring what is not a string', () => {
    const live: unknown[] = [42, null, undefined, { token: SECRET }];
    const guard = createSecretGuard(() => live as string[]);
    expect(guard.scrub(`a ${SECRET}`)).toBe(`a ${SECRET}`);
    live.push(` ${SECRET} `);
    expect(guard.scrub(`a ${SECRET}`)).toBe('a [redacted]');
    expect(guard.scrubJson(JSON.stringify({ m: SECRET }), { m: SECRET })).toBe('{"m":"[redacted]"}');
  });

  it('a secret of exactly the minimum length is removed; a shorter one never is', () => {
    expect(createSecretGuard(() => ['abc123']).scrub('x abc123')).toBe('x [redacted]');
    expect(createSecretGuard(() => ['abc12']).scrub('x abc12')).toBe('x abc12');
  });

  it('scrubJson: a text without any secret is returned without walking the value', () => {
    const reported: string[] = [];
    const guard = createSecretGuard(() => [SECRET], (where) => reported.push(where));
    let reads = 0;
    const value = {
      get rows() {
        reads += 1;
        return ['nothing'];
      },
    };
    const json = '{"rows":["nothing"]}';
    expect(guard.scrubJson(json, value)).toBe(json);
    expect(reads).toBe(0);
    expect(reported).toEqual([]);
  });

  it('scrubJson: a secret found in the text is removed through the value, and reported as "json"', () => {
    const reported: string[] = [];
    const guard = createSecretGuard(() => [SECRET], (where) => reported.push(where));
    const value = { m: `x ${SECRET}`, n: 1 };
    expect(guard.scrubJson(JSON.stringify(value, null, 2), value)).toBe('{"m":"x [redacted]","n":1}');
    expect(reported).toEqual(['json']);
  });

  it('scrubJson: a digits-only secret that only a number’s text holds: the numbers are data, the text goes out as it is, unreported', () => {
    const reported: string[] = [];
    const guard = createSecretGuard(() => ['123456'], (where) => reported.push(where));
    const value = { at: 1712345678, m: 'fine' };
    const json = JSON.stringify(value, null, 2);
    expect(guard.scrubJson(json, value)).toBe(json);
    expect(reported).toEqual([]);
  });

  it('scrubJson: a secret found only in its JSON-escaped form is removed too', () => {
    const guard = createSecretGuard(() => ['back\\slash"12']);
    const value = { m: 'x back\\slash"12 y' };
    const json = JSON.stringify(value);
    expect(json).not.toContain('back\\slash"12');
    expect(JSON.parse(guard.scrubJson(json, value))).toEqual({ m: 'x [redacted] y' });
  });
});
