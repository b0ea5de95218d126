import { describe, expect, it } from 'vitest';
import { aRequest } from '../test/fakes/builders';
import { decidedElsewhereText, senderOf } from './decision-text';

const NOW = Date.UTC(2026, 11, 4, 15, 0);
const decided = aRequest({ status: 'APPROVED', processedByName: 'Alice Moreno', processedBy: 'u-1', processedAt: NOW - 60_000 });

describe('the notice for a request decided elsewhere', () => {
  it('names the sender, who decided and when; "already" when the operator was about to act', () => {
    const row = { ...decided, displayName: 'Bo', address: '+15550100' };
    expect(decidedElsewhereText(row, NOW, true)).toMatch(/^Bo was already approved by Alice Moreno at \d\d:\d\d\.$/);
    expect(decidedElsewhereText({ ...row, status: 'REJECTED' }, NOW, false)).toMatch(/^Bo was rejected by Alice Moreno at \d\d:\d\d\.$/);
  });

  it('falls back from the name to the address to "The request", never to an empty sentence (F18)', () => {
    expect(senderOf({ displayName: 'Bo\u200b', address: 'x' })).toBe('Bo');
    expect(senderOf({ displayName: ' \u202e ', address: '+15550100' })).toBe('+15550100');
    expect(senderOf({ displayName: '', address: '\u200b' })).toBe('The request');
    expect(decidedElsewhereText({ ...decided, displayName: '', address: '' }, NOW, true)).toMatch(/^The request was already approved by Alice Moreno at /);
  });
});
