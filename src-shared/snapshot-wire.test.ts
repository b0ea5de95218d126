/**
 * Property tests for the one snapshot wire (both bridges use it): any snapshot survives encoding
 * and decoding unchanged, and any sequence of snapshots, sent as columns and deltas to one
 * receiver, reproduces every snapshot and so the final one. Messages cross as JSON (the event
 * stream) or as a structured clone (Electron IPC), which keeps no object identity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aRequest, aSnapshot } from '../test/fakes/builders';
import type { QueueSnapshot } from './contract';
import type { RequestView, WorkspaceStatus } from './domain';
import {
  REQUEST_VIEW_KEYS,
  createSnapshotDecoder,
  createSnapshotEncodeCache,
  createSnapshotEncoder,
  encodeWholeSnapshot,
  requestsColumnsFor,
  requestsDeltaFor,
  requestsFromColumns,
  requestsFromDelta,
  snapshotFromWire,
} from './snapshot-wire';

const text = fc.oneof(fc.string(), fc.constantFrom('', 'Support Bot', '☃ émoji 🚀', '\u202Eevil', '__proto__', 'a"b\\c'));
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const time = nullable(fc.integer({ min: 0, max: 2 ** 45 }));

/** Any RequestView: every field, small vocabularies where real data repeats (so dicts kick in). */
const requestView: fc.Arbitrary<RequestView> = fc.record({
  id: fc.uuid(),
  workspaceId: fc.constantFrom('ws-1', 'ws-2', 'env'),
  integrationConfigId: nullable(fc.constantFrom('cfg-wa', 'cfg-sms', 'cfg-slack')),
  provider: fc.constantFrom('whatsapp', 'sms', 'slack', 'teams', 'telegram', 'matrix'),
  address: text,
  agentId: fc.constantFrom('agent-support', 'agent-sales'),
  matchedParticipantId: nullable(fc.uuid()),
  displayName: text,
  conversationName: text,
  status: fc.constantFrom('PENDING' as const, 'APPROVED' as const, 'REJECTED' as const, 'UNKNOWN' as const),
  rawStatus: fc.constantFrom('PENDING', 'APPROVED', 'REJECTED', 'Weird'),
  processedBy: nullable(fc.constantFrom('u-1', 'u-2')),
  processedAt: time,
  processingNote: nullable(text),
  approvedParticipantId: nullable(fc.uuid()),
  createdAt: time,
  modifiedAt: time,
  agentName: fc.constantFrom('Support Bot', 'Sales'),
  connectorName: text,
  processedByName: nullable(text),
  canDecide: fc.boolean(),
  readOnlyReason: nullable(text),
  matchedParticipantName: nullable(text),
  approvedParticipantName: nullable(text),
  approveMode: nullable(fc.constantFrom('CREATE_NEW' as const, 'ADD_TO_EXISTING' as const, 'BIND_ONLY' as const)),
});

const gap = fc.constantFrom('limit' as const, 'pages' as const, null);
const workspace: fc.Arbitrary<WorkspaceStatus> = fc.record({
  id: fc.constantFrom('ws-1', 'ws-2'),
  label: text,
  baseUrl: fc.constant('https://api.fruxon.com'),
  tenant: fc.constantFrom('acme', 'globex'),
  isDemo: fc.boolean(),
  credential: fc.constantFrom('persisted' as const, 'session-only' as const, 'none' as const),
  credentialNotice: nullable(text),
  webUrl: nullable(fc.constant('https://app.fruxon.com')),
  poll: fc.record({
    state: fc.constantFrom('live' as const, 'stale' as const, 'error' as const, 'offline' as const),
    lastSuccessAt: time,
    nextPollAt: time,
    pollingSince: time,
    lastError: nullable(fc.record({ code: fc.constantFrom('offline' as const, 'server' as const), message: text })),
    droppedRows: fc.nat(10),
    consecutiveFailures: fc.nat(10),
    pendingPartial: fc.boolean(),
    waitUntil: time,
  }),
  history: fc.record({
    refreshedAt: time,
    refreshing: fc.boolean(),
    kept: fc.nat(20_000),
    partial: fc.record({ APPROVED: gap, REJECTED: gap }),
    lastError: nullable(fc.record({ code: fc.constantFrom('invalid-response' as const, 'server' as const), message: text })),
  }),
  expiryWarning: nullable(text),
  decisionsHeldUntil: time,
  operatorUserId: nullable(fc.constantFrom('u-1', 'u-2')),
});

