import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRAY_STATES, type TrayState } from '../core/app/tray-state';
import { drawIcon, encodePng } from './icon-png';

// An independent PNG reader: chunks by hand, CRCs from node:zlib, IDAT inflated and unfiltered.
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface Chunk {
  type: string;
  data: Buffer;
  crc: number;
  /** CRC-32 of the chunk's type and data, computed here with node:zlib. */
  expectedCrc: number;
}

function chunksOf(png: Buffer): Chunk[] {
  expect([...png.subarray(0, 8)]).toEqual(SIGNATURE);
  const chunks: Chunk[] = [];
  let at = 8;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    chunks.push({
      type: typeAndData.subarray(0, 4).toString('latin1'),
      data: typeAndData.subarray(4),
      crc: png.readUInt32BE(at + 8 + length),
      expectedCrc: crc32(typeAndData),
    });
    at += 12 + length;
  }
  expect(at).toBe(png.length);
  return chunks;
}

interface Image {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  compression: number;
  filterMethod: number;
  interlace: number;
  rgba: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function decode(png: Buffer): Image {
  const chunks = chunksOf(png);
  const ihdr = chunks.find((c) => c.type === 'IHDR')?.data;
  if (!ihdr) throw new Error('no IHDR');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 4;
  expect(raw.length).toBe((stride + 1) * height);
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? -1;
    if (filter === 0) {
      rgba.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
      continue;
    }
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= 4 ? (rgba[y * stride + x - 4] ?? 0) : 0;
      const b = y > 0 ? (rgba[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= 4 && y > 0 ? (rgba[(y - 1) * stride + x - 4] ?? 0) : 0;
      const predictor = [0, a, b, Math.floor((a + b) / 2), paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`unknown filter ${filter}`);
      rgba[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    bitDepth: ihdr[8] ?? -1,
    colourType: ihdr[9] ?? -1,
    compression: ihdr[10] ?? -1,
    filterMethod: ihdr[11] ?? -1,
    interlace: ihdr[12] ?? -1,
    rgba,
  };
}

/** The RGBA of one pixel. */
function pixel(img: Image, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return [...img.rgba.subarray(i, i + 4)];
}

/** The pixel under a point given in fractions of the icon (0..1 across, 0..1 down). */
function at(img: Image, u: number, v: number): number[] {
  return pixel(img, Math.floor(u * img.width), Math.floor(v * img.height));
}

function pixels(img: Image): number[][] {
  return Array.from({ length: img.width * img.height }, (_, i) => [...img.rgba.subarray(i * 4, i * 4 + 4)]);
}

/** Deterministic pseudo-random bytes (mulberry32), so a failure reproduces. */
function noise(length: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const BRAND = [79, 70, 229, 255];
const GREY = [120, 124, 134, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];
const DOTS: Partial<Record<TrayState, number[]>> = {
  pending: [245, 158, 11, 255],
  error: [220, 38, 38, 255],
  stale: [148, 163, 184, 255],
};

describe('encodePng', () => {
  it('writes the PNG signature, then exactly IHDR, IDAT and an empty IEND', () => {
    const chunks = chunksOf(encodePng(2, 2, noise(16, 1)));
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunks[0]?.data.length).toBe(13);
    expect(chunks[2]?.data.length).toBe(0);
  });

  it('ends every chunk with the CRC-32 of its type and data', () => {
    for (const png of [encodePng(1, 1, new Uint8Array([1, 2, 3, 4])), encodePng(5, 3, noise(60, 2)), drawIcon(16, 'pending')]) {
      for (const c of chunksOf(png)) expect(c.crc, c.type).toBe(c.expectedCrc);
    }
  });

  it('declares the width and height, 8-bit RGBA, deflate, the standard filters and no interlace', () => {
    const img = decode(encodePng(3, 7, noise(84, 3)));
    expect(img).toMatchObject({ width: 3, height: 7, bitDepth: 8, colourType: 6, compression: 0, filterMethod: 0, interlace: 0 });
  });

  it.each([
    [1, 1],
    [2, 1],
    [1, 8],
    [3, 2],
    [2, 7],
    [5, 5],
    [16, 16],
    [24, 9],
  ])('gives back exactly the pixels it was given at %ix%i', (width, height) => {
    const rgba = noise(width * height * 4, width * 31 + height);
    const img = decode(encodePng(width, height, rgba));
    expect([img.width, img.height]).toEqual([width, height]);
    expect([...img.rgba]).toEqual([...rgba]);
  });

  it('starts each row with filter type none, so the rows hold the pixels as given', () => {
    const rgba = noise(6 * 4 * 4, 9);
    const chunks = chunksOf(encodePng(4, 6, rgba));
    const raw = inflateSync(chunks[1]?.data ?? Buffer.alloc(0));
    for (let y = 0; y < 6; y++) {
      expect(raw[y * 17], `row ${y}`).toBe(0);
      expect([...raw.subarray(y * 17 + 1, y * 17 + 17)]).toEqual([...rgba.subarray(y * 16, y * 16 + 16)]);
    }
  });

  it('keeps the first bytes of a one-pixel-wide image intact however many rows follow', () => {
    const rgba = new Uint8Array(12 * 4).fill(200);
    expect([...decode(encodePng(1, 12, rgba)).rgba]).toEqual([...rgba]);
  });

  it('reads the pixels of a view into a larger buffer from the view, not from the start of the buffer', () => {
    const backing = noise(100, 4);
    const view = backing.subarray(20, 20 + 3 * 2 * 4);
    expect([...decode(encodePng(3, 2, view)).rgba]).toEqual([...view]);
  });

  it.each([
    ['too short', 2, 2, 15],
    ['too long', 2, 2, 17],
    ['a single pixel missing', 3, 3, 32],
    ['square pixels for a non-square image', 2, 3, 16],
  ])('refuses a pixel buffer that is %s, saying so', (_what, width, height, length) => {
    expect(() => encodePng(width, height, new Uint8Array(length))).toThrow('encodePng: pixel buffer has the wrong size');
  });
});

describe('drawIcon', () => {
  it.each([1, 7, 16, 22, 24, 32, 64])('draws a %i-pixel square icon as the platform asked', (size) => {
    expect(decode(drawIcon(size))).toMatchObject({ width: size, height: size, bitDepth: 8, colourType: 6 });
  });

  it('draws the same bytes for the same size and state, and idle when no state is given', () => {
    for (const state of TRAY_STATES) expect(drawIcon(24, state).equals(drawIcon(24, state)), state).toBe(true);
    expect(drawIcon(24).equals(drawIcon(24, 'idle'))).toBe(true);
  });

  it('draws a different image for each tray state, at both tray sizes', () => {
    for (const size of [16, 24, 32]) {
      const images = TRAY_STATES.map((s) => drawIcon(size, s).toString('base64'));
      expect(new Set(images).size).toBe(TRAY_STATES.length);
    }
  });

  it('matches the committed packaging and tray icons pixel for pixel (regenerate them when the drawing changes)', () => {
    const build = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build');
    const same = (drawn: Buffer, file: string) => {
      const [a, b] = [decode(drawn), decode(readFileSync(path.join(build, file)))];
      expect({ ...a, rgba: null }, file).toEqual({ ...b, rgba: null });
      expect(Buffer.from(a.rgba).equals(Buffer.from(b.rgba)), file).toBe(true);
    };
    for (const state of TRAY_STATES) {
      same(drawIcon(16, state), `tray/tray-${state}.png`);
      same(drawIcon(32, state), `tray/tray-${state}@2x.png`);
    }
    for (const size of [16, 32, 256, 512]) same(drawIcon(size), `icons/${size}x${size}.png`);
  });

  it('rounds the square off: the four corner pixels are transparent in every state', () => {
    for (const size of [16, 24, 32, 100]) {
      for (const state of TRAY_STATES) {
        const img = decode(drawIcon(size, state));
        const last = size - 1;
        for (const [x, y] of [[0, 0], [last, 0], [0, last], [last, last]] as const) expect(pixel(img, x, y), `${size} ${state} ${x},${y}`).toEqual(CLEAR);
      }
    }
  });

  it('fills the square to its straight edges: the middle of each side is opaque mark colour', () => {
    const img = decode(drawIcon(100));
    for (const [x, y] of [[0, 50], [99, 50], [50, 0], [50, 99]] as const) expect(pixel(img, x, y), `${x},${y}`).toEqual(BRAND);
  });

  it('draws a white F on the indigo mark: stem, top bar and middle bar, with indigo around and between them', () => {
    const img = decode(drawIcon(100));
    const white: Array<[number, number, string]> = [
      [0.37, 0.7, 'stem'],
      [0.31, 0.25, 'top-left of the stem'],
      [0.43, 0.77, 'bottom of the stem'],
      [0.68, 0.28, 'end of the top bar'],
      [0.71, 0.34, 'bottom corner of the top bar'],
      [0.58, 0.5, 'end of the middle bar'],
      [0.61, 0.46, 'top corner of the middle bar'],
      [0.5, 0.56, 'bottom of the middle bar'],
    ];
    const indigo: Array<[number, number, string]> = [
      [0.2, 0.5, 'left of the stem'],
      [0.37, 0.15, 'above the F'],
      [0.37, 0.85, 'below the stem'],
      [0.76, 0.28, 'right of the top bar'],
      [0.55, 0.4, 'between the bars'],
      [0.66, 0.5, 'right of the middle bar'],
      [0.55, 0.7, 'below the middle bar'],
      [0.46, 0.8, 'below and right of the stem'],
    ];
    for (const [u, v, where] of white) expect(at(img, u, v), where).toEqual(WHITE);
    for (const [u, v, where] of indigo) expect(at(img, u, v), where).toEqual(BRAND);
  });

  it('draws the mark grey, with the F still white, when offline, and uses no indigo at all', () => {
    const img = decode(drawIcon(100, 'offline'));
    expect(at(img, 0.2, 0.5)).toEqual(GREY);
    expect(at(img, 0.55, 0.4)).toEqual(GREY);
    expect(at(img, 0.37, 0.7)).toEqual(WHITE);
    expect(pixels(img).some((p) => p[0] === 79 && p[1] === 70 && p[2] === 229)).toBe(false);
    expect(pixels(decode(drawIcon(100, 'idle'))).some((p) => p[0] === 120 && p[1] === 124 && p[2] === 134)).toBe(false);
  });

  it('puts a status dot in the top-right corner, amber while requests wait, red on error, slate when stale', () => {
    for (const [state, colour] of Object.entries(DOTS)) {
      const img = decode(drawIcon(100, state as TrayState));
      expect(at(img, 0.78, 0.22), state).toEqual(colour);
      expect(at(img, 0.7, 0.3), state).toEqual(colour);
      expect(at(img, 0.86, 0.14), state).toEqual(colour);
      // the rest of the mark is unchanged
      expect(at(img, 0.2, 0.5), state).toEqual(BRAND);
      expect(at(img, 0.37, 0.7), state).toEqual(WHITE);
    }
  });

  it('separates the dot from the mark with a transparent ring', () => {
    for (const state of ['pending', 'error', 'stale'] as const) {
      const img = decode(drawIcon(100, state));
      // pixels 21–23 px from the dot's centre (radius 20, ring out to 25), left of it and below-left
      expect(pixel(img, 56, 22), state).toEqual(CLEAR);
      expect(pixel(img, 62, 37), state).toEqual(CLEAR);
      expect(pixel(img, 78, 43), state).toEqual(CLEAR);
      // just outside the ring the mark resumes
      expect(pixel(img, 50, 60), state).toEqual(BRAND);
    }
    const idle = decode(drawIcon(100, 'idle'));
    expect(pixel(idle, 62, 37)).toEqual(BRAND);
    expect(pixel(idle, 78, 43)).toEqual(BRAND);
  });

  it('shows the badge colour at tray sizes exactly when the state has a dot', () => {
    const dotColours = Object.values(DOTS);
    for (const size of [16, 24, 32]) {
      for (const state of TRAY_STATES) {
        const found = pixels(decode(drawIcon(size, state)))
          .filter((p) => p[3] === 255)
          .map((p) => dotColours.findIndex((d) => d.every((v, i) => v === p[i])));
        const expected = DOTS[state];
        if (expected) expect(found.filter((k) => k === dotColours.indexOf(expected)).length, `${size} ${state}`).toBeGreaterThan(size / 4);
        expect(found.filter((k) => k >= 0 && (!expected || k !== dotColours.indexOf(expected))), `${size} ${state}`).toEqual([]);
      }
    }
  });

  it('smooths edges with 4x4 samples: alpha takes the sixteenth steps, and edge pixels are partly transparent', () => {
    const steps = new Set(Array.from({ length: 17 }, (_, k) => Math.round((k / 16) * 255)));
    for (const state of TRAY_STATES) {
      const alphas = pixels(decode(drawIcon(32, state))).map((p) => p[3] ?? -1);
      expect(alphas.filter((a) => !steps.has(a)), state).toEqual([]);
      expect(alphas.some((a) => a > 0 && a < 255), state).toBe(true);
    }
  });

  it('keeps the colour of a partly covered edge pixel: transparency lowers alpha, not brightness', () => {
    const img = decode(drawIcon(100));
    let edges = 0;
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 25; x++) {
        const p = pixel(img, x, y);
        if (p[3] === 0) continue;
        expect(p.slice(0, 3), `${x},${y}`).toEqual(BRAND.slice(0, 3));
        if ((p[3] ?? 0) < 255) edges += 1;
      }
    }
    expect(edges).toBeGreaterThan(10);
  });

  it('blends the samples of a pixel the F covers in part: a quarter-white pixel is a quarter of the way to white', () => {
    // at 16 px the stem starts at 4.8 px, so column 4 has one sample column in four inside it
    const img = decode(drawIcon(16));
    const blend = (c: number) => Math.round((4 * 255 + 12 * c) / 16);
    expect(pixel(img, 4, 10)).toEqual([blend(79), blend(70), blend(229), 255]);
  });

  it('draws the F to the same proportions at every size', () => {
    for (const size of [40, 64, 100, 128]) {
      const img = decode(drawIcon(size));
      expect(at(img, 0.37, 0.7), `${size} stem`).toEqual(WHITE);
      expect(at(img, 0.2, 0.5), `${size} left of the stem`).toEqual(BRAND);
      expect(at(img, 0.55, 0.4), `${size} between the bars`).toEqual(BRAND);
    }
  });
});
