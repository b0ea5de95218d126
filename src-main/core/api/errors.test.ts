import { describe, expect, it } from 'vitest';
import { clamp, contentTypeError, errorForStatus, networkError, parseHttpDate, parseProblem, parseRetryAfter, RETRY_AFTER_MAX_MS, serverExcerpt, timeoutError, TOO_BIG_ERROR } from './errors';

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
    // A week is kept to at most 15 minutes, where it is read.
    expect(parseRetryAfter('604800', null, now)).toBe(RETRY_AFTER_MAX_MS);
    expect(parseRetryAfter('Wed, 08 Jan 2025 12:00:00 GMT', null, Date.parse('2025-01-01T12:00:00Z'))).toBe(RETRY_AFTER_MAX_MS);
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

describe('what the operator is told (wording, bounds, redaction)', () => {
  const problem = (detail: string) => parseProblem({ title: 'Bad Request', detail });

  it.each([
    'Request is not in the Pending state',
    'Request is no longer pending',
    "The request isn't pending",
    'The request isnt pending',
    'The request has already been decided',
    'Already approved by another operator',
    'Already rejected',
    'Request is in a terminal state',
    'Terminal decision, cannot change',
  ])('F32: a 400 saying "%s" is not-pending', (detail) => {
    expect(errorForStatus(400, problem(detail)).code).toBe('not-pending');
  });

  it.each(['Request is pending review', 'Mode is required'])('a 400 saying "%s" is a validation error, not not-pending', (detail) => {
    expect(errorForStatus(400, problem(detail)).code).toBe('validation');
  });

  it('quotes the server on 403, 409 and unexpected statuses, never on 401, 404, 429 or 5xx', () => {
    const said = problem('Editor role required');
    for (const status of [403, 409, 418]) expect(errorForStatus(status, said).message).toContain('The server said: Bad Request — Editor role required');
    for (const status of [401, 404, 429, 500]) expect(errorForStatus(status, said).message).not.toContain('Editor role');
    expect(errorForStatus(418, said)).toMatchObject({ code: 'invalid-response', status: 418 });
    expect(errorForStatus(418, said).message).toContain('HTTP 418');
    // It promises no retry: the status line gives the poll's own countdown, and a read the operator asked for is not retried.
    expect(errorForStatus(502, said).message).toBe('The Fruxon server had a problem (HTTP 502).');
    expect(errorForStatus(403, parseProblem(undefined)).message).not.toContain('The server said');
  });

  it('repeats a server text only once when title and detail say the same', () => {
    const e = errorForStatus(409, parseProblem({ title: 'Conflict', detail: 'Conflict' }));
    expect(e.message).toMatch(/The server said: Conflict$/);
  });

  it('S10: a token the server echoes never reaches the message', () => {
    const token = 'fx_live_abcdefghijklmnopqrstuvwxyz0123456789';
    const e = errorForStatus(403, parseProblem({ title: `Key ${token} lacks scope` }), { secrets: [token] });
    expect(e.message).not.toContain(token);
    expect(e.message).toContain('lacks scope');
  });

  it('S10: a token the server repeats across the excerpt\'s cut leaves none of its characters (redacted before the cut)', () => {
    const token = 'simtokB_secret_123';
    for (const lead of [284, 290, 299, 600]) {
      const title = `${'Access denied. '.repeat(40).slice(0, lead)} ${token} end`;
      for (const e of [errorForStatus(403, parseProblem({ title }), { secrets: [token] }), errorForStatus(400, parseProblem({ detail: title }), { secrets: [token] })]) {
        expect(e.message).not.toContain(token.slice(0, 6));
      }
    }
  });

  it('cuts a long server text to one bounded excerpt', () => {
    const e = errorForStatus(409, parseProblem({ detail: 'x'.repeat(900) }));
    const excerpt = e.message.split('The server said: ')[1]!;
    expect(excerpt).toHaveLength(300);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(errorForStatus(409, parseProblem({ detail: 'y'.repeat(300) })).message).toContain(`said: ${'y'.repeat(300)}`);
  });

  it('keeps at most 20 fields of 5 messages each, with bounded field names, and skips empty ones', () => {
    const errors: Record<string, unknown> = { empty: ['', '  '], Note: ['1', '2', '3', '4', '5', '6', '7'], [`F${'n'.repeat(150)}`]: 'long name' };
    for (let i = 0; i < 30; i += 1) errors[`f${i}`] = `m${i}`;
    const p = parseProblem({ errors });
    expect(Object.keys(p.errors)).toHaveLength(19); // 20 read, "empty" had nothing
    expect(p.errors.Note).toEqual(['1', '2', '3', '4', '5']);
    expect(p.errors.empty).toBeUndefined();
    const longKey = Object.keys(p.errors).find((k) => k.startsWith('Fn'))!;
    expect(longKey.length).toBeLessThanOrEqual(100);
  });

  it('says how long to wait in whole seconds, at least one', () => {
    expect(errorForStatus(429, parseProblem(undefined), { retryAfterMs: 200 }).message).toContain('in 1 s.');
    expect(errorForStatus(429, parseProblem(undefined), { retryAfterMs: 1500 }).message).toContain('in 2 s.');
    expect(errorForStatus(429, parseProblem(undefined), { retryAfterMs: 0 })).toMatchObject({ retryAfterMs: 0, message: expect.stringContaining('in 1 s.') });
    expect(timeoutError(100).message).toBe('The server did not answer within 1 s.');
    expect(timeoutError(15_000)).toMatchObject({ code: 'timeout', sentMaybe: true, message: 'The server did not answer within 15 s.' });
  });

  it('F24: fractional delta-seconds and a date that is only digits', () => {
    expect(parseRetryAfter('1.5', null, 0)).toBe(1500);
    expect(parseHttpDate('1735732800000')).toBeNull();
    expect(parseHttpDate('  ')).toBeNull();
    expect(parseHttpDate('Wed, 01 Jan 2025 12:00:30 GMT')).toBe(Date.parse('2025-01-01T12:00:30Z'));
  });

  it('F2: a web page and other formats are told apart', () => {
    expect(contentTypeError(200, 'text/html; charset=utf-8').message).toContain('web page');
    expect(contentTypeError(200, 'application/xhtml+xml').message).toContain('web page');
    expect(contentTypeError(200, 'application/xml')).toEqual({ code: 'invalid-response', status: 200, message: 'The server sent data in an unexpected format.' });
  });

  it('F9: a body over its cap names the size the settings count in', () => {
    expect(TOO_BIG_ERROR(200, 8 * 1_048_576, true).message).toBe('The list from the server is larger than 8 MB (the List size limit in Settings); it was not read.');
    expect(TOO_BIG_ERROR(200, 1_048_576).message).toBe('The server sent a response larger than 1 MB; it was not read.');
    expect(TOO_BIG_ERROR(200, 1_048_575).message).toContain('larger than 1024 KB');
    expect(TOO_BIG_ERROR(200, 100).message).toContain('larger than 1 KB');
  });
});

