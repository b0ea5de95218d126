import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from './base-url';

describe('parseBaseUrl (S1)', () => {
  const accepted: Array<[string, string]> = [
    ['https://api.fruxon.com', 'https://api.fruxon.com'],
    ['https://api.fruxon.com/', 'https://api.fruxon.com'],
    ['  https://API.Fruxon.com//  ', 'https://api.fruxon.com'],
    ['https://gw.example.com/fruxon/', 'https://gw.example.com/fruxon'],
    ['https://api.fruxon.com:8443', 'https://api.fruxon.com:8443'],
    ['http://127.0.0.1:43123', 'http://127.0.0.1:43123'],
    ['http://127.9.8.7/', 'http://127.9.8.7'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:8080/', 'http://[::1]:8080'],
    ['http://127.1:5000', 'http://127.0.0.1:5000'],
  ];
  it.each(accepted)('accepts %s as %s', (input, expected) => {
    expect(parseBaseUrl(input)).toEqual({ ok: true, value: expected });
  });

  const ENTER = 'Enter the server address, e.g. https://api.fruxon.com.';
  const HTTPS = 'Use https:// for remote servers; plain http is only allowed for this computer (localhost).';
  const SCHEME = 'The server address must start with https://.';
  const CREDENTIALS = 'The server address must not contain a user name or password. Sign in separately.';
  const QUERY = 'The server address must not contain a query (?) or fragment (#).';
  const INVALID = 'The server address is not a valid URL. It should look like https://api.fruxon.com.';
  const CONTROL = 'The server address must not contain spaces or control characters.';
  // Each refusal says what is wrong with this address, so the operator can fix it.
  const rejected: Array<[string, unknown, string]> = [
    ['non-string', 42, ENTER],
    ['null', null, ENTER],
    ['empty', '   ', ENTER],
    ['no scheme', 'api.fruxon.com', INVALID],
    ['plain http to a remote host', 'http://api.fruxon.com', HTTPS],
    ['http to a private LAN address', 'http://192.168.1.10', HTTPS],
    ['http to a host that only starts with localhost', 'http://localhost.evil.com', HTTPS],
    ['http to a host that only starts with a loopback address', 'http://127.0.0.1.evil.com', HTTPS],
    ['http to an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]', HTTPS],
    ['file:', 'file:///etc/passwd', SCHEME],
    ['javascript:', 'javascript:alert(1)', SCHEME],
    ['data:', 'data:text/html,hi', SCHEME],
    ['ftp:', 'ftp://api.fruxon.com', SCHEME],
    ['credentials', 'https://user:pass@api.fruxon.com', CREDENTIALS],
    ['user only', 'https://user@api.fruxon.com', CREDENTIALS],
    ['password only', 'https://:pass@api.fruxon.com', CREDENTIALS],
    ['an @ the URL parser keeps in the path', 'https://api.fruxon.com/a@b', CREDENTIALS],
    ['credentials on a loopback address', 'http://user@127.0.0.1:8080', CREDENTIALS],
    ['query', 'https://api.fruxon.com/?token=x', QUERY],
    ['bare question mark', 'https://api.fruxon.com/?', QUERY],
    ['fragment', 'https://api.fruxon.com/#x', QUERY],
    ['embedded newline', 'https://api.fru\nxon.com', CONTROL],
    ['embedded tab', 'https://api.\tfruxon.com', CONTROL],
    ['too long', `https://a.com/${'x'.repeat(3000)}`, 'The server address is too long.'],
    ['one character too long', `https://a.com/${'x'.repeat(2048 - 14 + 1)}`, 'The server address is too long.'],
  ];
  it.each(rejected)('rejects %s', (_name, input, message) => {
    expect(parseBaseUrl(input)).toEqual({ ok: false, error: expect.objectContaining({ code: 'bad-input', message }) });
  });

  it('accepts an address of exactly the longest length, and any loopback address in dotted decimal', () => {
    const longest = `https://a.com/${'x'.repeat(2048 - 14)}`;
    expect(longest).toHaveLength(2048);
    expect(parseBaseUrl(longest)).toEqual({ ok: true, value: longest });
    for (const host of ['127.0.0.1', '127.10.200.255', '127.255.255.255', '127.0.99.1']) expect(parseBaseUrl(`http://${host}:8080`)).toEqual({ ok: true, value: `http://${host}:8080` });
  });
});
