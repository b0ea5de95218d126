/**
 * Pure derivations from store state: which rows a tab shows and in what order, counts,
 * filter options, the status line, cursor movement after the list changes. Nothing here
 * touches React or the stores, so each function is table-testable.
 */
import { CANNOT_DECIDE_HERE } from '../../src-shared/decision-text';
import { historyGapOf, type QueueTab, type RequestView, type WorkspaceStatus } from '../../src-shared/domain';
import type { PendingSort, TabFilters } from '../../src-shared/settings';
import { FILTER_DIMENSIONS, filtersActive, SELECT_DIMENSIONS, type DimensionContext, type FilterDimension, type Qualifier } from '../lib/filter-dimensions';
import { hasAgeFilter, isEmptyQuery, matchesQuery, narrows, parseQuery, searchTextFor, type ParsedQuery } from '../lib/query';
import { CharIndex, hasBit } from '../lib/char-index';
import { collator, foldCached } from '../lib/text';
import { workspaceNamesFor } from '../../src-shared/workspace-names';
import { formatClock, formatWhen } from '../lib/time';
import { RecentResults } from './recent-results';

/** Which tab a row belongs to. Rows with an unrecognised status stay visible on Pending (F4). */
export function tabFor(r: RequestView): QueueTab {
  return r.status === 'APPROVED' ? 'APPROVED' : r.status === 'REJECTED' ? 'REJECTED' : 'PENDING';
}

const countsCache = new WeakMap<readonly RequestView[], Record<QueueTab, number>>();

/** Rows per tab, once per snapshot array. */
export function tabCounts(requests: readonly RequestView[]): Record<QueueTab, number> {
  let counts = countsCache.get(requests);
  if (counts) return counts;
  counts = { PENDING: 0, APPROVED: 0, REJECTED: 0 };
  for (const r of requests) counts[tabFor(r)] += 1;
  countsCache.set(requests, counts);
  return counts;
}

const byId = (a: RequestView, b: RequestView) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const timeOr = (t: number | null, fallback: number) => (t === null || !Number.isFinite(t) || t <= 0 ? fallback : t);

const oldestFirst = (a: RequestView, b: RequestView) => timeOr(a.createdAt, Infinity) - timeOr(b.createdAt, Infinity) || byId(a, b);

/**
 * Pending: oldest first (createdAt ascending, unknown times last, id as tie-breaker), or newest
 * first, or by agent name (oldest first within an agent). Approved/Rejected: most recently
 * processed first (processedAt, then modifiedAt, descending).
 */
export function compareForTab(tab: QueueTab, sort: PendingSort = 'oldest'): (a: RequestView, b: RequestView) => number {
  if (tab === 'PENDING') {
    if (sort === 'newest') return (a, b) => timeOr(b.createdAt, -Infinity) - timeOr(a.createdAt, -Infinity) || byId(a, b);
    if (sort === 'agent') return (a, b) => collator.compare(a.agentName || a.agentId, b.agentName || b.agentId) || oldestFirst(a, b);
    return oldestFirst;
  }
  const key = (r: RequestView) => timeOr(r.processedAt, timeOr(r.modifiedAt, timeOr(r.createdAt, -Infinity)));
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka === kb ? byId(a, b) : kb > ka ? 1 : -1;
  };
}

/** Whether any filter of a tab is on (the filter table's rule, lib/filter-dimensions.ts). */
export { filtersActive };

export interface VisibleInput {
  requests: readonly RequestView[];
  tab: QueueTab;
  filters: TabFilters;
  workspaces: readonly WorkspaceStatus[];
  now: number;
  /** The Pending tab's order (other tabs have one order); oldest first when absent. */
  sort?: PendingSort;
}

/** Id → position in a list (a Map, or the cheap view over a tab's own index that filtering builds). */
export interface IdIndex {
  get(id: string): number | undefined;
  has(id: string): boolean;
}

export interface VisibleRequests {
  rows: RequestView[];
  ids: string[];
  indexById: IdIndex;
  /** Rows in the tab before filters. */
  tabTotal: number;
  filtersActive: boolean;
  query: ParsedQuery;
}

