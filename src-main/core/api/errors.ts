/**
 * The API error taxonomy (fruxon-api.md §7): HTTP statuses, problem+json bodies and thrown
 * network errors become one `AppError` with a sentence the operator can act on. Nothing here
 * ever sees the token, and thrown error messages are never copied into what we show. Server text
 * (a problem's title, detail, field errors) is quoted as one bounded excerpt with the request's
 * token, every other known token and anything token-shaped removed, here where the message is made.
 */
import type { AppError } from '../../../src-shared/domain';
import { capLength, toDisplayText } from '../../../src-shared/text-safety';
import { redact } from '../security/redact';

/** At most this much server text travels in one message (the operator reads a sentence, not a dump). */
export const MAX_SERVER_EXCERPT = 300;

/** Clamps `value` into [min, max]; NaN becomes `min`. */
export function clamp(value: number, min: number, max: number): number {
  if (Number.isNaN(value)) return min;
  return Math.min(max, Math.max(min, value));
}

/** What we could read from an error body (RFC 7807 and the real server's message/details variant, §7.1). */
export interface Problem {
  title: string | null;
  detail: string | null;
  /** ASP.NET ValidationProblemDetails `errors{}`: field → messages. */
  errors: Record<string, string[]>;
}

const EMPTY_PROBLEM: Problem = { title: null, detail: null, errors: {} };

/**
 * Server text as read: one line, no hidden characters, bounded (never inside a grapheme) only by
 * the error body's own cap. It is cut to MAX_SERVER_EXCERPT later, after redaction (serverExcerpt):
 * cut first, a token the server repeated across the cut would leave its first characters behind.
 */
const PROBLEM_TEXT_MAX = 64 * 1024;
function clean(value: unknown, max = PROBLEM_TEXT_MAX): string | null {
  if (typeof value !== 'string') return null;
  const text = toDisplayText(value, { hiddenBreaksWords: true });
  return text === '' ? null : capLength(text, max);
}

/** Parses a problem body, tolerating absence, `title ?? message`, `detail ?? details` and `errors{}`. */
export function parseProblem(body: unknown): Problem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return EMPTY_PROBLEM;
  const get = (key: string): unknown => (Object.prototype.hasOwnProperty.call(body, key) ? (body as Record<string, unknown>)[key] : undefined);
  const errors: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const rawErrors = get('errors');
  if (typeof rawErrors === 'object' && rawErrors !== null && !Array.isArray(rawErrors)) {
    for (const [field, messages] of Object.entries(rawErrors).slice(0, 20)) {
      const list = (Array.isArray(messages) ? messages : [messages]).map((m) => clean(m)).filter((m): m is string => m !== null);
      const key = clean(field, 100);
      if (key !== null && list.length > 0) errors[key] = list.slice(0, 5);
    }
  }
  return {
    title: clean(get('title')) ?? clean(get('message')),
    detail: clean(get('detail')) ?? clean(get('details')),
    errors,
  };
}

/** All problem text, for matching and for showing. */
export function problemText(problem: Problem): string {
  const parts = [problem.title, problem.detail, ...Object.values(problem.errors).flat()].filter((p): p is string => p !== null);
  return [...new Set(parts)].join(' — ');
}

/**
 * True when a 400 says the request is no longer pending (fruxon-api.md §3.4: "400 if the request
 * is not in Pending"; F32 a racing decision). Matched loosely because the wording is not pinned down.
 */
export function isNotPendingProblem(problem: Problem): boolean {
  const text = problemText(problem);
  return /not\s+(in\s+)?(the\s+)?pending|no\s+longer\s+pending|isn'?t\s+pending|already\s+(been\s+)?(processed|decided|approved|rejected)|terminal\s+(state|decision)/i.test(text);
}

/** Parses an HTTP-date (IMF-fixdate and the obsolete forms Date.parse understands), or null. */
export function parseHttpDate(value: string | null | undefined): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (!/[a-z]/i.test(value)) return null; // a bare number is not a date
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Retry-After in ms (F24, F25): delta-seconds, or an HTTP-date measured against the server's own
 * Date header when present (a client clock 5 min fast must not turn "in 30 s" into "now"),
 * otherwise against `now`. Never negative; null when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, serverDate: number | null, now: number): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(RETRY_AFTER_MAX_MS, Math.round(Number(text) * 1000));
  const at = parseHttpDate(text);
  if (at === null) return null;
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, at - (serverDate ?? now)));
}

/**
 * The longest wait a Retry-After asks that the console keeps to (a 429's or a 5xx's): a week must
 * not hold a poll, a sign-in or the history for a week. Clamped where the header is read, so every
 * wait and every "try again in N s" agree.
 */
export const RETRY_AFTER_MAX_MS = 15 * 60_000;

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Server text as it may appear in a message: redacted (the given secrets, and anything shaped
 * like a token), then cut to `max` characters. Null when nothing is left.
 */
export function serverExcerpt(text: string, secrets: readonly (string | null | undefined)[], max = MAX_SERVER_EXCERPT): string | null {
  const clean = redact(text, secrets).trim();
  if (clean === '') return null;
  return capLength(clean, max);
}

/** What a 403 says, before the server's own words (a list read says it its own way: list-sync.ts). */
export const FORBIDDEN_TEXT = "You don't have permission to do this in this workspace (you may need the Editor role on the agent).";

/**
 * The error for an HTTP status with its (possibly empty) problem body. `secrets` are the
 * request's token and every other token known; none of them survives into the message.
 */