const snapshot: fc.Arbitrary<QueueSnapshot> = fc.record(
  {
    seq: fc.nat(),
    generatedAt: fc.integer({ min: 0, max: 2 ** 45 }),
    requests: fc.uniqueArray(requestView, { maxLength: 60, selector: (r) => r.id }),
    workspaces: fc.array(workspace, { maxLength: 3 }),
    requestsRev: fc.nat(),
  },
  { requiredKeys: ['seq', 'generatedAt', 'requests', 'workspaces'] },
);

/** How a frame crosses: the event stream's JSON, or Electron's structured clone. */
const transports = [
  ['JSON (event stream)', (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown],
  ['structured clone (IPC)', (v: unknown) => structuredClone(v)],
] as const;

describe.each(transports)('snapshot wire over %s (properties)', (_name, carry) => {
  it('any snapshot survives encode and decode unchanged', () => {
    fc.assert(
      fc.property(snapshot, (s) => {
        expect(snapshotFromWire(carry(encodeWholeSnapshot(s)), null)).toEqual(s);
      }),
    );
  });

  it('any sequence of snapshots sent to one receiver as columns and deltas reproduces each one, and so the final one', () => {
    /** One step from the previous snapshot: what the core may publish next. */
    const step = fc.record({
      keep: fc.array(fc.boolean(), { maxLength: 60 }),
      change: fc.array(fc.nat(59), { maxLength: 5 }),
      fresh: fc.array(requestView, { maxLength: 6 }),
      shuffle: fc.boolean(),
      sameRequests: fc.boolean(),
      dropRev: fc.boolean(),
      statusOnly: workspace,
    });
    fc.assert(
      fc.property(fc.uniqueArray(requestView, { maxLength: 40, selector: (r) => r.id }), fc.array(step, { minLength: 1, maxLength: 8 }), (first, steps) => {
        const cache = createSnapshotEncodeCache();
        const encoder = createSnapshotEncoder(cache);
        const decoder = createSnapshotDecoder();
        let rev = 1;
        let current: QueueSnapshot = { seq: 1, generatedAt: 1, requests: first, workspaces: [], requestsRev: rev };
        const published = [current];
        for (const [i, st] of steps.entries()) {
          let requests = current.requests;
          if (!st.sameRequests) {
            // Unchanged rows stay the same objects; changed ones are new objects (as the core does).
            const next = requests.filter((_, k) => st.keep[k] ?? true).map((r, k) => (st.change.includes(k) ? { ...r, status: 'APPROVED' as const, displayName: `${r.displayName}*` } : r));
            const ids = new Set(next.map((r) => r.id));
            for (const f of st.fresh) {
              if (ids.has(f.id)) continue;
              next.splice(f.id.charCodeAt(0) % (next.length + 1), 0, f);
              ids.add(f.id);
            }
            if (st.shuffle) next.reverse();
            requests = next;
            rev += 1;
          }
          current = { seq: i + 2, generatedAt: i + 2, requests, workspaces: [st.statusOnly], ...(st.dropRev ? {} : { requestsRev: rev }) };
          published.push(current);
        }
        const decoded = published.map((s) => decoder.decode(carry(encoder.encode(s))));
        decoded.forEach((d, i) => expect(d).toEqual(published[i]));
        expect(decoder.current()).toEqual(published.at(-1));
      }),
    );
  });
});

describe('snapshot wire: pieces and hostile input (properties)', () => {
  it('an edit script and its replay give back the new list, reusing the rows both share', () => {
    const pool = Array.from({ length: 40 }, (_, i) => ({ id: `p-${i}` }) as RequestView);
    const list = fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 60 }).map((ix) => [...new Set(ix)].map((i) => pool[i]!));
    fc.assert(
      fc.property(list, list, (before, after) => {
        const wire = JSON.parse(JSON.stringify(requestsDeltaFor(before, after, 5))) as Parameters<typeof requestsFromDelta>[2];
        const back = requestsFromDelta({ rev: 5, requests: before }, 6, wire)!;
        expect(back).toEqual(after);
        back.forEach((r, i) => {
          if (before.includes(after[i]!)) expect(r).toBe(after[i]);
        });
      }),
    );
  });

  it('columns give back every field of every row', () => {
    fc.assert(
      fc.property(fc.array(requestView, { maxLength: 80 }), (rows) => {
        expect(requestsFromColumns(JSON.parse(JSON.stringify(requestsColumnsFor(rows))) as Parameters<typeof requestsFromColumns>[0])).toEqual(rows);
      }),
    );
  });

  it('no input makes the decoder throw; what it cannot place is null (the receiver then re-reads)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.option(snapshot, { nil: null }), (payload, previous) => {
        const decoder = createSnapshotDecoder();
        if (previous) decoder.decode(previous);
        expect(() => decoder.decode(payload)).not.toThrow();
        expect(() => snapshotFromWire({ seq: 1, requestsDelta: payload, requestsColumns: undefined }, previous)).not.toThrow();
        expect(() => snapshotFromWire({ seq: 1, requestsColumns: payload }, previous)).not.toThrow();
      }),
    );
  });
});

