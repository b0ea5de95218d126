import { describe, expect, it } from 'vitest';
import { envelopeInput, invokeRequestCheck, isHostAllowed, isOriginAllowed, requestRefusal, routeFor, type RequestFacts, type Route } from './guards';

const PORT = 4321;
const SECRET = 's3cr3t';
const ours = `http://127.0.0.1:${PORT}`;
const facts = (over: Partial<RequestFacts>): RequestFacts => ({ method: 'GET', host: `127.0.0.1:${PORT}`, origin: undefined, secFetchSite: undefined, ...over });

describe('browser host guards', () => {
  it.each<[string, string | undefined, boolean]>([
    ['127.0.0.1 with our port', `127.0.0.1:${PORT}`, true],
    ['localhost with our port', `localhost:${PORT}`, true],
    ['another port', '127.0.0.1:80', false],
    ['a rebound DNS name', `evil.example:${PORT}`, false],
    ['no Host', undefined, false],
    ['no port', '127.0.0.1', false],
  ])('Host: %s', (_what, host, allowed) => {
    expect(isHostAllowed(host, PORT)).toBe(allowed);
  });

  it.each<[string, string | undefined, boolean]>([
    ['our page', ours, true],
    ['our page by localhost', `http://localhost:${PORT}`, true],
    ['https is not our page', `https://127.0.0.1:${PORT}`, false],
    ['a foreign site', 'https://evil.example', false],
    ['"null" (sandboxed frame, file:)', 'null', false],
    ['absent', undefined, false],
  ])('Origin: %s', (_what, origin, allowed) => {
    expect(isOriginAllowed(origin, PORT)).toBe(allowed);
  });

  it.each<[string, RequestFacts, 403 | null]>([
    ['a GET of the page', facts({}), null],
    ['a POST from our page', facts({ method: 'POST', origin: ours }), null],
    ['a POST without Origin', facts({ method: 'POST' }), 403],
    ['a POST from another site', facts({ method: 'POST', origin: 'https://evil.example' }), 403],
    ['a GET naming a foreign origin', facts({ origin: 'https://evil.example' }), 403],
    ['a cross-site fetch', facts({ secFetchSite: 'cross-site' }), 403],
    ['a same-origin fetch', facts({ secFetchSite: 'same-origin', origin: ours }), null],
    ['DNS rebinding', facts({ host: `evil.example:${PORT}` }), 403],
  ])('request: %s', (_what, f, refusal) => {
    expect(requestRefusal(f, PORT)).toBe(refusal);
  });

  const match = (c: string) => c === SECRET;
  it.each<[string, string | undefined, string, Route]>([
    ['the root', '/', 'GET', { kind: 'status', status: 404 }],
    ['a wrong secret', '/guess/', 'GET', { kind: 'status', status: 404 }],
    ['the secret without a slash', `/${SECRET}`, 'GET', { kind: 'redirect', location: `/${SECRET}/` }],
    ['the page', `/${SECRET}/`, 'GET', { kind: 'index', head: false }],
    ['index.html by HEAD', `/${SECRET}/index.html?x=1#y`, 'HEAD', { kind: 'index', head: true }],
    ['the bridge', `/${SECRET}/bridge.js`, 'GET', { kind: 'bridge', head: false }],
    ['an asset', `/${SECRET}/assets/app.js`, 'GET', { kind: 'static', rest: 'assets/app.js', head: false }],
    ['a traversal stays a static path (resolved and checked by static-files)', `/${SECRET}/..%2f..%2fetc/passwd`, 'GET', { kind: 'static', rest: '..%2f..%2fetc/passwd', head: false }],
    ['NUL', `/${SECRET}/a\u0000b`, 'GET', { kind: 'status', status: 400 }],
    ['not absolute', 'http://x/', 'GET', { kind: 'status', status: 404 }],
    ['an invoke', `/${SECRET}/api/invoke/queue:get-snapshot`, 'POST', { kind: 'invoke', rawChannel: 'queue:get-snapshot' }],
    ['the event stream', `/${SECRET}/api/events`, 'GET', { kind: 'events' }],
    ['an unknown api', `/${SECRET}/api/other`, 'GET', { kind: 'status', status: 404 }],
    ['a POST to a file', `/${SECRET}/index.html`, 'POST', { kind: 'status', status: 405, allow: 'GET, HEAD' }],
    ['a PUT to the page', `/${SECRET}/`, 'PUT', { kind: 'status', status: 405, allow: 'GET, HEAD' }],
    ['an asset by HEAD', `/${SECRET}/assets/app.js`, 'HEAD', { kind: 'static', rest: 'assets/app.js', head: true }],
    ['the bridge by HEAD', `/${SECRET}/bridge.js`, 'HEAD', { kind: 'bridge', head: true }],
    ['no URL at all', undefined, 'GET', { kind: 'status', status: 404 }],
    ['a query that holds slashes', `/${SECRET}?next=/x/y`, 'GET', { kind: 'redirect', location: `/${SECRET}/` }],
    ['a fragment that holds slashes', `/${SECRET}#/x/y`, 'GET', { kind: 'redirect', location: `/${SECRET}/` }],
    ['the secret as a prefix of a longer name', `/${SECRET}x/`, 'GET', { kind: 'status', status: 404 }],
  ])('route: %s', (_what, url, method, route) => {
    expect(routeFor(url, method, SECRET, match)).toEqual(route);
  });

  it.each<[string, string | undefined, string, string | undefined, ReturnType<typeof invokeRequestCheck>]>([
    ['a JSON POST to a channel', 'POST', 'queue%3Aget-snapshot', 'application/json; charset=utf-8', { ok: true, channel: 'queue:get-snapshot' }],
    ['a GET', 'GET', 'queue:get-snapshot', 'application/json', { ok: false, status: 405, allow: 'POST' }],
    ['an unknown channel', 'POST', 'fs:read', 'application/json', { ok: false, status: 404 }],
    ['a broken escape', 'POST', '%E0%A4%A', 'application/json', { ok: false, status: 404 }],
    ['a form post (CSRF shape)', 'POST', 'queue:get-snapshot', 'application/x-www-form-urlencoded', { ok: false, status: 415 }],
    ['no content type', 'POST', 'queue:get-snapshot', undefined, { ok: false, status: 415 }],
    ['an upper-case JSON type', 'POST', 'queue:get-snapshot', ' Application/JSON ;charset=utf-8', { ok: true, channel: 'queue:get-snapshot' }],
    ['a JSON-like type', 'POST', 'queue:get-snapshot', 'application/json5', { ok: false, status: 415 }],
  ])('invoke request: %s', (_what, method, channel, type, expected) => {
    expect(invokeRequestCheck(method, channel, type)).toEqual(expected);
  });

  it.each<[string, unknown, { input: unknown } | null]>([
    ['an envelope', { input: { a: 1 } }, { input: { a: 1 } }],
    ['a null input', { input: null }, { input: null }],
    ['no input', {}, null],
    ['an array', [{ input: 1 }], null],
    ['null', null, null],
    ['a string', 'input', null],
  ])('envelope: %s', (_what, body, expected) => {
    expect(envelopeInput(body)).toEqual(expected);
  });
});