interface SortedTab {
  rows: RequestView[];
  ids: string[];
  indexById: Map<string, number>;
  /** Each row's folded search text, built on the first search of this snapshot and tab. */
  texts?: string[];
  /** Which texts hold each character, built with the texts ahead of the first keystroke (prepareSearch). */
  chars?: CharIndex;
  /** prepareSearch's progress while it builds them in slices: texts and index up to `next`. */
  preparing?: { texts: string[]; chars: CharIndex; next: number };
}

function indexed(rows: RequestView[]): SortedTab {
  const ids = new Array<string>(rows.length);
  const indexById = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 1) {
    const id = rows[i]!.id;
    ids[i] = id;
    indexById.set(id, i);
  }
  return { rows, ids, indexById };
}

// Each snapshot's rows are sorted once per tab and order; filtering and typing then only scan (F9).
const sortedCache = new WeakMap<readonly RequestView[], Partial<Record<string, SortedTab>>>();

/** A tab's rows in display order, cached per snapshot array. */
export function sortedTabRows(requests: readonly RequestView[], tab: QueueTab, sort: PendingSort = 'oldest'): SortedTab {
  let byTab = sortedCache.get(requests);
  if (!byTab) {
    byTab = {};
    sortedCache.set(requests, byTab);
  }
  const key = tab === 'PENDING' ? `${tab}:${sort}` : tab;
  let sorted = byTab[key];
  if (!sorted) {
    const rows = requests.filter((r) => tabFor(r) === tab);
    rows.sort(compareForTab(tab, sort));
    sorted = indexed(rows);
    byTab[key] = sorted;
  }
  return sorted;
}

function textsOf(sorted: SortedTab): string[] {
  sorted.texts ??= sorted.rows.map(searchTextFor);
  return sorted.texts;
}

/** Rows prepareSearch handles between two looks at `hasTime`. */
const PREPARE_SLICE = 1000;

/**
 * Builds a tab's search texts and their character index ahead of the first keystroke (the search
 * box calls it in idle time after each new snapshot). Searching
 * without it scans every text instead; the results are the same. It works in slices of rows and
 * stops when `hasTime` says so (an idle period is over), to go on from there on the next call:
 * at 100,000 rows the whole build is a few hundred milliseconds, which as one task would hold up
 * a keystroke typed meanwhile. Returns whether the index is complete.
 */
export function prepareSearch(requests: readonly RequestView[], tab: QueueTab, sort: PendingSort = 'oldest', hasTime: () => boolean = () => true): boolean {
  const sorted = sortedTabRows(requests, tab, sort);
  if (sorted.chars) return true;
  const n = sorted.rows.length;
  const p = (sorted.preparing ??= { texts: new Array<string>(n), chars: new CharIndex(n), next: 0 });
  while (p.next < n) {
    const end = Math.min(n, p.next + PREPARE_SLICE);
    for (let i = p.next; i < end; i += 1) {
      const text = sorted.texts?.[i] ?? searchTextFor(sorted.rows[i]!);
      p.texts[i] = text;
      p.chars.add(i, text);
    }
    p.next = end;
    if (p.next < n && !hasTime()) return false;
  }
  sorted.texts ??= p.texts;
  sorted.chars = p.chars;
  sorted.preparing = undefined;
  return true;
}

/** A filtered list: the kept positions of a tab's sorted rows, with ids and an index over them. */
interface Filtered extends VisibleRequests {
  /** Positions in the tab's sorted rows, in order (for narrowing the next search). */
  positions: Int32Array;
}

function subsequence(sorted: SortedTab, positions: Int32Array, base: Omit<VisibleRequests, 'rows' | 'ids' | 'indexById'>): Filtered {
  const n = positions.length;
  const rows = new Array<RequestView>(n);
  const ids = new Array<string>(n);
  for (let k = 0; k < n; k += 1) {
    const p = positions[k]!;
    rows[k] = sorted.rows[p]!;
    ids[k] = sorted.ids[p]!;
  }
  // No Map of its own (100,000 ids hashed on every keystroke would cost more than the search) and
  // no table over the tab's rows: positions are ascending, so an id's place is a binary search.
  const get = (id: string): number | undefined => {
    const p = sorted.indexById.get(id);
    if (p === undefined) return undefined;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return lo < n && positions[lo] === p ? lo : undefined;
  };
  return { ...base, rows, ids, indexById: { get, has: (id) => get(id) !== undefined }, positions };
}