export function errorForStatus(
  status: number,
  problem: Problem,
  extra: { retryAfterMs?: number | null; secrets?: readonly (string | null | undefined)[] } = {},
): AppError {
  const text = serverExcerpt(problemText(problem), extra.secrets ?? []);
  const withText = (base: string): string => (text ? `${base} The server said: ${text}` : base);
  if (status === 401) {
    return { code: 'unauthorized', status, message: 'Your session has expired or the token was revoked. Sign in again to continue.' };
  }
  if (status === 403) {
    return { code: 'forbidden', status, message: withText(FORBIDDEN_TEXT) };
  }
  if (status === 404) return { code: 'not-found', status, message: 'This item no longer exists on the server.' };
  if (status === 429) {
    const wait = extra.retryAfterMs ?? null;
    return wait === null
      ? { code: 'rate-limited', status, message: 'The server is rate limiting requests. Waiting before trying again.' }
      : { code: 'rate-limited', status, retryAfterMs: wait, message: `The server is rate limiting requests. Try again in ${seconds(wait)} s.` };
  }
  if (status === 400 && isNotPendingProblem(problem)) {
    return { code: 'not-pending', status, message: 'This request has already been decided; it is no longer pending.' };
  }
  if (status === 400 || status === 409 || status === 422) return { code: 'validation', status, message: withText('The server rejected the request.') };
  if (status >= 500) {
    const wait = extra.retryAfterMs ?? null;
    return { code: 'server', status, ...(wait === null ? {} : { retryAfterMs: wait }), message: `The Fruxon server had a problem (HTTP ${status}).` };
  }
  if (status >= 300 && status < 400) return redirectError(status);
  return { code: 'invalid-response', status, message: withText(`The server answered with an unexpected status (HTTP ${status}).`) };
}

/** A 3xx never followed (F37): the token must not travel to wherever it points. */
export function redirectError(status: number): AppError {
  return {
    code: 'invalid-response',
    status,
    message: 'The server tried to redirect the request elsewhere (a sign-in page or proxy?). It was not followed.',
  };
}

/** 200 with a content type that is not JSON (F2). */
export function contentTypeError(status: number, contentType: string): AppError {
  if (/text\/html|application\/xhtml/i.test(contentType)) {
    return { code: 'invalid-response', status, message: 'The network returned a web page instead of data (sign-in required?).' };
  }
  return { code: 'invalid-response', status, message: 'The server sent data in an unexpected format.' };
}

export const EMPTY_BODY_ERROR = (status: number): AppError => ({ code: 'invalid-response', status, message: 'The server sent an empty response.' });
export const MALFORMED_JSON_ERROR = (status: number): AppError => ({ code: 'invalid-response', status, message: 'The server sent an invalid response (malformed data).' });
/** A size in MB as the settings count them (2^20 bytes), or in KB below one MB. */
const sizeText = (bytes: number): string => (bytes >= 1_048_576 ? `${Math.round(bytes / 1_048_576)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
export const TOO_BIG_ERROR = (status: number, maxBytes: number, isList = false): AppError => ({
  code: 'invalid-response',
  status,
  message: isList
    ? `The list from the server is larger than ${sizeText(maxBytes)} (the List size limit in Settings); it was not read.`
    : `The server sent a response larger than ${sizeText(maxBytes)}; it was not read.`,
});
export const BODY_CUT_ERROR = (status: number): AppError => ({ code: 'invalid-response', status, message: 'The server’s response was cut off before its end.' });
export const UNEXPECTED_SHAPE_ERROR = (status: number): AppError => ({ code: 'invalid-response', status, message: 'The server sent data in an unexpected shape.' });

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|UNABLE_TO_VERIFY)/;

/** The `code` of an error or of any error in its `cause` chain (undici wraps them). */
function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const nested = (current as { errors?: unknown }).errors; // AggregateError from happy eyeballs
    if (Array.isArray(nested)) for (const e of nested) codes.push(...errorCodes(e));
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * Classifies a thrown fetch error. `sentMaybe` is set when the request may have reached the
 * server (connection dropped after connecting), which only matters for POSTs.
 */
export function networkError(err: unknown): AppError {
  const codes = errorCodes(err);
  // A plain-HTTP server asked for TLS answers with something that is not TLS at all: not a certificate problem.
  if (codes.includes('ERR_SSL_WRONG_VERSION_NUMBER')) {
    return { code: 'tls', message: 'Secure connection failed: the server did not answer with HTTPS. Check whether its address starts with http:// rather than https://.' };
  }
  if (codes.some((c) => TLS_CODES.test(c))) {
    return { code: 'tls', message: "Secure connection failed: the server's certificate is not trusted. Check the server address or your network." };
  }
  if (codes.some((c) => NOT_SENT_CODES.has(c))) {
    return { code: 'offline', message: "Can't reach the Fruxon server. Check your network connection." };
  }
  // fetch refuses ports browsers block (1, 25, 6000…) before connecting (undici: "bad port").
  if (hasMessage(err, 'bad port')) return { code: 'bad-input', message: 'That server address uses a port the console may not connect to. Check the address.' };
  return { code: 'offline', sentMaybe: true, message: 'The connection to the Fruxon server was interrupted.' };
}

/** Whether an error or one of its causes says exactly `text`. */
function hasMessage(err: unknown, text: string): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current.message === text) return true;
    current = current.cause;
  }
  return false;
}

export function timeoutError(ms: number): AppError {
  return { code: 'timeout', sentMaybe: true, message: `The server did not answer within ${seconds(ms)} s.` };
}

export const CANCELLED_ERROR: AppError = { code: 'offline', message: 'The request was cancelled.' };
