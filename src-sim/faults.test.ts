import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFaultRule } from './faults';
import { SIM_FACTS, startSimulator } from './index';
import { simApi } from '../test/support/sim-api';
import { manualTimers } from '../test/support/timers';
import type { RawRequest, SimulatorHandle } from './types';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const LIST = 'participantAccessRequests';
const pendingId = SIM_FACTS.requests.duplicatePhone.whatsappRequestId;

let sim: SimulatorHandle;
beforeEach(async () => {
  sim = await startSimulator({ now: () => NOW });
});
afterEach(async () => {
  await sim.close();
});

const api = () => simApi(sim);
const approve = () => api().post(`${LIST}/${pendingId}:approve`, { mode: 'CREATE_NEW' });
/** Resolves to 'answered' or 'failed' without throwing. */
const settle = (p: Promise<Response>) => p.then(() => 'answered' as const, () => 'failed' as const);
const logged = (status: number) => sim.control.requestLog().some((e) => e.status === status);

describe('status faults', () => {
  it('F24: 429 with Retry-After: 30 once, then normal answers', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 429, headers: { 'Retry-After': '30' } } });
    const limited = await api().get(LIST);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.headers.get('date')).toBe(new Date(NOW).toUTCString());
    expect((await api().get(LIST)).status).toBe(200);
  });

  it('F25: 429 with an HTTP-date Retry-After next to the server Date header', async () => {
    const retryAt = new Date(NOW + 45_000).toUTCString();
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 429, headers: { 'Retry-After': retryAt } } });
    const res = await api().get(LIST);
    expect(res.headers.get('retry-after')).toBe(retryAt);
    expect(Date.parse(res.headers.get('retry-after') ?? '') - Date.parse(res.headers.get('date') ?? '')).toBe(45_000);
  });

  it('F26/F28: a burst of 503s answers problem+json for exactly `times` requests', async () => {
    sim.control.injectFault({ route: 'list-requests', times: 2, action: { kind: 'status', status: 503 } });
    const first = await api().get(LIST);
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ status: 503, detail: expect.any(String) });
    expect((await api().get(LIST)).status).toBe(503);
    expect((await api().get(LIST)).status).toBe(200);
  });

  it('times: Infinity keeps failing until clearFaults; custom body and content type are sent as given', async () => {
    sim.control.injectFault({ route: 'agents', times: Infinity, action: { kind: 'status', status: 500, body: 'oops', contentType: 'text/plain' } });
    for (let i = 0; i < 3; i += 1) {
      const res = await api().get('agents');
      expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([500, 'text/plain', 'oops']);
    }
    sim.control.clearFaults();
    expect((await api().get('agents')).status).toBe(200);
  });

  it("an agent's collaborators list is a route of its own: its faults leave the agents list alone", async () => {
    const agent = sim.facts.readOnlyAgentId;
    sim.control.injectFault({ route: 'collaborators', action: { kind: 'status', status: 503 } });
    expect((await api().get('agents')).status).toBe(200);
    expect((await api().get(`agents/${agent}`)).status).toBe(200);
    expect((await api().get(`agents/${agent}/collaborators`)).status).toBe(503);
    expect((await api().get(`agents/${agent}/collaborators`)).status).toBe(200);
  });

  it("consumes a route's own rules before '*' rules, each FIFO", async () => {
    sim.control.injectFault({ route: '*', action: { kind: 'status', status: 502 } });
    sim.control.injectFault({ route: 'agents', action: { kind: 'status', status: 500 } });
    sim.control.injectFault({ route: 'agents', action: { kind: 'status', status: 504 } });
    expect((await api().get('agents')).status).toBe(500);
    expect((await api().get('agents')).status).toBe(504);
    expect((await api().get('users/x')).status).toBe(502);
    expect((await api().get('users/x')).status).toBe(404);
  });
});

