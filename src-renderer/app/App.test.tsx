import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { aNotice, aRequest, aSnapshot, aWorkspace, T0 } from '../../test/fakes/builders';
import { createFakeAppApi } from '../../test/fakes/fake-app-api';
import { useClockStore } from '../state/clock';
import { useNoticesStore } from '../state/notices';
import { App } from './App';
import { SPEAK_SETTLE_MS } from '../features/notices/NoticesRegion';
import { spokenTextOf } from '../lib/spoken-text';

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
          aWorkspace({ id: 'a', label: 'Acme', poll: { state: 'live', lastSuccessAt: T0, nextPollAt: null, pollingSince: null, lastError: null, droppedRows: 1, consecutiveFailures: 0, pendingPartial: false, waitUntil: null } }),
          aWorkspace({
            id: 'b',
            label: 'Beta',
            poll: { state: 'rate-limited', lastSuccessAt: T0, nextPollAt: Date.now() + 30_000, pollingSince: null, lastError: { code: 'rate-limited', message: 'Rate limited', retryAfterMs: 30_000 }, droppedRows: 0, consecutiveFailures: 1, pendingPartial: false, waitUntil: Date.now() + 30_000 },
          }),
        ],
      }),
    });
    await renderApp(api);
    const status = screen.getByRole('status', { name: 'Connection status' }).textContent ?? '';
    expect(status).toContain('Acme: Live');
    expect(status).toMatch(/Beta: Rate limited \(last updated \d\d:\d\d\) · refreshing in (29|30) s/);
    expect(status).toContain('1 item could not be displayed');
  });

  it("F27: while core holds a workspace's decisions the status line says so with the time left (outside the live region), and its rows' buttons are off", async () => {
    const row = aRequest({ id: 'r1', workspaceId: 'b', displayName: 'Ana' });
    const api = createFakeAppApi({ snapshot: aSnapshot([row], { workspaces: [aWorkspace({ id: 'a', label: 'Acme' }), aWorkspace({ id: 'b', label: 'Beta', decisionsHeldUntil: Date.now() + 30_000 })] }) });
    await renderApp(api);
    const line = document.querySelector('.status-line')!;
    expect(line.textContent).toMatch(/Beta: Decisions paused \(rate limited\) · (29|30) s/);
    expect(line.textContent).not.toMatch(/Acme: Decisions paused/);
    expect(screen.getByRole('status', { name: 'Connection status' }).textContent).not.toContain('Decisions paused');
    const approve = within(screen.getByRole('row', { name: /^Ana/ })).getByRole('button', { name: 'Approve' }) as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    // Signed out: the wait was the old credential's.
    act(() => api.pushSnapshot(aSnapshot([row], { seq: 99, workspaces: [aWorkspace({ id: 'a', label: 'Acme' }), aWorkspace({ id: 'b', label: 'Beta', poll: { ...aWorkspace().poll, state: 'signed-out' } })] })));
    expect(document.querySelector('.status-line')!.textContent).not.toContain('Decisions paused');
  });

  it('the workspace button\'s dot has the worst connection tone of the signed-in workspaces, not always green', async () => {
    const live = { ...aWorkspace().poll, state: 'live' as const, lastSuccessAt: Date.now(), nextPollAt: Date.now() + 15_000 };
    const dot = () => screen.getByRole('button', { name: /^Workspaces:/ }).querySelector('.status-dot')!.className;
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot([], { seq: 1, workspaces: [aWorkspace({ id: 'a', label: 'Acme', isDemo: false, poll: live }), aWorkspace({ id: 'b', label: 'Beta', isDemo: false, poll: live })] }) }));
    expect(dot()).toBe('status-dot tone-ok');
    const offline = { ...live, state: 'offline' as const, lastError: { code: 'offline' as const, message: 'Offline' } };
    act(() => api.pushSnapshot(aSnapshot([], { seq: 2, workspaces: [aWorkspace({ id: 'a', label: 'Acme', isDemo: false, poll: live }), aWorkspace({ id: 'b', label: 'Beta', isDemo: false, poll: offline })] })));
    expect(dot()).toBe('status-dot tone-error');
  });

  it('a poll under way for longer than LIVE_WAIT_MS shows as waiting for the server, not as plain Live; the workspace button\'s dot agrees', async () => {
    const poll = { ...aWorkspace().poll, state: 'live' as const, nextPollAt: null, pollingSince: Date.now() - 20_000, lastSuccessAt: Date.now() - 40_000 };
    await renderApp(createFakeAppApi({ snapshot: aSnapshot([], { workspaces: [aWorkspace({ isDemo: false, poll })] }) }));
    expect(screen.getByRole('status', { name: 'Connection status' }).textContent).toMatch(/Live – waiting for the server \(last updated \d\d:\d\d\)/);
    expect(screen.getByRole('button', { name: /^Workspaces:/ }).querySelector('.status-dot')!.className).toBe('status-dot tone-warn');
  });

  it('tab counts end with "+" where the server has more than the console holds (only the newest decided kept, or a list cut short)', async () => {
    const approved = aRequest({ id: 'a1', status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-alice', processedAt: T0 });
    const rejected = aRequest({ id: 'r1', status: 'REJECTED', rawStatus: 'REJECTED', processedBy: 'u-alice', processedAt: T0 });
    const api = await renderApp(
      createFakeAppApi({ snapshot: aSnapshot([aRequest({ id: 'p1' }), approved, rejected], { seq: 1, workspaces: [aWorkspace({ isDemo: false, history: { ...aWorkspace().history, partial: { APPROVED: 'limit', REJECTED: null }, kept: 2 } })] }) }),
    );
    expect(screen.getByRole('tab', { name: 'Approved 1+' })).toBeTruthy();
    // Each status on its own: every rejected request the server listed is held.
    expect(screen.getByRole('tab', { name: 'Rejected 1' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Pending 1' })).toBeTruthy();
    act(() => api.pushSnapshot(aSnapshot([aRequest({ id: 'p1' }), approved], { seq: 2, workspaces: [aWorkspace({ isDemo: false, poll: { ...aWorkspace().poll, lastSuccessAt: T0, pendingPartial: true } })] })));
    expect(screen.getByRole('tab', { name: 'Approved 1' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Pending 1+' })).toBeTruthy();
  });

  it('an empty Rejected tab whose older requests were not kept never says "No rejected requests"; a tab holding all its requests does', async () => {
    const approved = aRequest({ id: 'a1', status: 'APPROVED', rawStatus: 'APPROVED', processedBy: 'u-alice', processedAt: T0 });
    const history = { refreshedAt: T0, refreshing: false, kept: 1, partial: { APPROVED: null, REJECTED: 'limit' as const }, lastError: null };
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot([approved], { seq: 1, workspaces: [aWorkspace({ isDemo: false, history })] }) }));
    fireEvent.click(screen.getByRole('tab', { name: /Rejected/ }));
    expect(await screen.findByText('No rejected request among those kept')).toBeTruthy();
    expect(screen.queryByText('No rejected requests')).toBeNull();
    expect(document.getElementById('list-note')!.textContent).toMatch(/Older rejected requests are not shown: only the newest 1 decided requests are kept\.$/);
    act(() => api.pushSnapshot(aSnapshot([approved], { seq: 2, workspaces: [aWorkspace({ isDemo: false, history: { ...history, partial: { APPROVED: 'limit', REJECTED: null } } })] })));
    expect(await screen.findByText('No rejected requests')).toBeTruthy();
  });

  it('F9: a pending list cut short with no pending request in the pages read never says "Nobody is waiting"', async () => {
    const cut = { ...aWorkspace().poll, lastSuccessAt: T0, pendingPartial: true };
    await renderApp(createFakeAppApi({ snapshot: aSnapshot([], { seq: 1, workspaces: [aWorkspace({ isDemo: false, poll: cut })] }) }));
    expect(screen.queryByText('Nobody is waiting')).toBeNull();
    expect(screen.getByText('No pending request in the pages read')).toBeTruthy();
    expect(screen.getByText('The server has more pages than the console reads, and the pages read hold no pending request.')).toBeTruthy();
  });

  it('F9: with several workspaces, one whose pending list was cut short keeps "Nobody is waiting" away', async () => {
    const cut = { ...aWorkspace().poll, lastSuccessAt: T0, pendingPartial: true };
    await renderApp(createFakeAppApi({ snapshot: aSnapshot([], { seq: 1, workspaces: [aWorkspace({ id: 'a', label: 'Acme', isDemo: false, poll: cut }), aWorkspace({ id: 'b', label: 'Beta', isDemo: false })] }) }));
    expect(screen.queryByText('Nobody is waiting')).toBeNull();
    expect(screen.getByText('No pending request in the pages read')).toBeTruthy();
  });

  it('an empty list says why when nothing could be read: never "Nobody is waiting" before any workspace has listed', async () => {
    const failing = { ...aWorkspace().poll, state: 'error' as const, lastSuccessAt: null, lastError: { code: 'tls' as const, message: 'Secure connection failed' } };
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot([], { seq: 1, workspaces: [aWorkspace({ isDemo: false, poll: failing })] }) }));
    expect(screen.getByText('Requests could not be loaded yet')).toBeTruthy();
    expect(screen.queryByText('Nobody is waiting')).toBeNull();
    // The first list still being read; then, once it came back empty, the server's answer.
    act(() => api.pushSnapshot(aSnapshot([], { seq: 2, workspaces: [aWorkspace({ isDemo: false, poll: { ...failing, state: 'starting', lastError: null } })] })));
    expect(screen.getByText('Loading requests…')).toBeTruthy();
    act(() => api.pushSnapshot(aSnapshot([], { seq: 3, workspaces: [aWorkspace({ isDemo: false })] })));
    expect(screen.getByText('Nobody is waiting')).toBeTruthy();
    // Approved is read by the history refresh: not read yet, then being read, then read.
    const history = (h: Partial<ReturnType<typeof aWorkspace>['history']>) => aSnapshot([], { seq: 0, workspaces: [aWorkspace({ isDemo: false, history: { ...aWorkspace().history, ...h } })] });
    fireEvent.click(screen.getByRole('tab', { name: /Approved/ }));
    act(() => api.pushSnapshot({ ...history({ refreshedAt: null }), seq: 4 }));
    expect(screen.getByText('Requests could not be loaded yet')).toBeTruthy();
    act(() => api.pushSnapshot({ ...history({ refreshedAt: null, refreshing: true }), seq: 5 }));
    expect(screen.getByText('Loading requests…')).toBeTruthy();
    act(() => api.pushSnapshot({ ...history({}), seq: 6 }));
    expect(screen.getByText('No approved requests')).toBeTruthy();
  });

  it('the connection status (a live region) says when the console tries again, once; the countdown every second is on screen only', async () => {
    const until = Date.now() + 40_000;
    const poll = { ...aWorkspace().poll, state: 'error' as const, nextPollAt: until, lastError: { code: 'server' as const, status: 500, message: 'The Fruxon server had a problem (HTTP 500).' } };
    await renderApp(createFakeAppApi({ snapshot: aSnapshot([], { workspaces: [aWorkspace({ isDemo: false, poll })] }) }));
    const status = screen.getByRole('status', { name: 'Connection status' });
    expect(status.textContent).toMatch(/retrying in (39|40) s/);
    const heard = () => spokenTextOf(status);
    expect(heard()).toMatch(/^The Fruxon server had a problem \(HTTP 500\)\. .*· retrying at \d\d:\d\d:\d\d$/);
    const before = heard();
    await act(async () => void (await new Promise((r) => setTimeout(r, 1100))));
    expect(status.textContent).toMatch(/retrying in (38|39) s/);
    expect(heard()).toBe(before);
  });

  it('a refresh the operator asked for says "Refreshing…" in the connection status until main answers', async () => {
    const api = createFakeAppApi();
    let answer = () => {};
    api.queue.refreshNow = () => new Promise((resolve) => (answer = () => resolve({ ok: true, value: null })));
    await renderApp(api);
    const status = screen.getByRole('status', { name: 'Connection status' });
    expect(status.textContent).not.toContain('Refreshing…');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(status.textContent).toContain('Refreshing…');
    await act(async () => answer());
    expect(status.textContent).not.toContain('Refreshing…');
    // A refresh that fails on the way ends the same.
    api.queue.refreshNow = () => Promise.reject(new Error('bridge gone'));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(status.textContent).not.toContain('Refreshing…'));
  });

  it('Refresh while the server asked to wait (a 503 with Retry-After) says it is not refreshed yet and until when; "Retry now" is not offered', async () => {
    const until = Date.now() + 60_000;
    const poll = { ...aWorkspace().poll, state: 'error' as const, nextPollAt: until, waitUntil: until, lastError: { code: 'server' as const, status: 503, retryAfterMs: 60_000, message: 'The Fruxon server had a problem (HTTP 503).' } };
    await renderApp(createFakeAppApi({ snapshot: aSnapshot([], { workspaces: [aWorkspace({ isDemo: false, poll })] }) }));
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).toMatch(/Not refreshed yet – the server asked the console to wait until \d\d:\d\d:\d\d\./);
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

  it('a notification clicked while a reject dialog holds a half-typed note keeps the dialog and the note; a notice opens the request afterwards', async () => {
    const ana = aRequest({ displayName: 'Ana' });
    const dana = aRequest({ displayName: 'Dana' });
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot([ana, dana]) }));
    fireEvent.click(within(screen.getByRole('row', { name: /^Ana/ })).getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Note' }), { target: { value: 'duplicate of ticket 41' } });
    act(() => api.pushOpen({ workspaceId: dana.workspaceId, requestId: dana.id }));
    expect(screen.getByRole('dialog', { name: 'Reject request' })).toBe(dialog);
    expect((within(dialog).getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value).toBe('duplicate of ticket 41');
    const log = screen.getByRole('region', { name: 'Notices' });
    expect(log.textContent).toContain('Dana was not opened: a dialog is open.');
    // However long the note takes, the notice is still there afterwards.
    act(() => useNoticesStore.getState().expire(Date.now() + 3_600_000));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(log).getByRole('button', { name: /Dana was not opened/ }));
    await waitFor(() => expect(screen.getByRole('row', { name: /^Dana/ }).getAttribute('aria-selected')).toBe('true'));
    expect(await screen.findByRole('region', { name: 'Request details' })).toBeTruthy();
  });

  it('notices: a burst is one line; information leaves by itself but not while the operator is in the region; at most three show', async () => {
    const rows = [aRequest({ displayName: 'Ana', provider: 'whatsapp' }), aRequest({ displayName: 'Bo', provider: 'sms' })];
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot(rows) }));
    vi.useFakeTimers({ now: Date.now() });
    act(() => api.pushNotice(aNotice({ title: 'Ana on WhatsApp', requests: [{ workspaceId: 'ws-1', requestId: rows[0]!.id }] })));
    act(() => api.pushNotice(aNotice({ title: 'Bo on SMS', requests: [{ workspaceId: 'ws-1', requestId: rows[1]!.id }] })));
    const region = screen.getByRole('region', { name: 'Notices' });
    expect(within(region).getAllByRole('listitem')).toHaveLength(1);
    expect(region.textContent).toContain('2 new requests');
    expect(region.textContent).toContain('1 SMS, 1 WhatsApp');
    // One announced before its row reached the queue: the parts still add up to the count.
    act(() => api.pushNotice(aNotice({ title: 'Cy', requests: [{ workspaceId: 'ws-1', requestId: 'not-listed-yet' }] })));
    expect(region.textContent).toContain('3 new requests');
    expect(region.textContent).toContain('1 SMS, 1 WhatsApp, 1 more');

    fireEvent.focus(within(region).getByRole('button', { name: /3 new requests/ }));
    await act(async () => void (await vi.advanceTimersByTimeAsync(30_000)));
    expect(within(region).getAllByRole('listitem')).toHaveLength(1);
    fireEvent.blur(within(region).getByRole('button', { name: /3 new requests/ }), { relatedTarget: document.body });
    await act(async () => void (await vi.advanceTimersByTimeAsync(5000)));
    expect(within(region).queryAllByRole('listitem')).toHaveLength(0);

    for (const text of ['one', 'two', 'three', 'four']) act(() => useNoticesStore.getState().info(text));
    expect(within(region).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['four×', 'three×', 'two×']);
    fireEvent.click(within(region).getByRole('button', { name: '1 more' }));
    expect(within(region).getAllByRole('listitem')).toHaveLength(4);
  });

  it('a burst that grows while it is being said is heard once, in its final words; a line shown again from "N more" is not heard again', async () => {
    const rows = [aRequest({ displayName: 'Ana', provider: 'whatsapp' }), aRequest({ displayName: 'Bo', provider: 'sms' })];
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot(rows) }));
    vi.useFakeTimers({ now: Date.now() });
    const heard = () => [...screen.getByTestId('notices-spoken').querySelectorAll('p')].map((p) => p.textContent);
    act(() => api.pushNotice(aNotice({ title: 'Ana on WhatsApp', body: '', requests: [{ workspaceId: 'ws-1', requestId: rows[0]!.id }] })));
    await act(async () => void (await vi.advanceTimersByTimeAsync(80)));
    act(() => api.pushNotice(aNotice({ title: 'Bo on SMS', body: '', requests: [{ workspaceId: 'ws-1', requestId: rows[1]!.id }] })));
    await act(async () => void (await vi.advanceTimersByTimeAsync(SPEAK_SETTLE_MS)));
    expect(heard()).toEqual(['2 new requests 1 SMS, 1 WhatsApp']);
    for (const text of ['one', 'two', 'three']) act(() => useNoticesStore.getState().info(text));
    await act(async () => void (await vi.advanceTimersByTimeAsync(SPEAK_SETTLE_MS)));
    expect(heard()).toEqual(['2 new requests 1 SMS, 1 WhatsApp', 'one', 'two', 'three']);
    // A notice dismissed before its words settled is not said.
    act(() => useNoticesStore.getState().info('gone at once'));
    const gone = useNoticesStore.getState().notices.find((n) => n.title === 'gone at once')!;
    act(() => useNoticesStore.getState().dismiss(gone.id));
    await act(async () => void (await vi.advanceTimersByTimeAsync(SPEAK_SETTLE_MS)));
    expect(heard()).toEqual(['2 new requests 1 SMS, 1 WhatsApp', 'one', 'two', 'three']);
    // The burst is folded behind "1 more", then shown again: nothing new is said.
    fireEvent.click(within(screen.getByRole('region', { name: 'Notices' })).getByRole('button', { name: '1 more' }));
    await act(async () => void (await vi.advanceTimersByTimeAsync(SPEAK_SETTLE_MS)));
    expect(heard()).toEqual(['2 new requests 1 SMS, 1 WhatsApp', 'one', 'two', 'three']);
  });

  it('F16: a notice that starts with a right-to-left name is still a left-to-right sentence (the name does not turn it around)', async () => {
    const rows = [aRequest({ displayName: 'תמר אברהם', provider: 'whatsapp' })];
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot(rows) }));
    act(() => api.pushNotice(aNotice({ title: 'תמר אברהם on WhatsApp', body: 'תמר אברהם wants to talk to Support Bot', requests: [{ workspaceId: 'ws-1', requestId: rows[0]!.id }] })));
    const region = screen.getByRole('region', { name: 'Notices' });
    const title = within(region).getByText('תמר אברהם on WhatsApp');
    const body = within(region).getByText('תמר אברהם wants to talk to Support Bot');
    // dir=auto would take the first strong character (Hebrew) and lay "on WhatsApp" out to its left.
    for (const el of [title, body]) expect(el.closest('[dir]')?.getAttribute('dir')).toBe('ltr');
  });

  it('the window title carries the pending count', async () => {
    const api = await renderApp(createFakeAppApi({ snapshot: aSnapshot([aRequest(), aRequest(), aRequest({ status: 'APPROVED' })]) }));
    expect(document.title).toBe('2 waiting – Fruxon Access Console');
    act(() => api.pushSnapshot(aSnapshot([], { seq: 9 })));
    expect(document.title).toBe('Fruxon Access Console');
  });

  it('opens the settings dialog when main asks for it (tray "Settings…")', async () => {
    const api = await renderApp();
    act(() => api.pushShowView('settings'));
    expect(await screen.findByRole('dialog', { name: 'Settings' })).toBeTruthy();
  });

  it('opening Approved or Rejected asks main to refresh them at once; the tab says when they were last refreshed', async () => {
    const api = createFakeAppApi({
      snapshot: aSnapshot([aRequest({ displayName: 'Boris', status: 'APPROVED', rawStatus: 'APPROVED', processedAt: T0 })], {
        workspaces: [aWorkspace({ history: { refreshedAt: T0, refreshing: false, kept: 20_000, partial: { APPROVED: 'limit', REJECTED: 'limit' }, lastError: null } })],
      }),
    });
    await renderApp(api);
    expect(api.callsTo('queue.refreshHistory')).toHaveLength(0);
    expect(document.getElementById('list-note')).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: /Approved/ }));
    await waitFor(() => expect(api.callsTo('queue.refreshHistory')).toHaveLength(1));
    const grid = screen.getByRole('grid', { name: 'Requests' });
    const note = document.getElementById(grid.getAttribute('aria-describedby') ?? '')!;
    expect(note.textContent).toMatch(/^Last refreshed \d\d:\d\d\. Older approved requests are not shown: only the newest 20,000 decided requests are kept\.$/);
    fireEvent.click(screen.getByRole('tab', { name: /Rejected/ }));
    await waitFor(() => expect(api.callsTo('queue.refreshHistory')).toHaveLength(2));
  });
});
