/**
 * The request views over a real store: what a row shows (names, whether and why it can be
 * decided, the approval mode), the queue's order and which workspaces' rows it holds, and when a
 * snapshot gets a new requests array (and `requestsRev`) and when it keeps the one it has.
 */
import { describe, expect, it } from 'vitest';
import { ok, type AccessRequest, type ApproveMode } from '../../../src-shared/domain';
import { formatClock, formatDateTime } from '../../../src-shared/when';
import { anAccessRequest, T0 } from '../../../test/fakes/builders';
import { WORKSPACE_BLOCKS, type WorkspaceFacts } from '../decisions/decision-rule';
import type { KeyValueStore } from '../ports';
import type { Names } from './names';
import { createRequestStore } from './request-store';
import { createRequestViews } from './request-views';

const DAY = 24 * 60 * 60_000;
const CONNECTED: WorkspaceFacts = { exists: true, signedOut: false, configError: null, connected: true, asleep: false, offline: null };
const offline = (w: { facts: WorkspaceFacts }): void => {
  w.facts = { ...CONNECTED, offline: { cause: 'os' } };
};
const NO_LONGER_SIGNED_IN = WORKSPACE_BLOCKS['no-workspace'].row;
const SIGNED_OUT = WORKSPACE_BLOCKS['signed-out'].row;
const OFFLINE = WORKSPACE_BLOCKS['offline-os'].row;

function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>();
  return { read: (k) => ok(data.get(k)), write: (k, v) => (data.set(k, structuredClone(v)), ok(null)) };
}

/** A workspace's names as the views read them: raw ids until a name is known. */
function fakeNames() {
  const agents = new Map<string, string>();
  const connectors = new Map<string, string>();
  const users = new Map<string, string>();
  const participants = new Map<string, string>();
  let version = 0;
  const names: Names = {
    ensure: async () => {},
    readOnlyByRole: () => undefined,
    refreshRoles: async () => {},
    rolesSettled: async () => {},
    agentName: (id) => agents.get(id) ?? id,
    connectorName: (id) => (id === null ? 'No connector' : (connectors.get(id) ?? id)),
    connector: () => null,
    userName: (id) => (id === null ? null : (users.get(id) ?? id)),
    participantName: (id) => (id === null ? null : (participants.get(id) ?? null)),
    agents: () => [],
    version: () => version,
    dispose: () => {},
  };
  const learn = (map: Map<string, string>) => (id: string, name: string) => {
    map.set(id, name);
    version += 1;
  };
  return { names, agent: learn(agents), connector: learn(connectors), user: learn(users), participant: learn(participants) };
}

interface FakeWorkspace {
  instance: object;
  names: ReturnType<typeof fakeNames>;
  facts: WorkspaceFacts;
  readOnly: Map<string, string>;
}

/** A real store, and workspaces 'ws-1' and 'ws-2' that the test signs out, takes offline or removes. */
function setup() {
  let now = T0;
  const store = createRequestStore({ dataStore: memoryStore(), now: () => now });
  const live: string[] = ['ws-1', 'ws-2'];
  const spaces = new Map<string, FakeWorkspace>();
  for (const id of ['ws-1', 'ws-2']) spaces.set(id, { instance: {}, names: fakeNames(), facts: CONNECTED, readOnly: new Map() });
  // The approval modes as decision-modes keeps them: every remembered mode bumps a revision.
  let modesRevision = 0;
  const modes = new (class extends Map<string, ApproveMode> {
    override set(key: string, mode: ApproveMode): this {
      modesRevision += 1;
      return super.set(key, mode);
    }
  })();
  let rowQuestions = 0;
  const views = createRequestViews({
    store,
    workspaces: {
      ids: () => [...live],
      instance: (id) => (live.includes(id) ? spaces.get(id)?.instance : undefined),
      namesOf: (id) => spaces.get(id)?.names.names ?? null,
      decisionFacts: (id) => spaces.get(id)!.facts,
      readOnlyReason: (id, agentId) => {
        rowQuestions += 1;
        return spaces.get(id)?.readOnly.get(agentId);
      },
      readOnlyKey: (id) => [...(spaces.get(id)?.readOnly.entries() ?? [])].join(','),
    },
    approveMode: (workspaceId, requestId) => modes.get(`${workspaceId}/${requestId}`) ?? null,
    approveModesRevision: () => modesRevision,
    now: () => now,
  });
  const put = (...rows: AccessRequest[]) => {
    for (const r of rows) store.recordMutation(r);
  };
  return {
    store,
    views,
    put,
    ws: (id: string) => spaces.get(id)!,
    live,
    modes,
    advance: (ms: number) => (now += ms),
    /** How often a row's permissions were asked for (once per row per walk over the queue). */
    rowQuestions: () => rowQuestions,
  };
}

const at = (workspaceId: string, id: string, createdAt: number | null, over: Partial<AccessRequest> = {}) => anAccessRequest({ workspaceId, id, createdAt, ...over });
const approvedBy = (processedBy: string, over: Partial<AccessRequest> = {}) =>
  anAccessRequest({ status: 'APPROVED', rawStatus: 'APPROVED', processedBy, processedAt: T0 - 60_000, ...over });

