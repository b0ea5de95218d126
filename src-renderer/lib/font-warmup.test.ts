// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { RequestView } from '../../src-shared/domain';
import { aRequest } from '../../test/fakes/builders';
import { newCharacters, warmFontsFor } from './font-warmup';

describe('font warm-up: the characters to load fonts for', () => {
  it('collects each character outside ASCII that a row shows (name, address, agent, connector, conversation), once, astral ones whole', () => {
    const rows = [
      aRequest({ displayName: 'Zoë Ωmega', address: '+44 7700', agentName: 'Support', connectorName: 'Main', conversationName: '' }),
      aRequest({ displayName: 'Ана', address: 'ana@example.com', agentName: 'دعم', connectorName: 'テレ', conversationName: '😀 chat' }),
      aRequest({ displayName: 'Zoë', address: '', agentName: '', connectorName: '', conversationName: '', processingNote: 'never shown in a row: ק' }),
    ];
    const found = new Set<number>();
    newCharacters(rows, 0, rows.length, found);
    expect([...found].map((c) => String.fromCodePoint(c)).sort()).toEqual(['ë', 'Ω', 'А', 'а', 'н', 'د', 'ع', 'م', 'テ', 'レ', '😀'].sort());
    // Only the rows asked for.
    const first = new Set<number>();
    newCharacters(rows, 1, 2, first);
    expect(first.has('ë'.codePointAt(0)!)).toBe(false);
    expect(first.has('😀'.codePointAt(0)!)).toBe(true);
  });

  it('with a set of rows read, a row is read once, whatever list it comes back in', () => {
    const a = aRequest({ displayName: 'Ωmega' });
    const b = aRequest({ displayName: 'Ана' });
    const scanned = new WeakSet<RequestView>();
    const once = new Set<number>();
    newCharacters([a], 0, 1, once, scanned);
    expect(once.has('Ω'.codePointAt(0)!)).toBe(true);
    const again = new Set<number>();
    newCharacters([b, a], 0, 2, again, scanned); // a new list (a poll, a search) holding a row read before
    expect([...again].map((c) => String.fromCodePoint(c)).sort()).toEqual(['А', 'а', 'н'].sort());
  });

  it('outside a page (no document) a warm-up does nothing and its cancel is harmless', () => {
    expect(typeof document).toBe('undefined');
    expect(() => warmFontsFor([aRequest({ displayName: 'Ωmega' })])()).not.toThrow();
  });
});
