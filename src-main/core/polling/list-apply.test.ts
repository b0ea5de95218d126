/**
 * What a workspace's lists and read-backs do to a real store: names asked for first, the list
 * applied and its newly pending requests announced, a read-back's row recorded or (404) removed,
 * a failed read-back reported and given up; and answers for a workspace that was cancelled,
 * replaced or removed meanwhile change nothing.
 */
import { describe, expect, it } from 'vitest';
import { fail, ok, type AccessRequest, type AppError, type Result } from '../../../src-shared/domain';
import { anAccessRequest, T0 } from '../../../test/fakes/builders';
import type { KeyValueStore } from '../ports';
import type { Names } from '../requests/names';
import { createRequestStore, type ListScope } from '../requests/request-store';
import { createListApply } from './list-apply';
import type { ListBatch } from './list-sync';

function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>();
  return { read: (k) => ok(data.get(k)), write: (k, v) => (data.set(k, structuredClone(v)), ok(null)) };
}

const SERVER_DOWN: AppError = { code: 'server', message: 'The Fruxon server had a problem.', status: 503 };

function setup() {
  const store = createRequestStore({ dataStore: memoryStore(), now: () => T0 });
  const asked: string[][] = [];
  /** Runs while names are being fetched (the workspace may be replaced meanwhile). */
  let duringNames = () => {};
  const names = {
    ensure: async (rows: readonly AccessRequest[]) => {
      asked.push(rows.map((r) => r.id));
      duringNames();
    },
  } as Pick<Names, 'ensure'> as Names;
  const announced: Array<[string, string[], boolean]> = [];
  const errors: Array<[string, string]> = [];
  let changes = 0;
  const apply = createListApply({
    store,
    workspaces: { namesOf: (id) => (id === 'ws-1' ? names : null) },
    announcer: { announce: (ws, ids, fromPendingList) => announced.push([ws, ids, fromPendingList]) },
    onChange: () => (changes += 1),
    onError: (error, context) => errors.push([error.code, context]),
  });
  let current = true;
  const source = { workspaceId: 'ws-1', isCurrent: () => current };
  const batch = (scope: ListScope, rows: AccessRequest[]): ListBatch => ({
    scope,
    fetchedAt: T0,
    result: { rows, dropped: 0, serverDate: null, truncated: false, decidedOmitted: { APPROVED: 0, REJECTED: 0 }, pages: 1 },
  });
  return {
    store,
    apply,
    source,
    batch,
    asked,
    announced,
    errors,
    changes: () => changes,
    replaceWhileNaming: () => (duringNames = () => void (current = false)),
    replace: () => (current = false),
    list: (scope: ListScope, rows: AccessRequest[], signal = new AbortController().signal) => apply.onBatch(source, batch(scope, rows), signal),
    readBack: (id: string, res: Result<AccessRequest>) => apply.onReadBack(source, id, res),
  };
}

const row = (id: string, over: Partial<AccessRequest> = {}) => anAccessRequest({ id, workspaceId: 'ws-1', ...over });

describe('list apply: lists', () => {
  it.each<[ListScope, boolean]>([
    ['pending', true],
    ['full', true],
    ['history', false],
  ])('a %s list: names first, then the store, its new pending requests announced (from a pending list: %s), a snapshot', async (scope, fromPendingList) => {
    const t = setup();
    await t.list('pending', [row('a')]); // the first list only fills the seen-set
    await t.list(scope, [row('a'), row('b')]);
    expect(t.asked).toEqual([['a'], ['a', 'b']]);
    expect(t.store.get('ws-1', 'b')).toBeDefined();
    expect(t.announced.at(-1)).toEqual(['ws-1', ['b'], fromPendingList]);
    expect(t.changes()).toBe(2);
  });

  it.each<[string, (t: ReturnType<typeof setup>) => AbortSignal]>([
    [
      'cancelled (stop, sign-out)',
      () => {
        const c = new AbortController();
        c.abort();
        return c.signal;
      },
    ],
    [
      'replaced while its names were fetched',
      (t) => {
        t.replaceWhileNaming();
        return new AbortController().signal;
      },
    ],
  ])('a list of a workspace %s changes nothing and announces nothing', async (_name, prepare) => {
    const t = setup();
    const signal = prepare(t);
    await t.list('pending', [row('a')], signal);
    expect(t.store.get('ws-1', 'a')).toBeUndefined();
    expect(t.announced).toEqual([]);
    expect(t.changes()).toBe(0);
  });
});

