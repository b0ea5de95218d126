import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { aRequest, aSnapshot, T0 } from '../../../test/fakes/builders';
import { createFakeAppApi, type FakeAppApi } from '../../../test/fakes/fake-app-api';
import { App } from '../../app/App';
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

describe('decision lifecycle in the UI', () => {
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
      a.scriptDecision({ ok: true, value: { outcome: 'already-decided', request: { ...rows[0]!, status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: T0 } } }),
    );
    rejectViaDialog('Ana');
    await advance(5000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
    expect(toasts().textContent).toMatch(/Already approved by Alice Moreno at /);
    expect(within(toasts()).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('not applied: main\'s sentence once; Retry re-opens the confirmation with the note, and sends nothing by itself', async () => {
    const said = 'Not applied – the server did not record the decision. It is safe to retry.';
    const api = await setup((a) => a.scriptDecision({ ok: true, value: { outcome: 'not-applied', error: { code: 'server', message: said }, request: rows[0]! } }));
    rejectViaDialog('Ana', 'duplicate');
    await advance(5000);
    expect(toasts().textContent).toContain(said);
    expect(toasts().textContent!.split('Not applied').length).toBe(2);
    expect(row('Ana').textContent).toContain('Not applied');
    fireEvent.click(within(toasts()).getByRole('button', { name: 'Retry' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    expect((within(dialog).getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value).toBe('duplicate');
    await advance(30_000);
    expect(api.callsTo('requests.reject')).toHaveLength(1);
  });

  it('F21: 401 says the decision was not submitted and offers sign-in', async () => {
    await setup((a) =>
      a.scriptDecision({ ok: true, value: { outcome: 'not-applied', error: { code: 'unauthorized', message: 'Session expired – decision not submitted. Sign in again, then confirm the decision again.', status: 401 }, request: null } }),
    );
    rejectViaDialog('Ana');
    await advance(5000);
    expect(toasts().textContent).toContain('Session expired – decision not submitted');
    fireEvent.click(within(toasts()).getByRole('button', { name: 'Open sign-in' }));
    expect(screen.getByRole('dialog', { name: 'Sign in' })).toBeTruthy();
  });
});
