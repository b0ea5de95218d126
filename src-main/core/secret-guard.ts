/**
 * Every credential this process has seen, and the last-line guard both bridges put in front of
 * the renderer. Tokens are removed where text is made (API errors, diagnostics, logs); the guard
 * is for what slips through anyway: it replaces a known secret inside any string of an answer or
 * a push with `[redacted]` and sends the rest, so the console never goes blank because of it.
 */
import { MIN_SECRET_LENGTH, redactKnown } from './redact';

/** Secrets remembered besides the ones in use (attempted sign-ins, device-flow keys): at most this many. */
export const MAX_REMEMBERED_SECRETS = 64;

export interface SecretBook {
  /** Remembers a secret (and its trimmed form); anything that is not a long enough string is ignored. */
  add(secret: unknown): void;
  /** What is remembered, newest last. */
  list(): readonly string[];
}

/** Creates a bounded book: past `limit`, the oldest remembered secret is forgotten. */
export function createSecretBook(limit = MAX_REMEMBERED_SECRETS): SecretBook {
  const book = new Set<string>();
  const put = (s: string) => {
    if (s.length < MIN_SECRET_LENGTH) return;
    book.delete(s); // re-adding makes it the newest
    book.add(s);
    while (book.size > limit) book.delete(book.values().next().value as string);
  };
  return {
    add(secret) {
      if (typeof secret !== 'string') return;
      put(secret);
      put(secret.trim());
    },
    list: () => [...book],
  };
}

/** True when `text` holds any of `secrets` (verbatim or trimmed). */
function holdsSecret(text: string, secrets: readonly string[]): boolean {
  for (const s of secrets) {
    if (s.length >= MIN_SECRET_LENGTH && text.includes(s)) return true;
    const t = s.trim();
    if (t !== s && t.length >= MIN_SECRET_LENGTH && text.includes(t)) return true;
    const encoded = encodeURIComponent(t);
    if (encoded !== t && text.includes(encoded)) return true;
  }
  return false;
}

/**
 * `value` with every known secret removed from every string in it (keys included). Returns the
 * very same value when nothing was found, so caches keyed on identity keep working; otherwise a
 * copy of only the branches that changed.
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return holdsSecret(v, secrets) ? redactKnown(v, secrets) : v;
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    seen.set(v, v);
    if (Array.isArray(v)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < v.length; i += 1) {
        const next = walk(v[i]);
        if (next !== v[i]) (copy ??= v.slice())[i] = next;
      }
      if (copy) seen.set(v, copy);
      return copy ?? v;
    }
    let copy: Record<string, unknown> | null = null;
    for (const [k, inner] of Object.entries(v)) {
      const next = walk(inner);
      const key = holdsSecret(k, secrets) ? redactKnown(k, secrets) : k;
      if (next !== inner || key !== k) {
        copy ??= { ...(v as Record<string, unknown>) };
        if (key !== k) delete copy[k];
        copy[key] = next;
      }
    }
    if (copy) seen.set(v, copy);
    return copy ?? v;
  };
  return walk(value) as T;
}

export interface SecretGuard {
  /** `value` with every known secret removed (the same value when it held none). */
  scrub<T>(value: T): T;
  /** A JSON text that holds no known secret: `json` itself, or `value` scrubbed and serialised again. */
  scrubJson(json: string, value: unknown): string;
}

/** Creates the guard over a live list of secrets (core's `secrets()` plus anything the host knows). */
export function createSecretGuard(secrets: () => Iterable<string>, onRedacted?: (where: string) => void): SecretGuard {
  const list = () => [...secrets()].filter((s) => typeof s === 'string' && s.trim().length >= MIN_SECRET_LENGTH);
  return {
    scrub(value) {
      const known = list();
      const out = scrubSecrets(value, known);
      if (out !== value) onRedacted?.('value');
      return out;
    },
    scrubJson(json, value) {
      const known = list();
      // JSON escapes some characters, so a hit in the text is checked on the value itself.
      if (!holdsSecret(json, known) && !known.some((s) => json.includes(JSON.stringify(s.trim()).slice(1, -1)))) return json;
      const clean = scrubSecrets(value, known);
      if (clean === value) return json;
      onRedacted?.('json');
      return JSON.stringify(clean);
    },
  };
}
