// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { aRequest, aSnapshot, aWorkspace, T0 } from '../../test/fakes/builders';
import { useClockStore } from './clock';
import { startCursorSync } from './cursor-sync';
import { useDecisionsStore } from './decisions';
import { useFiltersStore } from './filters';
import { useNoticesStore } from './notices';
import { useQueueStore } from './queue';
import { useSettingsStore } from './settings';
import { useViewStore } from './view';
import { readVisible } from './visible';

const a = aRequest({ id: 'a', displayName: 'Ana', createdAt: T0 - 3000 });
const b = aRequest({ id: 'b', displayName: 'Bo', createdAt: T0 - 2000 });
const c = aRequest({ id: 'c', displayName: 'Cy', createdAt: T0 - 1000 });
const byAlice = (r: typeof a) => ({ ...r, status: 'APPROVED' as const, rawStatus: 'APPROVED', processedBy: 'u-a', processedByName: 'Alice Moreno', processedAt: T0, modifiedAt: T0 });

let seq = 0;
const show = (...rows: (typeof a)[]) => useQueueStore.getState().applySnapshot(aSnapshot(rows, { seq: (seq += 1) }));
const cursor = () => useViewStore.getState().cursor.PENDING;
const notices = () => useNoticesStore.getState().notices.map((n) => `${n.title} ${n.body}`);

let stop: (() => void) | null = null;
function start() {
  useClockStore.getState().tick(T0);
  show(a, b, c);
  stop = startCursorSync(readVisible);
}
afterEach(() => {
  stop?.();
  stop = null;
});

