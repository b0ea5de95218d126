// @vitest-environment node
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_FILTERS } from '../../src-shared/settings';
import { aRequest, aRequestIn, aWorkspace, T0 } from '../../test/fakes/builders';
import { SELECT_DIMENSIONS } from '../lib/filter-dimensions';
import { matchesQuery, parseQuery } from '../lib/query';
import { formatClock } from '../lib/time';
import {
  ageLevelFor,
  compareForTab,
  computeVisible,
  cursorAfterChange,
  decisionBlockReason,
  decidedByText,
  droppedRowsText,
  filterOptionsFor,
  historyGapText,
  listNotesFor,
  pendingStatsFor,
  neighbourOf,
  prepareSearch,
  rangeIds,
  LIVE_WAIT_MS,
  statusLineFor,
  tabCounts,
  tabFor,
  visibleFor,
} from './selectors';

const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

describe('tabs and sorting', () => {
  it('F4: unknown statuses stay on Pending; counts per tab', () => {
    const rows = [aRequest(), aRequest({ status: 'UNKNOWN', rawStatus: 'ESCALATED' }), aRequest({ status: 'APPROVED' }), aRequest({ status: 'REJECTED' })];
    expect(rows.map(tabFor)).toEqual(['PENDING', 'PENDING', 'APPROVED', 'REJECTED']);
    expect(tabCounts(rows)).toEqual({ PENDING: 2, APPROVED: 1, REJECTED: 1 });
  });

  it('Pending is oldest first with id as tie-breaker and unknown times last (F12)', () => {
    const a = aRequest({ id: 'b', createdAt: 100 });
    const b = aRequest({ id: 'a', createdAt: 100 });
    const c = aRequest({ id: 'c', createdAt: 50 });
    const d = aRequest({ id: 'd', createdAt: null });
    const e = aRequest({ id: 'e', createdAt: Number.NaN });
    expect(ids([a, b, c, d, e].sort(compareForTab('PENDING')))).toEqual(['c', 'a', 'b', 'd', 'e']);
  });

  it('Approved/Rejected are newest processed first', () => {
    const a = aRequest({ id: 'a', status: 'APPROVED', processedAt: 10 });
    const b = aRequest({ id: 'b', status: 'APPROVED', processedAt: 30 });
    const c = aRequest({ id: 'c', status: 'APPROVED', processedAt: null, modifiedAt: 20 });
    expect(ids([a, b, c].sort(compareForTab('APPROVED')))).toEqual(['b', 'c', 'a']);
  });
});

describe('computeVisible', () => {
  const wa = aRequest({ provider: 'whatsapp', agentId: 'ag1', integrationConfigId: 'c1', workspaceId: 'ws-1', displayName: 'Ana', createdAt: T0 - 3_600_000 * 3 });
  const sms = aRequest({ provider: 'sms', agentId: 'ag2', integrationConfigId: 'c2', workspaceId: 'ws-2', displayName: 'Bo', createdAt: T0 - 60_000 });
  const done = aRequest({ provider: 'sms', status: 'APPROVED' });
  const base = { requests: [wa, sms, done], tab: 'PENDING' as const, workspaces: [aWorkspace({ id: 'ws-1', label: 'Acme' }), aWorkspace({ id: 'ws-2', label: 'Beta' })], now: T0 };

  it('filters by chips (OR within, AND across), selects and query, and counts the tab total', () => {
    expect(ids(computeVisible({ ...base, filters: EMPTY_FILTERS }).rows)).toEqual([wa.id, sms.id]);
    const v = computeVisible({ ...base, filters: { ...EMPTY_FILTERS, providers: ['sms'] } });
    expect(ids(v.rows)).toEqual([sms.id]);
    expect(v.tabTotal).toBe(2);
    expect(v.filtersActive).toBe(true);
    expect(ids(computeVisible({ ...base, filters: { ...EMPTY_FILTERS, providers: ['sms', 'whatsapp'], agentIds: ['ag1'] } }).rows)).toEqual([wa.id]);
    expect(ids(computeVisible({ ...base, filters: { ...EMPTY_FILTERS, connectorIds: ['c2'] } }).rows)).toEqual([sms.id]);
    expect(ids(computeVisible({ ...base, filters: { ...EMPTY_FILTERS, workspaceIds: ['ws-1'] } }).rows)).toEqual([wa.id]);
    expect(ids(computeVisible({ ...base, filters: { ...EMPTY_FILTERS, query: '-provider:sms' } }).rows)).toEqual([wa.id]);
    expect(ids(computeVisible({ ...base, filters: { ...EMPTY_FILTERS, query: 'age:>1h' } }).rows)).toEqual([wa.id]);
    expect(ids(computeVisible({ ...base, filters: { ...EMPTY_FILTERS, query: 'workspace:beta' } }).rows)).toEqual([sms.id]);
  });

  it('F9: each snapshot is sorted once per tab; filtering reuses that order', () => {
    const requests = [aRequest({ createdAt: 30 }), aRequest({ createdAt: 10, provider: 'sms' }), aRequest({ createdAt: 20, provider: 'sms' })];
    const all = computeVisible({ ...base, requests, filters: EMPTY_FILTERS });
    expect(all.rows.map((r) => r.createdAt)).toEqual([10, 20, 30]);
    expect(computeVisible({ ...base, requests, filters: EMPTY_FILTERS }).rows).toBe(all.rows);
    expect(computeVisible({ ...base, requests, filters: { ...EMPTY_FILTERS, providers: ['sms'] } }).rows.map((r) => r.createdAt)).toEqual([10, 20]);
    // A new snapshot (new array) is sorted afresh.
    const next = [...requests, aRequest({ createdAt: 5 })];
    expect(computeVisible({ ...base, requests: next, filters: EMPTY_FILTERS }).rows[0]!.createdAt).toBe(5);
  });

  it('visibleFor reuses its result until an input changes (now only matters for age:)', () => {
    const filters = { ...EMPTY_FILTERS, query: 'ana' };
    const first = visibleFor({ ...base, filters });
    expect(visibleFor({ ...base, filters, now: T0 + 60_000 })).toBe(first);
    const aged = { ...EMPTY_FILTERS, query: 'age:>1h' };
    const a = visibleFor({ ...base, filters: aged });
    expect(visibleFor({ ...base, filters: aged, now: T0 + 1 })).not.toBe(a);
  });

  it('filter options are counted once per snapshot: a status-only change only relabels workspaces', () => {
    let reads = 0;
    const rows = [wa, sms, aRequest({ provider: 'sms' })].map((r) => {
      const copy = { ...r };
      Object.defineProperty(copy, 'provider', { get: () => (reads++, r.provider), enumerable: true });
      return copy;
    });
    const first = filterOptionsFor(rows, 'PENDING', base.workspaces);
    const counted = reads;
    expect(counted).toBeGreaterThan(0);
    const relabelled = base.workspaces.map((w) => ({ ...w, label: `${w.label} (renamed)` }));
    const second = filterOptionsFor(rows, 'PENDING', relabelled);
    expect(reads).toBe(counted);
    expect(second.providers).toEqual(first.providers);
    expect(second.workspaces.map((w) => w.label)).toEqual(first.workspaces.map((w) => `${w.label} (renamed)`));
  });

  it('filter options list only providers present in the tab, with counts', () => {
    const o = filterOptionsFor([wa, sms, aRequest({ provider: 'sms' }), done], 'PENDING', base.workspaces);
    expect(o.providers).toEqual([
      { value: 'sms', label: 'SMS', count: 2 },
      { value: 'whatsapp', label: 'WhatsApp', count: 1 },
    ]);
    expect(o.workspaces.map((w) => w.label)).toEqual(['Acme', 'Beta']);
  });
});

