/**
 * Seeded randomness for the simulator. Everything the simulator invents (ids, names, timings)
 * comes from here so a seed reproduces the same world; Math.random is never used.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string;
  /** A version-4-shaped uuid string. */
  uuid(): string;
  hex(length: number): string;
}

/** mulberry32: tiny, fast, good enough for test data. Returns 32-bit unsigned ints. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * A sub-seed for a named stream, so that e.g. the number of bulk rows never shifts the ids of
 * the story rows generated from another stream.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = (2166136261 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i += 1) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = '0123456789abcdef';

// Byte-to-hex table: Number#toString(16) on uint32 values dominated seeding 100,000 rows.
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex8(value: number): string {
  return (
    (BYTE_HEX[value >>> 24] as string) +
    (BYTE_HEX[(value >>> 16) & 255] as string) +
    (BYTE_HEX[(value >>> 8) & 255] as string) +
    (BYTE_HEX[value & 255] as string)
  );
}

/** A seeded Rng for `seed` (optionally a named sub-stream of it). */
export function createRng(seed: number, label?: string): Rng {
  const raw = mulberry32(label === undefined ? seed : deriveSeed(seed, label));
  const next = () => raw() / 4294967296;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    chance: (probability) => next() < probability,
    chars: (alphabet, length) => {
      // One flat string from char codes; `+=` per character builds ropes that cost GC time at 100k rows.
      const codes = new Array<number>(length);
      for (let i = 0; i < length; i += 1) codes[i] = alphabet.charCodeAt(Math.floor(next() * alphabet.length));
      return String.fromCharCode(...codes);
    },
    uuid: () => {
      const a = hex8(raw());
      const b = hex8(raw());
      const c = hex8(raw());
      const d = hex8(raw());
      const variant = HEX[8 + (raw() & 3)] ?? '8';
      return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
    },
    hex: (length) => {
      let out = '';
      while (out.length < length) out += hex8(raw());
      return out.slice(0, length);
    },
  };
}