describe('cursor, pane and keys are one state', () => {
  it('the cursor starts on the first row and stays on its request while the list changes around it', () => {
    start();
    expect(cursor()).toBe('a');
    useViewStore.getState().setCursor('b');
    show(aRequest({ id: 'z', createdAt: T0 - 9000 }), a, b, c);
    expect(cursor()).toBe('b');
  });

  it('decided by someone else: the cursor moves on at once, synchronously, and a notice says who decided', () => {
    start();
    useViewStore.getState().setCursor('b');
    useViewStore.getState().setDetailOpen(true);
    show(a, byAlice(b), c);
    // Before any render: what a key would act on now is the next request.
    expect(cursor()).toBe('c');
    expect(useViewStore.getState().detailOpen).toBe(true);
    expect(notices()[0]).toMatch(/^Bo was approved by Alice Moreno at \d\d:\d\d\. The cursor moved to the next request\.$/);
  });

  it('the console\'s own decision, a filter or a vanished row move the cursor too; only the vanished row is announced', () => {
    start();
    useViewStore.getState().setCursor('a');
    useDecisionsStore.setState({ records: { a: { phase: 'applied' } as never } });
    show(byAlice(a), b, c);
    expect(cursor()).toBe('b');
    useFiltersStore.getState().setFilters('PENDING', { query: 'Cy' });
    expect(cursor()).toBe('c');
    expect(notices()).toEqual([]);
    useFiltersStore.getState().setFilters('PENDING', { query: '' });
    show(b);
    expect(cursor()).toBe('b');
    expect(notices()[0]).toMatch(/^Cy is no longer pending on the server \(decided or deleted elsewhere\)\./);
  });

  it('nothing left: no cursor and the pane closes', () => {
    start();
    useViewStore.getState().setDetailOpen(true);
    show();
    expect(cursor()).toBeNull();
    expect(useViewStore.getState().detailOpen).toBe(false);
  });

  it('a decision dialog whose request is decided underneath it closes, saying nothing was sent', () => {
    start();
    useViewStore.getState().setCursor('b');
    useViewStore.getState().openDialog({ kind: 'reject', ref: { workspaceId: 'ws-1', requestId: 'b' } });
    show(a, byAlice(b), c);
    expect(useViewStore.getState().dialog).toBeNull();
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toMatch(/^Bo was already approved by Alice Moreno at .*Your rejection was not sent; the dialog was closed\. Keys do nothing until you stop typing for 2 seconds or press Esc\.$/);
    // The rest of what the operator was typing is no shortcut on the request that took Bo's place.
    expect(useViewStore.getState().keysHeld).toBe(true);
  });

  it('selected requests decided or deleted elsewhere leave the selection with a word, and so do those a search hides; my own decisions say nothing', () => {
    const d = aRequest({ id: 'd', displayName: 'Dee', createdAt: T0 - 500 });
    const e = aRequest({ id: 'e', displayName: 'Eve', createdAt: T0 - 400 });
    start();
    show(a, b, c, d, e);
    useViewStore.getState().setSelection(['b', 'c', 'd', 'e']);
    show(a, byAlice(b), c, d, e);
    expect(useViewStore.getState().selection).toEqual(['c', 'd', 'e']);
    expect(notices()).toEqual([expect.stringMatching(/^Bo was approved by Alice Moreno at \d\d:\d\d\. It left your selection \(3 selected now\)\.$/)]);
    // The notice opens Bo's request.
    expect(useNoticesStore.getState().notices[0]!.requests).toEqual([{ workspaceId: 'ws-1', requestId: 'b' }]);
    show(a, byAlice(b), d, e);
    expect(notices()[0]).toBe('Cy is no longer pending on the server (decided or deleted elsewhere). It left your selection (2 selected now).');
    // Mine: waiting out its undo window, it leaves the list when main says it is decided; nobody is told.
    useDecisionsStore.setState({ records: { d: { id: 'd', ref: { workspaceId: 'ws-1', requestId: 'd' }, kind: 'reject', input: { workspaceId: 'ws-1', requestId: 'd' }, subject: 'Dee', batchId: null, phase: 'sending', sendAt: null, message: null, tone: 'progress', canRetry: false, retryAt: null, seq: 1, at: T0, coreGaveUp: false } } });
    show(a, byAlice(b), { ...byAlice(d), status: 'REJECTED', rawStatus: 'REJECTED' }, e);
    expect(useViewStore.getState().selection).toEqual(['e']);
    expect(notices()).toHaveLength(2);
    useFiltersStore.getState().setFilters('PENDING', { query: 'Ana' });
    expect(useViewStore.getState().selection).toEqual([]);
    // Clearing the search will not bring Eve back: a bulk decision then would leave her out unannounced.
    expect(notices()).toHaveLength(3);
    expect(notices()).toContain('Eve left your selection: hidden by the search or filters (0 selected now). ');
  });

  it('F31: an "Outcome unknown" is settled by the next snapshot that lists the request decided by this operator', () => {
    start();
    show(a, b, c);
    const ref = { workspaceId: 'ws-1', requestId: 'b' };
    useDecisionsStore.setState({ records: { b: { id: 'b', ref, kind: 'approve', input: { ...ref, mode: 'CREATE_NEW' }, subject: 'Bo', batchId: null, phase: 'unknown', sendAt: null, message: 'Outcome unknown', tone: 'error', canRetry: false, retryAt: null, seq: 1, at: T0, coreGaveUp: true } } });
    useQueueStore.getState().applySnapshot(aSnapshot([a, { ...byAlice(b), processedBy: 'u-me', processedByName: 'Sam Operator' }, c], { seq: (seq += 1), workspaces: [aWorkspace({ id: 'ws-1', operatorUserId: 'u-me' })] }));
    expect(useDecisionsStore.getState().records.b).toMatchObject({ phase: 'applied', message: expect.stringContaining('confirmed later') });
  });

  it('three selected requests leaving at once are named, all three', () => {
    start();
    useViewStore.getState().setCursor('a');
    useViewStore.getState().setSelection(['b', 'c']);
    const d = aRequest({ id: 'd', displayName: 'Dee', createdAt: T0 - 500 });
    show(a, b, c, d);
    useViewStore.getState().setSelection(['b', 'c', 'd']);
    show(a, byAlice(b), { ...byAlice(c), status: 'REJECTED', rawStatus: 'REJECTED' }, byAlice(d));
    expect(notices()).toEqual(['3 selected requests were decided or deleted elsewhere: Bo, Cy, Dee. They left your selection (0 selected now).']);
  });

  it('selected requests of a workspace that was signed out leave the selection without a word about each', () => {
    const two = [aWorkspace({ id: 'ws-1', label: 'Acme' }), aWorkspace({ id: 'ws-2', label: 'Beta' })];
    const z = aRequest({ id: 'z', displayName: 'Zed', workspaceId: 'ws-2', createdAt: T0 - 100 });
    start();
    useQueueStore.getState().applySnapshot(aSnapshot([a, b, c, z], { seq: (seq += 1), workspaces: two }));
    useViewStore.getState().setSelection(['b', 'z']);
    useQueueStore.getState().applySnapshot(aSnapshot([a, b, c], { seq: (seq += 1), workspaces: [two[0]!] }));
    expect(useViewStore.getState().selection).toEqual(['b']);
    expect(notices()).toEqual([]);
  });

  it('several selected requests leaving at once are one notice naming the first three', () => {
    const more = ['d', 'e', 'f'].map((id, i) => aRequest({ id, displayName: `N${id}`, createdAt: T0 - 900 + i }));
    start();
    show(a, b, c, ...more);
    useViewStore.getState().setCursor('a');
    useViewStore.getState().setSelection(['a', 'b', 'c', 'd', 'e', 'f']);
    show(byAlice(a), byAlice(b), byAlice(c), more[0]!, byAlice(more[1]!), byAlice(more[2]!));
    // The cursor's request is told about once, by the cursor's notice.
    expect(notices()).toEqual([
      '4 selected requests were decided or deleted elsewhere: Bo, Cy, Ne and 1 more. They left your selection (1 selected now).',
      expect.stringMatching(/^Ana was approved by Alice Moreno at \d\d:\d\d\. The cursor moved to the next request\.$/),
    ]);
  });

  it('the bulk selection keeps only rows still listed', () => {
    start();
    useViewStore.getState().setSelection(['a', 'c']);
    show(a, b);
    expect(useViewStore.getState().selection).toEqual(['a']);
  });
});