/**
 * The rows a tab shows, filtered and sorted. `within` (positions of an earlier result that this
 * query narrows) limits the scan to those rows.
 */
function filterTab({ requests, tab, filters, workspaces, now, sort = 'oldest' }: VisibleInput, within?: Int32Array): Filtered | VisibleRequests {
  const sorted = sortedTabRows(requests, tab, sort);
  const active = filtersActive(filters);
  if (!active) return { rows: sorted.rows, ids: sorted.ids, indexById: sorted.indexById, tabTotal: sorted.rows.length, filtersActive: false, query: parseQuery('') };
  const query = parseQuery(filters.query);
  const useQuery = !isEmptyQuery(query);
  const texts = useQuery && (query.terms.length > 0 || query.excludedTerms.length > 0) ? textsOf(sorted) : null;
  const labels = new Map(workspaces.map((w) => [w.id, w.label]));
  const ctx = { now, workspaceLabel: (id: string) => labels.get(id) ?? '' };
  const providers = filters.providers.length > 0 ? new Set(filters.providers) : null;
  // The selects that are on, from the filter table: each keeps rows whose value it holds.
  const selects = SELECT_DIMENSIONS.flatMap((d) => (filters[d.control.setting].length > 0 ? [{ valueOf: d.valueOf, chosen: new Set(filters[d.control.setting]) }] : []));
  const rows = sorted.rows;
  const total = within ? within.length : rows.length;
  const kept = new Int32Array(total);
  let n = 0;
  if (texts && !providers && selects.length === 0 && onlyTerms(query)) {
    // The common case, typing words: one substring test per term over prepared texts, only on
    // the rows that hold every character of the terms when the character index is built.
    const { terms, excludedTerms } = query;
    const maybe = sorted.chars?.candidates(terms) ?? null;
    const exact = maybe?.exact ?? false;
    /** Keeps row i when its text holds every term (unless the index already proved it) and no excluded one. */
    const test = (i: number): void => {
      const text = texts[i]!;
      if (!exact) for (const t of terms) if (!text.includes(t)) return;
      for (const t of excludedTerms) if (text.includes(t)) return;
      kept[n] = i;
      n += 1;
    };
    if (maybe && !within) {
      // Every row is a candidate: walk the candidates' bits instead of every text.
      const { set } = maybe;
      for (let w = 0; w < set.length; w += 1) {
        let x = set[w]!;
        while (x !== 0) {
          const low = x & -x;
          x ^= low;
          test((w << 5) | (31 - Math.clz32(low)));
        }
      }
      return subsequence(sorted, kept.slice(0, n), { tabTotal: rows.length, filtersActive: active, query });
    }
    const set = maybe?.set;
    for (let k = 0; k < total; k += 1) {
      const i = within ? within[k]! : k;
      if (!set || hasBit(set, i)) test(i);
    }
    return subsequence(sorted, kept.slice(0, n), { tabTotal: rows.length, filtersActive: active, query });
  }
  for (let k = 0; k < total; k += 1) {
    const i = within ? within[k]! : k;
    const r = rows[i]!;
    if (providers && !providers.has(r.provider)) continue;
    if (selects.length > 0 && !selects.every((f) => f.chosen.has(f.valueOf(r)))) continue;
    if (useQuery && !matchesQuery(r, query, ctx, texts?.[i])) continue;
    kept[n] = i;
    n += 1;
  }
  return subsequence(sorted, kept.slice(0, n), { tabTotal: rows.length, filtersActive: active, query });
}

/** Only free-text words (no qualifier, no age). */
function onlyTerms(q: ParsedQuery): boolean {
  return q.age.length === 0 && Object.values(q.include).every((v) => v.length === 0) && Object.values(q.exclude).every((v) => v.length === 0);
}

