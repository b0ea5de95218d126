// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSamePhone } from '../../src-shared/participant-rank';
import type { RequestView } from '../../src-shared/domain';
import { aRequest } from '../../test/fakes/builders';
import { sameSenderElsewhere } from './same-sender';

const self = aRequest({ id: 'self', provider: 'whatsapp', integrationConfigId: 'cfg-wa', address: '+447700900123', createdAt: 1_000 });

/** One other request, differing from `self` in what the case says. */
const other = (overrides: Partial<RequestView>) => aRequest({ id: 'other', provider: 'whatsapp', integrationConfigId: 'cfg-wa', address: '+447700900123', createdAt: 500, ...overrides });

describe('sameSenderElsewhere', () => {
  it.each<[string, Partial<RequestView>, boolean]>([
    ['same phone on SMS', { provider: 'sms', integrationConfigId: 'cfg-sms' }, true],
    ['same phone written with spaces on SMS', { provider: 'sms', integrationConfigId: 'cfg-sms', address: '+44 7700 900123' }, true],
    ['same phone in national format on SMS', { provider: 'sms', integrationConfigId: 'cfg-sms', address: '07700 900123' }, true],
    ['same phone, decided long ago', { provider: 'sms', integrationConfigId: 'cfg-sms', status: 'REJECTED', rawStatus: 'REJECTED' }, true],
    ['same phone on a second WhatsApp connector', { integrationConfigId: 'cfg-wa-2' }, true],
    ['same phone written differently on the same connector (not in "Earlier requests")', { address: '+44 7700 900123' }, true],
    ['same address on the same connector (already under "Earlier requests")', {}, false],
    ['another phone number', { provider: 'sms', integrationConfigId: 'cfg-sms', address: '+447700900124' }, false],
    ['same phone in another workspace', { provider: 'sms', integrationConfigId: 'cfg-sms', workspaceId: 'ws-2' }, false],
    ['the request itself', { id: 'self', provider: 'sms', integrationConfigId: 'cfg-sms' }, false],
    ['a Telegram chat id with the same digits (not a phone)', { provider: 'telegram', integrationConfigId: 'cfg-tg', address: '447700900123' }, false],
  ])('%s → %s', (_case, overrides, expected) => {
    expect(sameSenderElsewhere(self, [other(overrides)]).map((r) => r.id)).toEqual(expected ? [other(overrides).id] : []);
  });

  it.each<[string, Partial<RequestView>, Partial<RequestView>, boolean]>([
    ['same Slack user id on another Slack connector', { provider: 'slack', integrationConfigId: 'cfg-slack-a', address: 'U0ABC123' }, { provider: 'slack', integrationConfigId: 'cfg-slack-b', address: 'U0ABC123' }, true],
    ['same Slack user id on the same connector', { provider: 'slack', integrationConfigId: 'cfg-slack-a', address: 'U0ABC123' }, { provider: 'slack', integrationConfigId: 'cfg-slack-a', address: 'U0ABC123' }, false],
    ['different Slack user ids', { provider: 'slack', integrationConfigId: 'cfg-slack-a', address: 'U0ABC123' }, { provider: 'slack', integrationConfigId: 'cfg-slack-b', address: 'U0ABC124' }, false],
    ['same Telegram chat id on another Telegram connector', { provider: 'telegram', integrationConfigId: 'cfg-tg-a', address: '5123987654' }, { provider: 'telegram', integrationConfigId: 'cfg-tg-b', address: '5123987654' }, true],
    ['Telegram chat id against a phone ending in the same digits', { provider: 'telegram', integrationConfigId: 'cfg-tg', address: '5123987654' }, { provider: 'sms', integrationConfigId: 'cfg-sms', address: '+15123987654' }, false],
    ['empty addresses never match', { provider: 'sms', integrationConfigId: 'cfg-sms', address: '' }, { provider: 'whatsapp', integrationConfigId: 'cfg-wa', address: '' }, false],
    ['short numbers are not phones', { provider: 'sms', integrationConfigId: 'cfg-sms', address: '12345' }, { provider: 'whatsapp', integrationConfigId: 'cfg-wa', address: '+9912345' }, false],
  ])('%s → %s', (_case, a, b, expected) => {
    const first = aRequest({ id: 'a', ...a });
    const second = aRequest({ id: 'b', ...b });
    expect(sameSenderElsewhere(first, [first, second]).map((r) => r.id)).toEqual(expected ? ['b'] : []);
  });

  it('lists every match newest first, across providers and statuses', () => {
    const rows = [
      self,
      other({ id: 'sms-old', provider: 'sms', integrationConfigId: 'cfg-sms', createdAt: 100, status: 'REJECTED', rawStatus: 'REJECTED' }),
      other({ id: 'history', createdAt: 900 }),
      other({ id: 'sms-new', provider: 'sms', integrationConfigId: 'cfg-sms', createdAt: 800 }),
      other({ id: 'unrelated', provider: 'sms', integrationConfigId: 'cfg-sms', address: '+15550001111', createdAt: 700 }),
      other({ id: 'no-time', provider: 'sms', integrationConfigId: 'cfg-sms', address: '+44 (0) 7700 900123', createdAt: null }),
    ];
    expect(sameSenderElsewhere(self, rows).map((r) => r.id)).toEqual(['sms-new', 'sms-old', 'no-time']);
  });

  it.each(['\t', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'].map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, c]))(
    'an address padded with %s (which trim removes) is the same Slack user on another connector',
    (_code, pad) => {
      const me = aRequest({ id: 'a', provider: 'slack', integrationConfigId: 'cfg-slack-a', address: 'U0ABC123' });
      const padded = aRequest({ id: 'b', provider: 'slack', integrationConfigId: 'cfg-slack-b', address: `${pad}U0ABC123${pad}` });
      expect(sameSenderElsewhere(me, [me, padded]).map((r) => r.id)).toEqual(['b']);
      expect(sameSenderElsewhere(padded, [me, padded]).map((r) => r.id)).toEqual(['a']);
    },
  );

  it('requests of the same moment are listed by id, whatever order they arrive in', () => {
    const same = (id: string) => other({ id, provider: 'sms', integrationConfigId: 'cfg-sms', createdAt: 700 });
    const expected = ['a-1', 'b-2', 'c-3'];
    for (const order of [['c-3', 'a-1', 'b-2'], ['b-2', 'c-3', 'a-1'], ['a-1', 'b-2', 'c-3'], ['c-3', 'b-2', 'a-1']]) {
      expect(sameSenderElsewhere(self, [self, ...order.map(same)]).map((r) => r.id)).toEqual(expected);
    }
  });

  it('answers from the snapshot it is given: a new snapshot array with a new match finds it, the old array keeps its answer', () => {
    const unrelated = Array.from({ length: 50 }, (_, i) => other({ id: `u${i}`, provider: 'sms', integrationConfigId: 'cfg-sms', address: `+1555000${String(i).padStart(4, '0')}` }));
    const before = [self, ...unrelated];
    expect(sameSenderElsewhere(self, before)).toEqual([]);
    // What a poll does: a new array, every unchanged row the same object, one row added.
    const arrived = other({ id: 'sms-new', provider: 'sms', integrationConfigId: 'cfg-sms', address: '+44 7700 900123' });
    const after = [...before, arrived];
    expect(sameSenderElsewhere(self, after).map((r) => r.id)).toEqual(['sms-new']);
    // A row whose address changed in the next snapshot is matched on its new address only.
    const moved = [self, ...unrelated.slice(1), { ...unrelated[0]!, address: '07700 900123' }];
    expect(sameSenderElsewhere(self, moved).map((r) => r.id)).toEqual(['u0']);
    expect(sameSenderElsewhere(self, before)).toEqual([]);
    expect(sameSenderElsewhere(self, after).map((r) => r.id)).toEqual(['sms-new']);
  });

  it('finds exactly what comparing every trimmed address would (property)', () => {
    // The plain definition, one trim and one comparison per row.
    const NON_PHONE = new Set(['telegram', 'slack', 'teams']);
    const phoneProvider = (p: string) => !NON_PHONE.has(p.trim().toLowerCase());
    const reference = (me: RequestView, rows: RequestView[]) => {
      const address = me.address.trim();
      if (address === '') return [];
      const phone = phoneProvider(me.provider) && isSamePhone(address, address);
      return rows
        .filter((r) => r.workspaceId === me.workspaceId && r.id !== me.id && !(r.address === me.address && r.integrationConfigId === me.integrationConfigId))
        .filter((r) => r.address.trim() === address || (phone && phoneProvider(r.provider) && isSamePhone(address, r.address.trim())))
        .map((r) => r.id)
        .sort();
    };
    const core = fc.constantFrom('+447700900123', '+44 7700 900123', '07700 900123', '447700900123', 'U0ABC123', '', '12345', '+15550001111', '+15550900123', '0900123', '(0)7700-900123', '+4477009/0123', '+447700:900123', '7700900123x', '1234567', '123456');
    // Every character trim() removes, and two it keeps (a zero-width space, a letter).
    const pad = fc.array(fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', 'x'), { maxLength: 2 }).map((cs) => cs.join(''));
    const address = fc.tuple(pad, core, pad).map(([a, b, c]) => `${a}${b}${c}`);
    const row = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      workspaceId: fc.constantFrom('ws-1', 'ws-2'),
      integrationConfigId: fc.constantFrom('cfg-1', 'cfg-2', null),
      provider: fc.constantFrom('whatsapp', 'sms', 'telegram', 'slack', 'teams', ' SMS ', ' Telegram', 'TEAMS'),
      address,
    });
    fc.assert(
      fc.property(row, fc.array(row, { maxLength: 12 }), (me, others) => {
        const rows = others.map((o) => aRequest(o));
        const self = aRequest(me);
        expect(sameSenderElsewhere(self, rows).map((r) => r.id).sort()).toEqual(reference(self, rows));
      }),
      { numRuns: 300 },
    );
  });
});

