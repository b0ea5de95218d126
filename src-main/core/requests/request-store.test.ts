import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fail, ok, type AccessRequest } from '../../../src-shared/domain';
import type { KeyValueStore } from '../ports';
import { createRequestStore, READ_BACK_QUEUE_MAX, SEEN_KEY } from './request-store';
import { anAccessRequest } from '../../../test/fakes/builders';

function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return { data, read: (k) => ok(data.get(k)), write: (k, v) => (data.set(k, structuredClone(v)), ok(null)) };
}

function row(id: string, over: Partial<AccessRequest> = {}): AccessRequest {
  return anAccessRequest({ id, workspaceId: 'ws', integrationConfigId: 'cfg', provider: 'sms', address: '+1555', agentId: 'a', displayName: id, conversationName: '', createdAt: 1, modifiedAt: 1, ...over });
}


/**
 * F33's race: a store with one pending row 'a', the server's copy of it, and an approve whose
 * request reaches the server and whose answer reaches the store at scheduler-chosen moments.
 */
function approveRace(s: fc.Scheduler, serverSendsModifiedAt: boolean) {
  let clock = 0;
  const now = () => ++clock;
  const store = createRequestStore({ dataStore: memoryStore(), now });
  let server = row('a', { modifiedAt: serverSendsModifiedAt ? 10 : null });
  const approve = async () => {
    await s.schedule(Promise.resolve('approve reaches server'));
    server = { ...server, status: 'APPROVED', rawStatus: 'APPROVED', modifiedAt: serverSendsModifiedAt ? 20 : null };
    const answer = { ...server };
    await s.schedule(Promise.resolve('approve answer'));
    store.recordMutation(answer);
  };
  return { now, store, server: () => server, approve };
}
describe('request store', () => {
  it('F46: the first snapshot is silent; later ones return only new pending ids', () => {
    let t = 1000;
    const store = createRequestStore({ dataStore: memoryStore(), now: () => t });
    expect(store.apply('ws', [row('a'), row('b')], t)).toEqual([]);
    t += 10;
    expect(store.apply('ws', [row('a'), row('b'), row('c'), row('d', { status: 'APPROVED' })], t)).toEqual(['c']);
    t += 10;
    expect(store.apply('ws', [row('a'), row('c')], t)).toEqual([]);
    // b left: held as it was until read back (or the next list).
    expect(store.rowsOf('ws').map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);
    t += 10;
    expect(store.apply('ws', [row('a'), row('c')], t)).toEqual([]);
    expect(store.rowsOf('ws').map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('F46: the seen-set survives a restart, so a request that comes back is not new', () => {
    const data = memoryStore();
    const first = createRequestStore({ dataStore: data, now: () => 1 });
    first.apply('ws', [row('a')], 1);
    first.apply('ws', [row('a'), row('b')], 2);
    const second = createRequestStore({ dataStore: data, now: () => 3 });
    expect(second.apply('ws', [row('a')], 3)).toEqual([]); // first after launch: silent
    expect(second.apply('ws', [row('a'), row('b'), row('c')], 4)).toEqual(['c']); // b was seen in the last run
  });

  it('silenceNext makes the next snapshot silent again (re-sign-in)', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('a')], 1);
    store.silenceNext('ws');
    expect(store.apply('ws', [row('a'), row('b')], 2)).toEqual([]);
    expect(store.apply('ws', [row('a'), row('b'), row('c')], 3)).toEqual(['c']);
  });

  it('keeps workspaces apart: the same id in two workspaces is two requests', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('w1', [row('x', { workspaceId: 'w1' })], 1);
    store.apply('w2', [], 1);
    expect(store.apply('w2', [row('x', { workspaceId: 'w2' })], 2)).toEqual(['x']);
  });

  it('F8: duplicate ids in one snapshot keep the newest modifiedAt and count once', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [], 1);
    const fresh = store.apply('ws', [row('a', { modifiedAt: 5, displayName: 'new' }), row('a', { modifiedAt: 2, displayName: 'old' })], 2);
    expect(fresh).toEqual(['a']);
    expect(store.rowsOf('ws')).toHaveLength(1);
    expect(store.get('ws', 'a')?.displayName).toBe('new');
  });

  it('F10: a row that vanishes between polls stays as it was until read back, then shows what became of it', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('a'), row('b'), row('c')], 1);
    const rev = store.revision();
    store.apply('ws', [row('b')], 2);
    // Not gone, not yet decided: the renderer never sees it vanish and come back.
    expect(store.get('ws', 'a')?.status).toBe('PENDING');
    expect(store.revision()).toBe(rev);
    expect(store.readBacksDue('ws', 5)).toEqual(['a', 'c']);
    store.recordMutation(row('a', { status: 'REJECTED', processedBy: 'alice', modifiedAt: 3 }));
    expect(store.get('ws', 'a')?.status).toBe('REJECTED');
    store.remove('ws', 'c'); // 404
    expect(store.get('ws', 'c')).toBeUndefined();
    expect(store.readBacksDue('ws', 5)).toEqual([]);
  });

  it('F10: a row left unanswered is held for one list only; a failed read-back lets it go at once', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('a'), row('b'), row('c')], 1);
    store.apply('ws', [row('c')], 2);
    store.dropReadBack('ws', 'b'); // the read failed for good
    expect(store.get('ws', 'b')).toBeUndefined();
    const rev = store.revision();
    store.apply('ws', [row('c')], 3); // a's read-back did not answer (server down): it goes now
    expect(store.get('ws', 'a')).toBeUndefined();
    expect(store.revision()).toBeGreaterThan(rev);
    // Still asked about, so it shows decided once the server answers.
    expect(store.readBacksDue('ws', 5)).toEqual(['a']);
  });

  it('F10: a second list that leaves out a request read back as still pending is not believed about the others either: they stay until read back', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('a'), row('b'), row('c')], 1, { scope: 'pending' });
    store.apply('ws', [], 2, { scope: 'pending' }); // a server in trouble: held, read back
    store.recordMutation(row('a')); // a's read-back: still pending
    const rev = store.revision();
    store.apply('ws', [], 3, { scope: 'pending' }); // wrong about a, so proof of nothing for b and c
    expect(store.rowsOf('ws').map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);
    expect(store.revision()).toBe(rev);
    expect(store.readBacksDue('ws', 5)).toEqual(['b', 'c', 'a']);
    // The next poll's read-backs: b and c decided elsewhere, a still pending.
    store.recordMutation(row('b', { status: 'REJECTED', modifiedAt: 9 }));
    store.recordMutation(row('c', { status: 'REJECTED', modifiedAt: 9 }));
    store.recordMutation(row('a'));
    store.apply('ws', [], 4, { scope: 'pending' });
    expect(store.rowsOf('ws').map((r) => [r.id, r.status]).sort()).toEqual([['a', 'PENDING'], ['b', 'REJECTED'], ['c', 'REJECTED']]);
    // Nothing read back as pending since: this list is believed, and a goes.
    store.apply('ws', [], 5, { scope: 'pending' });
    expect(store.rowsOf('ws').filter((r) => r.status === 'PENDING')).toEqual([]);
  });

  it('F10: the contradiction counts only while its request is still held as pending, survives a list cut short, and keeps the history of a full list', () => {
    // a read back as pending, then decided here: the next list rightly lacks a and b, and b goes.
    const decided = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    decided.apply('ws', [row('a'), row('b')], 1, { scope: 'pending' });
    decided.apply('ws', [], 2, { scope: 'pending' });
    decided.recordMutation(row('a'));
    decided.recordMutation(row('a', { status: 'APPROVED', modifiedAt: 9 }));
    decided.apply('ws', [], 3, { scope: 'pending' });
    expect(decided.rowsOf('ws').map((r) => [r.id, r.status])).toEqual([['a', 'APPROVED']]);
    // A list cut short in between lets nothing go and keeps the evidence for the next whole one.
    const cut = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    cut.apply('ws', [row('a'), row('b')], 1, { scope: 'pending' });
    cut.apply('ws', [], 2, { scope: 'pending' });
    cut.recordMutation(row('a'));
    cut.apply('ws', [], 3, { scope: 'pending', complete: false });
    cut.apply('ws', [], 4, { scope: 'pending' });
    expect(cut.rowsOf('ws').map((r) => r.id).sort()).toEqual(['a', 'b']);
    // A full list (a server ignoring the filter) a read-back contradicted empties no tab.
    const full = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    full.apply('ws', [row('a'), row('d', { status: 'APPROVED' })], 1);
    full.apply('ws', [row('d', { status: 'APPROVED' })], 2);
    full.recordMutation(row('a'));
    full.apply('ws', [], 3);
    expect(full.rowsOf('ws').map((r) => r.id).sort()).toEqual(['a', 'd']);
  });

  it('F10: every row that left is held for one more list, and read back first; the next list without them lets them go', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    const ids = Array.from({ length: 23 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    store.apply('ws', [row('old'), ...ids.map((id) => row(id))], 1, { scope: 'pending' });
    store.apply('ws', ids.map((id) => row(id)), 2, { scope: 'pending' });
    const rev = store.revision();
    store.apply('ws', [], 3, { scope: 'pending' }); // old goes (a second list without it), the rest leave
    expect(store.get('ws', 'old')).toBeUndefined();
    const held = store.rowsOf('ws').map((r) => r.id);
    expect(held).toEqual(ids);
    expect(store.revision()).toBeGreaterThan(rev);
    // The held ones first (the operator may be looking at them), then the oldest.
    expect(store.readBacksDue('ws', 24)).toEqual([...ids, 'old']);
    // An empty answer once took nothing away: the next list with them keeps them, as they were.
    const back = store.revision();
    store.apply('ws', ids.map((id) => row(id)), 4, { scope: 'pending' });
    expect(store.rowsOf('ws').map((r) => r.id)).toEqual(ids);
    expect(store.revision()).toBe(back);
    expect(store.readBacksDue('ws', 30)).toEqual(['old']);
    // Two lists without them: they go.
    store.apply('ws', [], 5, { scope: 'pending' });
    store.apply('ws', [], 6, { scope: 'pending' });
    expect(store.rowsOf('ws')).toEqual([]);
  });

  it('F33: a snapshot sent before my decision landed does not undo it; a later one wins', () => {
    let t = 100;
    const store = createRequestStore({ dataStore: memoryStore(), now: () => t });
    store.apply('ws', [row('a', { modifiedAt: 10 })], 90);
    const pollSentAt = t; // a poll goes out…
    t = 110;
    store.recordMutation(row('a', { status: 'APPROVED', modifiedAt: 20 })); // …my approve lands…
    t = 120;
    store.apply('ws', [row('a', { modifiedAt: 10 })], pollSentAt); // …and the stale poll answers.
    expect(store.get('ws', 'a')?.status).toBe('APPROVED');
    // A poll sent after the decision is authoritative again (e.g. the row was deleted).
    store.apply('ws', [], 130);
    expect(store.get('ws', 'a')).toBeUndefined();
  });

  it('F33: whatever the interleaving of polls and an approve, the row ends APPROVED (scheduler)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.boolean(), async (s, serverSendsModifiedAt) => {
        const { now, store, server, approve } = approveRace(s, serverSendsModifiedAt);
        store.apply('ws', [server()], now());
        const poll = async () => {
          const fetchedAt = now();
          const snapshot = { ...server() };
          await s.schedule(Promise.resolve('poll answer'));
          store.apply('ws', [snapshot], fetchedAt);
        };
        const all = Promise.all([poll(), approve(), poll(), poll()]);
        await s.waitAll();
        await all;
        expect(store.get('ws', 'a')?.status).toBe('APPROVED');
      }),
      { numRuns: 200 },
    );
  });

  it('marks a workspace stale after three intervals without a good poll', () => {
    let t = 0;
    const store = createRequestStore({ dataStore: memoryStore(), now: () => t });
    expect(store.isStale('ws', 1000)).toBe(true);
    store.apply('ws', [], 0);
    expect(store.lastSuccessAt('ws')).toBe(0);
    t = 3000;
    expect(store.isStale('ws', 1000)).toBe(false);
    t = 3001;
    expect(store.isStale('ws', 1000)).toBe(true);
    // Measured from the last good poll, not from the start.
    store.apply('ws', [], 3001);
    expect(store.lastSuccessAt('ws')).toBe(3001);
    t = 6001;
    expect(store.isStale('ws', 1000)).toBe(false);
    t = 6002;
    expect(store.isStale('ws', 1000)).toBe(true);
  });

  it('keeps the persisted seen-set bounded, dropping the oldest', () => {
    let t = 0;
    const data = memoryStore();
    const store = createRequestStore({ dataStore: data, now: () => ++t, seenLimit: 5 });
    store.apply('ws', [], 0);
    for (let i = 0; i < 12; i += 1) store.apply('ws', [row(`r${i}`)], t);
    const saved = data.data.get(SEEN_KEY) as { entries: [string, number][] };
    expect(saved.entries.map((e) => e[0])).toEqual(['ws/r7', 'ws/r8', 'ws/r9', 'ws/r10', 'ws/r11']);
  });

  it('a poll that changes nothing keeps the same row objects and revision, and writes nothing', () => {
    const data = memoryStore();
    let writes = 0;
    const counting: KeyValueStore = { read: data.read, write: (k, v) => (writes++, data.write(k, v)) };
    const store = createRequestStore({ dataStore: counting, now: () => 1 });
    store.apply('ws', [row('a'), row('b', { status: 'APPROVED' })], 1);
    const held = store.get('ws', 'a');
    const [rev, writesBefore] = [store.revision(), writes];
    // A new poll parses new objects with the same content.
    expect(store.apply('ws', [row('a'), row('b', { status: 'APPROVED' })], 2)).toEqual([]);
    expect(store.get('ws', 'a')).toBe(held);
    expect(store.revision()).toBe(rev);
    expect(writes).toBe(writesBefore);
  });

  it('the revision moves when a row is added, removed or changed, and not for an equal read-back', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('a'), row('b')], 1);
    let rev = store.revision();
    const moved = () => {
      const changed = store.revision() > rev; // it only ever increases
      rev = store.revision();
      return changed;
    };
    store.apply('ws', [row('a'), row('b', { displayName: 'Bea' })], 2);
    expect(moved()).toBe(true);
    store.apply('ws', [row('a'), row('b', { displayName: 'Bea' }), row('c')], 3);
    expect(moved()).toBe(true);
    store.apply('ws', [row('a'), row('c')], 4);
    expect(moved()).toBe(false); // b is held until read back
    store.remove('ws', 'b');
    expect(moved()).toBe(true);
    store.recordMutation(row('a'));
    expect(moved()).toBe(false);
    store.recordMutation(row('a', { status: 'APPROVED', modifiedAt: 2 }));
    expect(moved()).toBe(true);
    store.remove('ws', 'nope');
    expect(moved()).toBe(false);
    store.remove('ws', 'c');
    expect(moved()).toBe(true);
    // A decided row a complete history list no longer carries: gone, and the revision says so.
    store.apply('ws', [row('h', { status: 'REJECTED', modifiedAt: 2 })], 5, { scope: 'history' });
    expect(moved()).toBe(true);
    store.apply('ws', [], 6, { scope: 'history' });
    expect(store.get('ws', 'h')).toBeUndefined();
    expect(moved()).toBe(true);
    // A held row whose read-back failed for good leaves: the revision moves up.
    store.apply('ws', [row('p')], 7, { scope: 'pending' });
    moved();
    store.apply('ws', [], 8, { scope: 'pending' });
    expect(moved()).toBe(false);
    store.dropReadBack('ws', 'p');
    expect(moved()).toBe(true);
  });

  it('a change in any one field of a row is taken: the new row is held and the revision moves', () => {
    // A poll keeps the held object only when every field is equal; one field the comparison
    // skipped would leave the operator looking at stale data (a new processedBy, note, name…).
    const base = row('a', { status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u1', processedAt: 5, processingNote: 'ok', approvedParticipantId: 'p1', matchedParticipantId: 'm1', modifiedAt: 5 });
    const changes: Partial<AccessRequest>[] = [
      { integrationConfigId: 'cfg-2' },
      { provider: 'whatsapp' },
      { address: '+1666' },
      { agentId: 'b' },
      { matchedParticipantId: 'm2' },
      { displayName: 'Other' },
      { conversationName: 'DM' },
      { status: 'REJECTED' },
      { rawStatus: 'approved' },
      { processedBy: 'u2' },
      { processedAt: 6 },
      { processingNote: 'changed' },
      { approvedParticipantId: 'p2' },
      { createdAt: 2 },
      { modifiedAt: 6 },
    ];
    for (const change of changes) {
      const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
      store.apply('ws', [base], 1);
      const rev = store.revision();
      store.apply('ws', [{ ...base, ...change }], 2);
      expect(store.get('ws', 'a'), JSON.stringify(change)).toMatchObject(change);
      expect(store.revision(), JSON.stringify(change)).toBe(rev + 1);
    }
  });

  it('beyond the seen-set limit, requests still pending are not re-added (no write on every poll)', () => {
    const data = memoryStore();
    let writes = 0;
    const counting: KeyValueStore = { read: data.read, write: (k, v) => (writes++, data.write(k, v)) };
    let t = 0;
    const store = createRequestStore({ dataStore: counting, now: () => ++t, seenLimit: 3 });
    const rows = ['a', 'b', 'c', 'd', 'e'].map((id) => row(id));
    store.apply('ws', rows, 0);
    expect((data.data.get(SEEN_KEY) as { entries: unknown[] }).entries).toHaveLength(3);
    const before = writes;
    store.apply('ws', rows, 1);
    store.apply('ws', rows, 2);
    expect(writes).toBe(before);
    // A new pending request is still remembered (and announced).
    expect(store.apply('ws', [...rows, row('f')], 3)).toEqual(['f']);
    expect(writes).toBe(before + 1);
    expect(store.hasSeen('ws', 'f')).toBe(true);
  });

  it('evicts ids that are no longer pending before ones still waiting', () => {
    const data = memoryStore();
    let t = 0;
    const store = createRequestStore({ dataStore: data, now: () => ++t, seenLimit: 3 });
    store.apply('ws', [row('old-a'), row('old-b')], 0);
    // old-b, decided, goes first although old-a (still pending) is older.
    store.apply('ws', [row('old-a'), row('old-b', { status: 'APPROVED' }), row('new-c'), row('new-d')], 1);
    const saved = (data.data.get(SEEN_KEY) as { entries: [string, number][] }).entries.map((e) => e[0]);
    expect(saved.sort()).toEqual(['ws/new-c', 'ws/new-d', 'ws/old-a']);
  });

  it('an unreadable seen-set starts empty (and is set aside) instead of crashing', () => {
    const quarantined: string[] = [];
    const store = createRequestStore({
      dataStore: { read: () => fail('internal', 'bad json'), write: () => ok(null), quarantine: (k) => quarantined.push(k) > 0 },
      now: () => 1,
    });
    expect(quarantined).toEqual([SEEN_KEY]);
    expect(store.apply('ws', [row('a')], 1)).toEqual([]);
  });

  it('dropWorkspace forgets the rows (sign-out)', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('a')], 1);
    store.dropWorkspace('ws');
    expect(store.all()).toEqual([]);
    expect(store.apply('ws', [row('a'), row('b')], 2)).toEqual([]); // silent again
  });

  it('F33: a decided request never comes back as pending, whatever list or read-back says so later', () => {
    let t = 100;
    const store = createRequestStore({ dataStore: memoryStore(), now: () => t });
    store.apply('ws', [row('a')], 90, { scope: 'pending' });
    store.apply('ws', [row('a', { status: 'APPROVED', modifiedAt: 5 })], 95, { scope: 'history' });
    expect(store.get('ws', 'a')?.status).toBe('APPROVED');
    // A pending list sent later still (a lagging replica) says PENDING with a newer modifiedAt.
    t = 200;
    store.apply('ws', [row('a', { modifiedAt: 9 })], 190, { scope: 'pending' });
    store.apply('ws', [row('a', { modifiedAt: 9 })], 195, { scope: 'full' });
    store.recordMutation(row('a', { modifiedAt: 9 }));
    expect(store.get('ws', 'a')?.status).toBe('APPROVED');
    expect(store.hasSeen('ws', 'a')).toBe(true);
  });

  it('F33: a history list sent before my decision neither removes it nor undoes it', () => {
    let t = 100;
    const store = createRequestStore({ dataStore: memoryStore(), now: () => t });
    store.apply('ws', [row('a')], 90, { scope: 'pending' });
    const historySentAt = t;
    t = 110;
    store.recordMutation(row('a', { status: 'REJECTED', modifiedAt: 20 }));
    t = 120;
    // The history list was taken before the reject: it does not know the row is decided.
    store.apply('ws', [row('old', { status: 'APPROVED' })], historySentAt, { scope: 'history' });
    expect(store.get('ws', 'a')?.status).toBe('REJECTED');
    // A history list sent after it that lacks it speaks for it: deleted on the server.
    store.apply('ws', [row('old', { status: 'APPROVED' })], 130, { scope: 'history' });
    expect(store.get('ws', 'a')).toBeUndefined();
  });

  it('a pending list replaces only the pending set: decided rows stay, pending rows that left are queued for read-back (F10)', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('p1'), row('p2'), row('d1', { status: 'APPROVED' })], 1);
    store.apply('ws', [row('p2'), row('p3')], 2, { scope: 'pending' });
    expect(store.rowsOf('ws').map((r) => r.id).sort()).toEqual(['d1', 'p1', 'p2', 'p3']);
    expect(store.readBacksDue('ws', 10)).toEqual(['p1']);
    // The read-back answers: decided elsewhere.
    store.recordMutation(row('p1', { status: 'REJECTED', processedBy: 'alice', modifiedAt: 3 }));
    expect(store.get('ws', 'p1')).toMatchObject({ status: 'REJECTED', processedBy: 'alice' });
    expect(store.readBacksDue('ws', 10)).toEqual([]);
    // Gone for good (404): removed, nothing left to read back.
    store.apply('ws', [row('p3')], 4, { scope: 'pending' });
    expect(store.readBacksDue('ws', 10)).toEqual(['p2']);
    store.remove('ws', 'p2');
    expect(store.readBacksDue('ws', 10)).toEqual([]);
    expect(store.listFacts('ws')).toMatchObject({ decidedKept: 2, readBacksQueued: 0 });
  });

  it('a request that comes back to the pending list (or shows up decided in history) is not read back', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('a'), row('b')], 1, { scope: 'pending' });
    store.apply('ws', [], 2, { scope: 'pending' });
    expect(store.readBacksDue('ws', 10)).toEqual(['a', 'b']);
    store.apply('ws', [row('a')], 3, { scope: 'pending' });
    store.apply('ws', [row('b', { status: 'APPROVED', modifiedAt: 2 })], 4, { scope: 'history' });
    expect(store.readBacksDue('ws', 10)).toEqual([]);
    expect(store.get('ws', 'b')?.status).toBe('APPROVED');
  });

  it('F7: a list cut short by the page limit never concludes that anything vanished', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('p1'), row('p2'), row('d1', { status: 'APPROVED' }), row('d2', { status: 'REJECTED' })], 1);
    store.apply('ws', [row('p2')], 2, { scope: 'pending', complete: false });
    store.apply('ws', [row('d2', { status: 'REJECTED' })], 3, { scope: 'history', complete: false });
    store.apply('ws', [], 4, { scope: 'full', complete: false });
    expect(store.rowsOf('ws').map((r) => r.id).sort()).toEqual(['d1', 'd2', 'p1', 'p2']);
    expect(store.readBacksDue('ws', 10)).toEqual([]);
    expect(store.listFacts('ws')).toMatchObject({ pendingPartial: true, historyPartial: { APPROVED: 'pages', REJECTED: 'pages' } });
    store.apply('ws', [row('p1'), row('p2')], 5, { scope: 'pending' });
    expect(store.listFacts('ws').pendingPartial).toBe(false);
    // A history batch names the status whose list was cut; the other's list was whole.
    store.apply('ws', [row('d1', { status: 'APPROVED' })], 6, { scope: 'history', complete: false, cut: ['APPROVED'] });
    expect(store.listFacts('ws').historyPartial).toEqual({ APPROVED: 'pages', REJECTED: null });
  });

  it('F5: a list with items that could not be read never concludes a decided request is gone; a pending one left is still read back', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('p1'), row('p2'), row('d1', { status: 'APPROVED' }), row('d2', { status: 'REJECTED' })], 1);
    // A server ignoring the status filter answers one readable row and one it could not read.
    store.apply('ws', [row('p2')], 2, { scope: 'full', dropped: 1 });
    expect(store.rowsOf('ws').filter((r) => r.status !== 'PENDING').map((r) => r.id).sort()).toEqual(['d1', 'd2']);
    expect(store.readBacksDue('ws', 10)).toEqual(['p1']);
    store.apply('ws', [row('d1', { status: 'APPROVED' })], 3, { scope: 'history', dropped: 2 });
    expect(store.get('ws', 'd2')?.status).toBe('REJECTED');
    // A readable complete list still says what is gone.
    store.apply('ws', [row('p2')], 4, { scope: 'full' });
    expect(store.rowsOf('ws').filter((r) => r.status !== 'PENDING')).toEqual([]);
  });

  it('a history list replaces only the decided set and says when it was taken', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('p1')], 1, { scope: 'pending' });
    expect(store.listFacts('ws').historyAt).toBeNull();
    store.apply('ws', [row('d1', { status: 'APPROVED' }), row('d2', { status: 'REJECTED' })], 7, { scope: 'history' });
    store.apply('ws', [row('d2', { status: 'REJECTED' })], 9, { scope: 'history' });
    expect(store.rowsOf('ws').map((r) => r.id).sort()).toEqual(['d2', 'p1']);
    expect(store.listFacts('ws')).toMatchObject({ historyAt: 9, decidedKept: 1, historyPartial: { APPROVED: null, REJECTED: null } });
    // History never touches the pending queue's freshness.
    expect(store.lastSuccessAt('ws')).toBe(1);
  });

  it('keeps at most decidedLimit decided rows, the newest, and says the history is partial', () => {
    let limit = 3;
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1, decidedLimit: () => limit });
    const decided = (id: string, at: number) => row(id, { status: at % 2 ? 'APPROVED' : 'REJECTED', processedAt: at, modifiedAt: at });
    store.apply('ws', [row('p1'), decided('d1', 10), decided('d2', 50), decided('d3', 30), decided('d4', 40)], 1);
    expect(store.rowsOf('ws').map((r) => r.id).sort()).toEqual(['d2', 'd3', 'd4', 'p1']);
    // d1 (10, REJECTED) went: the rejected requests held are not all there are, the approved ones are.
    expect(store.listFacts('ws')).toMatchObject({ decidedKept: 3, historyPartial: { APPROVED: null, REJECTED: 'limit' } });
    // The client already left some out: still partial, even under the limit.
    store.apply('ws', [decided('d2', 50)], 2, { scope: 'history', decidedOmitted: { APPROVED: 0, REJECTED: 10 } });
    expect(store.listFacts('ws')).toMatchObject({ decidedKept: 1, historyPartial: { APPROVED: null, REJECTED: 'limit' } });
    store.apply('ws', [decided('d2', 50)], 3, { scope: 'history', decidedOmitted: { APPROVED: 2, REJECTED: 0 } });
    expect(store.listFacts('ws').historyPartial).toEqual({ APPROVED: 'limit', REJECTED: null });
    store.apply('ws', [decided('d2', 50)], 3, { scope: 'history' });
    expect(store.listFacts('ws').historyPartial).toEqual({ APPROVED: null, REJECTED: null });
    // Pending rows never count against the limit.
    limit = 1;
    store.apply('ws', [row('p1'), row('p2'), row('p3')], 4, { scope: 'pending' });
    expect(store.rowsOf('ws').filter((r) => r.status === 'PENDING')).toHaveLength(3);
  });

  it('F33: against a local read-back, a list row wins only when it is newer (modifiedAt first, then when the list was sent)', () => {
    // Pending rows, so that "decided is final" does not decide for us: only the age does.
    const shownAfter = (listSentAt: number, listModifiedAt: number | null, mineModifiedAt: number | null) => {
      const store = createRequestStore({ dataStore: memoryStore(), now: () => 100 });
      store.apply('ws', [row('a', { displayName: 'first', modifiedAt: 1 })], 50);
      store.recordMutation(row('a', { displayName: 'mine', modifiedAt: mineModifiedAt })); // lands at 100
      store.apply('ws', [row('a', { displayName: 'list', modifiedAt: listModifiedAt })], listSentAt);
      return store.get('ws', 'a')?.displayName;
    };
    expect(shownAfter(110, 10, 20)).toBe('mine'); // sent later, but an older version (a lagging replica)
    expect(shownAfter(90, 30, 20)).toBe('list'); // sent earlier, but a newer version
    expect(shownAfter(90, 20, 20)).toBe('mine'); // same version: the list was sent before mine landed
    expect(shownAfter(100, 20, 20)).toBe('list'); // same version, sent when mine landed: settled
    expect(shownAfter(90, null, 20)).toBe('mine'); // no version: when it was sent decides
    expect(shownAfter(110, null, 20)).toBe('list');
  });

  it('a history list says when history was read, never that the pending queue is fresh', () => {
    let t = 10;
    const store = createRequestStore({ dataStore: memoryStore(), now: () => t });
    store.apply('ws', [row('p1')], 10, { scope: 'pending' });
    t = 50;
    store.apply('ws', [row('d1', { status: 'APPROVED' })], 45, { scope: 'history' });
    expect(store.lastSuccessAt('ws')).toBe(10);
    expect(store.listFacts('ws').historyAt).toBe(45);
    expect(store.workspaceIds()).toEqual(['ws']);
    store.apply('w2', [], 50);
    expect(store.workspaceIds()).toEqual(['ws', 'w2']);
    store.dropWorkspace('ws');
    expect(store.workspaceIds()).toEqual(['w2']);
  });

  it('F46: a request first met through a read-back or decision is remembered (and saved) as seen', () => {
    const data = memoryStore();
    const store = createRequestStore({ dataStore: data, now: () => 7 });
    store.apply('ws', [], 1);
    store.recordMutation(row('x', { status: 'APPROVED', modifiedAt: 2 }));
    expect(store.hasSeen('ws', 'x')).toBe(true);
    expect((data.data.get(SEEN_KEY) as { entries: [string, number][] }).entries).toEqual([['ws/x', 7]]);
    // A stale list that still shows it pending does not announce it.
    expect(store.apply('ws', [row('x')], 1)).toEqual([]);
  });

  it('F10: at most READ_BACK_QUEUE_MAX ids wait to be read back once their rows are let go; beyond that the oldest wait for history', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    const ids = Array.from({ length: READ_BACK_QUEUE_MAX + 2 }, (_, i) => `r${i}`);
    store.apply('ws', ids.map((id) => row(id)), 1, { scope: 'pending' });
    store.apply('ws', [], 2, { scope: 'pending' });
    // All held for one more list, so all asked about for now.
    expect(store.listFacts('ws').readBacksQueued).toBe(ids.length);
    store.apply('ws', [], 3, { scope: 'pending' });
    expect(store.rowsOf('ws')).toEqual([]);
    expect(store.listFacts('ws').readBacksQueued).toBe(READ_BACK_QUEUE_MAX);
    // Oldest first (the two dropped were the oldest), and never more than asked for.
    expect(store.readBacksDue('ws', 3)).toEqual(['r2', 'r3', 'r4']);
    store.dropReadBack('ws', 'r2');
    expect(store.readBacksDue('ws', 1)).toEqual(['r3']);
    expect(store.readBacksDue('other', 5)).toEqual([]);
  });

  it('counts the decided rows it holds through read-backs, removals and sign-out', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('p1'), row('p2'), row('d1', { status: 'APPROVED' })], 1);
    expect(store.listFacts('ws').decidedKept).toBe(1);
    store.recordMutation(row('p1', { status: 'REJECTED', modifiedAt: 2 }));
    expect(store.listFacts('ws').decidedKept).toBe(2);
    store.recordMutation(row('p1', { status: 'REJECTED', modifiedAt: 3, processingNote: 'again' }));
    expect(store.listFacts('ws').decidedKept).toBe(2);
    store.remove('ws', 'd1');
    store.remove('ws', 'p2');
    expect(store.listFacts('ws').decidedKept).toBe(1);
    const rev = store.revision();
    store.dropWorkspace('ws');
    expect(store.revision()).toBe(rev + 1);
    expect(store.listFacts('ws')).toEqual({ historyAt: null, decidedKept: 0, historyPartial: { APPROVED: null, REJECTED: null }, pendingPartial: false, readBacksQueued: 0 });
    store.dropWorkspace('ws');
    expect(store.revision()).toBe(rev + 1);
  });

  it('sign-out forgets local decisions of that workspace only: after it, lists are taken as they come', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 110 });
    for (const ws of ['w1', 'w2']) store.apply(ws, [row('a', { workspaceId: ws, modifiedAt: null })], 90);
    // A decision lands at 110 in both workspaces; then w1 signs out and in again.
    for (const ws of ['w1', 'w2']) store.recordMutation(row('a', { workspaceId: ws, status: 'APPROVED', modifiedAt: null }));
    store.dropWorkspace('w1');
    // Two lists that were sent before 110 answer, the second with a renamed request.
    store.apply('w1', [row('a', { workspaceId: 'w1', modifiedAt: null })], 100);
    store.apply('w1', [row('a', { workspaceId: 'w1', modifiedAt: null, displayName: 'Renamed' })], 101);
    // In w2, a list sent before the decision that lacks the row does not remove it.
    store.apply('w2', [], 100);
    // w1 knows nothing older than its new lists; w2 still holds its decision against them.
    expect(store.get('w1', 'a')).toMatchObject({ status: 'PENDING', displayName: 'Renamed' });
    expect(store.get('w2', 'a')).toMatchObject({ status: 'APPROVED' });
  });

  it.each([
    ['not an object', 'garbage'],
    ['null', null],
    ['entries not a list', { version: 1, entries: 'x' }],
  ])('a seen-set that is %s starts empty and is set aside', (_name, value) => {
    const quarantined: string[] = [];
    const data = memoryStore({ [SEEN_KEY]: value });
    const store = createRequestStore({ dataStore: { ...data, quarantine: (k) => quarantined.push(k) > 0 }, now: () => 1 });
    expect(quarantined).toEqual([SEEN_KEY]);
    store.apply('ws', [], 1);
    expect(store.apply('ws', [row('a')], 2)).toEqual(['a']);
  });

  it('a seen-set with some malformed entries keeps the good ones', () => {
    const quarantined: string[] = [];
    const entries = [['ws/a', 1], ['no-slash', 1], ['ws/b', 'x'], [7, 1], 'ws/c', ['other/d', 2], ['ws/e', 3]];
    const data = memoryStore({ [SEEN_KEY]: { version: 1, entries } });
    const store = createRequestStore({ dataStore: { ...data, quarantine: (k) => quarantined.push(k) > 0 }, now: () => 5 });
    expect(quarantined).toEqual([]);
    expect(store.hasSeen('ws', 'a')).toBe(true);
    expect(store.hasSeen('other', 'd')).toBe(true);
    expect(store.hasSeen('ws', 'e')).toBe(true);
    store.apply('ws', [], 1);
    expect(store.apply('ws', [row('a'), row('b'), row('c')], 2)).toEqual(['b', 'c']);
  });

  it('F33: whatever the interleaving of pending lists, history lists, read-backs and an approve, the row ends APPROVED (scheduler)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.boolean(), async (s, serverSendsModifiedAt) => {
        const { now, store, server, approve } = approveRace(s, serverSendsModifiedAt);
        store.apply('ws', [server()], now(), { scope: 'pending' });
        const list = async (scope: 'pending' | 'history' | 'full') => {
          const fetchedAt = now();
          const snapshot = { ...server() };
          const matches = scope === 'full' || (scope === 'history') === (snapshot.status !== 'PENDING');
          await s.schedule(Promise.resolve(`${scope} list answer`));
          store.apply('ws', matches ? [snapshot] : [], fetchedAt, { scope });
        };
        const readBack = async () => {
          const snapshot = { ...server() };
          await s.schedule(Promise.resolve('read-back answer'));
          store.recordMutation(snapshot);
        };
        const all = Promise.all([list('pending'), approve(), list('history'), readBack(), list('pending'), list('full'), list('history')]);
        await s.waitAll();
        await all;
        // One more round after everything settled: the lists now agree with the server.
        const settled = Promise.all([list('pending'), list('history')]);
        await s.waitAll();
        await settled;
        expect(store.get('ws', 'a')?.status).toBe('APPROVED');
      }),
      { numRuns: 200 },
    );
  });
});