/** The rows a tab shows, filtered and sorted. */
export function computeVisible(input: VisibleInput): VisibleRequests {
  const { positions: _positions, ...visible } = filterTab(input) as Filtered;
  return visible;
}

let lastInput: VisibleInput | null = null;
let lastOutput: (Filtered | VisibleRequests) | null = null;

const sameExceptQuery = (a: TabFilters, b: TabFilters) => a.providers === b.providers && SELECT_DIMENSIONS.every((d) => a[d.control.setting] === b[d.control.setting]);

/**
 * What `recent` keeps of a search's result: the positions it kept (4 bytes a row) and what it was
 * filtered with, and the whole result only weakly. A hit returns the whole result while it is
 * still there, else rebuilds rows and ids from the positions (one copy, no text tested): holding
 * 24 whole results of up to 100,000 rows each (20 bytes a row) kept tens of megabytes of arrays
 * alive through a search, which every full garbage collection then had to mark.
 */
interface KeptResult {
  positions: Int32Array;
  base: Omit<VisibleRequests, 'rows' | 'ids' | 'indexById'>;
  whole: WeakRef<Filtered>;
}

/** Results of the searches typed over the current list, so erasing a character costs no scan. */
const recent = new RecentResults<KeptResult>(24);

/**
 * computeVisible with a one-entry cache, so the grid, the keyboard actions and the palette share
 * one computation per change. `now` only invalidates the cache when the query uses `age:`. A
 * search typed further (the new query narrows the last one) scans only the last result's rows,
 * so each keystroke costs less than the one before; a query seen before over the same list
 * (erasing what was typed) is taken from `recent` without a scan.
 */
export function visibleFor(input: VisibleInput): VisibleRequests {
  const prev = lastInput;
  const out = lastOutput;
  if (
    prev &&
    out &&
    prev.requests === input.requests &&
    prev.tab === input.tab &&
    prev.filters === input.filters &&
    prev.workspaces === input.workspaces &&
    (prev.sort ?? 'oldest') === (input.sort ?? 'oldest') &&
    (prev.now === input.now || !hasAgeFilter(out.query))
  ) {
    return out;
  }
  const f = input.filters;
  const list = [input.requests, input.tab, input.workspaces, input.sort ?? 'oldest', f.providers, ...SELECT_DIMENSIONS.map((d) => f[d.control.setting])];
  if (f.query.trim() === '') recent.clear();
  const kept = recent.get(list, f.query);
  let result: Filtered | VisibleRequests | undefined = kept && (kept.whole.deref() ?? subsequence(sortedTabRows(input.requests, input.tab, input.sort ?? 'oldest'), kept.positions, kept.base));
  if (!result) {
    let within: Int32Array | undefined;
    const sameOrder = (prev?.sort ?? 'oldest') === (input.sort ?? 'oldest');
    if (prev && out && 'positions' in out && sameOrder && prev.requests === input.requests && prev.tab === input.tab && prev.workspaces === input.workspaces && sameExceptQuery(prev.filters, f)) {
      if (narrows(out.query, parseQuery(f.query))) within = out.positions;
    }
    result = filterTab(input, within);
    // Results that depend on the clock (age:) are never reused from here.
    if ('positions' in result && f.query.trim() !== '' && !hasAgeFilter(result.query)) {
      recent.set(list, f.query, { positions: result.positions, base: { tabTotal: result.tabTotal, filtersActive: result.filtersActive, query: result.query }, whole: new WeakRef(result) });
    }
  }
  lastInput = input;
  lastOutput = result;
  return result;
}

export interface Option {
  value: string;
  label: string;
  count: number;
  /**
   * The label before its workspace was added to it (" · Acme EU": an option that would otherwise
   * look like one in another workspace): what a search qualifier matches. Absent when nothing was added.
   */
  plainLabel?: string;
}

function sortedOptions(options: Option[]): Option[] {
  return options.sort((a, b) => collator.compare(a.label, b.label) || (a.value < b.value ? -1 : 1));
}

/**
 * Per dimension: option value → its count, its label (context-free ones), a row that has it, and
 * whether its rows are in more than one workspace.
 */
