import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { aDetail, aParticipant, aRequest, aSnapshot, aWorkspace, T0 } from '../../../test/fakes/builders';
import { createFakeAppApi } from '../../../test/fakes/fake-app-api';
import { App } from '../../app/App';
import { DETAIL_READ_REST_MS } from './DetailPane';
import { useClockStore } from '../../state/clock';
import { useDecisionsStore, type DecisionRecord } from '../../state/decisions';

async function openDetail(api: ReturnType<typeof createFakeAppApi>, name: RegExp) {
  useClockStore.getState().tick(T0);
  render(<App api={api} />);
  fireEvent.click(await screen.findByRole('row', { name }));
  return screen.findByRole('region', { name: 'Request details' });
}

describe('detail pane', () => {
  it('shows every field of the seed table plus agent, matched participant and history', async () => {
    const row = aRequest({ displayName: 'Ana Souza', address: '+15550001111', conversationName: 'Support DM', matchedParticipantId: 'p-1', processingNote: null });
    const api = createFakeAppApi({ snapshot: aSnapshot([row]) });
    api.details.set(
      row.id,
      { ok: true, value: aDetail(row, {
        matchedParticipant: aParticipant({ id: 'p-1', displayName: 'Ana S.', email: 'ana@example.com', channels: [{ integrationConfigId: 'cfg-sms', address: '+15550001111', label: 'SMS' }] }),
        history: [aRequest({ status: 'REJECTED', rawStatus: 'REJECTED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processingNote: 'try later', provider: 'sms' })],
      }) },
    );
    const pane = await openDetail(api, /^Ana Souza/);
    await waitFor(() => expect(pane.textContent).toContain('Ana S.'));
    for (const label of ['User Name', 'Identifier', 'Provider', 'Connector', 'Conversation', 'Status', 'Created At', 'Processed By', 'Processing Note', 'Agent']) {
      expect(within(pane).getByText(label)).toBeTruthy();
    }
    expect(pane.textContent).toContain('+15550001111');
    expect(pane.textContent).toContain('Support DM');
    expect(pane.textContent).toContain('ana@example.com');
    expect(pane.textContent).toContain('Alice Moreno');
    expect(pane.textContent).toContain('try later');
    expect(within(pane).getByRole('button', { name: 'Copy ID' })).toBeTruthy();
    expect(within(pane).getByRole('button', { name: 'Copy address' })).toBeTruthy();
    expect(within(pane).queryByRole('button', { name: 'Open in Fruxon' })).toBeNull();
  });

  it('F13: long names are capped at 256 graphemes with "Show more"', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: `Long${'ы'.repeat(10_000)}` })]) });
    const pane = await openDetail(api, /^Long/);
    const field = within(pane).getByText('User Name').nextElementSibling as HTMLElement;
    expect(field.querySelector('bdi')!.textContent!.length).toBe(257);
    fireEvent.click(within(field).getByRole('button', { name: 'Show more' }));
    expect(field.querySelector('bdi')!.textContent!.length).toBe(10_004);
  });

  it('F10: the pane follows the cursor when its request vanishes or is decided elsewhere, and a notice says which and why', async () => {
    const gone = aRequest({ id: 'gone', displayName: 'Gone' });
    const decided = aRequest({ id: 'decided', displayName: 'Decided' });
    const api = createFakeAppApi({ snapshot: aSnapshot([gone, decided], { seq: 1 }) });
    const pane = await openDetail(api, /^Gone/);
    await waitFor(() => expect(pane.textContent).toContain('+1555'));
    act(() => api.pushSnapshot(aSnapshot([decided], { seq: 2 })));
    const notices = screen.getByRole('region', { name: 'Notices' });
    expect(notices.textContent).toContain('Gone is no longer pending on the server');
    expect(screen.getByRole('row', { name: /^Decided/ }).getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Request details' })).getByRole('heading', { level: 2 }).textContent).toBe('Decided'));

    const byAlice = { ...decided, status: 'APPROVED' as const, rawStatus: 'APPROVED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: T0 };
    api.details.set('decided', { ok: true, value: aDetail(byAlice) });
    act(() => api.pushSnapshot(aSnapshot([byAlice], { seq: 3 })));
    // Nothing left on Pending: the pane closes rather than show a request no key acts on.
    expect(screen.queryByRole('region', { name: 'Request details' })).toBeNull();
    expect(notices.textContent).toMatch(/Decided was approved by Alice Moreno at \d\d:\d\d/);
    fireEvent.click(screen.getByRole('tab', { name: /Approved/ }));
    fireEvent.click(screen.getByRole('row', { name: /^Decided/ }));
    const detail = await screen.findByRole('region', { name: 'Request details' });
    expect(detail.textContent).toMatch(/Approved by Alice Moreno at \d\d:\d\d/);
    expect(within(detail).queryByRole('button', { name: /^Approve/ })).toBeNull();
    expect(within(detail).queryByRole('button', { name: /^Reject/ })).toBeNull();
  });

  it('j held with the pane open reads only the request the cursor stops on; the pane shows each one passed at once', async () => {
    const rows = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli'].map((name, i) => aRequest({ id: `r${i}`, displayName: name, createdAt: T0 - (10 - i) * 60_000 }));
    const api = createFakeAppApi({ snapshot: aSnapshot(rows) });
    const pane = await openDetail(api, /^Ana/);
    // Opened: read at once.
    expect(api.callsTo('requests.get')).toHaveLength(1);
    const heading = () => within(pane).getByRole('heading', { level: 2 }).textContent;
    vi.useFakeTimers();
    try {
      const advance = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
      // At key-repeat speed (one press every 33 ms).
      for (const name of ['Ben', 'Cleo', 'Dev', 'Eli']) {
        fireEvent.keyDown(document.activeElement ?? document.body, { key: 'j' });
        expect(heading()).toBe(name);
        await advance(33);
      }
      // Only once the cursor rests, and only for the request it rests on.
      await advance(DETAIL_READ_REST_MS - 33 - 20);
      expect(api.callsTo('requests.get')).toHaveLength(1);
      await advance(20);
      expect(api.callsTo('requests.get')).toHaveLength(2);
      expect(api.callsTo('requests.get')[1]!.input).toEqual({ workspaceId: rows[4]!.workspaceId, requestId: 'r4' });
      await advance(DETAIL_READ_REST_MS * 3);
      expect(api.callsTo('requests.get')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('F4 and read-only: raw status label shown, actions disabled with the reason', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: 'Esc', status: 'UNKNOWN', rawStatus: '<b>ESCALATED</b>' }), aRequest({ displayName: 'Ro', canDecide: false, readOnlyReason: 'Viewer role on Support Bot' })]) });
    const pane = await openDetail(api, /^Esc/);
    await waitFor(() => expect(pane.textContent).toContain('<b>ESCALATED</b> (not recognised)'));
    expect(pane.querySelector('b')).toBeNull();
    expect((within(pane).getByRole('button', { name: 'Approve…' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('row', { name: /^Ro/ }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Request details' }).textContent).toContain('Viewer role on Support Bot'));
    expect((within(screen.getByRole('region', { name: 'Request details' })).getByRole('button', { name: 'Reject…' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('"Open in Fruxon" only with a web URL, through app.openExternal', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: 'Web', agentId: 'agent-1' })], { workspaces: [aWorkspace({ webUrl: 'https://app.fruxon.com/demo' })] }) });
    const pane = await openDetail(api, /^Web/);
    fireEvent.click(await within(pane).findByRole('button', { name: 'Open in Fruxon' }));
    expect(api.callsTo('app.openExternal')[0]!.input).toEqual({ url: 'https://app.fruxon.com/demo/agents/agent-1' });
  });
});

describe('detail pane: same sender elsewhere', () => {
  it('lists the same phone on another provider (any status) with provider, status and agent, and opens it', async () => {
    const wa = aRequest({ id: 'wa', displayName: 'Amira Haddad', provider: 'whatsapp', integrationConfigId: 'cfg-wa', address: '+447700900123', agentName: 'Support Desk' });
    const sms = aRequest({ id: 'sms', displayName: '', provider: 'sms', integrationConfigId: 'cfg-sms', address: '+44 7700 900123', agentName: 'Billing Helper' });
    const smsBefore = aRequest({ id: 'sms-old', displayName: 'Amira', provider: 'sms', integrationConfigId: 'cfg-sms', address: '+447700900123', status: 'REJECTED', rawStatus: 'REJECTED', agentName: 'Billing Helper' });
    const sameConnector = aRequest({ id: 'wa-old', displayName: 'Amira again', provider: 'whatsapp', integrationConfigId: 'cfg-wa', address: '+447700900123', status: 'REJECTED', rawStatus: 'REJECTED' });
    const otherWorkspace = aRequest({ id: 'elsewhere', displayName: 'Other tenant', provider: 'sms', integrationConfigId: 'cfg-x', address: '+447700900123', workspaceId: 'ws-2' });
    const unrelated = aRequest({ id: 'unrelated', displayName: 'Someone Else', provider: 'sms', integrationConfigId: 'cfg-sms', address: '+15550009999' });
    const api = createFakeAppApi({ snapshot: aSnapshot([wa, sms, smsBefore, sameConnector, otherWorkspace, unrelated], { workspaces: [aWorkspace(), aWorkspace({ id: 'ws-2', label: 'Beta' })] }) });
    const pane = await openDetail(api, /^Amira Haddad/);

    const list = await within(pane).findByRole('list', { name: 'Same sender elsewhere' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([expect.stringContaining('(no name)'), expect.stringContaining('Amira')]);
    expect(items[0]!.textContent).toMatch(/Pending.*SMS.*\+44 7700 900123.*Billing Helper/);
    expect(items[1]!.textContent).toMatch(/Rejected.*SMS.*Billing Helper/);
    expect(list.textContent).not.toContain('Amira again');
    expect(list.textContent).not.toContain('Other tenant');
    expect(list.textContent).not.toContain('Someone Else');

    fireEvent.click(within(list).getByRole('button', { name: '(no name)' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Request details' }).textContent).toContain('+44 7700 900123'));
    expect(screen.getByRole('row', { selected: true }).getAttribute('data-request-id')).toBe('sms');
    // Seen from the SMS request, the WhatsApp one is the same sender elsewhere.
    const back = within(screen.getByRole('region', { name: 'Request details' })).getByRole('list', { name: 'Same sender elsewhere' });
    expect(back.textContent).toContain('Amira Haddad');
  });

  it('is hidden when no other request shares the sender', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: 'Lonely', address: '+15550002222' }), aRequest({ displayName: 'Other', address: '+15550003333' })]) });
    const pane = await openDetail(api, /^Lonely/);
    await waitFor(() => expect(pane.textContent).toContain('No earlier requests from this sender.'));
    expect(within(pane).queryByText('Same sender elsewhere')).toBeNull();
    expect(within(pane).queryByRole('list', { name: 'Same sender elsewhere' })).toBeNull();
  });

  it('follows each poll with the pane open: a same-sender request that arrives appears, one whose address changed goes', async () => {
    const me = aRequest({ id: 'me', displayName: 'Lonely', provider: 'whatsapp', integrationConfigId: 'cfg-wa', address: '+447700900123' });
    const other = aRequest({ id: 'other', displayName: 'Other', provider: 'sms', integrationConfigId: 'cfg-sms', address: '+15550003333' });
    const api = createFakeAppApi({ snapshot: aSnapshot([me, other], { seq: 1 }) });
    const pane = await openDetail(api, /^Lonely/);
    await waitFor(() => expect(pane.textContent).toContain('No earlier requests from this sender.'));
    expect(within(pane).queryByRole('list', { name: 'Same sender elsewhere' })).toBeNull();
    // The next poll: the other request now has the same phone, written another way, and one more arrives.
    const moved = { ...other, address: '07700 900123', modifiedAt: (other.modifiedAt ?? 0) + 1 };
    const arrived = aRequest({ id: 'new', displayName: 'Amira SMS', provider: 'sms', integrationConfigId: 'cfg-sms', address: '+44 7700 900123' });
    act(() => api.pushSnapshot(aSnapshot([me, moved, arrived], { seq: 2 })));
    const list = await within(pane).findByRole('list', { name: 'Same sender elsewhere' });
    await waitFor(() => expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringContaining('Other'), expect.stringContaining('Amira SMS')]));
    // And the poll after: the other one's address changes back; only the new one is left.
    act(() => api.pushSnapshot(aSnapshot([me, { ...other, modifiedAt: (other.modifiedAt ?? 0) + 2 }, arrived], { seq: 3 })));
    await waitFor(() => expect(within(within(pane).getByRole('list', { name: 'Same sender elsewhere' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringContaining('Amira SMS')]));
  });

  it('"Earlier requests from this sender" says when the loaded history is partial', async () => {
    const row = aRequest({ displayName: 'Partial' });
    const api = createFakeAppApi({
      snapshot: aSnapshot([row], { workspaces: [aWorkspace({ id: row.workspaceId, history: { refreshedAt: T0, refreshing: false, kept: 20_000, partial: { APPROVED: 'limit', REJECTED: 'limit' }, lastError: null } })] }),
    });
    const pane = await openDetail(api, /^Partial/);
    await waitFor(() => expect(pane.textContent).toContain('No earlier requests from this sender.'));
    expect(pane.textContent).toMatch(/Decided requests as of .+ \(the last history refresh\); only the newest 20,000 are kept, so older requests from this sender may be missing\./);
    act(() => api.pushSnapshot(aSnapshot([row], { seq: 9, workspaces: [aWorkspace({ id: row.workspaceId })] })));
    await waitFor(() => expect(pane.textContent).not.toContain('may be missing'));
  });
});

