/**
 * The browser host's security decisions as pure functions over what a request says (Host,
 * Origin, Sec-Fetch-Site, method, path), each with a table test (guards.test.ts): who may talk
 * to the host at all (DNS rebinding, cross-site requests, S17), which route a path under the
 * per-launch secret names, and whether an invoke request is well formed before its body is read.
 */
import { isInvokeChannel, type InvokeChannel } from '../../src-shared/contract';

export interface RequestFacts {
  method: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | string[] | undefined;
}

const loopbackHosts = (port: number) => [`127.0.0.1:${port}`, `localhost:${port}`];

/** The Host header names this server on loopback (a rebound DNS name does not). */
export function isHostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && loopbackHosts(port).includes(host);
}

/** The Origin is this server's own page. */
export function isOriginAllowed(origin: string | undefined, port: number): boolean {
  return origin !== undefined && loopbackHosts(port).some((h) => origin === `http://${h}`);
}

/**
 * 403 unless the request comes from this server's page or names no foreign origin: the Host
 * must be ours; a POST must carry our Origin; any Origin must be ours; cross-site fetches are refused.
 */
export function requestRefusal(r: RequestFacts, port: number): 403 | null {
  if (!isHostAllowed(r.host, port)) return 403;
  if (r.method === 'POST' && !isOriginAllowed(r.origin, port)) return 403;
  if (r.origin !== undefined && !isOriginAllowed(r.origin, port)) return 403;
  if (r.secFetchSite === 'cross-site') return 403;
  return null;
}

/** What a request path names. Paths outside the secret are "not found" (the secret is the capability). */
export type Route =
  | { kind: 'status'; status: 400 | 404 | 405; allow?: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'invoke'; rawChannel: string }
  | { kind: 'events' }
  | { kind: 'index'; head: boolean }
  | { kind: 'bridge'; head: boolean }
  | { kind: 'static'; rest: string; head: boolean };

/**
 * Maps a raw request URL to a route. `secretMatches` compares in constant time. The query and
 * fragment are ignored; NUL is refused; everything lives under `/<secret>/`.
 */
export function routeFor(rawUrl: string | undefined, method: string | undefined, secret: string, secretMatches: (candidate: string) => boolean): Route {
  const rawPath = (rawUrl ?? '/').split('?')[0]!.split('#')[0]!;
  if (rawPath.includes('\u0000')) return { kind: 'status', status: 400 };
  if (!rawPath.startsWith('/')) return { kind: 'status', status: 404 };
  const slash = rawPath.indexOf('/', 1);
  const first = slash === -1 ? rawPath.slice(1) : rawPath.slice(1, slash);
  if (!secretMatches(first)) return { kind: 'status', status: 404 };
  if (slash === -1) return { kind: 'redirect', location: `/${secret}/` };
  const rest = rawPath.slice(slash + 1);
  const head = method === 'HEAD';
  if (rest.startsWith('api/invoke/')) return { kind: 'invoke', rawChannel: rest.slice('api/invoke/'.length) };
  if (rest === 'api/events') return { kind: 'events' };
  if (rest.startsWith('api/')) return { kind: 'status', status: 404 };
  if (method !== 'GET' && !head) return { kind: 'status', status: 405, allow: 'GET, HEAD' };
  if (rest === '' || rest === 'index.html') return { kind: 'index', head };
  if (rest === 'bridge.js') return { kind: 'bridge', head };
  return { kind: 'static', rest, head };
}

/** An invoke call before its body is read: POST, a known channel, a JSON body. */
export function invokeRequestCheck(method: string | undefined, rawChannel: string, contentType: string | undefined): { ok: true; channel: InvokeChannel } | { ok: false; status: 404 | 405 | 415; allow?: string } {
  if (method !== 'POST') return { ok: false, status: 405, allow: 'POST' };
  let channel: string;
  try {
    channel = decodeURIComponent(rawChannel);
  } catch {
    return { ok: false, status: 404 };
  }
  if (!isInvokeChannel(channel)) return { ok: false, status: 404 };
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { ok: false, status: 415 };
  return { ok: true, channel };
}

/** The invoke envelope `{"input": …}`: its input, or null when the body is not one. */
export function envelopeInput(body: unknown): { input: unknown } | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('input' in body)) return null;
  return { input: (body as { input: unknown }).input };
}
