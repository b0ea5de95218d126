import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppError, Result } from '../../../src-shared/domain';
import { startSimulator, type SimulatorHandle } from '../../../src-sim';
import { aRawRequest } from '../../../test/fakes/builders';
import { createApiClient, PAGE_TOKEN_PARAMS, type ApiClient, type ApiClientOptions } from './client';

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ seed: 42, pending: 24 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.control.clearFaults();
  sim.control.resetLog();
});

function client(over: Partial<ApiClientOptions> = {}): ApiClient {
  return createApiClient({
    baseUrl: sim.url,
    tenant: sim.tenant,
    token: sim.token,
    workspaceId: 'ws-1',
    retryBaseMs: 5,
    timeoutMs: 2_000,
    ...over,
  });
}

/** The error of a failed result; fails the test when the call succeeded. */
function errorOf<T>(result: Result<T>): AppError {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  expect(JSON.stringify(result.error)).not.toContain(sim.token);
  return result.error;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const logFor = (needle: string) => sim.control.requestLog().filter((e) => e.path.includes(needle));

const rawRow = (id: string, over: Record<string, unknown> = {}) =>
  aRawRequest({ id, integrationConfigId: sim.facts.configs.whatsapp, address: '+15550000001', agentId: sim.facts.agents[0]?.id ?? 'agent', displayName: 'Row', ...over });

describe('reading requests', () => {
  it('lists pending requests with the bearer token and returns the server Date', async () => {
    const result = valueOf(await client().listRequests({ status: 'PENDING' }));
    const expected = sim.control.listRequests().filter((r) => r.status === 'PENDING');
    expect(result.rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(result.rows.every((r) => r.status === 'PENDING' && r.workspaceId === 'ws-1')).toBe(true);
    expect(result.dropped).toBe(0);
    expect(typeof result.serverDate).toBe('number');
    expect(logFor('participantAccessRequests')[0]?.search).toContain('status=PENDING');
  });

  it('gets one request by id', async () => {
    const raw = sim.control.addPendingRequest({ displayName: 'Ünïcødé 名前' });
    const row = valueOf(await client().getRequest(raw.id));
    expect(row).toMatchObject({ id: raw.id, displayName: 'Ünïcødé 名前', status: 'PENDING', createdAt: raw.createdAt });
  });

  it('an unknown id is not-found', async () => {
    expect(errorOf(await client().getRequest('00000000-0000-0000-0000-000000000000')).code).toBe('not-found');
  });

  it('a path-traversal id is refused without sending anything', async () => {
    expect(errorOf(await client().getRequest('..')).code).toBe('bad-input');
    expect(sim.control.requestLog()).toHaveLength(0);
  });
});

describe('decisions', () => {
  it('approve posts to a literal :approve path (never %3A) and returns the approved row', async () => {
    const raw = sim.control.addPendingRequest();
    const row = valueOf(await client().approve(raw.id, { mode: 'CREATE_NEW', displayName: 'Dana', note: 'known customer' }));
    expect(row).toMatchObject({ id: raw.id, status: 'APPROVED', processedBy: sim.operatorUserId, processingNote: 'known customer' });
    const posts = sim.control.requestLog().filter((e) => e.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.path).toBe(`/v1/tenants/${sim.tenant}/participantAccessRequests/${raw.id}:approve`);
    expect(posts[0]?.path).not.toMatch(/%3A/i);
  });

  it('reject posts to a literal :reject path', async () => {
    const raw = sim.control.addPendingRequest();
    const row = valueOf(await client().reject(raw.id, { note: 'spam' }));
    expect(row).toMatchObject({ status: 'REJECTED', processingNote: 'spam' });
    expect(sim.control.requestLog().find((e) => e.method === 'POST')?.path).toMatch(/:reject$/);
  });

  it('sends only the fields the server accepts: trimmed name, no blank name or note (§3.4)', async () => {
    const bodies: unknown[] = [];
    const recording: typeof fetch = async (input, init) => {
      const req = new Request(input, init);
      if (req.method === 'POST') bodies.push(JSON.parse(await req.clone().text()));
      return fetch(req);
    };
    const c = client({ fetch: recording });
    const editable = sim.facts.agents.find((a) => a.id !== 'field_ops')!.id; // field_ops is read-only
    const pending = () => sim.control.addPendingRequest({ agentId: editable }).id;
    valueOf(await c.approve(pending(), { mode: 'CREATE_NEW', displayName: '  Dana  ', note: '' }));
    valueOf(await c.approve(pending(), { mode: 'CREATE_NEW', displayName: '   ', note: 'ok' }));
    valueOf(await c.reject(pending(), { note: '' }));
    valueOf(await c.reject(pending(), { note: 'spam' }));
    expect(bodies).toEqual([{ mode: 'CREATE_NEW', displayName: 'Dana' }, { mode: 'CREATE_NEW', note: 'ok' }, {}, { note: 'spam' }]);
  });

  it('F32: deciding a request another operator already decided is not-pending', async () => {
    const raw = sim.control.addPendingRequest();
    sim.control.decideAsOtherOperator(raw.id, 'REJECTED');
    const e = errorOf(await client().approve(raw.id, { mode: 'CREATE_NEW' }));
    expect(e).toMatchObject({ code: 'not-pending', status: 400 });
    expect(e.sentMaybe).toBeUndefined();
  });

  it('a 400 for a missing mode field is validation, not not-pending', async () => {
    const raw = sim.control.addPendingRequest();
    const e = errorOf(await client().approve(raw.id, { mode: 'ADD_TO_EXISTING' }));
    expect(e.code).toBe('validation');
  });

  it('F22: deciding on a read-only agent is forbidden', async () => {
    const e = errorOf(await client().approve(sim.facts.requests.readOnlyRequestId, { mode: 'CREATE_NEW' }));
    expect(e).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('F31: a reset after the server applied an approve is offline with sentMaybe, and is not retried', async () => {
    const raw = sim.control.addPendingRequest();
    sim.control.injectFault({ route: 'approve', action: { kind: 'reset-after-apply' } });
    const e = errorOf(await client().approve(raw.id, { mode: 'CREATE_NEW' }));
    expect(e).toMatchObject({ code: 'offline', sentMaybe: true });
    expect(e.status).toBeUndefined();
    expect(sim.control.getRequest(raw.id)?.status).toBe('APPROVED');
    expect(sim.control.requestLog().filter((l) => l.method === 'POST')).toHaveLength(1);
  });

  it('F30: an approve that hangs after applying times out with sentMaybe, without a retry', async () => {
    const raw = sim.control.addPendingRequest();
    sim.control.injectFault({ route: 'approve', action: { kind: 'hang-after-apply' } });
    const e = errorOf(await client({ timeoutMs: 300 }).approve(raw.id, { mode: 'CREATE_NEW' }));
    expect(e).toMatchObject({ code: 'timeout', sentMaybe: true });
    expect(sim.control.getRequest(raw.id)?.status).toBe('APPROVED');
    expect(sim.control.requestLog().filter((l) => l.method === 'POST')).toHaveLength(1);
  });

  it('F28: a 500 on a POST is never retried and is marked sentMaybe', async () => {
    const raw = sim.control.addPendingRequest();
    sim.control.injectFault({ route: 'reject', times: 5, action: { kind: 'status', status: 500 } });
    const e = errorOf(await client().reject(raw.id, {}));
    expect(e).toMatchObject({ code: 'server', status: 500, sentMaybe: true });
    expect(sim.control.requestLog().filter((l) => l.method === 'POST')).toHaveLength(1);
  });

  it('F27: 429 on approve is rate-limited with the wait, not retried', async () => {
    const raw = sim.control.addPendingRequest();
    sim.control.injectFault({ route: 'approve', action: { kind: 'status', status: 429, headers: { 'Retry-After': '12' } } });
    const e = errorOf(await client().approve(raw.id, { mode: 'CREATE_NEW' }));
    expect(e).toMatchObject({ code: 'rate-limited', retryAfterMs: 12_000 });
    expect(e.message).toContain('12 s');
    expect(sim.control.getRequest(raw.id)?.status).toBe('PENDING');
  });
});

describe('bad responses (FAULTS B.1)', () => {
  it('F1: malformed JSON is an invalid response, never an empty list', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'malformed-json' } });
    const e = errorOf(await client().listRequests({ status: 'PENDING' }));
    expect(e).toMatchObject({ code: 'invalid-response', status: 200 });
    expect(logFor('participantAccessRequests')).toHaveLength(1);
  });

  it('F2: a 200 text/html page is an invalid response that says it was a web page', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'html' } });
    const e = errorOf(await client().listRequests({ status: 'PENDING' }));
    expect(e.code).toBe('invalid-response');
    expect(e.message).toBe('The network returned a web page instead of data (sign-in required?).');
  });

  it.each([200, 204] as const)('F3: an empty body with status %i is an invalid response', async (status) => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'empty', status } });
    expect(errorOf(await client().listRequests({ status: 'PENDING' })).code).toBe('invalid-response');
  });

  it('F5, F6, F12: bad rows are dropped and counted, __proto__ pollutes nothing, second timestamps convert', async () => {
    sim.control.injectFault({
      route: 'list-requests',
      action: {
        kind: 'rows',
        rows: [
          rawRow('a', { createdAt: 1_700_000_000, status: 'Pending' }),
          { ...rawRow('b'), id: 123 },
          rawRow('c', { createdAt: 0, status: 'ESCALATED' }),
          rawRow('e', { createdAt: 'yesterday' }),
          JSON.parse('{"id":"d","status":"PENDING","__proto__":{"isAdmin":true},"isAdmin":true}'),
          'junk',
        ],
      },
    });
    const result = valueOf(await client().listRequests());
    expect(result.rows.map((r) => r.id)).toEqual(['a', 'c', 'd']);
    expect(result.dropped).toBe(3);
    expect(result.rows[0]).toMatchObject({ status: 'PENDING', createdAt: 1_700_000_000_000 });
    expect(result.rows[1]).toMatchObject({ status: 'UNKNOWN', rawStatus: 'ESCALATED', createdAt: null });
    expect((result.rows[2] as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('F8: duplicate ids in one response keep the newest modifiedAt', async () => {
    sim.control.injectFault({
      route: 'list-requests',
      action: { kind: 'rows', rows: [rawRow('a', { modifiedAt: 1_700_000_000_000 }), rawRow('a', { modifiedAt: 1_700_000_009_000, status: 'APPROVED' })] },
    });
    const result = valueOf(await client().listRequests());
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({ id: 'a', status: 'APPROVED' });
  });

  it('F7: an {items, nextPageToken} envelope is followed page by page', async () => {
    sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'envelope', pageSize: 5 } });
    const result = valueOf(await client().listRequests({ status: 'PENDING' }));
    const expected = sim.control.listRequests().filter((r) => r.status === 'PENDING');
    expect(result.rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(result.truncated).toBe(false);
    const calls = logFor('participantAccessRequests');
    expect(calls.length).toBe(Math.ceil(expected.length / 5));
    expect(calls[1]?.search).toContain('pageToken=');
  });

  it('F7: paging stops after maxPages and says the list is truncated', async () => {
    sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'envelope', pageSize: 2 } });
    const result = valueOf(await client({ maxPages: 3 }).listRequests({ status: 'PENDING' }));
    expect(result.rows).toHaveLength(6);
    expect(result.truncated).toBe(true);
    expect(logFor('participantAccessRequests')).toHaveLength(3);
  });

  it('F9: following undecided rows, a list is followed past maxPages while they keep coming, and cut short at max', async () => {
    sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'envelope', pageSize: 2 } });
    const pending = sim.control.listRequests().filter((r) => r.status === 'PENDING');
    expect(pending.length).toBeGreaterThan(8);
    const whole = valueOf(await client({ maxPages: 3 }).listRequests({ status: 'PENDING' }, { follow: { by: 'undecided', max: 100_000 } }));
    expect(whole.rows.map((r) => r.id).sort()).toEqual(pending.map((r) => r.id).sort());
    expect(whole.truncated).toBe(false);
    const cut = valueOf(await client({ maxPages: 3 }).listRequests({ status: 'PENDING' }, { follow: { by: 'undecided', max: 8 } }));
    expect(cut).toMatchObject({ truncated: true, pages: 4 });
    expect(cut.rows).toHaveLength(8);
  });

  it('F9: following any rows, a whole list of decided rows is followed past maxPages to its end, and cut short at max rows read', async () => {
    sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'envelope', pageSize: 2 } });
    const approved = sim.control.listRequests().filter((r) => r.status === 'APPROVED');
    expect(approved.length).toBeGreaterThan(8);
    // Undecided rows followed: the decided pages past the limit bring none, and end the list there.
    expect(valueOf(await client({ maxPages: 3 }).listRequests({ status: 'APPROVED' }, { follow: { by: 'undecided', max: 100_000 } }))).toMatchObject({ truncated: true, pages: 3 });
    const whole = valueOf(await client({ maxPages: 3 }).listRequests({ status: 'APPROVED' }, { follow: { by: 'any', max: 100_000 } }));
    expect(whole.rows.map((r) => r.id).sort()).toEqual(approved.map((r) => r.id).sort());
    expect(whole.truncated).toBe(false);
    const cut = valueOf(await client({ maxPages: 3 }).listRequests({ status: 'APPROVED' }, { follow: { by: 'any', max: 8 } }));
    expect(cut).toMatchObject({ truncated: true, pages: 4 });
  });

  it('F9: following any rows, a server repeating decided pages under new tokens ends the list even when the repeats are rows pruned by decidedLimit', async () => {
    // 60 decided rows, served 5 a page in created order (their decision times shuffled), then the
    // same pages again under new tokens, for ever: only the newest 10 are kept.
    const rows = Array.from({ length: 60 }, (_, i) =>
      aRawRequest({ id: `d${String(i).padStart(2, '0')}`, status: 'APPROVED', processedBy: 'u', processedAt: new Date(Date.UTC(2026, 0, 1, 0, (i * 37) % 60)).toISOString() }),
    );
    let served = 0;
    const looping: typeof fetch = async (input) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const at = Number(url.searchParams.get('pageToken') ?? '0');
      served += 1;
      if (served > 500) throw new Error('still paging after 500 pages');
      const page = rows.slice((at * 5) % 60, ((at * 5) % 60) + 5);
      return new Response(JSON.stringify({ items: page, nextPageToken: String(at + 1) }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const result = valueOf(await client({ maxPages: 3, fetch: looping }).listRequests({ status: 'APPROVED' }, { decidedLimit: 10, follow: { by: 'any', max: 2_000_000 } }));
    expect(result.truncated).toBe(true);
    // One pass over the 12 pages, and at most one more before a page brings nothing new.
    expect(result.pages).toBeLessThanOrEqual(24);
    const newest = [...rows].sort((a, b) => String(b.processedAt).localeCompare(String(a.processedAt)) || (String(a.id) < String(b.id) ? -1 : 1)).slice(0, 10);
    expect(result.rows.map((r) => r.id).sort()).toEqual(newest.map((r) => String(r.id)).sort());
  });

  it('F9: a list body over its cap is abandoned as an invalid response that names the setting', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'huge', bytes: 1_500_000 } });
    const e = errorOf(await client().listRequests({}, { maxBytes: 1_048_576 }));
    expect(e.code).toBe('invalid-response');
    expect(e.message).toBe('The list from the server is larger than 1 MB (the List size limit in Settings); it was not read.');
  });

  it('F9: a list far larger than the small cap of other endpoints is read as a stream', async () => {
    // 1.5 MB of rows: over the cap the other endpoints keep here, under the list's own cap.
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'huge', bytes: 1_500_000 } });
    const result = valueOf(await client({ maxBodyBytes: 200_000 }).listRequests());
    expect(result.rows.length).toBeGreaterThan(2_000);
    expect(result.dropped).toBe(0);
  });

  it('F9: other endpoints keep their small cap', async () => {
    sim.control.injectFault({ route: 'get-request', action: { kind: 'huge', bytes: 400_000 } });
    const e = errorOf(await client({ maxBodyBytes: 200_000 }).getRequest(sim.facts.pendingStoryIds[0]!));
    expect(e.message).toBe('The server sent a response larger than 195 KB; it was not read.');
  });

  it('F1: a list cut off by a dropped connection is an invalid response, whatever rows came before', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      res.write(`[${JSON.stringify(rawRow('a'))},${JSON.stringify(rawRow('b'))},{"id":"c"`);
      setTimeout(() => res.destroy(), 20);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const e = errorOf(await client({ baseUrl: `http://127.0.0.1:${port}`, getRetries: 0 }).listRequests());
      expect(e).toMatchObject({ code: 'invalid-response', message: 'The server’s response was cut off before its end.' });
    } finally {
      server.close();
    }
  });

  it('F9: a list that keeps arriving is not cut off by the per-attempt timeout; one that stalls is', async () => {
    // Wide margins, so a loaded machine cannot turn a gap into a stall: rows every 100 ms against a
    // 600 ms per-attempt timeout, 1 s in all.
    const rows = Array.from({ length: 10 }, (_, i) => JSON.stringify(rawRow(`r${i}`)));
    let stallAfter = Infinity;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      let i = 0;
      const next = () => {
        if (i === rows.length) return void res.end(']');
        if (i === stallAfter) return; // stops sending, keeps the connection open
        res.write(`${i === 0 ? '' : ','}${rows[i]}`);
        i += 1;
        setTimeout(next, 100);
      };
      next();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const c = client({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 600, getRetries: 0 });
      // About 1 s in all, never 600 ms without a byte.
      expect(valueOf(await c.listRequests()).rows).toHaveLength(10);
      stallAfter = 2;
      expect(errorOf(await c.listRequests()).code).toBe('timeout');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('the list: streamed, filtered, paged (issue 7)', () => {
  it('F7: a bare array and an {items, nextPageToken} envelope give the same rows', async () => {
    const bare = valueOf(await client().listRequests({ status: 'PENDING' }));
    sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'envelope', pageSize: 7 } });
    const paged = valueOf(await client().listRequests({ status: 'PENDING' }));
    expect(paged.rows.map((r) => r.id)).toEqual(bare.rows.map((r) => r.id));
    expect(paged.pages).toBe(Math.ceil(bare.rows.length / 7));
    expect(bare.pages).toBe(1);
  });

  it('F7: the next page token is sent under every query name fruxon-api.md lists', async () => {
    sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'envelope', pageSize: 10 } });
    valueOf(await client().listRequests({ status: 'PENDING' }));
    const second = new URLSearchParams(logFor('participantAccessRequests')[1]!.search);
    const token = second.get('pageToken');
    expect(token).toBeTruthy();
    for (const name of PAGE_TOKEN_PARAMS) expect(second.get(name), name).toBe(token);
    expect(second.get('status')).toBe('PENDING');
  });

  it('decidedLimit keeps every pending row and only the newest decided ones, counting the rest', async () => {
    const rows = [
      rawRow('p1'),
      rawRow('old', { status: 'APPROVED', processedAt: 1_700_000_001_000 }),
      rawRow('p2'),
      rawRow('newest', { status: 'REJECTED', processedAt: 1_700_000_009_000 }),
      rawRow('middle', { status: 'APPROVED', processedAt: 1_700_000_005_000 }),
    ];
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'rows', rows } });
    const result = valueOf(await client().listRequests({}, { decidedLimit: 2 }));
    expect(result.rows.map((r) => r.id).sort()).toEqual(['middle', 'newest', 'p1', 'p2']);
    expect(result.decidedOmitted).toEqual({ APPROVED: 1, REJECTED: 0 });
  });

  it('F5: items are validated one by one as they stream: bad ones dropped and counted, the rest kept', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'rows', rows: [rawRow('a'), 42, { id: '' }, rawRow('b'), [1]] } });
    const result = valueOf(await client().listRequests());
    expect(result.rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(result.dropped).toBe(3);
  });
});

