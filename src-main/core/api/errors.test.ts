import { describe, expect, it } from 'vitest';
import { clamp, errorForStatus, networkError, parseProblem, parseRetryAfter } from './errors';

describe('parseProblem (fruxon-api.md §7.1)', () => {
  it('reads RFC 7807 title/detail', () => {
    expect(parseProblem({ type: 'x', title: 'Bad', detail: 'Request is not in Pending', status: 400 })).toMatchObject({
      title: 'Bad',
      detail: 'Request is not in Pending',
    });
  });
  it('falls back to message/details when title/detail are absent or null', () => {
    expect(parseProblem({ title: null, message: 'Nope', details: 'Because' })).toMatchObject({ title: 'Nope', detail: 'Because' });
  });
  it('reads ValidationProblemDetails errors{}', () => {
    const p = parseProblem({ title: 'One or more validation errors occurred.', errors: { Note: ['Too long'], Mode: 'Invalid' } });
    expect(p.errors).toEqual({ Note: ['Too long'], Mode: ['Invalid'] });
  });
  it.each([[undefined], [null], [''], [[1, 2]], [42]])('tolerates a body of %j', (body) => {
    expect(parseProblem(body)).toEqual({ title: null, detail: null, errors: {} });
  });
  it('strips control and bidi characters from server text', () => {
    expect(parseProblem({ title: 'a\u0000b\u202ec\nd' }).title).toBe('a b c d');
  });
});

describe('errorForStatus', () => {
  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [422, 'validation'],
    [429, 'rate-limited'],
    [500, 'server'],
    [503, 'server'],
    [302, 'invalid-response'],
  ])('maps %i to %s with a sentence for the operator', (status, code) => {
    const e = errorForStatus(status, parseProblem(undefined));
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    expect(e.message).toMatch(/^[A-Z].+\.$/);
  });
  it.each(['Request is not in Pending', 'The request is not pending.', 'Access request already processed'])(
    'F32: a 400 saying "%s" is not-pending',
    (detail) => {
      expect(errorForStatus(400, parseProblem({ title: 'Bad Request', detail })).code).toBe('not-pending');
    },
  );
  it('F32: a not-pending text in message/details (real server variant) is recognised', () => {
    expect(errorForStatus(400, parseProblem({ message: 'Bad Request', details: 'Request is not in Pending state' })).code).toBe('not-pending');
  });
  it('a 400 about a missing mode field is validation and shows the server text', () => {
    const e = errorForStatus(400, parseProblem({ title: 'Validation', detail: 'participantId is required for ADD_TO_EXISTING' }));
    expect(e.code).toBe('validation');
    expect(e.message).toContain('participantId is required');
  });
  it('F24: 429 carries retryAfterMs and says when', () => {
    const e = errorForStatus(429, parseProblem(undefined), { retryAfterMs: 30_000 });
    expect(e).toMatchObject({ code: 'rate-limited', retryAfterMs: 30_000 });
    expect(e.message).toContain('30 s');
  });
  it('F26: 429 without Retry-After has no retryAfterMs', () => {
    expect(errorForStatus(429, parseProblem(undefined)).retryAfterMs).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  it('F24: reads delta-seconds', () => {
    expect(parseRetryAfter('30', null, now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', null, now)).toBe(0);
  });
  it('F25: an HTTP-date is measured against the server Date header, not the fast client clock', () => {
    const server = Date.parse('2025-01-01T12:00:00Z');
    const fastClient = server + 5 * 60_000;
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:30 GMT', server, fastClient)).toBe(30_000);
  });
  it('F25: without a Date header, the HTTP-date is measured against now and never negative', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:30 GMT', null, now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', null, now)).toBe(0);
  });
  it.each([[null], [undefined], [''], ['soon'], ['-5']])('returns null for %j', (v) => {
    expect(parseRetryAfter(v, null, now)).toBeNull();
  });
});

describe('networkError', () => {
  const wrap = (code: string): unknown => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code }) });
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])('%s is offline and certainly not sent', (code) => {
    expect(networkError(wrap(code))).toEqual({ code: 'offline', message: expect.any(String) });
  });
  it.each(['ECONNRESET', 'UND_ERR_SOCKET'])('%s is offline but maybe sent', (code) => {
    expect(networkError(wrap(code))).toMatchObject({ code: 'offline', sentMaybe: true });
  });
  it.each(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    'F36: %s is a TLS failure',
    (code) => {
      const e = networkError(wrap(code));
      expect(e.code).toBe('tls');
      expect(e.message).toContain('Secure connection failed');
    },
  );
});

describe('clamp', () => {
  it('clamps and maps NaN to the minimum', () => {
    expect(clamp(1, 5, 10)).toBe(5);
    expect(clamp(50, 5, 10)).toBe(10);
    expect(clamp(7, 5, 10)).toBe(7);
    expect(clamp(Number.NaN, 5, 10)).toBe(5);
  });
});
