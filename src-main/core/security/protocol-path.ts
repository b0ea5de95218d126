/**
 * The renderer is served from `app://console/...` (S18: no file://). This maps a request URL to a
 * file under the renderer's root, or null. Order matters: take the raw path, refuse encoded
 * separators, decode, refuse NUL, dot segments and absolute forms, resolve, then check the prefix.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** S7: the header every app:// response carries. */
export const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

const MAX_URL_LENGTH = 2048;
const RAW = /^app:\/\/console(\/[^?#]*)?(?:[?#].*)?$/i;

type PathImpl = Pick<typeof path, 'resolve' | 'sep'>;

/**
 * Resolves `app://console/<path>` to an absolute file path inside `rootDir`, or null when the URL
 * is anything else or tries to leave the root (`..`, `%2e%2e`, `%2f`, `%5c`, NUL, absolute or drive
 * paths). A directory path (`/`, `/x/`) means its index.html.
 */
export function resolveProtocolPath(rootDir: string, requestUrl: unknown, pathImpl: PathImpl = path): string | null {
  if (typeof requestUrl !== 'string' || requestUrl.length > MAX_URL_LENGTH) return null;
  const match = RAW.exec(requestUrl);
  if (!match) return null;
  return resolveStaticPath(rootDir, match[1] ?? '/', pathImpl);
}

/**
 * The one place a raw URL path (`/x/y.js`, still percent-encoded) becomes a file inside `rootDir`,
 * for the app:// protocol and the browser host alike; null when it would leave the root.
 */
export function resolveStaticPath(rootDir: string, raw: string, pathImpl: PathImpl = path): string | null {
  if (!raw.startsWith('/')) return null;
  // Encoded separators and NUL would survive the prefix check in some resolvers; refuse them outright.
  if (/%(2f|5c|00)/i.test(raw) || raw.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  const isDirectory = segments.length === 0 || segments[segments.length - 1] === '';
  const names = isDirectory ? segments.slice(0, -1) : segments;
  for (const name of names) {
    if (name === '' || name === '.' || name === '..' || /^[A-Za-z]:/.test(name)) return null;
  }
  if (isDirectory) names.push('index.html');

  const root = pathImpl.resolve(rootDir);
  const full = pathImpl.resolve(root, ...names);
  return full.startsWith(root.endsWith(pathImpl.sep) ? root : root + pathImpl.sep) ? full : null;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The Content-Type for a served file; unknown types are opaque bytes (with nosniff, never executed). */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
