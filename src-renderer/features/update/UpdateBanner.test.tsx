import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeAppApi } from '../../../test/fakes/fake-app-api';
import { ApiContext } from '../../lib/api';
import { UpdateBanner } from './UpdateBanner';

describe('UpdateBanner', () => {
  it('shows nothing while updates are off or nothing is ready, then offers Restart to update', async () => {
    const api = createFakeAppApi();
    render(
      <ApiContext.Provider value={api}>
        <UpdateBanner />
      </ApiContext.Provider>,
    );
    await act(async () => undefined);
    expect(screen.queryByRole('button', { name: 'Restart to update' })).toBeNull();
    act(() => api.pushUpdate({ state: 'downloading', currentVersion: '0.1.0', version: '0.2.0', percent: 40 }));
    expect(screen.queryByRole('button', { name: 'Restart to update' })).toBeNull();
    act(() => api.pushUpdate({ state: 'ready', currentVersion: '0.1.0', version: '0.2.0' }));
    expect(screen.getByRole('status').textContent).toContain('Version 0.2.0 is ready to install.');
    await userEvent.click(screen.getByRole('button', { name: 'Restart to update' }));
    expect(api.callsTo('app.restartToUpdate')).toHaveLength(1);
  });

  it('says why when main refuses the restart (a decision awaits confirmation)', async () => {
    const api = createFakeAppApi();
    api.updateView = { state: 'ready', currentVersion: '0.1.0', version: '0.2.0' };
    api.app.restartToUpdate = async () => ({ ok: false, error: { code: 'in-progress', message: 'A decision is still waiting for confirmation. Restart when it is done.' } });
    render(
      <ApiContext.Provider value={api}>
        <UpdateBanner />
      </ApiContext.Provider>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Restart to update' }));
    expect((await screen.findByText(/still waiting for confirmation/)).textContent).toContain('Restart when it is done.');
  });
});