describe('networkError: every way a connection can fail', () => {
  const withCode = (code: string): Error => Object.assign(new Error('x'), { code });
  it.each(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT'])('%s is offline and certainly not sent', (code) => {
    expect(networkError(new TypeError('fetch failed', { cause: withCode(code) }))).toEqual({ code: 'offline', message: "Can't reach the Fruxon server. Check your network connection." });
  });
  it.each(['UNABLE_TO_GET_ISSUER_CERT', 'ERR_SSL_WRONG_VERSION_NUMBER', 'HOSTNAME_MISMATCH'])('F36: %s is a TLS failure', (code) => {
    expect(networkError(withCode(code)).code).toBe('tls');
  });
  it('reads the codes of every address tried (AggregateError) and of nested causes', () => {
    const aggregate = Object.assign(new AggregateError([withCode('ETIMEDOUT'), withCode('ECONNREFUSED')], 'all failed'), { code: 'ETIMEDOUT' });
    expect(networkError(new TypeError('fetch failed', { cause: aggregate })).sentMaybe).toBeUndefined();
    const deep = new Error('a', { cause: new Error('b', { cause: new Error('c', { cause: withCode('CERT_HAS_EXPIRED') }) }) });
    expect(networkError(deep).code).toBe('tls');
  });
  it('F36: TLS asked of a plain-HTTP server says so, not that a certificate is untrusted', () => {
    expect(networkError(new TypeError('fetch failed', { cause: withCode('ERR_SSL_WRONG_VERSION_NUMBER') }))).toEqual({
      code: 'tls',
      message: 'Secure connection failed: the server did not answer with HTTPS. Check whether its address starts with http:// rather than https://.',
    });
    expect(networkError(withCode('CERT_HAS_EXPIRED')).message).toContain("certificate is not trusted");
  });
  it('a port fetch refuses to use is a bad address, never sent (not "interrupted")', async () => {
    const refused = await fetch('http://127.0.0.1:1/').then(() => null, (e: unknown) => e);
    expect(networkError(refused)).toEqual({ code: 'bad-input', message: 'That server address uses a port the console may not connect to. Check the address.' });
  });
  it('an unknown failure may have reached the server', () => {
    expect(networkError(new Error('socket hang up'))).toEqual({ code: 'offline', sentMaybe: true, message: 'The connection to the Fruxon server was interrupted.' });
    expect(networkError('weird')).toMatchObject({ code: 'offline', sentMaybe: true });
  });
});