describe('list apply: read-backs', () => {
  /** A store where 'a' left the pending list and waits to be read back to learn what became of it (F10). */
  async function leftPending() {
    const t = setup();
    const a = row('a');
    await t.list('pending', [a, row('b')]);
    await t.list('pending', [row('b')]);
    expect(t.store.readBacksDue('ws-1', 10)).toEqual(['a']);
    return { t, a, changesBefore: t.changes() };
  }
  const decided = (r: AccessRequest): AccessRequest => ({ ...r, status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-1', processedAt: T0, modifiedAt: T0 });

  it('the row read back replaces the held one, with its names asked for first, and a snapshot follows', async () => {
    const { t, a, changesBefore } = await leftPending();
    await t.readBack('a', ok(decided(a)));
    expect(t.asked.at(-1)).toEqual(['a']);
    expect(t.store.get('ws-1', 'a')?.status).toBe('APPROVED');
    expect(t.changes()).toBe(changesBefore + 1);
  });

  it('the same row read back again changes nothing: no snapshot', async () => {
    const { t, a } = await leftPending();
    const back = decided(a);
    await t.readBack('a', ok(back));
    const changes = t.changes();
    await t.readBack('a', ok(back));
    expect(t.changes()).toBe(changes);
  });

  it('F10: a request the server no longer has (404) leaves the queue and is not waited for any more, and is no error', async () => {
    const { t, changesBefore } = await leftPending();
    expect(t.store.get('ws-1', 'a')?.status).toBe('PENDING'); // held until the answer
    await t.readBack('a', fail('not-found', 'gone', { status: 404 }));
    expect(t.store.get('ws-1', 'a')).toBeUndefined();
    expect(t.store.readBacksDue('ws-1', 10)).toEqual([]);
    expect(t.errors).toEqual([]);
    expect(t.changes()).toBe(changesBefore + 1);
  });

  it('F10: a request the queue still holds that the server no longer has (404) leaves the queue', async () => {
    const t = setup();
    await t.list('pending', [row('a')]);
    const changes = t.changes();
    await t.readBack('a', fail('not-found', 'gone', { status: 404 }));
    expect(t.store.get('ws-1', 'a')).toBeUndefined();
    expect(t.changes()).toBe(changes + 1);
  });

  it('any other failure is reported with the id, and the request leaves the queue, no longer waited for (the history list will tell)', async () => {
    const { t, changesBefore } = await leftPending();
    await t.readBack('a', { ok: false, error: SERVER_DOWN });
    expect(t.errors).toEqual([['server', 'read back a']]);
    expect(t.store.get('ws-1', 'a')).toBeUndefined();
    expect(t.store.readBacksDue('ws-1', 10)).toEqual([]);
    expect(t.changes()).toBe(changesBefore + 1);
  });

  it.each<[string, (t: ReturnType<typeof setup>) => void]>([
    ['replaced before the answer came', (t) => t.replace()],
    ['replaced while its names were fetched', (t) => t.replaceWhileNaming()],
  ])('an answer for a workspace %s changes nothing', async (_name, replace) => {
    const t = setup();
    const a = row('a');
    await t.list('pending', [a]);
    const changes = t.changes();
    replace(t);
    await t.readBack('a', ok(decided(a)));
    await t.readBack('a', fail('not-found', 'gone', { status: 404 }));
    expect(t.store.get('ws-1', 'a')).toBe(a);
    expect(t.changes()).toBe(changes);
  });
});
