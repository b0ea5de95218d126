/**
 * The name cache of one workspace against the simulator over real HTTP: what each lookup costs,
 * how a failure is remembered, and that a stopped workspace's lookups stop with it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-sim';
import { aRequest } from '../../../test/fakes/builders';
import { createApiClient } from '../api/client';
import { createNames, NAMES_REFRESH_MS, NAMES_RETRY_MS, ROLE_LOOKUPS_PER_ROUND, USER_LOOKUPS_PER_ROUND, VIEWER_REASON, type NamesClient } from './names';

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

/** One workspace's names over the simulator; `wrap` swaps client methods (a client that throws); `me` is the operator's id (null: not known). */
function setup(wrap: (client: NamesClient) => NamesClient = (c) => c, me: () => string | null = () => null) {
  let now = 1_000_000;
  const logged: string[] = [];
  const client = createApiClient({ baseUrl: sim.url, tenant: sim.tenant, token: sim.token, workspaceId: 'ws-1', retryBaseMs: 5, timeoutMs: 2_000 });
  const line = (level: string) => (msg: string, meta?: unknown) => void logged.push(`${level} ${msg} ${JSON.stringify(meta)}`);
  const names = createNames({ client: wrap(client), now: () => now, log: { info: line('info'), warn: line('warn'), error: line('error') }, operatorUserId: me });
  return { names, logged, advance: (ms: number) => (now += ms) };
}

