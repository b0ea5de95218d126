import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceFlowView } from '../../../src-shared/contract';
import { fail, ok, type Result } from '../../../src-shared/domain';
import { cleanupAll, envFor, sim, startCore, tempDir, waitFor } from '../../../test/support/core-kit';
import { manualTimers } from '../../../test/support/timers';
import { createDeviceFlow, DEVICE_FLOW_MAX_MS, DEVICE_KEY, FOREIGN_VERIFICATION_MESSAGE, isVerificationUrlOpenable, type DeviceFlowApproval, type DeviceFlowDeps } from './device-flow';
import { createJsonFileStore } from '../storage/json-file-store';

afterEach(cleanupAll);

async function flow(options: { now?: () => number } & Partial<DeviceFlowDeps> = {}) {
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
    ...options,
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

/** A fetch that rewrites the server's grant (its interval, expiry, page) and records each device poll until it has settled. */
function grantRewriter(over: Record<string, unknown>) {
  const polls: Array<Promise<unknown>> = [];
  const rewritten: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const res = fetch(input, init);
    if (/deviceAuthorizations\/?$/.test(new URL(url).pathname)) {
      const answer = await res;
      return new Response(JSON.stringify({ ...((await answer.json()) as Record<string, unknown>), ...over }), { status: answer.status, headers: { 'content-type': 'application/json' } });
    }
    polls.push(res.catch(() => {}));
    return res;
  };
  return { fetch: rewritten, settled: () => Promise.all(polls).then(() => new Promise((r) => setTimeout(r, 20))) };
}

describe('device flow: what the server says about the grant', () => {
  it.each([
    ['a short grant expires when the server says', { expiresInSeconds: 60 }, 60_000, 1000],
    ['a long grant is cut to 10 minutes', { expiresInSeconds: 3600 }, DEVICE_FLOW_MAX_MS, 1000],
    ["the server's slower interval is kept", { pollIntervalSeconds: 5 }, DEVICE_FLOW_MAX_MS, 5000],
  ])('%s', async (_name, over, lifetime, interval) => {
    const t = 5_000_000;
    const rewrite = grantRewriter(over);
    const { s, f, timers } = await flow({ now: () => t, fetch: rewrite.fetch });
    expect(await f.start(s.url)).toMatchObject({ ok: true, value: { state: 'waiting', expiresAt: t + lifetime } });
    expect(timers.scheduled()).toEqual([interval]);
  });

  it('a verification page on another site is neither opened nor shown, and the refusal is logged', async () => {
    const warnings: string[] = [];
    const rewrite = grantRewriter({ verificationUrl: 'https://evil.example/device?user_code=ABCD' });
    const { s, f, opened, timers } = await flow({ fetch: rewrite.fetch, log: { info: () => {}, warn: (msg) => void warnings.push(msg), error: () => {} } });
    const error = { code: 'invalid-response', message: FOREIGN_VERIFICATION_MESSAGE };
    expect(await f.start(s.url)).toEqual({ ok: false, error });
    expect(f.view()).toEqual({ state: 'error', error });
    expect(opened).toEqual([]);
    expect(timers.scheduled()).toEqual([]);
    expect(warnings).toEqual(["device flow: verification URL refused (not a web page on the API server's site)"]);
  });
});

describe('device flow: polling through trouble', () => {
  it.each([
    ['a 503', { kind: 'status', status: 503 } as const, 1000],
    ['a 429 with Retry-After', { kind: 'status', status: 429, headers: { 'Retry-After': '30' } } as const, 30_000],
    ['a garbled answer', { kind: 'malformed-json' } as const, 1000],
    ['a dropped connection', { kind: 'reset' } as const, 1000],
  ])('%s: still waiting, polled again when the server allows', async (_name, action, again) => {
    const { s, f, tick, timers } = await flow();
    await f.start(s.url);
    s.control.injectFault({ route: 'device-poll', action });
    await tick();
    expect(f.view().state).toBe('waiting');
    expect(timers.scheduled()).toEqual([again]);
  });

  it('a Retry-After of a day (a 429 or a 5xx) waits no longer than the code lives', async () => {
    for (const status of [429, 503]) {
      const { s, f, tick, timers } = await flow();
      await f.start(s.url);
      s.control.injectFault({ route: 'device-poll', action: { kind: 'status', status, headers: { 'Retry-After': '86400' } } });
      await tick();
      expect(f.view().state).toBe('waiting');
      const [wait] = timers.scheduled();
      expect(wait).toBeGreaterThanOrEqual(1000);
      expect(wait).toBeLessThanOrEqual(10 * 60_000);
    }
  });

  it('a refusal that is not transient ends the flow with its error', async () => {
    const { s, f, tick, timers } = await flow();
    await f.start(s.url);
    s.control.injectFault({ route: 'device-poll', action: { kind: 'status', status: 403 } });
    await tick();
    expect(f.view()).toMatchObject({ state: 'error', error: { code: 'forbidden' } });
    expect(timers.scheduled()).toEqual([]);
  });
});

