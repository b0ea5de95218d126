import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { aNotice, aRequest, aSnapshot, aWorkspace, T0 } from '../../../test/fakes/builders';
import { coreOutcomes, createFakeAppApi, type FakeAppApi } from '../../../test/fakes/fake-app-api';
import { App } from '../../app/App';
import { SPEAK_SETTLE_MS } from '../notices/NoticesRegion';
import { useClockStore } from '../../state/clock';

const rows = [aRequest({ id: 'r1', displayName: 'Ana', createdAt: T0 - 3_000_000 }), aRequest({ id: 'r2', displayName: 'Bo', createdAt: T0 - 2_000_000 }), aRequest({ id: 'r3', displayName: 'Cy', createdAt: T0 - 1_000_000 })];

async function setup(configure?: (api: FakeAppApi) => void) {
  useClockStore.getState().tick(T0);
  const api = createFakeAppApi({ snapshot: aSnapshot(rows), settings: { undoSeconds: 5 } });
  configure?.(api);
  render(<App api={api} />);
  await screen.findByRole('row', { name: /^Ana/ });
  // The settings (undo window) arrive with the first render; from here on time is ours.
  vi.useFakeTimers();
  return api;
}

const advance = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
const toasts = () => screen.getByRole('region', { name: 'Notices' });
const row = (name: string) => screen.getByRole('row', { name: new RegExp(`^${name}`) });

function rejectViaDialog(name: string, note = '') {
  fireEvent.click(within(row(name)).getByRole('button', { name: 'Reject' }));
  const dialog = screen.getByRole('dialog', { name: 'Reject request' });
  if (note) fireEvent.change(within(dialog).getByRole('textbox', { name: 'Note' }), { target: { value: note } });
  const button = within(dialog).getByRole('button', { name: 'Reject' });
  fireEvent.click(button);
  fireEvent.click(button);
}