describe('detail pane: an "Outcome unknown" decision is checked (F31)', () => {
  const row = aRequest({ id: 'r1', displayName: 'Ana' });
  const unknown = (at: number): DecisionRecord => ({
    id: 'r1',
    ref: { workspaceId: row.workspaceId, requestId: 'r1' },
    kind: 'approve',
    input: { workspaceId: row.workspaceId, requestId: 'r1', mode: 'CREATE_NEW' },
    subject: 'Ana',
    batchId: null,
    phase: 'unknown',
    sendAt: null,
    message: 'Outcome unknown – the server did not answer in time. Open the request to check before deciding again.',
    tone: 'error',
    canRetry: false,
    retryAt: null,
    seq: 1,
    at,
    coreGaveUp: true,
  });
  const notice = () => screen.getByRole('region', { name: 'Notices' });
  const STILL_PENDING = /^Ana: Not applied – the request was still pending when the console checked it at \d\d:\d\d\. It is safe to decide again\.$/;

  it('a decision that ends unknown while the pane shows its request is read again once; still pending on the server → "Not applied", with Retry', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([row]) });
    const pane = await openDetail(api, /^Ana/);
    await waitFor(() => expect(api.callsTo('requests.get')).toHaveLength(1));
    await waitFor(() => expect(pane.textContent).toContain('+1555'));
    act(() => useDecisionsStore.setState({ records: { r1: unknown(Date.now()) } }));
    await waitFor(() => expect(useDecisionsStore.getState().records.r1!.phase).toBe('not-applied'));
    expect(api.callsTo('requests.get')).toHaveLength(2);
    const line = notice().querySelector('[data-decision-id="r1"]') as HTMLElement;
    expect(line.querySelector('.notice-text')!.textContent).toMatch(STILL_PENDING);
    expect(within(line).getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(within(line).queryByRole('button', { name: 'Check request' })).toBeNull();
    // Settling it is no reason to read again.
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(api.callsTo('requests.get')).toHaveLength(2);
  });

  it('only the server\'s answer settles it: the console\'s own copy says so in the pane, and "Check request" reads again', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([row]) });
    api.details.set('r1', { ok: true, value: aDetail(row, { fromServer: false }) });
    act(() => useDecisionsStore.setState({ records: { r1: unknown(Date.now() - 1000) } }));
    const pane = await openDetail(api, /^Ana/);
    await waitFor(() => expect(pane.textContent).toContain("Not read from the server just now (offline, signed out or a server error): this is the console's copy from its last poll."));
    expect(useDecisionsStore.getState().records.r1!.phase).toBe('unknown');
    const reads = api.callsTo('requests.get').length;
    api.details.set('r1', { ok: true, value: aDetail(row) });
    fireEvent.click(within(notice()).getByRole('button', { name: 'Check request' }));
    await waitFor(() => expect(useDecisionsStore.getState().records.r1!.phase).toBe('not-applied'));
    expect(api.callsTo('requests.get')).toHaveLength(reads + 1);
    expect(pane.textContent).not.toContain('Not read from the server just now');
  });

  it('a read sent while the decision was still being sent settles nothing when it answers after the outcome turned unknown; the read sent after does', async () => {
    const api = createFakeAppApi({ snapshot: aSnapshot([row]) });
    const answers: Array<() => void> = [];
    api.requests.get = (ref) =>
      new Promise((resolve) => {
        answers.push(() => resolve({ ok: true, value: aDetail({ ...row, id: ref.requestId }) }));
      });
    act(() => useDecisionsStore.setState({ records: { r1: { ...unknown(Date.now()), phase: 'sending', coreGaveUp: false } } }));
    await openDetail(api, /^Ana/);
    await waitFor(() => expect(answers).toHaveLength(1));
    act(() => useDecisionsStore.setState({ records: { r1: unknown(Date.now()) } }));
    await waitFor(() => expect(answers).toHaveLength(2));
    await act(async () => answers[0]!());
    expect(useDecisionsStore.getState().records.r1!.phase).toBe('unknown');
    await act(async () => answers[1]!());
    expect(useDecisionsStore.getState().records.r1!.phase).toBe('not-applied');
  });

  it('a request the server shows decided leaves it unknown: whose decision that was is not known here', async () => {
    const byAlice = { ...row, status: 'APPROVED' as const, rawStatus: 'APPROVED', processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: T0, canDecide: false };
    const api = createFakeAppApi({ snapshot: aSnapshot([row]) });
    api.details.set('r1', { ok: true, value: aDetail(byAlice) });
    act(() => useDecisionsStore.setState({ records: { r1: unknown(Date.now() - 1000) } }));
    await openDetail(api, /^Ana/);
    await waitFor(() => expect(api.callsTo('requests.get').length).toBeGreaterThanOrEqual(1));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(useDecisionsStore.getState().records.r1!.phase).toBe('unknown');
  });
});
