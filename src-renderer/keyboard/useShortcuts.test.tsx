import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../src-shared/settings';
import { aRequest, aSnapshot, aWorkspace, T0 } from '../../test/fakes/builders';
import { createFakeAppApi } from '../../test/fakes/fake-app-api';
import { App } from '../app/App';
import { useClockStore } from '../state/clock';
import { useDecisionsStore } from '../state/decisions';
import { useFiltersStore } from '../state/filters';
import { useNoticesStore } from '../state/notices';
import { MOVED_UNDER_MS, useViewStore } from '../state/view';

const rows = [
  aRequest({ id: 'r1', displayName: 'Ana', createdAt: T0 - 30 * 60_000 }),
  aRequest({ id: 'r2', displayName: 'Bo', createdAt: T0 - 20 * 60_000, matchedParticipantId: 'p-1' }),
  aRequest({ id: 'r3', displayName: 'Cy', createdAt: T0 - 10 * 60_000 }),
  aRequest({ id: 'r4', displayName: 'Old', status: 'APPROVED', rawStatus: 'APPROVED' }),
];

async function setup() {
  useClockStore.getState().tick(T0);
  const api = createFakeAppApi({ snapshot: aSnapshot(rows) });
  render(<App api={api} />);
  await screen.findByRole('row', { name: /Ana/ });
  return api;
}

const press = (key: string, init: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });
const cursorName = () => screen.getAllByRole('row').find((r) => r.getAttribute('aria-selected') === 'true')?.getAttribute('aria-label') ?? '';