describe('snapshot wire: columns the decoder refuses', () => {
  type Wire = Parameters<typeof requestsFromColumns>[0];
  const good = (): Record<string, unknown> => ({ keys: ['id', 'agentName'], count: 2, columns: [['r-1', 'r-2'], [0, 0]], dicts: { '1': ['Support Bot'] } });
  const decode = (wire: unknown) => requestsFromColumns(wire as Wire);

  it('a well-formed wire decodes (the reference for every refusal below)', () => {
    expect(decode(good())).toEqual([
      { id: 'r-1', agentName: 'Support Bot' },
      { id: 'r-2', agentName: 'Support Bot' },
    ]);
  });

  it.each<[string, (w: Record<string, unknown>) => unknown]>([
    ['not an object', () => 'columns'],
    ['null', () => null],
    ['nothing at all', () => undefined],
    ['keys missing', (w) => ({ ...w, keys: undefined })],
    ['columns not a list', (w) => ({ ...w, columns: { 0: ['r-1', 'r-2'] } })],
    ['one column fewer than keys', (w) => ({ ...w, columns: [['r-1', 'r-2']], dicts: {} })],
    ['a count that is not a whole number', (w) => ({ ...w, count: 1.5 })],
    ['a negative count', (w) => ({ ...w, count: -1 })],
    ['a negative count with no fields to hold it', () => ({ keys: [], count: -1, columns: [] })],
    ['a count that is not a whole number with no fields to hold it', () => ({ keys: [], count: 1.5, columns: [] })],
    ['a key that is not text', (w) => ({ ...w, keys: ['id', 7] })],
    ['a key that would reach the prototype', (w) => ({ ...w, keys: ['id', '__proto__'] })],
    ['a column that is not a list', (w) => ({ ...w, columns: [['r-1', 'r-2'], 'Support Bot'] })],
    ['a column shorter than the count', (w) => ({ ...w, columns: [['r-1', 'r-2'], [0]] })],
    ['dictionaries that are not an object', (w) => ({ ...w, dicts: 5 })],
    ['a dictionary for a column that does not exist', (w) => ({ ...w, dicts: { '2': ['x'] } })],
    ['a dictionary for a negative column', (w) => ({ ...w, dicts: { '-1': ['x'] } })],
    ['a dictionary for a column that is not a number', (w) => ({ ...w, dicts: { agent: ['x'] } })],
    ['a dictionary that is not a list', (w) => ({ ...w, dicts: { '1': 'Support Bot' } })],
  ])('%s: null, so the receiver re-reads the whole snapshot', (_name, spoil) => {
    expect(decode(spoil(good()))).toBeNull();
  });
});

