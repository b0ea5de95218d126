/**
 * The one place that talks HTTP to a Fruxon server, on ky 1.x. Every answer is checked before
 * it is believed: redirects are never followed (F37), the content type must be JSON (F2), the
 * body is read through a byte counter and abandoned past a cap (F9), empty, cut-off and
 * malformed bodies are invalid (F1, F3), each attempt has its own deadline that covers the body
 * too (F29). GETs are retried a few times on network/5xx/timeout failures; POSTs never are.
 *
 * Lists are the exception to "read, then parse" (F9): a request with `list` streams its body
 * through `list-stream.ts`, handing each item to the caller as it arrives, under the caller's
 * own (large) cap; its deadline is then one without progress (no bytes for `timeoutMs`), within
 * an overall ceiling, so a big list on a slow link is not cut off while it is still arriving.
 */
import ky, { type KyInstance } from 'ky';
import { type AppError, type Result } from '../../../src-shared/domain';
import type { Logger } from '../ports';
import {
  BODY_CUT_ERROR,
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
  UNEXPECTED_SHAPE_ERROR,
  CANCELLED_ERROR,
} from './errors';
import { createListStream } from './list-stream';

export interface HttpOptions {
  /** Already validated by parseBaseUrl: no trailing slash. */
  baseUrl: string;
  /** Bearer token; absent for the unauthenticated device flow. Never logged or echoed. */
  token?: string;
  /** Other credentials server text must never carry into a message (every token the console knows). */
  secrets?: () => readonly string[];
  fetch?: typeof fetch;
  /** Per attempt, covering headers and body (default 10 000). */
  timeoutMs?: number;
  /** Bodies larger than this are abandoned as invalid (default 5 MiB); lists have their own cap. */
  maxBodyBytes?: number;
  /** Extra attempts for a GET after a network/5xx/timeout failure (default 2). POSTs never retry. */
  getRetries?: number;
  /** Delay before the first GET retry, doubling after (default 500 ms, never over 30 s). */
  retryBaseMs?: number;
  now?: () => number;
  /**
   * Told of every answer whose body could not be used (F1, F2, F3, F9: empty, not JSON, malformed,
   * cut off, too large): the method, path, status, content type and the bytes read, never the body.
   */
  log?: Pick<Logger, 'warn'>;
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
  /** Stream the body as a list instead of parsing it whole (see the module comment). */
  list?: HttpListRead;
}

/** How a streamed list body is handed over. */
export interface HttpListRead {
  /** An attempt starts reading a body: forget whatever an earlier attempt delivered. */
  start(): void;
  /** One raw item of the list, as soon as it is complete (not validated yet). */
  item(raw: unknown): void;
  /** The largest body accepted for this list, in bytes. */
  maxBytes: number;
}

export interface HttpAnswer {
  status: number;
  /** The parsed body; for a streamed list, `{ nextPageToken }` (the items went to `list.item`). */
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
  /** A streamed list may take this long in all, as long as it keeps arriving. */
  listCeilingMs: 5 * 60_000,
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
/** The body stopped before its end (connection dropped after the headers). */
class BodyCut extends Error {}

/** How many bytes of a body were read (or declared, for one refused before reading), for the log. */
interface Counted {
  bytes: number;
}

/** Reads a body as text through a byte counter; cancels the stream once it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number, counted: Counted = { bytes: 0 }): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    counted.bytes = declared;
    void response.body?.cancel().catch(() => undefined);
    throw new BodyTooBig();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await readChunk(reader);
    if (done) break;
    total += value.byteLength;
    counted.bytes = total;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw new BodyTooBig();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

/** One chunk of a body; a failure after the headers arrived means the body was cut off. */
async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> {
  try {
    return await reader.read();
  } catch (err) {
    throw new BodyCut(String(err));
  }
}

/**
 * Streams a list body through `createListStream` (F9): items go to `list.item` as they arrive,
 * the bytes are counted against `list.maxBytes`, and `onProgress` runs for every chunk.
 */
async function readList(response: Response, list: HttpListRead, onProgress: () => void, counted: Counted): Promise<Result<{ nextPageToken: string | null }>> {
  const status = response.status;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > list.maxBytes) {
    counted.bytes = declared;
    discard(response);
    throw new BodyTooBig();
  }
  list.start();
  const stream = createListStream((raw) => list.item(raw));
  if (response.body !== null) {
    const reader = response.body.getReader();
    let total = 0;
    for (;;) {
      const { done, value } = await readChunk(reader);
      if (done) break;
      onProgress();
      total += value.byteLength;
      counted.bytes = total;
      if (total > list.maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw new BodyTooBig();
      }
      if (!stream.write(value)) {
        // Already unusable (broken syntax, not a list): reading on would only cost time.
        void reader.cancel().catch(() => undefined);
        break;
      }
    }
  }
  const end = stream.end();
  if (end.ok) return { ok: true, value: { nextPageToken: end.nextPageToken } };
  if (end.reason === 'empty') return { ok: false, error: EMPTY_BODY_ERROR(status) };
  if (end.reason === 'not-a-list') return { ok: false, error: UNEXPECTED_SHAPE_ERROR(status) };
  return { ok: false, error: MALFORMED_JSON_ERROR(status) };
}

