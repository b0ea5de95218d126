/**
 * S7 (FAULTS.md): the Content-Security-Policy the console's pages must carry, written out here
 * from FAULTS.md (not imported from the code under test), and a checker that parses a policy and
 * compares it directive by directive. A policy may be stricter than the expected one, never wider:
 * every expected directive present, each source one the expectation allows, and no other directive
 * that would loosen what `default-src 'none'` forbids.
 */

export type CspPolicy = Readonly<Record<string, readonly string[]>>;

/** FAULTS.md S7, verbatim: the app:// policy of the Electron shell. */
export const S7_POLICY: CspPolicy = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * The browser host serves the same renderer over http://127.0.0.1; its HTTP bridge needs fetch and
 * one EventSource to the page's own origin, so connect-src is 'self' there and nowhere wider.
 */
export const BROWSER_HOST_POLICY: CspPolicy = { ...S7_POLICY, 'connect-src': ["'self'"] };

/** Directives that only restrict further; allowed even though S7 does not list them. */
const TIGHTENING = new Set(['upgrade-insecure-requests', 'block-all-mixed-content', 'require-trusted-types-for', 'trusted-types', 'sandbox']);

/** Sources that are never acceptable in this app's policy, with why. */
function dangerOf(source: string): string | null {
  if (source === "'unsafe-inline'") return 'allows inline script/style';
  if (source === "'unsafe-eval'" || source === "'wasm-unsafe-eval'") return 'allows eval';
  if (source === "'unsafe-hashes'") return 'allows inline event handlers';
  if (source === "'strict-dynamic'") return 'lets scripts load other scripts';
  if (source === '*' || source.includes('*')) return 'a wildcard allows any host';
  if (/^'(nonce|sha256|sha384|sha512)-/.test(source)) return 'allows inline code by nonce or hash';
  if (/^[a-z][a-z0-9+.-]*:$/.test(source) && source !== 'data:') return `allows every ${source} URL`;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(source) || /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/.*)?$/.test(source)) return 'allows another origin';
  return null;
}

export interface ParsedCsp {
  directives: Map<string, string[]>;
  /** Directives given more than once (browsers use the first; the rest is ignored). */
  duplicates: string[];
}

/** Parses a serialized policy (CSP3 §2.2.1): `;`-separated directives, names case-insensitive. */
export function parseCsp(header: string): ParsedCsp {
  const directives = new Map<string, string[]>();
  const duplicates: string[] = [];
  for (const part of header.split(';')) {
    const tokens = part.trim().split(/[\t\n\f\r ]+/).filter(Boolean);
    const name = tokens.shift()?.toLowerCase();
    if (!name) continue;
    if (directives.has(name)) {
      duplicates.push(name);
      continue;
    }
    // Keywords and schemes are case-insensitive; hosts are too.
    directives.set(name, tokens.map((t) => t.toLowerCase()));
  }
  return { directives, duplicates };
}

/** Every way `header` is wider than (or malformed against) `expected`; empty when it is as strict or stricter. */
export function cspViolations(header: string | readonly string[] | null | undefined, expected: CspPolicy): string[] {
  if (Array.isArray(header)) return header.length === 1 ? cspViolations(header[0], expected) : [`expected one Content-Security-Policy header, got ${header.length}`];
  if (typeof header !== 'string' || header.trim() === '') return ['no Content-Security-Policy at all'];
  const { directives, duplicates } = parseCsp(header);
  const out: string[] = duplicates.map((d) => `${d} is given more than once`);
  for (const [name, allowed] of Object.entries(expected)) {
    if (!directives.has(name)) out.push(`${name} is missing (expected ${allowed.join(' ')})`);
  }
  for (const [name, sources] of directives) {
    for (const s of sources) {
      const danger = dangerOf(s);
      if (danger) out.push(`${name} ${s}: ${danger}`);
    }
    const allowed = expected[name];
    if (allowed === undefined) {
      if (!TIGHTENING.has(name) && !(sources.length === 1 && sources[0] === "'none'")) {
        out.push(`${name} ${sources.join(' ')} is not in S7 and loosens what default-src 'none' forbids`);
      }
      continue;
    }
    if (sources.length === 0) out.push(`${name} has no sources`);
    if (sources.includes("'none'") && sources.length > 1) out.push(`${name} mixes 'none' with other sources`);
    // 'none' alone is the strictest value any directive can have.
    if (sources.length === 1 && sources[0] === "'none'") continue;
    for (const s of sources) if (!allowed.includes(s)) out.push(`${name} allows ${s}, wider than S7's ${allowed.join(' ')}`);
  }
  return out;
}
