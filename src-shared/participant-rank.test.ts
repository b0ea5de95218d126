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

describe('rankParticipants, signal by signal', () => {
  const ids = (ranked: ReturnType<typeof rankParticipants>) => ranked.map((r) => r.participant.id);

  it('the matched participant is suggested on that alone, and no one else is lifted by it', () => {
    const ranked = rankParticipants(req({ matchedParticipantId: 'm', displayName: 'Zed', address: 'U1' }), [
      person('m', 'Other'),
      person('z', 'Nobody'),
    ]);
    expect(ids(ranked)).toEqual(['m']);
    expect(ranked[0]!.reasons).toEqual(['Matched by Fruxon']);
    expect(ranked[0]!.score).toBe(200);
  });

  it.each([
    ['dana@example.com', ' DANA@Example.com '],
    [' Dana@Example.com ', 'dana@example.com'],
    ['U0123', 'u0123'],
  ])('address %j and channel %j are the same address, whatever the case and surrounding spaces', (address, channel) => {
    const ranked = rankParticipants(req({ address, displayName: 'Zed' }), [person('a', 'Other', { channels: [chan(channel)] })]);
    expect(ranked).toHaveLength(1);
    expect(ranked[0]!.reasons).toEqual(['Same address']);
    expect(ranked[0]!.score).toBe(100);
  });

  it('an empty address matches no one, not even an empty channel', () => {
    expect(rankParticipants(req({ address: '', displayName: 'Zed' }), [person('a', 'Other', { channels: [chan(''), chan('  ')] })])).toEqual([]);
  });

  it('a name with no shared word adds no score and no reason', () => {
    const ranked = rankParticipants(req({ address: 'U1', displayName: 'Zed' }), [person('a', 'Other', { channels: [chan('u1')] })]);
    expect(ranked[0]!.reasons).toEqual(['Same address']);
  });

  it('the same email counts only against an email address, whatever its case and spaces', () => {
    const same = rankParticipants(req({ address: 'Dana@Example.com', displayName: 'Zed' }), [person('a', 'Other', { email: ' dana@EXAMPLE.com ' })]);
    expect(same[0]!.reasons).toEqual(['Same email']);
    expect(same[0]!.score).toBe(60);
    // Another email, even at the same domain, is no signal.
    expect(rankParticipants(req({ address: 'dana@example.com', displayName: 'Zed' }), [person('a', 'Other', { email: 'other@example.com' })])).toEqual([]);
    // An address that is not an email equal to the email field is not "Same email".
    const notEmail = rankParticipants(req({ address: 'u0123', displayName: 'Zed' }), [person('a', 'Other', { email: 'u0123' })]);
    expect(notEmail).toEqual([]);
  });

  it.each([
    ['Dana Smith', 'dana.smith@corp.example', 20],
    ['Dana Smith', 'dana@corp.example', 13],
    ['Dana', 'dana.smith@corp.example', 13],
  ])('an email local part like the name %j (%s) scores by how alike they are', (displayName, email, score) => {
    const ranked = rankParticipants(req({ address: 'U1', displayName }), [person('a', 'Other', { email })]);
    expect(ranked[0]!.score).toBe(score);
    expect(ranked[0]!.reasons).toEqual(['Email resembles the name']);
  });

  it('an email local part unlike the name adds no reason', () => {
    const ranked = rankParticipants(req({ address: 'U1', displayName: 'Zed' }), [person('a', 'Other', { email: 'kim@corp.example', channels: [chan('U1')] })]);
    expect(ranked[0]!.reasons).toEqual(['Same address']);
  });

  it('already talking to the agent breaks ties, but never suggests anyone on its own', () => {
    const ranked = rankParticipants(req({ address: 'U1', displayName: 'Dana Smith', agentId: 'support' }), [
      person('other-agent', 'Dana Smith', { agentIds: ['sales'] }),
      person('same-agent', 'Dana Smith', { agentIds: ['support'] }),
      person('agent-only', 'Kim', { agentIds: ['support'] }),
    ]);
    expect(ids(ranked)).toEqual(['same-agent', 'other-agent']);
    expect(ranked[0]!.score).toBe(55);
    expect(ranked[0]!.reasons).toEqual(['Same name', 'Already talks to this agent']);
    expect(ranked[1]!.score).toBe(50);
  });

  it('equal scores and names are ordered by id, and the limit keeps the best', () => {
    const people = ['c', 'a', 'b'].map((id) => person(id, 'José Álvarez'));
    expect(ids(rankParticipants(req({ address: 'U1' }), people))).toEqual(['a', 'b', 'c']);
    expect(ids(rankParticipants(req({ address: 'U1' }), [...people].reverse()))).toEqual(['a', 'b', 'c']);
    expect(ids(rankParticipants(req({ address: 'U1' }), people, 2))).toEqual(['a', 'b']);
  });
});

describe('nameTokensFor and nameSimilarity at the edges', () => {
  it.each([
    ['  Zoë  O’Brien! ', ['zoe', 'o', 'brien']],
    ['—', []],
    ['', []],
  ])('%j → %j', (text, tokens) => {
    expect(nameTokensFor(text)).toEqual(tokens);
  });

  it.each([
    ['', '', 0],
    ['!!', '—', 0],
    ['', 'Dana', 0],
    [' Dana ', 'dana', 1],
    ['Dana Smith', 'Dana', 2 / 3],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(nameSimilarity(a, b)).toBeCloseTo(expected, 10);
  });
});

describe('isSamePhone at the edges', () => {
  it.each([
    // Anything but phone characters on either side: not a phone, even with the same digits.
    ['+14155550100abc', '+14155550100', false],
    ['+14155550100', '+14155550100abc', false],
    ['U14155550100', '+14155550100', false],
    ['+14155550100', 'U14155550100', false],
    // Surrounding spaces are fine.
    [' +14155550100 ', '14155550100', true],
    ['14155550100', ' +1 415 555 0100 ', true],
    // Fewer than 7 digits on either side never match, however the rest is punctuated.
    ['(1) 2-3', '(1) 2-3', false],
    ['4155550100', '(0) 1-00', false],
    ['(0) 1-00', '4155550100', false],
    // Exactly 7 digits do.
    ['555 0100', '5550100', true],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(isSamePhone(a, b)).toBe(expected);
  });
});
