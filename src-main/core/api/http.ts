/**
 * The one place that talks HTTP to a Fruxon server, on ky 1.x. Every answer is checked before
 * it is believed: redirects are never followed (F37), the content type must be JSON (F2), the
 * body is read through a byte counter and abandoned past a cap (F9), empty and malformed bodies
 * are invalid (F1, F3), each attempt has its own deadline that covers the body too (F29).
 * GETs are retried a few times on network/5xx/timeout failures; POSTs never are.
 */
import ky, { type KyInstance } from 'ky';
import { type AppError, type Result } from '../../../src-shared/domain';
import {
  contentTypeError,
  EMPTY_BODY_ERROR,
  errorForStatus,
  MALFORMED_JSON_ERROR,
  networkError,
  parseHttpDate,
  parseProblem,
  parseRetryAfter,
  redirectError,
  timeoutError,
  TOO_BIG_ERROR,
  CANCELLED_ERROR,
} from './errors';

export interface HttpOptions {
  /** Already validated by parseBaseUrl: no trailing slash. */
  baseUrl: string;
  /** Bearer token; absent for the unauthenticated device flow. Never logged or echoed. */
  token?: string;
  /** Other credentials server text must never carry into a message (every token the console knows). */
  secrets?: () => readonly string[];
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBodyBytes?: number;
  getRetries?: number;
  /** First GET retry waits this long, doubling each time, never over 30 s. */
  retryBaseMs?: number;
  now?: () => number;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path under `${baseUrl}/v1/`, segments already encoded (see `seg`). */
  path: string;
  searchParams?: Record<string, string | undefined>;
  json?: unknown;
  signal?: AbortSignal;
  /** Statuses whose body is irrelevant (device poll 202/410): answered with `body: undefined`. */
  bodyless?: readonly number[];
  /** Overrides `getRetries` for this request (GET only). */
  retries?: number;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  /** The server's Date header in epoch ms, when it sent a parseable one. */
  serverDate: number | null;
}

export interface Http {
  send(req: HttpRequest): Promise<Result<HttpAnswer>>;
}

export const DEFAULTS = {
  timeoutMs: 10_000,
  maxBodyBytes: 5 * 1024 * 1024,
  getRetries: 2,
  retryBaseMs: 500,
  maxRetryDelayMs: 30_000,
  /** Error bodies are small; we never read more than this of one. */
  maxErrorBodyBytes: 64 * 1024,
} as const;

/**
 * Encodes one path segment. `.` and `..` are refused because URL parsing would treat them
 * (even percent-encoded) as directory steps and send the request to another resource.
 */
export function seg(value: string): string | null {
  if (value === '' || value.length > 500) return null;
  const encoded = encodeURIComponent(value);
  if (/^(\.|%2e){1,2}$/i.test(encoded)) return null;
  return encoded;
}

export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || /^application\/[\w.-]+\+json$/.test(media);
}

class BodyTooBig extends Error {}