type OptionCounts = Record<Qualifier, Map<string, { option: Option; row: RequestView; mixed: boolean }>>;

const NO_CONTEXT: DimensionContext = { workspaceLabel: () => '' };
const liveLabel = (d: FilterDimension): boolean => d.liveLabel === true;

// Counted once per snapshot array and tab: a snapshot that only changes a workspace's status
// keeps its requests array (QueueSnapshot.requestsRev), so it costs no pass over 100,000 rows.
const optionCountsCache = new WeakMap<readonly RequestView[], Partial<Record<QueueTab, OptionCounts>>>();

function optionCountsFor(requests: readonly RequestView[], tab: QueueTab): OptionCounts {
  let byTab = optionCountsCache.get(requests);
  if (!byTab) optionCountsCache.set(requests, (byTab = {}));
  const cached = byTab[tab];
  if (cached) return cached;
  const counts = Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d.key, new Map()])) as OptionCounts;
  for (const r of sortedTabRows(requests, tab).rows) {
    for (const d of FILTER_DIMENSIONS) {
      const map = counts[d.key];
      const value = d.valueOf(r);
      const o = map.get(value);
      // Live labels (workspaces: they change with every status) are read per call, not counted.
      if (o) {
        o.option.count += 1;
        if (o.row.workspaceId !== r.workspaceId) o.mixed = true;
      } else map.set(value, { option: { value, label: liveLabel(d) ? '' : d.optionLabel(r, NO_CONTEXT), count: 1 }, row: r, mixed: false });
    }
  }
  byTab[tab] = counts;
  return counts;
}

export type FilterOptions = Record<Qualifier, Option[]>;

/**
 * With several workspaces, options that would read alike ("Slack · Acme Support workspace" in two
 * workspaces) say whose they are: " · <workspace>" is added to each option of such a group whose
 * rows are all in one workspace, when the group spans more than one. Alike is the search's sense
 * (case and accents aside). Options alike only within one workspace are left as they are (a
 * workspace name would not tell them apart), and so is an option whose rows are in several.
 */
function withWorkspaceWhereAlike(entries: ReadonlyArray<{ option: Option; row: RequestView; mixed: boolean }>, workspaceName: (id: string) => string): Option[] {
  // Per label (folded): the workspaces its options' rows are in.
  const workspacesByLabel = new Map<string, Set<string>>();
  for (const e of entries) {
    const key = foldCached(e.option.label);
    let seen = workspacesByLabel.get(key);
    if (!seen) workspacesByLabel.set(key, (seen = new Set()));
    // An option with rows in several workspaces counts as a second one, whichever they are.
    seen.add(e.mixed ? '\u0000mixed' : e.row.workspaceId);
  }
  return entries.map(({ option, row, mixed }) => {
    const alikeElsewhere = !mixed && workspacesByLabel.get(foldCached(option.label))!.size > 1;
    return alikeElsewhere ? { ...option, label: `${option.label} · ${workspaceName(row.workspaceId)}`, plainLabel: option.label } : { ...option };
  });
}

/** Each filter dimension's options present in a tab, with counts (chips, selects, palette, typo check). */
export function filterOptionsFor(requests: readonly RequestView[], tab: QueueTab, workspaces: readonly WorkspaceStatus[]) {
  const counts = optionCountsFor(requests, tab);
  const labels = new Map(workspaces.map((w) => [w.id, w.label]));
  const ctx: DimensionContext = { workspaceLabel: (id) => labels.get(id) ?? '' };
  const workspaceName = workspaceNamesFor(workspaces);
  const byKey = Object.fromEntries(
    FILTER_DIMENSIONS.map((d) => {
      const entries = [...counts[d.key].values()].map((c) => (liveLabel(d) ? { ...c, option: { ...c.option, label: d.optionLabel(c.row, ctx) } } : c));
      // A workspace option is named by its workspace already.
      const options = workspaceName === null || d.key === 'workspace' ? entries.map((e) => ({ ...e.option })) : withWorkspaceWhereAlike(entries, workspaceName);
      return [d.key, sortedOptions(options)];
    }),
  ) as FilterOptions;
  return { byKey, providers: byKey.provider, agents: byKey.agent, connectors: byKey.connector, workspaces: byKey.workspace };
}

