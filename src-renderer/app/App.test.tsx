import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aNotice, aRequest, aSnapshot, aWorkspace, T0 } from '../../test/fakes/builders';
import { createFakeAppApi } from '../../test/fakes/fake-app-api';
import { useClockStore } from '../state/clock';
import { App } from './App';

async function renderApp(api = createFakeAppApi()) {
  useClockStore.getState().tick(T0);
  render(<App api={api} />);
  await screen.findByRole('grid', { name: 'Requests' });
  await waitFor(() => expect(document.documentElement.dataset.ready).toBe('true'));
  return api;
}

describe('App (issue-2 minimum)', () => {
  it('shows tabs with counts, rows with name and address, and marks readiness after the first snapshot', async () => {
    const rows = [
      aRequest({ displayName: 'Ana Souza', address: '+15550001111' }),
      aRequest({ displayName: 'Boris', status: 'APPROVED', rawStatus: 'APPROVED', processedByName: 'Alice Moreno', processedAt: T0 }),
      aRequest({ displayName: 'Chen', status: 'REJECTED', rawStatus: 'REJECTED' }),
    ];
    await renderApp(createFakeAppApi({ snapshot: aSnapshot(rows) }));
    expect(screen.getByRole('tab', { name: 'Pending 1' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tab', { name: 'Approved 1' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Rejected 1' })).toBeTruthy();
    const row = screen.getByRole('row', { name: /Ana Souza/ });
    expect(row.getAttribute('aria-label')).toContain('+15550001111');
    expect(row.getAttribute('data-request-id')).toBe(rows[0]!.id);
    expect(within(row).getByRole('button', { name: 'Approve' })).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Reject' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Connection status' }).textContent).toContain('Live');
  });

  it('F18: an empty name shows "(no name)" next to the address', async () => {
    await renderApp(createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: '   ', address: 'U0ABC' })]) }));
    const row = screen.getByRole('row', { name: /\(no name\), U0ABC/ });
    expect(row.textContent).toContain('(no name)');
  });

  it('F14: HTML in names is rendered as text', async () => {
    await renderApp(createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: '<img src=x onerror=alert(1)></div>' })]) }));
    const row = screen.getByRole('row', { name: /<img src=x/ });
    expect(row.querySelector('img')).toBeNull();
    expect(row.textContent).toContain('<img src=x onerror=alert(1)></div>');
  });

  it('ignores a snapshot older than the one shown', async () => {
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: 'Fresh' })], { seq: 5 }) }));
    act(() => api.pushSnapshot(aSnapshot([aRequest({ displayName: 'Stale' })], { seq: 4 })));
    expect(screen.queryByRole('row', { name: /Stale/ })).toBeNull();
    expect(screen.getByRole('row', { name: /Fresh/ })).toBeTruthy();
  });

  it('status line: several workspaces each say their state; dropped rows are counted (F5, F24)', async () => {
    const api = createFakeAppApi({
      snapshot: aSnapshot([], {
        workspaces: [
          aWorkspace({ id: 'a', label: 'Acme', poll: { state: 'live', lastSuccessAt: T0, nextPollAt: null, lastError: null, droppedRows: 1, consecutiveFailures: 0 } }),
          aWorkspace({
            id: 'b',
            label: 'Beta',
            poll: { state: 'rate-limited', lastSuccessAt: T0, nextPollAt: Date.now() + 30_000, lastError: { code: 'rate-limited', message: 'Rate limited', retryAfterMs: 30_000 }, droppedRows: 0, consecutiveFailures: 1 },
          }),
        ],
      }),
    });
    await renderApp(api);
    const status = screen.getByRole('status', { name: 'Connection status' }).textContent ?? '';
    expect(status).toContain('Acme: Live');
    expect(status).toMatch(/Beta: Rate limited – refreshing in (29|30) s/);
    expect(status).toContain('1 item could not be displayed');
  });

  it('shows notices in the Notices region; clicking one opens that request', async () => {
    const target = aRequest({ displayName: 'Dana' });
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: 'Other' }), target]) }));
    act(() => api.pushNotice(aNotice({ title: 'New request on WhatsApp', body: 'Dana wants to talk to Support Bot', requests: [{ workspaceId: 'ws-1', requestId: target.id }] })));
    const log = screen.getByRole('region', { name: 'Notices' });
    expect(log.textContent).toContain('New request on WhatsApp');
    expect(log.textContent).toContain('Dana wants to talk to Support Bot');
    fireEvent.click(within(log).getByRole('button', { name: /New request on WhatsApp/ }));
    const details = await screen.findByRole('region', { name: 'Request details' });
    await waitFor(() => expect(within(details).getAllByText('Dana').length).toBeGreaterThan(0));
    expect(screen.getByRole('row', { name: /Dana/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('opens the settings dialog when main asks for it (tray "Settings…")', async () => {
    const api = await renderApp();
    act(() => api.pushShowView('settings'));
    expect(await screen.findByRole('dialog', { name: 'Settings' })).toBeTruthy();
  });
});