describe('auth and rate limits', () => {
  it('F20: a revoked token is unauthorized', async () => {
    const token = sim.control.issueToken();
    sim.control.revokeToken(token);
    const result = await client({ token }).listRequests();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ code: 'unauthorized', status: 401 });
      expect(result.error.message).not.toContain(token);
    }
    expect(logFor('participantAccessRequests')).toHaveLength(1);
  });

  it('F24: 429 with Retry-After seconds is rate-limited with retryAfterMs and not retried', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 429, headers: { 'Retry-After': '30' } } });
    const e = errorOf(await client().listRequests());
    expect(e).toMatchObject({ code: 'rate-limited', status: 429, retryAfterMs: 30_000 });
    expect(logFor('participantAccessRequests')).toHaveLength(1);
  });

  it('F25: an HTTP-date Retry-After is measured against the server Date, not a client clock 5 min fast', async () => {
    const serverNow = Date.now();
    const retryAt = new Date(serverNow + 30_000).toUTCString();
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 429, headers: { 'Retry-After': retryAt } } });
    const e = errorOf(await client({ now: () => Date.now() + 5 * 60_000 }).listRequests());
    expect(e.code).toBe('rate-limited');
    expect(e.retryAfterMs).toBeGreaterThanOrEqual(28_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(31_000);
  });

  it('F26: 429 without headers is rate-limited without a retryAfterMs', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 429 } });
    const e = errorOf(await client().listRequests());
    expect(e.code).toBe('rate-limited');
    expect(e.retryAfterMs).toBeUndefined();
  });
});

