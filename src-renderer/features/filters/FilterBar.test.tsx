import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../../src-shared/settings';
import { aRequest, aSnapshot, aWorkspace, T0 } from '../../../test/fakes/builders';
import { createFakeAppApi } from '../../../test/fakes/fake-app-api';
import { App } from '../../app/App';
import { useClockStore } from '../../state/clock';

const rows = [
  aRequest({ displayName: 'Ana', provider: 'whatsapp' }),
  aRequest({ displayName: 'Bo', provider: 'whatsapp', agentId: 'ag-sales', agentName: 'Sales Agent' }),
  aRequest({ displayName: 'Cy', provider: 'sms' }),
  aRequest({ displayName: 'Done', provider: 'slack', status: 'APPROVED' }),
];

async function setup(settings = {}) {
  useClockStore.getState().tick(T0);
  const api = createFakeAppApi({ snapshot: aSnapshot(rows), settings });
  render(<App api={api} />);
  await screen.findByRole('row', { name: /^Cy/ });
  return api;
}

const shown = () => document.querySelector('.shown-count')!.textContent;

describe('filters', () => {
  it('provider chips list only providers present in the tab, with counts, and multi-select', async () => {
    await setup();
    expect(screen.getByRole('checkbox', { name: 'WhatsApp 2' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'SMS 1' })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: /Slack/ })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'SMS 1' }));
    expect(shown()).toBe('1 of 3 shown, filters active');
    fireEvent.click(screen.getByRole('checkbox', { name: 'WhatsApp 2' }));
    expect(shown()).toBe('3 of 3 shown, filters active');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(shown()).toBe('3 of 3 shown');
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('search with qualifiers narrows the list; filters are per tab', async () => {
    await setup();
    const search = screen.getByRole('searchbox', { name: 'Search requests' });
    fireEvent.change(search, { target: { value: '-provider:sms agent:sales' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(screen.getAllByRole('row').map((r) => r.getAttribute('aria-label')!.split(',')[0])).toEqual(['Bo']);
    fireEvent.click(screen.getByRole('tab', { name: /Approved/ }));
    expect(shown()).toBe('1 of 1 shown');
    expect((screen.getByRole('searchbox', { name: 'Search requests' }) as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByRole('tab', { name: /Pending/ }));
    expect((screen.getByRole('searchbox', { name: 'Search requests' }) as HTMLInputElement).value).toBe('-provider:sms agent:sales');
  });

  it('filters are restored from settings and saved back through settings.update (debounced); old chip filters become qualifiers', async () => {
    const api = await setup({ filters: { PENDING: { ...EMPTY_FILTERS, providers: ['sms'] }, APPROVED: EMPTY_FILTERS, REJECTED: EMPTY_FILTERS } });
    await waitFor(() => expect(shown()).toBe('1 of 3 shown, filters active'));
    expect((screen.getByRole('searchbox', { name: 'Search requests' }) as HTMLInputElement).value).toBe('provider:sms');
    expect((screen.getByRole('checkbox', { name: 'SMS 1' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.change(screen.getByRole('combobox', { name: 'Agent' }), { target: { value: 'ag-sales' } });
    expect(shown()).toBe('0 of 3 shown, filters active');
    await waitFor(() => expect(api.callsTo('settings.update').length).toBe(1), { timeout: 2000 });
    const saved = api.callsTo('settings.update')[0]!.input as { filters: { PENDING: { providers: string[]; agentIds: string[]; query: string } } };
    expect(saved.filters.PENDING).toMatchObject({ providers: [], query: 'provider:sms', agentIds: ['ag-sales'] });
  });

  it('chips and provider: qualifiers are one state: typing ticks the chip, unticking edits the query', async () => {
    await setup();
    const search = screen.getByRole('searchbox', { name: 'Search requests' }) as HTMLInputElement;
    fireEvent.change(search, { target: { value: 'provider:whats' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect((screen.getByRole('checkbox', { name: 'WhatsApp 2' }) as HTMLInputElement).checked).toBe(true);
    expect(shown()).toBe('2 of 3 shown, filters active');
    fireEvent.click(screen.getByRole('checkbox', { name: 'SMS 1' }));
    expect(search.value).toBe('provider:whats provider:sms');
    fireEvent.click(screen.getByRole('checkbox', { name: 'WhatsApp 2' }));
    expect(search.value).toBe('provider:sms');
    expect(shown()).toBe('1 of 3 shown, filters active');
  });

  it('a qualifier value that matches nothing is flagged like a bad age:', async () => {
    await setup();
    const search = screen.getByRole('searchbox', { name: 'Search requests' });
    fireEvent.change(search, { target: { value: 'provider:whatsup' } });
    expect(document.getElementById('search-help')!.textContent).toBe('Nothing here matches provider:whatsup – check the spelling.');
    fireEvent.change(search, { target: { value: 'agent:nobody age:>1x' } });
    expect(document.getElementById('search-help')!.textContent).toBe('Not understood: age:>1x (try age:>1h or age:<30m). Nothing here matches agent:nobody – check the spelling.');
    fireEvent.change(search, { target: { value: 'provider:whatsap agent:sales' } });
    expect(document.getElementById('search-help')!.className).toBe('visually-hidden');
  });

  it('palette: Ctrl+K, type an address, Enter jumps to that request', async () => {
    await setup();
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    const palette = screen.getByRole('dialog', { name: 'Command palette' });
    const input = within(palette).getByRole('combobox', { name: 'Command or request' });
    fireEvent.change(input, { target: { value: rows[2]!.address } });
    const options = within(palette).getAllByRole('option');
    expect(options[0]!.textContent).toContain('Cy');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('row', { name: /^Cy/ }).getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByRole('region', { name: 'Request details' })).toBeTruthy();
  });

  it('palette: applies a provider filter', async () => {
    await setup();
    act(() => void fireEvent.click(screen.getByRole('button', { name: 'Command palette' })));
    const palette = screen.getByRole('dialog', { name: 'Command palette' });
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: 'filter sms' } });
    fireEvent.click(within(palette).getByRole('option', { name: /Filter by provider: SMS/ }));
    expect(shown()).toBe('1 of 3 shown, filters active');
  });
});

describe('filters with several workspaces', () => {
  // The audit's case: a Slack connector and an agent of the same names in two workspaces.
  const slack = (displayName: string, workspaceId: string) =>
    aRequest({ displayName, workspaceId, provider: 'slack', integrationConfigId: `c-${workspaceId}`, agentId: `ag-${workspaceId}`, connectorName: 'Slack · Acme Support workspace', agentName: 'Support Desk' });

  async function setupTwo() {
    useClockStore.getState().tick(T0);
    const workspaces = [aWorkspace({ id: 'ws-1', label: 'Acme EU' }), aWorkspace({ id: 'ws-2', label: 'Beta' })];
    render(<App api={createFakeAppApi({ snapshot: aSnapshot([slack('Ana', 'ws-1'), slack('Bo', 'ws-2'), slack('Cy', 'ws-2')], { workspaces }) })} />);
    await screen.findByRole('row', { name: /^Cy/ });
  }
  const optionTexts = (name: string) => within(screen.getByRole('combobox', { name })).getAllByRole('option').map((o) => o.textContent);

  it('the Connector and Agent selects name the workspace of options that would read alike, and choosing one filters to it', async () => {
    await setupTwo();
    expect(optionTexts('Connector')).toEqual(['All connectors', 'Slack · Acme Support workspace · Acme EU (1)', 'Slack · Acme Support workspace · Beta (2)']);
    expect(optionTexts('Agent')).toEqual(['All agents', 'Support Desk · Acme EU (1)', 'Support Desk · Beta (2)']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Connector' }), { target: { value: 'c-ws-1' } });
    expect(screen.getAllByRole('row').map((r) => r.getAttribute('aria-label')!.split(',')[0])).toEqual(['Ana']);
  });

  it('a qualifier matches the option\'s own name, not the workspace added to it', async () => {
    await setupTwo();
    const search = screen.getByRole('searchbox', { name: 'Search requests' });
    fireEvent.change(search, { target: { value: 'agent:beta' } });
    expect(document.getElementById('search-help')!.textContent).toBe('Nothing here matches agent:beta – check the spelling.');
    fireEvent.change(search, { target: { value: 'agent:"support desk"' } });
    expect(document.getElementById('search-help')!.className).toBe('visually-hidden');
  });
});
