import { describe, expect, it } from 'vitest';
import { originOf } from '../../../src-shared/url-origin';
import { isSameAppOrigin, isTrustedSender } from './ipc-sender';

const APP = 'app://console';

describe('isTrustedSender', () => {
  it.each([
    ['our main frame', { url: 'app://console/index.html', isMainFrame: true, hasFrame: true }, APP, true],
    ['our main frame, other path', { url: 'app://console/assets/x.html?a#b', isMainFrame: true, hasFrame: true }, APP, true],
    ['dev server origin', { url: 'http://localhost:5173/', isMainFrame: true, hasFrame: true }, 'http://localhost:5173', true],
    ['S17: null frame', null, APP, false],
    ['S17: frame gone', { url: 'app://console/index.html', isMainFrame: true, hasFrame: false }, APP, false],
    ['S17: foreign origin', { url: 'https://evil.example/', isMainFrame: true, hasFrame: true }, APP, false],
    ['S17: look-alike host', { url: 'app://console.evil/index.html', isMainFrame: true, hasFrame: true }, APP, false],
    ['S17: other custom scheme', { url: 'evil://console/index.html', isMainFrame: true, hasFrame: true }, APP, false],
    ['S17: subframe', { url: 'app://console/index.html', isMainFrame: false, hasFrame: true }, APP, false],
    ['S17: opaque data: URL', { url: 'data:text/html,hi', isMainFrame: true, hasFrame: true }, APP, false],
    ['S17: about:blank', { url: 'about:blank', isMainFrame: true, hasFrame: true }, APP, false],
    ['S17: empty url', { url: '', isMainFrame: true, hasFrame: true }, APP, false],
    ['S17: other port on dev', { url: 'http://localhost:5174/', isMainFrame: true, hasFrame: true }, 'http://localhost:5173', false],
  ] as const)('%s → %s', (_name, frame, origin, expected) => {
    expect(isTrustedSender(frame, origin)).toBe(expected);
  });
});

describe('isSameAppOrigin', () => {
  it('never treats two opaque origins as equal', () => {
    expect(isSameAppOrigin('data:text/html,x', 'data:text/html,y')).toBe(false);
    expect(isSameAppOrigin('blob:null/abc', 'about:blank')).toBe(false);
  });
  it('compares custom scheme hosts case-insensitively and exactly', () => {
    expect(isSameAppOrigin('APP://Console/x', APP)).toBe(true);
    expect(isSameAppOrigin('app://consolex/x', APP)).toBe(false);
  });
  it('S13: startsWith-style look-alikes do not pass', () => {
    expect(isSameAppOrigin('https://example.com.attacker.com/', 'https://example.com')).toBe(false);
  });
  it('originOf rejects garbage', () => {
    expect(originOf('not a url')).toBeNull();
    expect(originOf(undefined)).toBeNull();
  });
});

describe('originOf', () => {
  it('web origins come from the URL parser (lower-cased, default port dropped); custom schemes are built by hand', () => {
    expect(originOf('https://Fruxon.COM:443/x?y')).toBe('https://fruxon.com');
    expect(originOf('http://127.0.0.1:5173/a')).toBe('http://127.0.0.1:5173');
    expect(originOf('app://CONSOLE/index.html')).toBe('app://console');
    expect(originOf('app://user:pw@console/')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('')).toBeNull();
    expect(originOf(42)).toBeNull();
  });

  it('URLs up to 8192 characters are read; longer ones are refused', () => {
    const base = 'https://fruxon.com/';
    expect(originOf(base + 'a'.repeat(8192 - base.length))).toBe('https://fruxon.com');
    expect(originOf(base + 'a'.repeat(8193 - base.length))).toBeNull();
  });
});

