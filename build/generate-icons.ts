/**
 * Regenerates the packaging icons from the same drawing the tray uses at runtime.
 * Run: npx tsx build/generate-icons.ts   (outputs are committed; no dependency beyond node:zlib)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawIcon } from '../src-main/adapters/icon-png';
import { TRAY_STATES } from '../src-main/core/app/tray-state';

const here = path.dirname(fileURLToPath(import.meta.url));
mkdirSync(path.join(here, 'icons'), { recursive: true });
mkdirSync(path.join(here, 'tray'), { recursive: true });
for (const size of [16, 32, 256, 512]) writeFileSync(path.join(here, 'icons', `${size}x${size}.png`), drawIcon(size));
writeFileSync(path.join(here, 'icon.png'), drawIcon(512));
for (const state of TRAY_STATES) {
  writeFileSync(path.join(here, 'tray', `tray-${state}.png`), drawIcon(16, state));
  writeFileSync(path.join(here, 'tray', `tray-${state}@2x.png`), drawIcon(32, state));
}
console.log('icons written to', here);
