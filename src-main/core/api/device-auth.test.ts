import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-sim';
import { createApiClient } from './client';
import { pollDeviceAuthorization, startDeviceAuthorization } from './device-auth';

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ seed: 7, pending: 3 });
});
afterAll(async () => {
  await sim.close();
});

const body = { preset: 'operator', clientType: 'DESKTOP' as const, clientName: 'Fruxon Access Console 0.1.0', deviceId: '7d1f2c7e-1111-4222-8333-944455556666' };

describe('device authorization (fruxon-api.md §5.3)', () => {
  it('start → 202 pending → approve in the browser → 200 with a working key → 410 gone', async () => {
    const started = await startDeviceAuthorization(`${sim.url}/`, body);
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.userCode).toMatch(/\S/);
    expect(started.value.verificationUrl).toContain(started.value.userCode);
    expect(started.value.expiresInSeconds).toBe(600);

    expect(await pollDeviceAuthorization(sim.url, started.value.deviceCode)).toEqual({ ok: true, value: { state: 'pending' } });
    expect(sim.control.approveDevice(started.value.userCode)).toBe(true);

    const approved = await pollDeviceAuthorization(sim.url, started.value.deviceCode);
    if (!approved.ok || approved.value.state !== 'approved') throw new Error('expected approval');
    expect(approved.value.tenantSlug).toBe(sim.tenant);
    expect(approved.value.tenantId).toBe(sim.tenantId);

    const list = await createApiClient({ baseUrl: sim.url, tenant: approved.value.tenantSlug, token: approved.value.apiKey, workspaceId: 'w' }).listRequests();
    expect(list.ok).toBe(true);

    expect(await pollDeviceAuthorization(sim.url, started.value.deviceCode)).toEqual({ ok: true, value: { state: 'gone' } });
  });

  it('an unknown device code is gone', async () => {
    expect(await pollDeviceAuthorization(sim.url, 'no-such-code')).toEqual({ ok: true, value: { state: 'gone' } });
  });

  it('the start body is checked by the server: a missing preset is a validation error', async () => {
    const result = await startDeviceAuthorization(sim.url, { ...body, preset: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('validation');
  });

  it('refuses a plain-http remote base URL without sending anything (S1)', async () => {
    const result = await startDeviceAuthorization('http://fruxon.example.com', body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad-input');
  });

  it('the device label reaches the approval page the operator checks in the browser; without one the page says so', async () => {
    const labelled = await startDeviceAuthorization(sim.url, { ...body, deviceLabel: 'Support laptop 3' });
    if (!labelled.ok) throw new Error(labelled.error.message);
    const page = await (await fetch(labelled.value.verificationUrl)).text();
    expect(page).toContain('<dd>Support laptop 3</dd>');

    const unlabelled = await startDeviceAuthorization(sim.url, body);
    if (!unlabelled.ok) throw new Error(unlabelled.error.message);
    expect(await (await fetch(unlabelled.value.verificationUrl)).text()).toContain('<dd>Unnamed device</dd>');
  });

  it('a sign-in code that cannot be a path segment is refused before anything is sent', async () => {
    let sent = 0;
    const counting: typeof fetch = (input, init) => {
      sent += 1;
      return fetch(input, init);
    };
    for (const code of ['', '..', 'x'.repeat(501)]) {
      const result = await pollDeviceAuthorization(sim.url, code, counting);
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'bad-input', message: 'The sign-in code is not valid. Start signing in again.' }) });
    }
    expect(sent).toBe(0);
  });

  it('a server that answers 404 for a finished grant (instead of 410) is read as gone', async () => {
    sim.control.injectFault({ route: 'device-poll', action: { kind: 'status', status: 404 } });
    expect(await pollDeviceAuthorization(sim.url, 'finished-grant')).toEqual({ ok: true, value: { state: 'gone' } });
  });

  it('a server fault while polling is an error, not a state', async () => {
    sim.control.injectFault({ route: 'device-poll', action: { kind: 'html' } });
    const result = await pollDeviceAuthorization(sim.url, 'whatever');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-response');
  });
});