/** Reads a body as text through a byte counter; cancels the stream once it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw new BodyTooBig();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw new BodyTooBig();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

function discard(response: Response): void {
  void response.body?.cancel().catch(() => undefined);
}

type Attempt = { kind: 'done'; result: Result<HttpAnswer> } | { kind: 'cancelled' };

function isRetryable(error: AppError): boolean {
  return error.code === 'timeout' || error.code === 'server' || error.code === 'offline';
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Creates the HTTP layer for one server (and optionally one token). */
export function createHttp(opts: HttpOptions): Http {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const getRetries = Math.max(0, Math.min(5, opts.getRetries ?? DEFAULTS.getRetries));
  const retryBaseMs = opts.retryBaseMs ?? DEFAULTS.retryBaseMs;
  const now = opts.now ?? Date.now;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  // ky joins prefixUrl and the path as strings, so the `:approve` verb stays a literal colon.
  const api: KyInstance = ky.create({
    prefixUrl: `${opts.baseUrl}/v1/`,
    headers,
    timeout: false, // our own deadline also covers reading the body
    retry: 0, // our own loop decides what is safe to retry
    throwHttpErrors: false,
    redirect: 'manual',
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });

  async function attempt(req: HttpRequest): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const failed = (error: AppError): Attempt => ({ kind: 'done', result: { ok: false, error } });
    const thrown = (err: unknown): Attempt => {
      if (timedOut) return failed(timeoutError(timeoutMs));
      if (req.signal?.aborted) return { kind: 'cancelled' };
      if (err instanceof BodyTooBig) return failed(TOO_BIG_ERROR(200, maxBodyBytes));
      return failed(networkError(err));
    };
    try {
      const searchParams = new URLSearchParams();
      for (const [k, v] of Object.entries(req.searchParams ?? {})) if (v !== undefined) searchParams.set(k, v);
      let response: Response;
      try {
        response = await api(req.path, {
          method: req.method,
          signal: controller.signal,
          ...(searchParams.size > 0 ? { searchParams } : {}),
          ...(req.json !== undefined ? { json: req.json } : {}),
        });
      } catch (err) {
        return thrown(err);
      }
      const status = response.status;
      const serverDate = parseHttpDate(response.headers.get('date'));
      if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
        discard(response);
        return failed(redirectError(status || 302));
      }
      if (req.bodyless?.includes(status)) {
        discard(response);
        return { kind: 'done', result: { ok: true, value: { status, body: undefined, serverDate } } };
      }
      const contentType = response.headers.get('content-type');
      if (status < 200 || status >= 300) {
        let body: unknown;
        if (isJsonContentType(contentType)) {
          try {
            body = JSON.parse(await readCapped(response, DEFAULTS.maxErrorBodyBytes));
          } catch {
            body = undefined; // an unreadable error body still tells us the status
          }
        } else discard(response);
        const retryAfterMs = status === 429 ? parseRetryAfter(response.headers.get('retry-after'), serverDate, now()) : null;
        const secrets = [opts.token, ...(opts.secrets?.() ?? [])];
        return failed(errorForStatus(status, parseProblem(body), { retryAfterMs, secrets }));
      }
      if (status === 204) {
        discard(response);
        return failed(EMPTY_BODY_ERROR(status));
      }
      let text: string;
      try {
        text = await readCapped(response, maxBodyBytes);
      } catch (err) {
        if (err instanceof BodyTooBig) return failed(TOO_BIG_ERROR(status, maxBodyBytes));
        return thrown(err);
      }
      if (text.trim() === '') return failed(EMPTY_BODY_ERROR(status));
      if (!isJsonContentType(contentType)) return failed(contentTypeError(status, contentType ?? ''));
      try {
        return { kind: 'done', result: { ok: true, value: { status, body: JSON.parse(text) as unknown, serverDate } } };
      } catch {
        return failed(MALFORMED_JSON_ERROR(status));
      }
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    async send(req) {
      if (req.signal?.aborted) return { ok: false, error: CANCELLED_ERROR };
      const retries = req.method === 'GET' ? Math.max(0, Math.min(5, req.retries ?? getRetries)) : 0;
      for (let n = 0; ; n += 1) {
        const outcome = await attempt(req);
        if (outcome.kind === 'cancelled') return { ok: false, error: CANCELLED_ERROR };
        const { result } = outcome;
        if (result.ok) return result;
        if (req.method === 'POST') {
          // Whether a POST that failed this way was applied is unknown: the caller must read back.
          const maybe = result.error.sentMaybe === true || result.error.code === 'server' || result.error.code === 'invalid-response';
          return { ok: false, error: { ...result.error, ...(maybe ? { sentMaybe: true } : {}) } };
        }
        const { sentMaybe: _ignored, ...error } = result.error;
        if (n >= retries || !isRetryable(error)) return { ok: false, error };
        const delay = Math.min(DEFAULTS.maxRetryDelayMs, retryBaseMs * 2 ** n);
        if (!(await sleep(delay, req.signal))) return { ok: false, error: CANCELLED_ERROR };
      }
    },
  };
}