describe('which request a notice is about, and when the operator is told', () => {
  const byBob = (r: typeof a) => ({ ...r, status: 'REJECTED' as const, rawStatus: 'REJECTED', processedBy: 'u-b', processedByName: 'Bob Ito', processedAt: T0, modifiedAt: T0 });
  const told = () => useNoticesStore.getState().notices.map((n) => ({ text: `${n.title} ${n.body}`, requests: n.requests }));
  const twoWorkspaces = [aWorkspace({ id: 'ws-1', label: 'Acme' }), aWorkspace({ id: 'ws-2', label: 'Beta' })];
  const showIn = (workspaces: ReturnType<typeof aWorkspace>[], ...rows: (typeof a)[]) => useQueueStore.getState().applySnapshot(aSnapshot(rows, { seq: (seq += 1), workspaces }));

  it('decided elsewhere (approved or rejected): the notice names the request, so it can be opened', () => {
    start();
    useViewStore.getState().setCursor('b');
    show(a, byBob(b), c);
    expect(cursor()).toBe('c');
    expect(told()).toEqual([{ text: expect.stringMatching(/^Bo was rejected by Bob Ito at \d\d:\d\d\. The cursor moved to the next request\.$/), requests: [{ workspaceId: 'ws-1', requestId: 'b' }] }]);
  });

  it('the last row decided elsewhere with rows above it: the notice says the cursor moved up, not "to the next request"', () => {
    start();
    useViewStore.getState().setCursor('c');
    show(a, b, byAlice(c));
    expect(cursor()).toBe('b');
    expect(told().map((n) => n.text)).toEqual([expect.stringMatching(/^Cy was approved by Alice Moreno at \d\d:\d\d\. The cursor moved to the request above\.$/)]);
  });

  it('the second and last row decided elsewhere, the first above it: the notice says "above"', () => {
    start();
    useViewStore.getState().setCursor('b');
    show(a, byAlice(b));
    expect(cursor()).toBe('a');
    expect(told().map((n) => n.text)).toEqual([expect.stringMatching(/The cursor moved to the request above\.$/)]);
  });

  it('the cursor moving on to a request that has just arrived (never shown before) says "the next request"', () => {
    start();
    useViewStore.getState().setCursor('c');
    // Everything shown before was decided; the one row left has just arrived.
    const d = aRequest({ id: 'd', displayName: 'Dee', createdAt: (c.createdAt ?? 0) + 1000 });
    show(byAlice(a), byAlice(b), byAlice(c), d);
    expect(cursor()).toBe('d');
    expect(told().map((n) => n.text)).toEqual([expect.stringMatching(/The cursor moved to the next request\.$/)]);
  });

  it('the last row decided elsewhere: the notice says nothing else is listed', () => {
    start();
    useFiltersStore.getState().setFilters('PENDING', { query: 'Cy' });
    show(a, b, byAlice(c));
    expect(cursor()).toBeNull();
    expect(told().map((n) => n.text)).toEqual([expect.stringMatching(/^Cy was approved by Alice Moreno at \d\d:\d\d\. Nothing else is listed here\.$/)]);
  });

  it('a decision of this console that failed does not hide that someone else decided', () => {
    start();
    useViewStore.getState().setCursor('b');
    useDecisionsStore.setState({ records: { b: { phase: 'not-applied' } as never } });
    show(a, byAlice(b), c);
    expect(told().map((n) => n.text)).toEqual([expect.stringMatching(/^Bo was approved by Alice Moreno/)]);
  });

  it('decided while another tab was shown: back on Pending, the cursor has moved and the operator is told', () => {
    start();
    useViewStore.getState().setCursor('b');
    useViewStore.getState().setTab('APPROVED');
    show(a, byAlice(b), c);
    expect(useViewStore.getState().cursor.APPROVED).toBe('b');
    expect(told()).toEqual([]);
    useViewStore.getState().setTab('PENDING');
    expect(cursor()).toBe('a');
    expect(told().map((n) => n.text)).toEqual([expect.stringMatching(/^Bo was approved by Alice Moreno at \d\d:\d\d\. The cursor moved to the next request\.$/)]);
  });

  it.each([
    ['Pending: a request renamed so it no longer matches the search', 'PENDING' as const, (r: typeof a) => r],
    ['Approved: a request renamed so it no longer matches the search', 'APPROVED' as const, byAlice],
  ])('%s moves the cursor without a notice (nobody decided it)', (_, tab, as) => {
    start();
    show(a, as(b), c);
    useViewStore.getState().setTab(tab);
    useFiltersStore.getState().setFilters(tab, { query: 'o' });
    expect(useViewStore.getState().cursor[tab]).toBe('b');
    show(a, as({ ...b, displayName: 'Bea' }), c);
    expect(useViewStore.getState().cursor[tab]).toBeNull();
    expect(told()).toEqual([]);
  });

  it('a request that vanished from the server is announced (decided or deleted elsewhere: it cannot tell) while its workspace is still listed, not when the workspace went away', () => {
    const d = aRequest({ id: 'd', displayName: 'Dee', workspaceId: 'ws-2', createdAt: T0 - 500 });
    const e = aRequest({ id: 'e', displayName: 'Eve', workspaceId: 'ws-2', createdAt: T0 - 100 });
    useClockStore.getState().tick(T0);
    showIn(twoWorkspaces, a, b, d, e);
    stop = startCursorSync(readVisible);
    useViewStore.getState().setCursor('d');
    showIn(twoWorkspaces, a, b, e);
    expect(cursor()).toBe('e');
    expect(told()).toEqual([{ text: 'Dee is no longer pending on the server (decided or deleted elsewhere). The cursor moved to the next request.', requests: [] }]);
    // Workspace 1 signed out and was removed: its requests going with it is no news about one request.
    useViewStore.getState().setCursor('b');
    showIn([aWorkspace({ id: 'ws-2', label: 'Beta' })], e);
    expect(cursor()).toBe('e');
    expect(told()).toHaveLength(1);
  });

  it('a cursor left on a request that was never listed moves to the first row, naming no other request', () => {
    start();
    useViewStore.getState().setCursor('elsewhere');
    show(a, b);
    expect(cursor()).toBe('a');
    expect(told()).toEqual([]);
  });

  it('an age: search: as time passes, the cursor leaves a request that no longer matches', () => {
    start();
    useFiltersStore.getState().setFilters('PENDING', { query: 'age:<2m' });
    expect(cursor()).toBe('a');
    useClockStore.getState().tick(T0 + 117_500);
    expect(cursor()).toBe('b');
  });

  it('after the Pending order changes, a request leaving moves the cursor to the next one in the new order', () => {
    start();
    useSettingsStore.setState({ settings: { ...useSettingsStore.getState().settings, pendingSort: 'newest' } });
    useViewStore.getState().setCursor('b');
    show(a, c);
    expect(cursor()).toBe('a');
  });
});

