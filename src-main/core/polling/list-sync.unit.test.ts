/**
 * List-sync's own bookkeeping against a scripted client at its port (`ListSyncDeps.client`):
 * the moments the simulator cannot hold still — a history list in flight while the workspace is
 * suspended or signed out, an apply that throws, two history halves to merge. The behaviour over
 * real HTTP is in list-sync.test.ts; this file closes what mutation testing (docs/MUTATION.md)
 * found unguarded there.
 */
import { describe, expect, it, vi } from 'vitest';
import { fail, ok, type AccessRequest, type Result } from '../../../src-shared/domain';
import type { ListQuery, ListResult } from '../api/client';
import { createListSync, FILTER_RETRY_MS, HISTORY_FRESH_MS, HISTORY_RETRY_MS, type ListBatch } from './list-sync';

const list = (over: Partial<ListResult> = {}): ListResult => ({ rows: [], dropped: 0, serverDate: null, truncated: false, decidedOmitted: { APPROVED: 0, REJECTED: 0 }, pages: 1, ...over });

/** A read-back the test answers by hand: which id was asked for, and how to answer it. */
type HeldGet = { id: string; resolve: (r: Result<AccessRequest>) => void };

function setup(opts: { readBacksDue?: string[] } = {}) {
  const pendingLists: ((r: Result<ListResult>) => void)[] = [];
  const calls: ListQuery[] = [];
  const applied: ListBatch[] = [];
  const gets: HeldGet[] = [];
  const readBacks: string[] = [];
  const clock = { now: 1_000_000 };
  const onError = vi.fn();
  const onChange = vi.fn();
  const deps = {
    client: {
      listRequests: vi.fn((query: ListQuery) => {
        calls.push(query);
        return new Promise<Result<ListResult>>((resolve) => void pendingLists.push(resolve));
      }),
      getRequest: vi.fn((id: string) => new Promise<Result<AccessRequest>>((resolve) => void gets.push({ id, resolve }))),
    },
    now: () => clock.now,
    historyIntervalMs: () => 300_000,
    decidedLimit: () => 1000,
    listMaxBytes: () => 1e7,
    apply: vi.fn(async (batch: ListBatch): Promise<void> => {
      applied.push(batch);
    }),
    readBacksDue: (max: number) => (opts.readBacksDue ?? []).slice(0, max),
    readBack: async (id: string) => {
      readBacks.push(id);
    },
    pollNow: vi.fn(async () => {}),
    onUnauthorized: vi.fn(),
    onError,
    onChange,
  };
  const sync = createListSync(deps as unknown as Parameters<typeof createListSync>[0]);
  /** Answers the list call waiting at `index` (the oldest by default), then lets the sync go on. */
  const answer = async (r: Result<ListResult>, index = 0) => {
    pendingLists.splice(index, 1)[0]?.(r);
    await settle();
  };
  return { sync, deps, calls, applied, gets, readBacks, clock, answer, onError, onChange };
}

/** Lets promise callbacks run (no timers involved). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

const row = (id: string, status: AccessRequest['status']) => ({ id, status }) as AccessRequest;

const statuses = (s: ReturnType<typeof setup>) => s.calls.map((q) => q.status);

/** One poll whose pending list (the newest call) is answered with `r`. */
async function tickWith(s: ReturnType<typeof setup>, r: Result<ListResult>): Promise<void> {
  const done = s.sync.tick(new AbortController().signal);
  await s.answer(r, -1);
  await done;
}

