/**
 * Tiny PNG encoder and the console's icon drawing, with no dependency beyond node:zlib. Used at
 * runtime for the tray (one image per state, drawn at the size the platform wants) and at build
 * time by build/generate-icons.ts for the app icons. Pure: returns PNG bytes.
 */
import { deflateSync } from 'node:zlib';
import type { TrayState } from '../core/app/tray-state';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels (row-major, 4 bytes per pixel) as an 8-bit RGBA PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('encodePng: pixel buffer has the wrong size');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

type Rgb = readonly [number, number, number];
const BRAND: Rgb = [79, 70, 229];
const GREY: Rgb = [120, 124, 134];
const DOT: Record<TrayState, Rgb | null> = {
  idle: null,
  pending: [245, 158, 11],
  error: [220, 38, 38],
  offline: null,
  stale: [148, 163, 184],
};

/**
 * The console mark: a rounded square with a white "F", grey when offline, with a status dot in
 * the corner for pending (amber), error (red) and stale (slate). 4x4 supersampled edges.
 */
export function drawIcon(size: number, state: TrayState = 'idle'): Buffer {
  const px = new Uint8Array(size * size * 4);
  const base = state === 'offline' ? GREY : BRAND;
  const dot = DOT[state];
  const r = size * 0.22;
  const inRounded = (x: number, y: number) => {
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  // The "F": a stem and two bars, in fractions of the icon.
  const inF = (x: number, y: number) => {
    const u = x / size;
    const v = y / size;
    const stem = u >= 0.3 && u <= 0.44 && v >= 0.22 && v <= 0.78;
    const top = u >= 0.3 && u <= 0.72 && v >= 0.22 && v <= 0.35;
    const mid = u >= 0.3 && u <= 0.62 && v >= 0.45 && v <= 0.57;
    return stem || top || mid;
  };
  const dotR = size * 0.2;
  const dotC = size - dotR - size * 0.02;
  const inDot = (x: number, y: number) => (x - dotC) ** 2 + (y - (size - dotC)) ** 2 <= dotR * dotR;
  const ringR = dotR + Math.max(1, size * 0.05);
  const inRing = (x: number, y: number) => (x - dotC) ** 2 + (y - (size - dotC)) ** 2 <= ringR * ringR;

  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let rr = 0;
      let gg = 0;
      let bb = 0;
      let aa = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const fx = x + (sx + 0.5) / S;
          const fy = y + (sy + 0.5) / S;
          let c: Rgb | null = null;
          if (dot && inDot(fx, fy)) c = dot;
          else if (dot && inRing(fx, fy)) c = null; // transparent ring separates the dot from the mark
          else if (inRounded(fx, fy)) c = inF(fx, fy) ? [255, 255, 255] : base;
          if (c) {
            rr += c[0];
            gg += c[1];
            bb += c[2];
            aa += 1;
          }
        }
      }
      const i = (y * size + x) * 4;
      if (aa > 0) {
        px[i] = Math.round(rr / aa);
        px[i + 1] = Math.round(gg / aa);
        px[i + 2] = Math.round(bb / aa);
        px[i + 3] = Math.round((aa / (S * S)) * 255);
      }
    }
  }
  return encodePng(size, size, px);
}
