import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, protocol, resetElectronFake } from '../../test/fakes/electron';
import { S7_POLICY, cspViolations } from '../../test/support/csp';
import { APP_CSP } from '../core/security/protocol-path';
import type { Logger } from '../core/ports';
import { registerAppProtocol, registerAppSchemePrivileges } from './protocol';

vi.mock('electron', () => import('../../test/fakes/electron'));

let root: string;
beforeEach(() => {
  resetElectronFake();
  const dir = mkdtempSync(path.join(tmpdir(), 'fruxon-proto-'));
  root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Fruxon</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'TOP SECRET');
});

describe('app:// scheme', () => {
  it('is registered privileged (standard + secure) before ready', () => {
    registerAppSchemePrivileges();
    // fetch() of app:// URLs, CORS for module scripts, and V8's code cache for a fast start.
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    ]);
  });

  it('registering after ready is refused (by Electron; the fake mirrors it)', () => {
    app.emitReady();
    expect(() => registerAppSchemePrivileges()).toThrow();
  });
});

describe('app:// handler', () => {
  it("S7: every app:// answer (page, asset, 404) carries FAULTS.md's CSP, directive by directive", async () => {
    registerAppProtocol(root);
    for (const url of ['app://console/index.html', 'app://console/assets/app.js', 'app://console/nope.js', 'app://console/../secret.txt']) {
      const res = await protocol.request(url);
      expect(cspViolations(res.headers.get('content-security-policy'), S7_POLICY), url).toEqual([]);
    }
  });

  it('serves index.html with the CSP header and nosniff', async () => {
    registerAppProtocol(root);
    const res = await protocol.request('app://console/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>Fruxon</title>');
  });

  it('serves assets with their content type', async () => {
    registerAppProtocol(root);
    const res = await protocol.request('app://console/assets/app.js');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it.each(['app://console/../secret.txt', 'app://console/%2e%2e/secret.txt', 'app://console/..%2fsecret.txt', 'app://console/index.html%00'])(
    'S18: %s is 404 and never reads outside the root',
    async (url) => {
      registerAppProtocol(root);
      const res = await protocol.request(url);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('TOP SECRET');
    },
  );

  it('missing files are 404 with the CSP still set', async () => {
    registerAppProtocol(root);
    const res = await protocol.request('app://console/nope.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
  });

  it('only GET and HEAD', async () => {
    registerAppProtocol(root);
    expect((await protocol.request('app://console/index.html', { method: 'POST' })).status).toBe(405);
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('%s is 405 with the methods it allows, the CSP and a plain reason', async (method) => {
    registerAppProtocol(root);
    const res = await protocol.request('app://console/index.html', { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await res.text()).toBe('Method not allowed');
  });

  it('a 404 says so in plain text, whether the path was refused or the file is missing', async () => {
    registerAppProtocol(root);
    for (const url of ['app://console/nope.js', 'app://console/../secret.txt']) {
      const res = await protocol.request(url);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe('Not found');
    }
  });

  it('HEAD answers the headers of GET without a body', async () => {
    registerAppProtocol(root);
    const res = await protocol.request('app://console/index.html', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe('');
  });

  it('a refused path is logged, its URL cut to 200 characters; a missing file is not', async () => {
    const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
    const log: Logger = { info: () => {}, error: () => {}, warn: (msg, meta) => void warnings.push([msg, meta]) };
    registerAppProtocol(root, log);
    await protocol.request('app://console/nope.js');
    expect(warnings).toEqual([]);
    const url = `app://console/../${'x'.repeat(300)}`;
    await protocol.request(url);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[0]).toBe('app:// request rejected');
    expect(warnings[0]?.[1]).toEqual({ url: url.slice(0, 200) });
    expect(String(warnings[0]?.[1]?.url)).toHaveLength(200);
  });
});
