// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collator, displayNameFor, foldCached, foldForSearch, graphemeCount, hasBidiControls, stripHidden, toDisplayText, truncateGraphemes, truncateToLength } from './text';

describe('display text', () => {
  it('F16: bidi overrides, isolates and marks are stripped for display', () => {
    const evil = 'Alice\u202Etxt.exe\u2066x\u2069\u200F';
    expect(hasBidiControls(evil)).toBe(true);
    expect(stripHidden(evil)).toBe('Alicetxt.exex');
    expect(hasBidiControls(stripHidden(evil))).toBe(false);
  });

  it('F16: zero-width characters are removed but emoji joiners are kept', () => {
    expect(stripHidden('a\u200Bb\uFEFFc')).toBe('abc');
    expect(stripHidden('👩\u200D💻')).toBe('👩\u200D💻');
  });

  it('F18: empty or whitespace-only names become "(no name)"', () => {
    expect(displayNameFor('')).toBe('(no name)');
    expect(displayNameFor('  \t\n ')).toBe('(no name)');
    expect(displayNameFor('\u202E')).toBe('(no name)');
    expect(displayNameFor(' Ana ')).toBe('Ana');
  });

  it('collapses line breaks and control characters to one line', () => {
    expect(toDisplayText('a\nb\r\nc\u0007')).toBe('a b c');
  });
});

describe('grapheme truncation', () => {
  it('F17: never splits an emoji ZWJ sequence, a flag or a combining mark', () => {
    const family = '👨\u200D👩\u200D👧\u200D👦';
    const text = `ab${family}${'🇧🇷'}e\u0301z`;
    expect(truncateGraphemes(text, 3)).toEqual({ text: `ab${family}`, truncated: true });
    expect(truncateGraphemes(text, 4)).toEqual({ text: `ab${family}🇧🇷`, truncated: true });
    expect(truncateGraphemes(text, 5).text.endsWith('e\u0301')).toBe(true);
    expect(truncateGraphemes(text, 6)).toEqual({ text, truncated: false });
  });

  it('F17: for any string, the cut is a prefix made of whole graphemes', () => {
    const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: 0, max: 40 }), (s, n) => {
        const { text } = truncateGraphemes(s, n);
        expect(s.startsWith(text)).toBe(true);
        const whole = [...seg.segment(s)].map((x) => x.segment);
        expect([...seg.segment(text)].map((x) => x.segment)).toEqual(whole.slice(0, Math.min(n, whole.length)));
      }),
      { numRuns: 200 },
    );
  });

  it('F13: a 10,000-character name is capped at 256 graphemes', () => {
    const long = 'ж'.repeat(10_000);
    const cut = truncateGraphemes(long, 256);
    expect(cut.truncated).toBe(true);
    expect(graphemeCount(cut.text)).toBe(256);
  });

  it('truncateToLength keeps within a UTF-16 budget without splitting a surrogate pair', () => {
    const s = '😀'.repeat(100); // 200 code units
    const cut = truncateToLength(s, 151);
    expect(cut.length).toBe(150);
    expect(cut).toBe('😀'.repeat(75));
  });
});

describe('foldForSearch', () => {
  it('is case- and accent-insensitive', () => {
    expect(foldForSearch('ÉCOLE Straße Ångström')).toBe(foldForSearch('ecole straße angstrom'));
  });

  it.each([
    ['ÉÇÃ', 'eca'], // no ASCII at all
    ['José', 'jose'],
    ['e\u0301\u0302x', 'ex'], // several combining marks on one letter
    ['Zoë\u200b\u202e', 'zoe'], // hidden characters go with the accents
    ['+1 (555) 010-AB', '+1 (555) 010-ab'], // plain ASCII: lower case only
  ])('folds %j to %j, and the same when cached', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
    expect(foldCached(text)).toBe(folded);
    expect(foldCached(text)).toBe(folded);
  });
});

describe('collator (names and labels in lists)', () => {
  it('sorts numbers by value and ignores case and accents', () => {
    expect(['agent 10', 'Agent 2', 'agent 1'].sort(collator.compare)).toEqual(['agent 1', 'Agent 2', 'agent 10']);
    expect(collator.compare('Ana', 'ána')).toBe(0);
  });
});
