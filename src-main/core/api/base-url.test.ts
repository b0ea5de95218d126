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

  const rejected: Array<[string, unknown]> = [
    ['non-string', 42],
    ['null', null],
    ['empty', '   '],
    ['no scheme', 'api.fruxon.com'],
    ['plain http to a remote host', 'http://api.fruxon.com'],
    ['http to a private LAN address', 'http://192.168.1.10'],
    ['http to a host that only starts with localhost', 'http://localhost.evil.com'],
    ['http to an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]'],
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,hi'],
    ['ftp:', 'ftp://api.fruxon.com'],
    ['credentials', 'https://user:pass@api.fruxon.com'],
    ['user only', 'https://user@api.fruxon.com'],
    ['query', 'https://api.fruxon.com/?token=x'],
    ['bare question mark', 'https://api.fruxon.com/?'],
    ['fragment', 'https://api.fruxon.com/#x'],
    ['embedded newline', 'https://api.fru\nxon.com'],
    ['embedded tab', 'https://api.\tfruxon.com'],
    ['too long', `https://a.com/${'x'.repeat(3000)}`],
  ];
  it.each(rejected)('rejects %s', (_name, input) => {
    const result = parseBaseUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad-input');
      expect(result.error.message.length).toBeGreaterThan(10);
    }
  });
});
