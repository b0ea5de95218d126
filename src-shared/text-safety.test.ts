import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capGraphemes,
  capLength,
  displayNameFor,
  graphemeCount,
  hasBidiControls,
  keepGraphemes,
  stripHidden,
  toDisplayText,
  truncateGraphemes,
  truncateToLength,
} from './text-safety';

const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].length;
const family = '👨\u200D👩\u200D👧\u200D👦';

// Every character class the rule hides, one row each (F16), and what must survive.
describe('stripHidden', () => {
  it.each([
    ['bidi override RLO', 'a\u202Eb', 'ab'],
    ['bidi embedding LRE..PDF', 'a\u202A\u202B\u202C\u202Db', 'ab'],
    ['bidi isolates', 'a\u2066\u2067\u2068\u2069b', 'ab'],
    ['LRM, RLM', 'a\u200E\u200Fb', 'ab'],
    ['Arabic letter mark', 'a\u061Cb', 'ab'],
    ['zero-width space', 'a\u200Bb', 'ab'],
    ['word joiner and invisible operators', 'a\u2060\u2061\u2062\u2063\u2064b', 'ab'],
    ['deprecated format controls', 'a\u206A\u206Fb', 'ab'],
    ['Mongolian vowel separator', 'a\u180Eb', 'ab'],
    ['BOM', 'a\uFEFFb', 'ab'],
    ['soft hyphen', 'a\u00ADb', 'ab'],
    ['C0 controls', 'a\u0000\u0007\u001Bb', 'ab'],
    ['DEL and C1 controls', 'a\u007F\u0085\u009Fb', 'ab'],
    ['tab and line breaks stay', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['ZWJ stays (emoji sequences)', '👩\u200D💻', '👩\u200D💻'],
    ['ZWNJ stays (Persian, Indic)', 'می\u200Cخواهم', 'می\u200Cخواهم'],
    ['combining marks stay', 'e\u0301', 'e\u0301'],
    ['tag characters stay (subdivision flags)', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}'],
    ['right-to-left text itself stays', 'נועה כהן', 'נועה כהן'],
  ])('%s', (_name, input, expected) => {
    expect(stripHidden(input)).toBe(expected);
  });

  it('leaves nothing hasBidiControls would flag, for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => !hasBidiControls(stripHidden(s))));
  });
});

describe('toDisplayText', () => {
  it.each([
    ['line breaks and tabs become one space', 'a\nb\r\nc\td\u2028e\u2029f', 'a b c d e f'],
    ['white space collapses and is trimmed', '  a   b  ', 'a b'],
    ['hidden characters vanish inside a word', 'evil\u202Egnp.exe\u200B\u2066x\u2069', 'evilgnp.exex'],
    ['control characters vanish', 'a\u0007b', 'ab'],
    ['newline keeps words apart', 'a\u200Db\nc', 'a\u200Db c'],
  ])('%s', (_name, input, expected) => {
    expect(toDisplayText(input)).toBe(expected);
  });

  it.each([
    ['controls break words in server prose', 'a\u0000b\u202ec\nd', 'a b c d'],
    ['invisibles still vanish', 'a\u200Bb', 'ab'],
  ])('hiddenBreaksWords: %s', (_name, input, expected) => {
    expect(toDisplayText(input, { hiddenBreaksWords: true })).toBe(expected);
  });

  it('a name of nothing visible is "(no name)"', () => {
    expect(displayNameFor(' \u200B\u202E\n')).toBe('(no name)');
    expect(displayNameFor(' Ana\u202E ')).toBe('Ana');
  });
});

// Moved from core/notifications/notification-text.test.ts with their titles (the fault table names them).
describe('capGraphemes', () => {
  it('F17: never splits emoji ZWJ sequences or surrogate pairs', () => {
    expect(capGraphemes(family.repeat(5), 3)).toBe(`${family}${family}…`);
    expect(capGraphemes('𝒳'.repeat(4), 2)).toBe('𝒳…');
  });

  it('F17: output is well-formed and within the cap for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 1, max: 120 }), (text, max) => {
        const out = capGraphemes(text, max);
        return graphemes(out) <= max && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out);
      }),
    );
  });
});

describe('grapheme caps', () => {
  it.each([
    ['short text is left alone', 'abc', 3, 'abc'],
    ['the ellipsis counts inside the cap', 'abcd', 3, 'ab…'],
    ['never splits a ZWJ sequence', family.repeat(5), 3, `${family}${family}…`],
    ['never splits a surrogate pair', '𝒳'.repeat(4), 2, '𝒳…'],
    ['nothing fits in zero', 'abc', 0, ''],
  ])('capGraphemes: %s', (_name, text, max, expected) => {
    expect(capGraphemes(text, max)).toBe(expected);
  });

  it.each([
    ['short text is left alone', 'abc', 3, 'abc'],
    ['keeps `keep` graphemes, then marks the cut', 'abcd', 3, 'abc…'],
    ['never splits a ZWJ sequence', family.repeat(3), 1, `${family}…`],
  ])('keepGraphemes: %s', (_name, text, keep, expected) => {
    expect(keepGraphemes(text, keep)).toBe(expected);
  });

  it('truncateGraphemes reports whether it cut', () => {
    expect(truncateGraphemes(`ab${family}c`, 3)).toEqual({ text: `ab${family}`, truncated: true });
    expect(truncateGraphemes('ab', 2)).toEqual({ text: 'ab', truncated: false });
    expect(graphemeCount(`ab${family}🇧🇷e\u0301`)).toBe(5);
  });

  it.each([
    ['within budget', 'abc', 3, 'abc'],
    ['cuts with the ellipsis inside the budget', 'abcdef', 4, 'abc…'],
    ['never splits a surrogate pair', '😀😀😀', 4, '😀…'],
  ])('capLength: %s', (_name, text, max, expected) => {
    const out = capLength(text, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });

  it('truncateToLength keeps whole graphemes within a UTF-16 budget', () => {
    expect(truncateToLength('😀'.repeat(3), 5)).toBe('😀😀');
  });
});