describe('bad bodies', () => {
  it('F1: malformed JSON with status 200 and a JSON content type', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'malformed-json' } });
    const res = await api().get(LIST);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    await expect(res.json()).rejects.toThrow();
  });

  it('F2: a captive-portal HTML page with status 200', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'html' } });
    const res = await api().get(LIST);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await res.text()).toMatch(/<html/);
  });

  it('F3: an empty body with 200 or 204', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'empty' } });
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'empty', status: 204 } });
    const ok = await api().get(LIST);
    expect([ok.status, await ok.text()]).toEqual([200, '']);
    const none = await api().get(LIST);
    expect([none.status, await none.text()]).toEqual([204, '']);
  });

  it('F9: a huge JSON array of about the requested size, streamed without Content-Length', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'huge', bytes: 2_000_000 } });
    const res = await api().get(LIST);
    expect(res.headers.get('content-length')).toBeNull();
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(2_000_000);
    expect(Buffer.byteLength(text)).toBeLessThan(2_010_000);
    const rows = JSON.parse(text) as RawRequest[];
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('F5/F6: rows answers exactly the given raw rows', async () => {
    const rows = [{ id: 123 }, JSON.parse('{"id":"a","__proto__":{"isAdmin":true}}'), { id: 'b', status: 'Pending' }];
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'rows', rows } });
    expect(await (await api().get(LIST)).text()).toBe(JSON.stringify(rows));
  });

  it('F7: envelope pages follow nextPageToken and add up to the bare list', async () => {
    const bare = (await (await api().get(`${LIST}?status=PENDING`)).json()) as RawRequest[];
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'envelope', pageSize: 10 } });
    const seen: string[] = [];
    let query = '?status=PENDING';
    for (let page = 0; page < 10; page += 1) {
      const body = (await (await api().get(`${LIST}${query}`)).json()) as { items: RawRequest[]; nextPageToken: string | null; totalCount: number };
      expect(body.totalCount).toBe(24);
      seen.push(...body.items.map((r) => r.id));
      if (!body.nextPageToken) break;
      query = `?status=PENDING&pageToken=${encodeURIComponent(body.nextPageToken)}`;
    }
    expect(seen).toEqual(bare.map((r) => r.id));
    expect((await api().get(`${LIST}?pageToken=garbage`)).status).toBe(400);
  });

  it('F37: a redirect to another origin with the given status', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'redirect', location: 'https://login.example.net/sso' } });
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'redirect', location: 'https://login.example.net/sso', status: 307 } });
    const first = await api().get(LIST, { redirect: 'manual' });
    expect([first.status, first.headers.get('location')]).toEqual([302, 'https://login.example.net/sso']);
    expect((await api().get(LIST, { redirect: 'manual' })).status).toBe(307);
  });
});

describe('network faults', () => {
  it('F31: reset drops the connection before the approve is applied', async () => {
    sim.control.injectFault({ route: 'approve', action: { kind: 'reset' } });
    expect(await settle(approve())).toBe('failed');
    expect(sim.control.getRequest(pendingId)?.status).toBe('PENDING');
    expect(logged(0)).toBe(true);
  });

  it('F30/F31: reset-after-apply drops the connection after the approve was applied', async () => {
    sim.control.injectFault({ route: 'approve', action: { kind: 'reset-after-apply' } });
    expect(await settle(approve())).toBe('failed');
    expect(sim.control.getRequest(pendingId)).toMatchObject({ status: 'APPROVED', processedBy: sim.operatorUserId });
  });

  it('F30: hang-after-apply applies the approve and never answers; close() ends the request', async () => {
    sim.control.injectFault({ route: 'approve', action: { kind: 'hang-after-apply' } });
    const outcome = settle(approve());
    await vi.waitFor(() => expect(sim.control.getRequest(pendingId)?.status).toBe('APPROVED'));
    await sim.close();
    expect(await outcome).toBe('failed');
  });

  it('F29: hang never answers until close()', async () => {
    sim.control.injectFault({ route: 'list-requests', action: { kind: 'hang' } });
    let state = 'waiting';
    const outcome = settle(api().get(LIST)).then((s) => (state = s));
    await vi.waitFor(() => expect(logged(0)).toBe(true));
    // A normal request on a fresh connection is answered while the hung one is still open.
    expect((await api().get('agents')).status).toBe(200);
    expect(state).toBe('waiting');
    await sim.close();
    expect(await outcome).toBe('failed');
  });

  it('latency delays the answer until the timer fires, then answers normally', async () => {
    const manual = manualTimers();
    const slow = await startSimulator({ now: () => NOW, timers: manual.timers });
    try {
      slow.control.injectFault({ route: 'agents', action: { kind: 'latency', ms: 5_000 } });
      let answered = false;
      const res = simApi(slow).get('agents').then((r) => {
        answered = true;
        return r;
      });
      await vi.waitFor(() => expect(manual.scheduled()).toEqual([5_000]));
      expect(answered).toBe(false);
      manual.runDue();
      expect((await res).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('faults apply to device-flow routes too', async () => {
    sim.control.injectFault({ route: 'device-start', action: { kind: 'status', status: 503 } });
    const res = await fetch(`${sim.url}/v1/deviceAuthorizations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"preset":"operator"}' });
    expect(res.status).toBe(503);
  });
});

describe('parseFaultRule (control HTTP API input)', () => {
  it.each([
    [{ route: 'approve', action: { kind: 'reset' } }, { route: 'approve', action: { kind: 'reset' } }],
    [{ route: '*', times: 'Infinity', action: { kind: 'hang' } }, { route: '*', times: Infinity, action: { kind: 'hang' } }],
    [{ route: 'list-requests', times: 3, action: { kind: 'status', status: 429 } }, { route: 'list-requests', times: 3, action: { kind: 'status', status: 429 } }],
  ])('accepts %j', (input, expected) => {
    expect(parseFaultRule(input)).toEqual({ ok: true, rule: expected });
  });

  it.each([
    [null],
    [{ route: 'nope', action: { kind: 'reset' } }],
    [{ route: 'approve', action: { kind: 'explode' } }],
    [{ route: 'approve', action: { kind: 'status' } }],
    [{ route: 'approve', times: 0, action: { kind: 'reset' } }],
  ])('rejects %j', (input) => {
    expect(parseFaultRule(input).ok).toBe(false);
  });
});