describe('network faults (FAULTS B.4)', () => {
  it('F28: a burst of 503 on a GET is retried getRetries times, then reported as server', async () => {
    sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'status', status: 503 } });
    const e = errorOf(await client({ getRetries: 2 }).listRequests());
    expect(e).toMatchObject({ code: 'server', status: 503 });
    expect(e.sentMaybe).toBeUndefined();
    expect(logFor('participantAccessRequests')).toHaveLength(3);
  });

  it('F28: one 502 then success recovers within the same call', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 502 } });
    expect((await client().listRequests()).ok).toBe(true);
    expect(logFor('participantAccessRequests')).toHaveLength(2);
  });

  it('a 4xx on a GET is never retried', async () => {
    sim.control.injectFault({ route: 'list-requests', times: 5, action: { kind: 'status', status: 400, contentType: 'application/problem+json', body: '{"title":"Bad filter"}' } });
    const e = errorOf(await client().listRequests());
    expect(e.code).toBe('validation');
    expect(e.message).toContain('Bad filter');
    expect(logFor('participantAccessRequests')).toHaveLength(1);
  });

  it('F29: a hanging GET is aborted by the per-attempt timeout and counts as a timeout', async () => {
    sim.control.injectFault({ route: 'list-requests', times: 2, action: { kind: 'hang' } });
    const e = errorOf(await client({ timeoutMs: 250, getRetries: 1 }).listRequests());
    expect(e.code).toBe('timeout');
    expect(logFor('participantAccessRequests')).toHaveLength(2);
  });

  it('F29: an abort signal cancels a hanging GET at once', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = client({ timeoutMs: 10_000 }).listRequests({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const e = errorOf(await pending);
    expect(e.message).toBe('The request was cancelled.');
  });

  it('F31: a reset before answering a GET is offline and retried', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'reset' } });
    expect((await client().listRequests()).ok).toBe(true);
    sim.control.injectFault({ route: 'list-requests', times: 3, action: { kind: 'reset' } });
    const e = errorOf(await client().listRequests());
    expect(e.code).toBe('offline');
    expect(e.status).toBeUndefined();
  });

  it('F35: a refused connection is offline and certainly not sent', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const c = client({ baseUrl: `http://127.0.0.1:${port}`, getRetries: 0 });
    const e = errorOf(await c.approve('x', { mode: 'CREATE_NEW' }));
    expect(e.code).toBe('offline');
    expect(e.sentMaybe).toBeUndefined();
  });

  it('F37: a redirect to another origin is not followed and the token never leaves', async () => {
    const seen: Array<string | undefined> = [];
    const other = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const location = `http://127.0.0.1:${(other.address() as AddressInfo).port}/v1/tenants/${sim.tenant}/participantAccessRequests`;
      sim.control.injectFault({ route: 'list-requests', action: { kind: 'redirect', location, status: 307 } });
      const e = errorOf(await client().listRequests());
      expect(e).toMatchObject({ code: 'invalid-response', status: 307 });
      expect(seen).toEqual([]);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it('F36: a self-signed HTTPS server fails closed as "Secure connection failed"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-tls-'));
    let server: https.Server | undefined;
    try {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-days', '1'],
        { stdio: 'ignore' },
      );
      let requests = 0;
      server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
        requests += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      });
      await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
      const c = client({ baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const e = errorOf(await c.listRequests());
      expect(e.code).toBe('tls');
      expect(e.message).toContain('Secure connection failed');
      expect(requests).toBe(0);
    } finally {
      if (server) await new Promise<void>((r) => server?.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('S1: a client with a non-loopback http base URL sends nothing', async () => {
    const e = errorOf(await client({ baseUrl: 'http://example.com' }).listRequests());
    expect(e.code).toBe('bad-input');
  });
});

describe('related resources', () => {
  it('lists agents with names', async () => {
    const agents = valueOf(await client().listAgents());
    expect(agents.map((a) => a.id).sort()).toEqual(sim.facts.agents.map((a) => a.id).sort());
    expect(agents.every((a) => a.displayName.length > 0)).toBe(true);
  });

  it('lists integrations and their configs', async () => {
    const c = client();
    const integrations = valueOf(await c.listIntegrations());
    expect(integrations.length).toBeGreaterThan(0);
    const configs = (await Promise.all(integrations.map((i) => c.listConfigs(i.id)))).flatMap(valueOf);
    expect(configs.map((x) => x.id)).toContain(sim.facts.configs.whatsapp);
    expect(configs.map((x) => x.id)).not.toContain(sim.facts.orphanConfigId);
  });

  it('resolves users, and a deleted user is not-found (F11)', async () => {
    const c = client();
    expect(valueOf(await c.getUser(sim.facts.users.aliceUserId)).displayName).toBe('Alice Moreno');
    expect(errorOf(await c.getUser(sim.facts.users.deletedUserId)).code).toBe('not-found');
  });

  it('lists participants (optionally by agent) and gets one', async () => {
    const c = client();
    const all = valueOf(await c.listParticipants());
    expect(all.map((p) => p.id).sort()).toEqual(sim.control.listParticipants().map((p) => p.id).sort());
    const agentId = sim.facts.requests.matched.agentId;
    const bound = valueOf(await c.listParticipants({ agentId }));
    expect(bound.every((p) => p.agentIds.includes(agentId))).toBe(true);
    expect(logFor('/participants').at(-1)?.search).toContain(`agentId=${encodeURIComponent(agentId)}`);
    const one = valueOf(await c.getParticipant(sim.facts.participants.dana));
    expect(one.id).toBe(sim.facts.participants.dana);
    expect(one.channels.length).toBeGreaterThan(0);
  });

  it('auth/health returns the operator and the server date', async () => {
    const expiresAt = Date.now() + 3 * 86_400_000;
    const token = sim.control.issueToken({ expiresAt });
    const health = valueOf(await client({ token }).authHealth());
    expect(health.userId).toBe(sim.operatorUserId);
    expect(health.apiKeyExpiresAt).toBe(expiresAt);
    expect(typeof health.serverDate).toBe('number');
  });

  it('a token for another tenant path is forbidden', async () => {
    expect(errorOf(await client({ tenant: 'someone-else' }).listRequests()).code).toBe('forbidden');
  });
});

describe('paging, bodies and ids (mutation survivors)', () => {
  /**
   * Forwards to the simulator and rewrites the list answers of `needle` through `rewrite`
   * (given the JSON body and the pageToken asked for); `drop` strips the pageToken sent on.
   */
  const rewriting = (needle: string, rewrite: (body: unknown, asked: string | null) => unknown, drop = false) => {
    const asked: Array<string | null> = [];
    const wrapped: typeof fetch = async (input, init) => {
      const req = new Request(input, init);
      const url = new URL(req.url);
      if (!url.pathname.includes(needle)) return fetch(req);
      const token = url.searchParams.get('pageToken');
      asked.push(token);
      if (drop) for (const name of PAGE_TOKEN_PARAMS) url.searchParams.delete(name);
      const res = await fetch(new Request(url, req));
      const body = rewrite(await res.json(), token);
      return new Response(JSON.stringify(body), { status: res.status, headers: { 'content-type': 'application/json' } });
    };
    return { wrapped, asked };
  };
  const rowsOf = (body: unknown) => (Array.isArray(body) ? body : (body as { items: unknown[] }).items);

  it('F7: a repeated nextPageToken stops the paging of a list of requests (not truncated, nothing twice)', async () => {
    sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'envelope', pageSize: 3 } });
    const s = rewriting('participantAccessRequests', (body) => ({ ...(body as object), nextPageToken: 'again' }), true);
    const result = valueOf(await client({ fetch: s.wrapped }).listRequests({ status: 'PENDING' }));
    expect(s.asked).toEqual([null, 'again']);
    expect(result).toMatchObject({ truncated: false, pages: 2 });
    expect(result.rows).toHaveLength(3);
  });

  it('F7: a repeated nextPageToken stops the paging of other lists; rows repeated across pages are kept once', async () => {
    const s = rewriting('/agents', (body) => ({ items: rowsOf(body), nextPageToken: 'again' }));
    const agents = valueOf(await client({ fetch: s.wrapped }).listAgents());
    expect(s.asked).toEqual([null, 'again']);
    expect(agents.map((a) => a.id).sort()).toEqual(sim.facts.agents.map((a) => a.id).sort());
  });

  it('F7: other lists stop after maxPages pages', async () => {
    const s = rewriting('/agents', (body, asked) => ({ items: rowsOf(body), nextPageToken: `p${Number(asked?.slice(1) ?? 0) + 1}` }));
    valueOf(await client({ fetch: s.wrapped, maxPages: 3 }).listAgents());
    expect(s.asked).toEqual([null, 'p1', 'p2']);
  });

  it('F3: a decision answered with a 2xx we cannot read may have been applied (the caller reads back)', async () => {
    const editable = sim.facts.agents.find((a) => a.id !== 'field_ops')!.id;
    const id = sim.control.addPendingRequest({ agentId: editable }).id;
    const s = rewriting(':approve', () => ({ unexpected: true }));
    const e = errorOf(await client({ fetch: s.wrapped }).approve(id, { mode: 'CREATE_NEW', displayName: 'Dana' }));
    expect(e).toMatchObject({ code: 'invalid-response', sentMaybe: true, message: 'The server sent data in an unexpected shape.' });
  });

  it('a bad id or workspace name is refused with a message, without sending anything', async () => {
    let sent = 0;
    const counting: typeof fetch = async (input, init) => {
      sent += 1;
      return fetch(new Request(input, init));
    };
    const c = client({ fetch: counting });
    const refused: Array<Result<unknown>> = [await c.listConfigs('..'), await c.getUser('.'), await c.getParticipant('')];
    for (const r of refused) {
      expect(errorOf(r)).toEqual({ code: 'bad-input', message: 'That id is not valid.' });
    }
    expect(errorOf(await client({ fetch: counting, tenant: ' .. ' }).listAgents())).toEqual({ code: 'bad-input', message: 'The workspace name (tenant) is not valid.' });
    expect(sent).toBe(0);
  });

  it('F5: a page retried after a stall counts its dropped rows once, from the attempt that was used', async () => {
    let attempts = 0;
    const good = JSON.stringify(rawRow('g1'));
    const server = http.createServer((_req, res) => {
      attempts += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (attempts === 1) return void res.write(`["junk",${good},`); // then stalls, connection open
      res.end(`["junk",${good}]`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const result = valueOf(await client({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300, getRetries: 1 }).listRequests());
      expect(attempts).toBe(2);
      expect(result.rows.map((r) => r.id)).toEqual(['g1']);
      expect(result.dropped).toBe(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('the workspace name is trimmed before it goes into the path', async () => {
    const agents = valueOf(await client({ tenant: `  ${sim.tenant}  ` }).listAgents());
    expect(agents.length).toBe(sim.facts.agents.length);
  });
});
