/**
 * Which of a list's search texts contain each character: one bitset per UTF-16 code unit over
 * the list's positions. A word can only occur in a text that holds every one of its characters,
 * so the rows worth testing for a search are the AND of its characters' sets, and a
 * one-character word is answered by its set alone. This is what makes the first character of a
 * search (`a`, `k`, `+`) cheap at 100,000 rows: without it every text is scanned with `includes`.
 *
 * Matching stays `String.prototype.includes` on the folded texts (lib/query.ts): the index only
 * skips rows that cannot match, so its results are the plain filter's (char-index.test.ts).
 * Memory: one bit per row for each distinct character in the list (12.5 KB per character at
 * 100,000 rows; the simulator's names in many scripts use up to ~180, about 2 MB).
 */
export class CharIndex {
  /** Sets for code units below 128 by code; others in `other`. */
  private readonly ascii: Array<Uint32Array | undefined> = new Array<Uint32Array | undefined>(128);
  private readonly other = new Map<number, Uint32Array>();
  private readonly words: number;

  /** An empty index over `size` positions; `add` fills it, one text at a time (so it can be built in slices). */
  constructor(size: number) {
    this.size = size;
    this.words = (size + 31) >>> 5;
  }

  /** Records the characters of the text at position `i`. */
  add(i: number, text: string): void {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    for (let j = 0; j < text.length; j += 1) {
      const c = text.charCodeAt(j);
      let set = c < 128 ? this.ascii[c] : this.other.get(c);
      if (set === undefined) {
        set = new Uint32Array(this.words);
        if (c < 128) this.ascii[c] = set;
        else this.other.set(c, set);
      }
      set[w]! |= bit;
    }
  }

  /** How many texts the index covers (positions 0 … size − 1). */
  readonly size: number;

  /**
   * The positions that may contain every term (a bitset, bit i = position i), or null when the
   * terms name no character (no restriction). `exact` is true when the set is the answer itself:
   * every term is at most one character long.
   */
  candidates(terms: readonly string[]): { set: Uint32Array; exact: boolean } | null {
    let set: Uint32Array | null = null;
    let exact = true;
    const seen = new Set<number>();
    for (const term of terms) {
      if (term.length > 1) exact = false;
      for (let j = 0; j < term.length; j += 1) {
        const c = term.charCodeAt(j);
        if (seen.has(c)) continue;
        seen.add(c);
        const of = c < 128 ? this.ascii[c] : this.other.get(c);
        if (of === undefined) return { set: new Uint32Array(this.words), exact: true };
        if (set === null) set = of.slice();
        else for (let w = 0; w < this.words; w += 1) set[w]! &= of[w]!;
      }
    }
    return set === null ? null : { set, exact };
  }
}

/** Whether position `i` is in a bitset from `candidates`. */
export function hasBit(set: Uint32Array, i: number): boolean {
  return (set[i >>> 5]! & (1 << (i & 31))) !== 0;
}