describe('history refresh bookkeeping', () => {
  it('the two halves are merged into one history batch: rows, dropped, truncated (and which status was), omitted by status, pages, server date', async () => {
    const s = setup();
    const done = s.sync.refreshHistory();
    expect(s.sync.historyState().refreshing).toBe(true);
    await s.answer(ok(list({ dropped: 2, truncated: false, decidedOmitted: { APPROVED: 3, REJECTED: 0 }, pages: 2, serverDate: 111 })));
    await s.answer(ok(list({ dropped: 1, truncated: true, decidedOmitted: { APPROVED: 1, REJECTED: 4 }, pages: 3, serverDate: null })));
    await done;
    expect(s.calls).toEqual([{ status: 'APPROVED' }, { status: 'REJECTED' }]);
    expect(s.applied).toHaveLength(1);
    expect(s.applied[0]).toMatchObject({ scope: 'history', cut: ['REJECTED'], result: { dropped: 3, truncated: true, decidedOmitted: { APPROVED: 4, REJECTED: 4 }, pages: 5, serverDate: 111 } });
    expect(s.sync.historyState()).toEqual({ refreshing: false, lastError: null });
  });

  it('suspend (cancel) aborts a history refresh in flight; its late failure is not reported', async () => {
    const s = setup();
    const done = s.sync.refreshHistory();
    s.sync.cancel();
    await s.answer(fail('server', 'late 503'));
    await done;
    expect(s.onError).not.toHaveBeenCalled();
    expect(s.sync.historyState().lastError).toBeNull();
    expect(s.applied).toEqual([]);
  });

  it('a history list answered after a cancel is not applied', async () => {
    const s = setup();
    const done = s.sync.refreshHistory();
    s.sync.cancel();
    await s.answer(ok(list()));
    await done;
    expect(s.calls).toHaveLength(1);
    expect(s.applied).toEqual([]);
  });

  it('after stop (sign-out) nothing in flight lands and no refresh starts again', async () => {
    const s = setup();
    const done = s.sync.refreshHistory();
    s.sync.stop();
    await s.answer(ok(list()));
    await done;
    await s.sync.refreshHistory();
    expect(s.calls).toHaveLength(1);
    expect(s.applied).toEqual([]);
  });

  it('an apply that throws ends the refresh with a reported internal error, and the next one can start', async () => {
    const s = setup();
    s.deps.apply.mockRejectedValueOnce(new Error('disk full'));
    const done = s.sync.refreshHistory();
    await s.answer(ok(list()));
    await s.answer(ok(list()));
    await done;
    expect(s.sync.historyState()).toEqual({ refreshing: false, lastError: { code: 'internal', message: 'Refreshing approved and rejected requests failed unexpectedly.' } });
    expect(s.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'internal' }), 'history: Error: disk full');
    void s.sync.refreshHistory();
    expect(s.calls).toHaveLength(3);
  });

  it('a history list that ignores the filter becomes a full snapshot; from then on a history refresh is a poll', async () => {
    const s = setup();
    const done = s.sync.refreshHistory();
    await s.answer(ok(list({ rows: [row('p1', 'PENDING')] })));
    await done;
    expect(s.applied.map((b) => b.scope)).toEqual(['full']);
    expect(s.sync.filter()).toBe('ignored');
    await s.sync.refreshHistory();
    expect(s.deps.pollNow).toHaveBeenCalledTimes(1);
    expect(s.calls).toHaveLength(1);
  });

  it('a failed history list is reported as the history\'s error', async () => {
    const s = setup();
    const done = s.sync.refreshHistory();
    await s.answer(fail('server', '503'));
    await done;
    expect(s.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'server' }), 'history');
    expect(s.sync.historyState().lastError).toMatchObject({ code: 'server' });
  });

  it('a refresh cancelled while its lists were being applied does not count as fresh', async () => {
    const s = setup();
    let release = () => {};
    s.deps.apply.mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)));
    const done = s.sync.refreshHistory();
    await s.answer(ok(list()));
    await s.answer(ok(list()));
    s.sync.cancel();
    release();
    await done;
    void s.sync.refreshHistory({ ifOlderThanMs: 30_000 });
    expect(s.calls).toHaveLength(3);
  });

  it('"if older than" skips only a refresh strictly fresher than the limit', async () => {
    const s = setup();
    const first = s.sync.refreshHistory();
    await s.answer(ok(list()));
    await s.answer(ok(list()));
    await first;
    await s.sync.refreshHistory({ ifOlderThanMs: 1 });
    expect(s.calls).toHaveLength(2);
    void s.sync.refreshHistory({ ifOlderThanMs: 0 });
    expect(s.calls).toHaveLength(3);
  });
});

