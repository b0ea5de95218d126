import { describe, expect, it } from 'vitest';
import type { Participant } from './domain';
import { isSamePhone, nameSimilarity, nameTokensFor, rankParticipants, type RankableRequest } from './participant-rank';

function person(id: string, displayName: string, over: Partial<Participant> = {}): Participant {
  return { id, workspaceId: 'ws', kind: 'PERSON', displayName, email: null, channels: [], agentIds: [], ...over };
}
const chan = (address: string) => ({ integrationConfigId: 'cfg', address, label: null });
const req = (over: Partial<RankableRequest> = {}): RankableRequest => ({
  displayName: 'José Álvarez',
  address: '+34 612 345 678',
  agentId: 'support',
  matchedParticipantId: null,
  ...over,
});

describe('rankParticipants', () => {
  it('puts the same phone number (other formatting, other provider) first', () => {
    const ranked = rankParticipants(req(), [
      person('p1', 'Jose Alvarez'),
      person('p2', 'Someone Else', { channels: [chan('0034612345678')] }),
      person('p3', 'Unrelated'),
    ]);
    expect(ranked.map((r) => r.participant.id)).toEqual(['p2', 'p1']);
    expect(ranked[0]!.reasons).toContain('Same phone number');
    expect(ranked[1]!.reasons).toContain('Same name');
  });

  it('matches names regardless of accents, case and word order', () => {
    expect(nameSimilarity('José ÁLVAREZ', 'alvarez jose')).toBe(1);
    expect(nameTokensFor('Zoë  O’Brien')).toEqual(['zoe', 'o', 'brien']);
  });

  it('ranks a partial name overlap below an exact one and leaves out participants with no signal', () => {
    const ranked = rankParticipants(req({ address: 'U0123' }), [person('a', 'José Pérez'), person('b', 'José Álvarez'), person('c', 'Li Wei')]);
    expect(ranked.map((r) => r.participant.id)).toEqual(['b', 'a']);
    expect(ranked[1]!.reasons).toEqual(['Similar name']);
  });

  it('uses the email: exact against an email address, or its local part against the name', () => {
    const byAddress = rankParticipants(req({ address: 'dana@example.com', displayName: '' }), [person('a', 'D', { email: 'Dana@example.com' })]);
    expect(byAddress[0]!.reasons).toContain('Same email');
    const byLocal = rankParticipants(req({ displayName: 'Dana Smith', address: 'U1' }), [person('a', 'D. S.', { email: 'dana.smith@corp.example' })]);
    expect(byLocal[0]!.reasons).toContain('Email resembles the name');
  });

  it('the matched participant outranks everything', () => {
    const ranked = rankParticipants(req({ matchedParticipantId: 'm' }), [person('x', 'José Álvarez', { channels: [chan('+34612345678')] }), person('m', 'Other')]);
    expect(ranked[0]!.participant.id).toBe('m');
  });

  it('an exact address beats a phone-suffix match', () => {
    const ranked = rankParticipants(req({ address: '+14155550100', displayName: '' }), [
      person('suffix', 'A', { channels: [chan('+44 4155550100')] }),
      person('exact', 'B', { channels: [chan('+14155550100')] }),
    ]);
    expect(ranked.map((r) => r.participant.id)).toEqual(['exact', 'suffix']);
  });
});

describe('isSamePhone', () => {
  it.each([
    ['+1 (415) 555-0100', '14155550100', true],
    ['+34612345678', '0034 612 345 678', true],
    ['123', '123', false],
    ['U0123456789', 'U0123456789', false],
    ['+14155550100', '+14155550101', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(isSamePhone(a, b)).toBe(expected);
  });
});