function discard(response: Response): void {
  void response.body?.cancel().catch(() => undefined);
}

type Attempt = { kind: 'done'; result: Result<HttpAnswer> } | { kind: 'cancelled' };

/** Tried again (a GET), after the backoff or the server's Retry-After (a 503's); a longer wait than RETRY_AFTER_WAITED_MS is the caller's. */
function isRetryable(error: AppError): boolean {
  return (error.code === 'timeout' || error.code === 'server' || error.code === 'offline') && (error.retryAfterMs === undefined || error.retryAfterMs <= RETRY_AFTER_WAITED_MS);
}

/**
 * A 5xx's Retry-After up to this long is waited out here and the GET tried again (a load balancer's
 * "Retry-After: 1" must not throw away a list of many pages); a longer one goes to the caller,
 * whose next poll waits it out.
 */
const RETRY_AFTER_WAITED_MS = 10_000;

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
    const expire = (): void => {
      timedOut = true;
      controller.abort();
    };
    let timer = setTimeout(expire, timeoutMs);
    // A streamed list: the deadline moves with every chunk, within an overall ceiling.
    const ceiling = req.list ? setTimeout(expire, Math.max(timeoutMs, DEFAULTS.listCeilingMs)) : null;
    const progressed = (): void => {
      clearTimeout(timer);
      timer = setTimeout(expire, timeoutMs);
    };
    const onCallerAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const failed = (error: AppError): Attempt => ({ kind: 'done', result: { ok: false, error } });
    // The answer's facts for the log when its body cannot be used (F1): never the body itself.
    const counted: Counted = { bytes: 0 };
    let answered: { status: number; contentType: string | null } | null = null;
    const unusable = (error: AppError): Attempt => {
      opts.log?.warn('unusable answer', {
        method: req.method,
        path: req.path,
        status: answered?.status ?? null,
        contentType: answered?.contentType ?? null,
        bytes: counted.bytes,
        code: error.code,
      });
      return failed(error);
    };
    const thrown = (err: unknown): Attempt => {
      if (timedOut) return failed(timeoutError(timeoutMs));
      if (req.signal?.aborted) return { kind: 'cancelled' };
      if (err instanceof BodyTooBig) return unusable(TOO_BIG_ERROR(200, req.list?.maxBytes ?? maxBodyBytes, req.list !== undefined));
      if (err instanceof BodyCut) return unusable(BODY_CUT_ERROR(200));
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
      answered = { status, contentType };
      if (status < 200 || status >= 300) {
        let body: unknown;
        if (isJsonContentType(contentType)) {
          try {
            body = JSON.parse(await readCapped(response, DEFAULTS.maxErrorBodyBytes));
          } catch {
            body = undefined; // an unreadable error body still tells us the status
          }
        } else discard(response);
        // A 429's, and a 5xx's (a 503 in maintenance says how long it will be down).
        const retryAfterMs = status === 429 || status >= 500 ? parseRetryAfter(response.headers.get('retry-after'), serverDate, now()) : null;
        const secrets = [opts.token, ...(opts.secrets?.() ?? [])];
        return failed(errorForStatus(status, parseProblem(body), { retryAfterMs, secrets }));
      }
      if (status === 204) {
        discard(response);
        return unusable(EMPTY_BODY_ERROR(status));
      }
      if (req.list) {
        // F2 before parsing anything: a web page is never read as a list.
        if (!isJsonContentType(contentType)) {
          discard(response);
          const declared = Number(response.headers.get('content-length'));
          if (Number.isFinite(declared)) counted.bytes = declared;
          return unusable(response.headers.get('content-length') === '0' ? EMPTY_BODY_ERROR(status) : contentTypeError(status, contentType ?? ''));
        }
        let listed: Result<{ nextPageToken: string | null }>;
        try {
          listed = await readList(response, req.list, progressed, counted);
        } catch (err) {
          return thrown(err);
        }
        if (!listed.ok) return unusable(listed.error);
        return { kind: 'done', result: { ok: true, value: { status, body: listed.value, serverDate } } };
      }
      let text: string;
      try {
        text = await readCapped(response, maxBodyBytes, counted);
      } catch (err) {
        return thrown(err);
      }
      if (text.trim() === '') return unusable(EMPTY_BODY_ERROR(status));
      if (!isJsonContentType(contentType)) return unusable(contentTypeError(status, contentType ?? ''));
      try {
        return { kind: 'done', result: { ok: true, value: { status, body: JSON.parse(text) as unknown, serverDate } } };
      } catch {
        return unusable(MALFORMED_JSON_ERROR(status));
      }
    } finally {
      clearTimeout(timer);
      if (ceiling !== null) clearTimeout(ceiling);
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
        const delay = error.retryAfterMs ?? Math.min(DEFAULTS.maxRetryDelayMs, retryBaseMs * 2 ** n);
        if (!(await sleep(delay, req.signal))) return { ok: false, error: CANCELLED_ERROR };
      }
    },
  };
}
