// The HTTP layer's own checks, against a scripted fetch (client.test.ts drives the same code
// against the simulator over real HTTP; these pin the edges a server rarely produces on cue).
import { describe, expect, it, vi } from 'vitest';
import { CANCELLED_ERROR } from './errors';
import { createHttp, isJsonContentType, seg, type HttpOptions } from './http';

const JSON_TYPE = { 'content-type': 'application/json' };

/** A fetch that answers from a script, one response per call, and records what was asked. */
function scripted(...answers: Array<() => Response>) {
  const calls: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const req = new Request(input, init);
    calls.push(req);
    const next = answers[Math.min(calls.length, answers.length) - 1];
    if (!next) throw new Error('no scripted answer');
    return next();
  };
  return { fetch, calls };
}

const http = (fetch: typeof globalThis.fetch, over: Partial<HttpOptions> = {}) =>
  createHttp({ baseUrl: 'https://api.example.com', token: 'tok-123', fetch, retryBaseMs: 1, timeoutMs: 5_000, ...over });

describe('seg: one path segment', () => {
  it.each([
    ['abc-123', 'abc-123'],
    ['a/b', 'a%2Fb'],
    ['a:b', 'a%3Ab'],
    ['...', '...'],
    ['%2e', '%252e'], // a literal name: its percent sign is encoded, so it is no directory step
    ['x'.repeat(500), 'x'.repeat(500)],
  ])('encodes %s', (value, expected) => {
    expect(seg(value)).toBe(expected);
  });
  it.each(['', '.', '..', 'x'.repeat(501)])('refuses %j (a directory step or out of bounds)', (value) => {
    expect(seg(value)).toBeNull();
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    [' Application/JSON ; charset=utf-8', true],
    ['application/problem+json', true],
    ['application/vnd.fruxon.v1+json', true],
    ['text/json', false],
    ['application/jsonx', false],
    ['application/json-seq', false],
    ['text/application/vnd.x+json', false],
    ['application/vnd.x+jsonp', false],
    ['text/html', false],
    [null, false],
  ])('%j → %s', (type, expected) => {
    expect(isJsonContentType(type)).toBe(expected);
  });
});

