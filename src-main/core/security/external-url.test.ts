import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, isOpenableExternalUrl, isSameSite, toAllowedExternalUrl } from './external-url';

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://fruxon.com',
    'https://fruxon.com/pricing?x=1#y',
    'https://docs.fruxon.com/api/',
    'https://app.fruxon.com/t/acme/agents',
    'https://FRUXON.com/path',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['http (not https)', 'http://fruxon.com/'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['smb:', 'smb://fruxon.com/share'],
    ['custom scheme', 'fruxon-console://request/1'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['look-alike suffix', 'https://fruxon.com.attacker.com/'],
    ['look-alike prefix', 'https://evilfruxon.com/'],
    ['credentials', 'https://user:pw@fruxon.com/'],
    ['userinfo trick', 'https://fruxon.com@evil.com/'],
    ['backslash trick', 'https://evil.com\\@fruxon.com/'],
    ['non-default port', 'https://fruxon.com:8443/'],
    ['trailing dot host', 'https://fruxon.com./'],
    ['encoded dot host', 'https://fruxon.com%2eevil.com/'],
    ['leading space', ' https://fruxon.com/'],
    ['embedded newline', 'https://fruxon.com/\nx'],
    ['empty', ''],
    ['too long', `https://fruxon.com/${'a'.repeat(5000)}`],
  ])('rejects %s', (_name, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it.each([null, undefined, 42, {}, ['https://fruxon.com'], { href: 'https://fruxon.com' }])('rejects non-string %p', (value) => {
    expect(isAllowedExternalUrl(value)).toBe(false);
  });

  it('allows an explicitly allowed origin (device-flow page of a configured server) and nothing else', () => {
    const opts = { extraOrigins: ['http://127.0.0.1:4010'] };
    expect(isAllowedExternalUrl('http://127.0.0.1:4010/device?user_code=ABCD-EFGH', opts)).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:4011/device', opts)).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd', { extraOrigins: ['null'] })).toBe(false);
    // An https API server's own device page, on a port of its own.
    expect(isAllowedExternalUrl('https://api.example.com:8443/device', { extraOrigins: ['https://api.example.com:8443'] })).toBe(true);
    expect(isAllowedExternalUrl('https://api.example.com/device', { extraOrigins: ['https://api.example.com:8443'] })).toBe(false);
  });

  it('reads URLs up to 4000 characters; longer ones are refused', () => {
    const url = (length: number) => `https://fruxon.com/${'a'.repeat(length - 'https://fruxon.com/'.length)}`;
    expect(isAllowedExternalUrl(url(4000))).toBe(true);
    expect(isAllowedExternalUrl(url(4001))).toBe(false);
  });

  it('returns the normalised href that is opened', () => {
    expect(toAllowedExternalUrl('https://Docs.Fruxon.com/a b'.replace(' ', '%20'))).toBe('https://docs.fruxon.com/a%20b');
  });

  it('S15: for arbitrary strings, opens nothing unless the scheme is https: and the host is allowlisted', () => {
    const hosts = fc.constantFrom('fruxon.com', 'docs.fruxon.com', 'evil.com', 'fruxon.com.evil.com', 'xfruxon.com', '127.0.0.1', '', 'FRUXON.COM');
    const schemes = fc.constantFrom('https:', 'http:', 'file:', 'javascript:', 'smb:', 'fruxon-console:', 'data:', 'HTTPS:', 'ftp:', '');
    const urlish = fc
      .tuple(schemes, fc.constantFrom('//', '/', '', '\\\\', '///'), fc.constantFrom('', 'user@', 'a:b@'), hosts, fc.constantFrom('', ':443', ':8080', '.'), fc.string())
      .map(([s, sep, auth, h, port, rest]) => `${s}${sep}${auth}${h}${port}/${rest}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), urlish), (input) => {
        const out = toAllowedExternalUrl(input);
        if (out === null) return true;
        const url = new URL(out);
        return (
          url.protocol === 'https:' &&
          (url.hostname === 'fruxon.com' || url.hostname.endsWith('.fruxon.com')) &&
          url.username === '' &&
          url.password === '' &&
          url.port === ''
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isOpenableExternalUrl (last gate before shell.openExternal)', () => {
  it.each([
    ['https anywhere', 'https://example.com/', true],
    ['http loopback', 'http://127.0.0.1:4010/device', true],
    ['http localhost', 'http://localhost:4010/', true],
    ['http remote', 'http://example.com/', false],
    ['file', 'file:///C:/Windows/System32/calc.exe', false],
    ['smb', 'smb://host/share', false],
    ['javascript', 'javascript:alert(1)', false],
    ['custom', 'ms-msdt:/id', false],
    ['credentials', 'https://a:b@example.com/', false],
  ])('%s', (_name, url, expected) => {
    expect(isOpenableExternalUrl(url)).toBe(expected);
  });
});

describe('isOpenableExternalUrl: loopback http', () => {
  it.each([
    ['http://localhost:8080/device', true],
    ['http://127.0.0.1:1234/', true],
    ['http://127.1.2.3/', true],
    ['http://127.10.200.30/', true],
    ['http://[::1]:9000/', true],
    ['http://127.0.0.1.evil.com/', false],
    ['http://x127.0.0.1/', false],
    ['http://example.com/', false],
    ['ftp://127.0.0.1/', false],
    ['ws://localhost:8080/', false],
  ])('%s → %s', (url, expected) => {
    expect(isOpenableExternalUrl(url)).toBe(expected);
  });
});

describe('isSameSite', () => {
  it.each([
    ['https://login.example.com/device', 'https://api.example.com', true],
    ['https://example.com/', 'https://api.example.com', true],
    ['https://evil.co.uk/', 'https://api.example.co.uk', false],
    ['https://other.example.co.uk/', 'https://api.example.co.uk', true],
    ['https://a.github.io/', 'https://b.github.io', false],
    ['https://login.acme.github.io/', 'https://acme.github.io', true], // github.io is a public suffix (private section)
    ['https://acme.github.io/', 'https://api.acme.github.io', true],
    ['http://localhost:4010/device', 'http://example.com', false],
    ['https://example.com/', 'https://10.0.0.1', false],
    ['http://api.example.com/', 'https://api.example.com', false],
    ['https://login.example.com/', 'http://api.example.com', false],
    ['https://10.0.0.2/device', 'https://10.0.0.1', false],
    ['https://10.0.0.1/device', 'https://10.0.0.1', true],
    ['http://127.0.0.1:4010/device', 'http://127.0.0.1:4010', true],
    ['http://127.0.0.1:4011/device', 'http://127.0.0.1:4010', false],
    ['http://localhost:4010/device', 'http://localhost:4010', true],
    ['http://example.com/device', 'http://example.com', false],
    ['ftp://example.com/', 'ftp://example.com', false],
    ['not a url', 'https://example.com', false],
  ])('%s on the site of %s → %s', (url, base, expected) => {
    expect(isSameSite(url, base)).toBe(expected);
  });
});

