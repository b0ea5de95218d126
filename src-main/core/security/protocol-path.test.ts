import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveProtocolPath, resolveStaticPath } from './protocol-path';

const ROOT = '/opt/fruxon/out/renderer';

describe('resolveProtocolPath', () => {
  it.each([
    ['app://console/', `${ROOT}/index.html`],
    ['app://console', `${ROOT}/index.html`],
    ['app://console/index.html', `${ROOT}/index.html`],
    ['app://console/index.html?x=1#frag', `${ROOT}/index.html`],
    ['app://console/assets/index-abc.js', `${ROOT}/assets/index-abc.js`],
    ['app://console/assets/', `${ROOT}/assets/index.html`],
    ['app://console/fonts/Inter%20Var.woff2', `${ROOT}/fonts/Inter Var.woff2`],
    ['APP://CONSOLE/index.html', `${ROOT}/index.html`],
    ['app://console/assets/ab:c.js', `${ROOT}/assets/ab:c.js`],
  ])('serves %s', (url, expected) => {
    expect(resolveProtocolPath(ROOT, url)).toBe(expected);
  });

  it.each([
    ['S18: dot-dot', 'app://console/../../etc/passwd'],
    ['S18: dot-dot inside', 'app://console/assets/../../secret'],
    ['S18: encoded dot-dot', 'app://console/%2e%2e/%2e%2e/etc/passwd'],
    ['S18: mixed-case encoded dot-dot', 'app://console/%2E%2e/x'],
    ['S18: encoded slash', 'app://console/..%2f..%2fetc%2fpasswd'],
    ['S18: encoded backslash', 'app://console/..%5c..%5cwindows'],
    ['S18: raw backslash', 'app://console/..\\..\\windows'],
    ['S18: NUL', 'app://console/index.html%00.png'],
    ['S18: absolute (double slash)', 'app://console//etc/passwd'],
    ['S18: drive letter', 'app://console/C:/Windows/win.ini'],
    ['single dot segment', 'app://console/./index.html'],
    ['bad percent encoding', 'app://console/%E0%A4%A'],
    ['other host', 'app://evil/index.html'],
    ['host look-alike', 'app://console.evil/index.html'],
    ['port', 'app://console:80/index.html'],
    ['other scheme', 'file:///etc/passwd'],
    ['https', 'https://console/index.html'],
    ['app URL inside another URL', 'https://evil.example/?app://console/index.html'],
    ['not a string', 42],
  ])('rejects %s', (_name, url) => {
    expect(resolveProtocolPath(ROOT, url)).toBeNull();
  });

  it('reads URLs up to 2048 characters; longer ones are refused', () => {
    const prefix = 'app://console/';
    const name = (length: number) => `${prefix}${'a'.repeat(length - prefix.length)}`;
    expect(resolveProtocolPath(ROOT, name(2048))).toBe(`${ROOT}/${'a'.repeat(2048 - prefix.length)}`);
    expect(resolveProtocolPath(ROOT, name(2049))).toBeNull();
  });

  it('S18: Windows paths: encoded and raw traversal both stay rejected', () => {
    const root = 'C:\\Program Files\\Fruxon\\resources\\app.asar\\out\\renderer';
    expect(resolveProtocolPath(root, 'app://console/assets/a.js', path.win32)).toBe(`${root}\\assets\\a.js`);
    expect(resolveProtocolPath(root, 'app://console/..%5c..%5cx', path.win32)).toBeNull();
    expect(resolveProtocolPath(root, 'app://console/C:%5cWindows', path.win32)).toBeNull();
    expect(resolveProtocolPath(root, 'app://console/D:/x', path.win32)).toBeNull();
  });

  const traversalPieces = fc.constantFrom('..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%2f', '%2F', '%5c', '\\', '%00', '/', '//', 'C:', 'a', 'assets', 'index.html', '%25', '.', '~', ' ');

  it('S18: arbitrary paths never resolve outside the root', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(traversalPieces, { maxLength: 12 }).map((p) => p.join(''))), (suffix) => {
        const out = resolveProtocolPath(ROOT, `app://console/${suffix}`);
        return out === null || out.startsWith(`${ROOT}${path.sep}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('S18: any path with a dot-dot segment after decoding is rejected', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'assets'), { maxLength: 3 }), fc.constantFrom('..', '%2e%2e', '%2E.', '.%2E'), fc.array(fc.constantFrom('a', 'x.js'), { maxLength: 3 }), (before, dots, after) => {
        return resolveProtocolPath(ROOT, `app://console/${[...before, dots, ...after].join('/')}`) === null;
      }),
    );
  });
});

describe('resolveStaticPath (the browser host serves raw request paths through it)', () => {
  it('serves a raw path that starts with a slash', () => {
    expect(resolveStaticPath(ROOT, '/assets/a.js')).toBe(`${ROOT}/assets/a.js`);
  });
  it.each([
    ['a path without its leading slash', 'assets/a.js'],
    ['a raw NUL', '/index.html\0.png'],
    ['an encoded NUL', '/index.html%00.png'],
    ['a raw backslash', '/assets\\a.js'],
    ['an encoded backslash', '/assets%5ca.js'],
    ['an encoded slash', '/assets%2fa.js'],
  ])('S18: refuses %s', (_name, raw) => {
    expect(resolveStaticPath(ROOT, raw)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.woff2', 'font/woff2'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.json', 'application/json; charset=utf-8'],
    ['a.js.map', 'application/json; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
    ['icon.png', 'image/png'],
    ['favicon.ico', 'image/x-icon'],
    ['a.webp', 'image/webp'],
    ['a.woff', 'font/woff'],
    ['a.ttf', 'font/ttf'],
    ['LICENSE.txt', 'text/plain; charset=utf-8'],
    ['app.webmanifest', 'application/manifest+json'],
    ['a.exe', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});
