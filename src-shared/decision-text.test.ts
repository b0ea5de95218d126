import { describe, expect, it } from 'vitest';
import { aRequest } from '../test/fakes/builders';
import { decidedByText, decidedElsewhereText, senderOf } from './decision-text';

// Local noon, so the decision a minute earlier is today in every time zone (the time alone is shown).
const NOW = new Date(2026, 11, 4, 12, 0).getTime();
const decided = aRequest({ status: 'APPROVED', processedByName: 'Alice Moreno', processedBy: 'u-1', processedAt: NOW - 60_000 });

describe('the notice for a request decided elsewhere', () => {
  it('names the sender, who decided and when; "already" when the operator was about to act', () => {
    const row = { ...decided, displayName: 'Bo', address: '+15550100' };
    expect(decidedByText(row, NOW)).toMatch(/^approved by Alice Moreno at \S/);
    expect(decidedElsewhereText(row, NOW, true)).toBe(`Bo was already ${decidedByText(row, NOW)}.`);
    expect(decidedElsewhereText({ ...row, status: 'REJECTED' }, NOW, false)).toBe(`Bo was ${decidedByText({ ...row, status: 'REJECTED' }, NOW)}.`);
    expect(decidedByText({ ...row, status: 'REJECTED' }, NOW)).toMatch(/^rejected by Alice Moreno at /);
    // A status this console does not know is "processed"; nobody named is "another operator".
    expect(decidedByText({ ...row, status: 'UNKNOWN' }, NOW)).toMatch(/^processed by Alice Moreno at /);
    expect(decidedByText({ ...row, processedByName: null, processedBy: null }, NOW)).toMatch(/^approved by another operator at /);
    expect(decidedByText({ ...row, processedByName: null }, NOW)).toMatch(/^approved by u-1 at /);
  });

  it('falls back from the name to the address to "The request", never to an empty sentence (F18)', () => {
    expect(senderOf({ displayName: 'Bo\u200b', address: 'x' })).toBe('Bo');
    expect(senderOf({ displayName: ' \u202e ', address: '+15550100' })).toBe('+15550100');
    expect(senderOf({ displayName: '', address: '\u200b' })).toBe('The request');
    expect(decidedElsewhereText({ ...decided, displayName: '', address: '' }, NOW, true)).toMatch(/^The request was already approved by Alice Moreno at /);
  });
});