describe('snapshot wire: repeated values are sent once', () => {
  const rows = (n: number, agents: number) => Array.from({ length: n }, (_, i) => ({ id: `r-${i}`, agentName: `Agent ${i % agents}` }) as RequestView);
  const column = (wire: ReturnType<typeof requestsColumnsFor>, key: string) => wire.keys.indexOf(key as never);

  it('a column with few distinct values (20 agents over 1,000 rows) is a dictionary and an index per row', () => {
    const wire = requestsColumnsFor(rows(1000, 20));
    const k = String(column(wire, 'agentName'));
    expect(wire.dicts?.[k]).toHaveLength(20);
    expect(wire.columns[Number(k)]!.slice(0, 3)).toEqual([0, 1, 2]);
    expect(requestsFromColumns(JSON.parse(JSON.stringify(wire)) as typeof wire)!.map((r) => r.agentName)).toEqual(rows(1000, 20).map((r) => r.agentName));
  });

  it('a column of distinct values (ids) is sent as it is, with no dictionary', () => {
    const wire = requestsColumnsFor(rows(1000, 20));
    const k = column(wire, 'id');
    expect(wire.dicts?.[String(k)]).toBeUndefined();
    expect(wire.columns[k]![999]).toBe('r-999');
  });

  it('two rows sharing an agent already share its value; one row has no dictionaries', () => {
    expect(Object.keys(requestsColumnsFor(rows(2, 1)).dicts ?? {})).toContain(String(column(requestsColumnsFor(rows(2, 1)), 'agentName')));
    expect(requestsColumnsFor(rows(1, 1)).dicts ?? {}).toEqual({});
  });
});

describe('snapshot wire: deltas the decoder refuses', () => {
  const held = { rev: 4, requests: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] as RequestView[] };
  type Delta = Parameters<typeof requestsFromDelta>[2];
  const replay = (delta: unknown) => requestsFromDelta(held, 5, delta as Delta);

  it('a well-formed delta replays (the reference for every refusal below)', () => {
    expect(replay({ base: 4, ops: [[1, 2], { id: 'd' }, [0, 1]] })!.map((r) => r.id)).toEqual(['b', 'c', 'd', 'a']);
    expect(replay({ base: 4, ops: [[0, 0], [3, 0]] })).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['no delta at all (null)', null],
    ['a delta that is not an object', 'delta'],
    ['a delta from another revision than the one held', { base: 3, ops: [[0, 3]] }],
    ['ops that are not a list', { base: 4, ops: { 0: [0, 3] } }],
    ['a new row that is null', { base: 4, ops: [null] }],
    ['a new row that is not an object', { base: 4, ops: ['d'] }],
    ['a run whose start is not a whole number', { base: 4, ops: [[0.5, 1]] }],
    ['a run whose length is not a whole number', { base: 4, ops: [[0, '2']] }],
    ['a run that starts before the first row', { base: 4, ops: [[-1, 1]] }],
    ['a run of negative length', { base: 4, ops: [[2, -1]] }],
    ['a run past the last row held', { base: 4, ops: [[2, 2]] }],
  ])('%s: null, so the receiver asks for a whole snapshot', (_name, delta) => {
    expect(replay(delta)).toBeNull();
  });
});

describe('snapshot wire: where a column stops being a dictionary', () => {
  /** `n` rows over `distinct` agent names, each name first seen in order. */
  const rows = (n: number, distinct: number) => Array.from({ length: n }, (_, i) => aRequest({ agentName: `Agent ${i % distinct}` }));
  const agentDict = (wire: ReturnType<typeof requestsColumnsFor>) => wire.dicts?.[String(REQUEST_VIEW_KEYS.indexOf('agentName'))];

  it('up to 16 distinct values in a small list travel once each; a 17th sends the column as it is', () => {
    expect(agentDict(requestsColumnsFor(rows(100, 16)))).toEqual(Array.from({ length: 16 }, (_, i) => `Agent ${i}`));
    const wide = requestsColumnsFor(rows(100, 17));
    expect(agentDict(wide)).toBeUndefined();
    expect(wide.columns[REQUEST_VIEW_KEYS.indexOf('agentName')]!.slice(15, 18)).toEqual(['Agent 15', 'Agent 16', 'Agent 0']);
  });

  it('in a long list the bound is an eighth of the rows: 125 distinct values over 1,000 rows are a dictionary, 126 are not', () => {
    expect(agentDict(requestsColumnsFor(rows(1000, 125)))).toHaveLength(125);
    expect(agentDict(requestsColumnsFor(rows(1000, 126)))).toBeUndefined();
  });

  it('either way the rows decode to what was encoded', () => {
    for (const distinct of [16, 17]) {
      const list = rows(100, distinct);
      expect(requestsFromColumns(JSON.parse(JSON.stringify(requestsColumnsFor(list))) as ReturnType<typeof requestsColumnsFor>)).toEqual(list);
    }
  });
});

