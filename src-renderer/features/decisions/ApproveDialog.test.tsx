import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aParticipant, aRequest, aSnapshot, aWorkspace, T0 } from '../../../test/fakes/builders';
import { createFakeAppApi, type FakeAppApi } from '../../../test/fakes/fake-app-api';
import { App } from '../../app/App';
import { useClockStore } from '../../state/clock';
import { useViewStore } from '../../state/view';

async function openApprove(row = aRequest({ displayName: 'Ana Souza' }), api?: FakeAppApi) {
  useClockStore.getState().tick(T0);
  const fake = api ?? createFakeAppApi({ snapshot: aSnapshot([row]), settings: { undoSeconds: 0 } });
  render(<App api={fake} />);
  const r = await screen.findByRole('row', { name: new RegExp(row.address.replace('+', '\\+')) });
  fireEvent.click(within(r).getByRole('button', { name: 'Approve' }));
  return { api: fake, dialog: screen.getByRole('dialog', { name: 'Approve request' }) };
}

/** The participant list answers only once the returned function is called (a slow list). */
function holdParticipants(api: FakeAppApi): () => void {
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const list = api.participants.list;
  api.participants.list = async (input) => {
    await arrived;
    return list(input);
  };
  return arrive;
}

const confirm = (d: HTMLElement) => within(d).getByRole('button', { name: 'Approve' }) as HTMLButtonElement;
const radio = (d: HTMLElement, name: string) => within(d).queryByRole('radio', { name }) as HTMLInputElement | null;

