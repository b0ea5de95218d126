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

/** The forms a secret may take in text (trimmed, and URL-encoded when that differs), long enough to matter. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    const t = s.trim();
    if (t.length < MIN_SECRET_LENGTH) continue;
    forms.add(t);
    forms.add(encodeURIComponent(t));
  }
  return [...forms];
}

/** True when `text` holds any of the `forms`. */
function holdsAny(text: string, forms: readonly string[]): boolean {
  for (const f of forms) if (text.includes(f)) return true;
  return false;
}

/**
 * `value` with every known secret removed from every string in it (keys included). Returns the
 * very same value when nothing was found, so caches keyed on identity keep working; otherwise a
 * copy of only the branches that changed.
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  const forms = secretForms(secrets);
  if (forms.length === 0) return value;
  // Only the objects on the current path are tracked (a cycle is left as it is): at 100,000 rows
  // a map of every visited object costs more than the walk itself.
  const path = new Set<object>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return holdsAny(v, forms) ? redactKnown(v, secrets) : v;
    if (v === null || typeof v !== 'object' || path.has(v)) return v;
    path.add(v);
    try {
      if (Array.isArray(v)) {
        let copy: unknown[] | null = null;
        for (let i = 0; i < v.length; i += 1) {
          const next = walk(v[i]);
          if (next !== v[i]) (copy ??= v.slice())[i] = next;
        }
        return copy ?? v;
      }
      let copy: Record<string, unknown> | null = null;
      const record = v as Record<string, unknown>;
      for (const k in record) {
        if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
        const inner = record[k];
        const next = walk(inner);
        const key = holdsAny(k, forms) ? redactKnown(k, secrets) : k;
        if (next !== inner || key !== k) {
          copy ??= { ...record };
          if (key !== k) delete copy[k];
          copy[key] = next;
        }
      }
      return copy ?? v;
    } finally {
      path.delete(v);
    }
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
  // Only strings (the host's lists are not type-checked at run time); secretForms and redactKnown
  // drop the ones too short to be secrets.
  const list = () => [...secrets()].filter((s) => typeof s === 'string');
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
      const forms = secretForms(known);
      if (!holdsAny(json, forms) && !holdsAny(json, forms.map((f) => JSON.stringify(f).slice(1, -1)))) return json;
      const clean = scrubSecrets(value, known);
      if (clean === value) return json;
      onRedacted?.('json');
      return JSON.stringify(clean);
    },
  };
}