describe('history cadence, counted on the clock the polls see', () => {
  /** One poll whose pending list (the only list call waiting) comes back empty. */
  const poll = async (s: ReturnType<typeof setup>) => {
    const done = s.sync.tick(new AbortController().signal);
    await s.answer(ok(list()));
    await done;
  };

  it('history comes again on the first poll once its interval has passed since the last refresh was sent, not a millisecond before', async () => {
    const s = setup();
    const first = s.sync.refreshHistory();
    await s.answer(ok(list()));
    await s.answer(ok(list()));
    await first;
    const sentAt = s.clock.now;
    s.clock.now = sentAt + 300_000 - 1;
    await poll(s);
    expect(statuses(s)).toEqual(['APPROVED', 'REJECTED', 'PENDING']);
    s.clock.now = sentAt + 300_000;
    await poll(s);
    expect(statuses(s)).toEqual(['APPROVED', 'REJECTED', 'PENDING', 'PENDING', 'APPROVED']);
  });

  it('after a failed history refresh, the first poll a full minute later tries it again, not a millisecond before', async () => {
    const s = setup();
    const first = s.sync.refreshHistory();
    await s.answer(fail('server', '503'));
    await first;
    const failedAt = s.clock.now;
    s.clock.now = failedAt + HISTORY_RETRY_MS - 1;
    await poll(s);
    expect(statuses(s)).toEqual(['APPROVED', 'PENDING']);
    s.clock.now = failedAt + HISTORY_RETRY_MS;
    await poll(s);
    expect(statuses(s)).toEqual(['APPROVED', 'PENDING', 'PENDING', 'APPROVED']);
  });

  it('a mixed pending list while the history check is under way is used for its pending rows only; the history answer holding every status is what makes the filter ignored', async () => {
    const s = setup();
    const mixed = () => ok(list({ rows: [row('p1', 'PENDING'), row('d1', 'REJECTED')] }));
    // The first mixed pending list starts the history at once (to tell whether the filter is ignored).
    await tickWith(s, mixed());
    expect(statuses(s)).toEqual(['PENDING', 'APPROVED']);
    const pollDone = s.sync.tick(new AbortController().signal);
    await s.answer(mixed(), 1);
    await pollDone;
    expect(s.applied.map((b) => b.scope)).toEqual(['pending', 'pending']);
    expect(s.sync.filter()).toBe('upper');
    // The history's APPROVED list holds every status: the filter is ignored, and that answer is the whole list.
    await s.answer(ok(list({ rows: [row('p0', 'PENDING'), row('d2', 'APPROVED')] })), 0);
    expect(statuses(s)).toEqual(['PENDING', 'APPROVED', 'PENDING']);
    expect(s.applied.map((b) => b.scope)).toEqual(['pending', 'pending', 'full']);
    expect(s.sync.filter()).toBe('ignored');
    expect(s.sync.historyState()).toEqual({ refreshing: false, lastError: null });
  });

  it('a full list whose poll was aborted (suspend) while it was applied does not count as a history refresh: opening a history tab still polls', async () => {
    const s = setup();
    // The filter is found ignored (the history's answer holds every status).
    await tickWith(s, ok(list({ rows: [row('p1', 'PENDING'), row('d1', 'APPROVED')] })));
    await s.answer(ok(list({ rows: [row('p1', 'PENDING'), row('d1', 'APPROVED')] })));
    expect(s.sync.filter()).toBe('ignored');
    s.clock.now += HISTORY_FRESH_MS;
    let release = () => {};
    s.deps.apply.mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)));
    const aborter = new AbortController();
    const done = s.sync.tick(aborter.signal);
    await s.answer(ok(list({ rows: [row('p1', 'PENDING'), row('d1', 'APPROVED')] })));
    aborter.abort();
    release();
    await done;
    await s.sync.refreshHistory({ ifOlderThanMs: HISTORY_FRESH_MS });
    expect(s.deps.pollNow).toHaveBeenCalledTimes(1);
  });
});

