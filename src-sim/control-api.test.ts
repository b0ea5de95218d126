import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIM_FACTS, startSimulator } from './index';
import { simApi } from '../test/support/sim-api';
import type { RawRequest, RequestLogEntry, SimulatorHandle } from './types';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
let sim: SimulatorHandle;
beforeEach(async () => {
  sim = await startSimulator({ now: () => NOW });
});
afterEach(async () => {
  await sim.close();
});

const control = (method: string, path: string, body?: unknown, secret: string | null = sim.token) =>
  fetch(`${sim.url}/_sim/${path}`, {
    method,
    headers: { ...(secret ? { 'x-sim-control': secret } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });

describe('control HTTP API', () => {
  it('requires the x-sim-control header with the simulator token', async () => {
    const before = sim.control.listRequests().length;
    for (const secret of [null, 'wrong', `${sim.token}x`]) {
      expect((await control('POST', 'requests', {}, secret)).status).toBe(401);
      expect((await control('GET', 'log', undefined, secret)).status).toBe(401);
    }
    expect(sim.control.listRequests()).toHaveLength(before);
  });

  it('injects faults (times "Infinity") and clears them', async () => {
    expect((await control('POST', 'faults', { route: 'list-requests', times: 'Infinity', action: { kind: 'status', status: 429, headers: { 'Retry-After': '30' } } })).status).toBe(204);
    expect((await simApi(sim).get('participantAccessRequests')).status).toBe(429);
    expect((await simApi(sim).get('participantAccessRequests')).status).toBe(429);
    expect((await control('DELETE', 'faults')).status).toBe(204);
    expect((await simApi(sim).get('participantAccessRequests')).status).toBe(200);
    expect((await control('POST', 'faults', { route: 'nope', action: { kind: 'reset' } })).status).toBe(400);
  });

  it('creates pending requests and lets Alice decide them', async () => {
    const created = await control('POST', 'requests', { provider: 'sms', displayName: 'Via control' });
    expect(created.status).toBe(201);
    const row = (await created.json()) as RawRequest;
    expect(row).toMatchObject({ status: 'PENDING', provider: 'sms', displayName: 'Via control' });
    expect(sim.control.getRequest(row.id)).toEqual(row);
    expect((await control('POST', 'requests', { id: row.id })).status).toBe(409);

    const decided = await control('POST', `requests/${row.id}/decide`, { decision: 'APPROVED', note: 'ok' });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ status: 'APPROVED', processedBy: SIM_FACTS.users.aliceUserId, processingNote: 'ok' });
    expect((await control('POST', `requests/${row.id}/decide`, { decision: 'REJECTED' })).status).toBe(409);
    expect((await control('POST', 'requests/00000000-0000-4000-8000-000000000000/decide', { decision: 'REJECTED' })).status).toBe(404);
    expect((await control('POST', `requests/${row.id}/decide`, { decision: 'MAYBE' })).status).toBe(400);
  });

  it('serves the request log without control calls, and resets it', async () => {
    await simApi(sim).get('participantAccessRequests?status=PENDING');
    const log = (await (await control('GET', 'log')).json()) as RequestLogEntry[];
    expect(log).toEqual([{ method: 'GET', path: `/v1/tenants/demo/participantAccessRequests`, search: '?status=PENDING', status: 200, at: NOW }]);
    expect((await control('DELETE', 'log')).status).toBe(204);
    expect(sim.control.requestLog()).toEqual([]);
  });

  it('issues and revokes tokens, toggles read-only agents, approves devices and shows the facts', async () => {
    const { token } = (await (await control('POST', 'tokens', {})).json()) as { token: string };
    expect((await simApi(sim, token).get('agents')).status).toBe(200);
    expect((await control('POST', 'tokens/revoke', { token })).status).toBe(204);
    expect((await simApi(sim, token).get('agents')).status).toBe(401);

    expect((await control('PUT', 'agents/support_desk/read-only', { readOnly: true })).status).toBe(204);
    const id = SIM_FACTS.requests.duplicatePhone.smsRequestId;
    expect((await simApi(sim).post(`participantAccessRequests/${id}:reject`)).status).toBe(403);

    const started = await fetch(`${sim.url}/v1/deviceAuthorizations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"preset":"operator"}' });
    const { userCode } = (await started.json()) as { userCode: string };
    expect(await (await control('POST', 'devices/approve', { userCode })).json()).toEqual({ approved: true });

    expect(await (await control('GET', 'facts')).json()).toEqual(SIM_FACTS);
    expect((await control('GET', 'nothing')).status).toBe(404);
  });
});