/**
 * Where the cursor goes when the list changes: it stays on the same id; if that row left, it
 * moves to the next row that was after it (then the nearest before it); null when empty.
 */
export function cursorAfterChange(prevIds: readonly string[], nextIds: readonly string[], cursor: string | null, nextIndex?: IdIndex): string | null {
  if (nextIds.length === 0) return null;
  const present = nextIndex ?? new Set(nextIds);
  const has = (id: string) => present.has(id);
  if (cursor !== null && has(cursor)) return cursor;
  const at = cursor === null ? -1 : prevIds.indexOf(cursor);
  if (at === -1) return nextIds[0] ?? null;
  for (let i = at + 1; i < prevIds.length; i += 1) if (has(prevIds[i]!)) return prevIds[i]!;
  for (let i = at - 1; i >= 0; i -= 1) if (has(prevIds[i]!)) return prevIds[i]!;
  return nextIds[0] ?? null;
}

/** The id after `id` (or before it when it is the last), for moving on after a decision. */
export function neighbourOf(ids: readonly string[], id: string, index?: IdIndex): string | null {
  const i = index ? (index.get(id) ?? -1) : ids.indexOf(id);
  if (i === -1) return ids[0] ?? null;
  return ids[i + 1] ?? ids[i - 1] ?? null;
}

/** Ids from `a` to `b` inclusive in list order. */
export function rangeIds(ids: readonly string[], a: string, b: string, index?: IdIndex): string[] {
  const ia = index ? index.get(a) : ids.indexOf(a);
  const ib = index ? index.get(b) : ids.indexOf(b);
  if (ia === undefined || ib === undefined || ia < 0 || ib < 0) return [b];
  const [lo, hi] = ia <= ib ? [ia, ib] : [ib, ia];
  return ids.slice(lo, hi + 1);
}

export type AgeLevel = 'fresh' | 'amber' | 'red' | 'unknown';

export function ageLevelFor(createdAt: number | null, now: number, amberMinutes: number, redMinutes: number): AgeLevel {
  if (createdAt === null || !Number.isFinite(createdAt) || createdAt <= 0) return 'unknown';
  const minutes = (now - createdAt) / 60_000;
  if (minutes >= redMinutes) return 'red';
  if (minutes >= amberMinutes) return 'amber';
  return 'fresh';
}

export interface PendingStats {
  /** When the oldest waiting request (with a known time) was created, or null. */
  oldestAt: number | null;
  /** Waiting longer than the red threshold. */
  overRed: number;
  /** Waiting longer than the amber threshold (includes those over red). */
  overAmber: number;
}

/** How many rows of an oldest-first list were created at or before `cutoff` (unknown times sort last). */
function countAtOrBefore(rows: readonly RequestView[], cutoff: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeOr(rows[mid]!.createdAt, Infinity) <= cutoff) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The Pending tab's workload: the oldest waiting request and how many are past the age
 * thresholds. Reads the tab's oldest-first order (sorted once per snapshot), so it is two
 * binary searches, not a scan, at 100,000 rows.
 */
export function pendingStatsFor(requests: readonly RequestView[], now: number, amberMinutes: number, redMinutes: number): PendingStats {
  const rows = sortedTabRows(requests, 'PENDING', 'oldest').rows;
  const first = rows[0];
  const oldestAt = first && timeOr(first.createdAt, Infinity) !== Infinity ? first.createdAt : null;
  return {
    oldestAt,
    overRed: countAtOrBefore(rows, now - redMinutes * 60_000),
    overAmber: countAtOrBefore(rows, now - amberMinutes * 60_000),
  };
}

export type StatusTone = 'ok' | 'warn' | 'error' | 'muted';

export interface StatusLine {
  text: string;
  tone: StatusTone;
  /** When the poller tries again by itself (a countdown is shown), for states that are not live. */
  retryAt: number | null;
  /** "Retry now" makes sense (a failure the operator may want to re-check at once). */
  canRetryNow: boolean;
  /** Rate limited: when the poll the server's wait allows is scheduled ("refreshing in N s", a countdown shown apart from the words). */
  refreshAt?: number;
}