/** Ana and Bo rejected in bulk with the row checkboxes: Ana's lands, Bo's is not applied (HTTP 500); returns once the report is in. */
async function bulkRejectAnaAndBoFailingBo(): Promise<FakeAppApi> {
  const api = await setup((a) =>
    a.scriptDecision(
      { ok: true, value: coreOutcomes.applied('reject', { ...rows[0]!, status: 'REJECTED', rawStatus: 'REJECTED' }, false) },
      { ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 500' }, rows[1]!) },
    ),
  );
  for (const name of ['Ana', 'Bo']) fireEvent.click(within(row(name)).getByRole('checkbox', { name: 'Select' }));
  fireEvent.click(screen.getByRole('button', { name: /Reject selected/ }));
  fireEvent.click(within(screen.getByRole('dialog', { name: 'Bulk reject' })).getByRole('button', { name: 'Reject 2 requests' }));
  await advance(5000);
  for (let i = 0; i < 3; i += 1) await advance(0);
  return api;
}

describe('decision lifecycle in the UI', () => {
  it('screen readers hear each notice once: an outcome moving its line to the top does not make the other lines heard again', async () => {
    const api = await setup();
    const heard = () => [...screen.getByTestId('notices-spoken').querySelectorAll('p')].map((p) => p.textContent);
    // The visible list is not itself a live region (its lines move when one goes to the top).
    expect(toasts().querySelector('[aria-live]')).toBeNull();
    rejectViaDialog('Ana');
    await advance(1000);
    rejectViaDialog('Bo');
    await advance(1000);
    act(() => api.pushNotice(aNotice({ title: 'Cy on WhatsApp', body: 'Support bot · Main number' })));
    await advance(SPEAK_SETTLE_MS);
    expect(heard()).toEqual(['Rejecting Ana…', 'Rejecting Bo…', 'New request: Cy on WhatsApp Support bot · Main number']);
    // Ana's undo window ends: her decision is sent and lands; her line goes to the top, the others stay put for the ear.
    await advance(3000);
    for (let i = 0; i < 3; i += 1) await advance(0);
    await advance(SPEAK_SETTLE_MS);
    const after = heard();
    expect(after.filter((t) => t!.includes('Cy on WhatsApp'))).toHaveLength(1);
    expect(after.filter((t) => t === 'Rejecting Bo…')).toHaveLength(1);
    expect(after.at(-1)).toMatch(/^Rejected Ana/);
  });

  it('confirming shows "Rejecting …" with Undo and "Pending confirmation", and moves the cursor to the next request', async () => {
    const api = await setup();
    rejectViaDialog('Ana');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(toasts().textContent).toContain('Rejecting Ana…');
    expect(within(toasts()).getByRole('button', { name: 'Undo' })).toBeTruthy();
    expect(row('Ana').textContent).toContain('Pending confirmation');
    expect(row('Bo').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(row('Bo'));
    expect(api.callsTo('requests.reject')).toHaveLength(0);
  });

  it('a row\'s checkbox clicked takes the cursor there: r then acts on that row, not on the one the cursor was left on', async () => {
    await setup();
    expect(row('Ana').getAttribute('aria-selected')).toBe('true');
    const box = within(row('Cy')).getByRole('checkbox', { name: 'Select' });
    box.focus();
    fireEvent.click(box);
    expect(row('Cy').getAttribute('aria-selected')).toBe('true');
    expect(row('Ana').getAttribute('aria-selected')).toBe('false');
    expect(document.activeElement).toBe(box);
    fireEvent.keyDown(box, { key: 'r' });
    expect(within(screen.getByRole('dialog', { name: 'Reject request' })).getByText('Cy')).toBeTruthy();
  });

  it('a request with no name is named by its address in the line and its Undo, not "(no name)"', async () => {
    useClockStore.getState().tick(T0);
    const nameless = aRequest({ id: 'r9', displayName: '', address: '+15550009999', createdAt: T0 - 4_000_000 });
    const api = createFakeAppApi({ snapshot: aSnapshot([nameless, ...rows]), settings: { undoSeconds: 5 } });
    render(<App api={api} />);
    const r = await screen.findByRole('row', { name: /^\(no name\), \+15550009999/ });
    fireEvent.click(within(r).getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(toasts().textContent).toContain('Rejecting +15550009999…');
    expect(within(toasts()).getByRole('button', { name: 'Undo', description: /Rejecting \+15550009999…/ })).toBeTruthy();
  });

  it('two decisions counting down: each Undo is described by its own line (a screen reader tabbing there hears whom it undoes)', async () => {
    await setup();
    rejectViaDialog('Ana');
    rejectViaDialog('Bo');
    const undos = within(toasts()).getAllByRole('button', { name: 'Undo' });
    expect(undos).toHaveLength(2);
    expect(within(toasts()).getByRole('button', { name: 'Undo', description: /Rejecting Ana…/ })).not.toBe(within(toasts()).getByRole('button', { name: 'Undo', description: /Rejecting Bo…/ }));
  });

  it('a decision confirmed while another counts down starts from the whole window (5 s), never more', async () => {
    await setup();
    rejectViaDialog('Ana');
    await advance(200);
    rejectViaDialog('Bo');
    const bo = within(toasts()).getByText(/Rejecting Bo/).closest('li')!;
    expect(bo.querySelector('.countdown')?.textContent).toBe('5 s');
    const ana = within(toasts()).getByText(/Rejecting Ana/).closest('li')!;
    expect(ana.querySelector('.countdown')?.textContent).toBe('5 s');
    // Bo's window ends 5.2 s after Ana's began; at 1.25 s (a tick) 3.95 s are left.
    await advance(1100);
    expect(bo.querySelector('.countdown')?.textContent).toBe('4 s');
  });

  it('a decision in its undo window when its workspace is signed out is said not to be sent at once, and never is', async () => {
    const api = await setup();
    rejectViaDialog('Ana');
    expect(toasts().textContent).toContain('Rejecting Ana…');
    const signedOut = aWorkspace({ label: 'Acme', poll: { ...aWorkspace().poll, state: 'signed-out' } });
    act(() => api.pushSnapshot(aSnapshot(rows, { seq: 2, workspaces: [signedOut] })));
    expect(toasts().textContent).toContain('Your rejection was not sent: Acme is signed out.');
    expect(toasts().textContent).not.toContain('Rejecting Ana…');
    expect(within(toasts()).queryByRole('button', { name: 'Undo' })).toBeNull();
    await advance(6000);
    expect(api.callsTo('requests.reject')).toHaveLength(0);
  });

  it('a bulk reject in its undo window when its workspace is signed out sends nothing; its report says why for each', async () => {
    const api = await setup();
    for (const name of ['Ana', 'Bo']) fireEvent.click(within(row(name)).getByRole('checkbox', { name: 'Select' }));
    fireEvent.click(screen.getByRole('button', { name: /Reject selected/ }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Bulk reject' })).getByRole('button', { name: 'Reject 2 requests' }));
    const signedOut = aWorkspace({ label: 'Acme', poll: { ...aWorkspace().poll, state: 'signed-out' } });
    act(() => api.pushSnapshot(aSnapshot(rows, { seq: 2, workspaces: [signedOut] })));
    await advance(6000);
    for (let i = 0; i < 3; i += 1) await advance(0);
    expect(api.callsTo('requests.reject')).toHaveLength(0);
    const report = screen.getByRole('region', { name: 'Bulk reject report' });
    expect(report.textContent).toContain('0 applied, 0 already decided by someone else, 2 failed');
    expect(within(report).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Ana: Your rejection was not sent: Acme is signed out.', 'Bo: Your rejection was not sent: Acme is signed out.']);
  });

  it('a decision in its undo window whose workspace is removed altogether (signed out on purpose) is said not to be sent, naming it', async () => {
    const api = await setup();
    rejectViaDialog('Ana');
    act(() => api.pushSnapshot(aSnapshot([], { seq: 2, workspaces: [] })));
    // Signed out on purpose: named as the list last named it.
    expect(toasts().textContent).toContain(`Your rejection was not sent: ${aWorkspace().label} is signed out.`);
    await advance(6000);
    expect(api.callsTo('requests.reject')).toHaveLength(0);
  });

  it('Undo cancels before anything is sent and brings the cursor back', async () => {
    const api = await setup();
    rejectViaDialog('Ana');
    await advance(3000);
    fireEvent.click(within(toasts()).getByRole('button', { name: 'Undo' }));
    await advance(10_000);
    expect(api.callsTo('requests.reject')).toHaveLength(0);
    expect(row('Ana').textContent).not.toContain('Pending confirmation');
    expect(row('Ana').getAttribute('aria-selected')).toBe('true');
  });

  it('an undo is said to screen readers: whose decision, and that it was not sent (`u`, an Undo button, a bulk Undo)', async () => {
    await setup();
    const said = () => screen.getByTestId('live-announcer').textContent;
    rejectViaDialog('Ana');
    rejectViaDialog('Bo');
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'u' });
    expect(said()).toBe('Undone: the rejection of Bo was not sent.');
    fireEvent.click(within(toasts()).getByRole('button', { name: 'Undo', description: /Rejecting Ana…/ }));
    expect(said()).toBe('Undone: the rejection of Ana was not sent.');
    // Nothing undone, nothing said of it (`u` says there is nothing to undo in a notice of its own).
    rejectViaDialog('Cy');
    await advance(5000);
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'u' });
    expect(said()).toBe('Undone: the rejection of Ana was not sent.');
    for (const name of ['Ana', 'Bo']) fireEvent.click(within(row(name)).getByRole('checkbox', { name: 'Select' }));
    fireEvent.click(screen.getByRole('button', { name: /Reject selected/ }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Bulk reject' })).getByRole('button', { name: 'Reject 2 requests' }));
    fireEvent.click(within(toasts()).getByRole('button', { name: 'Undo', description: /2 requests/ }));
    expect(said()).toBe('Undone: the bulk rejection of 2 requests was not sent.');
  });

  it('a rejection in its undo window on a request someone else approved meanwhile is never sent, and its line says so at once', async () => {
    const api = await setup();
    rejectViaDialog('Ana');
    expect(row('Bo').getAttribute('aria-selected')).toBe('true');
    await advance(1000);
    // A poll's read-back: Alice approved Ana in the meantime.
    act(() => api.pushSnapshot(aSnapshot([{ ...rows[0]!, status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: T0 }, ...rows.slice(1)], { seq: 2 })));
    expect(toasts().textContent).toMatch(/Ana: Already approved by Alice Moreno at .+ – that decision stands; your rejection was not sent\./);
    expect(toasts().textContent).not.toContain('Rejecting Ana');
    expect(within(toasts()).queryByRole('button', { name: 'Undo' })).toBeNull();
    await advance(10_000);
    expect(api.callsTo('requests.reject')).toEqual([]);
    // The cursor stays on the request the operator moved on to, and `u` has nothing to undo.
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'u' });
    expect(row('Bo').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tab', { name: 'Approved 1' })).toBeTruthy();
  });

  it('Undo of a request the search now hides leaves the cursor, and focus, on the request shown', async () => {
    const api = await setup();
    rejectViaDialog('Ana');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search requests' }), { target: { value: 'Cy' } });
    expect(row('Cy').getAttribute('aria-selected')).toBe('true');
    fireEvent.click(within(toasts()).getByRole('button', { name: 'Undo' }));
    await advance(10);
    expect(row('Cy').getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('row').filter((r) => r.getAttribute('aria-selected') === 'true')).toHaveLength(1);
    expect(document.activeElement).toBe(row('Cy'));
    await advance(10_000);
    expect(api.callsTo('requests.reject')).toEqual([]);
  });

  it('after the undo window: one call (even after a double click), "Rejected" and the row leaves Pending', async () => {
    const api = await setup();
    rejectViaDialog('Ana', 'spam');
    await advance(5000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    expect(toasts().textContent).toContain('Rejected Ana');
    expect(screen.queryByRole('row', { name: /^Ana/ })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Pending 2' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Rejected 1' })).toBeTruthy();
  });

  it('F32: already decided shows neutral information', async () => {
    const api = await setup((a) =>
      a.scriptDecision({ ok: true, value: coreOutcomes.alreadyDecided('reject', { ...rows[0]!, status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: T0 }, T0) }),
    );
    rejectViaDialog('Ana');
    await advance(5000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    // Named: with several decisions on screen, the line says which one was already decided.
    expect(toasts().textContent).toMatch(/Ana: Already approved by Alice Moreno at /);
    // The name isolated in a left-to-right line (F16: a right-to-left name first cannot turn it around).
    const name = within(toasts()).getByText('Ana');
    expect(name.tagName).toBe('BDI');
    expect(name.parentElement?.getAttribute('dir')).toBe('ltr');
    expect(within(toasts()).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('not applied: main\'s sentence once; Retry re-opens the confirmation with the note, and sends nothing by itself', async () => {
    const said = 'Not applied – the server did not record the decision. It is safe to retry.';
    const api = await setup((a) => a.scriptDecision({ ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, rows[0]!) }));
    rejectViaDialog('Ana', 'duplicate');
    await advance(5000);
    expect(toasts().textContent).toContain(said);
    expect(toasts().textContent!.split('Not applied').length).toBe(2);
    expect(row('Ana').textContent).toContain('Not applied');
    // Heard on the row too, with how long the person has waited.
    expect(row('Ana').getAttribute('aria-label')).toMatch(/, not applied, waiting \d+ min$/);
    expect(within(row('Ana')).getByText('Not applied').getAttribute('title')).toBe('Not applied');
    fireEvent.click(within(toasts()).getByRole('button', { name: 'Retry' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    expect((within(dialog).getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value).toBe('duplicate');
    await advance(30_000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    // Cancelled, the retry leaves the failure said: nothing was sent.
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(toasts().textContent).toContain(said);
    expect(row('Ana').textContent).toContain('Not applied');
  });

  it('"Retry failed" when the failed requests were decided elsewhere meanwhile opens nothing and says why', async () => {
    const api = await bulkRejectAnaAndBoFailingBo();
    act(() => api.pushSnapshot(aSnapshot([{ ...rows[1]!, status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: T0 }, rows[2]!], { seq: 50 })));
    const report = screen.getByRole('region', { name: 'Bulk reject report' });
    fireEvent.click(within(report).getByRole('button', { name: 'Retry failed' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(toasts().textContent).toContain('Nothing to retry: the requests that failed are no longer pending');
  });

  it('a held Enter (auto-repeat) in a decision dialog confirms nothing and adds nothing to a note; a fresh Enter in the empty note confirms', async () => {
    const api = await setup();
    fireEvent.click(within(row('Ana')).getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    const note = within(dialog).getByRole('textbox', { name: 'Note' });
    expect(fireEvent.keyDown(note, { key: 'Enter', repeat: true })).toBe(false);
    expect(screen.getByRole('dialog', { name: 'Reject request' })).toBe(dialog);
    fireEvent.change(note, { target: { value: 'spam' } });
    expect(fireEvent.keyDown(note, { key: 'Enter', repeat: true })).toBe(false);
    expect(fireEvent.keyDown(note, { key: 'Enter', repeat: true, ctrlKey: true })).toBe(false);
    expect(screen.getByRole('dialog', { name: 'Reject request' })).toBe(dialog);
    fireEvent.change(note, { target: { value: '' } });
    fireEvent.keyDown(note, { key: 'Enter' });
    expect(screen.queryByRole('dialog')).toBeNull();
    await advance(5000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
  });

  it('"Retry failed" cancelled, or undone, leaves the bulk report saying what failed; once the retry is sent, the old report speaks only of what it did', async () => {
    const api = await bulkRejectAnaAndBoFailingBo();
    // The first batch's report (once the retry is sent, it has a report of its own).
    const report = () => screen.getAllByRole('region', { name: 'Bulk reject report' }).find((r) => r.textContent?.includes('Ana'))!;
    const confirmRetry = () => {
      fireEvent.click(within(report()).getByRole('button', { name: 'Retry failed' }));
      fireEvent.click(within(screen.getByRole('dialog', { name: 'Bulk reject' })).getByRole('button', { name: 'Reject 1 request' }));
    };
    expect(report().textContent).toContain('1 applied, 0 already decided by someone else, 1 failed');
    fireEvent.click(within(report()).getByRole('button', { name: 'Retry failed' }));
    const dialog = screen.getByRole('dialog', { name: 'Bulk reject' });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(report().textContent).toContain('1 applied, 0 already decided by someone else, 1 failed');
    expect(api.callsTo('requests.reject')).toHaveLength(2);
    // Confirmed: while the retry waits out its undo window the report still says what failed, without
    // offering it again; Undo brings Retry failed back.
    confirmRetry();
    expect(report().textContent).toContain('1 applied, 0 already decided by someone else, 1 failed');
    expect(within(report()).queryByRole('button', { name: 'Retry failed' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(report().textContent).toContain('1 applied, 0 already decided by someone else, 1 failed');
    expect(within(report()).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Ana: applied', 'Bo: Not applied – the server did not record the decision. It is safe to retry.']);
    // Confirmed again and sent: Bo is the new batch's.
    confirmRetry();
    await advance(5000);
    expect(report().textContent).toContain('1 applied, 0 already decided by someone else, 0 failed');
    expect(within(report()).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Ana: applied']);
    expect(api.callsTo('requests.reject').map((c) => (c.input as { requestId: string }).requestId)).toEqual(['r1', 'r2', 'r2']);
  });

  it('Retry on a request whose workspace was signed out meanwhile opens nothing and says why; the notice stays', async () => {
    const api = await setup((a) => a.scriptDecision({ ok: true, value: coreOutcomes.notApplied('not-recorded', { code: 'server', message: 'HTTP 503' }, rows[0]!) }));
    rejectViaDialog('Ana');
    await advance(5000);
    // Signed out: the snapshot has neither the workspace nor its requests.
    act(() => api.pushSnapshot(aSnapshot([], { seq: 2, workspaces: [] })));
    fireEvent.click(within(toasts()).getByRole('button', { name: 'Retry' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(toasts().textContent).toContain('Ana is no longer in the queue (its workspace is not signed in): there is nothing to retry here.');
    expect(toasts().textContent).toContain('Sign in to that workspace again to decide it.');
    expect(toasts().textContent).not.toContain('the dialog was closed');
    expect(toasts().textContent).toContain('Not applied – the server did not record the decision.');
    await advance(30_000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
  });

  it('F21: 401 says the decision was not submitted and offers sign-in', async () => {
    await setup((a) =>
      a.scriptDecision({ ok: true, value: coreOutcomes.notApplied('session-expired', { code: 'unauthorized', message: 'HTTP 401', status: 401 }, null) }),
    );
    rejectViaDialog('Ana');
    await advance(5000);
    expect(toasts().textContent).toContain('Ana: Session expired – decision not submitted');
    fireEvent.click(within(toasts()).getByRole('button', { name: 'Open sign-in' }));
    expect(screen.getByRole('dialog', { name: 'Sign in' })).toBeTruthy();
  });
});

describe('F27: a 429 on a decision', () => {
  it("holds every decision of that workspace back until the server's wait is over: buttons disabled with a countdown, keys refused saying why", async () => {
    const api = await setup((a) => a.scriptDecision({ ok: true, value: coreOutcomes.notApplied('rate-limited', { code: 'rate-limited', message: 'Too many requests', retryAfterMs: 30_000 }, rows[0]!) }));
    rejectViaDialog('Ana');
    await advance(5000);
    for (let i = 0; i < 3; i += 1) await advance(0);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    expect(toasts().textContent).toMatch(/Not submitted \(rate limited\) – try again in \d+ s/);
    // Bo was never sent: the limit is the workspace's, so his buttons wait too.
    const boReject = within(row('Bo')).getByRole('button', { name: 'Reject' }) as HTMLButtonElement;
    expect(boReject.disabled).toBe(true);
    expect(boReject.title).toBe('Rate limited by the server – try again in 30 s');
    const line = within(toasts()).getByText(/^Ana/, { selector: 'bdi' }).closest('li')!;
    const spoken = () => line.querySelector('.visually-hidden')?.textContent;
    const at = spoken();
    expect(at).toMatch(/^Not submitted \(rate limited\) – try again at \d\d:\d\d:\d\d$/);
    await advance(10_000);
    expect(boReject.title).toBe('Rate limited by the server – try again in 20 s');
    // On screen it counts down; the live region says when it ends, unchanged (no reading every second, never out of date).
    expect(line.querySelector('[aria-hidden="true"]')?.textContent).toBe('Not submitted (rate limited) – try again in 20 s');
    expect(spoken()).toBe(at);
    // Dismissing the notice that said so does not end the server's wait.
    fireEvent.click(within(line).getByRole('button', { name: 'Dismiss' }));
    expect(boReject.disabled).toBe(true);
    // The key on the cursor (Bo, after Ana's decision moved it on) opens nothing and says why.
    expect(row('Bo').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'r' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(toasts().textContent).toContain('Bo: Rate limited by the server – try again in 20 s');
    await advance(20_000);
    expect(boReject.disabled).toBe(false);
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'r' });
    expect(screen.getByRole('dialog', { name: 'Reject request' })).toBeTruthy();
  });
});

describe('F27: the bulk dialog during a wait', () => {
  it('lists the selected requests as waiting with the countdown, and offers them once the wait is over', async () => {
    await setup((a) => a.scriptDecision({ ok: true, value: coreOutcomes.notApplied('rate-limited', { code: 'rate-limited', message: 'Too many requests', retryAfterMs: 30_000 }, rows[0]!) }));
    rejectViaDialog('Ana');
    await advance(5000);
    for (let i = 0; i < 3; i += 1) await advance(0);
    for (const name of ['Bo', 'Cy']) fireEvent.click(within(row(name)).getByRole('checkbox', { name: 'Select' }));
    fireEvent.click(screen.getByRole('button', { name: /Reject selected/ }));
    const dialog = screen.getByRole('dialog', { name: 'Bulk reject' });
    expect(dialog.textContent).toMatch(/Bo – Rate limited by the server – try again in 30 s/);
    expect((within(dialog).getByRole('button', { name: 'Reject 0 requests' }) as HTMLButtonElement).disabled).toBe(true);
    await advance(10_000);
    expect(dialog.textContent).toMatch(/Bo – Rate limited by the server – try again in 20 s/);
    await advance(20_000);
    expect((within(dialog).getByRole('button', { name: 'Reject 2 requests' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('the bulk report', () => {
  it('says each outcome once, in core\'s words (no "Not applied — retry. Not applied – …")', async () => {
    // One row per outcome core can answer with: applied, already decided, every not-applied cause, unknown, a refusal.
    const names = ['Ana', 'Bo', 'Cy', 'Di', 'Ed', 'Flo', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kai', 'Lu'];
    const many = names.map((displayName, i) => aRequest({ id: `b${i}`, displayName, createdAt: T0 - (i + 1) * 60_000 }));
    const err = (code: 'server' | 'not-pending' | 'unauthorized' | 'forbidden' | 'rate-limited' | 'not-found' | 'validation' | 'timeout') => ({ code, message: 'The note is too long.' });
    const at = (i: number) => many[i]!;
    const scripted = [
      { ok: true as const, value: coreOutcomes.applied('reject', { ...at(0), status: 'REJECTED', rawStatus: 'REJECTED' }, false) },
      { ok: true as const, value: coreOutcomes.alreadyDecided('reject', { ...at(1), status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: T0 }, T0) },
      { ok: true as const, value: coreOutcomes.notApplied('still-pending', err('not-pending'), at(2)) },
      { ok: true as const, value: coreOutcomes.notApplied('decided-unread', err('not-pending'), at(3)) },
      { ok: true as const, value: coreOutcomes.notApplied('session-expired', err('unauthorized'), at(4)) },
      { ok: true as const, value: coreOutcomes.notApplied('forbidden', err('forbidden'), at(5)) },
      { ok: true as const, value: coreOutcomes.notApplied('rate-limited', err('rate-limited'), at(6)) },
      { ok: true as const, value: coreOutcomes.notApplied('gone', err('not-found'), null) },
      { ok: true as const, value: coreOutcomes.notApplied('not-sent', err('validation'), at(8)) },
      { ok: true as const, value: coreOutcomes.notApplied('not-recorded', err('timeout'), at(9)) },
      { ok: true as const, value: coreOutcomes.unknown('timeout', 'Could not confirm whether the decision was applied.') },
      { ok: false as const, error: { code: 'offline' as const, message: "Offline – the decision was not sent. The Fruxon server can't be reached. Decisions are possible again once the connection is back." } },
    ];
    useClockStore.getState().tick(T0);
    const api = createFakeAppApi({ snapshot: aSnapshot(many), settings: { undoSeconds: 5 } });
    api.scriptDecision(...scripted);
    render(<App api={api} />);
    await screen.findByRole('row', { name: /^Ana/ });
    vi.useFakeTimers();
    for (const name of names) fireEvent.click(within(row(name)).getByRole('checkbox', { name: 'Select' }));
    fireEvent.click(screen.getByRole('button', { name: /Reject selected/ }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Bulk reject' })).getByRole('button', { name: 'Reject 12 requests' }));
    await advance(5000);
    for (let i = 0; i < 5; i += 1) await advance(0);
    expect(api.callsTo('requests.reject')).toHaveLength(12);

    const report = screen.getByRole('region', { name: 'Bulk reject report' });
    expect(report.textContent).toContain('1 applied, 1 already decided by someone else, 10 failed');
    // What is on screen (a countdown's words for screen readers, said once, are checked apart).
    const shown = (li: HTMLElement) => {
      const copy = li.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((e) => e.remove());
      return copy.textContent ?? '';
    };
    const listed = within(report).getAllByRole('listitem');
    const items = listed.map(shown);
    expect(listed[6]!.querySelector('.visually-hidden')?.textContent).toMatch(/^Not submitted \(rate limited\) – try again at \d\d:\d\d:\d\d$/);
    expect(items).toHaveLength(12);
    const said = scripted.map((r) => (r.ok ? r.value.message : r.error.message));
    items.forEach((text, i) => {
      if (i === 0) return expect(text).toBe('Ana: applied');
      // Rate limited counts down in core's words (rateLimitedText); every other item is core's sentence as it is.
      if (i === 6) expect(text).toMatch(/^Gus: Not submitted \(rate limited\) – try again in \d+ s$/);
      else expect(text).toBe(`${names[i]}: ${said[i]}`);
      // Each outcome once: its sentence appears in exactly one item, and its lead only once in it.
      if (i !== 6) expect(items.filter((t) => t.includes(said[i]!))).toHaveLength(1);
      const lead = /^(Not applied|Not submitted|Outcome unknown|Already|Session expired|Offline|Refused by the server)/.exec(said[i]!)![1]!;
      expect(text.split(lead)).toHaveLength(2);
    });
    // F27: Gus's 429 (no Retry-After: a minute) holds "Retry failed" too, until the wait is over.
    const retry = within(report).getByRole('button', { name: 'Retry failed' }) as HTMLButtonElement;
    expect(retry.disabled).toBe(true);
    expect(retry.title).toMatch(/^Rate limited by the server – try again in \d+ s$/);
    await advance(60_000);
    expect(retry.disabled).toBe(false);
  });
});