describe('a pending list with decided rows in it', () => {
  const mixed = () => ok(list({ rows: [row('p1', 'PENDING'), row('p2', 'UNKNOWN'), row('d1', 'REJECTED')] }));

  it('once: only its pending rows are used, as the pending list; the history is read at once, and a clean one keeps the filter', async () => {
    const s = setup();
    await tickWith(s, mixed());
    expect(s.applied).toHaveLength(1);
    expect(s.applied[0]!.scope).toBe('pending');
    // UNKNOWN proves nothing (F4) and stays: it is not a decided row.
    expect(s.applied[0]!.result.rows.map((r) => r.id)).toEqual(['p1', 'p2']);
    expect(s.sync.filter()).toBe('upper');
    expect(statuses(s)).toEqual(['PENDING', 'APPROVED']);
    await s.answer(ok(list({ rows: [row('d2', 'APPROVED')] })));
    await s.answer(ok(list({ rows: [row('d1', 'REJECTED')] })));
    expect(s.applied.map((b) => b.scope)).toEqual(['pending', 'history']);
    expect(s.sync.filter()).toBe('upper');
    // A clean list after it: one mixed list again later is again only a suspicion.
    await tickWith(s, ok(list({ rows: [row('p1', 'PENDING')] })));
    await tickWith(s, mixed());
    expect(s.applied.map((b) => b.scope)).toEqual(['pending', 'history', 'pending', 'pending']);
    expect(s.sync.filter()).toBe('upper');
    // The history was read within HISTORY_FRESH_MS: not again yet (a server that keeps a decided
    // row in every pending list costs no history read per poll)…
    expect(statuses(s)).toEqual(['PENDING', 'APPROVED', 'REJECTED', 'PENDING', 'PENDING']);
    // …and once it is older, at once.
    s.clock.now += HISTORY_FRESH_MS;
    await tickWith(s, mixed());
    expect(statuses(s)).toEqual(['PENDING', 'APPROVED', 'REJECTED', 'PENDING', 'PENDING', 'PENDING', 'APPROVED']);
  });

  it('twice in a row, the history check failing between: still only their pending rows, never a full snapshot that would replace the history', async () => {
    const s = setup();
    await tickWith(s, mixed());
    await s.answer(fail('server', 'HTTP 503', { status: 503 }));
    await tickWith(s, mixed());
    expect(s.applied.map((b) => b.scope)).toEqual(['pending', 'pending']);
    expect(s.applied[1]!.result.rows.map((r) => r.id)).toEqual(['p1', 'p2']);
    expect(s.sync.filter()).toBe('upper');
  });

  it('a filter found ignored is asked for again after FILTER_RETRY_MS (a server fixed meanwhile), and kept if it works', async () => {
    const s = setup();
    await tickWith(s, mixed());
    await s.answer(ok(list({ rows: [row('p1', 'PENDING'), row('d2', 'APPROVED')] })));
    expect(s.sync.filter()).toBe('ignored');
    const ignoredAt = s.clock.now;
    s.clock.now = ignoredAt + FILTER_RETRY_MS - 1;
    await tickWith(s, ok(list({ rows: [row('p1', 'PENDING'), row('d2', 'APPROVED')] })));
    expect(s.calls.at(-1)).toEqual({ status: undefined });
    expect(s.applied.at(-1)!.scope).toBe('full');
    s.clock.now = ignoredAt + FILTER_RETRY_MS;
    await tickWith(s, ok(list({ rows: [row('p1', 'PENDING')] })));
    expect(s.calls.at(-1)).toEqual({ status: 'PENDING' });
    expect(s.applied.at(-1)!.scope).toBe('pending');
    expect(s.sync.filter()).toBe('upper');
  });

  it('a clean history read between two mixed pending lists clears the suspicion: the filter stays', async () => {
    const s = setup();
    await tickWith(s, mixed());
    await s.answer(ok(list({ rows: [row('d2', 'APPROVED')] })));
    await s.answer(ok(list({ rows: [row('d1', 'REJECTED')] })));
    await tickWith(s, mixed());
    expect(s.sync.filter()).toBe('upper');
    expect(s.applied.map((b) => b.scope)).toEqual(['pending', 'history', 'pending']);
  });

  it('after a failed history read, a mixed pending list waits for the history retry time before reading it again', async () => {
    const s = setup();
    await tickWith(s, mixed());
    await s.answer(fail('server', 'HTTP 503', { status: 503 }));
    expect(statuses(s)).toEqual(['PENDING', 'APPROVED']);
    await tickWith(s, ok(list({ rows: [row('p1', 'PENDING')] })));
    await tickWith(s, mixed());
    expect(statuses(s)).toEqual(['PENDING', 'APPROVED', 'PENDING', 'PENDING']);
    s.clock.now += HISTORY_RETRY_MS;
    await tickWith(s, ok(list({ rows: [row('p1', 'PENDING')] })));
    expect(statuses(s).at(-1)).toBe('APPROVED');
  });

  it('a history list that holds other statuses after it: the filter is ignored (the history check decides)', async () => {
    const s = setup();
    await tickWith(s, mixed());
    await s.answer(ok(list({ rows: [row('p1', 'PENDING'), row('d2', 'APPROVED')] })));
    expect(s.sync.filter()).toBe('ignored');
    expect(s.applied.map((b) => b.scope)).toEqual(['pending', 'full']);
  });
});

