/**
 * The only URLs main will hand to the operating system (S15). Decisions are pure functions over
 * `unknown`: a URL is opened only when it parses, is `https:` on the default port, carries no
 * credentials and its host is fruxon.com or one of its subdomains (docs.fruxon.com included).
 */

import { getDomain } from 'tldts';

export const ALLOWED_EXTERNAL_HOSTS = ['fruxon.com'] as const;
const MAX_URL_LENGTH = 4000;
// The URL parser silently drops tabs/newlines and trims spaces; refuse them instead of guessing.
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/;

export interface ExternalUrlOptions {
  /**
   * Exact origins (`https://api.example.com`, or a loopback `http://127.0.0.1:1234`) that core
   * allows in addition to the allowlist, e.g. the device-flow verification page of a configured
   * API server. Never fed from renderer input alone.
   */
  extraOrigins?: readonly string[];
}

function parse(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return null;
  if (CONTROL_OR_SPACE.test(value)) return null;
  try {
    const url = new URL(value);
    return url.username || url.password ? null : url;
  } catch {
    return null;
  }
}

function isAllowedHost(hostname: string): boolean {
  return ALLOWED_EXTERNAL_HOSTS.some((h) => hostname === h || hostname.endsWith(`.${h}`));
}

/** The normalised href to open, or null when the value must not be opened. */
export function toAllowedExternalUrl(value: unknown, options: ExternalUrlOptions = {}): string | null {
  const url = parse(value);
  if (!url) return null;
  if (url.protocol === 'https:' && url.port === '' && isAllowedHost(url.hostname)) return url.href;
  if ((url.protocol === 'https:' || url.protocol === 'http:') && options.extraOrigins?.includes(url.origin)) return url.href;
  return null;
}

/** S15: true only for `https:` URLs on the Fruxon allowlist (or an explicitly allowed origin). */
export function isAllowedExternalUrl(value: unknown, options: ExternalUrlOptions = {}): value is string {
  return toAllowedExternalUrl(value, options) !== null;
}

/** Loopback names; IPv4 loopback (127.0.0.0/8) is matched by LOOPBACK_V4. */
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);
const LOOPBACK_V4 = /^127\.\d+\.\d+\.\d+$/;

/**
 * The last, coarse gate in front of `shell.openExternal`: web URLs only (https anywhere, http only
 * on loopback), no credentials. Core has already applied the allowlist; this keeps `file:`, `smb:`,
 * `javascript:` and custom schemes away from the OS even if a caller forgets to.
 */
export function isOpenableExternalUrl(value: unknown): value is string {
  const url = parse(value);
  if (!url) return false;
  // The URL parser refuses an https: URL without a host, so every parsed one has a hostname.
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || LOOPBACK_V4.test(url.hostname));
}

/**
 * Whether `url` is on the same site as `baseUrl`: same scheme and the same registrable domain
 * (public-suffix aware, so `evil.co.uk` is not the site of `api.example.co.uk`), or, for loopback
 * names and IP addresses that have no registrable domain, the very same origin. Only web URLs.
 */
export function isSameSite(url: unknown, baseUrl: unknown): boolean {
  const a = parse(url);
  const b = parse(baseUrl);
  if (!a || !b || (a.protocol !== 'https:' && a.protocol !== 'http:') || a.protocol !== b.protocol) return false;
  if (a.protocol === 'http:' && !isOpenableExternalUrl(a.href)) return false;
  const da = getDomain(a.hostname, { allowPrivateDomains: true });
  const db = getDomain(b.hostname, { allowPrivateDomains: true });
  // No registrable domain (loopback, IP address): only the same origin. Exactly one of the two
  // without one are never the same site, and both branches say so (different hostnames).
  return da === null ? a.origin === b.origin : da === db;
}
