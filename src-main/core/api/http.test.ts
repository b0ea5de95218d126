// The HTTP layer's own checks, against a scripted fetch (client.test.ts drives the same code
// against the simulator over real HTTP; these pin the edges a server rarely produces on cue).
import { describe, expect, it } from 'vitest';
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
