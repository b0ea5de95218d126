import { describe, expect, it } from 'vitest';
import { originOf } from './url-origin';

describe('originOf', () => {
  it.each([
    ['https://fruxon.com/a?b#c', 'https://fruxon.com'],
    ['https://fruxon.com:8443/', 'https://fruxon.com:8443'],
    ['http://127.0.0.1:5173/x', 'http://127.0.0.1:5173'],
    ['app://console/index.html', 'app://console'],
    ['APP://Console/', 'app://console'],
    ['app://console.evil/', 'app://console.evil'],
    ['app://user:pw@console/', null],
    // http(s) origins are the browser's: credentials are not part of them (and an upper-case host is lowered).
    ['https://user:pw@Fruxon.com/x', 'https://fruxon.com'],
    ['http://u:p@127.0.0.1:5173/', 'http://127.0.0.1:5173'],
    ['data:text/html,x', null],
    ['about:blank', null],
    ['not a url', null],
    ['', null],
    [undefined, null],
    [42, null],
    [`https://a.com/${'x'.repeat(9000)}`, null],
  ])('%j → %j', (url, expected) => {
    expect(originOf(url)).toBe(expected);
  });
});