describe('keyboard', () => {
  it('j/k and arrows move the cursor (oldest first), Home/End jump, and focus follows', async () => {
    await setup();
    expect(cursorName()).toMatch(/^Ana/);
    press('j');
    expect(cursorName()).toMatch(/^Bo/);
    await waitFor(() => expect(document.activeElement?.getAttribute('data-request-id')).toBe('r2'));
    press('ArrowDown');
    expect(cursorName()).toMatch(/^Cy/);
    press('j');
    expect(cursorName()).toMatch(/^Cy/);
    press('k');
    expect(cursorName()).toMatch(/^Bo/);
    press('Home');
    expect(cursorName()).toMatch(/^Ana/);
    press('End');
    expect(cursorName()).toMatch(/^Cy/);
  });

  it('keys are ignored while typing in the search box; "/" focuses it', async () => {
    await setup();
    press('/');
    const search = screen.getByRole('searchbox', { name: 'Search requests' });
    expect(document.activeElement).toBe(search);
    fireEvent.keyDown(search, { key: 'j' });
    fireEvent.keyDown(search, { key: 'r' });
    expect(cursorName()).toMatch(/^Ana/);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('`a` then `n` opens Approve with Create new; the pending chord is shown', async () => {
    await setup();
    press('a');
    const hint = document.querySelector('.chord-hint')!;
    // Whom the chord approves: the cursor's request, by name.
    expect(hint.textContent).toMatch(/^a Approve Ana: n new participant/);
    press('n');
    const dialog = screen.getByRole('dialog', { name: 'Approve request' });
    expect((within(dialog).getByRole('radio', { name: 'Create new participant' }) as HTMLInputElement).checked).toBe(true);
  });

  it('`a` then `b` works only on a matched request', async () => {
    await setup();
    press('a');
    press('b');
    expect(screen.queryByRole('dialog')).toBeNull();
    press('j');
    press('a');
    press('b');
    const dialog = screen.getByRole('dialog', { name: 'Approve request' });
    expect((within(dialog).getByRole('radio', { name: 'Bind to matched participant' }) as HTMLInputElement).checked).toBe(true);
  });

  it('`r` opens Reject; Esc closes it; 2 switches to Approved; Ctrl+K opens the palette', async () => {
    await setup();
    press('r');
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(dialog.isConnected).toBe(false);
    press('2');
    expect(screen.getByRole('tab', { name: 'Approved 1' }).getAttribute('aria-selected')).toBe('true');
    press('r');
    expect(screen.queryByRole('dialog')).toBeNull();
    press('k', { ctrlKey: true });
    expect(screen.getByRole('dialog', { name: 'Command palette' })).toBeTruthy();
  });

  it('`?` lists only shortcuts valid now', async () => {
    await setup();
    press('?');
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const now = within(help).getByRole('region', { name: 'Available now' });
    expect(now.textContent).toContain('Approve: create new participant');
    expect(now.textContent).not.toContain('bind to matched participant');
    expect(now.textContent).not.toContain('Reject selected');
    // The complete reference stays one click away.
    expect(help.querySelector('details')!.textContent).toContain('bind to matched participant');
  });

  it('`x` selects, Shift+J extends the range, and the bulk bar counts it', async () => {
    await setup();
    press('x');
    press('J', { shiftKey: true });
    press('J', { shiftKey: true });
    expect(useViewStore.getState().selection.sort()).toEqual(['r1', 'r2', 'r3']);
    expect(screen.getByRole('toolbar', { name: 'Bulk actions' }).textContent).toContain('3 selected');
    press('K', { shiftKey: true });
    expect(useViewStore.getState().selection.sort()).toEqual(['r1', 'r2']);
    act(() => press('Escape'));
    expect(useViewStore.getState().selection).toEqual([]);
  });

  it("a look at another tab keeps Pending's selection: nothing there acts on it (Esc, the bulk bar), and it is back with Pending; one decided meanwhile leaves it with a word", async () => {
    const api = await setup();
    press('x');
    press('J', { shiftKey: true });
    expect(useViewStore.getState().selection.sort()).toEqual(['r1', 'r2']);
    press('2');
    expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).toBeNull();
    expect(screen.getByRole('row', { name: /^Old/ }).querySelector('input[type="checkbox"]:checked')).toBeNull();
    // Esc there dismisses what it can see (a notice), not the selection it cannot.
    act(() => useNoticesStore.getState().info('Something to read'));
    act(() => press('Escape'));
    expect(useNoticesStore.getState().notices).toEqual([]);
    press('1');
    expect(screen.getByRole('toolbar', { name: 'Bulk actions' }).textContent).toContain('2 selected');
    // Away again; Alice approves Bo meanwhile.
    press('3');
    act(() => api.pushSnapshot(aSnapshot([rows[0]!, { ...rows[1]!, status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: T0 }, rows[2]!, rows[3]!], { seq: 2 })));
    expect(useViewStore.getState().selection.sort()).toEqual(['r1', 'r2']);
    press('1');
    await waitFor(() => expect(useViewStore.getState().selection).toEqual(['r1']));
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).toMatch(/Bo/);
  });

  it('Space shows and hides the details of the cursor row and never scrolls; PageDown moves ten rows at most', async () => {
    await setup();
    const space = () => {
      const e = new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true });
      act(() => void (document.activeElement ?? document.body).dispatchEvent(e));
      return e.defaultPrevented;
    };
    expect(space()).toBe(true);
    expect(within(screen.getByRole('region', { name: 'Request details' })).getByRole('heading', { level: 2 }).textContent).toBe('Ana');
    expect(space()).toBe(true);
    expect(screen.queryByRole('region', { name: 'Request details' })).toBeNull();
    press('PageDown');
    expect(cursorName()).toMatch(/^Cy/);
    press('PageUp');
    expect(cursorName()).toMatch(/^Ana/);
  });

  it('the pane shows the cursor\'s request: j moves both, and the decision keys act on what the pane shows', async () => {
    await setup();
    press('Enter');
    const pane = () => within(screen.getByRole('region', { name: 'Request details' })).getByRole('heading', { level: 2 }).textContent;
    expect(pane()).toBe('Ana');
    press('j');
    expect(pane()).toBe('Bo');
    press('r');
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    expect(dialog.textContent).toContain('Bo');
    expect(dialog.textContent).not.toContain('Ana');
  });

  it('inside a dialog Enter in an empty note confirms, Ctrl+Enter confirms with a note, Enter in a note with text is a new line', async () => {
    await setup();
    press('r');
    let note = within(screen.getByRole('dialog', { name: 'Reject request' })).getByRole('textbox', { name: 'Note' });
    expect(document.activeElement).toBe(note);
    fireEvent.change(note, { target: { value: 'first line' } });
    fireEvent.keyDown(note, { key: 'Enter' });
    expect(screen.getByRole('dialog', { name: 'Reject request' })).toBeTruthy();
    fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(useViewStore.getState().cursor.PENDING).toBe('r2'));
    press('r');
    note = within(screen.getByRole('dialog', { name: 'Reject request' })).getByRole('textbox', { name: 'Note' });
    fireEvent.keyDown(note, { key: 'Enter' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('the list changing under a key: every key acts on the request the operator saw', () => {
  /** The snapshot after another operator rejected Ana (r1): she leaves Pending, the cursor moves to Bo. */
  const anaRejectedElsewhere = () =>
    aSnapshot([{ ...rows[0]!, status: 'REJECTED', rawStatus: 'REJECTED', processedByName: 'Alice Moreno', processedAt: T0 - 60_000 }, ...rows.slice(1)], { seq: 2 });

  async function setupWith(settings: Partial<Settings> = {}) {
    useClockStore.getState().tick(T0);
    const api = createFakeAppApi({ snapshot: aSnapshot(rows), settings });
    render(<App api={api} />);
    await screen.findByRole('row', { name: /Ana/ });
    return api;
  }

  it('a palette entry "Reject Ana" rejects Ana, not whoever the cursor moved to while the palette was open', async () => {
    await setupWith();
    press('k', { ctrlKey: true });
    const input = screen.getByRole('combobox', { name: 'Command or request' });
    fireEvent.change(input, { target: { value: 'reject ana' } });
    expect(within(screen.getByRole('listbox', { name: 'Results' })).getAllByRole('option')[0]!.textContent).toMatch(/Reject Ana/);
    act(() => useViewStore.getState().setCursor('r2'));
    expect(cursorName()).toMatch(/^Bo/);
    fireEvent.keyDown(input, { key: 'Enter' });
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    expect(within(dialog).getByText('Ana')).toBeTruthy();
    expect(within(dialog).queryByText('Bo')).toBeNull();
  });

  it('the palette puts first what the operator started typing: "reject" is Reject Ana before Go to Rejected; "rejected" is the tab', async () => {
    await setupWith();
    press('k', { ctrlKey: true });
    const input = screen.getByRole('combobox', { name: 'Command or request' });
    const options = () => within(screen.getByRole('listbox', { name: 'Results' })).getAllByRole('option').map((o) => o.textContent ?? '');
    fireEvent.change(input, { target: { value: 'reject' } });
    expect(options()[0]).toMatch(/Reject Ana/);
    expect(options().some((o) => /Go to Rejected/.test(o))).toBe(true);
    fireEvent.change(input, { target: { value: 'rejected' } });
    expect(options()[0]).toMatch(/Go to Rejected/);
  });

  it('a palette entry whose request was decided elsewhere meanwhile opens nothing and says who decided', async () => {
    const api = await setupWith();
    press('k', { ctrlKey: true });
    const input = screen.getByRole('combobox', { name: 'Command or request' });
    fireEvent.change(input, { target: { value: 'reject ana' } });
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    // The palette still offers what it listed when it was opened.
    expect(within(screen.getByRole('listbox', { name: 'Results' })).getAllByRole('option')[0]!.textContent).toMatch(/Reject Ana/);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).toMatch(/Ana was already rejected by Alice Moreno/);
    expect(api.callsTo('requests.reject')).toEqual([]);
  });

  it('an `a` typed on Ana ends when the list moves the cursor off her: the next `n` approves nobody (decide without a dialog)', async () => {
    const api = await setupWith({ decideWithoutDialog: true, undoSeconds: 5 });
    press('a');
    expect(document.querySelector('.chord-hint')?.textContent).toMatch(/Approve Ana:/);
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    expect(document.querySelector('.chord-hint')).toBeNull();
    press('n');
    expect(screen.queryByRole('dialog')).toBeNull();
    // Nothing was confirmed for Bo (a decision without a dialog starts its undo window at once).
    expect(useDecisionsStore.getState().records.r2).toBeUndefined();
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).not.toMatch(/Approving/);
    await act(async () => void (await new Promise((r) => setTimeout(r, 50))));
    expect(api.callsTo('requests.approve')).toEqual([]);
  });

  it('without a dialog, `r` pressed just after the list moved the cursor to Bo by itself rejects nobody and says so; `r` again rejects Bo', async () => {
    const api = await setupWith({ decideWithoutDialog: true, undoSeconds: 5 });
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    press('r');
    expect(useDecisionsStore.getState().records.r2).toBeUndefined();
    const notices = screen.getByRole('region', { name: 'Notices' });
    expect(notices.textContent).toContain('The list has just moved the cursor to Bo: nothing was rejected.');
    expect(notices.textContent).toContain('Press r again to reject Bo.');
    press('r');
    expect(useDecisionsStore.getState().records.r2).toMatchObject({ kind: 'reject', phase: 'waiting', ref: { requestId: 'r2' } });
  });

  it('without a dialog, `a b` just after such a move binds nobody; the same keys again bind Bo', async () => {
    const api = await setupWith({ decideWithoutDialog: true, undoSeconds: 5 });
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    press('a');
    press('b');
    expect(useDecisionsStore.getState().records.r2).toBeUndefined();
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).toContain('Press a b again to approve Bo.');
    press('a');
    press('b');
    expect(useDecisionsStore.getState().records.r2).toMatchObject({ kind: 'approve', phase: 'waiting', input: { mode: 'BIND_ONLY' } });
  });

  it.each<[string, (api: ReturnType<typeof createFakeAppApi>) => void]>([
    ['the move is older than MOVED_UNDER_MS', () => useViewStore.setState({ movedUnder: { id: 'r2', at: Date.now() - MOVED_UNDER_MS } })],
    ['the operator moved the cursor since (j, then k back to Bo)', () => {
      press('j');
      press('k');
    }],
    ['the operator clicked Bo, where the cursor already was', () => void fireEvent.click(screen.getByRole('row', { name: /^Bo/ }))],
    ['the operator pressed k on the first row (the cursor stays on Bo)', () => void press('k')],
  ])('without a dialog, `r` on Bo rejects him at once when %s', async (_name, after) => {
    const api = await setupWith({ decideWithoutDialog: true, undoSeconds: 5 });
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    act(() => after(api));
    expect(cursorName()).toMatch(/^Bo/);
    press('r');
    expect(useDecisionsStore.getState().records.r2).toMatchObject({ kind: 'reject', phase: 'waiting' });
  });

  it('without a dialog, the cursor moved on by the operator\'s own decision is no surprise: `r` `r` rejects Ana, then Bo', async () => {
    await setupWith({ decideWithoutDialog: true, undoSeconds: 5 });
    press('r');
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    press('r');
    const records = useDecisionsStore.getState().records;
    expect([records.r1?.kind, records.r2?.kind]).toEqual(['reject', 'reject']);
  });

  it('with the dialogs, `r` Enter just after such a move opens nothing and rejects nobody (the Enter would confirm the dialog unread); `r` again opens it on Bo', async () => {
    const api = await setupWith();
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    press('r');
    expect(screen.queryByRole('dialog')).toBeNull();
    const notices = screen.getByRole('region', { name: 'Notices' });
    expect(notices.textContent).toContain('The list has just moved the cursor to Bo: the reject dialog was not opened.');
    expect(notices.textContent).toContain('Press r again to reject Bo.');
    press('Enter');
    expect(useDecisionsStore.getState().records.r2).toBeUndefined();
    press('r');
    expect(within(screen.getByRole('dialog', { name: 'Reject request' })).getByText('Bo')).toBeTruthy();
  });

  it.each([
    ['a n', 'n'],
    ['a e', 'e'],
  ])('with the dialogs, `%s` just after such a move opens nothing; the same keys again open the approve dialog on Bo', async (keys, second) => {
    const api = await setupWith();
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    press('a');
    press(second);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).toContain(`Press ${keys} again to approve Bo.`);
    press('a');
    press(second);
    expect(within(screen.getByRole('dialog', { name: /Approve/ })).getByText('Bo')).toBeTruthy();
  });

  it("the detail pane's Reject… just after such a move (the pane now shows Bo) opens nothing and says so; chosen again it opens on Bo", async () => {
    const api = await setupWith();
    press(' ');
    const pane = () => screen.getByRole('region', { name: 'Request details' });
    expect(within(pane()).getByRole('button', { name: 'Reject…' })).toBeTruthy();
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    fireEvent.click(within(pane()).getByRole('button', { name: 'Reject…' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const notices = screen.getByRole('region', { name: 'Notices' });
    expect(notices.textContent).toContain('The list has just moved the cursor to Bo: the reject dialog was not opened.');
    expect(notices.textContent).toContain('Choose Reject… again to reject Bo.');
    fireEvent.click(within(pane()).getByRole('button', { name: 'Reject…' }));
    expect(within(screen.getByRole('dialog', { name: 'Reject request' })).getByText('Bo')).toBeTruthy();
  });

  it("with the dialogs, Bo's own Reject button just after such a move opens the dialog at once (the click names him)", async () => {
    const api = await setupWith();
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    fireEvent.click(within(screen.getByRole('row', { name: /^Bo/ })).getByRole('button', { name: 'Reject' }));
    expect(within(screen.getByRole('dialog', { name: 'Reject request' })).getByText('Bo')).toBeTruthy();
  });

  it('a note being typed when its Reject dialog closes underneath: the rest of it runs no shortcut on the next request', async () => {
    const api = await setupWith({ decideWithoutDialog: true, undoSeconds: 5 });
    // (Without a dialog `r` rejects at once; the row's button opens one, for a note.)
    fireEvent.click(within(screen.getByRole('row', { name: /^Ana/ })).getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Note' }), { target: { value: 'sp' } });
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(cursorName()).toMatch(/^Bo/);
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).toMatch(/Your rejection was not sent; the dialog was closed\. Keys do nothing until you stop typing/);
    // "am, and then ban again" typed on: `a` `n` would approve Bo at once, `r` and `x` act on him.
    for (const key of [...'am, and then ban again', 'Enter', 'r', 'x', 'Enter']) press(key);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useDecisionsStore.getState().records.r2).toBeUndefined();
    expect(useViewStore.getState().selection).toEqual([]);
    expect(document.querySelector('.chord-hint')?.textContent).toMatch(/^Keys paused/);
    await act(async () => void (await new Promise((r) => setTimeout(r, 50))));
    expect(api.callsTo('requests.approve')).toEqual([]);
    expect(api.callsTo('requests.reject')).toEqual([]);
    // A click is deliberate: keys are shortcuts again.
    fireEvent.pointerDown(document.body);
    expect(document.querySelector('.chord-hint')).toBeNull();
    press('x');
    expect(useViewStore.getState().selection).toEqual(['r2']);
  });

  it('an `a` chord begun within MOVED_UNDER_MS of such a move and finished after it still opens nothing (it was aimed at the first key)', async () => {
    const api = await setupWith();
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    const movedAt = useViewStore.getState().movedUnder!.at;
    const clock = vi.spyOn(Date, 'now');
    try {
      clock.mockReturnValue(movedAt + MOVED_UNDER_MS - 300);
      press('a');
      clock.mockReturnValue(movedAt + MOVED_UNDER_MS + 200);
      press('n');
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(screen.getByRole('region', { name: 'Notices' }).textContent).toContain('Press a n again to approve Bo.');
      // Begun after the window: it opens.
      press('a');
      press('n');
      expect(within(screen.getByRole('dialog', { name: /Approve/ })).getByText('Bo')).toBeTruthy();
    } finally {
      clock.mockRestore();
    }
  });

  it("an `a` typed within MOVED_UNDER_MS of such a move and left to time out does not hold the pane's Approve… clicked long after", async () => {
    const api = await setupWith();
    press(' ');
    act(() => api.pushSnapshot(anaRejectedElsewhere()));
    await waitFor(() => expect(cursorName()).toMatch(/^Bo/));
    const movedAt = useViewStore.getState().movedUnder!.at;
    const clock = vi.spyOn(Date, 'now');
    try {
      clock.mockReturnValue(movedAt + 1000);
      press('a');
      act(() => useViewStore.getState().setChord(null));
      clock.mockReturnValue(movedAt + 11_000);
      fireEvent.click(within(screen.getByRole('region', { name: 'Request details' })).getByRole('button', { name: 'Approve…' }));
      expect(within(screen.getByRole('dialog', { name: /Approve/ })).getByText('Bo')).toBeTruthy();
    } finally {
      clock.mockRestore();
    }
  });

  it('the clock moving the cursor (a row ages out of an `age:<1m` search) is a move under the operator too: `r` just after it opens nothing', async () => {
    useClockStore.getState().tick(T0);
    const young = [aRequest({ id: 'x', displayName: 'Xavier', createdAt: T0 - 40_000 }), aRequest({ id: 'y', displayName: 'Yolanda', createdAt: T0 - 5_000 })];
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(young) })} />);
    await screen.findByRole('row', { name: /Xavier/ });
    act(() => useFiltersStore.getState().setFilters('PENDING', { query: 'age:<1m' }));
    expect(cursorName()).toMatch(/^Xavier/);
    act(() => useClockStore.getState().tick(T0 + 30_000));
    await waitFor(() => expect(cursorName()).toMatch(/^Yolanda/));
    press('r');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).toContain('The list has just moved the cursor to Yolanda: the reject dialog was not opened.');
    press('r');
    expect(within(screen.getByRole('dialog', { name: 'Reject request' })).getByText('Yolanda')).toBeTruthy();
  });

  it('the operator narrowing the search is their own move: `r` on the row the cursor lands on opens at once', async () => {
    await setupWith();
    act(() => useFiltersStore.getState().setFilters('PENDING', { query: 'Bo' }));
    expect(cursorName()).toMatch(/^Bo/);
    press('r');
    expect(within(screen.getByRole('dialog', { name: 'Reject request' })).getByText('Bo')).toBeTruthy();
  });

  it('an `a` typed on Ana, then a click on Bo: the chord ends with the move, so `n` opens nothing for Bo', async () => {
    await setupWith();
    press('a');
    fireEvent.click(screen.getByRole('row', { name: /^Bo/ }));
    expect(cursorName()).toMatch(/^Bo/);
    press('n');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('the palette with several workspaces', () => {
  // The audit's look-alikes: the same unnamed SMS sender, one in each workspace.
  const lookAlike = (id: string, workspaceId: string, minutes: number) =>
    aRequest({ id, workspaceId, displayName: '', address: '+447700900123', provider: 'sms', agentName: 'Support Desk', createdAt: T0 - minutes * 60_000 });

  async function openPalette(workspaces: ReturnType<typeof aWorkspace>[], query: string) {
    useClockStore.getState().tick(T0);
    const rows = [lookAlike('a', 'ws-1', 10), lookAlike('b', 'ws-2', 5)].filter((r) => workspaces.some((w) => w.id === r.workspaceId));
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(rows, { workspaces }) })} />);
    await screen.findAllByRole('row', { name: /^\(no name\)/ });
    press('k', { ctrlKey: true });
    fireEvent.change(screen.getByRole('combobox', { name: 'Command or request' }), { target: { value: query } });
    return within(screen.getByRole('listbox', { name: 'Results' }))
      .getAllByRole('option')
      .map((o) => o.textContent ?? '');
  }
  const two = [aWorkspace({ id: 'ws-1', label: 'Acme EU' }), aWorkspace({ id: 'ws-2', label: 'Beta' })];

  it('look-alike requests found in two workspaces say which workspace each is in', async () => {
    const found = (await openPalette(two, '447700900123')).filter((o) => o.startsWith('→'));
    expect(found).toEqual(['→(no name) — +447700900123SMS · Acme EU, Pending', '→(no name) — +447700900123SMS · Beta, Pending']);
  });

  it('the decide entries name the workspace of the request they act on (the cursor\'s)', async () => {
    const options = await openPalette(two, 'reject');
    expect(options).toContain('›Reject +447700900123 in Acme EUr');
  });

  it('with one workspace nothing names it', async () => {
    const options = await openPalette([aWorkspace({ id: 'ws-1', label: 'Acme EU' })], '447700900123');
    expect(options.filter((o) => o.startsWith('→'))).toEqual(['→(no name) — +447700900123SMS, Pending']);
  });
});