describe('snapshot wire: what a decoded row looks like', () => {
  it('decoding leaves the frame as it came, so the same frame decodes again to the same rows', () => {
    const list = [aRequest({ agentName: 'Support Bot' }), aRequest({ agentName: 'Sales' }), aRequest({ agentName: 'Support Bot' })];
    const wire = requestsColumnsFor(list);
    const before = structuredClone(wire);
    expect(requestsFromColumns(wire)).toEqual(list);
    expect(wire).toEqual(before);
    expect(requestsFromColumns(wire)).toEqual(list);
  });

  it('a nullable field the sender left out arrives as null, never undefined (structured clone keeps undefined)', () => {
    const full = aRequest({ processedBy: 'u-1', approveMode: 'CREATE_NEW' });
    const { approveMode: _a, processedBy: _p, ...partial } = aRequest();
    const wire = structuredClone(requestsColumnsFor([full, partial as RequestView]));
    const [first, second] = requestsFromColumns(wire)!;
    expect(first).toEqual(full);
    expect(second!.approveMode).toBeNull();
    expect(second!.processedBy).toBeNull();
    expect(Object.keys(second!)).toEqual([...REQUEST_VIEW_KEYS]);
  });

  it('a frame with as many fields but one unknown to this build decodes field by field, keeping the unknown one', () => {
    const keys = REQUEST_VIEW_KEYS.map((k) => (k === 'approveMode' ? 'approvalMode' : k));
    const row = aRequest({ approveMode: 'BIND_ONLY' });
    const columns = REQUEST_VIEW_KEYS.map((k) => [row[k]]);
    const [back] = requestsFromColumns({ keys, count: 1, columns } as unknown as ReturnType<typeof requestsColumnsFor>)!;
    expect(back).toHaveProperty('approvalMode', 'BIND_ONLY');
    expect(back).not.toHaveProperty('approveMode');
    expect(back!.id).toBe(row.id);
  });

  it('the same fields in another order decode field by field too', () => {
    const keys = [...REQUEST_VIEW_KEYS].reverse();
    const row = aRequest({ processingNote: 'checked' });
    const [back] = requestsFromColumns({ keys, count: 1, columns: keys.map((k) => [row[k]]) } as unknown as ReturnType<typeof requestsColumnsFor>)!;
    expect(back).toEqual(row);
  });
});