describe('read-backs in a poll', () => {
  it('at most four read-backs are in flight at once; each answer lets the next one start', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
    const s = setup({ readBacksDue: ids });
    const done = s.sync.tick(new AbortController().signal);
    await s.answer(ok(list()));
    expect(s.gets).toHaveLength(4);
    for (let i = 0; i < ids.length; i += 1) {
      s.gets[i]!.resolve(ok(row(s.gets[i]!.id, 'APPROVED')));
      await settle();
      expect(s.gets.length - (i + 1)).toBe(Math.min(4, ids.length - (i + 1)));
    }
    await done;
    expect(s.gets.map((g) => g.id)).toEqual(ids);
    expect(s.readBacks).toEqual(ids);
  });

  it('after a read-back fails for now (503), the poll starts no more read-backs, and the log says it was the read-back', async () => {
    const s = setup({ readBacksDue: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] });
    const done = s.sync.tick(new AbortController().signal);
    await s.answer(ok(list()));
    expect(s.gets.map((g) => g.id)).toEqual(['a', 'b', 'c', 'd']);
    s.gets[0]!.resolve(fail('server', 'Service unavailable'));
    await settle();
    for (const g of s.gets.slice(1)) g.resolve(ok(row(g.id, 'REJECTED')));
    await settle();
    await expect(done).resolves.toMatchObject({ ok: true });
    // The three already asked are applied; e-h wait for the next poll.
    expect(s.gets.map((g) => g.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(s.readBacks).toEqual(['b', 'c', 'd']);
    expect(s.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'server' }), 'read back');
  });

  it('read-backs answered after the poll was aborted (suspend) are neither applied nor reported', async () => {
    const s = setup({ readBacksDue: ['a', 'b'] });
    const aborter = new AbortController();
    const done = s.sync.tick(aborter.signal);
    await s.answer(ok(list()));
    expect(s.gets).toHaveLength(2);
    aborter.abort();
    // One answer arrived as the poll was aborted; the other is what the client says for a cancelled call.
    s.gets[0]!.resolve(ok(row('a', 'REJECTED')));
    s.gets[1]!.resolve(fail('offline', 'The request was cancelled.'));
    await done;
    expect(s.readBacks).toEqual([]);
    expect(s.onError).not.toHaveBeenCalled();
  });

  it('a poll aborted (suspend) during its read-backs starts no history refresh, even when one is due', async () => {
    const s = setup({ readBacksDue: ['a'] });
    const aborter = new AbortController();
    const done = s.sync.tick(aborter.signal);
    await s.answer(ok(list()));
    aborter.abort();
    s.gets[0]!.resolve(fail('offline', 'The request was cancelled.'));
    await done;
    await settle();
    expect(s.calls.map((q) => q.status)).toEqual(['PENDING']);
    expect(s.sync.historyState().refreshing).toBe(false);
  });
});
