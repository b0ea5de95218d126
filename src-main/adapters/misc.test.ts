import { inflateSync } from 'node:zlib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clipboard, resetElectronFake, shell } from '../../test/fakes/electron';
import { createCopyDiagnosticsHandler } from './diagnostics';
import { openExternalSafely } from './external';
import { drawIcon, encodePng } from './icon-png';

vi.mock('electron', () => import('../../test/fakes/electron'));

beforeEach(() => resetElectronFake());

describe('openExternalSafely (S15 last gate)', () => {
  it('opens https', async () => {
    await openExternalSafely('https://docs.fruxon.com/');
    expect(shell.opened).toEqual(['https://docs.fruxon.com/']);
  });
  it.each(['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'ms-msdt:/id', 'http://example.com/'])('refuses %s', async (url) => {
    await expect(openExternalSafely(url)).rejects.toThrow();
    expect(shell.opened).toEqual([]);
  });
});

describe('copy diagnostics', () => {
  it('writes the core text to the clipboard, redacted once more, and returns it', async () => {
    const handler = createCopyDiagnosticsHandler(
      { handlers: { 'app:copy-diagnostics': async () => 'Version 0.1.0\nlast error: 401 with opaque-token-value' } },
      () => ['opaque-token-value'],
      () => ['Log file: /tmp/logs/main.log'],
    );
    const text = await handler(undefined);
    await expect(clipboard.readText()).resolves.toBe(text);
    expect(text).toContain('Version 0.1.0');
    expect(text).toContain('Log file:');
    expect(text).not.toContain('opaque-token-value');
  });

  it('puts the extra lines on lines of their own after the core text', async () => {
    const handler = createCopyDiagnosticsHandler(
      { handlers: { 'app:copy-diagnostics': async () => 'Version 0.1.0\nlast error: 401 with opaque-token-value' } },
      () => ['opaque-token-value'],
      () => ['Log file: /tmp/logs/main.log', 'Platform: linux'],
    );
    const text = await handler(undefined);
    expect(text).toBe('Version 0.1.0\nlast error: 401 with [redacted]\nLog file: /tmp/logs/main.log\nPlatform: linux');
    await expect(clipboard.readText()).resolves.toBe(text);
  });

  it('with no extra lines and no known secrets, copies the core text as it is', async () => {
    const handler = createCopyDiagnosticsHandler({ handlers: { 'app:copy-diagnostics': async () => 'Version 0.1.0\nWorkspaces: 2' } }, () => []);
    await expect(handler(undefined)).resolves.toBe('Version 0.1.0\nWorkspaces: 2');
    await expect(clipboard.readText()).resolves.toBe('Version 0.1.0\nWorkspaces: 2');
  });
});

describe('icon PNGs', () => {
  function parse(png: Buffer) {
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    const idatLen = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    return { width, height, raw };
  }

  it('encodes a valid RGBA PNG', () => {
    const { width, height, raw } = parse(encodePng(2, 1, new Uint8Array([255, 0, 0, 255, 0, 0, 255, 128])));
    expect([width, height]).toEqual([2, 1]);
    expect([...raw]).toEqual([0, 255, 0, 0, 255, 0, 0, 255, 128]);
  });

  it('draws distinct images per tray state', () => {
    const states = ['idle', 'pending', 'error', 'offline', 'stale'] as const;
    const images = states.map((s) => drawIcon(32, s).toString('base64'));
    expect(new Set(images).size).toBe(states.length);
    expect(parse(drawIcon(16)).width).toBe(16);
  });
});
