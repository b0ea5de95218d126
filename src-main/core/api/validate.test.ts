import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aRawRequest } from '../../../test/fakes/builders';
import {
  createRequestCollector,
  parseListBody,
  parseListWith,
  toAccessRequest,
  toAuthHealth,
  toAgent,
  toCollaborator,
  toConfig,
  toDeviceApproved,
  toDeviceStart,
  toIntegration,
  toParticipant,
  toTimestamp,
  toUser,
} from './validate';

const WS = 'ws-1';
const row = (over: Record<string, unknown> = {}): Record<string, unknown> => aRawRequest({ displayName: '  Dana  ', processedAt: 0, ...over });

describe('toAccessRequest', () => {
  it('builds a request from a well-formed row, trimming display text', () => {
    const r = toAccessRequest(row(), WS);
    expect(r).toEqual({
      id: '3f1c0000-0000-0000-0000-000000000001',
      workspaceId: WS,
      integrationConfigId: 'cfg-1',
      provider: 'whatsapp',
      address: '+14155238886',
      agentId: 'support_bot',
      matchedParticipantId: null,
      displayName: 'Dana',
      conversationName: 'DM',
      status: 'PENDING',
      rawStatus: 'PENDING',
      processedBy: null,
      processedAt: null,
      processingNote: null,
      approvedParticipantId: null,
      createdAt: 1_700_000_000_000,
      modifiedAt: 1_700_000_000_000,
    });
  });

  it.each([
    ['Pending', 'PENDING'],
    ['pending', 'PENDING'],
    ['PENDING', 'PENDING'],
    [' approved ', 'APPROVED'],
    ['Rejected', 'REJECTED'],
    ['ESCALATED', 'UNKNOWN'],
    ['UNSPECIFIED', 'UNKNOWN'],
    [42, 'UNKNOWN'],
    [undefined, 'UNKNOWN'],
  ])('F4: status %j normalises to %s and keeps the raw label', (status, expected) => {
    const r = toAccessRequest(row({ status }), WS);
    expect(r?.status).toBe(expected);
    // The raw label is what the row shows for an unknown status: the server's text, a number as
    // text, nothing for anything else.
    expect(r?.rawStatus).toBe(typeof status === 'string' ? status : status === undefined ? '' : String(status));
  });

  it('F4: a status that is an object or null shows no raw label', () => {
    expect(toAccessRequest(row({ status: { value: 'PENDING' } }), WS)).toMatchObject({ status: 'UNKNOWN', rawStatus: '' });
    expect(toAccessRequest(row({ status: null }), WS)).toMatchObject({ status: 'UNKNOWN', rawStatus: '' });
  });

  it.each([
    ['no id', { id: undefined }],
    ['numeric id', { id: 123 }],
    ['empty id', { id: '' }],
    ['whitespace id', { id: '   ' }],
    ['object id', { id: { a: 1 } }],
    ['createdAt "yesterday"', { createdAt: 'yesterday' }],
    ['createdAt as an object', { createdAt: { at: 1 } }],
  ])('F5: a row with %s is dropped', (_name, over) => {
    expect(toAccessRequest(row(over), WS)).toBeNull();
  });

  it.each([null, 'x', 1, [], true])('F5: a non-object item (%j) is dropped', (raw) => {
    expect(toAccessRequest(raw, WS)).toBeNull();
  });

  it.each([
    [1_700_000_000, 1_700_000_000_000],
    [1_700_000_000_123, 1_700_000_000_123],
    [0, null],
    [-5, null],
    [Number.NaN, null],
    ['yesterday', null],
    ['1700000000000', 1_700_000_000_000],
    ['2024-01-02T03:04:05Z', Date.parse('2024-01-02T03:04:05Z')],
    [null, null],
    [1e20, null],
  ])('F12: timestamp %j becomes %j', (value, expected) => {
    expect(toTimestamp(value)).toBe(expected);
    // A string that is not a time is a wrong type: the whole row is dropped (F5).
    const kept = toAccessRequest(row({ createdAt: value }), WS);
    if (value === 'yesterday') expect(kept).toBeNull();
    else expect(kept?.createdAt).toBe(expected);
  });

  it('F6: unknown fields are not copied and __proto__ keys pollute nothing', () => {
    const raw = JSON.parse(`{"id":"a","status":"PENDING","isAdmin":true,"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}`) as unknown;
    const r = toAccessRequest(raw, WS);
    expect(r).not.toBeNull();
    expect(Object.keys(r ?? {})).not.toContain('isAdmin');
    expect((r as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('F6: values inherited from a polluted prototype are not read as fields', () => {
    const raw = Object.create({ id: 'inherited', status: 'PENDING' }) as unknown;
    expect(toAccessRequest(raw, WS)).toBeNull();
  });
});

describe('parseListBody', () => {
  it('F7: parses a bare array', () => {
    const parsed = parseListBody([row({ id: 'a' }), row({ id: 'b' })], WS);
    expect(parsed?.rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(parsed?.nextPageToken).toBeNull();
  });

  it('F7: parses an {items, nextPageToken} envelope', () => {
    const parsed = parseListBody({ items: [row({ id: 'a' })], nextPageToken: 'p2', totalCount: 9 }, WS);
    expect(parsed?.rows.map((r) => r.id)).toEqual(['a']);
    expect(parsed?.nextPageToken).toBe('p2');
    expect(parseListBody({ items: [], nextPageToken: '' }, WS)?.nextPageToken).toBeNull();
  });

  it.each([[null], [''], [{}], [{ items: 'x' }], ['[]'], [42]])('F3: %j is not a list (never an empty queue)', (body) => {
    expect(parseListBody(body, WS)).toBeNull();
  });

  it('F5: bad items are dropped and counted, the others kept', () => {
    const parsed = parseListBody([row({ id: 'a' }), { id: 123 }, null, row({ id: 'b', createdAt: 'yesterday' }), row({ id: 'c', createdAt: 0 })], WS);
    expect(parsed?.rows.map((r) => r.id)).toEqual(['a', 'c']);
    expect(parsed?.dropped).toBe(3);
  });

  it('F8: duplicate ids keep the newest modifiedAt', () => {
    const parsed = parseListBody(
      [
        row({ id: 'a', modifiedAt: 1_700_000_000_000, status: 'PENDING' }),
        row({ id: 'b' }),
        row({ id: 'a', modifiedAt: 1_700_000_500_000, status: 'APPROVED' }),
        row({ id: 'a', modifiedAt: 1_700_000_100_000, status: 'REJECTED' }),
      ],
      WS,
    );
    expect(parsed?.rows.map((r) => [r.id, r.status])).toEqual([
      ['a', 'APPROVED'],
      ['b', 'PENDING'],
    ]);
    expect(parsed?.dropped).toBe(0);
  });
});

describe('property tests (F5, F6, F8)', () => {
  const arbitraryRow = fc.record(
    {
      id: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constantFrom('a', 'b', 'c')),
      status: fc.oneof(fc.string(), fc.constantFrom('PENDING', 'pending', 'Approved', 'rejected')),
      createdAt: fc.oneof(fc.double(), fc.integer(), fc.string()),
      modifiedAt: fc.oneof(fc.double(), fc.integer(), fc.constant(null)),
      displayName: fc.oneof(fc.string(), fc.integer()),
      extra: fc.object(),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.jsonValue(),
    fc.array(fc.oneof(arbitraryRow, fc.jsonValue())),
    fc.record({ items: fc.array(fc.oneof(arbitraryRow, fc.jsonValue())), nextPageToken: fc.oneof(fc.string(), fc.constant(null)) }),
  );

  it('arbitrary JSON never throws, never yields a row without an id, and never pollutes Object.prototype', () => {
    fc.assert(
      fc.property(body, (b) => {
        const parsed = parseListBody(JSON.parse(JSON.stringify(b) ?? 'null'), WS);
        if (parsed !== null) {
          for (const r of parsed.rows) {
            expect(typeof r.id).toBe('string');
            expect(r.id.length).toBeGreaterThan(0);
            expect(r.workspaceId).toBe(WS);
            expect(['PENDING', 'APPROVED', 'REJECTED', 'UNKNOWN']).toContain(r.status);
            expect(r.createdAt === null || (Number.isFinite(r.createdAt) && r.createdAt > 0)).toBe(true);
          }
          expect(new Set(parsed.rows.map((r) => r.id)).size).toBe(parsed.rows.length);
        }
        expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('a __proto__ key carrying isAdmin in arbitrary JSON text never leaks', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (items) => {
        const text = `[${items.map((i) => JSON.stringify(i) ?? 'null').join(',')}${items.length ? ',' : ''}{"id":"x","__proto__":{"isAdmin":true}}]`;
        const parsed = parseListBody(JSON.parse(text), WS);
        expect(parsed?.rows.some((r) => r.id === 'x')).toBe(true);
        expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });

  it('other parsers never throw on arbitrary JSON and always return an id when they return anything', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        for (const out of [toParticipant(v, WS), toAgent(v), toIntegration(v), toConfig(v, 'int'), toUser(v)]) {
          if (out !== null) expect(out.id.length).toBeGreaterThan(0);
        }
        toDeviceStart(v);
        toDeviceApproved(v);
      }),
      { numRuns: 300 },
    );
  });
});

describe('related resources (fruxon-api.md §6)', () => {
  it('parses a participant, skipping channels without an address', () => {
    const p = toParticipant(
      {
        id: 'p1',
        kind: 'person',
        displayName: ' Ana ',
        email: 'ana@example.com',
        channels: [
          { integrationConfigId: 'cfg-1', address: '+15550001', label: 'work', priority: 0, disabled: false },
          { integrationConfigId: 'cfg-2' },
          'junk',
        ],
        agentIds: ['a1', 7, 'a1', 'a2'],
        health: { reachable: true },
      },
      WS,
    );
    expect(p).toEqual({
      id: 'p1',
      workspaceId: WS,
      kind: 'PERSON',
      displayName: 'Ana',
      email: 'ana@example.com',
      channels: [{ integrationConfigId: 'cfg-1', address: '+15550001', label: 'work' }],
      agentIds: ['a1', 'a2'],
    });
  });

  it('names a user from first/last name, then username, then email', () => {
    expect(toUser({ id: 'u1', firstName: 'Alice', lastName: 'Moreno', email: 'a@x' })?.displayName).toBe('Alice Moreno');
    expect(toUser({ id: 'u2', username: 'sam', email: 's@x' })?.displayName).toBe('sam');
    expect(toUser({ id: 'u3', email: 's@x' })).toEqual({ id: 'u3', displayName: 's@x', email: 's@x' });
  });

  it('parses configs with the integration id as fallback, integrations with a nullable type', () => {
    expect(toConfig({ id: 'c1', displayName: 'Support line' }, 'twilio')).toEqual({ id: 'c1', integrationId: 'twilio', displayName: 'Support line' });
    expect(toIntegration({ id: 'slack', displayName: 'Slack' })).toEqual({ id: 'slack', displayName: 'Slack', type: null });
  });

  it('validates device-flow answers', () => {
    expect(toDeviceStart({ deviceCode: 'd', userCode: 'ABCD-EFGH', verificationUrl: 'http://x/device', expiresInSeconds: 600, pollIntervalSeconds: 0.2 })).toEqual({
      deviceCode: 'd',
      userCode: 'ABCD-EFGH',
      verificationUrl: 'http://x/device',
      expiresInSeconds: 600,
      pollIntervalSeconds: 1,
    });
    expect(toDeviceStart({ userCode: 'A', verificationUrl: 'u' })).toBeNull();
    expect(toDeviceApproved({ apiKey: 'fx_pat_1', tenantId: 't', tenantSlug: 'demo', tenantName: 'Demo' })).toEqual({
      apiKey: 'fx_pat_1',
      tenantId: 't',
      tenantSlug: 'demo',
      tenantName: 'Demo',
    });
    expect(toDeviceApproved({ apiKey: '', tenantId: 't' })).toBeNull();
  });
});

describe('bounds and fallbacks an operator would see', () => {
  it('keeps ids up to 200 characters and display text up to 10,000; numbers become text', () => {
    expect(toAccessRequest(row({ id: 'i'.repeat(200) }), WS)?.id).toHaveLength(200);
    expect(toAccessRequest(row({ id: 'i'.repeat(201) }), WS)).toBeNull();
    expect(toAccessRequest(row({ displayName: 'd'.repeat(10_001) }), WS)?.displayName).toHaveLength(10_000);
    // The cap never splits an emoji into half a surrogate pair.
    const emoji = toAccessRequest(row({ displayName: `d${'😀'.repeat(5_000)}` }), WS)?.displayName ?? '';
    expect(emoji).toHaveLength(9_999);
    expect(emoji.endsWith('😀')).toBe(true);
    expect(toAccessRequest(row({ displayName: '😀'.repeat(5_001) }), WS)?.displayName).toBe('😀'.repeat(5_000));
    expect(toAccessRequest(row({ displayName: `${'d'.repeat(9_998)}😀` }), WS)?.displayName).toBe(`${'d'.repeat(9_998)}😀`);
    // The first and the last high surrogate (U+10000, U+10FFFF) and the characters either side of that range.
    for (const ch of ['\u{10000}', '\u{10FFFF}']) expect(toAccessRequest(row({ displayName: `${'d'.repeat(9_999)}${ch}` }), WS)?.displayName).toBe('d'.repeat(9_999));
    // A text that fits is never touched, whatever it ends with (shown text is made safe where it is shown).
    expect(toAccessRequest(row({ displayName: `${'d'.repeat(9_999)}\ud83d` }), WS)?.displayName).toBe(`${'d'.repeat(9_999)}\ud83d`);
    for (const ch of ['\ud7ff', '\udc00']) expect(toAccessRequest(row({ displayName: `${'d'.repeat(9_999)}${ch}x` }), WS)?.displayName).toBe(`${'d'.repeat(9_999)}${ch}`);
    const r = toAccessRequest(row({ address: 123456789, conversationName: Number.NaN, provider: ' WhatsApp ' }), WS);
    expect(r).toMatchObject({ address: '123456789', conversationName: '', provider: 'whatsapp' });
    expect(toAccessRequest(row({ status: 7 }), WS)).toMatchObject({ status: 'UNKNOWN', rawStatus: '7' });
  });

  it.each([
    ['1700000000.5', 1_700_000_000_500],
    [' 1700000000 ', 1_700_000_000_000],
    ['12345678901234567', null],
    [99_999_999_999, 99_999_999_999_000],
    [100_000_000_000, 100_000_000_000],
    [8.64e15, 8.64e15],
    [8.64e15 + 1, null],
    [Number.POSITIVE_INFINITY, null],
    ['2024-01-02', null],
  ])('F12: timestamp %j becomes %j', (value, expected) => {
    expect(toTimestamp(value)).toBe(expected);
  });

  it('F7: a blank or non-string next page token ends the paging', () => {
    expect(parseListBody({ items: [], nextPageToken: '  ' }, WS)?.nextPageToken).toBeNull();
    expect(parseListBody({ items: [], nextPageToken: 5 }, WS)?.nextPageToken).toBeNull();
    expect(parseListBody({ items: [], nextPageToken: 'p2' }, WS)?.nextPageToken).toBe('p2');
  });

  it('F8: a row with a modifiedAt beats one without, in either order; a tie keeps the first', () => {
    const pick = (...rows: Record<string, unknown>[]) => parseListBody(rows, WS)?.rows.map((r) => r.displayName);
    expect(pick(row({ displayName: 'none', modifiedAt: null }), row({ displayName: 'dated', modifiedAt: 5 }))).toEqual(['dated']);
    expect(pick(row({ displayName: 'dated', modifiedAt: 5 }), row({ displayName: 'none', modifiedAt: null }))).toEqual(['dated']);
    expect(pick(row({ displayName: 'first', modifiedAt: 5 }), row({ displayName: 'second', modifiedAt: 5 }))).toEqual(['first']);
    expect(pick(row({ displayName: 'old', modifiedAt: 4 }), row({ displayName: 'new', modifiedAt: 5 }))).toEqual(['new']);
  });

  it.each([
    ['participant', (v: Record<string, unknown>) => toParticipant(v, WS)],
    ['agent', (v: Record<string, unknown>) => toAgent(v)],
    ['integration', (v: Record<string, unknown>) => toIntegration(v)],
    ['connector', (v: Record<string, unknown>) => toConfig(v, 'int')],
    ['user', (v: Record<string, unknown>) => toUser(v)],
  ])('a %s row whose createdAt is not a time is malformed; without one, or with a tolerated value, it is read', (_kind, read) => {
    expect(read({ id: 'x', createdAt: 'yesterday' })).toBeNull();
    expect(read({ id: 'x', createdAt: true })).toBeNull();
    expect(read({ id: 'x' })).not.toBeNull();
    expect(read({ id: 'x', createdAt: 0 })).not.toBeNull();
    expect(read({ id: 'x', createdAt: '2026-12-01T10:00:00Z' })).not.toBeNull();
  });

  it('a participant without a kind is UNSPECIFIED; a user is named by displayName before username', () => {
    expect(toParticipant({ id: 'p' }, WS)).toMatchObject({ kind: 'UNSPECIFIED', displayName: '', email: null, channels: [], agentIds: [] });
    expect(toUser({ id: 'u', displayName: 'Shown', username: 'login' })?.displayName).toBe('Shown');
    expect(toUser({ id: 'u', lastName: 'Moreno', username: 'login' })?.displayName).toBe('Moreno');
    expect(toUser({ id: 'u' })).toEqual({ id: 'u', displayName: '', email: null });
  });

  it('device flow: the verification URI alias, trimmed codes, and bounded timings', () => {
    const start = (over: Record<string, unknown>) => toDeviceStart({ deviceCode: 'd', userCode: ' ABCD ', verificationUri: ' https://x/device ', ...over });
    expect(start({})).toEqual({ deviceCode: 'd', userCode: 'ABCD', verificationUrl: 'https://x/device', expiresInSeconds: 600, pollIntervalSeconds: 5 });
    expect(start({ expiresInSeconds: 99_999, pollIntervalSeconds: 600 })).toMatchObject({ expiresInSeconds: 3600, pollIntervalSeconds: 60 });
    expect(start({ expiresInSeconds: 0, pollIntervalSeconds: -1 })).toMatchObject({ expiresInSeconds: 600, pollIntervalSeconds: 5 });
    expect(start({ expiresInSeconds: 299.6, pollIntervalSeconds: '3' })).toMatchObject({ expiresInSeconds: 300, pollIntervalSeconds: 5 });
    expect(start({ deviceCode: 'd'.repeat(1000), userCode: 'u'.repeat(100), verificationUri: 'v'.repeat(2000) })).not.toBeNull();
    expect(start({ deviceCode: 'd'.repeat(1001) })).toBeNull();
    expect(start({ userCode: 'u'.repeat(101) })).toBeNull();
    expect(start({ verificationUri: 'v'.repeat(2001) })).toBeNull();
    expect(start({ userCode: '   ' })).toBeNull();
    expect(start({ verificationUri: '  ' })).toBeNull();
    expect(start({ deviceCode: '' })).toBeNull();
  });

  it('device flow: an approval needs a key and a tenant; names fall back to the slug', () => {
    expect(toDeviceApproved({ apiKey: ' fx_pat_1 ', tenantSlug: 'demo' })).toEqual({ apiKey: 'fx_pat_1', tenantId: 'demo', tenantSlug: 'demo', tenantName: 'demo' });
    expect(toDeviceApproved({ apiKey: 'k', tenantId: 't' })).toEqual({ apiKey: 'k', tenantId: 't', tenantSlug: 't', tenantName: 't' });
    expect(toDeviceApproved({ apiKey: 'k'.repeat(4000), tenantId: 't' })).not.toBeNull();
    expect(toDeviceApproved({ apiKey: 'k'.repeat(4001), tenantId: 't' })).toBeNull();
    expect(toDeviceApproved({ apiKey: '   ', tenantId: 't' })).toBeNull();
    expect(toDeviceApproved({ apiKey: 'k' })).toBeNull();
    expect(toDeviceApproved('k')).toBeNull();
  });
});

describe('timestamps, odd items and the decided-row limit', () => {
  it('F12: digit strings with a decimal part are read to the millisecond; signs and hex are not digits', () => {
    expect(toTimestamp('1700000000.25')).toBe(1_700_000_000_250);
    expect(toTimestamp(' 1700000000123 ')).toBe(1_700_000_000_123);
    expect(toTimestamp('+1700000000')).toBeNull();
    expect(toTimestamp('0x6553F100')).toBeNull();
    expect(toTimestamp('1e12')).toBeNull();
  });

  it('F12: an ISO date with spaces around it is read; one that does not start with its four-digit year is not', () => {
    expect(toTimestamp('  2023-11-14T22:13:20Z ')).toBe(1_700_000_000_000);
    expect(toTimestamp('2023-11-14T22:13:20.000Z')).toBe(1_700_000_000_000);
    // RFC 3339's form only: JavaScript's extended years (which Date.parse reads) are not a server's timestamp.
    expect(toTimestamp('+002023-11-14T22:13:20Z')).toBeNull();
  });

  it('F5: null, arrays and other non-objects in a list are dropped and counted, never thrown on', () => {
    const withId = Object.assign(['x'], { id: 'looks-like-a-row' });
    const parsed = parseListBody([null, 7, 'row', withId, row({ id: 'kept' })], WS);
    expect(parsed?.rows.map((r) => r.id)).toEqual(['kept']);
    expect(parsed?.dropped).toBe(4);
    expect(toAgent(null)).toBeNull();
    expect(toUser(withId)).toBeNull();
  });

  it('a collaborator is its user id and role; an unknown or missing role is UNSPECIFIED (never taken as Viewer); no user id, no row', () => {
    expect(toCollaborator({ agentId: 'a1', userId: 'u1', role: 'VIEWER', email: 'x@y' })).toEqual({ id: 'u1', role: 'VIEWER' });
    expect(toCollaborator({ userId: 'u1', role: ' editor ' })).toEqual({ id: 'u1', role: 'EDITOR' });
    expect(toCollaborator({ userId: 'u1', role: 'ADMIN' })).toEqual({ id: 'u1', role: 'ADMIN' });
    expect(toCollaborator({ userId: 'u1', role: 'OWNER' })).toEqual({ id: 'u1', role: 'UNSPECIFIED' });
    expect(toCollaborator({ userId: 'u1', role: 2 })).toEqual({ id: 'u1', role: 'UNSPECIFIED' });
    expect(toCollaborator({ userId: 'u1' })).toEqual({ id: 'u1', role: 'UNSPECIFIED' });
    expect(toCollaborator({ role: 'VIEWER' })).toBeNull();
    expect(toCollaborator('u1')).toBeNull();
  });

  it('a display name that is an object, a boolean or missing shows as nothing, not as "[object Object]"', () => {
    expect(toAgent({ id: 'a1', displayName: { en: 'Bot' } })).toEqual({ id: 'a1', displayName: '' });
    expect(toAgent({ id: 'a1', displayName: true })).toEqual({ id: 'a1', displayName: '' });
    expect(toAgent({ id: 'a1' })).toEqual({ id: 'a1', displayName: '' });
    expect(toAgent({ id: 'a1', displayName: 12 })).toEqual({ id: 'a1', displayName: '12' });
  });

  it('integrations, configs and users read their own fields', () => {
    expect(toIntegration({ id: 'slack', displayName: 'Slack', type: 'CHAT' })).toEqual({ id: 'slack', displayName: 'Slack', type: 'CHAT' });
    expect(toConfig({ id: 'c1', integrationId: 'twilio-2', displayName: 'Line' }, 'twilio')).toEqual({ id: 'c1', integrationId: 'twilio-2', displayName: 'Line' });
    expect(toUser({ id: 'u1', displayName: 'Operator One', username: 'op1' })).toEqual({ id: 'u1', displayName: 'Operator One', email: null });
  });

  it('auth/health: the user, email, key name and expiry are read; a body that is not an object is refused', () => {
    expect(toAuthHealth({ userId: 'u-1', email: ' op@example.com ', apiKeyName: 'Console', apiKeyExpiresAt: 1_700_000_000 })).toEqual({
      userId: 'u-1',
      email: 'op@example.com',
      apiKeyName: 'Console',
      apiKeyExpiresAt: 1_700_000_000_000,
    });
    expect(toAuthHealth({})).toEqual({ userId: null, email: null, apiKeyName: null, apiKeyExpiresAt: null });
    expect(toAuthHealth([])).toBeNull();
    expect(toAuthHealth(null)).toBeNull();
  });

  it('parseListWith: bad items are counted, a repeated id keeps the first', () => {
    const parsed = parseListWith([{ id: 'a', displayName: 'First' }, { nope: 1 }, { id: 'a', displayName: 'Second' }, { id: 'b' }], toAgent);
    expect(parsed?.rows).toEqual([
      { id: 'a', displayName: 'First' },
      { id: 'b', displayName: '' },
    ]);
    expect(parsed?.dropped).toBe(1);
  });

  const decided = (id: string, processedAt: number, status = 'APPROVED') => row({ id, status, processedAt, modifiedAt: processedAt });

  it('the decided-row limit keeps the newest decided rows; at the same decision time, the lower id; pending rows are all kept', () => {
    const c = createRequestCollector(WS, { decidedLimit: 2 });
    for (const raw of [decided('r-c', 5_000), decided('r-a', 5_000), row({ id: 'p-1' }), decided('r-old', 1_000, 'REJECTED'), decided('r-b', 5_000, 'REJECTED')]) c.add(raw);
    const { rows, decidedOmitted } = c.result();
    expect(rows.map((r) => r.id).sort()).toEqual(['p-1', 'r-a', 'r-b']);
    // Counted by status: the tab of each says whether it holds all of them.
    expect(decidedOmitted).toEqual({ APPROVED: 1, REJECTED: 1 });
  });

  it('decided rows tied on their decision time: the lower id is kept, whatever order they arrive in', () => {
    const orders = [['r-a', 'r-b', 'r-c'], ['r-a', 'r-c', 'r-b'], ['r-b', 'r-a', 'r-c'], ['r-b', 'r-c', 'r-a'], ['r-c', 'r-a', 'r-b'], ['r-c', 'r-b', 'r-a']];
    for (const order of orders) {
      const c = createRequestCollector(WS, { decidedLimit: 1 });
      for (const id of order) c.add(decided(id, 5_000));
      expect(c.result().rows.map((r) => r.id), order.join(',')).toEqual(['r-a']);
    }
  });

  it('memory stays bounded while a long decided history streams in: never more than twice the limit held, pending rows aside', () => {
    const c = createRequestCollector(WS, { decidedLimit: 50 });
    c.add(row({ id: 'p-1' }));
    let most = 0;
    for (let i = 0; i < 1_000; i += 1) {
      c.add(decided(`r-${String(i).padStart(4, '0')}`, 1_000 + i));
      most = Math.max(most, c.held());
    }
    // Decided rows are pruned as they reach twice the limit: at most 99 held after any row, plus the pending one.
    expect(most).toBe(2 * 50);
    const { rows, decidedOmitted } = c.result();
    expect(rows).toHaveLength(51);
    expect(c.held()).toBe(51);
    expect(decidedOmitted).toEqual({ APPROVED: 950, REJECTED: 0 });
    // The newest 50 are the ones kept.
    expect(rows.filter((r) => r.status === 'APPROVED').map((r) => r.id).sort()[0]).toBe('r-0950');
  });

  it('an older copy of a row already held changes nothing, and is still a valid row', () => {
    const c = createRequestCollector(WS, { decidedLimit: 1 });
    expect(c.add(decided('r-1', 9_000))).toBe(true);
    // The same request seen again as it was before it was decided: the decided copy stays.
    expect(c.add(row({ id: 'r-1', status: 'PENDING', modifiedAt: 1_000 }))).toBe(true);
    c.add(decided('r-2', 2_000));
    const { rows, decidedOmitted } = c.result();
    expect(rows.map((r) => [r.id, r.status])).toEqual([['r-1', 'APPROVED']]);
    expect(decidedOmitted).toEqual({ APPROVED: 1, REJECTED: 0 });
    // Left out at once (older than the oldest kept by the last prune): counted by its status too.
    const r = createRequestCollector(WS, { decidedLimit: 1 });
    for (const raw of [decided('r-1', 9_000), decided('r-2', 8_000), decided('r-3', 7_000, 'REJECTED'), decided('r-4', 6_000, 'REJECTED')]) r.add(raw);
    expect(r.result().decidedOmitted).toEqual({ APPROVED: 1, REJECTED: 2 });
  });
});
