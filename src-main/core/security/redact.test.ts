import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactMeta } from './redact';

describe('redact', () => {
  it.each([
    ['Authorization header', 'GET /v1 Authorization: Bearer abc.def-123', 'GET /v1 Authorization: Bearer [redacted]'],
    ['header as JSON', '{"authorization":"Bearer abcdef123"}', '{"authorization":"Bearer [redacted]"}'],
    ['header without scheme', 'authorization=xyz12345', 'authorization=[redacted]'],
    ['bare Bearer', 'sent bearer eyJhbGciOi.x.y', 'sent bearer [redacted]'],
    ['fx_ key', 'key fx_pat_9a8b7c6d5e in config', 'key fx_[redacted] in config'],
    ['token field', '{"token":"s3cr3t-value","x":1}', '{"token":"[redacted]","x":1}'],
    ['apiKey field', 'apiKey=abcdef&next=1', 'apiKey=[redacted]&next=1'],
    ['device code', '{"deviceCode":"dc_1234567"}', '{"deviceCode":"[redacted]"}'],
    ['plain text untouched', 'Polled 24 requests in 120 ms', 'Polled 24 requests in 120 ms'],
  ])('%s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('removes known secrets verbatim and URL-encoded', () => {
    const secret = 'opaque+secret/value=';
    const out = redact(`a ${secret} b ${encodeURIComponent(secret)} c`, [secret]);
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c`);
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
});
