/**
 * The API base URL check (S1). The token is sent to whatever this returns, so it accepts only
 * https, or plain http to this machine (the simulator and local gateways), and refuses anything
 * that could leak or smuggle the credential: other schemes, user info, query, fragment.
 */
import { fail, ok, type Result } from '../../../src-shared/domain';

const MAX_LENGTH = 2048;

/** True for hostnames (as WHATWG URL normalises them) that can only mean this machine. */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  // URL has already turned 127.1 / 0x7f.0.0.1 into dotted decimal.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Parses an operator-supplied base URL. Returns `origin + path` without a trailing slash
 * (e.g. `https://api.fruxon.com` or `https://gw.example.com/fruxon`), or a `bad-input` error.
 */
export function parseBaseUrl(input: unknown): Result<string> {
  if (typeof input !== 'string') return fail('bad-input', 'Enter the server address, e.g. https://api.fruxon.com.');
  const text = input.trim();
  if (text === '') return fail('bad-input', 'Enter the server address, e.g. https://api.fruxon.com.');
  if (text.length > MAX_LENGTH) return fail('bad-input', 'The server address is too long.');
  // The URL parser silently drops tabs and newlines; an address containing them was not typed on purpose.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return fail('bad-input', 'The server address must not contain spaces or control characters.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('bad-input', 'The server address is not a valid URL. It should look like https://api.fruxon.com.');
  }
  // (http and https URLs always have a host name: the URL parser refuses "https://" alone.)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail('bad-input', 'The server address must start with https://.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return fail('bad-input', 'Use https:// for remote servers; plain http is only allowed for this computer (localhost).');
  }
  // The URL parser finds a user name or password only before an '@', so this refuses them all (and an '@' anywhere else).
  if (text.includes('@')) {
    return fail('bad-input', 'The server address must not contain a user name or password. Sign in separately.');
  }
  if (text.includes('?') || text.includes('#')) {
    return fail('bad-input', 'The server address must not contain a query (?) or fragment (#).');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return ok(`${url.origin}${path}`);
}
