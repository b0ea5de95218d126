/**
 * The search language of the queue's search box: free words (all must match name, address,
 * conversation or note) plus qualifiers. Pure functions; see query.test.ts for the table.
 *
 *   provider:whatsapp  -provider:sms  agent:"Support bot"  connector:ops  workspace:demo
 *   age:>1h  age:<30m   -word   "exact phrase"
 */
import type { RequestView } from '../../src-shared/domain';
import { DIMENSION_BY_KEY, QUALIFIERS, type Qualifier } from './filter-dimensions';
import { providerLabel } from './providers';
import { foldCached, foldForSearch } from './text';
import { parseDuration } from './time';

// The qualifiers are the filter dimensions (filter-dimensions.ts), declared there once.
export { QUALIFIERS, type Qualifier };

export interface AgeFilter {
  /** '>' older than, '<' newer than. */
  op: '>' | '<';
  ms: number;
}

export interface ParsedQuery {
  /** Folded words that must all appear. */
  terms: string[];
  /** Folded words that must not appear. */
  excludedTerms: string[];
  include: Record<Qualifier, string[]>;
  exclude: Record<Qualifier, string[]>;
  age: AgeFilter[];
  /** Qualifier tokens that could not be understood (shown as a hint, ignored for matching). */
  invalid: string[];
}

const emptyQualifiers = (): Record<Qualifier, string[]> => Object.fromEntries(QUALIFIERS.map((k) => [k, []])) as unknown as Record<Qualifier, string[]>;

interface Token {
  negated: boolean;
  key: string | null;
  value: string;
  raw: string;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    while (i < n && /\s/.test(input[i]!)) i += 1;
    if (i >= n) break;
    const start = i;
    let negated = false;
    if (input[i] === '-' && i + 1 < n && !/\s/.test(input[i + 1]!)) {
      negated = true;
      i += 1;
    }
    let key: string | null = null;
    const keyMatch = /^([a-zA-Z]+):/.exec(input.slice(i, i + 20));
    const candidate = keyMatch?.[1]?.toLowerCase();
    if (keyMatch && candidate && (candidate === 'age' || (QUALIFIERS as readonly string[]).includes(candidate))) {
      key = candidate;
      i += keyMatch[0].length;
    }
    let value = '';
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      const end = close === -1 ? n : close;
      value = input.slice(i + 1, end);
      i = close === -1 ? n : close + 1;
    } else {
      const startValue = i;
      while (i < n && !/\s/.test(input[i]!)) i += 1;
      value = input.slice(startValue, i);
    }
    tokens.push({ negated, key, value, raw: input.slice(start, i) });
  }
  return tokens;
}

function parseAge(value: string): AgeFilter | null {
  const m = /^(>=|<=|>|<)?(.+)$/.exec(value.trim());
  if (!m) return null;
  const ms = parseDuration(m[2]!);
  if (ms === null) return null;
  const op = (m[1] ?? '>').startsWith('<') ? '<' : '>';
  return { op, ms };
}

/** Parses the search box text. Never throws; incomplete input (`agent:`) is simply ignored. */
export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = { terms: [], excludedTerms: [], include: emptyQualifiers(), exclude: emptyQualifiers(), age: [], invalid: [] };
  for (const t of tokenize(input)) {
    const value = t.value.trim();
    if (t.key === 'age') {
      if (value === '') continue;
      const age = parseAge(value);
      if (age === null || t.negated) q.invalid.push(t.raw);
      else q.age.push(age);
      continue;
    }
    if (value === '') continue;
    const folded = foldForSearch(value);
    if (t.key !== null) {
      (t.negated ? q.exclude : q.include)[t.key as Qualifier].push(folded);
    } else {
      (t.negated ? q.excludedTerms : q.terms).push(folded);
    }
  }
  return q;
}

export function isEmptyQuery(q: ParsedQuery): boolean {
  return (
    q.terms.length === 0 &&
    q.excludedTerms.length === 0 &&
    q.age.length === 0 &&
    QUALIFIERS.every((k) => q.include[k].length === 0 && q.exclude[k].length === 0)
  );
}

export function hasAgeFilter(q: ParsedQuery): boolean {
  return q.age.length > 0;
}

export interface QueryContext {
  now: number;
  /** Workspace label by id (for `workspace:`). */
  workspaceLabel: (id: string) => string;
}

// Folded search text per row object (rows are immutable snapshots), backed by a per-id cache of
// the source text: each poll brings new row objects, but unchanged rows are not folded again.
const searchTextCache = new WeakMap<RequestView, string>();
const foldedById = new Map<string, { source: string; text: string }>();
const FOLDED_BY_ID_MAX = 250_000;

/** The folded text free words are matched against: name, address (also digits only), conversation, note. */
export function searchTextFor(r: RequestView): string {
  let text = searchTextCache.get(r);
  if (text !== undefined) return text;
  const source = `${r.displayName}\u0001${r.address}\u0001${r.conversationName}\u0001${r.processingNote ?? ''}`;
  const known = foldedById.get(r.id);
  if (known && known.source === source) {
    text = known.text;
  } else {
    const digits = r.address.replace(/\D+/g, '');
    text = [r.displayName, r.address, digits.length >= 5 ? digits : '', r.conversationName, r.processingNote ?? ''].map(foldForSearch).join('\u0001');
    if (foldedById.size >= FOLDED_BY_ID_MAX) foldedById.clear();
    foldedById.set(r.id, { source, text });
  }
  searchTextCache.set(r, text);
  return text;
}