describe('request store: the seen-set file, ties, limits and settling local decisions', () => {
  /** A logger that keeps its warnings. */
  const warnings = () => {
    const warns: Array<[string, Record<string, unknown> | undefined]> = [];
    return { warns, log: { info: () => {}, error: () => {}, warn: (msg: string, meta?: Record<string, unknown>) => void warns.push([msg, meta]) } };
  };
  const savedKeys = (data: ReturnType<typeof memoryStore>) => (data.data.get(SEEN_KEY) as { entries: [string, number][] }).entries.map((e) => e[0]).sort();

  it('F8: duplicate ids keep the newest modifiedAt whatever their order, a row with a modifiedAt beats one without, a tie keeps the first', () => {
    const kept = (...rows: AccessRequest[]) => {
      const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
      store.apply('ws', rows, 1);
      expect(store.rowsOf('ws')).toHaveLength(1);
      return store.get('ws', 'a')?.displayName;
    };
    expect(kept(row('a', { modifiedAt: 2, displayName: 'old' }), row('a', { modifiedAt: 5, displayName: 'new' }))).toBe('new');
    expect(kept(row('a', { modifiedAt: null, displayName: 'undated' }), row('a', { modifiedAt: 3, displayName: 'dated' }))).toBe('dated');
    expect(kept(row('a', { modifiedAt: 3, displayName: 'dated' }), row('a', { modifiedAt: null, displayName: 'undated' }))).toBe('dated');
    // A tie keeps the first, as the client's collector does (validate.ts).
    expect(kept(row('a', { modifiedAt: 4, displayName: 'first' }), row('a', { modifiedAt: 4, displayName: 'second' }))).toBe('first');
    expect(kept(row('a', { modifiedAt: null, displayName: 'first' }), row('a', { modifiedAt: null, displayName: 'second' }))).toBe('first');
  });

  it("F46: the seen-set is read from and saved under the data store's key 'seen', so an upgrade keeps it", () => {
    const data = memoryStore({ seen: { version: 1, entries: [['ws/a', 1]] } });
    const store = createRequestStore({ dataStore: data, now: () => 5 });
    expect(store.hasSeen('ws', 'a')).toBe(true);
    store.apply('ws', [], 1);
    expect(store.apply('ws', [row('a'), row('b')], 2)).toEqual(['b']);
    expect((data.data.get('seen') as { entries: [string, number][] }).entries).toEqual([['ws/a', 1], ['ws/b', 5]]);
  });

  it('a first launch (no seen-set saved yet) starts empty without calling it unreadable or setting anything aside', () => {
    const { warns, log } = warnings();
    const quarantined: string[] = [];
    const store = createRequestStore({ dataStore: { ...memoryStore(), quarantine: (k) => quarantined.push(k) > 0 }, now: () => 1, log });
    expect(quarantined).toEqual([]);
    expect(warns).toEqual([]);
    expect(store.hasSeen('ws', 'a')).toBe(false);
  });

  it('an unreadable seen-set is logged as such', () => {
    const { warns, log } = warnings();
    createRequestStore({ dataStore: { read: () => fail('internal', 'bad json'), write: () => ok(null) }, now: () => 1, log });
    expect(warns.map((w) => w[0])).toEqual(['seen-set unreadable, starting empty']);
  });

  it('a seen-set that cannot be saved is logged with the reason, and the store goes on', () => {
    const { warns, log } = warnings();
    const store = createRequestStore({ dataStore: { read: () => ok(undefined), write: () => fail('internal', 'disk full') }, now: () => 1, log });
    store.apply('ws', [row('a')], 1);
    expect(warns).toEqual([['seen-set not saved', { reason: 'disk full' }]]);
    expect(store.hasSeen('ws', 'a')).toBe(true);
  });

  it('malformed seen-set entries are not written back at the next save', () => {
    const data = memoryStore({ [SEEN_KEY]: { version: 1, entries: [['ws/a', 1], ['no-slash', 1], ['other/d', 2]] } });
    const store = createRequestStore({ dataStore: data, now: () => 5 });
    store.apply('ws', [row('b')], 1);
    expect(savedKeys(data)).toEqual(['other/d', 'ws/a', 'ws/b']);
  });

  it('the seen-set evicts the oldest first across workspaces, not the first listed', () => {
    let t = 0;
    const data = memoryStore();
    const store = createRequestStore({ dataStore: data, now: () => ++t, seenLimit: 3 });
    const only = (ws: string, id: string) => store.apply(ws, [row(id, { workspaceId: ws })], 0);
    only('w1', 'x'); // first seen at 1
    only('w2', 'p'); // 2
    only('w1', 'y'); // 3; x no longer pending
    only('w2', 'q'); // 4; p no longer pending; x, the oldest, goes
    only('w1', 'z'); // 5; y no longer pending; p (2) goes before y (3)
    expect(savedKeys(data)).toEqual(['w1/y', 'w1/z', 'w2/q']);
  });

  it('F33: a list sent the very millisecond a read-back landed counts as sent after it: a pending row it lacks has left and is read back', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 110 });
    store.apply('ws', [row('a', { modifiedAt: 10 }), row('b')], 90, { scope: 'pending' });
    store.recordMutation(row('a', { modifiedAt: 20, displayName: 'read back' })); // lands at 110
    store.apply('ws', [row('b')], 110, { scope: 'pending' });
    expect(store.readBacksDue('ws', 5)).toEqual(['a']);
    store.apply('ws', [row('b')], 111, { scope: 'pending' });
    expect(store.get('ws', 'a')).toBeUndefined();
  });

  it('a decided request missing from a complete history list is dropped, not read back (only pending ones are)', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [row('p1'), row('d1', { status: 'APPROVED' })], 1);
    store.apply('ws', [], 2, { scope: 'history' });
    expect(store.get('ws', 'd1')).toBeUndefined();
    expect(store.readBacksDue('ws', 5)).toEqual([]);
    expect(store.get('ws', 'p1')).toBeDefined();
  });

  it('F4, F46: a request already on screen with a status the console does not know is not announced when it turns pending', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.apply('ws', [], 1);
    expect(store.apply('ws', [row('u', { status: 'UNKNOWN', rawStatus: 'ESCALATED' })], 2)).toEqual([]);
    expect(store.apply('ws', [row('u')], 3)).toEqual([]);
    expect(store.hasSeen('ws', 'u')).toBe(true);
    // A request never held before is announced as usual.
    expect(store.apply('ws', [row('u'), row('v')], 4)).toEqual(['v']);
  });

  it('exactly decidedLimit decided rows: nothing dropped, the history is not called partial', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1, decidedLimit: () => 2 });
    store.apply('ws', [row('p1'), row('d1', { status: 'APPROVED', processedAt: 5 }), row('d2', { status: 'REJECTED', processedAt: 6 })], 1);
    expect(store.listFacts('ws')).toMatchObject({ decidedKept: 2, historyPartial: { APPROVED: null, REJECTED: null } });
    const rev = store.revision();
    store.apply('ws', [row('p1')], 2, { scope: 'pending' });
    expect(store.listFacts('ws')).toMatchObject({ decidedKept: 2, historyPartial: { APPROVED: null, REJECTED: null } });
    expect(store.revision()).toBe(rev);
  });

  it('decided rows decided at the same moment: which stay at the limit does not depend on the order of the list', () => {
    const keptOf = (order: string[]) => {
      const store = createRequestStore({ dataStore: memoryStore(), now: () => 1, decidedLimit: () => 2 });
      store.apply('ws', order.map((id) => row(id, { status: 'APPROVED', processedAt: 7, modifiedAt: 7 })), 1);
      return store.rowsOf('ws').map((r) => r.id).sort();
    };
    for (const order of [['a', 'b', 'c'], ['c', 'b', 'a'], ['b', 'c', 'a'], ['c', 'a', 'b']]) expect(keptOf(order), order.join()).toEqual(['a', 'b']);
  });

  it('lowering the Decided requests kept setting drops the oldest at the next pending list: the revision moves and the history says it is partial', () => {
    let limit = 3;
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1, decidedLimit: () => limit });
    const decided = (id: string, at: number) => row(id, { status: 'APPROVED', processedAt: at, modifiedAt: at });
    store.apply('ws', [row('p1'), decided('d1', 10), decided('d2', 20), decided('d3', 30)], 1);
    expect(store.listFacts('ws').historyPartial).toEqual({ APPROVED: null, REJECTED: null });
    const rev = store.revision();
    limit = 2;
    store.apply('ws', [row('p1')], 2, { scope: 'pending' });
    expect(store.rowsOf('ws').map((r) => r.id).sort()).toEqual(['d2', 'd3', 'p1']);
    expect(store.revision()).toBeGreaterThan(rev);
    expect(store.listFacts('ws')).toMatchObject({ decidedKept: 2, historyPartial: { APPROVED: 'limit', REJECTED: null } });
  });

  it('F33: a local decision holds until a list sent after it speaks for its row; from then on lists are taken as they come', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 100 });
    const approved = (modifiedAt: number, note: string) => row('a', { status: 'APPROVED', rawStatus: 'APPROVED', modifiedAt, processingNote: note });
    store.apply('ws', [row('a', { modifiedAt: 10 })], 90);
    store.recordMutation(approved(20, 'mine')); // lands at 100
    // A pending list sent after it does not speak for a decided row, and history lists sent
    // before it landed do not count: my decision still holds against a lagging replica's version.
    store.apply('ws', [], 101, { scope: 'pending' });
    store.apply('ws', [approved(20, 'mine')], 95, { scope: 'history' });
    store.apply('ws', [approved(15, 'replica')], 96, { scope: 'history' });
    expect(store.get('ws', 'a')?.processingNote).toBe('mine');
    // A history list sent the moment it landed carries it: settled. From then on the server's
    // lists are the truth, even an older version.
    store.apply('ws', [approved(20, 'mine')], 100, { scope: 'history' });
    store.apply('ws', [approved(15, 'replica')], 103, { scope: 'history' });
    expect(store.get('ws', 'a')?.processingNote).toBe('replica');
  });

  it("F33: a list of one workspace never settles another workspace's local decision on the same id", () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 100 });
    for (const ws of ['w1', 'w2']) store.apply(ws, [row('a', { workspaceId: ws, modifiedAt: 10 })], 90);
    const decided = (ws: string, modifiedAt: number, note: string) => row('a', { workspaceId: ws, status: 'APPROVED', rawStatus: 'APPROVED', modifiedAt, processingNote: note });
    store.recordMutation(decided('w2', 20, 'mine')); // lands at 100
    store.apply('w1', [decided('w1', 20, 'w1')], 101, { scope: 'history' });
    store.apply('w2', [decided('w2', 15, 'replica')], 102, { scope: 'history' });
    expect(store.get('w2', 'a')?.processingNote).toBe('mine');
  });

  it('a workspace known only from a read-back claims no partial list', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    store.recordMutation(row('a', { status: 'APPROVED', modifiedAt: 2 }));
    expect(store.listFacts('ws')).toEqual({ historyAt: null, decidedKept: 1, historyPartial: { APPROVED: null, REJECTED: null }, pendingPartial: false, readBacksQueued: 0 });
  });

  it('a read-back of a request already seen writes nothing to disk', () => {
    const data = memoryStore();
    let writes = 0;
    const store = createRequestStore({ dataStore: { read: data.read, write: (k, v) => (writes++, data.write(k, v)) }, now: () => 1 });
    store.apply('ws', [row('a')], 1);
    const before = writes;
    store.recordMutation(row('a', { status: 'APPROVED', modifiedAt: 2 }));
    expect(writes).toBe(before);
  });

  it('nothing is seen in a workspace the store never met', () => {
    const store = createRequestStore({ dataStore: memoryStore(), now: () => 1 });
    expect(store.hasSeen('never', 'a')).toBe(false);
  });
});