describe('createHttp', () => {
  it('sends the bearer token and only the query parameters that have a value', async () => {
    const s = scripted(() => new Response('{}', { headers: JSON_TYPE }));
    await http(s.fetch).send({ method: 'GET', path: 'tenants/t/agents', searchParams: { a: '1', b: undefined } });
    expect(s.calls[0]!.url).toBe('https://api.example.com/v1/tenants/t/agents?a=1');
    expect(s.calls[0]!.headers.get('authorization')).toBe('Bearer tok-123');
    const anon = scripted(() => new Response('{}', { headers: JSON_TYPE }));
    await http(anon.fetch, { token: undefined }).send({ method: 'GET', path: 'x' });
    expect(anon.calls[0]!.url).toBe('https://api.example.com/v1/x');
    expect(anon.calls[0]!.headers.get('authorization')).toBeNull();
  });

  it('F1/F2/F3: an empty, blank, 204, non-JSON or malformed answer is invalid, never an empty value', async () => {
    const answer = async (make: () => Response) => (await http(scripted(make).fetch).send({ method: 'GET', path: 'x' }));
    const messageOf = async (make: () => Response) => {
      const r = await answer(make);
      if (r.ok) throw new Error('expected a failure');
      expect(r.error.code).toBe('invalid-response');
      return r.error.message;
    };
    expect(await messageOf(() => new Response('  \n', { headers: JSON_TYPE }))).toBe('The server sent an empty response.');
    expect(await messageOf(() => new Response(null, { status: 204 }))).toBe('The server sent an empty response.');
    expect(await messageOf(() => new Response('[1,', { headers: JSON_TYPE }))).toBe('The server sent an invalid response (malformed data).');
    expect(await messageOf(() => new Response('[]', { headers: { 'content-type': 'text/plain' } }))).toBe('The server sent data in an unexpected format.');
    const good = await answer(() => new Response('[]', { headers: { ...JSON_TYPE, date: 'Wed, 01 Jan 2025 12:00:00 GMT' } }));
    expect(good).toEqual({ ok: true, value: { status: 200, body: [], serverDate: Date.parse('2025-01-01T12:00:00Z') } });
  });

  it('F9: a body over the cap is refused, whether declared up front or counted while reading', async () => {
    const big = 'x'.repeat(2_000);
    const declared = scripted(() => new Response(`"${big}"`, { headers: { ...JSON_TYPE, 'content-length': String(big.length + 2) } }));
    const counted = scripted(() => new Response(`"${big}"`, { headers: JSON_TYPE }));
    for (const s of [declared, counted]) {
      const r = await http(s.fetch, { maxBodyBytes: 1_000 }).send({ method: 'GET', path: 'x' });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-response', message: expect.stringContaining('larger than 1 KB') } });
    }
    const exact = scripted(() => new Response(`"${'y'.repeat(998)}"`, { headers: JSON_TYPE }));
    expect((await http(exact.fetch, { maxBodyBytes: 1_000 }).send({ method: 'GET', path: 'x' })).ok).toBe(true);
  });

  it('an error status keeps its meaning when its body is not JSON or not readable', async () => {
    const html = scripted(() => new Response('<h1>Forbidden</h1>', { status: 403, headers: { 'content-type': 'text/html' } }));
    expect(await http(html.fetch).send({ method: 'GET', path: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden', status: 403 } });
    const broken = scripted(() => new Response('{"title":', { status: 400, headers: JSON_TYPE }));
    expect(await http(broken.fetch).send({ method: 'POST', path: 'x', json: {} })).toMatchObject({ ok: false, error: { code: 'validation', status: 400 } });
  });

  it('statuses the caller marks bodyless answer without a body', async () => {
    const s = scripted(() => new Response('ignored', { status: 202 }));
    expect(await http(s.fetch).send({ method: 'POST', path: 'x', json: {}, bodyless: [202, 410] })).toEqual({ ok: true, value: { status: 202, body: undefined, serverDate: null } });
  });

  it('F28: a GET is retried getRetries times on 5xx (at most 5, or as the request says); a 4xx never', async () => {
    const attempts = async (over: Partial<HttpOptions>, retries?: number, status = 503) => {
      const s = scripted(() => new Response('{}', { status, headers: JSON_TYPE }));
      const r = await http(s.fetch, over).send({ method: 'GET', path: 'x', retries });
      expect(r.ok).toBe(false);
      return s.calls.length;
    };
    expect(await attempts({})).toBe(3);
    expect(await attempts({ getRetries: 0 })).toBe(1);
    expect(await attempts({ getRetries: 99 })).toBe(6);
    expect(await attempts({}, 1)).toBe(2);
    expect(await attempts({}, 9)).toBe(6);
    expect(await attempts({ getRetries: 5 }, 0)).toBe(1);
    expect(await attempts({}, undefined, 404)).toBe(1);
    expect(await attempts({}, undefined, 429)).toBe(1);
  });

  it('F28: a POST is never retried; a failure that may have been applied says so', async () => {
    const answers: Array<[() => Response, boolean]> = [
      [() => new Response('{}', { status: 500, headers: JSON_TYPE }), true],
      [() => new Response('{', { headers: JSON_TYPE }), true],
      [() => new Response('{}', { status: 403, headers: JSON_TYPE }), false],
      [() => new Response('{}', { status: 429, headers: JSON_TYPE }), false],
    ];
    for (const [make, maybe] of answers) {
      const s = scripted(make);
      const r = await http(s.fetch).send({ method: 'POST', path: 'x', json: {} });
      expect(s.calls).toHaveLength(1);
      if (r.ok) throw new Error('expected a failure');
      expect(r.error.sentMaybe === true).toBe(maybe);
    }
  });

  it('a GET that recovers on a retry forgets the earlier failure; a GET failure never claims it was applied', async () => {
    const s = scripted(
      () => new Response('{}', { status: 502, headers: JSON_TYPE }),
      () => new Response('{"ok":1}', { headers: JSON_TYPE }),
    );
    expect(await http(s.fetch).send({ method: 'GET', path: 'x' })).toMatchObject({ ok: true, value: { body: { ok: 1 } } });
    const failing = scripted(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    });
    const r = await http(failing.fetch, { getRetries: 0 }).send({ method: 'GET', path: 'x' });
    expect(r).toEqual({ ok: false, error: { code: 'offline', message: 'The connection to the Fruxon server was interrupted.' } });
  });

  it('a request already cancelled sends nothing', async () => {
    const s = scripted(() => new Response('{}', { headers: JSON_TYPE }));
    const r = await http(s.fetch).send({ method: 'GET', path: 'x', signal: AbortSignal.abort() });
    expect(r).toEqual({ ok: false, error: { code: 'offline', message: 'The request was cancelled.' } });
    expect(s.calls).toHaveLength(0);
  });
});

describe('createHttp: redirects, error bodies, cancelling (mutation survivors)', () => {
  const list = (maxBytes = 1_000) => {
    const items: unknown[] = [];
    return { items, read: { start: () => items.splice(0), item: (raw: unknown) => items.push(raw), maxBytes } };
  };

  it('F37: a 3xx or an opaque redirect is never followed nor a success, and a POST that met one may have been applied', async () => {
    for (const status of [300, 302, 307, 399]) {
      const s = scripted(() => new Response('{"ok":1}', { status, headers: { ...JSON_TYPE, location: 'https://evil.example/login' } }));
      const r = await http(s.fetch).send({ method: 'GET', path: 'x' });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-response', status, message: expect.stringContaining('redirect') } });
      expect(s.calls).toHaveLength(1);
    }
    // What fetch gives for redirect: 'manual' in a browser: status 0, type opaqueredirect.
    const opaque = () => {
      const r = new Response('{"ok":1}', { headers: JSON_TYPE });
      Object.defineProperty(r, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(r, 'status', { value: 0 });
      return r;
    };
    const s = scripted(opaque);
    const r = await http(s.fetch).send({ method: 'POST', path: 'x', json: {} });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-response', status: 302, sentMaybe: true, message: expect.stringContaining('not followed') } });
  });

  it('the accept header asks for JSON', async () => {
    const s = scripted(() => new Response('{}', { headers: JSON_TYPE }));
    await http(s.fetch).send({ method: 'GET', path: 'x' });
    expect(s.calls[0]!.headers.get('accept')).toBe('application/json');
  });

  it('an error body that is not declared JSON is never read as a problem (a text/plain "not pending" stays a validation error)', async () => {
    const s = scripted(() => new Response('{"detail":"The request is not in Pending"}', { status: 400, headers: { 'content-type': 'text/plain' } }));
    expect(await http(s.fetch).send({ method: 'POST', path: 'x', json: {} })).toMatchObject({ ok: false, error: { code: 'validation', status: 400 } });
    const json = scripted(() => new Response('{"detail":"The request is not in Pending"}', { status: 400, headers: { 'content-type': 'application/problem+json' } }));
    expect(await http(json.fetch).send({ method: 'POST', path: 'x', json: {} })).toMatchObject({ ok: false, error: { code: 'not-pending', status: 400 } });
  });

  it('F24: a 429 carries its Retry-After, in seconds or as a date against the server clock', async () => {
    const seconds = scripted(() => new Response('{}', { status: 429, headers: { ...JSON_TYPE, 'retry-after': '7' } }));
    expect(await http(seconds.fetch).send({ method: 'GET', path: 'x' })).toMatchObject({ ok: false, error: { code: 'rate-limited', retryAfterMs: 7_000 } });
    const dated = scripted(
      () => new Response('{}', { status: 429, headers: { ...JSON_TYPE, date: 'Wed, 01 Jan 2025 12:00:00 GMT', 'retry-after': 'Wed, 01 Jan 2025 12:00:30 GMT' } }),
    );
    const r = await http(dated.fetch, { now: () => Date.parse('2025-01-01T12:05:00Z') }).send({ method: 'GET', path: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'rate-limited', retryAfterMs: 30_000 } });
  });

  it('a 503 with a long Retry-After carries it and is not tried again here (the caller waits it out); a short one is waited out and tried again; one without is tried again', async () => {
    const told = scripted(() => new Response('{}', { status: 503, headers: { ...JSON_TYPE, 'retry-after': '60' } }));
    expect(await http(told.fetch).send({ method: 'GET', path: 'x' })).toMatchObject({ ok: false, error: { code: 'server', status: 503, retryAfterMs: 60_000 } });
    expect(told.calls).toHaveLength(1);
    const brief = scripted(
      () => new Response('{}', { status: 503, headers: { ...JSON_TYPE, 'retry-after': '0' } }),
      () => new Response('{"ok":1}', { status: 200, headers: JSON_TYPE }),
    );
    expect(await http(brief.fetch).send({ method: 'GET', path: 'x' })).toMatchObject({ ok: true });
    expect(brief.calls).toHaveLength(2);
    const untold = scripted(() => new Response('{}', { status: 503, headers: JSON_TYPE }));
    const r = await http(untold.fetch).send({ method: 'GET', path: 'x' });
    expect(r.ok || r.error.retryAfterMs).toBeUndefined();
    expect(untold.calls.length).toBeGreaterThan(1);
  });

  it('the token and every other known secret are cut out of server text in a message', async () => {
    const s = scripted(() => new Response('{"detail":"denied for tok-123 and other-secret-9"}', { status: 403, headers: JSON_TYPE }));
    const r = await http(s.fetch, { secrets: () => ['other-secret-9'] }).send({ method: 'GET', path: 'x' });
    if (r.ok) throw new Error('expected a failure');
    expect(r.error.message).toContain('denied for');
    expect(r.error.message).not.toContain('tok-123');
    expect(r.error.message).not.toContain('other-secret-9');
  });

  it('F9: a declared length over the cap is refused before reading; a declared length at the cap is read', async () => {
    const lying = scripted(() => new Response('"x"', { headers: { ...JSON_TYPE, 'content-length': '5000' } }));
    expect(await http(lying.fetch, { maxBodyBytes: 1_000 }).send({ method: 'GET', path: 'x' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('larger than') } });
    const exact = scripted(() => new Response(`"${'y'.repeat(998)}"`, { headers: { ...JSON_TYPE, 'content-length': '1000' } }));
    expect((await http(exact.fetch, { maxBodyBytes: 1_000 }).send({ method: 'GET', path: 'x' })).ok).toBe(true);
    const listLying = scripted(() => new Response('[1]', { headers: { ...JSON_TYPE, 'content-length': '5000' } }));
    const l1 = list();
    expect(await http(listLying.fetch).send({ method: 'GET', path: 'x', list: l1.read })).toMatchObject({ ok: false, error: { message: expect.stringContaining('larger than') } });
    expect(l1.items).toEqual([]);
    const body = `[${'1,'.repeat(498)}1]`; // 999 bytes; a trailing space makes 1000
    const exactList = `${body} `;
    expect(exactList.length).toBe(1_000);
    const listExact = scripted(() => new Response(exactList, { headers: { ...JSON_TYPE, 'content-length': '1000' } }));
    const l2 = list(1_000);
    expect(await http(listExact.fetch).send({ method: 'GET', path: 'x', list: l2.read })).toMatchObject({ ok: true });
    expect(l2.items).toHaveLength(499);
    const listCounted = scripted(() => new Response(exactList, { headers: JSON_TYPE }));
    expect((await http(listCounted.fetch).send({ method: 'GET', path: 'x', list: list(1_000).read })).ok).toBe(true);
    expect((await http(listCounted.fetch).send({ method: 'GET', path: 'x', list: list(999).read })).ok).toBe(false);
  });

  it('a list answer: empty with no content type is empty, not a format error; a non-list is an unexpected shape', async () => {
    const empty = scripted(() => new Response('', { headers: { 'content-length': '0' } }));
    expect(await http(empty.fetch).send({ method: 'GET', path: 'x', list: list().read })).toMatchObject({ ok: false, error: { message: 'The server sent an empty response.' } });
    const page = scripted(() => new Response('<html></html>', { headers: { 'content-type': 'text/html' } }));
    expect(await http(page.fetch).send({ method: 'GET', path: 'x', list: list().read })).toMatchObject({ ok: false, error: { message: expect.stringContaining('web page') } });
    const notList = scripted(() => new Response('{"foo":1}', { headers: JSON_TYPE }));
    expect(await http(notList.fetch).send({ method: 'GET', path: 'x', list: list().read })).toMatchObject({ ok: false, error: { message: 'The server sent data in an unexpected shape.' } });
  });

  it('F1: an answer that cannot be used is logged with its status, content type and length, never its body', async () => {
    const warn = vi.fn();
    const secretBody = '[{"id":"r1","displayName":"Ana Secret"},';
    const send = async (make: () => Response, asList = false) => {
      warn.mockClear();
      const r = await http(scripted(make).fetch, { log: { warn }, getRetries: 0 }).send({ method: 'GET', path: 'tenants/t/things', ...(asList ? { list: list(100).read } : {}) });
      expect(r.ok).toBe(false);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(warn.mock.calls)).not.toContain('Ana Secret');
      return warn.mock.calls[0];
    };
    const bytes = new TextEncoder().encode(secretBody).byteLength;
    expect(await send(() => new Response(secretBody, { headers: JSON_TYPE }))).toEqual([
      'unusable answer',
      { method: 'GET', path: 'tenants/t/things', status: 200, contentType: 'application/json', bytes, code: 'invalid-response' },
    ]);
    expect((await send(() => new Response(secretBody, { headers: JSON_TYPE }), true))![1]).toMatchObject({ status: 200, contentType: 'application/json', bytes });
    expect((await send(() => new Response(`<html>${secretBody}</html>`, { headers: { 'content-type': 'text/html', 'content-length': '52' } }), true))![1]).toMatchObject({ contentType: 'text/html', bytes: 52 });
    const tooBig = (await send(() => new Response(`[${'"Ana Secret",'.repeat(20)}1]`, { headers: JSON_TYPE }), true))![1] as { bytes: number };
    expect(tooBig.bytes).toBeGreaterThan(100);
    expect((await send(() => new Response(null, { status: 204 })))![1]).toMatchObject({ status: 204, bytes: 0 });
    // An error status is an answer of its own, not an unusable body: nothing logged here.
    warn.mockClear();
    await http(scripted(() => new Response('{}', { status: 404, headers: JSON_TYPE })).fetch, { log: { warn } }).send({ method: 'GET', path: 'x' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('F1: a 200 without any body is empty, not malformed', async () => {
    const s = scripted(() => new Response(null, { status: 200, headers: JSON_TYPE }));
    expect(await http(s.fetch).send({ method: 'GET', path: 'x' })).toMatchObject({ ok: false, error: { message: 'The server sent an empty response.' } });
  });

  it('F28: the wait before each GET retry doubles from retryBaseMs', async () => {
    vi.useFakeTimers();
    try {
      const s = scripted(() => new Response('{}', { status: 503, headers: JSON_TYPE }));
      const done = http(s.fetch, { retryBaseMs: 1_000, getRetries: 2 }).send({ method: 'GET', path: 'x' });
      await vi.advanceTimersByTimeAsync(999);
      expect(s.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(s.calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1_999);
      expect(s.calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(s.calls).toHaveLength(3);
      expect(await done).toMatchObject({ ok: false, error: { code: 'server' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('bytes that are not UTF-8 are decoded with replacement characters, not turned into a network failure', async () => {
    const s = scripted(() => new Response(new Uint8Array([0x22, 0xff, 0x22]), { headers: JSON_TYPE }));
    expect(await http(s.fetch).send({ method: 'GET', path: 'x' })).toMatchObject({ ok: true, value: { body: '\uFFFD' } });
  });

  it('F28: a POST whose connection dropped after connecting, or timed out, may have been applied; one refused before connecting was not', async () => {
    const throwing = (code: string) =>
      scripted(() => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code } });
      });
    const reset = await http(throwing('ECONNRESET').fetch).send({ method: 'POST', path: 'x', json: {} });
    expect(reset).toMatchObject({ ok: false, error: { code: 'offline', sentMaybe: true } });
    const refused = await http(throwing('ECONNREFUSED').fetch).send({ method: 'POST', path: 'x', json: {} });
    if (refused.ok) throw new Error('expected a failure');
    expect(refused.error.sentMaybe).toBeUndefined();
  });

  it('cancelling while a request is in flight answers "cancelled", not a timeout or a dropped connection', async () => {
    const controller = new AbortController();
    const hanging: typeof globalThis.fetch = (input, init) =>
      new Promise((_, reject) => {
        const signal = (init?.signal ?? (input instanceof Request ? input.signal : undefined))!;
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        setTimeout(() => controller.abort(), 0);
      });
    const r = await http(hanging, { timeoutMs: 300 }).send({ method: 'GET', path: 'x', signal: controller.signal, retries: 0 });
    expect(r).toEqual({ ok: false, error: CANCELLED_ERROR });
  });

  it('cancelling during the wait before a GET retry stops the retries', async () => {
    // Cancelled just after the first 503 is read (secrets() runs then), before the back-off wait.
    const before = new AbortController();
    const s1 = scripted(() => new Response('{}', { status: 503, headers: JSON_TYPE }));
    const r1 = await http(s1.fetch, { secrets: () => (before.abort(), []) }).send({ method: 'GET', path: 'x', signal: before.signal });
    expect(r1).toEqual({ ok: false, error: CANCELLED_ERROR });
    expect(s1.calls).toHaveLength(1);
    // Cancelled while waiting (a long back-off): the wait ends at once.
    const during = new AbortController();
    const s2 = scripted(() => new Response('{}', { status: 503, headers: JSON_TYPE }));
    const r2 = http(s2.fetch, { retryBaseMs: 60_000, secrets: () => (setTimeout(() => during.abort(), 0), []) }).send({ method: 'GET', path: 'x', signal: during.signal });
    expect(await r2).toEqual({ ok: false, error: CANCELLED_ERROR });
    expect(s2.calls).toHaveLength(1);
  }, 3_000);
});
