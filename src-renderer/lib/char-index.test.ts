import { describe, expect, it } from 'vitest';
import { CharIndex, hasBit } from './char-index';

/** An index over `texts`, and the positions a search's candidate set holds. */
function indexOf(texts: readonly string[]): { index: CharIndex; positions: (terms: string[]) => { at: number[]; exact: boolean } | null } {
  const index = new CharIndex(texts.length);
  texts.forEach((t, i) => index.add(i, t));
  return {
    index,
    positions: (terms) => {
      const c = index.candidates(terms);
      return c === null ? null : { at: texts.map((_, i) => i).filter((i) => hasBit(c.set, i)), exact: c.exact };
    },
  };
}

describe('CharIndex: the rows worth testing for a search', () => {
  it('no term, or only empty ones, restricts nothing', () => {
    const { positions } = indexOf(['anna', 'bo']);
    expect(positions([])).toBeNull();
    expect(positions(['', ''])).toBeNull();
  });

  it('a one-character word is answered by its set alone; a longer one only narrows', () => {
    const { positions } = indexOf(['anna', 'bo', 'nabil', 'ola']);
    expect(positions(['a'])).toEqual({ at: [0, 2, 3], exact: true });
    expect(positions(['an'])).toEqual({ at: [0, 2], exact: false });
    expect(positions(['na', 'b'])).toEqual({ at: [2], exact: false });
    expect(positions(['o', 'b'])).toEqual({ at: [1], exact: true });
    expect(positions(['aaa'])).toEqual({ at: [0, 2, 3], exact: false });
  });

  it('a character no text holds leaves nothing to test', () => {
    const { positions } = indexOf(['anna', 'bo']);
    expect(positions(['z'])?.at).toEqual([]);
    expect(positions(['anz'])?.at).toEqual([]);
  });

  it.each([
    ['the last ASCII character', '\u007f'],
    ['the first character past ASCII', '\u0080'],
    ['an accented letter', 'é'],
    ['a CJK character', '字'],
    ['half of a surrogate pair', '\ud83d'],
  ])('%s is indexed for every text that holds it', (_name, ch) => {
    const { positions } = indexOf([`x${ch}`, 'plain', `${ch}${ch}y`, `z${ch}`]);
    expect(positions([ch])).toEqual({ at: [0, 2, 3], exact: true });
    expect(positions([`${ch}y`])?.at).toEqual([2]);
  });

  it('positions on both sides of each 32-bit word boundary are kept apart', () => {
    const texts = Array.from({ length: 100 }, (_, i) => ([0, 31, 32, 63, 64, 99].includes(i) ? 'hit' : 'miss'));
    const { positions } = indexOf(texts);
    expect(positions(['h'])?.at).toEqual([0, 31, 32, 63, 64, 99]);
    expect(positions(['hm'])?.at).toEqual([]);
  });

  it('never leaves out a row that contains the words (random texts against includes)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = ['a', 'b', 'c', 'é', '\u0080', '字', ' '];
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const texts = Array.from({ length: 300 }, () => pick(1 + Math.floor(next() * 8)));
    const { positions } = indexOf(texts);
    for (let q = 0; q < 200; q += 1) {
      const terms = Array.from({ length: 1 + Math.floor(next() * 2) }, () => pick(1 + Math.floor(next() * 2)));
      const matching = texts.map((t, i) => (terms.every((w) => t.includes(w)) ? i : -1)).filter((i) => i >= 0);
      const found = positions(terms)!;
      expect(matching.every((i) => found.at.includes(i)), terms.join(' ')).toBe(true);
      if (found.exact) expect(found.at, terms.join(' ')).toEqual(matching);
    }
  });
});
