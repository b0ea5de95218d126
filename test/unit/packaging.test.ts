/**
 * The packaging config cannot be exercised here (electron-builder downloads Electron), so this
 * checks what it says: fuses (S19), deep-link protocol, targets, hardened runtime, icons.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from '../../src-main/core/security/deep-link';

const ROOT = path.resolve(__dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

/** Parses the YAML subset electron-builder.yml keeps to: nested maps, lists, plain scalars, comments. */
function parseYamlSubset(text: string): Yaml {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, '').replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '')
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  let i = 0;
  const scalar = (s: string): Yaml => {
    if (s === 'true' || s === 'false') return s === 'true';
    if (s === 'null' || s === '~') return null;
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
    return s.replace(/^(['"])(.*)\1$/, '$2');
  };
  const block = (indent: number): Yaml => (lines[i]!.text.startsWith('- ') ? list(indent) : map(indent));
  function list(indent: number): Yaml[] {
    const out: Yaml[] = [];
    while (i < lines.length && lines[i]!.indent === indent && lines[i]!.text.startsWith('- ')) {
      const item = lines[i]!.text.slice(2);
      if (/^[\w.-]+:(\s|$)/.test(item)) {
        lines[i] = { indent: indent + 2, text: item };
        out.push(map(indent + 2));
      } else {
        out.push(scalar(item));
        i++;
      }
    }
    return out;
  }
  function map(indent: number): { [key: string]: Yaml } {
    const out: { [key: string]: Yaml } = {};
    while (i < lines.length && lines[i]!.indent === indent && !lines[i]!.text.startsWith('- ')) {
      const m = /^([\w.-]+):(?:\s+(.*))?$/.exec(lines[i]!.text);
      if (!m) throw new Error(`unsupported YAML line: ${lines[i]!.text}`);
      i++;
      const key = m[1]!;
      if (m[2] !== undefined) out[key] = scalar(m[2]);
      else out[key] = i < lines.length && lines[i]!.indent > indent ? block(lines[i]!.indent) : null;
    }
    return out;
  }
  const result = block(0);
  if (i !== lines.length) throw new Error(`unparsed YAML from line: ${lines[i]!.text}`);
  return result;
}

const config = parseYamlSubset(read('electron-builder.yml')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function pngSize(file: string): [number, number] {
  const buf = readFileSync(path.join(ROOT, file));
  expect(buf.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('S19: locks the fuses recommended in FAULTS.md A.2', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('self-update: one generic feed over HTTPS', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: expect.stringMatching(/^https:\/\/[^/]+\//) }]);
  });

  it('registers the deep-link scheme the app parses, also as a Linux MimeType', () => {
    expect(config.protocols).toEqual([{ name: 'Fruxon Access Console', schemes: [DEEP_LINK_SCHEME] }]);
    expect(config.linux.desktop.entry.MimeType).toBe(`x-scheme-handler/${DEEP_LINK_SCHEME};`);
  });

  it('identity: appId matches the Windows AppUserModelID used for notifications', async () => {
    const source = read('src-main/adapters/notifications.ts');
    expect(config.appId).toBe('com.fruxon.console');
    expect(source).toContain(`APP_USER_MODEL_ID = '${config.appId}'`);
    expect(config.productName).toBe('Fruxon Access Console');
  });

  it('packages only the build output and package.json', () => {
    const files = config.files as string[];
    // Only exclusions besides the build output and package.json: nothing else is ever packed.
    expect(files.filter((f) => !f.startsWith('!'))).toEqual(['out/**', 'package.json']);
    expect(files).toContain('!**/*.map');
  });

  it('targets AppImage + deb, NSIS and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('macOS: hardened runtime with a minimal entitlements file', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    const plist = read(config.mac.entitlements);
    expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
    for (const risky of ['disable-library-validation', 'allow-dyld-environment-variables', 'allow-unsigned-executable-memory', 'get-task-allow']) {
      expect(plist).not.toContain(risky);
    }
  });

  it('icons exist at the sizes the config points to', () => {
    for (const size of [16, 32, 256, 512]) expect(pngSize(`build/icons/${size}x${size}.png`)).toEqual([size, size]);
    expect(pngSize(config.win.icon)).toEqual([512, 512]);
    expect(pngSize(config.mac.icon)).toEqual([512, 512]);
    for (const state of ['idle', 'pending', 'error', 'offline', 'stale']) expect(existsSync(path.join(ROOT, `build/tray/tray-${state}@2x.png`))).toBe(true);
  });
});

describe('build wiring', () => {
  it('main loads the preload as the CommonJS file electron-vite emits', () => {
    expect(read('electron.vite.config.ts')).toContain("entryFileNames: '[name].cjs'");
    expect(read('src-main/index.ts')).toContain("'../preload/index.cjs'");
  });

  it('S16: electron is pinned exactly to a supported major (>= 45)', () => {
    const pkg = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };
    const version = pkg.devDependencies.electron ?? '';
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(45);
  });
});