describe('cursor movement', () => {
  it('stays on the same id, else moves to the next surviving row, else the previous', () => {
    expect(cursorAfterChange(['a', 'b', 'c'], ['c', 'a', 'b'], 'b')).toBe('b');
    expect(cursorAfterChange(['a', 'b', 'c', 'd'], ['a', 'd'], 'b')).toBe('d');
    expect(cursorAfterChange(['a', 'b', 'c'], ['a'], 'c')).toBe('a');
    expect(cursorAfterChange(['a', 'b'], [], 'a')).toBeNull();
    expect(cursorAfterChange([], ['x', 'y'], null)).toBe('x');
  });

  it('neighbourOf and rangeIds', () => {
    expect(neighbourOf(['a', 'b', 'c'], 'b')).toBe('c');
    expect(neighbourOf(['a', 'b', 'c'], 'c')).toBe('b');
    expect(neighbourOf(['a'], 'a')).toBeNull();
    expect(rangeIds(['a', 'b', 'c', 'd'], 'c', 'a')).toEqual(['a', 'b', 'c']);
  });
});

describe('ages and status', () => {
  it('age levels use the amber and red thresholds', () => {
    expect(ageLevelFor(T0 - 10 * 60_000, T0, 30, 120)).toBe('fresh');
    expect(ageLevelFor(T0 - 30 * 60_000, T0, 30, 120)).toBe('amber');
    expect(ageLevelFor(T0 - 121 * 60_000, T0, 30, 120)).toBe('red');
    expect(ageLevelFor(null, T0, 30, 120)).toBe('unknown');
  });

  it('status line words per poll state', () => {
    const ws = (poll: Partial<ReturnType<typeof aWorkspace>['poll']>) => aWorkspace({ poll: { ...aWorkspace().poll, ...poll } });
    expect(statusLineFor(ws({ state: 'live' }), T0).text).toBe('Live');
    expect(statusLineFor(ws({ state: 'stale', lastError: { code: 'invalid-response', message: 'The server sent an invalid response' } }), T0).text).toMatch(/^Stale – The server sent an invalid response \(last updated \d\d:\d\d\)$/);
    expect(statusLineFor(ws({ state: 'rate-limited', nextPollAt: T0 + 30_000 }), T0)).toMatchObject({ text: expect.stringMatching(/^Rate limited \(last updated \d\d:\d\d\)$/), refreshAt: T0 + 30_000 });
    expect(statusLineFor(ws({ state: 'offline' }), T0).text).toMatch(/^Offline/);
    expect(statusLineFor(ws({ state: 'signed-out' }), T0).text).toMatch(/^Signed out/);
    expect(statusLineFor(ws({ state: 'error', lastError: { code: 'tls', message: 'Secure connection failed' } }), T0).text).toMatch(/^Secure connection failed/);
    expect(droppedRowsText(0)).toBeNull();
    expect(droppedRowsText(1)).toBe('1 item could not be displayed');
  });

  it('Live with a poll under way longer than LIVE_WAIT_MS says it is waiting for the server, with how old the queue is', () => {
    const ws = (poll: Partial<ReturnType<typeof aWorkspace>['poll']>) => aWorkspace({ poll: { ...aWorkspace().poll, state: 'live', lastSuccessAt: T0 - 3_600_000, ...poll } });
    expect(statusLineFor(ws({ pollingSince: T0 - LIVE_WAIT_MS }), T0)).toMatchObject({ text: 'Live', tone: 'ok' });
    expect(statusLineFor(ws({ pollingSince: T0 - LIVE_WAIT_MS - 1 }), T0)).toMatchObject({ text: `Live – waiting for the server (last updated ${formatClock(T0 - 3_600_000)})`, tone: 'warn', canRetryNow: false });
    // Long since the last good poll (a wake from sleep) but no poll under way, or one just begun: Live.
    expect(statusLineFor(ws({ pollingSince: null }), T0).text).toBe('Live');
    expect(statusLineFor(ws({ pollingSince: T0 - 1000 }), T0).text).toBe('Live');
  });

  it("F35: the offline status line gives the core's reason in words and when the queue was last updated", () => {
    const message = "Offline – can't reach the Fruxon server. Showing the last queue received; decisions are disabled until it answers again.";
    const ws = aWorkspace({ poll: { ...aWorkspace().poll, state: 'offline', lastSuccessAt: T0 - 60_000, lastError: { code: 'offline', message } } });
    const line = statusLineFor(ws, T0);
    expect(line.tone).toBe('error');
    expect(line.text).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(last updated \\d\\d:\\d\\d\\)$`));
  });

  it('decisionBlockReason: F4 unknown status, read-only agent, signed out, offline, busy', () => {
    // Core decides per row (decision-rule.test.ts); the renderer shows its reason and adds only "Pending confirmation".
    expect(decisionBlockReason(aRequest(), false)).toBeNull();
    expect(decisionBlockReason(aRequest({ status: 'UNKNOWN', rawStatus: 'ESCALATED' }), false)).toContain('ESCALATED');
    expect(decisionBlockReason(aRequest({ canDecide: false, readOnlyReason: 'Viewer role on Sales Agent' }), false)).toBe('Viewer role on Sales Agent');
    expect(decisionBlockReason(aRequestIn('signed-out'), false)).toMatch(/Signed out/);
    expect(decisionBlockReason(aRequestIn('offline-server'), false)).toBe('Offline – actions are disabled until the connection is back.');
    expect(decisionBlockReason(aRequest(), true)).toBe('Pending confirmation');
    // A decided or unknown row says so even while busy; a pending one says it waits.
    expect(decisionBlockReason(aRequest({ status: 'UNKNOWN', rawStatus: 'ESCALATED' }), true)).toContain('ESCALATED');
    expect(decisionBlockReason(aRequestIn('offline-server'), true)).toBe('Pending confirmation');
  });

  it('a decided request says who decided it and when, not a bare "Already decided"', () => {
    const done = aRequest({ status: 'APPROVED', processedByName: 'Alice Moreno', processedBy: 'u-a', processedAt: T0 - 60_000 });
    expect(decidedByText(done, T0)).toMatch(/^approved by Alice Moreno at \d\d:\d\d$/);
    expect(decisionBlockReason(done, false)).toMatch(/^Already approved by Alice Moreno at \d\d:\d\d$/);
    expect(decidedByText(aRequest({ status: 'REJECTED', processedBy: 'u-x', processedAt: null }), T0)).toBe('rejected by u-x at an unknown time');
  });

  it('status line: the failure of the last poll, when it retries, and whether "Retry now" fits', () => {
    const ws = (poll: Partial<ReturnType<typeof aWorkspace>['poll']>) => aWorkspace({ poll: { ...aWorkspace().poll, ...poll } });
    const failing = statusLineFor(ws({ state: 'error', nextPollAt: T0 + 12_000, lastError: { code: 'server', message: 'The Fruxon server had a problem (HTTP 503).' } }), T0);
    expect(failing).toMatchObject({ tone: 'error', retryAt: T0 + 12_000, canRetryNow: true });
    expect(failing.text).toMatch(/^The Fruxon server had a problem \(HTTP 503\)\./);
    // Offline: core's own sentence (F35), shown once, with the countdown to the next check.
    const offline = statusLineFor(ws({ state: 'offline', nextPollAt: T0 + 5000, lastError: { code: 'offline', message: "Offline – can't reach the Fruxon server." } }), T0);
    expect(offline).toMatchObject({ retryAt: T0 + 5000, canRetryNow: true });
    expect(offline.text).toMatch(/^Offline – can't reach the Fruxon server\. \(last updated \d\d:\d\d\)$/);
    // The server asked us to wait: no "Retry now"; live needs none.
    expect(statusLineFor(ws({ state: 'rate-limited', nextPollAt: T0 + 30_000 }), T0)).toMatchObject({ canRetryNow: false, retryAt: null });
    expect(statusLineFor(ws({ state: 'live', nextPollAt: T0 + 15_000 }), T0)).toMatchObject({ canRetryNow: false, retryAt: null });
    // A retry time already past is not counted down.
    expect(statusLineFor(ws({ state: 'error', nextPollAt: T0 - 1, lastError: { code: 'server', message: 'x' } }), T0).retryAt).toBeNull();
  });

  it('workload: the oldest waiting request and how many are past the thresholds (unknown ages not counted)', () => {
    const rows = [
      aRequest({ createdAt: T0 - 5 * 3_600_000 }),
      aRequest({ createdAt: T0 - 2 * 3_600_000 }),
      aRequest({ createdAt: T0 - 10 * 60_000 }),
      aRequest({ createdAt: null }),
      aRequest({ createdAt: T0 - 9 * 3_600_000, status: 'APPROVED' }),
    ];
    expect(pendingStatsFor(rows, T0, 60, 240)).toEqual({ oldestAt: T0 - 5 * 3_600_000, overRed: 1, overAmber: 2 });
    expect(pendingStatsFor([aRequest({ createdAt: null })], T0, 60, 240)).toEqual({ oldestAt: null, overRed: 0, overAmber: 0 });
  });
});

describe('pending order', () => {
  it('oldest first by default, newest first, or by agent (oldest first within an agent)', () => {
    const a = aRequest({ id: 'a', agentName: 'Sales', createdAt: 300 });
    const b = aRequest({ id: 'b', agentName: 'Billing', createdAt: 200 });
    const c = aRequest({ id: 'c', agentName: 'Sales', createdAt: 100 });
    const d = aRequest({ id: 'd', agentName: 'billing helper', createdAt: null });
    expect(ids([a, b, c, d].sort(compareForTab('PENDING')))).toEqual(['c', 'b', 'a', 'd']);
    expect(ids([a, b, c, d].sort(compareForTab('PENDING', 'newest')))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids([a, b, c, d].sort(compareForTab('PENDING', 'agent')))).toEqual(['b', 'd', 'c', 'a']);
    const base = { tab: 'PENDING' as const, filters: EMPTY_FILTERS, workspaces: [aWorkspace()], now: T0 };
    const requests = [a, b, c, d];
    expect(ids(computeVisible({ ...base, requests, sort: 'agent' }).rows)).toEqual(['b', 'd', 'c', 'a']);
    expect(ids(computeVisible({ ...base, requests }).rows)).toEqual(['c', 'b', 'a', 'd']);
  });
});

describe('list notes (issue 7)', () => {
  const history = (over: Partial<ReturnType<typeof aWorkspace>['history']> = {}) => ({ refreshedAt: T0, refreshing: false, kept: 300, partial: { APPROVED: null, REJECTED: null }, lastError: null, ...over });
  const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(T0);

  it('Approved/Rejected say when they were last refreshed, and whether only the newest are held', () => {
    expect(listNotesFor('APPROVED', [aWorkspace({ history: history() })], () => 0)).toEqual([`Last refreshed ${clock}.`]);
    const limited = history({ partial: { APPROVED: null, REJECTED: 'limit' }, kept: 20_000, refreshing: true });
    expect(listNotesFor('REJECTED', [aWorkspace({ history: limited })], () => 0)).toEqual([
      `Last refreshed ${clock} (refreshing…). Older rejected requests are not shown: only the newest 20,000 decided requests are kept.`,
    ]);
    // The limit is one for both statuses: the tab whose requests all fit says nothing of it.
    expect(listNotesFor('APPROVED', [aWorkspace({ history: limited })], () => 0)).toEqual([`Last refreshed ${clock} (refreshing…).`]);
    const cut = history({ partial: { APPROVED: 'pages', REJECTED: null }, kept: 1000 });
    expect(listNotesFor('APPROVED', [aWorkspace({ history: cut })], () => 0)).toEqual([
      `Last refreshed ${clock}. Showing the approved requests on the pages read: the server has more pages than the console reads.`,
    ]);
    expect(listNotesFor('REJECTED', [aWorkspace({ history: cut })], () => 0)).toEqual([`Last refreshed ${clock}.`]);
    expect(listNotesFor('APPROVED', [aWorkspace({ history: history({ refreshedAt: null, refreshing: true }) })], () => 0)).toEqual(['Loading approved and rejected requests…']);
    expect(listNotesFor('APPROVED', [aWorkspace({ history: history({ lastError: { code: 'server', message: 'The Fruxon server had a problem (HTTP 503).' } }) })], () => 0)).toEqual([
      `Last refreshed ${clock}. Could not refresh: The Fruxon server had a problem (HTTP 503).`,
    ]);
  });

  it('Pending says nothing unless the server had more pages than the console reads; several workspaces are named', () => {
    const a = aWorkspace({ id: 'a', label: 'Acme', history: history() });
    const b = aWorkspace({ id: 'b', label: 'Beta', history: history(), poll: { ...aWorkspace().poll, pendingPartial: true } });
    expect(listNotesFor('PENDING', [a], () => 0)).toEqual([]);
    expect(listNotesFor('PENDING', [a, b], (id) => (id === 'b' ? 1000 : 3))).toEqual(['Beta: Showing the first 1,000 pending requests: the server has more pages than the console reads.']);
    expect(listNotesFor('APPROVED', [a, b], () => 0)).toEqual([`Acme: Last refreshed ${clock}.`, `Beta: Last refreshed ${clock}.`]);
  });

  it('"Earlier requests from this sender" says when the history it comes from is partial', () => {
    const at = formatClock(history().refreshedAt!);
    expect(historyGapText(aWorkspace({ history: history() }), history().refreshedAt!)).toBe(`Decided requests as of ${at} (the last history refresh).`);
    expect(historyGapText(undefined, T0)).toBeNull();
    // The sender's earlier requests are of either status: a gap in either is a gap in them.
    expect(historyGapText(aWorkspace({ history: history({ partial: { APPROVED: null, REJECTED: 'limit' }, kept: 20_000 }) }), history().refreshedAt!)).toBe(
      `Decided requests as of ${at} (the last history refresh); only the newest 20,000 are kept, so older requests from this sender may be missing.`,
    );
    expect(historyGapText(aWorkspace({ history: history({ partial: { APPROVED: 'limit', REJECTED: 'pages' } }) }), T0)).toMatch(/more pages/);
    expect(historyGapText(aWorkspace({ history: history({ partial: { APPROVED: 'pages', REJECTED: null } }) }), T0)).toMatch(/more pages/);
    expect(historyGapText(aWorkspace({ history: history({ refreshedAt: null }) }), T0)).toMatch(/not loaded yet/);
  });
});

describe('search narrowing (one frame per keystroke at 100,000 rows)', () => {
  it('typing on, erasing and retyping gives exactly what a fresh filter gives, with a working id index', () => {
    const names = ['Ana Souza', 'Anabel', 'Dana Whitfield', 'Kwame Mensah', 'Амира', 'Zoë', '', 'ana-maria'];
    const rows = names.flatMap((displayName, i) => [
      aRequest({ displayName, address: `+44770090${i}12`, provider: i % 2 ? 'sms' : 'whatsapp' }),
      aRequest({ displayName: `${displayName} II`, address: `U0${i}`, provider: 'slack' }),
    ]);
    const base = { requests: rows, tab: 'PENDING' as const, workspaces: [aWorkspace()], now: T0 };
    const typed = fc.array(fc.constantFrom('a', 'n', 'w', ' ', 'z', '4', '7', '-', 'x', 'BACK', 'provider:sms ', 'provider:', 'ë'), { maxLength: 25 });
    fc.assert(
      fc.property(typed, (keys) => {
        let query = '';
        for (const k of keys) {
          query = k === 'BACK' ? query.slice(0, -1) : query + k;
          const filters = { ...EMPTY_FILTERS, query };
          const got = visibleFor({ ...base, filters });
          const fresh = computeVisible({ ...base, filters });
          expect(ids(got.rows)).toEqual(ids(fresh.rows));
          expect(got.ids).toEqual(fresh.ids);
          const oracle = new Map(fresh.ids.map((id, i) => [id, i]));
          for (const r of rows) {
            expect(got.indexById.get(r.id)).toBe(oracle.get(r.id));
            expect(got.indexById.has(r.id)).toBe(oracle.has(r.id));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the character index gives what the plain filter gives', () => {
  // Texts and queries over a small alphabet (so words often match) with case, accents, digits,
  // `+`, a character outside the BMP and a hidden one, folded as the search folds them.
  const alphabet = ['a', 'A', 'n', 'é', 'E', 'w', 'k', ' ', '4', '7', '+', '-', 'ß', 'Ж', '😀', '\u200b', 'x'];
  const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((cs) => cs.join(''));
  const word = fc.array(fc.constantFrom(...alphabet.filter((c) => c !== ' ')), { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
  const token = fc.oneof(word, word.map((w) => `-${w}`), word.map((w) => `"${w} ${w}"`), fc.constantFrom('provider:sms', 'age:>1m', 'agent:a'));
  const query = fc.array(token, { minLength: 1, maxLength: 3 }).map((ts) => ts.join(' '));
  const rowsOf = fc.array(fc.tuple(text, text, text, fc.option(text)), { maxLength: 40 });
  const ctx = { now: T0, workspaceLabel: () => '' };

  it('for random texts and queries, with and without the index, and typed one key at a time', () => {
    fc.assert(
      fc.property(rowsOf, query, (fields, q) => {
        const rows = fields.map(([displayName, address, conversationName, processingNote], i) =>
          aRequest({ id: `r${i}`, displayName, address, conversationName, processingNote, provider: i % 3 ? 'sms' : 'slack', createdAt: T0 - i * 30_000 }),
        );
        const oracle = ids(rows.filter((r) => matchesQuery(r, parseQuery(q), ctx)).sort(compareForTab('PENDING')));
        const indexed = [...rows];
        prepareSearch(indexed, 'PENDING');
        const base = { tab: 'PENDING' as const, workspaces: [aWorkspace()], now: T0 };
        const filters = { ...EMPTY_FILTERS, query: q };
        expect(ids(computeVisible({ ...base, requests: indexed, filters }).rows)).toEqual(oracle);
        expect(ids(computeVisible({ ...base, requests: [...rows], filters }).rows)).toEqual(oracle);
        // Typed one key at a time over the indexed list (each keystroke narrows the last result).
        for (let n = 1; n <= q.length; n += 1) {
          const part = q.slice(0, n);
          const want = ids(rows.filter((r) => matchesQuery(r, parseQuery(part), ctx)).sort(compareForTab('PENDING')));
          expect(ids(visibleFor({ ...base, requests: indexed, filters: { ...EMPTY_FILTERS, query: part } }).rows)).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('built in slices (an idle period at a time), it gives the plain filter\'s answer before, between and after the slices', () => {
    const names = ['Ana Lima', 'Kwame Mensah', 'Zoë Park', 'Dana Wu', 'Ólafur'];
    const rows = Array.from({ length: 2500 }, (_, i) => aRequest({ id: `r${i}`, displayName: `${names[i % names.length]} ${i}`, address: `+44 7700 ${String(i).padStart(6, '0')}`, createdAt: T0 - i * 1000 }));
    const base = { tab: 'PENDING' as const, workspaces: [aWorkspace()], now: T0 };
    const queries = ['a', 'kw', 'dana w', 'ó', '+44 7700 0012', '-ana z'];
    const oracle = (list: typeof rows, q: string) => ids(list.filter((r) => matchesQuery(r, parseQuery(q), ctx)).sort(compareForTab('PENDING')));
    const check = (list: typeof rows) => {
      for (const q of queries) expect(ids(computeVisible({ ...base, requests: list, filters: { ...EMPTY_FILTERS, query: q } }).rows)).toEqual(oracle(list, q));
    };
    const list = [...rows];
    // No idle time left after each slice: one slice per call.
    let calls = 0;
    for (let done = false; !done; calls += 1) {
      check(list);
      done = prepareSearch(list, 'PENDING', 'oldest', () => false);
    }
    expect(calls).toBe(3);
    check(list);
    expect(prepareSearch(list, 'PENDING', 'oldest', () => false)).toBe(true);
    // The next snapshot (a new array; one row renamed, one added) gets its own texts and index.
    const next = [...list.slice(1), { ...list[0]!, displayName: 'Quentin Blake' }, aRequest({ id: 'new', displayName: 'Kwame Asante', createdAt: T0 + 1 })];
    prepareSearch(next, 'PENDING', 'oldest', () => false);
    check(next);
    expect(ids(computeVisible({ ...base, requests: next, filters: { ...EMPTY_FILTERS, query: 'quentin' } }).rows)).toEqual(['r0']);
    while (!prepareSearch(next, 'PENDING', 'oldest', () => false)) check(next);
    check(next);
    expect(ids(computeVisible({ ...base, requests: next, filters: { ...EMPTY_FILTERS, query: 'quentin' } }).rows)).toEqual(['r0']);
  });

  it('answers a one-character search without testing texts, and a character no text holds with nothing', () => {
    const rows = ['Ana', 'Kwame', 'Zoë', '+44 7700'].map((displayName, i) => aRequest({ id: `r${i}`, displayName, address: `U${i}`, conversationName: '', processingNote: null, createdAt: T0 - i * 1000 }));
    prepareSearch(rows, 'PENDING');
    const at = (query: string) => ids(computeVisible({ requests: rows, tab: 'PENDING', workspaces: [aWorkspace()], now: T0, filters: { ...EMPTY_FILTERS, query } }).rows);
    expect(at('a')).toEqual(['r1', 'r0']);
    expect(at('E')).toEqual(['r2', 'r1']);
    expect(at('+')).toEqual(['r3']);
    expect(at('q')).toEqual([]);
    expect(at('-a')).toEqual(['r3', 'r2']);
  });
});

describe('orders: the same list whatever order the snapshot sends the rows in', () => {
  type Row = ReturnType<typeof aRequest>;
  const row = (id: string, over: Partial<Row>) => aRequest({ id, ...over });
  const both = (rows: Row[], cmp: (a: Row, b: Row) => number) => {
    const forward = ids([...rows].sort(cmp));
    expect(ids([...rows].reverse().sort(cmp))).toEqual(forward);
    return forward;
  };
  it.each([
    ['Pending, oldest first: a time of 0 is unknown and goes last', compareForTab('PENDING'), [row('z', { createdAt: 0 }), row('y', { createdAt: 5 })], ['y', 'z']],
    [
      'Pending, newest first: equal times by id, unknown times last',
      compareForTab('PENDING', 'newest'),
      [row('n', { createdAt: null }), row('x', { createdAt: 100 }), row('b', { createdAt: 300 }), row('m', { createdAt: 200 }), row('a', { createdAt: 300 })],
      ['a', 'b', 'm', 'x', 'n'],
    ],
    [
      'Approved: equal processing times by id, a row with no time at all last',
      compareForTab('APPROVED'),
      [
        row('s', { status: 'APPROVED', processedAt: null, modifiedAt: null, createdAt: null }),
        row('q', { status: 'APPROVED', processedAt: 10 }),
        row('t', { status: 'APPROVED', processedAt: 20 }),
        row('p', { status: 'APPROVED', processedAt: 10 }),
      ],
      ['t', 'p', 'q', 's'],
    ],
  ])('%s', (_, cmp, rows, want) => {
    expect(both(rows, cmp)).toEqual(want);
  });
});

describe('ages at the thresholds, and unknown times', () => {
  it.each([
    ['created at 0 (unknown)', 0, 'unknown'],
    ['not a number', Number.NaN, 'unknown'],
    ['exactly the red threshold', T0 - 120 * 60_000, 'red'],
    ['just under it', T0 - 120 * 60_000 + 1, 'amber'],
    ['exactly the amber threshold', T0 - 30 * 60_000, 'amber'],
  ])('%s', (_, createdAt, level) => {
    expect(ageLevelFor(createdAt, T0, 30, 120)).toBe(level);
  });

  it('workload: a request exactly at a threshold counts as past it (as its age colour says)', () => {
    const rows = [aRequest({ createdAt: T0 - 240 * 60_000 }), aRequest({ createdAt: T0 - 60 * 60_000 }), aRequest({ createdAt: T0 - 59 * 60_000 })];
    expect(pendingStatsFor(rows, T0, 60, 240)).toEqual({ oldestAt: T0 - 240 * 60_000, overRed: 1, overAmber: 2 });
  });

  it.each([
    ['0', 0],
    ['NaN', Number.NaN],
  ])('workload: no oldest time when the only waiting request has an unknown time (%s)', (_, createdAt) => {
    expect(pendingStatsFor([aRequest({ createdAt })], T0, 60, 240)).toEqual({ oldestAt: null, overRed: 0, overAmber: 0 });
  });
});

describe('filters the survivors showed', () => {
  const row = (id: string, displayName: string, over: Partial<ReturnType<typeof aRequest>> = {}) =>
    aRequest({ id, displayName, address: `U${id}`, conversationName: '', processingNote: null, ...over });
  const wa = row('wa', 'Ana', { provider: 'whatsapp', agentId: 'ag1', integrationConfigId: 'c1', workspaceId: 'ws-1', createdAt: T0 - 2000 });
  const sms = row('sms', 'Anabel', { provider: 'sms', agentId: 'ag2', integrationConfigId: 'c2', workspaceId: 'ws-2', createdAt: T0 - 1000 });
  const workspaces = [aWorkspace({ id: 'ws-1', label: 'Acme' }), aWorkspace({ id: 'ws-2', label: 'Beta' })];
  const shown = (filters: Partial<typeof EMPTY_FILTERS>, requests = [wa, sms]) => ids(computeVisible({ requests, tab: 'PENDING', workspaces, now: T0, filters: { ...EMPTY_FILTERS, ...filters } }).rows);

  it.each([
    ['two selects: a row must match both (AND across)', { agentIds: ['ag1'], connectorIds: ['c2'] }, []],
    ['two selects, both matched', { agentIds: ['ag1'], connectorIds: ['c1'] }, ['wa']],
    ['a word and an excluded qualifier', { query: 'ana -provider:whatsapp' }, ['sms']],
    ['a word and every qualifier excluded', { query: 'ana -provider:x -agent:x -connector:x -workspace:acme' }, ['sms']],
    ['a word and every qualifier required', { query: 'ana provider:sms agent:ag1 connector:c1 workspace:acme' }, []],
    ['a word and every qualifier required, all matched', { query: 'ana provider:whatsapp agent:ag1 connector:c1 workspace:acme' }, ['wa']],
  ])('%s', (_, filters, want) => {
    expect(shown(filters)).toEqual(want);
  });

  it('a row whose workspace is no longer listed matches no workspace name, and its option is named by its id', () => {
    const orphan = row('o', 'Olga', { workspaceId: 'ws-gone', createdAt: T0 - 500 });
    expect(shown({ query: 'workspace:here' }, [wa, orphan])).toEqual([]);
    expect(shown({ query: 'workspace:ws-gone' }, [wa, orphan])).toEqual(['o']);
    expect(filterOptionsFor([wa, orphan], 'PENDING', workspaces).workspaces).toEqual([
      { value: 'ws-1', label: 'Acme', count: 1 },
      { value: 'ws-gone', label: 'ws-gone', count: 1 },
    ]);
  });

  it('options are in label order, and options with the same label in value order', () => {
    const agents = (rows: ReturnType<typeof aRequest>[]) => filterOptionsFor(rows, 'PENDING', workspaces).agents.map((o) => `${o.label}/${o.value}`);
    expect(agents([row('1', 'x', { agentId: 'ag1', agentName: 'Zed' }), row('2', 'y', { agentId: 'ag2', agentName: 'Amy' })])).toEqual(['Amy/ag2', 'Zed/ag1']);
    const older = (agentId: string) => row(`${agentId}-old`, 'x', { agentId, agentName: 'Sales', createdAt: T0 - 9000 });
    const newer = (agentId: string) => row(`${agentId}-new`, 'y', { agentId, agentName: 'Sales', createdAt: T0 - 1000 });
    expect(agents([older('ag-b'), newer('ag-a')])).toEqual(['Sales/ag-a', 'Sales/ag-b']);
    expect(agents([older('ag-a'), newer('ag-b')])).toEqual(['Sales/ag-a', 'Sales/ag-b']);
  });

  it('prepareSearch with no idle deadline builds the whole index in one call', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => row(`r${i}`, i === 1400 ? 'Quentin' : `Ana ${i}`, { createdAt: T0 - i * 1000 }));
    expect(prepareSearch(rows, 'PENDING')).toBe(true);
    expect(shown({ query: 'quentin' }, rows)).toEqual(['r1400']);
  });
});

describe('filter options alike in two workspaces', () => {
  const two = [aWorkspace({ id: 'ws-1', label: 'Acme EU' }), aWorkspace({ id: 'ws-2', label: 'Beta' })];
  // The audit's case: the same Slack connector name and agent name in two workspaces (different ids).
  const slack = (workspaceId: string, integrationConfigId: string, agentId: string, over: Partial<ReturnType<typeof aRequest>> = {}) =>
    aRequest({ workspaceId, integrationConfigId, agentId, provider: 'slack', connectorName: 'Slack · Acme Support workspace', agentName: 'Support Desk', ...over });
  const rows = [slack('ws-1', 'c-acme', 'ag-acme'), slack('ws-2', 'c-beta', 'ag-beta'), slack('ws-2', 'c-beta', 'ag-beta'), slack('ws-2', 'c-beta', 'ag-beta'), slack('ws-2', 'c-beta', 'ag-beta')];
  const labels = (options: Array<{ label: string; count: number }>) => options.map((o) => `${o.label} (${o.count})`);

  it('connector and agent options that would read alike say whose workspace they are in', () => {
    const o = filterOptionsFor(rows, 'PENDING', two);
    expect(labels(o.connectors)).toEqual(['Slack · Acme Support workspace · Acme EU (1)', 'Slack · Acme Support workspace · Beta (4)']);
    expect(labels(o.agents)).toEqual(['Support Desk · Acme EU (1)', 'Support Desk · Beta (4)']);
    // What a qualifier matches stays the option's own name.
    expect(o.agents.map((a) => a.plainLabel)).toEqual(['Support Desk', 'Support Desk']);
    // Providers and workspaces are named as before.
    expect(labels(o.providers)).toEqual(['Slack (5)']);
    expect(labels(o.workspaces)).toEqual(['Acme EU (1)', 'Beta (4)']);
  });

  it('alike is the search\'s sense: case and accents aside', () => {
    const o = filterOptionsFor([slack('ws-1', 'c1', 'a1', { agentName: 'Suporte' }), slack('ws-2', 'c2', 'a2', { agentName: 'SUPORTÉ' })], 'PENDING', two);
    expect(labels(o.agents)).toEqual(['Suporte · Acme EU (1)', 'SUPORTÉ · Beta (1)']);
  });

  it('options with their own names, alike only within one workspace, or with rows in both, are left as they are', () => {
    const o = filterOptionsFor(
      [
        slack('ws-1', 'c1', 'a1', { agentName: 'Sales' }),
        slack('ws-2', 'c2', 'a2', { agentName: 'Billing' }),
        // Two agents named "Triage" in one workspace: a workspace name would not tell them apart.
        slack('ws-1', 'c1', 't1', { agentName: 'Triage' }),
        slack('ws-1', 'c1', 't2', { agentName: 'Triage' }),
      ],
      'PENDING',
      two,
    );
    expect(labels(o.agents)).toEqual(['Billing (1)', 'Sales (1)', 'Triage (1)', 'Triage (1)']);
    expect(o.agents.every((a) => a.plainLabel === undefined)).toBe(true);
    // One connector id with rows in both workspaces is one option, in neither; the one alike to it is named.
    const shared = filterOptionsFor([slack('ws-1', 'c-same', 'a1'), slack('ws-2', 'c-same', 'a2'), slack('ws-2', 'c-beta', 'a2')], 'PENDING', two);
    expect(labels(shared.connectors)).toEqual(['Slack · Acme Support workspace (2)', 'Slack · Acme Support workspace · Beta (1)']);
    // Workspace options are the workspaces' names already: two named alike get nothing added ("Acme · Acme").
    const twins = [aWorkspace({ id: 'ws-1', label: 'Acme' }), aWorkspace({ id: 'ws-2', label: 'Acme' })];
    expect(labels(filterOptionsFor(rows, 'PENDING', twins).workspaces)).toEqual(['Acme (1)', 'Acme (4)']);
  });

  it('with one workspace nothing is added, even for a row of a workspace no longer listed', () => {
    const o = filterOptionsFor([slack('ws-1', 'c-acme', 'ag-acme'), slack('ws-gone', 'c-gone', 'ag-gone')], 'PENDING', [two[0]!]);
    expect(labels(o.connectors)).toEqual(['Slack · Acme Support workspace (1)', 'Slack · Acme Support workspace (1)']);
  });

  it('a long workspace name is cut in the option ("…")', () => {
    const long = [two[0]!, aWorkspace({ id: 'ws-2', label: 'B'.repeat(100) })];
    const o = filterOptionsFor(rows, 'PENDING', long);
    expect(o.agents[1]!.label).toBe(`Support Desk · ${'B'.repeat(40)}…`);
  });
});

describe('visibleFor: a change of one input at a time gives what a fresh filter gives', () => {
  const row = (id: string, displayName: string, minutesAgo: number, over: Partial<ReturnType<typeof aRequest>> = {}) =>
    aRequest({ id, displayName, address: `U${id}`, conversationName: '', processingNote: null, createdAt: T0 - minutesAgo * 60_000, ...over });
  const acmeBeta = [aWorkspace({ id: 'ws-1', label: 'Acme' }), aWorkspace({ id: 'ws-2', label: 'Beta' })];
  const swapped = [aWorkspace({ id: 'ws-1', label: 'Beta' }), aWorkspace({ id: 'ws-2', label: 'Acme' })];
  const requests = [
    row('p0', 'Kim', 6, { workspaceId: 'ws-2' }),
    row('p1', 'Ana', 5, { workspaceId: 'ws-1', provider: 'sms' }),
    row('p2', 'Dana', 4, { workspaceId: 'ws-2' }),
    row('p3', 'Bo', 3, { workspaceId: 'ws-1' }),
    row('p4', 'Anton', 2, { workspaceId: 'ws-2' }),
    row('p5', 'Zed Hale', 1, { workspaceId: 'ws-1', provider: 'sms' }),
    row('d1', 'Hana', 9, { status: 'APPROVED', processedAt: T0 - 1000 }),
    row('d2', 'Banjo', 9, { status: 'APPROVED', processedAt: T0 - 2000 }),
    row('d3', 'Al', 9, { status: 'APPROVED', processedAt: T0 - 3000 }),
  ];
  const q = (query: string, over: Partial<typeof EMPTY_FILTERS> = {}) => ({ ...EMPTY_FILTERS, query, ...over });
  /** Every select's list as a new array (what the filter bar hands over after a change). */
  const freshSelects = (over: Partial<typeof EMPTY_FILTERS> = {}) => ({ ...Object.fromEntries(SELECT_DIMENSIONS.map((d) => [d.control.setting, []])), ...over });
  const base = { requests, tab: 'PENDING' as const, workspaces: acmeBeta, now: T0, sort: 'oldest' as const };
  type Input = Parameters<typeof visibleFor>[0];
  const same = EMPTY_FILTERS;
  const acmeSearch = q('workspace:acme');
  const cases: Array<[string, Partial<Input>, Partial<Input>]> = [
    ['another tab with the same (empty) filters', { filters: same }, { filters: same, tab: 'APPROVED' }],
    ['oldest first, then newest first', { filters: same }, { filters: same, sort: 'newest' }],
    ['newest first, then oldest first', { filters: same, sort: 'newest' }, { filters: same, sort: 'oldest' }],
    ['workspaces renamed under a workspace: search', { filters: acmeSearch }, { filters: acmeSearch, workspaces: swapped }],
    ['typing on after switching to newest first', { filters: q('a') }, { filters: q('an'), sort: 'newest' }],
    ['typing on after switching to oldest first', { filters: q('a'), sort: 'newest' }, { filters: q('an'), sort: 'oldest' }],
    ['typing on in another tab', { filters: q('a') }, { filters: q('an'), tab: 'APPROVED' }],
    ['typing on after the workspaces were renamed', { filters: q('workspace:acme a') }, { filters: q('workspace:acme an'), workspaces: swapped }],
    ['typing on after a provider chip was turned off', { filters: q('a', { providers: ['sms'] }) }, { filters: q('a', { providers: [] }) }],
    ['typing on after the selects changed', { filters: q('a', freshSelects({ workspaceIds: ['ws-1'] })) }, { filters: q('an', freshSelects()) }],
    ['the same search again, in another order', { filters: q('an') }, { filters: q('an'), sort: 'newest' }],
  ];
  it.each(cases)('%s', (_, first, second) => {
    const a = { ...base, ...first } as Input;
    const b = { ...base, ...second } as Input;
    expect(ids(visibleFor(a).rows)).toEqual(ids(computeVisible(a).rows));
    const got = visibleFor(b);
    expect(ids(got.rows)).toEqual(ids(computeVisible(b).rows));
    expect(got.ids).toEqual(ids(computeVisible(b).rows));
  });

  it.each([
    ['no filter and no order given', { filters: EMPTY_FILTERS, sort: undefined }],
    ['an age: search at the same time', { filters: q('age:>1m') }],
  ])('nothing changed, %s: the same result, not a new one', (_, over) => {
    const input = { ...base, requests: [...requests], ...over } as Input;
    const first = visibleFor(input);
    expect(visibleFor({ ...input })).toBe(first);
  });

  describe('when a kept search result was garbage-collected', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });
    it('erasing back to it rebuilds it in the order shown', () => {
      // Every WeakRef already cleared: `recent` must rebuild rows from the positions it kept.
      vi.stubGlobal(
        'WeakRef',
        class {
          deref() {
            return undefined;
          }
        },
      );
      const list = [...requests];
      for (const query of ['an', 'ant', 'an']) {
        const input = { ...base, requests: list, sort: 'newest' as const, filters: q(query) };
        expect(ids(visibleFor(input).rows)).toEqual(ids(computeVisible(input).rows));
      }
    });
  });
});

describe('cursor and ranges when ids are not where expected', () => {
  it.each([
    ['no cursor: the first row', ['a', 'b', 'c'], ['b', 'c'], null, 'b'],
    ['a cursor that was not listed: the first row', ['x', 'y'], ['y', 'x'], 'gone', 'y'],
    ['nothing after it left: the nearest before it, not the first row', ['a', 'b', 'c'], ['x', 'a'], 'c', 'a'],
    ['the nearest before it is the first of the old list', ['a', 'b', 'c'], ['x', 'a'], 'b', 'a'],
  ])('%s', (_, prev, next, cursor, want) => {
    expect(cursorAfterChange(prev, next, cursor)).toBe(want);
    expect(cursorAfterChange(prev, next, cursor, new Map(next.map((id, i) => [id, i])))).toBe(want);
  });

  const list = ['a', 'b', 'c', 'd'];
  const index = new Map(list.map((id, i) => [id, i]));
  it.each([
    ['neighbour of an id not listed: the first', () => neighbourOf(list, 'gone', index), 'a'],
    ['neighbour of an id not listed, without an index', () => neighbourOf(list, 'gone'), 'a'],
    ['range from an id not listed: only the clicked one', () => rangeIds(list, 'gone', 'b'), ['b']],
    ['range to an id not listed: only that one', () => rangeIds(list, 'a', 'gone'), ['gone']],
    ['range from an id not listed, with an index', () => rangeIds(list, 'gone', 'b', index), ['b']],
    ['range with an index', () => rangeIds(list, 'd', 'b', index), ['b', 'c', 'd']],
  ])('%s', (_, got, want) => {
    expect(got()).toEqual(want);
  });
});

describe('status line and list notes, state by state', () => {
  const ws = (poll: Partial<ReturnType<typeof aWorkspace>['poll']>) => aWorkspace({ poll: { ...aWorkspace().poll, ...poll } });
  const at = formatClock(T0 - 60_000);
  it.each([
    ['starting', ws({ state: 'starting' }), { text: 'Connecting…', tone: 'muted', retryAt: null, canRetryNow: false }],
    ['paused', ws({ state: 'paused' }), { text: 'Paused', tone: 'muted', retryAt: null, canRetryNow: false }],
    ['stale, never loaded, no error', ws({ state: 'stale', lastSuccessAt: null }), { text: 'Stale', tone: 'warn', retryAt: null, canRetryNow: true }],
    ['stale, last updated at a time, no error', ws({ state: 'stale', lastSuccessAt: T0 - 60_000, nextPollAt: T0 + 5000 }), { text: `Stale (last updated ${at})`, tone: 'warn', retryAt: T0 + 5000, canRetryNow: true }],
    ['rate limited, counting down to the poll main scheduled', ws({ state: 'rate-limited', nextPollAt: T0 + 20_000, lastSuccessAt: null }), { text: 'Rate limited', tone: 'warn', retryAt: null, canRetryNow: false, refreshAt: T0 + 20_000 }],
    [
      'rate limited after a load: how old the queue on screen is',
      ws({ state: 'rate-limited', nextPollAt: T0 + 20_000, lastSuccessAt: T0 - 60_000 }),
      { text: `Rate limited (last updated ${at})`, tone: 'warn', retryAt: null, canRetryNow: false, refreshAt: T0 + 20_000 },
    ],
    [
      // The 429's Retry-After is no countdown: counted from now, it would never move.
      'rate limited, no poll scheduled or under way (the wait in the error is not counted from now)',
      ws({ state: 'rate-limited', nextPollAt: null, pollingSince: null, lastSuccessAt: T0 - 60_000, lastError: { code: 'rate-limited', message: 'Slow down', retryAfterMs: 20_000 } }),
      { text: `Rate limited – refreshing soon (last updated ${at})`, tone: 'warn', retryAt: null, canRetryNow: false },
    ],
    ['rate limited, the scheduled time passed and its poll is under way', ws({ state: 'rate-limited', nextPollAt: T0 - 1000, pollingSince: T0 - 1000 }), { text: 'Rate limited – refreshing…', tone: 'warn', retryAt: null, canRetryNow: false }],
    [
      'rate limited, its poll under way longer than LIVE_WAIT_MS',
      ws({ state: 'rate-limited', nextPollAt: null, pollingSince: T0 - LIVE_WAIT_MS - 1, lastSuccessAt: T0 - 60_000 }),
      { text: `Rate limited – waiting for the server (last updated ${at})`, tone: 'warn', retryAt: null, canRetryNow: false },
    ],
    ['rate limited, its poll under way exactly LIVE_WAIT_MS', ws({ state: 'rate-limited', nextPollAt: null, pollingSince: T0 - LIVE_WAIT_MS }), { text: 'Rate limited – refreshing…', tone: 'warn', retryAt: null, canRetryNow: false }],
    ['offline, never loaded, no reason', ws({ state: 'offline', lastSuccessAt: null }), { text: 'Offline', tone: 'error', retryAt: null, canRetryNow: true }],
    ['error with no message', ws({ state: 'error', lastSuccessAt: T0 - 60_000 }), { text: `Something went wrong (last updated ${at})`, tone: 'error', retryAt: null, canRetryNow: true }],
    ['error, retry due right now', ws({ state: 'error', lastSuccessAt: null, nextPollAt: T0 }), { text: 'Something went wrong', tone: 'error', retryAt: null, canRetryNow: true }],
    [
      'a 503 whose Retry-After is still running: no "Retry now" (main sends nothing before then)',
      ws({ state: 'error', lastSuccessAt: null, nextPollAt: T0 + 30_000, waitUntil: T0 + 30_000, lastError: { code: 'server', status: 503, retryAfterMs: 60_000, message: 'Down.' } }),
      { text: 'Down.', tone: 'error', retryAt: T0 + 30_000, canRetryNow: false },
    ],
    [
      'a 503 whose Retry-After is over while the backoff holds the next poll later: "Retry now" again',
      ws({ state: 'error', lastSuccessAt: null, nextPollAt: T0 + 200_000, waitUntil: null, lastError: { code: 'server', status: 503, retryAfterMs: 1000, message: 'Down.' } }),
      { text: 'Down.', tone: 'error', retryAt: T0 + 200_000, canRetryNow: true },
    ],
    [
      'a 503 whose Retry-After is over, its poll due: "Retry now" again',
      ws({ state: 'error', lastSuccessAt: null, nextPollAt: T0, lastError: { code: 'server', status: 503, retryAfterMs: 60_000, message: 'Down.' } }),
      { text: 'Down.', tone: 'error', retryAt: null, canRetryNow: true },
    ],
    ['signed out, never loaded', ws({ state: 'signed-out', lastSuccessAt: null, nextPollAt: T0 + 5000 }), { text: 'Signed out – sign in to continue', tone: 'error', retryAt: null, canRetryNow: false }],
    ['signed out after a load: how old the queue on screen is', ws({ state: 'signed-out', lastSuccessAt: T0 - 60_000 }), { text: `Signed out – sign in to continue (last updated ${at})`, tone: 'error', retryAt: null, canRetryNow: false }],
  ])('%s', (_, w, line) => {
    expect(statusLineFor(w, T0)).toEqual(line);
  });

  const history = (over: Partial<ReturnType<typeof aWorkspace>['history']> = {}) => ({ refreshedAt: T0, refreshing: false, kept: 0, partial: { APPROVED: null, REJECTED: null }, lastError: null, ...over });
  it.each([
    ['signed out, never loaded: nothing to say', 'signed-out', history({ refreshedAt: null }), []],
    ['signed out after a load: when it was last refreshed', 'signed-out', history({ refreshedAt: T0 - 60_000 }), [`Last refreshed ${at}.`]],
    ['live, never loaded and not loading', 'live', history({ refreshedAt: null }), ['Approved and rejected requests have not been loaded yet.']],
  ] as const)('Approved notes: %s', (_, state, h, notes) => {
    expect(listNotesFor('APPROVED', [aWorkspace({ poll: { ...aWorkspace().poll, state }, history: h })], () => 0)).toEqual(notes);
  });
});