describe('a decision dialog and the request it is about', () => {
  const dialogTold = () => useNoticesStore.getState().notices.map((n) => ({ text: `${n.title} ${n.body}`, tone: n.tone, requests: n.requests }));

  it('an approval dialog whose request was decided elsewhere closes; the notice names the request', () => {
    start();
    useViewStore.getState().openDialog({ kind: 'approve', ref: { workspaceId: 'ws-1', requestId: 'b' }, mode: null });
    show(a, byAlice(b), c);
    expect(useViewStore.getState().dialog).toBeNull();
    expect(dialogTold()).toEqual([
      { text: expect.stringMatching(/^Bo was already approved by Alice Moreno at \d\d:\d\d\. Your approval was not sent; the dialog was closed\. Keys do nothing until you stop typing for 2 seconds or press Esc\.$/), tone: 'warn', requests: [{ workspaceId: 'ws-1', requestId: 'b' }] },
    ]);
  });

  it('a dialog opened on a request no longer in the queue closes at once (the same id in another workspace is another request)', () => {
    start();
    useViewStore.getState().openDialog({ kind: 'approve', ref: { workspaceId: 'ws-2', requestId: 'b' }, mode: null });
    expect(useViewStore.getState().dialog).toBeNull();
    expect(dialogTold()).toEqual([{ text: 'That request is no longer in the queue. Your approval was not sent; the dialog was closed. Keys do nothing until you stop typing for 2 seconds or press Esc.', tone: 'warn', requests: [] }]);
  });

  it('a dialog stays open when its request only turns to a status the console does not know (still undecided)', () => {
    start();
    useViewStore.getState().openDialog({ kind: 'reject', ref: { workspaceId: 'ws-1', requestId: 'b' } });
    show(a, { ...b, status: 'UNKNOWN', rawStatus: 'ESCALATED' }, c);
    expect(useViewStore.getState().dialog).toMatchObject({ kind: 'reject' });
    expect(dialogTold()).toEqual([]);
  });
});

describe('a snapshot that only changes the workspaces', () => {
  it('renaming a workspace under a workspace: search moves the cursor off a request no longer listed', () => {
    // Main keeps the requests array (same requestsRev) when only a workspace changed, so the
    // list can change without a new requests array.
    const d = aRequest({ id: 'd', displayName: 'Dee', workspaceId: 'ws-2', createdAt: T0 - 500 });
    const named = (one: string, two: string) => [aWorkspace({ id: 'ws-1', label: one }), aWorkspace({ id: 'ws-2', label: two })];
    useClockStore.getState().tick(T0);
    useQueueStore.getState().applySnapshot(aSnapshot([a, d], { seq: (seq += 1), requestsRev: 7, workspaces: named('Acme', 'Beta') }));
    stop = startCursorSync(readVisible);
    useFiltersStore.getState().setFilters('PENDING', { query: 'workspace:acme' });
    expect(cursor()).toBe('a');
    useQueueStore.getState().applySnapshot(aSnapshot([a, d], { seq: (seq += 1), requestsRev: 7, workspaces: named('Beta', 'Acme') }));
    expect(readVisible().ids).toEqual(['d']);
    expect(cursor()).toBe('d');
  });
});