describe('request views: the queue', () => {
  it('is in order of arrival across workspaces, same-time requests by id, requests without a time last', () => {
    const t = setup();
    t.put(at('ws-1', 'b', 100), at('ws-1', 'z', null), at('ws-2', 'd', 75), at('ws-1', 'a', 100), at('ws-1', 'c', 50), at('ws-2', 'y', null), at('ws-2', 'e', 100));
    expect(t.views.current().map((v) => `${v.workspaceId}/${v.id}`)).toEqual(['ws-1/c', 'ws-2/d', 'ws-1/a', 'ws-1/b', 'ws-2/e', 'ws-2/y', 'ws-1/z']);
  });

  it("holds only signed-in workspaces' requests: a workspace that leaves takes its requests with it, and brings them back when it returns", () => {
    const t = setup();
    t.put(at('ws-1', 'a', 1), at('ws-2', 'b', 2), at('ws-gone', 'c', 3));
    expect(t.views.current().map((v) => v.id)).toEqual(['a', 'b']);
    t.live.splice(t.live.indexOf('ws-2'), 1); // signed out; the store has not forgotten it yet
    expect(t.views.current().map((v) => v.id)).toEqual(['a']);
    t.live.push('ws-2');
    expect(t.views.current().map((v) => v.id)).toEqual(['a', 'b']);
  });

  it('a request removed from the end of the queue leaves it', () => {
    const t = setup();
    t.put(at('ws-1', 'a', 1), at('ws-1', 'b', 2));
    t.views.current();
    t.store.remove('ws-1', 'b');
    expect(t.views.current().map((v) => v.id)).toEqual(['a']);
  });

  it('a snapshot of an unchanged queue does not go over its rows again (100,000 of them at a time)', () => {
    const t = setup();
    t.put(at('ws-1', 'a', 1), at('ws-2', 'b', 2), at('ws-1', 'c', 3));
    const first = t.views.current();
    const asked = t.rowQuestions();
    expect(asked).toBe(3);
    expect(t.views.current()).toBe(first);
    expect(t.rowQuestions()).toBe(asked);
    t.ws('ws-2').names.agent('agent-support', 'Support Bot'); // a name learned: the rows are looked at again
    expect(t.views.current()).not.toBe(first);
    expect(t.rowQuestions()).toBe(asked + 3);
  });

  it('nothing changed, or only the day with nothing but pending requests: the same array and requestsRev (nothing sent again)', () => {
    const t = setup();
    t.put(at('ws-1', 'a', 1), at('ws-2', 'b', 2));
    const first = t.views.current();
    const rev = t.views.revision();
    expect(t.views.current()).toBe(first);
    t.advance(DAY);
    expect(t.views.current()).toBe(first);
    expect(t.views.revision()).toBe(rev);
  });

  it('a decided request says "at 14:03" today and the date from tomorrow on: a new array and requestsRev', () => {
    const t = setup();
    const decided = approvedBy('Alice', { workspaceId: 'ws-1', processedAt: T0 });
    t.put(decided);
    const today = t.views.current();
    const rev = t.views.revision();
    expect(today[0]!.readOnlyReason).toBe(`Already approved by Alice at ${formatClock(T0)}`);
    t.advance(DAY);
    const tomorrow = t.views.current();
    expect(tomorrow).not.toBe(today);
    expect(t.views.revision()).not.toBe(rev);
    expect(tomorrow[0]!.readOnlyReason).toBe(`Already approved by Alice at ${formatDateTime(T0)}`);
  });

  it.each<[string, (w: FakeWorkspace) => void, (w: FakeWorkspace) => void, string | null, string | null]>([
    [
      'signed out after being offline',
      offline,
      (w) => {
        w.facts = { ...CONNECTED, signedOut: true };
      },
      OFFLINE,
      SIGNED_OUT,
    ],
    [
      'back online',
      offline,
      (w) => {
        w.facts = CONNECTED;
      },
      OFFLINE,
      null,
    ],
    ['the agent becomes view-only', () => {}, (w) => void w.readOnly.set('agent-support', 'View only: you are not an approver of Support Bot.'), null, 'View only: you are not an approver of Support Bot.'],
  ])('a pending request follows its workspace with nothing else changed: %s', (_name, before, after, reasonBefore, reasonAfter) => {
    const t = setup();
    t.put(at('ws-1', 'a', 1, { agentId: 'agent-support' }));
    before(t.ws('ws-1'));
    expect(t.views.current()[0]).toMatchObject({ canDecide: reasonBefore === null, readOnlyReason: reasonBefore });
    after(t.ws('ws-1'));
    expect(t.views.current()[0]).toMatchObject({ canDecide: reasonAfter === null, readOnlyReason: reasonAfter });
  });
});