const calls = (part: string) => sim.control.requestLog().filter((e) => e.path.includes(part)).length;
/** Calls listing the integrations (not their connectors). */
const integrationLists = () => sim.control.requestLog().filter((e) => e.path.endsWith('/integrations')).length;
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

  it('F11: what an id is called before the lists are known, and after when they do not hold it (long ids cut at 40 characters)', async () => {
    const { names } = setup();
    const forty = 'a'.repeat(40);
    const longer = `${'b'.repeat(40)}cdef`;
    expect([names.agentName('agent-x'), names.connectorName('cfg-x'), names.connectorName(null)]).toEqual(['agent-x', 'cfg-x', 'No connector']);
    await names.ensure([row()]);
    expect(names.agentName(forty)).toBe(`Unknown agent (id ${forty})`);
    expect(names.agentName(longer)).toBe(`Unknown agent (id ${'b'.repeat(40)}…)`);
    expect(names.connectorName(longer)).toBe(`Unknown connector (id ${'b'.repeat(40)}…)`);
    expect(names.connectorName(null)).toBe('No connector');
  });

  it('known names are listed again exactly NAMES_REFRESH_MS after the last list, not before', async () => {
    const { names, advance } = setup();
    await names.ensure([row()]);
    const before = [calls('/agents'), integrationLists()];
    advance(NAMES_REFRESH_MS - 1);
    await names.ensure([row()]);
    expect([calls('/agents'), integrationLists()]).toEqual(before);
    advance(1);
    await names.ensure([row()]);
    expect([calls('/agents'), integrationLists()]).toEqual(before.map((n) => n + 1));
  });

  it('F11: an unknown id is looked for again NAMES_REFRESH_MS after it last was, even when the list itself is younger', async () => {
    const { names, advance } = setup();
    await names.ensure([row()]);
    advance(5 * 60_000);
    await names.ensure([row({ agentId: 'gone-1' })]); // looked for now
    advance(5 * 60_000);
    await names.ensure([row({ agentId: 'gone-2' })]); // the list is refreshed for another id
    const before = calls('/agents');
    advance(5 * 60_000 - 1);
    await names.ensure([row({ agentId: 'gone-1' })]);
    expect(calls('/agents')).toBe(before);
    advance(1);
    await names.ensure([row({ agentId: 'gone-1' })]);
    expect(calls('/agents')).toBe(before + 1);
  });

  it('an agent that left the list is looked for again at once (it was known, not missed)', async () => {
    const { names, advance } = setup();
    const r = row();
    await names.ensure([r]);
    advance(NAMES_REFRESH_MS);
    sim.control.injectFault({ route: 'agents', action: { kind: 'rows', rows: [] } });
    await names.ensure([r]);
    expect(names.agentName(r.agentId)).toBe(`Unknown agent (id ${r.agentId})`);
    const before = calls('/agents');
    await names.ensure([r]);
    expect(calls('/agents')).toBe(before + 1);
    expect(names.agentName(r.agentId)).toBe(sim.facts.agents[0]!.displayName);
  });

  it('version() goes up whenever names are learned, whichever list or lookup it was', async () => {
    const { names } = setup();
    const seen = [names.version()];
    const learn = async (r: ReturnType<typeof row>) => {
      await names.ensure([r]);
      seen.push(names.version());
    };
    await learn(row());
    const counts = () => [calls('/agents'), integrationLists(), calls('/users')];
    const before = counts();
    await learn(row({ agentId: 'agent-new' })); // the agents alone
    await learn(row({ integrationConfigId: 'cfg-new' })); // the connectors alone
    await learn(row({ processedBy: sim.facts.users.aliceUserId })); // one user alone
    expect(counts()).toEqual(before.map((n) => n + 1));
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });

  it.each<[string, 'integrations' | 'configs']>([
    ['the integrations are being listed', 'integrations'],
    ['connectors are being listed', 'configs'],
  ])('dispose() while %s: nothing learned, nothing logged', async (_name, route) => {
    const { names, logged } = setup();
    sim.control.injectFault({ route, action: { kind: 'hang' } });
    const r = row();
    const pending = names.ensure([r]);
    await expect.poll(() => calls(route === 'configs' ? '/configs' : '/integrations')).toBe(1);
    names.dispose();
    await pending;
    expect(logged).toEqual([]);
    expect(names.connectorName(sim.facts.configs.whatsapp)).toBe(sim.facts.configs.whatsapp);
  });

  it('connectors unavailable: the ids shown, said once in the log, retried only after a minute', async () => {
    const { names, logged, advance } = setup();
    sim.control.injectFault({ route: 'integrations', times: Infinity, action: { kind: 'status', status: 403 } });
    const r = row();
    await names.ensure([r]);
    expect(names.connectorName(sim.facts.configs.whatsapp)).toBe(sim.facts.configs.whatsapp);
    expect(logged).toEqual(['warn connector names unavailable {"code":"forbidden"}']);
    const after = integrationLists();
    await names.ensure([r]);
    expect(integrationLists()).toBe(after);
    advance(NAMES_RETRY_MS);
    sim.control.clearFaults();
    await names.ensure([r]);
    expect(names.connectorName(sim.facts.configs.whatsapp)).toBe(names.connector(sim.facts.configs.whatsapp)!.displayName);
  });

  it("a connector id the lists just missed is looked for at once, once", async () => {
    const { names } = setup();
    await names.ensure([row()]);
    const before = integrationLists();
    await names.ensure([row({ integrationConfigId: 'cfg-new' })]);
    await names.ensure([row({ integrationConfigId: 'cfg-new' })]);
    expect(integrationLists()).toBe(before + 1);
  });

  it('a connector deleted since the last list is "Unknown connector" after the next one', async () => {
    const { names, advance } = setup();
    const { slackSupport } = sim.facts.configs;
    await names.ensure([row()]);
    expect(names.connector(slackSupport)).not.toBeNull();
    advance(NAMES_REFRESH_MS);
    sim.control.injectFault({ route: 'configs', action: { kind: 'rows', rows: [] } }); // Slack's, listed first
    await names.ensure([row()]);
    expect(names.connectorName(slackSupport)).toBe(`Unknown connector (id ${slackSupport})`);
  });

  it("one integration's connectors unavailable: its connectors keep their names, the others are current, and the next try waits a minute", async () => {
    const { names, advance } = setup();
    const { slackSupport, slackPartners, teams, whatsapp } = sim.facts.configs;
    await names.ensure([row()]);
    const known = (id: string) => names.connector(id)?.displayName;
    const slackNames = [known(slackSupport), known(slackPartners)];
    expect(slackNames).toEqual([expect.any(String), expect.any(String)]);
    advance(NAMES_REFRESH_MS);
    // Slack's connectors (listed first) fail; Teams' connector was renamed meanwhile.
    sim.control.injectFault({ route: 'configs', action: { kind: 'status', status: 403 } });
    const renamed = { id: teams, integrationId: 'microsoft_teams', displayName: 'Teams · renamed', parameters: {}, hasAuth: true, authMethodId: null, sandboxMode: false, publishedRevisionId: null, createdBy: null, createdAt: 0, modifiedAt: 0 };
    sim.control.injectFault({ route: 'configs', action: { kind: 'rows', rows: [renamed] } });
    await names.ensure([row()]);
    expect([known(slackSupport), known(slackPartners)]).toEqual(slackNames);
    expect(known(teams)).toBe('Teams · renamed');
    expect(known(whatsapp)).toEqual(expect.any(String));
    const before = integrationLists();
    await names.ensure([row({ integrationConfigId: 'cfg-new' })]);
    expect(integrationLists()).toBe(before);
    advance(NAMES_RETRY_MS);
    await names.ensure([row({ integrationConfigId: 'cfg-new' })]);
    expect(integrationLists()).toBe(before + 1);
  });

  it('participants: no call while no row names one; a new one is looked for; a refusal is said in the log', async () => {
    const { names, logged } = setup();
    await names.ensure([row()]);
    expect(calls('/participants')).toBe(0);
    await names.ensure([row({ matchedParticipantId: sim.facts.participants.dana })]);
    expect(calls('/participants')).toBe(1);
    await names.ensure([row({ approvedParticipantId: 'p-unknown' })]);
    expect(calls('/participants')).toBe(2);
    expect(names.participantName('p-unknown')).toBeNull();

    const other = setup();
    sim.control.injectFault({ route: 'participants', action: { kind: 'status', status: 403 } });
    await other.names.ensure([row({ matchedParticipantId: sim.facts.participants.dana })]);
    expect(other.names.participantName(sim.facts.participants.dana)).toBeNull();
    expect(other.logged).toEqual(['warn participant names unavailable {"code":"forbidden"}']);
    expect(logged).toEqual([]);
  });

  it.each<[string, number, boolean]>([
    ['not found (404): remembered, never asked again', 404, false],
    ['forbidden (403): remembered, never asked again', 403, false],
    ['refused as invalid (422): remembered, never asked again', 422, false],
    ['a server error (503): asked again exactly a minute later', 503, true],
  ])('a user lookup %s', async (_name, status, retried) => {
    const { names, advance } = setup();
    const alice = sim.facts.users.aliceUserId;
    sim.control.injectFault({ route: 'users', times: Infinity, action: { kind: 'status', status } });
    await names.ensure([row({ processedBy: alice })]);
    expect(names.userName(alice)).toBe(alice);
    sim.control.clearFaults();
    const before = calls('/users');
    await names.ensure([row({ processedBy: alice })]);
    advance(NAMES_RETRY_MS - 1);
    await names.ensure([row({ processedBy: alice })]);
    expect(calls('/users')).toBe(before);
    advance(retried ? 1 : NAMES_REFRESH_MS);
    await names.ensure([row({ processedBy: alice })]);
    expect(calls('/users')).toBe(retried ? before + 1 : before);
    expect(names.userName(alice) === alice).toBe(!retried);
  });

  it(`at most ${USER_LOOKUPS_PER_ROUND} user lookups per round; the rest wait for the next`, async () => {
    const { names } = setup();
    const rows = Array.from({ length: USER_LOOKUPS_PER_ROUND + 2 }, (_, i) => row({ processedBy: `user-${i}` }));
    await names.ensure(rows);
    expect(calls('/users')).toBe(USER_LOOKUPS_PER_ROUND);
    await names.ensure(rows);
    expect(calls('/users')).toBe(USER_LOOKUPS_PER_ROUND + 2);
  });

  it('a client that throws (a bug): said in the log, the lookup tried again only after a minute, and not a word once disposed', async () => {
    let thrown = 0;
    const boom = async (): Promise<never> => {
      thrown += 1;
      throw new Error('boom');
    };
    const { names, logged, advance } = setup((c) => ({ ...c, listAgents: boom, getUser: boom }));
    const r = row({ processedBy: sim.facts.users.aliceUserId });
    await names.ensure([r]);
    expect(logged).toEqual(['error name lookup crashed {"err":"Error: boom"}']);
    expect([names.agentName(r.agentId), names.userName(r.processedBy)]).toEqual([r.agentId, r.processedBy]);
    expect(thrown).toBe(2);
    await names.ensure([r]);
    expect(thrown).toBe(2);
    advance(NAMES_RETRY_MS);
    await names.ensure([r]);
    expect(thrown).toBe(4);

    const stopped = setup((c) => ({
      ...c,
      listAgents: (signal) =>
        new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('boom after stop')))),
    }));
    const pending = stopped.names.ensure([row()]);
    stopped.names.dispose();
    await pending;
    expect(stopped.logged).toEqual([]);
  });
});