/**
 * Until when the server asked this workspace to wait (a 429, or a 5xx's Retry-After) while that wait
 * runs: main sends nothing before then, not even for a refresh asked for. Null otherwise.
 */
export function serverWaitUntil(ws: WorkspaceStatus, now: number): number | null {
  const until = ws.poll.waitUntil;
  return until !== null && until > now ? until : null;
}

/** How long a poll may be under way before the status line says it is waiting for the server. */
export const LIVE_WAIT_MS = 15_000;

/**
 * The connection status of one workspace in words (F1, F20, F24, F35): always the failure the
 * last poll reported (main sends it with every snapshot), never an older one.
 */
export function statusLineFor(ws: WorkspaceStatus, now: number): StatusLine {
  const p = ws.poll;
  const updated = p.lastSuccessAt ? ` (last updated ${formatClock(p.lastSuccessAt)})` : '';
  const err = p.lastError?.message ?? '';
  const retryAt = p.nextPollAt !== null && p.nextPollAt > now ? p.nextPollAt : null;
  switch (p.state) {
    case 'live':
      // A poll under way this long is waiting for a server that does not answer (each attempt may
      // take 10 s, and a GET is tried again): the queue is as old as the last good poll.
      if (p.pollingSince !== null && p.lastSuccessAt !== null && now - p.pollingSince > LIVE_WAIT_MS) {
        return { text: `Live – waiting for the server (last updated ${formatClock(p.lastSuccessAt)})`, tone: 'warn', retryAt: null, canRetryNow: false };
      }
      return { text: 'Live', tone: 'ok', retryAt: null, canRetryNow: false };
    case 'starting':
      return { text: 'Connecting…', tone: 'muted', retryAt: null, canRetryNow: false };
    case 'paused':
      return { text: 'Paused', tone: 'muted', retryAt: null, canRetryNow: false };
    case 'stale':
      // The same words for how old the queue is as every other failure: "(last updated 20:41)".
      return { text: `Stale${err ? ` – ${err}` : ''}${updated}`, tone: 'warn', retryAt, canRetryNow: true };
    case 'rate-limited': {
      // The server asked us to wait: no "Retry now", just when (the poll main has scheduled). Once
      // that poll is under way the line says so, and past LIVE_WAIT_MS that the server is not
      // answering: a countdown of the 429's Retry-After from now would never move.
      const line = (text: string, tone: StatusTone = 'warn'): StatusLine => ({ text, tone, retryAt: null, canRetryNow: false });
      // How old the queue on screen is, as every other state that is not live says it. The countdown
      // is not part of the words: it changes every second, and the words are a live region's.
      if (p.nextPollAt !== null && p.nextPollAt > now) return { ...line(`Rate limited${updated}`), refreshAt: p.nextPollAt };
      if (p.pollingSince === null) return line(`Rate limited – refreshing soon${updated}`);
      if (now - p.pollingSince > LIVE_WAIT_MS) return line(`Rate limited – waiting for the server${updated}`);
      return line('Rate limited – refreshing…');
    }
    case 'offline':
      // Core says why in words (F35: no network, or the server can't be reached).
      return { text: `${err || 'Offline'}${updated}`, tone: 'error', retryAt, canRetryNow: true };
    case 'signed-out':
      // The queue stays on screen: say how old it is.
      return { text: `Signed out – sign in to continue${updated}`, tone: 'error', retryAt: null, canRetryNow: false };
    case 'error':
      // A server that said how long to wait (a 503's Retry-After) is not asked again before then:
      // main holds a refresh, so "Retry now" would do nothing.
      return { text: `${err || 'Something went wrong'}${updated}`, tone: 'error', retryAt, canRetryNow: serverWaitUntil(ws, now) === null };
  }
}

const count = (n: number) => n.toLocaleString('en');

/**
 * What a tab says about how complete and how fresh its list is, one line per workspace that
 * has something to say (issue 7): Approved and Rejected say when they were last refreshed and
 * whether only the newest decided requests are held; Pending says when the server had more
 * pages than the console reads. `pendingByWorkspace` counts the Pending rows shown per workspace.
 */