describe('request views: one request', () => {
  it('of a workspace that is gone: ids as they are, "No connector", and not decidable because it is no longer signed in', () => {
    const t = setup();
    const view = t.views.toView(at('ws-gone', 'a', 1, { agentId: 'agent-x', integrationConfigId: null, processedBy: null }));
    expect(view).toMatchObject({ agentName: 'agent-x', connectorName: 'No connector', canDecide: false, readOnlyReason: NO_LONGER_SIGNED_IN });
    const withConnector = t.views.toView(at('ws-gone', 'b', 1, { integrationConfigId: 'cfg-9' }));
    expect(withConnector.connectorName).toBe('cfg-9');
  });

  it('a mode learned for a row the store already held unchanged (a read-back after a poll had it) reaches the queue at once', () => {
    const t = setup();
    const approved = approvedBy('u-1', { workspaceId: 'ws-1', id: 'q' });
    t.put(approved);
    const before = t.views.current();
    expect(before.find((v) => v.id === 'q')?.approveMode).toBeNull();
    t.modes.set('ws-1/q', 'ADD_TO_EXISTING');
    t.put(approved); // the read-back's copy: the same row, so the store's revision stays
    const after = t.views.current();
    expect(after).not.toBe(before);
    expect(after.find((v) => v.id === 'q')?.approveMode).toBe('ADD_TO_EXISTING');
  });

  it('shows the approval mode this console used only on an approved request', () => {
    const t = setup();
    const pending = at('ws-1', 'p', 1);
    const approved = approvedBy('u-1', { workspaceId: 'ws-1', id: 'q' });
    t.modes.set('ws-1/p', 'CREATE_NEW');
    t.modes.set('ws-1/q', 'BIND_ONLY');
    expect(t.views.toView(pending).approveMode).toBeNull();
    expect(t.views.toView(approved).approveMode).toBe('BIND_ONLY');
  });

  // The same row object viewed again after something it shows changed: the view follows.
  type T = ReturnType<typeof setup>;
  const nothing = () => {};
  const decided: Partial<AccessRequest> = { status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-1', processedAt: T0 };
  it.each<[string, Partial<AccessRequest>, (t: T) => void, (t: T) => void, Record<string, unknown>]>([
    ['the connector gets its name', { integrationConfigId: 'cfg-wa' }, nothing, (t) => t.ws('ws-1').names.connector('cfg-wa', 'WhatsApp main line'), { connectorName: 'WhatsApp main line' }],
    [
      'the decider gets a name',
      decided,
      nothing,
      (t) => t.ws('ws-1').names.user('u-1', 'Alice Moreno'),
      { processedByName: 'Alice Moreno', readOnlyReason: `Already approved by Alice Moreno at ${formatClock(T0)}` },
    ],
    ['the decider gets another name', decided, (t) => t.ws('ws-1').names.user('u-1', 'Alice'), (t) => t.ws('ws-1').names.user('u-1', 'Alice Moreno'), { readOnlyReason: `Already approved by Alice Moreno at ${formatClock(T0)}` }],
    [
      'a request of a status the console does not know gets its decider named',
      { status: 'UNKNOWN', rawStatus: 'ESCALATED', processedBy: 'u-1' },
      nothing,
      (t) => t.ws('ws-1').names.user('u-1', 'Alice Moreno'),
      { processedByName: 'Alice Moreno', readOnlyReason: 'Unrecognised status “ESCALATED” – actions are disabled; decide in Fruxon.' },
    ],
    ['the matched participant gets a name', { matchedParticipantId: 'p-1' }, nothing, (t) => t.ws('ws-1').names.participant('p-1', 'Dana'), { matchedParticipantName: 'Dana' }],
    ['the approved participant gets a name', { ...decided, approvedParticipantId: 'p-2' }, nothing, (t) => t.ws('ws-1').names.participant('p-2', 'Bo'), { approvedParticipantName: 'Bo' }],
    ['the approval mode is remembered', decided, nothing, (t) => t.modes.set('ws-1/r', 'ADD_TO_EXISTING'), { approveMode: 'ADD_TO_EXISTING' }],
    [
      'the view-only reason changes',
      { agentId: 'agent-support' },
      (t) => t.ws('ws-1').readOnly.set('agent-support', 'View only: you are not an approver of Support Bot.'),
      (t) => t.ws('ws-1').readOnly.set('agent-support', 'View only: Support Bot was reassigned.'),
      { canDecide: false, readOnlyReason: 'View only: Support Bot was reassigned.' },
    ],
    [
      'the workspace, offline, is signed out',
      {},
      (t) => offline(t.ws('ws-1')),
      (t) => {
        t.ws('ws-1').facts = { ...CONNECTED, signedOut: true };
      },
      { canDecide: false, readOnlyReason: SIGNED_OUT },
    ],
  ])('%s', (_name, over, before, change, expected) => {
    const t = setup();
    before(t);
    const row = at('ws-1', 'r', 1, over);
    const first = t.views.toView(row);
    expect(t.views.toView(row)).toBe(first); // unchanged: the same view
    change(t);
    const after = t.views.toView(row);
    expect(after).toMatchObject(expected);
    expect(after).not.toBe(first);
  });
});
