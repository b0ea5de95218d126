/**
 * List-sync's own bookkeeping against a scripted client at its port (`ListSyncDeps.client`):
 * the moments the simulator cannot hold still — a history list in flight while the workspace is
 * suspended or signed out, an apply that throws, two history halves to merge. The behaviour over
 * real HTTP is in list-sync.test.ts; this file closes what mutation testing (docs/MUTATION.md)
 * found unguarded there.
 */
import { describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result } from '../../../src-shared/domain';
import type { ListQuery, ListResult } from '../api/client';
import { createListSync, type ListBatch } from './list-sync';

const list = (over: Partial<ListResult> = {}): ListResult => ({ rows: [], dropped: 0, serverDate: null, truncated: false, decidedOmitted: 0, pages: 1, ...over });

function setup() {
  const pendingLists: ((r: Result<ListResult>) => void)[] = [];
  const calls: ListQuery[] = [];
  const applied: ListBatch[] = [];
  const onError = vi.fn();
  const onChange = vi.fn();
  const deps = {
    client: {
      listRequests: vi.fn((query: ListQuery) => {
        calls.push(query);
        return new Promise<Result<ListResult>>((resolve) => void pendingLists.push(resolve));
      }),
      getRequest: vi.fn(async () => fail('not-found', 'gone')),
    },
    now: () => 1_000_000,
    historyIntervalMs: () => 300_000,
    decidedLimit: () => 1000,
    listMaxBytes: () => 1e7,
    apply: vi.fn(async (batch: ListBatch): Promise<void> => {
      applied.push(batch);
    }),
    readBacksDue: () => [],
    readBack: async () => {},
    pollNow: vi.fn(async () => {}),
    onUnauthorized: vi.fn(),
    onError,
    onChange,
  };
  const sync = createListSync(deps as unknown as Parameters<typeof createListSync>[0]);
  /** Answers the oldest list call still waiting, then lets the sync go on. */
  const answer = async (r: Result<ListResult>) => {
    pendingLists.shift()?.(r);
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
  };
  return { sync, deps, calls, applied, answer, onError, onChange };
}

describe('history refresh bookkeeping', () => {
  it('the two halves are merged into one history batch: rows, dropped, truncated, omitted, pages, server date', async () => {
    const s = setup();
    const done = s.sync.refreshHistory();
    expect(s.sync.historyState().refreshing).toBe(true);
    await s.answer(ok(list({ dropped: 2, truncated: false, decidedOmitted: 3, pages: 2, serverDate: 111 })));
    await s.answer(ok(list({ dropped: 1, truncated: true, decidedOmitted: 4, pages: 3, serverDate: null })));
    await done;
    expect(s.calls).toEqual([{ status: 'APPROVED' }, { status: 'REJECTED' }]);
    expect(s.applied).toHaveLength(1);
    expect(s.applied[0]).toMatchObject({ scope: 'history', result: { dropped: 3, truncated: true, decidedOmitted: 7, pages: 5, serverDate: 111 } });
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
    await s.answer(ok(list({ rows: [{ id: 'p1', status: 'PENDING' } as ListResult['rows'][number]] })));
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

