/**
 * Log redaction: the API token must never reach a log line, a diagnostics dump or a crash report.
 * Known secrets are removed verbatim (and URL-encoded); patterns catch tokens we were never told
 * about: `Authorization: Bearer …`, `Bearer …`, `fx_*` keys and token-like JSON/query fields.
 */

export const REDACTED = '[redacted]';
export const MIN_SECRET_LENGTH = 6;

const PATTERNS: Array<[RegExp, (match: string, ...groups: string[]) => string]> = [
  // Authorization header values, keeping the scheme word so logs still say what was sent.
  [
    /(\bauthorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token)\s+)?[^\s"',;}]+/gi,
    (_m, head, scheme) => `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ],
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi, (_m, scheme) => `${scheme} ${REDACTED}`],
  [/\bfx_[A-Za-z0-9_-]{4,}/g, () => `fx_${REDACTED}`],
  // A quote before the field name needs no matching: it stays where it is.
  [
    /(\b(?:token|api[_-]?key|access[_-]?token|refresh[_-]?token|device[_-]?code|password|secret)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
    (_m, head) => `${head}${REDACTED}`,
  ],
];

/** Every known secret (verbatim and URL-encoded) as it may appear in text, longest first. */
function knownForms(secrets: readonly (string | null | undefined)[]): string[] {
  // Trimmed: a pasted token with a stray space is used trimmed, and echoed that way (the padded
  // form can only appear around the trimmed one, so replacing that covers both).
  const trimmed = secrets.filter((s) => typeof s === 'string').map((s) => s.trim());
  const forms = trimmed.filter((s) => s.length >= MIN_SECRET_LENGTH).flatMap((s) => [s, encodeURIComponent(s)]);
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Returns `text` with every known secret replaced by `[redacted]`, and nothing else changed. */
export function redactKnown(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = String(text);
  for (const secret of knownForms(secrets)) {
    // Loop: a replacement can join two halves into a new occurrence (when the secret overlaps the
    // word "[redacted]" itself); three passes at most, since then each pass only grows the text.
    for (let i = 0; i < 3 && out.includes(secret); i++) out = out.replaceAll(secret, REDACTED);
  }
  return out;
}

/** Returns `text` with every known secret and every token-shaped value replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = redactKnown(text, secrets);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Serialises log metadata (Errors included, cycles tolerated) and redacts the result. */
export function redactMeta(meta: unknown, secrets: readonly (string | null | undefined)[] = []): string {
  const seen = new WeakSet<object>();
  let json: string;
  try {
    json =
      JSON.stringify(meta, (_key, value: unknown) => {
        if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
        if (typeof value === 'bigint') return value.toString();
        if (value !== null && typeof value === 'object') {
          if (seen.has(value)) return '[circular]';
          seen.add(value);
        }
        return value;
      }) ?? String(meta);
  } catch {
    json = '[unserialisable]';
  }
  return redact(json, secrets);
}
