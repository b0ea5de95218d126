import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aRequest, aSnapshot, aWorkspace, T0 } from '../../../test/fakes/builders';
import { createFakeAppApi } from '../../../test/fakes/fake-app-api';
import { App } from '../../app/App';
import { useSettingsStore } from '../../state/settings';
import { spokenTextOf } from '../../lib/spoken-text';
import { pauseUntil } from './SettingsDialog';

async function setup(api = createFakeAppApi()) {
  render(<App api={api} />);
  await screen.findByRole('grid', { name: 'Requests' });
  await waitFor(() => expect(api.callsTo('settings.get')).toHaveLength(1));
  return api;
}

describe('settings dialog', () => {
  it('edits settings through settings.update and shows the notice main returns', async () => {
    const api = await setup();
    api.settings.update = async (patch) => {
      api.calls.push({ method: 'settings.update', input: patch });
      return { ok: true, value: { settings: { ...api.settingsView.settings, ...patch }, notice: 'Start at login is not available in the browser host.' } };
    };
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const poll = within(dialog).getByRole('spinbutton', { name: 'Poll interval' });
    const description = () => (poll.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    // Its unit and range are heard with it (two number fields in minutes and seconds sound alike otherwise).
    expect(description()).toBe('seconds (10–600)');
    // Out of range or not whole: said next to the field, and nothing is saved (main would clamp it).
    for (const typed of ['900', '5', '12.5']) {
      fireEvent.change(poll, { target: { value: typed } });
      expect(poll.getAttribute('aria-invalid')).toBe('true');
      expect(description()).toBe('seconds (10–600) Poll interval: Enter a whole number from 10 to 600.');
      expect((within(dialog).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    }
    fireEvent.change(poll, { target: { value: '300' } });
    expect(poll.getAttribute('aria-invalid')).toBe('false');
    expect(within(dialog).queryByText(/Enter a whole number/)).toBeNull();
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Play a sound' }));
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Dark' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'WhatsApp' }));
    const quick = within(dialog).getByRole('checkbox', { name: 'Decide without a dialog' }) as HTMLInputElement;
    expect(quick.checked).toBe(false);
    fireEvent.click(quick);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toBe('Start at login is not available in the browser host.'));
    expect(api.callsTo('settings.update')).toHaveLength(1);
    const patch = api.callsTo('settings.update')[0]!.input as Record<string, unknown>;
    expect(patch).toMatchObject({ pollSeconds: 300, sound: true, theme: 'dark', notifyProviders: ['whatsapp'], decideWithoutDialog: true });
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
  });

  it('notifications can be limited to agents: every agent in the queue (any tab) is listed by name, and the choice is saved', async () => {
    const api = createFakeAppApi({
      snapshot: aSnapshot([
        aRequest({ agentId: 'ag-support', agentName: 'Support Desk' }),
        aRequest({ agentId: 'ag-billing', agentName: 'Billing Helper', status: 'APPROVED', rawStatus: 'APPROVED' }),
        aRequest({ agentId: 'ag-support', agentName: 'Support Desk' }),
      ]),
      settings: { notifyAgentIds: ['ag-gone'] },
    });
    await setup(api);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const group = within(dialog).getByRole('group', { name: 'Notify only for these agents (none checked means all)' });
    expect(within(group).getAllByRole('checkbox').map((c) => [c.closest('label')!.textContent!.trim(), (c as HTMLInputElement).checked])).toEqual([
      ['Billing Helper', false],
      ['Support Desk', false],
      ['Unknown agent (id ag-gone)', true],
    ]);
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Support Desk' }));
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Unknown agent (id ag-gone)' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.callsTo('settings.update')).toHaveLength(1));
    expect((api.callsTo('settings.update')[0]!.input as { notifyAgentIds: string[] }).notifyAgentIds).toEqual(['ag-support']);
  });

  it('blocks saving when red age is not after amber age', async () => {
    await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Red age after' }), { target: { value: '10' } });
    const save = within(dialog).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect(document.getElementById(save.getAttribute('aria-describedby') ?? '')?.textContent).toBe('To save, correct: Red age after.');
  });

  it('a shortcut with characters it cannot hold: said at the field, and beside Save (the field may be out of view), with every other problem', async () => {
    const api = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const shortcut = within(dialog).getByRole('textbox', { name: 'Global show/hide shortcut' });
    const save = within(dialog).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(false);
    expect(save.getAttribute('aria-describedby')).toBeNull();
    fireEvent.change(shortcut, { target: { value: 'Ctrl+Banana+%%' } });
    expect(shortcut.getAttribute('aria-invalid')).toBe('true');
    const problem = within(dialog).getByText('Global show/hide shortcut: use letters, digits, spaces and + only, e.g. CommandOrControl+Shift+F.');
    expect(shortcut.getAttribute('aria-describedby')?.split(' ')).toContain(problem.id);
    expect(save.disabled).toBe(true);
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Poll interval' }), { target: { value: '5' } });
    expect(document.getElementById(save.getAttribute('aria-describedby')!)?.textContent).toBe('To save, correct: Poll interval, Global show/hide shortcut.');
    fireEvent.click(save);
    expect(api.callsTo('settings.update')).toEqual([]);
    fireEvent.change(shortcut, { target: { value: 'Ctrl+Shift+F' } });
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Poll interval' }), { target: { value: '30' } });
    expect(shortcut.getAttribute('aria-invalid')).toBe('false');
    expect(save.disabled).toBe(false);
    expect(within(dialog).queryByText(/To save, correct/)).toBeNull();
  });

  it('pause choices end 30 min, 1 h, or tomorrow 08:00 from now', () => {
    expect(pauseUntil('30m', T0)).toBe(T0 + 1_800_000);
    expect(pauseUntil('1h', T0)).toBe(T0 + 3_600_000);
    const t = new Date(pauseUntil('tomorrow', T0));
    expect(t.getHours()).toBe(8);
    expect(t.getTime()).toBeGreaterThan(T0);
  });
});

describe('sign in dialog', () => {
  it('a workspace signed out with no credential kept (a restart of the browser host): Remove… takes it away, and Paste a token is filled in to sign in to it again', async () => {
    const poll = { ...aWorkspace().poll, state: 'signed-out' as const };
    const api = createFakeAppApi({ snapshot: aSnapshot([], { workspaces: [aWorkspace({ id: 'w1', label: 'Acme', tenant: 'acme-test', baseUrl: 'http://127.0.0.1:8841', isDemo: false, credential: 'none', poll })] }) });
    await setup(api);
    // Nothing is read: the empty list does not say nobody is waiting.
    expect(screen.getByText('Not signed in')).toBeTruthy();
    expect(screen.queryByText('Nobody is waiting')).toBeNull();
    fireEvent.click(screen.getAllByRole('button', { name: /^Sign in/ })[0]!);
    const dialog = screen.getByRole('dialog', { name: 'Sign in' });
    // Signing in to it again: its address and tenant are filled in (the token never is).
    fireEvent.click(within(dialog).getByRole('button', { name: 'Paste a token' }));
    expect((within(dialog).getByRole('textbox', { name: 'Tenant' }) as HTMLInputElement).value).toBe('acme-test');
    expect((within(dialog).getByRole('textbox', { name: 'API URL' }) as HTMLInputElement).value).toBe('http://127.0.0.1:8841');
    expect((within(dialog).getByLabelText('API token') as HTMLInputElement).value).toBe('');
    // Or removing it.
    expect(within(dialog).queryByRole('button', { name: 'Sign out of Acme…' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Acme…' }));
    const confirm = within(dialog).getByRole('group', { name: 'Remove Acme?' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep it' }));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(api.callsTo('auth.signOut')[0]!.input).toEqual({ workspaceId: 'w1' }));
  });

  /** Opens Sign in and starts the browser sign-in: the dialog, showing the code. */
  async function startDeviceFlow(): Promise<HTMLElement> {
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign in' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'API URL' }), { target: { value: 'http://127.0.0.1:4010' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start sign-in' }));
    await waitFor(() => expect(dialog.textContent).toContain('ABCD-EFGH'));
    return dialog;
  }

  it('device flow: shows the user code and verification link, then cancel', async () => {
    const api = await setup();
    const dialog = await startDeviceFlow();
    expect(dialog.textContent).toContain('Waiting for approval');
    // The verification page is a link (and can be copied); the desktop app opens it through main.
    const link = within(dialog).getByRole('link', { name: 'Open verification page' }) as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('http://127.0.0.1:4010/device?user_code=ABCD-EFGH');
    expect(document.activeElement).toBe(link);
    expect(within(dialog).getByRole('link', { name: 'http://127.0.0.1:4010/device?user_code=ABCD-EFGH' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Copy link' })).toBeTruthy();
    // The browser host lets the browser open a new tab; the desktop app asks main (its allowlist decides).
    expect(link.target).toBe('_blank');
    expect(link.rel).toContain('noopener');
    act(() => useSettingsStore.getState().setInfo({ version: '0', host: 'electron', platform: 'linux' }));
    fireEvent.click(link);
    expect(api.callsTo('app.openExternal')[0]!.input).toEqual({ url: 'http://127.0.0.1:4010/device?user_code=ABCD-EFGH' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel sign-in' }));
    await waitFor(() => expect(api.callsTo('auth.cancelDeviceFlow')).toHaveLength(1));
    act(() => api.pushDeviceFlow({ state: 'expired' }));
    expect(dialog.textContent).toContain('The code expired');
    // Screen readers hear how it ended (the line appears already filled), from a status inside the
    // dialog (the page behind a modal dialog is inert).
    expect(within(dialog).getByTestId('sign-in-said').textContent).toBe('The code expired before it was approved. Start again.');
  });

  it('device flow: the waiting line\'s live region says when the code expires, once; the countdown is on screen only', async () => {
    const api = await setup();
    const dialog = await startDeviceFlow();
    const waiting = within(dialog).getAllByRole('status').find((el) => el.textContent?.startsWith('Waiting'))!;
    const heard = spokenTextOf(waiting);
    expect(heard).toMatch(/^Waiting for approval… the code expires at \d\d:\d\d\.$/);
    await act(async () => void (await new Promise((r) => setTimeout(r, 1100))));
    expect(spokenTextOf(waiting)).toBe(heard);
    act(() => api.pushDeviceFlow({ state: 'approved', workspaceId: 'ws-new', tenantName: 'Acme\u202E EU' }));
    expect(within(dialog).getByTestId('sign-in-said').textContent).toBe('Signed in to Acme EU.');
  });

  it('token: signs in and clears the token field; workspaces show status, warnings and Sign out', async () => {
    const api = createFakeAppApi({
      snapshot: aSnapshot([], { workspaces: [aWorkspace({ id: 'w1', label: 'Acme', isDemo: false, credential: 'session-only', credentialNotice: 'No keyring: kept for this session only.', expiryWarning: 'Your API key expires in 3 days.' })] }),
    });
    await setup(api);
    // The header says who is signed in, and opens the same dialog.
    fireEvent.click(screen.getByRole('button', { name: 'Workspaces: Acme' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign in' });
    expect(dialog.textContent).toContain('No keyring: kept for this session only.');
    expect(dialog.textContent).toContain('Your API key expires in 3 days.');
    // Focus starts on adding a workspace: Enter on the header button and Enter again signs nobody out.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Use the browser' }));
    // Sign out asks first, with focus on staying signed in.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign out of Acme…' }));
    const confirm = within(dialog).getByRole('group', { name: 'Sign out of Acme?' });
    expect(confirm.textContent).toContain('decisions still in their undo window are not sent');
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Stay signed in' }));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Stay signed in' }));
    expect(api.callsTo('auth.signOut')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign out of Acme…' }));
    fireEvent.click(within(within(dialog).getByRole('group', { name: 'Sign out of Acme?' })).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(api.callsTo('auth.signOut')[0]!.input).toEqual({ workspaceId: 'w1' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Paste a token' }));
    // Sign in says what is missing (a disabled button would not), and sends nothing.
    const signIn = within(dialog).getByRole('button', { name: 'Sign in with token' });
    fireEvent.click(signIn);
    expect(within(dialog).getByRole('alert').textContent).toBe('Enter the tenant: the workspace name or id.');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Tenant' }), { target: { value: 'ac me' } });
    fireEvent.click(signIn);
    expect(within(dialog).getByRole('alert').textContent).toBe('A tenant has no spaces: enter the workspace name or id.');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Tenant' }), { target: { value: 'acme' } });
    fireEvent.change(within(dialog).getByLabelText('API token'), { target: { value: 'fx_' } });
    fireEvent.click(signIn);
    expect(within(dialog).getByRole('alert').textContent).toBe('Paste the whole API token (it is longer than that).');
    expect(api.callsTo('auth.signInWithToken')).toEqual([]);
    const token = within(dialog).getByLabelText('API token') as HTMLInputElement;
    fireEvent.change(token, { target: { value: 'fx_pat_secret123' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in with token' }));
    await waitFor(() => expect(dialog.textContent).toContain('Signed in: acme'));
    expect(token.value).toBe('');
    expect(api.callsTo('auth.signInWithToken')[0]!.input).toMatchObject({ tenant: 'acme', token: 'fx_pat_secret123' });
  });
});