describe('Approve dialog', () => {
  it('unmatched: Create new is preselected, Bind is not offered; the confirm button names the mode visually', async () => {
    const { dialog } = await openApprove();
    expect(radio(dialog, 'Create new participant')!.checked).toBe(true);
    expect(radio(dialog, 'Add to existing participant')!.checked).toBe(false);
    expect(radio(dialog, 'Bind to matched participant')).toBeNull();
    expect(confirm(dialog).textContent).toContain('create new');
  });

  it('matched: Bind to matched participant is offered and preselected', async () => {
    const { dialog } = await openApprove(aRequest({ matchedParticipantId: 'p-77' }));
    expect(radio(dialog, 'Bind to matched participant')!.checked).toBe(true);
    expect(confirm(dialog).textContent).toContain('bind');
  });

  it('F18: Create new prefills a non-empty editable name (the address when the name is empty), limited to 150 with a counter', async () => {
    const { dialog } = await openApprove(aRequest({ displayName: '  ', address: '+15551230000' }));
    const name = within(dialog).getByRole('textbox', { name: 'Display name' }) as HTMLInputElement;
    expect(name.value).toBe('+15551230000');
    expect(dialog.textContent).toContain('12 / 150');
    fireEvent.change(name, { target: { value: '' } });
    expect(confirm(dialog).disabled).toBe(true);
    fireEvent.change(name, { target: { value: 'x'.repeat(151) } });
    expect(dialog.textContent).toContain('151 / 150');
    expect(confirm(dialog).disabled).toBe(true);
    fireEvent.change(name, { target: { value: 'Ana' } });
    expect(confirm(dialog).disabled).toBe(false);
  });

  it('F13: a 10,000-character name is prefilled within the limit', async () => {
    const { dialog } = await openApprove(aRequest({ displayName: '😀'.repeat(5000) }));
    const name = within(dialog).getByRole('textbox', { name: 'Display name' }) as HTMLInputElement;
    expect(name.value.length).toBeLessThanOrEqual(150);
    expect(name.value).toBe('😀'.repeat(75));
  });

  it('F19: the note has a live counter and is blocked above 4000 characters or with NUL', async () => {
    const { dialog } = await openApprove();
    const note = within(dialog).getByRole('textbox', { name: 'Note' });
    fireEvent.change(note, { target: { value: 'hello' } });
    expect(dialog.textContent).toContain('5 / 4000');
    fireEvent.change(note, { target: { value: 'n'.repeat(4001) } });
    expect(dialog.textContent).toContain('4001 / 4000');
    expect(within(dialog).getByRole('alert').textContent).toMatch(/too long/);
    expect(confirm(dialog).disabled).toBe(true);
    fireEvent.change(note, { target: { value: 'a\u0000b' } });
    expect(confirm(dialog).disabled).toBe(true);
    fireEvent.change(note, { target: { value: 'n'.repeat(4000) } });
    expect(confirm(dialog).disabled).toBe(false);
  });

  it('Add to existing: ranked suggestions first with the reason, then everyone else by name; the choice is sent', async () => {
    const row = aRequest({ displayName: 'Maria Lopez', address: '+44 7700 900123', provider: 'whatsapp' });
    const api = createFakeAppApi({ snapshot: aSnapshot([row]), settings: { undoSeconds: 0 } });
    const phone = aParticipant({ id: 'p-phone', displayName: 'M. L.', channels: [{ integrationConfigId: 'cfg-sms', address: '+447700900123', label: 'SMS' }] });
    const name = aParticipant({ id: 'p-name', displayName: 'Maria López' });
    api.participantList = { ok: true, value: [aParticipant({ id: 'p-z', displayName: 'Zed' }), name, aParticipant({ id: 'p-a', displayName: 'Abe' }), phone] };
    const { dialog } = await openApprove(row, api);
    fireEvent.click(radio(dialog, 'Add to existing participant')!);
    const listbox = await within(dialog).findByRole('listbox', { name: 'Participants' });
    const options = within(listbox).getAllByRole('option');
    expect(options.map((o) => o.querySelector('.option-name')!.textContent)).toEqual(['M. L.', 'Maria López', 'Abe', 'Zed']);
    expect(options[0]!.textContent).toContain('Same phone number');
    expect(options[1]!.textContent).toContain('Same name');
    expect(confirm(dialog).disabled).toBe(true);
    const search = within(dialog).getByRole('combobox', { name: 'Find participant' });
    fireEvent.change(search, { target: { value: 'zed' } });
    expect(within(listbox).getAllByRole('option').map((o) => o.querySelector('.option-name')!.textContent)).toEqual(['Zed']);
    fireEvent.change(search, { target: { value: '' } });
    fireEvent.click(within(listbox).getAllByRole('option')[0]!);
    expect(confirm(dialog).disabled).toBe(false);
    fireEvent.click(confirm(dialog));
    await waitFor(() => expect(api.callsTo('requests.approve')).toHaveLength(1));
    expect(api.callsTo('requests.approve')[0]!.input).toEqual({ workspaceId: 'ws-1', requestId: row.id, mode: 'ADD_TO_EXISTING', participantId: 'p-phone' });
  });

  it('Add to existing at keyboard speed: Enter pressed while the list loads picks the top match when it arrives, never approves unseen; Enter again approves', async () => {
    const row = aRequest({ displayName: 'Maria Lopez', address: '+44 7700 900123', provider: 'whatsapp' });
    const api = createFakeAppApi({ snapshot: aSnapshot([row]), settings: { undoSeconds: 0 } });
    api.participantList = { ok: true, value: [aParticipant({ id: 'p-z', displayName: 'Zed' }), aParticipant({ id: 'p-name', displayName: 'Maria López' })] };
    const arrive = holdParticipants(api);
    const { dialog } = await openApprove(row, api);
    fireEvent.click(radio(dialog, 'Add to existing participant')!);
    const search = within(dialog).getByRole('combobox', { name: 'Find participant' });
    fireEvent.change(search, { target: { value: 'Maria' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(within(dialog).getByText('Loading participants…')).toBeTruthy();
    arrive();
    await within(dialog).findByText(/Selected:/);
    expect(within(dialog).getByText(/Selected:/).textContent).toContain('Maria López');
    expect(api.callsTo('requests.approve')).toHaveLength(0);
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(api.callsTo('requests.approve')).toHaveLength(1));
    expect(api.callsTo('requests.approve')[0]!.input).toMatchObject({ mode: 'ADD_TO_EXISTING', participantId: 'p-name' });
  });

  it('Add to existing: two people of one name are told apart by their channels, in the list and in what is selected', async () => {
    const row = aRequest({ displayName: 'Ngozi Okafor', address: '@ngozi', provider: 'telegram' });
    // A channel without a label is named by the provider of its connector's requests in the queue.
    const onSms = aRequest({ id: 'r-sms', displayName: 'Someone', address: '+15550001234', provider: 'sms', integrationConfigId: 'cfg-sms' });
    const api = createFakeAppApi({ snapshot: aSnapshot([row, onSms]), settings: { undoSeconds: 0 } });
    api.participantList = {
      ok: true,
      value: [
        aParticipant({ id: 'p-sms', displayName: 'Ngozi Okafor', channels: [{ integrationConfigId: 'cfg-sms', address: '+4915148085510', label: null }] }),
        aParticipant({ id: 'p-teams', displayName: 'Ngozi Okafor', email: 'ngozi@example.com', channels: [{ integrationConfigId: 'cfg-teams', address: '29:1xfe', label: 'Teams' }, { integrationConfigId: 'cfg-sms', address: '+2348030000000', label: 'SMS' }, { integrationConfigId: 'cfg-wa', address: '+2348030000001', label: 'WhatsApp' }] }),
      ],
    };
    const { dialog } = await openApprove(row, api);
    fireEvent.click(radio(dialog, 'Add to existing participant')!);
    const listbox = await within(dialog).findByRole('listbox', { name: 'Participants' });
    const subs = within(listbox).getAllByRole('option').map((o) => o.querySelector('.option-sub')!.textContent);
    expect(subs).toEqual(expect.arrayContaining(['SMS +4915148085510', 'ngozi@example.com · Teams 29:1xfe · SMS +2348030000000 · 1 more']));
    fireEvent.click(within(listbox).getByRole('option', { name: /SMS \+4915148085510/ }));
    expect(within(dialog).getByText(/Selected:/).textContent).toBe('Selected: Ngozi Okafor (SMS +4915148085510)');
  });

  it('Add to existing with no suggestion and nothing typed: nobody is highlighted, and Enter picks nobody until a name is typed or an arrow chooses', async () => {
    const row = aRequest({ displayName: 'Qx Nobody', address: '+10000000000', provider: 'sms' });
    const api = createFakeAppApi({ snapshot: aSnapshot([row]), settings: { undoSeconds: 0 } });
    api.participantList = { ok: true, value: [aParticipant({ id: 'p-a', displayName: 'Abe' }), aParticipant({ id: 'p-z', displayName: 'Zed' })] };
    const { dialog } = await openApprove(row, api);
    fireEvent.click(radio(dialog, 'Add to existing participant')!);
    await within(dialog).findByRole('option', { name: /Abe/ });
    const search = within(dialog).getByRole('combobox', { name: 'Find participant' });
    expect(search.getAttribute('aria-activedescendant')).toBeNull();
    fireEvent.keyDown(search, { key: 'Enter' });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(within(dialog).queryByText(/Selected:/)).toBeNull();
    expect(dialog.textContent).toContain('Nobody is highlighted: type a name, email or address, or use the arrow keys.');
    expect(confirm(dialog).disabled).toBe(true);
    expect(api.callsTo('requests.approve')).toHaveLength(0);
    // A typed name highlights its top match; an arrow chooses from the top.
    fireEvent.change(search, { target: { value: 'ze' } });
    expect(search.getAttribute('aria-activedescendant')).toBe(within(dialog).getByRole('option', { name: /Zed/ }).id);
    fireEvent.change(search, { target: { value: '' } });
    expect(search.getAttribute('aria-activedescendant')).toBeNull();
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(within(dialog).getByText(/Selected:/).textContent).toContain('Abe');
  });

  it('Add to existing reopened with a participant chosen (a retry) highlights them, so Enter confirms', async () => {
    const row = aRequest({ displayName: 'Qx Nobody', address: '+10000000000', provider: 'sms' });
    const api = createFakeAppApi({ snapshot: aSnapshot([row]), settings: { undoSeconds: 0 } });
    api.participantList = { ok: true, value: [aParticipant({ id: 'p-a', displayName: 'Abe' }), aParticipant({ id: 'p-z', displayName: 'Zed' })] };
    useClockStore.getState().tick(T0);
    render(<App api={api} />);
    await screen.findByRole('row', { name: /Qx Nobody/ });
    act(() => useViewStore.getState().openDialog({ kind: 'approve', ref: { workspaceId: row.workspaceId, requestId: row.id }, mode: 'ADD_TO_EXISTING', prefill: { participantId: 'p-z' } }));
    const dialog = screen.getByRole('dialog', { name: 'Approve request' });
    const search = within(dialog).getByRole('combobox', { name: 'Find participant' });
    await within(dialog).findByRole('option', { name: /Zed/ });
    expect(search.getAttribute('aria-activedescendant')).toBe(within(dialog).getByRole('option', { name: /Zed/ }).id);
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(api.callsTo('requests.approve')).toHaveLength(1));
    expect(api.callsTo('requests.approve')[0]!.input).toMatchObject({ mode: 'ADD_TO_EXISTING', participantId: 'p-z' });
  });

  it('Add to existing, Enter while the list loads with no suggestion and nothing typed: nobody is picked when it arrives, and the line says why', async () => {
    const row = aRequest({ displayName: 'Qx Nobody', address: '+10000000000', provider: 'sms' });
    const api = createFakeAppApi({ snapshot: aSnapshot([row]), settings: { undoSeconds: 0 } });
    api.participantList = { ok: true, value: [aParticipant({ id: 'p-a', displayName: 'Abe' })] };
    const arrive = holdParticipants(api);
    const { dialog } = await openApprove(row, api);
    fireEvent.click(radio(dialog, 'Add to existing participant')!);
    const search = within(dialog).getByRole('combobox', { name: 'Find participant' });
    fireEvent.keyDown(search, { key: 'Enter' });
    arrive();
    await within(dialog).findByRole('option', { name: /Abe/ });
    await waitFor(() => expect(dialog.textContent).toContain('Nobody is highlighted'));
    expect(within(dialog).queryByText(/Selected:/)).toBeNull();
  });

  it('Add to existing opens with its list: the participants were fetched while the cursor rested on the request, once', async () => {
    const row = aRequest({ displayName: 'Maria Lopez', address: '+44 7700 900123', provider: 'whatsapp' });
    const api = createFakeAppApi({ snapshot: aSnapshot([row]), settings: { undoSeconds: 0 } });
    api.participantList = { ok: true, value: [aParticipant({ id: 'p-name', displayName: 'Maria López' })] };
    useClockStore.getState().tick(T0);
    render(<App api={api} />);
    await screen.findByRole('row', { name: /Maria Lopez/ });
    await waitFor(() => expect(api.callsTo('participants.list').map((c) => c.input)).toEqual([{ workspaceId: row.workspaceId }]));
    const r = screen.getByRole('row', { name: /Maria Lopez/ });
    fireEvent.click(within(r).getByRole('button', { name: 'Approve' }));
    const dialog = screen.getByRole('dialog', { name: 'Approve request' });
    fireEvent.click(radio(dialog, 'Add to existing participant')!);
    expect(within(dialog).queryByText('Loading participants…')).toBeNull();
    expect(within(dialog).getByRole('option', { name: /Maria López/ })).toBeTruthy();
    expect(api.callsTo('participants.list')).toHaveLength(1);
  });

  it('F4 and read-only: actions are disabled with the reason', async () => {
    useClockStore.getState().tick(T0);
    const api = createFakeAppApi({
      snapshot: aSnapshot([aRequest({ displayName: 'Esc', status: 'UNKNOWN', rawStatus: 'ESCALATED' }), aRequest({ displayName: 'Viewer', canDecide: false, readOnlyReason: 'You have the Viewer role on Sales Agent' })]),
    });
    render(<App api={api} />);
    const unknown = await screen.findByRole('row', { name: /Esc/ });
    expect(unknown.textContent).toContain('ESCALATED');
    expect((within(unknown).getByRole('button', { name: 'Approve' }) as HTMLButtonElement).disabled).toBe(true);
    const viewer = screen.getByRole('row', { name: /Viewer/ });
    const reject = within(viewer).getByRole('button', { name: 'Reject' }) as HTMLButtonElement;
    expect(reject.disabled).toBe(true);
    expect(reject.title).toBe('You have the Viewer role on Sales Agent');
  });
});

describe('Reject and bulk dialogs', () => {
  it('Reject explains "no for now" and has a note counter', async () => {
    useClockStore.getState().tick(T0);
    const api = createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: 'Ana' })]), settings: { undoSeconds: 0 } });
    render(<App api={api} />);
    fireEvent.click(within(await screen.findByRole('row', { name: /Ana/ })).getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject request' });
    expect(dialog.textContent).toContain('no for now');
    expect(dialog.textContent).toContain('next message creates a new request');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Note' }), { target: { value: 'not a customer' } });
    expect(dialog.textContent).toContain('14 / 4000');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(api.callsTo('requests.reject')).toHaveLength(1));
    expect(api.callsTo('requests.reject')[0]!.input).toEqual({ workspaceId: 'ws-1', requestId: expect.any(String), note: 'not a customer' });
  });

  it('Bulk reject: a selected request decided elsewhere while the dialog is open is skipped with who decided it', async () => {
    useClockStore.getState().tick(T0);
    const rows = [aRequest({ id: 'a', displayName: 'A' }), aRequest({ id: 'b', displayName: 'B' }), aRequest({ id: 'c', displayName: 'C' })];
    const api = createFakeAppApi({ snapshot: aSnapshot(rows), settings: { undoSeconds: 0 } });
    render(<App api={api} />);
    await screen.findByRole('row', { name: /^A,/ });
    for (const r of screen.getAllByRole('row')) fireEvent.click(within(r).getByRole('checkbox', { name: 'Select' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reject selected…' }));
    const dialog = screen.getByRole('dialog', { name: 'Bulk reject' });
    expect(dialog.textContent).toContain('Reject 3 requests');
    const byAlice = { ...rows[1]!, status: 'APPROVED' as const, rawStatus: 'APPROVED', processedByName: 'Alice Moreno', processedAt: T0, canDecide: false, readOnlyReason: 'Already approved by Alice Moreno at 14:02' };
    act(() => api.pushSnapshot(aSnapshot([rows[0]!, byAlice, rows[2]!], { seq: 2 })));
    expect(dialog.textContent).toContain('Reject 2 requests');
    expect(dialog.textContent).toContain('1 selected request is skipped:B – Already approved by Alice Moreno at 14:02');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject 2 requests' }));
    await waitFor(() => expect(api.callsTo('requests.reject')).toHaveLength(2));
    expect(api.callsTo('requests.reject').map((c) => (c.input as { requestId: string }).requestId)).toEqual(['a', 'c']);
    // The report says every selected request once: B with why it was left out.
    const report = await screen.findByRole('region', { name: 'Bulk reject report' });
    await waitFor(() => expect(report.textContent).toContain('2 applied, 0 already decided by someone else, 0 failed, 1 skipped'));
    expect(within(report).getAllByRole('listitem').map((li) => li.textContent)).toContain('B: skipped – Already approved by Alice Moreno at 14:02');
  });

  it('Bulk reject of 10: the dialog lists 8 and "Show all 10" lists every request it takes, before it is confirmed', async () => {
    useClockStore.getState().tick(T0);
    const rows = Array.from({ length: 10 }, (_, i) => aRequest({ id: `r${i}`, displayName: `Person ${i}`, createdAt: T0 - (10 - i) * 1000 }));
    const api = createFakeAppApi({ snapshot: aSnapshot(rows), settings: { undoSeconds: 0 } });
    render(<App api={api} />);
    await screen.findByRole('row', { name: /^Person 0,/ });
    for (const r of screen.getAllByRole('row')) fireEvent.click(within(r).getByRole('checkbox', { name: 'Select' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reject selected…' }));
    const dialog = screen.getByRole('dialog', { name: 'Bulk reject' });
    const list = within(dialog).getByRole('list', { name: 'Requests to reject' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(8);
    const showAll = within(dialog).getByRole('button', { name: 'Show all 10' });
    expect(showAll.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(showAll);
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent!.split(' +')[0])).toEqual(rows.map((r) => r.displayName));
    expect(within(dialog).getByRole('button', { name: 'Show fewer' }).getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject 10 requests' }));
    await waitFor(() => expect(api.callsTo('requests.reject')).toHaveLength(10));
  });

  it('two waiting requests from senders of the same name: the decision line says which (provider, then address)', async () => {
    useClockStore.getState().tick(T0);
    const rows = [
      aRequest({ id: 'a', displayName: 'Ngozi Okafor', provider: 'sms', address: '+2348011111111' }),
      aRequest({ id: 'b', displayName: 'Ngozi Okafor', provider: 'whatsapp', address: '+2348011111111' }),
      aRequest({ id: 'c', displayName: 'Ana', provider: 'whatsapp', address: '+447700900001' }),
      aRequest({ id: 'd', displayName: 'Ana', provider: 'whatsapp', address: '+447700900002' }),
      aRequest({ id: 'e', displayName: 'Bo', provider: 'sms', address: '+15550009' }),
    ];
    const api = createFakeAppApi({ snapshot: aSnapshot(rows), settings: { undoSeconds: 1 } });
    render(<App api={api} />);
    await screen.findAllByRole('row', { name: /^Ngozi Okafor,/ });
    const region = screen.getByRole('region', { name: 'Notices' });
    const rejectRow = (id: string) => {
      fireEvent.click(within(screen.getByRole('grid')).getAllByRole('row').find((r) => r.getAttribute('data-request-id') === id)!.querySelector('button.btn-reject')!);
      fireEvent.click(within(screen.getByRole('dialog', { name: 'Reject request' })).getByRole('button', { name: 'Reject' }));
    };
    rejectRow('a');
    expect(region.textContent).toContain('Rejecting Ngozi Okafor on SMS…');
    rejectRow('d');
    expect(region.textContent).toContain('Rejecting Ana (WhatsApp +447700900002)…');
    rejectRow('e');
    expect(region.textContent).toContain('Rejecting Bo…');
    // The outcomes say whom the same way (core's words name the sender only).
    await act(async () => void (await new Promise((r) => setTimeout(r, 1_300))));
    await waitFor(() => expect(region.textContent).toContain('Rejected Ngozi Okafor on SMS'));
    expect(region.textContent).toContain('Rejected Ana (WhatsApp +447700900002)');
    expect(region.textContent).toMatch(/Rejected Bo(?! \()/);
  });

  it('with two workspaces, the bulk dialog and its report say whose each look-alike request is', async () => {
    useClockStore.getState().tick(T0);
    const rows = [aRequest({ id: 'a', displayName: 'Ana', workspaceId: 'ws-1' }), aRequest({ id: 'b', displayName: 'Ana', workspaceId: 'ws-2' })];
    const workspaces = [aWorkspace({ id: 'ws-1', label: 'Acme EU' }), aWorkspace({ id: 'ws-2', label: 'Beta' })];
    const api = createFakeAppApi({ snapshot: aSnapshot(rows, { workspaces }), settings: { undoSeconds: 0 } });
    render(<App api={api} />);
    await screen.findAllByRole('row', { name: /^Ana,/ });
    for (const r of screen.getAllByRole('row')) fireEvent.click(within(r).getByRole('checkbox', { name: 'Select' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reject selected…' }));
    const dialog = screen.getByRole('dialog', { name: 'Bulk reject' });
    const listed = within(dialog).getAllByRole('listitem').map((li) => li.textContent);
    expect(listed).toEqual([expect.stringMatching(/^Ana .* · Acme EU$/), expect.stringMatching(/^Ana .* · Beta$/)]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject 2 requests' }));
    const report = await screen.findByRole('region', { name: 'Bulk reject report' });
    await waitFor(() => expect(within(report).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Ana (Acme EU): applied', 'Ana (Beta): applied']));
  });

  it('Bulk bind states the count and only covers matched rows', async () => {
    useClockStore.getState().tick(T0);
    const rows = [aRequest({ displayName: 'A', matchedParticipantId: 'p1', matchedParticipantName: 'Dana Whitfield' }), aRequest({ displayName: 'B' }), aRequest({ displayName: 'C', matchedParticipantId: 'p3' })];
    const api = createFakeAppApi({ snapshot: aSnapshot(rows), settings: { undoSeconds: 0 } });
    render(<App api={api} />);
    await screen.findByRole('row', { name: /^A,/ });
    for (const r of screen.getAllByRole('row')) fireEvent.click(within(r).getByRole('checkbox', { name: 'Select' }));
    fireEvent.click(screen.getByRole('button', { name: 'Bind selected…' }));
    const dialog = screen.getByRole('dialog', { name: 'Bulk bind' });
    expect(dialog.textContent).toContain('Bind 2 requests');
    expect(dialog.textContent).toContain('1 selected request is skipped:B – Fruxon matched no participant');
    // Whom each one is bound to (by name when known).
    const items = within(dialog).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([expect.stringMatching(/^A .* → Dana Whitfield$/), expect.stringMatching(/^C .* → matched participant p3$/), 'B – Fruxon matched no participant']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Bind 2 requests' }));
    await waitFor(() => expect(api.callsTo('requests.approve')).toHaveLength(2));
    expect(api.callsTo('requests.approve').every((c) => (c.input as { mode: string }).mode === 'BIND_ONLY')).toBe(true);
    const report = await screen.findByRole('region', { name: 'Bulk bind report' });
    expect(report.textContent).toContain('2 applied, 0 already decided by someone else, 0 failed, 1 skipped');
    expect(within(report).getAllByRole('listitem').map((li) => li.textContent)).toContain('B: skipped – Fruxon matched no participant');
  });
});