describe('classification edges (mutation survivors)', () => {
  const none = parseProblem(undefined);
  const REDIRECT = 'The server tried to redirect the request elsewhere (a sign-in page or proxy?). It was not followed.';

  it.each([
    [300, REDIRECT],
    [302, REDIRECT],
    [399, REDIRECT],
    [299, 'The server answered with an unexpected status (HTTP 299).'],
    [100, 'The server answered with an unexpected status (HTTP 100).'],
    [400, 'The server rejected the request.'],
    [409, 'The server rejected the request.'],
    [422, 'The server rejected the request.'],
  ])('F37: status %i is told as %j', (status, message) => {
    expect(errorForStatus(status, none)).toMatchObject({ status, message });
  });

  it.each([
    'The request is not \t pending',
    'not in\nPending',
    'not in the  pending list',
    'no  longer pending',
    "isn't\r\npending",
    'already been  decided',
    'terminal \t state',
  ])('F32: not-pending wording with runs of spaces, tabs or line breaks is recognised: %j', (detail) => {
    expect(errorForStatus(400, parseProblem({ detail }))).toEqual({
      code: 'not-pending',
      status: 400,
      message: 'This request has already been decided; it is no longer pending.',
    });
  });

  it('F32: only a 400 is read as not-pending (fruxon-api.md §3.4); a 409 or 422 saying so stays a validation error', () => {
    for (const status of [409, 422]) expect(errorForStatus(status, parseProblem({ detail: 'Request is not in Pending' })).code).toBe('validation');
  });

  it('F24: Retry-After seconds must be the whole value, fractions included', () => {
    expect(parseRetryAfter('1.25', null, 0)).toBe(1_250);
    expect(parseRetryAfter('12abc', null, 0)).toBeNull();
  });

  it('server text is trimmed; blank text is no text', () => {
    expect(serverExcerpt('  denied  ', [])).toBe('denied');
    expect(serverExcerpt(' \n ', [])).toBeNull();
    expect(errorForStatus(403, parseProblem({ detail: '   ' })).message).not.toContain('The server said');
  });

  it('a failure without a cause, with a null cause, or with a cause chain that loops, is read without throwing or hanging', () => {
    expect(networkError(new TypeError('fetch failed'))).toMatchObject({ code: 'offline', sentMaybe: true });
    expect(networkError(Object.assign(new TypeError('fetch failed'), { cause: null }))).toMatchObject({ code: 'offline', sentMaybe: true });
    const loop: { code?: string; cause?: unknown } = new Error('loop');
    loop.cause = loop;
    expect(networkError(loop)).toMatchObject({ code: 'offline', sentMaybe: true });
    const deep = (code: string, depth: number): unknown => (depth === 0 ? { code } : { cause: deep(code, depth - 1) });
    expect(networkError(deep('ECONNREFUSED', 4)).sentMaybe).toBeUndefined(); // the fifth error of the chain is read
    expect(networkError(deep('ECONNREFUSED', 5))).toMatchObject({ sentMaybe: true }); // the sixth is not
  });
});