describe('device flow: abandoned grants', () => {
  it('an approval answered after cancel and a new start is ignored; the new grant waits', async () => {
    const rewrite = grantRewriter({});
    const { s, f, timers, approvals } = await flow({ fetch: rewrite.fetch });
    await f.start(s.url);
    const first = f.view();
    if (first.state !== 'waiting') throw new Error('expected waiting');
    s.control.approveDevice(first.userCode);
    timers.runDue(); // the poll that will find it approved is in flight
    f.cancel();
    const again = f.start(s.url);
    await rewrite.settled();
    await again;
    expect(approvals).toEqual([]);
    expect(f.view()).toMatchObject({ state: 'waiting' });
    expect(f.view()).not.toMatchObject({ userCode: first.userCode });
  });

  it('cancelled while the workspace is being created: the flow stays cancelled', async () => {
    let release: (v: Result<{ workspaceId: string }>) => void = () => {};
    const { s, f, tick, views } = await flow({ onApproved: () => new Promise((r) => (release = r)) });
    await f.start(s.url);
    const waiting = f.view();
    if (waiting.state !== 'waiting') throw new Error('expected waiting');
    s.control.approveDevice(waiting.userCode);
    tick().catch(() => {});
    await waitFor(() => release.length > 0 || undefined, 'the workspace to be created');
    f.cancel();
    release(ok({ workspaceId: 'ws-late' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(f.view()).toEqual({ state: 'cancelled' });
    expect(views.map((v) => v.state)).toEqual(['waiting', 'cancelled']);
  });

  it('two starts at once: only the second grant is shown and opened', async () => {
    const { s, f, opened } = await flow();
    const one = f.start(s.url);
    const two = f.start(s.url);
    await one;
    const second = await two;
    if (!second.ok || second.value.state !== 'waiting') throw new Error('expected waiting');
    expect(opened).toEqual([second.value.verificationUrl]);
  });

  it('cancel with nothing waiting changes nothing', async () => {
    const { f, views } = await flow();
    expect(f.cancel()).toEqual(ok(null));
    expect(f.view()).toEqual({ state: 'idle' });
    expect(views).toEqual([]);
  });

  it('dispose (quit) stops the polling', async () => {
    const { s, f, timers } = await flow();
    await f.start(s.url);
    f.dispose();
    expect(timers.scheduled()).toEqual([]);
  });
});

describe('device flow: this machine', () => {
  it('the approved workspace is named by the tenant name', async () => {
    const { s, f, tick, approvals } = await flow();
    await f.start(s.url);
    const waiting = f.view();
    if (waiting.state !== 'waiting') throw new Error('expected waiting');
    s.control.approveDevice(waiting.userCode);
    await tick();
    await waitFor(() => f.view().state === 'approved', 'approval');
    expect(approvals[0]!.tenantName).not.toBe(approvals[0]!.tenantSlug);
    expect(f.view()).toMatchObject({ tenantName: approvals[0]!.tenantName });
  });

  it.each(['!!abcdefgh', 'abcdefgh!!'])('a stored device id with other characters (%s) is replaced by a fresh one', async (stored) => {
    const sent: unknown[] = [];
    const spy: typeof fetch = async (input, init) => {
      if (input instanceof Request && input.method === 'POST') sent.push(await input.clone().json());
      return fetch(input, init);
    };
    const { s, f, dataStore } = await flow({ fetch: spy });
    dataStore.write(DEVICE_KEY, { deviceId: stored });
    await f.start(s.url);
    const id = (sent[0] as { deviceId: string }).deviceId;
    expect(id).not.toBe(stored);
    expect(dataStore.read(DEVICE_KEY)).toEqual(ok({ deviceId: id }));
  });

  it('sends the device label when there is one; a device id that cannot be saved is logged and used', async () => {
    const sent: unknown[] = [];
    const warnings: Array<[string, unknown]> = [];
    const spy: typeof fetch = async (input, init) => {
      if (input instanceof Request && input.method === 'POST') sent.push(await input.clone().json());
      return fetch(input, init);
    };
    const { s, f } = await flow({
      fetch: spy,
      deviceLabel: "Ada's laptop",
      dataStore: { read: () => ok(undefined), write: () => fail('internal', 'The disk is full.') },
      log: { info: () => {}, warn: (msg, meta) => void warnings.push([msg, meta]), error: () => {} },
    });
    expect(await f.start(s.url)).toMatchObject({ ok: true });
    expect(sent[0]).toMatchObject({ deviceLabel: "Ada's laptop", deviceId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(warnings).toEqual([['device id not saved', { reason: 'The disk is full.' }]]);
  });

  it('a browser that cannot be opened is logged; the flow still waits', async () => {
    const warnings: Array<[string, unknown]> = [];
    const { s, f } = await flow({
      openExternal: () => Promise.reject(new Error('no browser')),
      log: { info: () => {}, warn: (msg, meta) => void warnings.push([msg, meta]), error: () => {} },
    });
    await f.start(s.url);
    await waitFor(() => warnings.length > 0, 'the warning');
    expect(f.view().state).toBe('waiting');
    expect(warnings).toEqual([['could not open the browser', { err: 'Error: no browser' }]]);
  });
});