describe("the operator's role on each agent with someone waiting (F22 before any 403)", () => {
  const collaboratorCalls = () => sim.control.requestLog().filter((e) => e.path.endsWith('/collaborators')).length;
  const me = () => sim.operatorUserId;
  const readOnlyAgent = () => sim.facts.readOnlyAgentId;
  const editorAgent = () => sim.facts.agents.find((a) => a.id !== sim.facts.readOnlyAgentId)!.id;

  it('an agent where the operator is a Viewer is read-only with the reason; one where they are an Editor is not', async () => {
    const { names } = setup(undefined, me);
    const before = names.version();
    await names.ensure([row({ agentId: readOnlyAgent() }), row({ agentId: editorAgent() })]);
    await names.rolesSettled();
    expect(names.readOnlyByRole(readOnlyAgent())).toBe(VIEWER_REASON);
    expect(names.readOnlyByRole(editorAgent())).toBeUndefined();
    // The views are built again with it.
    expect(names.version()).toBeGreaterThan(before);
  });

  it('asks only for agents with a pending request, once per refresh time, and only once the operator is known', async () => {
    let known: string | null = null;
    const { names, advance } = setup(undefined, () => known);
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    await names.rolesSettled();
    expect(collaboratorCalls()).toBe(0);
    expect(names.readOnlyByRole(readOnlyAgent())).toBeUndefined();
    known = sim.operatorUserId;
    await names.ensure([row({ agentId: editorAgent(), status: 'APPROVED', rawStatus: 'APPROVED' })]);
    await names.rolesSettled();
    expect(collaboratorCalls()).toBe(0);
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    await names.rolesSettled();
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    await names.rolesSettled();
    expect(collaboratorCalls()).toBe(1);
    advance(NAMES_REFRESH_MS - 1);
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    await names.rolesSettled();
    expect(collaboratorCalls()).toBe(1);
    // An agent admin gave the operator Editor meanwhile: the next read lifts it.
    sim.control.setReadOnlyAgent(readOnlyAgent(), false);
    advance(1);
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    await names.rolesSettled();
    expect(collaboratorCalls()).toBe(2);
    expect(names.readOnlyByRole(readOnlyAgent())).toBeUndefined();
    sim.control.setReadOnlyAgent(readOnlyAgent(), true);
  });

  it('at most ROLE_LOOKUPS_PER_ROUND agents a round; the rest on the next', async () => {
    const { names } = setup(undefined, me);
    const rows = Array.from({ length: ROLE_LOOKUPS_PER_ROUND + 2 }, (_, i) => row({ agentId: i === 0 ? readOnlyAgent() : `agent-x${i}` }));
    await names.ensure(rows);
    await names.rolesSettled();
    expect(collaboratorCalls()).toBe(ROLE_LOOKUPS_PER_ROUND);
    await names.ensure(rows);
    await names.rolesSettled();
    expect(collaboratorCalls()).toBe(ROLE_LOOKUPS_PER_ROUND + 2);
  });

  it('a list that fails marks nothing and is tried again later; a 403 (a Viewer may not list) waits the refresh time', async () => {
    const { names, advance } = setup(undefined, me);
    sim.control.injectFault({ route: 'collaborators', action: { kind: 'status', status: 503 }, times: 20 });
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    await names.rolesSettled();
    expect(names.readOnlyByRole(readOnlyAgent())).toBeUndefined();
    sim.control.clearFaults();
    const after503 = collaboratorCalls();
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    await names.rolesSettled();
    expect(collaboratorCalls()).toBe(after503);
    advance(NAMES_RETRY_MS);
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    await names.rolesSettled();
    expect(names.readOnlyByRole(readOnlyAgent())).toBe(VIEWER_REASON);

    const second = setup(undefined, me);
    sim.control.injectFault({ route: 'collaborators', action: { kind: 'status', status: 403 }, times: 1 });
    await second.names.ensure([row({ agentId: editorAgent() })]);
    await second.names.rolesSettled();
    sim.control.clearFaults();
    const after403 = collaboratorCalls();
    second.advance(NAMES_RETRY_MS);
    await second.names.ensure([row({ agentId: editorAgent() })]);
    await second.names.rolesSettled();
    expect(collaboratorCalls()).toBe(after403);
    second.advance(NAMES_REFRESH_MS);
    await second.names.ensure([row({ agentId: editorAgent() })]);
    await second.names.rolesSettled();
    expect(collaboratorCalls()).toBe(after403 + 1);
  });

  it('roles are read beside the list: a collaborators list that hangs does not hold up the names (or the queue after them)', async () => {
    let told = 0;
    const client = createApiClient({ baseUrl: sim.url, tenant: sim.tenant, token: sim.token, workspaceId: 'ws-1', retryBaseMs: 5, timeoutMs: 2_000 });
    let answer: (v: Awaited<ReturnType<NonNullable<NamesClient['listCollaborators']>>>) => void = () => undefined;
    const names = createNames({
      client: { ...client, listCollaborators: () => new Promise((resolve) => (answer = resolve)) },
      now: () => 1_000_000,
      operatorUserId: me,
      onRolesChanged: () => void (told += 1),
    });
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    expect(names.agentName(readOnlyAgent())).not.toBe(readOnlyAgent());
    expect(names.readOnlyByRole(readOnlyAgent())).toBeUndefined();
    expect(told).toBe(0);
    answer({ ok: true, value: [{ id: sim.operatorUserId, role: 'VIEWER' }] });
    await names.rolesSettled();
    expect(names.readOnlyByRole(readOnlyAgent())).toBe(VIEWER_REASON);
    expect(told).toBe(1);
  });

  it('an operator not listed (a tenant admin has every agent and is not listed) is not read-only', async () => {
    const { names } = setup((c) => ({ ...c, listCollaborators: async () => ({ ok: true as const, value: [{ id: 'someone-else', role: 'VIEWER' as const }] }) }), me);
    await names.ensure([row({ agentId: readOnlyAgent() })]);
    await names.rolesSettled();
    expect(names.readOnlyByRole(readOnlyAgent())).toBeUndefined();
  });
});
