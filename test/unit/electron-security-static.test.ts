/**
 * Static checks of the Electron security checklist (FAULTS.md A) over the shipped sources: the
 * grep half of S6, S8-S11, S15 and S20, next to the behavioural tests in src-main/adapters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sources(rel);
    return /\.(ts|tsx|html)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
  });
}

const SHIPPED = ['src-main', 'src-preload', 'src-renderer', 'src-shared'].flatMap(sources);
const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('Electron security (static)', () => {
  it.each([
    ['S6: webSecurity disabled', /webSecurity\s*:\s*false/],
    ['S8: insecure content allowed', /allowRunningInsecureContent\s*:\s*true/],
    ['S9: experimental features', /experimentalFeatures/],
    ['S10: Blink features', /enableBlinkFeatures/],
    ['S11: webview tag or allowpopups', /webviewTag\s*:\s*true|<webview|allowpopups/],
    ['S2: node integration', /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/],
    ['S3: context isolation off', /contextIsolation\s*:\s*false/],
    ['S4: sandbox off', /sandbox\s*:\s*false/],
    ['S18: file:// loading', /\.loadFile\(|loadURL\(\s*['"`]file:/],
    ['F36: TLS checks disabled', /NODE_TLS_REJECT_UNAUTHORIZED|['"]certificate-error['"]/],
    ['security warnings disabled', /ELECTRON_DISABLE_SECURITY_WARNINGS/],
  ])('%s appears nowhere in shipped code', (_name, pattern) => {
    const hits = SHIPPED.filter((f) => pattern.test(text(f)));
    expect(hits).toEqual([]);
  });

  it('S15: shell.openExternal is called from exactly one main-side helper', () => {
    const hits = SHIPPED.filter((f) => /shell\.openExternal\(|\bopenExternal\b[^\n]*from 'electron'|\{[^}]*\bshell\b[^}]*\}\s*from\s*'electron'/.test(text(f)));
    expect(hits).toEqual([path.join('src-main', 'adapters', 'external.ts')]);
  });

  it('S20: only the preload touches contextBridge, and it never exposes ipcRenderer', () => {
    const hits = SHIPPED.filter((f) => /exposeInMainWorld/.test(text(f)));
    expect(hits).toEqual([path.join('src-preload', 'index.ts')]);
    expect(text('src-preload/index.ts')).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });

  it('layering: only adapters, index.ts and the preload import electron', () => {
    const hits = SHIPPED.filter((f) => /from\s+'electron(\/\w+)?'|require\('electron'\)/.test(text(f)));
    for (const f of hits) expect(f).toMatch(/^src-main[/\\]adapters[/\\]|^src-main[/\\]index\.ts$|^src-preload[/\\]/);
  });
});
