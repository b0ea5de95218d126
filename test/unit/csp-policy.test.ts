/**
 * The S7 checker (test/support/csp.ts) itself: every loosening of the policy is reported,
 * tightenings are not. The real headers are checked where they are served: app:// in
 * src-main/adapters/protocol.test.ts, the browser host in src-main/browser-host/server.test.ts
 * and test/e2e/security.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BROWSER_HOST_POLICY, S7_POLICY, cspViolations, parseCsp, type CspPolicy } from '../support/csp';

const serialize = (p: CspPolicy) =>
  Object.entries(p)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
const with_ = (p: CspPolicy, name: string, sources: string[]) => serialize({ ...p, [name]: sources });
const without = (p: CspPolicy, name: string) => serialize(Object.fromEntries(Object.entries(p).filter(([k]) => k !== name)));

describe('the CSP checker (test/support/csp.ts)', () => {
  it('parses directives case-insensitively and notes duplicates', () => {
    const parsed = parseCsp(" Default-Src 'NONE' ; script-src 'self';;script-src * ");
    expect([...parsed.directives]).toEqual([
      ['default-src', ["'none'"]],
      ['script-src', ["'self'"]],
    ]);
    expect(parsed.duplicates).toEqual(['script-src']);
  });

  it('accepts the expected policies and stricter ones', () => {
    expect(cspViolations(serialize(S7_POLICY), S7_POLICY)).toEqual([]);
    expect(cspViolations(serialize(BROWSER_HOST_POLICY), BROWSER_HOST_POLICY)).toEqual([]);
    expect(cspViolations(with_(S7_POLICY, 'img-src', ["'self'"]), S7_POLICY)).toEqual([]);
    expect(cspViolations(`${serialize(S7_POLICY)}; upgrade-insecure-requests; worker-src 'none'`, S7_POLICY)).toEqual([]);
    expect(cspViolations(with_(BROWSER_HOST_POLICY, 'connect-src', ["'none'"]), BROWSER_HOST_POLICY)).toEqual([]);
  });

  const loosenings: Array<[string, (p: CspPolicy) => string]> = [
    ["'unsafe-inline' in script-src", (p) => with_(p, 'script-src', ["'self'", "'unsafe-inline'"])],
    ["'unsafe-eval' in script-src", (p) => with_(p, 'script-src', ["'self'", "'unsafe-eval'"])],
    ['* in script-src', (p) => with_(p, 'script-src', ["'self'", '*'])],
    ["'unsafe-inline' in style-src", (p) => with_(p, 'style-src', ["'self'", "'unsafe-inline'"])],
    ['connect-src *', (p) => with_(p, 'connect-src', ['*'])],
    ['connect-src https:', (p) => with_(p, 'connect-src', [...(p['connect-src'] ?? []).filter((s) => s !== "'none'"), 'https:'])],
    ['connect-src to another origin', (p) => with_(p, 'connect-src', [...(p['connect-src'] ?? []).filter((s) => s !== "'none'"), 'https://api.fruxon.com'])],
    ['default-src self', (p) => with_(p, 'default-src', ["'self'"])],
    ['a nonce', (p) => with_(p, 'script-src', ["'self'", "'nonce-abc'"])],
    ['script-src-elem added', (p) => `${serialize(p)}; script-src-elem 'self' 'unsafe-inline'`],
    ['worker-src blob: added', (p) => `${serialize(p)}; worker-src blob:`],
    ['frame-ancestors dropped', (p) => without(p, 'frame-ancestors')],
    ['object-src dropped', (p) => without(p, 'object-src')],
    ['img-src *', (p) => with_(p, 'img-src', ['*'])],
    ['form-action self', (p) => with_(p, 'form-action', ["'self'"])],
    ['a second, looser script-src after the first', (p) => `${serialize(p)}; script-src *`],
  ];

  it.each(loosenings)('%s is reported against the app:// policy', (_name, mutate) => {
    expect(cspViolations(mutate(S7_POLICY), S7_POLICY)).not.toEqual([]);
  });

  it.each(loosenings)('%s is reported against the browser host policy', (_name, mutate) => {
    expect(cspViolations(mutate(BROWSER_HOST_POLICY), BROWSER_HOST_POLICY)).not.toEqual([]);
  });

  it("the browser host's connect-src 'self' is wider than app:// allows", () => {
    expect(cspViolations(serialize(BROWSER_HOST_POLICY), S7_POLICY)).toEqual(["connect-src allows 'self', wider than S7's 'none'"]);
  });

  it('a missing or empty header is a violation', () => {
    expect(cspViolations(null, S7_POLICY)).toEqual(['no Content-Security-Policy at all']);
    expect(cspViolations('  ', S7_POLICY)).toEqual(['no Content-Security-Policy at all']);
  });

  it("S7: the renderer's meta CSP (index.html) is no wider than the browser host's policy", () => {
    // A meta policy is enforced together with the header (both must allow a load), so it can only
    // narrow; it must not carry a loosening someone might copy. frame-ancestors is ignored in meta.
    const html = readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const { 'frame-ancestors': _ignored, ...policy } = BROWSER_HOST_POLICY;
    expect(cspViolations(meta, policy)).toEqual([]);
  });
});
