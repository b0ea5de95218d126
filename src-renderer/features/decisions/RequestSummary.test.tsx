import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aRequest, aSnapshot, aWorkspace, T0 } from '../../../test/fakes/builders';
import { createFakeAppApi } from '../../../test/fakes/fake-app-api';
import { App } from '../../app/App';
import { useClockStore } from '../../state/clock';

// The audit's look-alikes: the same unnamed SMS sender on the same agent and connector, one in each workspace.
const lookAlike = (id: string, workspaceId: string) =>
  aRequest({ id, workspaceId, displayName: '', address: '+447700900123', provider: 'sms', agentName: 'Support Desk', connectorName: 'SMS line' });
const twoWorkspaces = [aWorkspace({ id: 'ws-1', label: 'Acme EU' }), aWorkspace({ id: 'ws-2', label: 'Beta' })];

async function openDialog(button: 'Approve' | 'Reject', rowName: RegExp, workspaces = twoWorkspaces) {
  useClockStore.getState().tick(T0);
  const rows = workspaces.length > 1 ? [lookAlike('a', 'ws-1'), lookAlike('b', 'ws-2')] : [lookAlike('a', 'ws-1')];
  render(<App api={createFakeAppApi({ snapshot: aSnapshot(rows, { workspaces }), settings: { undoSeconds: 0 } })} />);
  fireEvent.click(within(await screen.findByRole('row', { name: rowName })).getByRole('button', { name: button }));
  const dialog = screen.getByRole('dialog', { name: `${button} request` });
  return dialog.querySelector('.summary')!;
}

/** The summary as term/definition pairs ("Workspace: Beta"). */
const pairs = (summary: Element) => [...summary.querySelectorAll('dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`);

describe('the decision dialogs\' request summary', () => {
  it('with two workspaces, the Approve dialog says which workspace the request is in', async () => {
    const summary = await openDialog('Approve', /workspace Acme EU/);
    expect(pairs(summary)).toEqual(['Sender: (no name)', expect.stringMatching(/^Address: \+447700900123 /), 'Agent: Support Desk · SMS line', 'Workspace: Acme EU']);
  });

  it('with two workspaces, the Reject dialog says which workspace the request is in; the name keeps one line', async () => {
    const summary = await openDialog('Reject', /workspace Beta/);
    expect(pairs(summary)).toContain('Workspace: Beta');
    const dd = [...summary.querySelectorAll('dt')].find((dt) => dt.textContent === 'Workspace')!.nextElementSibling!;
    expect(dd.className).toBe('line-clip');
    expect(dd.querySelector('bdi')!.getAttribute('dir')).toBe('auto');
  });

  it('with one workspace the summary names none (as before)', async () => {
    const summary = await openDialog('Approve', /^\(no name\)/, [aWorkspace({ id: 'ws-1', label: 'Acme EU' })]);
    expect(pairs(summary)).toEqual(['Sender: (no name)', expect.stringMatching(/^Address: \+447700900123 /), 'Agent: Support Desk · SMS line']);
  });
});