describe('snapshot wire: encoder and decoder as the hosts use them', () => {
  const list = (n: number) => Array.from({ length: n }, () => aRequest());
  const carry = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

  it('the same snapshot encoded twice through one cache is the same columns, built once for every receiver', () => {
    const cache = createSnapshotEncodeCache();
    const s = aSnapshot(list(5), { requestsRev: 1 });
    const first = encodeWholeSnapshot(s, cache);
    expect(encodeWholeSnapshot(s, cache).requestsColumns).toBe(first.requestsColumns);
    expect(createSnapshotEncoder(cache).encode(s).requestsColumns).toBe(first.requestsColumns);
  });

  it('two receivers holding the same revision get the very same delta for the next one', () => {
    const cache = createSnapshotEncodeCache();
    const rows = list(6);
    const s1 = aSnapshot(rows, { requestsRev: 1 });
    const s2 = aSnapshot([...rows, aRequest()], { requestsRev: 2 });
    const s3 = aSnapshot([aRequest(), ...rows], { requestsRev: 3 });
    const [a, b] = [createSnapshotEncoder(cache), createSnapshotEncoder(cache)];
    a.encode(s1);
    b.encode(s1);
    const delta = a.encode(s2).requestsDelta;
    expect(delta).toEqual({ base: 1, ops: [[0, 6], s2.requests[6]] });
    expect(b.encode(s2).requestsDelta).toBe(delta);
    // A receiver sent the same revision whole some other way gets that same delta for the next.
    const c = createSnapshotEncoder(cache);
    c.encode(s2);
    const fromTwo = c.encode(s3).requestsDelta;
    expect(fromTwo).toEqual({ base: 2, ops: [s3.requests[0], [0, 6]] });
    const d = createSnapshotEncoder(cache);
    d.sentWhole(s2);
    expect(d.encode(s3).requestsDelta).toBe(fromTwo);
  });

  it('a reordering of the same rows is sent as a delta: no row travels again', () => {
    const encoder = createSnapshotEncoder();
    const rows = list(10);
    encoder.encode(aSnapshot(rows, { requestsRev: 1 }));
    const frame = encoder.encode(aSnapshot([...rows].reverse(), { requestsRev: 2 }));
    expect(frame.requestsColumns).toBeUndefined();
    expect(frame.requestsDelta!.ops).toEqual(Array.from({ length: 10 }, (_, i) => [9 - i, 1]));
  });

  it('a delta while at most half the rows are new; past half, the whole list as columns', () => {
    const rows = list(4);
    const half = [rows[0]!, aRequest(), rows[2]!, aRequest()];
    const most = [rows[0]!, aRequest(), aRequest(), aRequest()];
    for (const [next, form] of [
      [half, 'requestsDelta'],
      [most, 'requestsColumns'],
    ] as const) {
      const encoder = createSnapshotEncoder();
      const decoder = createSnapshotDecoder();
      const s1 = aSnapshot(rows, { requestsRev: 1 });
      const s2 = aSnapshot(next, { requestsRev: 2 });
      decoder.decode(carry(encoder.encode(s1)));
      const frame = encoder.encode(s2);
      expect(Object.keys(frame)).toContain(form);
      expect(Object.keys(frame).filter((k) => k.startsWith('requests') && k !== 'requestsRev')).toEqual([form]);
      expect(decoder.decode(carry(frame))).toEqual(s2);
    }
  });

  it('after a reset the encoder sends the next snapshot whole, as to a new page', () => {
    const encoder = createSnapshotEncoder();
    const rows = list(4);
    encoder.encode(aSnapshot(rows, { requestsRev: 1 }));
    expect(encoder.encode(aSnapshot(rows, { requestsRev: 1 })).requestsDelta).toEqual({ base: 1, ops: [] });
    encoder.reset();
    const frame = encoder.encode(aSnapshot(rows, { requestsRev: 1 }));
    expect(frame.requestsDelta).toBeUndefined();
    expect(snapshotFromWire(carry(frame), null)).toEqual(aSnapshot(rows, { requestsRev: 1 }));
  });

  it('a frame the decoder cannot place leaves it holding the last good snapshot, so the next delta still applies', () => {
    const encoder = createSnapshotEncoder();
    const decoder = createSnapshotDecoder();
    const rows = list(5);
    const s1 = aSnapshot(rows, { requestsRev: 1 });
    const s2 = aSnapshot([...rows, aRequest()], { requestsRev: 2 });
    decoder.decode(carry(encoder.encode(s1)));
    expect(decoder.decode({ seq: 9, requestsDelta: { base: 7, ops: [] }, requestsRev: 8 })).toBeNull();
    expect(decoder.decode('garbage')).toBeNull();
    expect(decoder.current()).toEqual(s1);
    expect(decoder.decode(carry(encoder.encode(s2)))).toEqual(s2);
  });

  it('after a reset the decoder holds nothing: current() is null and a delta is refused', () => {
    const encoder = createSnapshotEncoder();
    const decoder = createSnapshotDecoder();
    const rows = list(3);
    decoder.decode(carry(encoder.encode(aSnapshot(rows, { requestsRev: 1 }))));
    decoder.reset();
    expect(decoder.current()).toBeNull();
    expect(decoder.decode(carry(encoder.encode(aSnapshot([...rows, aRequest()], { requestsRev: 2 }))))).toBeNull();
  });

  it('a delta that is null, with a revision held, is refused rather than thrown on', () => {
    const held = { rev: 4, requests: list(2) };
    expect(requestsFromDelta(held, 5, null as unknown as Parameters<typeof requestsFromDelta>[2])).toBeNull();
    const s = aSnapshot(list(2), { requestsRev: 4 });
    expect(snapshotFromWire({ ...aSnapshot([], { requestsRev: 5 }), requests: undefined, requestsDelta: null }, s)).toBeNull();
  });
});
