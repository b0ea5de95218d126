import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactKnown, redactMeta } from './redact';

describe('redact', () => {
  it.each([
    ['Authorization header', 'GET /v1 Authorization: Bearer abc.def-123', 'GET /v1 Authorization: Bearer [redacted]'],
    ['header as JSON', '{"authorization":"Bearer abcdef123"}', '{"authorization":"Bearer [redacted]"}'],
    ['header without scheme', 'authorization=xyz12345', 'authorization=[redacted]'],
    ['header as JSON without scheme', '{"authorization":"xyz12345"}', '{"authorization":"[redacted]"}'],
    ['header with spaces around the colon', 'authorization = xyz12345; next', 'authorization = [redacted]; next'],
    ['scheme followed by several spaces', 'Authorization: Basic   dXNlcjpwYXNz', 'Authorization: Basic [redacted]'],
    ['header value up to its delimiter', "{'Authorization': 'Token abc123', x: 1}", "{'Authorization': 'Token [redacted]', x: 1}"],
    ['bare Bearer', 'sent bearer eyJhbGciOi.x.y', 'sent bearer [redacted]'],
    ['bare Bearer, several spaces', 'sent Bearer   eyJhbGciOi.x.y', 'sent Bearer [redacted]'],
    ['fx_ key', 'key fx_pat_9a8b7c6d5e in config', 'key fx_[redacted] in config'],
    ['token field', '{"token":"s3cr3t-value","x":1}', '{"token":"[redacted]","x":1}'],
    ['apiKey field', 'apiKey=abcdef&next=1', 'apiKey=[redacted]&next=1'],
    ['device code', '{"deviceCode":"dc_1234567"}', '{"deviceCode":"[redacted]"}'],
    ['device_code and device-code', 'device_code=dc1234&device-code=dc5678', 'device_code=[redacted]&device-code=[redacted]'],
    ['api_key, api-key, apikey', 'api_key=a1b2c3&api-key=d4e5f6&apikey=g7h8i9', 'api_key=[redacted]&api-key=[redacted]&apikey=[redacted]'],
    ['access token in three spellings', 'access_token=a1&access-token=b2&accessToken=c3', 'access_token=[redacted]&access-token=[redacted]&accessToken=[redacted]'],
    ['refresh token in three spellings', 'refresh_token=a1&refresh-token=b2&refreshtoken=c3', 'refresh_token=[redacted]&refresh-token=[redacted]&refreshtoken=[redacted]'],
    ['password and secret', "{'password': 'hunter2', 'secret': 's3'}", "{'password': '[redacted]', 'secret': '[redacted]'}"],
    ['token field, quotes kept', '"token" : "abc"', '"token" : "[redacted]"'],
    ['a word ending in token is no field', 'mytoken=abc', 'mytoken=abc'],
    ['plain text untouched', 'Polled 24 requests in 120 ms', 'Polled 24 requests in 120 ms'],
  ])('%s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('removes known secrets verbatim and URL-encoded', () => {
    const secret = 'opaque+secret/value=';
    const out = redact(`a ${secret} b ${encodeURIComponent(secret)} c`, [secret]);
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c`);
  });

  it('removes every occurrence of a known secret, however many', () => {
    const secret = 'opaque-secret-1';
    expect(redactKnown(`${secret}|${secret}|${secret}|${secret}|${secret}`, [secret])).toBe(
      '[redacted]|[redacted]|[redacted]|[redacted]|[redacted]',
    );
  });

  it('the longer of two overlapping known secrets is removed whole, whatever order they come in', () => {
    const text = 'key abcdef-ghijk end, and abcdef alone';
    const want = 'key [redacted] end, and [redacted] alone';
    expect(redactKnown(text, ['abcdef', 'abcdef-ghijk'])).toBe(want);
    expect(redactKnown(text, ['abcdef-ghijk', 'abcdef'])).toBe(want);
  });

  it('known secrets are used trimmed; null, undefined and short ones are ignored', () => {
    expect(redactKnown('a opaque-secret-1 b', [null, undefined, '  opaque-secret-1\n', 'a', ''])).toBe('a [redacted] b');
    expect(redactKnown('nothing known', [null, undefined])).toBe('nothing known');
    expect(redact('abcdef abcde', ['abcdef', 'abcde'])).toBe('[redacted] abcde');
  });

  it('the URL-encoded form is removed even when it is all that appears', () => {
    expect(redactKnown('q=a%2Fb%2Bc%3Dd1', ['a/b+c=d1'])).toBe('q=[redacted]');
  });

  it('a secret inside the word [redacted] itself: three passes, then it stops (each pass only grows the text)', () => {
    expect(redactKnown('dacted', ['dacted'])).toBe('[re[re[redacted]]]');
  });

  it('redactKnown changes nothing but known secrets (patterns are redact’s)', () => {
    const text = 'Authorization: Bearer abcdef123 {"token":"x12345"} fx_pat_abcdef';
    expect(redactKnown(text, [])).toBe(text);
  });

  it('ignores secrets too short to be meaningful (would shred normal text)', () => {
    expect(redact('abc abc', ['abc'])).toBe('abc abc');
  });

  it('is idempotent', () => {
    const once = redact('Authorization: Bearer fx_pat_abcdef {"token":"x12345"}');
    expect(redact(once)).toBe(once);
  });

  it('a known token embedded anywhere never survives', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{6,40}$/), fc.string(), (before, token, after) => {
        return !redact(`${before}${token}${after}`, [token]).includes(token);
      }),
    );
  });

  it('an fx_ key never survives, even without being known', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^fx_[a-z]{3}_[A-Za-z0-9]{8,40}$/), (prefix, token) => {
        return !redact(`${prefix} ${token} `).includes(token);
      }),
    );
  });
});

describe('redactMeta', () => {
  it('serialises errors and cycles, then redacts', () => {
    const meta: Record<string, unknown> = { err: new Error('401 for Bearer abcdef123'), n: 1n };
    meta.self = meta;
    const out = redactMeta(meta, []);
    expect(out).toContain('Bearer [redacted]');
    expect(out).toContain('[circular]');
    expect(out).toContain('"n":"1"');
  });

  it('redacts known secrets in metadata, and says what cannot be serialised', () => {
    expect(redactMeta({ url: 'https://x/?k=opaque-secret-1' }, ['opaque-secret-1'])).toBe('{"url":"https://x/?k=[redacted]"}');
    const hostile = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(redactMeta(hostile)).toBe('[unserialisable]');
    expect(redactMeta(undefined)).toBe('undefined');
  });
});
