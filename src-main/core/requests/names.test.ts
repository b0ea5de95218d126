/**
 * The name cache of one workspace against the simulator over real HTTP: what each lookup costs,
 * how a failure is remembered, and that a stopped workspace's lookups stop with it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-sim';
import { aRequest } from '../../../test/fakes/builders';
import { createApiClient } from '../api/client';
import { createNames, NAMES_REFRESH_MS, NAMES_RETRY_MS } from './names';

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ seed: 42, pending: 4 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.control.clearFaults();
  sim.control.resetLog();
});

function setup() {
  let now = 1_000_000;
  const logged: string[] = [];
  const client = createApiClient({ baseUrl: sim.url, tenant: sim.tenant, token: sim.token, workspaceId: 'ws-1', retryBaseMs: 5, timeoutMs: 2_000 });
  const line = (level: string) => (msg: string, meta?: unknown) => void logged.push(`${level} ${msg} ${JSON.stringify(meta)}`);
  const names = createNames({ client, now: () => now, log: { info: line('info'), warn: line('warn'), error: line('error') } });
  return { names, logged, advance: (ms: number) => (now += ms) };
}

const calls = (part: string) => sim.control.requestLog().filter((e) => e.path.includes(part)).length;
const row = (over: Parameters<typeof aRequest>[0] = {}) => aRequest({ agentId: sim.facts.agents[0]!.id, integrationConfigId: sim.facts.configs.whatsapp, ...over });

describe('request names', () => {
  it('resolves agent, connector, user and participant names in one round', async () => {
    const { names } = setup();
    const r = row({ processedBy: sim.facts.users.aliceUserId, matchedParticipantId: sim.facts.participants.dana });
    await names.ensure([r]);
    expect(names.agentName(r.agentId)).toBe(sim.facts.agents[0]!.displayName);
    expect(names.connector(sim.facts.configs.whatsapp)).toMatchObject({ displayName: expect.any(String) });
    expect(names.connectorName(sim.facts.configs.whatsapp)).toBe(names.connector(sim.facts.configs.whatsapp)!.displayName);
    expect(names.userName(sim.facts.users.aliceUserId)).not.toBe(sim.facts.users.aliceUserId);
    expect(names.participantName(sim.facts.participants.dana)).toEqual(expect.any(String));
    expect(names.agents().length).toBe(sim.facts.agents.length);
  });

  it('F11: an id the lists do not hold is "Unknown …" with its id, and is looked for again only after the refresh time', async () => {
    const { names, advance } = setup();
    await names.ensure([row()]);
    const agentCalls = calls('/agents');
    await names.ensure([row({ agentId: 'agent-gone' })]);
    expect(names.agentName('agent-gone')).toBe('Unknown agent (id agent-gone)');
    expect(calls('/agents')).toBe(agentCalls + 1); // one refresh for the new id
    await names.ensure([row({ agentId: 'agent-gone' })]);
    expect(calls('/agents')).toBe(agentCalls + 1); // remembered
    advance(NAMES_REFRESH_MS);
    await names.ensure([row({ agentId: 'agent-gone' })]);
    expect(calls('/agents')).toBe(agentCalls + 2);
  });

  it('never N+1 per poll: the same rows again cost no call', async () => {
    const { names } = setup();
    const rows = [row(), row({ processedBy: sim.facts.users.jonasUserId })];
    await names.ensure(rows);
    const before = sim.control.requestLog().length;
    await names.ensure(rows);
    await names.ensure(rows);
    expect(sim.control.requestLog().length).toBe(before);
  });

  it('a failed lookup keeps the ids shown, says so in the log once, and is retried only after a minute', async () => {
    const { names, logged, advance } = setup();
    sim.control.injectFault({ route: 'agents', times: Infinity, action: { kind: 'status', status: 403 } });
    const r = row();
    await names.ensure([r]);
    expect(names.agentName(r.agentId)).toBe(r.agentId);
    expect(logged.filter((l) => l.startsWith('warn agent names unavailable'))).toEqual(['warn agent names unavailable {"code":"forbidden"}']);
    const after = calls('/agents');
    await names.ensure([r]);
    expect(calls('/agents')).toBe(after);
    advance(NAMES_RETRY_MS);
    sim.control.clearFaults();
    await names.ensure([r]);
    expect(calls('/agents')).toBe(after + 1);
    expect(names.agentName(r.agentId)).toBe(sim.facts.agents[0]!.displayName);
  });

  it('dispose(): a lookup in flight is cancelled without a word in the log, and no lookup starts afterwards', async () => {
    const { names, logged } = setup();
    sim.control.injectFault({ route: 'agents', action: { kind: 'hang' } });
    const pending = names.ensure([row()]);
    await expect.poll(() => calls('/agents')).toBe(1);
    names.dispose();
    await pending; // settles once cancelled (a hung request would otherwise wait for the 2 s timeout and its retries)
    expect(logged).toEqual([]);
    const before = sim.control.requestLog().length;
    await names.ensure([row({ agentId: 'another', processedBy: sim.facts.users.aliceUserId })]);
    expect(sim.control.requestLog().length).toBe(before);
  });
});
