import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceFlowView } from '../../../src-shared/contract';
import { fail, ok } from '../../../src-shared/domain';
import { cleanupAll, envFor, sim, startCore, tempDir, waitFor } from '../../../test/support/core-kit';
import { manualTimers } from '../../../test/support/timers';
import { createDeviceFlow, DEVICE_FLOW_MAX_MS, isVerificationUrlOpenable, type DeviceFlowApproval } from './device-flow';
import { createJsonFileStore } from '../storage/json-file-store';

afterEach(cleanupAll);

async function flow(options: { now?: () => number } = {}) {
  const s = await sim();
  const timers = manualTimers();
  const views: DeviceFlowView[] = [];
  const opened: string[] = [];
  const approvals: DeviceFlowApproval[] = [];
  const dataStore = createJsonFileStore(tempDir());
  const f = createDeviceFlow({
    now: options.now ?? Date.now,
    timers,
    dataStore,
    version: '9.9.9',
    openExternal: async (url) => void opened.push(url),
    onApproved: async (a) => {
      approvals.push(a);
      return ok({ workspaceId: 'ws-new' });
    },
    onChange: (v) => views.push(v),
  });
  /** Fires the poll timer and waits for the state to move on from `state`. */
  const tick = async () => {
    const before = views.length;
    timers.runDue();
    await waitFor(() => views.length > before || timers.scheduled().length > 0, 'the device poll');
  };
  return { s, f, timers, views, opened, approvals, dataStore, tick };
}

describe('device flow', () => {
  it('waits for approval in the browser, then creates the workspace from the minted key', async () => {
    const { s, f, views, opened, approvals, tick, timers } = await flow();
    const started = await f.start(s.url);
    expect(started.ok).toBe(true);
    const waiting = f.view();
    if (waiting.state !== 'waiting') throw new Error('expected waiting');
    expect(waiting.verificationUrl).toContain(`${s.url}/device?user_code=`);
    expect(opened).toEqual([waiting.verificationUrl]);
    expect(timers.scheduled()).toEqual([1000]); // the server's pollIntervalSeconds

    await tick(); // still pending
    expect(f.view().state).toBe('waiting');
    expect(s.control.approveDevice(waiting.userCode)).toBe(true);
    await tick();
    await waitFor(() => f.view().state === 'approved', 'approval');
    expect(f.view()).toEqual({ state: 'approved', workspaceId: 'ws-new', tenantName: expect.any(String) });
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ baseUrl: s.url, tenantSlug: s.tenant });
    expect(approvals[0]!.apiKey).toMatch(/^fx_pat_/);
    expect(views.map((v) => v.state)).toEqual(['waiting', 'approved']);
  });

  it('sends clientType DESKTOP, the operator preset and a device id that stays the same per install', async () => {
    const { s, dataStore } = await flow();
    const seen: unknown[] = [];
    const spy: typeof fetch = async (input, init) => {
      if (input instanceof Request && input.method === 'POST') seen.push(await input.clone().json());
      return fetch(input, init);
    };
    const f2 = createDeviceFlow({
      now: Date.now,
      timers: manualTimers(),
      dataStore,
      version: '9.9.9',
      fetch: spy,
      openExternal: async () => {},
      onApproved: async () => fail('internal', 'unused'),
      onChange: () => {},
    });
    await f2.start(s.url);
    await f2.start(s.url);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ clientType: 'DESKTOP', preset: 'operator', clientName: 'Fruxon Access Console 9.9.9' });
    expect((seen[0] as { deviceId: string }).deviceId).toBe((seen[1] as { deviceId: string }).deviceId);
  });

  it('expires after 10 minutes without approval', async () => {
    let t = 1_000_000;
    const { s, f, tick } = await flow({ now: () => t });
    await f.start(s.url);
    t += DEVICE_FLOW_MAX_MS;
    await tick();
    expect(f.view()).toEqual({ state: 'expired' });
  });

  it('cancel stops polling and later answers are ignored', async () => {
    const { s, f, timers } = await flow();
    await f.start(s.url);
    expect(f.cancel()).toEqual(ok(null));
    expect(f.view()).toEqual({ state: 'cancelled' });
    expect(timers.scheduled()).toEqual([]);
  });

  it('refuses a non-https remote server and reports a server that is down', async () => {
    const { f } = await flow();
    expect(await f.start('http://example.com')).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const down = await f.start('http://127.0.0.1:9');
    expect(down.ok).toBe(false);
    expect(f.view().state).toBe('error');
  });

  it('opens only web pages: https anywhere, http only on this machine', () => {
    expect(isVerificationUrlOpenable('https://app.fruxon.com/device?user_code=ABCD-EFGH')).toBe(true);
    expect(isVerificationUrlOpenable('http://127.0.0.1:4000/device?user_code=X')).toBe(true);
    expect(isVerificationUrlOpenable('http://evil.example/device')).toBe(false);
    expect(isVerificationUrlOpenable('javascript:alert(1)')).toBe(false);
    expect(isVerificationUrlOpenable('file:///etc/passwd')).toBe(false);
  });

  it('through the core: approval adds a signed-in workspace and pushes every state', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const started = await h.core.handlers['auth:start-device-flow']({ baseUrl: s.url });
    if (!started.ok || started.value.state !== 'waiting') throw new Error('expected waiting');
    expect(h.opened).toEqual([started.value.verificationUrl]);
    s.control.approveDevice(started.value.userCode);
    h.timers.runDelay(1000);
    const approved = await waitFor(() => h.deviceFlow.find((v) => v.state === 'approved'), 'approval');
    if (approved.state !== 'approved') throw new Error('unreachable');
    expect(h.now().workspaces.map((w) => w.id)).toContain(approved.workspaceId);
    expect(h.deviceFlow.map((v) => v.state)).toEqual(['waiting', 'approved']);
  });
});
