/**
 * How the browser host answers: every response carries the security headers and the CSP, and
 * every JSON answer passes the secret guard.
 */
import type { ServerResponse } from 'node:http';
import type { SecretGuard } from '../core/security/secret-guard';

/** The CSP every response carries (§4); the renderer needs nothing beyond its own origin. */
export const BROWSER_HOST_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': BROWSER_HOST_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The console needs no device permissions; the host raises no browser notifications (S5).
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), payment=(), clipboard-read=()',
};

export interface Responses {
  send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, head?: boolean): void;
  sendStatus(res: ServerResponse, status: number, extra?: Record<string, string>): void;
  sendJson(res: ServerResponse, status: number, value: unknown): void;
  badInput(res: ServerResponse, message: string): void;
}

/** Creates the answer helpers around one secret guard. */
export function createResponses(guard: Pick<SecretGuard, 'scrubJson'>): Responses {
  function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, head = false): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(head ? undefined : body);
  }
  function sendStatus(res: ServerResponse, status: number, extra: Record<string, string> = {}): void {
    const text = status === 404 ? 'Not found' : status === 403 ? 'Forbidden' : `HTTP ${status}`;
    for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
    send(res, status, text, 'text/plain; charset=utf-8');
  }
  function sendJson(res: ServerResponse, status: number, value: unknown): void {
    send(res, status, guard.scrubJson(JSON.stringify(value), value), 'application/json; charset=utf-8');
  }
  return { send, sendStatus, sendJson, badInput: (res, message) => sendJson(res, 400, { error: { code: 'bad-input', message } }) };
}