export function listNotesFor(tab: QueueTab, workspaces: readonly WorkspaceStatus[], pendingByWorkspace: (id: string) => number): string[] {
  const several = workspaces.length > 1;
  const notes: string[] = [];
  for (const w of workspaces) {
    const prefix = several ? `${w.label}: ` : '';
    if (tab === 'PENDING') {
      if (w.poll.pendingPartial) {
        const shown = pendingByWorkspace(w.id);
        notes.push(
          shown === 0
            ? `${prefix}The server has more pages than the console reads, and the pages read hold no pending request.`
            : `${prefix}Showing the first ${count(shown)} pending requests: the server has more pages than the console reads.`,
        );
      }
      continue;
    }
    const h = w.history;
    if (w.poll.state === 'signed-out' && h.refreshedAt === null) continue;
    const parts: string[] = [];
    if (h.refreshedAt === null) parts.push(h.refreshing ? 'Loading approved and rejected requests…' : 'Approved and rejected requests have not been loaded yet.');
    else parts.push(`Last refreshed ${formatClock(h.refreshedAt)}${h.refreshing ? ' (refreshing…)' : ''}.`);
    // The limit on decided requests kept is one for both statuses: each tab says only its own gap.
    const word = tab === 'APPROVED' ? 'approved' : 'rejected';
    if (h.partial[tab] === 'limit') parts.push(`Older ${word} requests are not shown: only the newest ${count(h.kept)} decided requests are kept.`);
    else if (h.partial[tab] === 'pages') parts.push(`Showing the ${word} requests on the pages read: the server has more pages than the console reads.`);
    if (h.lastError) parts.push(`Could not refresh: ${h.lastError.message}`);
    notes.push(prefix + parts.join(' '));
  }
  return notes;
}

/**
 * How complete and how fresh "Earlier requests from this sender" is: decided requests as of the
 * last history refresh (a request decided since, which never showed as pending here, is not in it
 * yet), and why older ones may be missing. Null for a workspace the pane does not know.
 */
export function historyGapText(ws: WorkspaceStatus | undefined, now: number): string | null {
  if (!ws) return null;
  const h = ws.history;
  if (h.refreshedAt === null) return 'Approved and rejected requests are not loaded yet, so earlier requests may be missing.';
  const asOf = `Decided requests as of ${formatWhen(h.refreshedAt, now)} (the last history refresh)`;
  const gap = historyGapOf(h.partial);
  if (gap === 'limit') return `${asOf}; only the newest ${count(h.kept)} are kept, so older requests from this sender may be missing.`;
  if (gap === 'pages') return `${asOf}; the server had more pages than the console reads, so some requests from this sender may be missing.`;
  return `${asOf}.`;
}

export function droppedRowsText(n: number): string | null {
  if (n <= 0) return null;
  return n === 1 ? '1 item could not be displayed' : `${n} items could not be displayed`;
}

/** "approved by Alice Moreno at 14:03" for a decided row (one wording with core's messages). */
export { decidedByText } from '../../src-shared/decision-text';

/** Why a decision waits: the server rate-limited this workspace's decisions (F27). */
export function rateLimitedReason(secondsLeft: number): string {
  return `Rate limited by the server – try again in ${secondsLeft} s`;
}

/**
 * Why the operator cannot decide on a row right now, or null when they can. Core answers it per
 * row (`canDecide`, `readOnlyReason`: unknown status, decided, signed out, read-only agent,
 * offline); the renderer only adds "Pending confirmation" while its own decision waits, and the
 * rate limit's countdown while the server has asked this workspace to wait (`limited`: seconds left).
 */
export function decisionBlockReason(r: RequestView, busy: boolean, limited: number | null = null): string | null {
  const reason = r.canDecide ? null : (r.readOnlyReason ?? CANNOT_DECIDE_HERE);
  if (reason !== null && r.status !== 'PENDING') return reason;
  if (busy) return 'Pending confirmation';
  if (reason === null && limited !== null) return rateLimitedReason(limited);
  return reason;
}
