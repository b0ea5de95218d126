import { describe, expect, it } from 'vitest';
import { SIM_FACTS, startSimulator } from './index';
import { simApi, simulatorPerTest } from '../test/support/sim-api';
import type { RawParticipant, RawRequest } from './types';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const HOUR = 3_600_000;
const LIST = 'participantAccessRequests';

const t = simulatorPerTest(NOW);

const api = () => simApi(t.sim);
const list = async (query = ''): Promise<RawRequest[]> => {
  const res = await api().get(`${LIST}${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as RawRequest[];
};
const participant = (id: string): RawParticipant | undefined => t.sim.control.listParticipants().find((p) => p.id === id);
const approve = (id: string, body: unknown) => api().post(`${LIST}/${id}:approve`, body);
const reject = (id: string, body?: unknown) => api().post(`${LIST}/${id}:reject`, body);
const pendingIds = () => t.sim.control.listRequests().filter((r) => r.status === 'PENDING').map((r) => r.id);
const facts = SIM_FACTS.requests;

describe('seed data', () => {
  it('is identical for the same seed and clock, and differs for another seed', async () => {
    const twin = await startSimulator({ now: () => NOW });
    const other = await startSimulator({ now: () => NOW, seed: 7 });
    try {
      const a = await (await api().get(LIST)).text();
      const b = await (await simApi(twin).get(LIST)).text();
      expect(b).toBe(a);
      expect(twin.token).toBe(t.sim.token);
      expect(twin.tenantId).toBe(t.sim.tenantId);
      const c = await (await simApi(other).get(LIST)).text();
      expect(other.token).not.toBe(t.sim.token);
      expect(c).not.toBe(a);
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  it('keeps the facts stable for every pending count and exposes them as SIM_FACTS', async () => {
    const small = await startSimulator({ pending: 3, now: () => NOW });
    try {
      expect(small.facts).toEqual(SIM_FACTS);
      expect(t.sim.facts).toEqual(SIM_FACTS);
      expect(t.sim.operatorUserId).toBe(SIM_FACTS.users.operatorUserId);
      expect(small.control.listRequests().filter((r) => r.status === 'PENDING').map((r) => r.id)).toEqual(SIM_FACTS.pendingStoryIds.slice(0, 3));
    } finally {
      await small.close();
    }
  });

  it('seeds the documented situations: 24 pending, history, duplicates, matches, spread of ages', async () => {
    const rows = await list();
    const pending = rows.filter((r) => r.status === 'PENDING');
    expect(pending).toHaveLength(24);
    expect(rows.some((r) => r.status === 'APPROVED')).toBe(true);
    expect(rows.some((r) => r.status === 'REJECTED')).toBe(true);
    expect(new Set(pending.map((r) => r.provider))).toEqual(new Set(['slack', 'teams', 'telegram', 'whatsapp', 'sms']));
    expect(pending.some((r) => NOW - r.createdAt > 2 * HOUR)).toBe(true);
    expect(pending.some((r) => NOW - r.createdAt < 10 * 60_000)).toBe(true);
    expect(pending.every((r) => NOW - r.createdAt <= 73 * HOUR)).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);

    const byId = new Map(rows.map((r) => [r.id, r]));
    const wa = byId.get(facts.duplicatePhone.whatsappRequestId);
    const sms = byId.get(facts.duplicatePhone.smsRequestId);
    expect([wa?.provider, wa?.address, wa?.status]).toEqual(['whatsapp', facts.duplicatePhone.address, 'PENDING']);
    expect([sms?.provider, sms?.address, sms?.displayName]).toEqual(['sms', facts.duplicatePhone.address, '']);

    const again = byId.get(facts.repeatAfterReject.pendingRequestId);
    const before = byId.get(facts.repeatAfterReject.rejectedRequestId);
    expect(before?.status).toBe('REJECTED');
    expect([before?.integrationConfigId, before?.address, before?.agentId]).toEqual([again?.integrationConfigId, again?.address, again?.agentId]);

    const matched = byId.get(facts.matched.requestId);
    const owner = participant(facts.matched.participantId);
    expect(matched?.matchedParticipantId).toBe(owner?.id);
    expect(owner?.channels).toContainEqual(expect.objectContaining({ integrationConfigId: matched?.integrationConfigId, address: matched?.address }));
    expect(owner?.agentIds).not.toContain(matched?.agentId);
  });

  it('resolves every config, agent and processedBy id except the documented broken ones', async () => {
    const rows = await list();
    const integrations = (await (await api().get('integrations')).json()) as { items: Array<{ id: string }>; nextPageToken: null };
    expect(integrations.nextPageToken).toBeNull();
    const configIds = new Set<string>();
    for (const integration of integrations.items) {
      const configs = (await (await api().get(`integrations/${integration.id}/configs`)).json()) as Array<{ id: string; integrationId: string }>;
      for (const c of configs) {
        expect(c.integrationId).toBe(integration.id);
        configIds.add(c.id);
      }
    }
    const unresolved = rows.filter((r) => !configIds.has(r.integrationConfigId)).map((r) => r.id);
    expect(unresolved).toEqual([facts.orphanConfigRequestId]);

    const agents = (await (await api().get('agents')).json()) as Array<{ id: string; displayName: string }>;
    expect(agents.map((a) => a.id)).toEqual(SIM_FACTS.agents.map((a) => a.id));
    expect(rows.filter((r) => !agents.some((a) => a.id === r.agentId)).map((r) => r.id)).toEqual([facts.deletedAgentRequestId]);

    const deciders = [...new Set(rows.map((r) => r.processedBy).filter((x): x is string => x !== null))];
    const statuses = await Promise.all(deciders.map(async (id) => [id, (await api().get(`users/${id}`)).status] as const));
    expect(statuses.filter(([, s]) => s !== 200).map(([id]) => id)).toEqual([SIM_FACTS.users.deletedUserId]);
    const alice = (await (await api().get(`users/${SIM_FACTS.users.aliceUserId}`)).json()) as { firstName: string; lastName: string };
    expect(`${alice.firstName} ${alice.lastName}`).toBe('Alice Moreno');
  });

  it('generates large queues with unique ids', async () => {
    const big = await startSimulator({ pending: 10_000, now: () => NOW });
    try {
      const rows = big.control.listRequests();
      expect(rows.filter((r) => r.status === 'PENDING')).toHaveLength(10_000);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    } finally {
      await big.close();
    }
  });
});

describe('list and get', () => {
  it('filters by status case-insensitively, with camelCase or PascalCase names', async () => {
    const upper = await list('?status=PENDING');
    expect(upper).toHaveLength(24);
    expect(await list('?status=pending')).toEqual(upper);
    expect(await list('?Status=Pending')).toEqual(upper);
    const approved = await list('?Status=APPROVED');
    expect(approved.length).toBeGreaterThan(0);
    expect(approved.every((r) => r.status === 'APPROVED')).toBe(true);
    expect((await list('?status=UNSPECIFIED')).length).toBe((await list()).length);
    const bad = await api().get(`${LIST}?status=ESCALATED`);
    expect(bad.status).toBe(400);
  });

  it('filters by agentId and participantId (matched or approved)', async () => {
    const forAgent = await list('?AgentId=field_ops&status=PENDING');
    expect(forAgent.length).toBeGreaterThan(0);
    expect(forAgent.every((r) => r.agentId === 'field_ops')).toBe(true);
    expect(await list('?agentId=field_ops&status=PENDING')).toEqual(forAgent);

    const omar = await list(`?participantId=${SIM_FACTS.participants.omar}`);
    expect(omar.map((r) => r.id)).toEqual([facts.approvedByAliceRequestId]);
    const anna = await list(`?ParticipantId=${SIM_FACTS.participants.anna}`);
    expect(anna.map((r) => r.id)).toEqual([facts.matched.requestId]);
  });

  it('repeat polls see every change (decisions and new requests)', async () => {
    const first = await list('?status=PENDING');
    expect(await list('?status=PENDING')).toEqual(first);
    await approve(facts.duplicatePhone.whatsappRequestId, { mode: 'CREATE_NEW' });
    const afterApprove = await list('?status=PENDING');
    expect(afterApprove.map((r) => r.id)).toEqual(first.map((r) => r.id).filter((id) => id !== facts.duplicatePhone.whatsappRequestId));
    const added = t.sim.control.addPendingRequest();
    expect((await list('?status=PENDING')).map((r) => r.id)).toEqual([...afterApprove.map((r) => r.id), added.id]);
    const approved = await list('?status=APPROVED');
    expect(approved.find((r) => r.id === facts.duplicatePhone.whatsappRequestId)?.processedBy).toBe(t.sim.operatorUserId);
  });

  it('gets one request by id and answers 404 problem+json for an unknown id', async () => {
    const res = await api().get(`${LIST}/${facts.matched.requestId}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as RawRequest).id).toBe(facts.matched.requestId);
    const missing = await api().get(`${LIST}/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ status: 404, title: expect.any(String), detail: expect.any(String) });
  });

  it('always sends a Date header taken from the simulator clock', async () => {
    const res = await api().get('agents');
    expect(res.headers.get('date')).toBe(new Date(NOW).toUTCString());
    const unauthorised = await simApi(t.sim, null).get('agents');
    expect(unauthorised.headers.get('date')).toBe(new Date(NOW).toUTCString());
  });
});

describe('approve', () => {
  it('CREATE_NEW creates a PERSON participant from the sender, bound to the agent, and records the decision', async () => {
    const id = facts.duplicatePhone.whatsappRequestId;
    const before = t.sim.control.getRequest(id);
    t.setClock(NOW + 5_000);
    const res = await approve(id, { mode: 'CREATE_NEW', displayName: 'Amira (Support)', note: 'known customer' });
    expect(res.status).toBe(200);
    const row = (await res.json()) as RawRequest;
    expect(row).toMatchObject({ id, status: 'APPROVED', processedBy: t.sim.operatorUserId, processedAt: NOW + 5_000, processingNote: 'known customer', modifiedAt: NOW + 5_000 });
    const created = participant(row.approvedParticipantId ?? '');
    expect(created).toMatchObject({ kind: 'PERSON', displayName: 'Amira (Support)', agentIds: [before?.agentId] });
    expect(created?.channels).toEqual([{ integrationConfigId: before?.integrationConfigId, address: before?.address, priority: 0, label: null, disabled: false }]);
    expect(t.sim.control.getRequest(id)).toEqual(row);
  });

  it('CREATE_NEW falls back to the request name, then to the address', async () => {
    const named = (await (await approve(facts.repeatAfterReject.pendingRequestId, { mode: 'CREATE_NEW' })).json()) as RawRequest;
    expect(participant(named.approvedParticipantId ?? '')?.displayName).toBe('Yusuf 🚀');
    const nameless = (await (await approve(facts.emptyNameRequestId, { mode: 'CREATE_NEW', displayName: '  ' })).json()) as RawRequest;
    expect(participant(nameless.approvedParticipantId ?? '')?.displayName).toBe(facts.duplicatePhone.address);
    expect(nameless.processingNote).toBeNull();
  });

  it('ADD_TO_EXISTING appends the channel to the chosen participant and binds the agent', async () => {
    const { requestId, participantId, address } = facts.addToExisting;
    const row = t.sim.control.getRequest(requestId);
    const res = await approve(requestId, { mode: 'ADD_TO_EXISTING', participantId, note: 'same phone as their SMS' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as RawRequest).approvedParticipantId).toBe(participantId);
    const kwame = participant(participantId);
    expect(kwame?.channels.map((c) => [c.integrationConfigId, c.address])).toContainEqual([row?.integrationConfigId, address]);
    expect(kwame?.channels).toHaveLength(2);
    expect(kwame?.agentIds).toContain(row?.agentId);

    const readd = t.sim.control.addPendingRequest({ integrationConfigId: row?.integrationConfigId, address, agentId: 'support_desk' });
    await approve(readd.id, { mode: 'ADD_TO_EXISTING', participantId });
    expect(participant(participantId)?.channels).toHaveLength(2);
    expect(participant(participantId)?.agentIds).toEqual(['billing_helper', 'support_desk']);
  });

  it('ADD_TO_EXISTING with a participant that does not exist answers 400 and changes nothing', async () => {
    const id = facts.addToExisting.requestId;
    const res = await approve(id, { mode: 'ADD_TO_EXISTING', participantId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(400);
    expect(t.sim.control.getRequest(id)?.status).toBe('PENDING');
  });

  it('BIND_ONLY adds the agent to the matched participant without a new channel', async () => {
    const { requestId, participantId, agentId } = facts.matched;
    const channelsBefore = participant(participantId)?.channels;
    const res = await approve(requestId, { mode: 'BIND_ONLY' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as RawRequest).approvedParticipantId).toBe(participantId);
    expect(participant(participantId)?.agentIds).toContain(agentId);
    expect(participant(participantId)?.channels).toEqual(channelsBefore);
  });

  it('accepts camelCase mode names', async () => {
    expect((await approve(facts.matchedSecond.requestId, { mode: 'bindOnly' })).status).toBe(200);
    expect((await approve(facts.duplicatePhone.whatsappRequestId, { mode: 'createNew' })).status).toBe(200);
    expect((await approve(facts.addToExisting.requestId, { mode: 'addToExisting', participantId: facts.addToExisting.participantId })).status).toBe(200);
  });

  it.each([
    ['an unknown property', { mode: 'CREATE_NEW', isAdmin: true }],
    ['a displayName over 150 characters', { mode: 'CREATE_NEW', displayName: 'x'.repeat(151) }],
    ['a note over 4000 characters', { mode: 'CREATE_NEW', note: 'n'.repeat(4001) }],
    ['no mode', { note: 'hi' }],
    ['mode UNSPECIFIED', { mode: 'UNSPECIFIED' }],
    ['an unknown mode', { mode: 'MERGE' }],
    ['ADD_TO_EXISTING without participantId', { mode: 'ADD_TO_EXISTING' }],
    ['an empty body', undefined],
  ])('answers 400 problem+json for %s and leaves the request pending', async (_label, body) => {
    const id = facts.duplicatePhone.whatsappRequestId;
    const res = await approve(id, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 400, detail: expect.any(String) });
    expect(t.sim.control.getRequest(id)?.status).toBe('PENDING');
  });

  it('accepts the maximum lengths exactly', async () => {
    const res = await approve(facts.duplicatePhone.whatsappRequestId, { mode: 'CREATE_NEW', displayName: 'd'.repeat(150), note: 'n'.repeat(4000) });
    expect(res.status).toBe(200);
  });

  it('BIND_ONLY on a request without a matched participant answers 400', async () => {
    const res = await approve(facts.duplicatePhone.whatsappRequestId, { mode: 'BIND_ONLY' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/matched participant/);
    expect(t.sim.control.getRequest(facts.duplicatePhone.whatsappRequestId)?.status).toBe('PENDING');
  });
});

describe('reject', () => {
  it.each([
    ['no body', undefined, null],
    ['{}', {}, null],
    ['{note}', { note: 'spam' }, 'spam'],
  ])('accepts %s', async (_label, body, note) => {
    const id = facts.duplicatePhone.smsRequestId;
    const res = await reject(id, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, status: 'REJECTED', processedBy: t.sim.operatorUserId, processedAt: NOW, processingNote: note, approvedParticipantId: null });
  });

  it('validates the body: unknown property or a note over 4000 characters', async () => {
    expect((await reject(facts.duplicatePhone.smsRequestId, { reason: 'x' })).status).toBe(400);
    expect((await reject(facts.duplicatePhone.smsRequestId, { note: 'n'.repeat(4001) })).status).toBe(400);
    expect(t.sim.control.getRequest(facts.duplicatePhone.smsRequestId)?.status).toBe('PENDING');
  });
});

describe('decisions on requests that are no longer pending', () => {
  it('F32: a second decision answers 400 problem+json saying the request is not pending', async () => {
    const id = facts.duplicatePhone.whatsappRequestId;
    expect((await approve(id, { mode: 'CREATE_NEW' })).status).toBe(200);
    for (const res of [await approve(id, { mode: 'CREATE_NEW' }), await reject(id, { note: 'late' })]) {
      expect(res.status).toBe(400);
      const body = (await res.json()) as { detail: string; status: number };
      expect(body.status).toBe(400);
      expect(body.detail).toMatch(/not in Pending|not pending/i);
    }
    expect(t.sim.control.getRequest(id)?.processingNote).toBeNull();
  });

  it('F32: after Alice decided, our approve is refused and her decision stands', async () => {
    const id = facts.duplicatePhone.smsRequestId;
    const decided = t.sim.control.decideAsOtherOperator(id, 'REJECTED', 'spam');
    expect(decided).toMatchObject({ status: 'REJECTED', processedBy: SIM_FACTS.users.aliceUserId, processingNote: 'spam' });
    expect((await approve(id, { mode: 'CREATE_NEW' })).status).toBe(400);
    expect(t.sim.control.getRequest(id)?.status).toBe('REJECTED');
  });
});

describe('authentication and authorisation', () => {
  it('F20: 401 with an empty body for a missing, unknown, revoked or expired token', async () => {
    const revoked = t.sim.control.issueToken();
    const expired = t.sim.control.issueToken({ expiresAt: NOW - 1 });
    expect((await simApi(t.sim, revoked).get('agents')).status).toBe(200);
    t.sim.control.revokeToken(revoked);
    for (const token of [null, 'fx_pat_nope', revoked, expired]) {
      const res = await simApi(t.sim, token).get(LIST);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
    }
  });

  it('F22: 403 for a valid token on another tenant path; the tenantId works as well as the slug', async () => {
    const other = await fetch(`${t.sim.url}/v1/tenants/other-co/${LIST}`, { headers: { authorization: `Bearer ${t.sim.token}` } });
    expect(other.status).toBe(403);
    const byId = await fetch(`${t.sim.url}/v1/tenants/${t.sim.tenantId}/${LIST}`, { headers: { authorization: `Bearer ${t.sim.token}` } });
    expect(byId.status).toBe(200);
  });

  it('F22: decisions on the read-only agent answer 403 problem+json requiring Editor role', async () => {
    const id = facts.readOnlyRequestId;
    for (const res of [await approve(id, { mode: 'CREATE_NEW' }), await reject(id, {})]) {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/requires Editor role/);
    }
    expect(t.sim.control.getRequest(id)?.status).toBe('PENDING');
    t.sim.control.setReadOnlyAgent(SIM_FACTS.readOnlyAgentId, false);
    expect((await reject(id, {})).status).toBe(200);
    t.sim.control.setReadOnlyAgent('support_desk', true);
    expect((await reject(facts.duplicatePhone.smsRequestId, {})).status).toBe(403);
  });

  it('reports the credential on auth/health', async () => {
    const res = await api().get('auth/health');
    expect(await res.json()).toMatchObject({ tenantId: t.sim.tenantId, userId: t.sim.operatorUserId, apiKeyExpiresAt: NOW + 90 * 24 * HOUR });
    const expiring = t.sim.control.issueToken({ expiresAt: NOW + 2 * 24 * HOUR });
    expect(await (await simApi(t.sim, expiring).get('auth/health')).json()).toMatchObject({ apiKeyExpiresAt: NOW + 2 * 24 * HOUR });
  });
});

describe('paths and related resources', () => {
  it('takes the :approve verb with a literal colon and also percent-encoded', async () => {
    const literal = await fetch(`${t.sim.url}/v1/tenants/demo/${LIST}/${facts.duplicatePhone.whatsappRequestId}:approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.sim.token}`, 'content-type': 'application/json' },
      body: '{"mode":"CREATE_NEW"}',
    });
    expect(literal.status).toBe(200);
    const encoded = await fetch(`${t.sim.url}/v1/tenants/demo/${LIST}/${facts.duplicatePhone.smsRequestId}%3Areject`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.sim.token}` },
    });
    expect(encoded.status).toBe(200);
    expect(t.sim.control.getRequest(facts.duplicatePhone.smsRequestId)?.status).toBe('REJECTED');
  });

  it('lists participants (optionally per agent) and gets one, 404 when unknown', async () => {
    const all = (await (await api().get('participants')).json()) as RawParticipant[];
    expect(all.length).toBe(t.sim.control.listParticipants().length);
    const forAgent = (await (await api().get('participants?agentId=onboarding_guide')).json()) as RawParticipant[];
    expect(forAgent.length).toBeGreaterThan(0);
    expect(forAgent.every((p) => p.agentIds.includes('onboarding_guide'))).toBe(true);
    const one = await api().get(`participants/${SIM_FACTS.participants.dana}`);
    expect(((await one.json()) as RawParticipant).displayName).toBe('Dana Whitfield');
    expect((await api().get('participants/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('answers 404 for unknown integrations, configs, users and endpoints', async () => {
    expect((await api().get('integrations/nope/configs')).status).toBe(404);
    expect((await api().get(`integrations/slack/configs/${SIM_FACTS.orphanConfigId}`)).status).toBe(404);
    expect((await api().get(`integrations/slack/configs/${SIM_FACTS.configs.slackSupport}`)).status).toBe(200);
    expect((await api().get(`users/${SIM_FACTS.users.deletedUserId}`)).status).toBe(404);
    expect((await api().get(`agents/${SIM_FACTS.deletedAgentId}`)).status).toBe(404);
    expect((await api().get('nothing-here')).status).toBe(404);
  });

  it('adds pending requests through the control surface', async () => {
    const row = t.sim.control.addPendingRequest({ provider: 'telegram', displayName: 'Новый 👋' });
    expect(row).toMatchObject({ status: 'PENDING', provider: 'telegram', createdAt: NOW, integrationConfigId: SIM_FACTS.configs.telegram });
    expect(row.address).toMatch(/^\d+$/);
    expect((await list('?status=PENDING')).map((r) => r.id)).toContain(row.id);
    expect(pendingIds()).toHaveLength(25);
  });
});
