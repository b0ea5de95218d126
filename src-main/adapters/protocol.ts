/**
 * Serves the built renderer from `app://console/...` (S18), with the CSP as a response header
 * (S7). The scheme must be registered as privileged before `ready`; the handler after. Path
 * decisions are `resolveProtocolPath` (core); this file reads the file and sets headers.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_CSP, APP_SCHEME, contentTypeFor, resolveProtocolPath } from '../core/security/protocol-path';
import { silentLogger, type Logger } from '../core/ports';

/** Call before app `ready`: a standard, secure scheme gets an origin, storage and module scripts. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Headers every app:// response carries. */
export const APP_RESPONSE_HEADERS = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
} as const;

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The request handler, exported for tests: GET/HEAD of files under `rootDir` only. */
export function createAppProtocolHandler(rootDir: string, log: Logger = silentLogger): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { ...APP_RESPONSE_HEADERS, Allow: 'GET, HEAD' } });
    }
    const file = resolveProtocolPath(rootDir, request.url);
    if (!file) {
      log.warn('app:// request rejected', { url: request.url.slice(0, 200) });
      return notFound();
    }
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': contentTypeFor(file) },
      });
    } catch {
      return notFound();
    }
  };
}

/** Call after `ready`: serves `rootDir` (out/renderer) on app://console. */
export function registerAppProtocol(rootDir: string, log?: Logger): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rootDir, log));
}