function qualifierMatches(r: RequestView, key: Qualifier, wanted: string, ctx: QueryContext): boolean {
  const dimension = DIMENSION_BY_KEY[key];
  const values = dimension.searchValues(r, ctx).map(foldCached);
  // Closed vocabularies (providers) match a prefix ("whats"); names match a substring.
  return dimension.prefix ? values.some((v) => v.startsWith(wanted)) : values.some((v) => v !== '' && v.includes(wanted));
}

/**
 * Whether a row matches a parsed query. Values within one qualifier are OR-ed, qualifiers AND-ed.
 * `text` is the row's `searchTextFor`, when the caller already holds it.
 */
export function matchesQuery(r: RequestView, q: ParsedQuery, ctx: QueryContext, text?: string): boolean {
  for (const key of QUALIFIERS) {
    const inc = q.include[key];
    if (inc.length > 0 && !inc.some((v) => qualifierMatches(r, key, v, ctx))) return false;
    const exc = q.exclude[key];
    if (exc.length > 0 && exc.some((v) => qualifierMatches(r, key, v, ctx))) return false;
  }
  if (q.age.length > 0) {
    if (r.createdAt === null || !Number.isFinite(r.createdAt) || r.createdAt <= 0) return false;
    const age = ctx.now - r.createdAt;
    for (const a of q.age) {
      if (a.op === '>' ? !(age > a.ms) : !(age < a.ms)) return false;
    }
  }
  if (q.terms.length > 0 || q.excludedTerms.length > 0) {
    const haystack = text ?? searchTextFor(r);
    for (const t of q.terms) if (!haystack.includes(t)) return false;
    for (const t of q.excludedTerms) if (haystack.includes(t)) return false;
  }
  return true;
}

/**
 * True when every row matching `next` also matches `prev` (typing on narrows the list), so
 * `next` may be searched within `prev`'s result. Conservative: qualifiers must be the same and
 * neither query may use `age:` (it moves with the clock).
 */
export function narrows(prev: ParsedQuery, next: ParsedQuery): boolean {
  if (prev.age.length > 0 || next.age.length > 0) return false;
  for (const key of QUALIFIERS) {
    if (prev.include[key].join('\u0000') !== next.include[key].join('\u0000')) return false;
    if (prev.exclude[key].join('\u0000') !== next.exclude[key].join('\u0000')) return false;
  }
  if (!prev.excludedTerms.every((t) => next.excludedTerms.includes(t))) return false;
  return prev.terms.every((t) => next.terms.some((n) => n.includes(t)));
}

/** Folded values a qualifier can match in the rows at hand (ids and labels), for flagging typos. */
export type QualifierVocabulary = Record<Qualifier, readonly string[]>;

/**
 * Qualifier tokens whose value matches nothing the qualifier could match here (`provider:whatsap`
 * when no provider starts with it, `agent:nobody`), as typed: flagged like a bad `age:` instead
 * of silently showing an empty list.
 */
export function unknownQualifiers(input: string, vocabulary: QualifierVocabulary): string[] {
  const out: string[] = [];
  for (const t of tokenize(input)) {
    if (t.key === null || t.key === 'age') continue;
    const wanted = foldForSearch(t.value.trim());
    if (wanted === '') continue;
    const values = vocabulary[t.key as Qualifier];
    const known = DIMENSION_BY_KEY[t.key as Qualifier].prefix ? values.some((v) => v.startsWith(wanted)) : values.some((v) => v !== '' && v.includes(wanted));
    if (!known) out.push(t.raw);
  }
  return out;
}

/** Whether an include `provider:` value of a parsed query selects this provider (same rule as matching). */
function selectsProvider(wanted: string, provider: string): boolean {
  return foldCached(provider).startsWith(wanted) || foldCached(providerLabel(provider)).startsWith(wanted);
}

/** The providers (of those given) that the query's `provider:` qualifiers select: what the chips show as on. */
export function providersSelected(q: ParsedQuery, providers: readonly string[]): Set<string> {
  const on = new Set<string>();
  for (const p of providers) if (q.include.provider.some((w) => selectsProvider(w, p))) on.add(p);
  return on;
}

/**
 * The query text with a provider chip switched on (`provider:<id>` appended) or off (every
 * `provider:` token that selects it removed), so chips and qualifiers are one state: the query.
 */
export function withProvider(input: string, provider: string, on: boolean): string {
  const tokens = tokenize(input);
  if (on) {
    if (tokens.some((t) => t.key === 'provider' && !t.negated && selectsProvider(foldForSearch(t.value.trim()), provider) && foldForSearch(t.value.trim()) !== '')) return input;
    const value = /[\s"]/.test(provider) ? `"${provider.replace(/"/g, '')}"` : provider;
    return `${input.trim()}${input.trim() === '' ? '' : ' '}provider:${value}`;
  }
  const kept = tokens.filter((t) => !(t.key === 'provider' && !t.negated && t.value.trim() !== '' && selectsProvider(foldForSearch(t.value.trim()), provider)));
  return kept.map((t) => t.raw).join(' ');
}
