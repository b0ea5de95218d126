/**
 * Every way a token reached the page when a server repeats it back (issue 8), reproduced against
 * the simulator's `echo-token` fault over real HTTP. Tokens here are opaque (not `fx_`-shaped), so
 * only knowing them, not a pattern, can remove them. What the bridges do with what is left is in
 * test/unit/bridge-contract.test.ts and src-main/browser-host/server.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SERVER_EXCERPT } from '../api/errors';
import { cleanupAll, envFor, sim, startCore, waitFor } from '../../../test/support/core-kit';

afterEach(cleanupAll);

const OPAQUE = 'OpaqueTenantKey0123456789abcdef';
const everything = (value: unknown) => JSON.stringify(value);

describe('a server that echoes the token', () => {
  it('a decision refused with the token in the problem text: the outcome quotes a bounded excerpt without it', async () => {
    const s = await sim({ token: OPAQUE });
    const h = await startCore({ env: envFor(s) });
    const row = h.now().requests.find((r) => r.status === 'PENDING')!;
    s.control.injectFault({ route: 'reject', action: { kind: 'echo-token', status: 422 } });
    const res = await h.core.handlers['requests:reject']({ workspaceId: row.workspaceId, requestId: row.id });
    expect(res.ok && res.value.outcome).toBe('not-applied');
    const message = res.ok && res.value.outcome === 'not-applied' ? res.value.error.message : '';
    expect(message).toContain('The server said: Rejected credential [redacted]');
    expect(message.length).toBeLessThan(MAX_SERVER_EXCERPT + 100);
    expect(everything(res)).not.toContain(OPAQUE);
    expect(await h.core.handlers['app:copy-diagnostics'](undefined)).not.toContain(OPAQUE);
  });

  it('FRUXON_TOKEN with surrounding whitespace: the poll error pushed to the page carries no token', async () => {
    const s = await sim({ token: OPAQUE });
    const h = await startCore({ env: envFor(s, `  ${OPAQUE}\n`) });
    s.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'echo-token', status: 400 } });
    await h.refresh();
    const snap = await waitFor(() => {
      h.timers.runDue(); // the coalesced publish
      return h.snapshots.find((x) => x.workspaces[0]?.poll.lastError?.message.includes('[redacted]'));
    }, 'the poll error');
    expect(everything(snap)).not.toContain(OPAQUE);
    expect(everything(h.now())).not.toContain(OPAQUE);
    // The queue the operator had stays on screen (the guard never blanks it either).
    expect(snap.requests.length).toBeGreaterThan(0);
    expect(h.core.secrets()).toContain(OPAQUE);
  });

  it('a failed sign-in echoed by the server: the error, the diagnostics and the guard all know the attempted token', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const attempted = 'AttemptedTokenNotYetValid42';
    s.control.injectFault({ route: 'auth-health', action: { kind: 'echo-token', status: 400 } });
    const res = await h.core.handlers['auth:sign-in-with-token']({ baseUrl: s.url, tenant: s.tenant, token: ` ${attempted} ` });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.message).toMatch(/^Could not check the token: The server rejected the request\. The server said: Rejected credential \[redacted\]/);
    expect(everything(res)).not.toContain(attempted);
    const diagnostics = await h.core.handlers['app:copy-diagnostics'](undefined);
    expect(diagnostics).toContain('sign in: validation');
    expect(diagnostics).not.toContain(attempted);
    // Remembered, trimmed, for every later guard.
    expect(h.core.secrets()).toContain(attempted);
  });

  it('device flow: an echoed device code and an echoed minted key never reach the flow state', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    // The device code is a secret: echoed in the poll's error, it must not show.
    s.control.injectFault({ route: 'device-poll', action: { kind: 'echo-token', status: 400 } });
    const started = await h.core.handlers['auth:start-device-flow']({ baseUrl: s.url });
    expect(started.ok).toBe(true);
    h.timers.runDue();
    const failed = await waitFor(() => h.deviceFlow.find((v) => v.state === 'error'), 'the poll error');
    const code = s.control.requestLog().find((e) => e.path.includes('/deviceAuthorizations/'))!.path.split('/').pop()!;
    expect(code.length).toBeGreaterThan(8);
    expect(everything(failed)).toContain('[redacted]');
    expect(everything(h.deviceFlow)).not.toContain(code);
    expect(h.core.secrets()).toContain(code);

    // The minted key, echoed by auth/health while the console checks it.
    const again = await h.core.handlers['auth:start-device-flow']({ baseUrl: s.url });
    const waiting = again.ok && again.value.state === 'waiting' ? again.value : null;
    expect(s.control.approveDevice(waiting!.userCode)).toBe(true);
    s.control.injectFault({ route: 'auth-health', action: { kind: 'echo-token', status: 400 } });
    h.timers.runDue();
    const refused = await waitFor(() => h.deviceFlow.filter((v) => v.state === 'error')[1], 'the sign-in error');
    const minted = h.core.secrets().find((t) => t.startsWith('fx_') && t !== s.token && t !== code);
    expect(minted).toBeDefined();
    expect(everything(refused)).not.toContain(minted);
    expect(await h.core.handlers['app:copy-diagnostics'](undefined)).not.toContain(minted);
  });

  it('device flow: a verification page on another site is neither opened nor trusted by app:open-external', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    s.control.injectFault({
      route: 'device-start',
      action: {
        kind: 'status',
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ deviceCode: 'dc-0123456789', userCode: 'ABCD-EFGH', verificationUrl: 'https://evil.example/device', expiresIn: 600, interval: 1 }),
      },
    });
    const res = await h.core.handlers['auth:start-device-flow']({ baseUrl: s.url });
    expect(res).toMatchObject({ ok: false, error: { message: expect.stringContaining('another site') } });
    expect(h.opened).toEqual([]);
    await expect(h.core.handlers['app:open-external']({ url: 'https://evil.example/device' })).resolves.toMatchObject({ ok: false });
  });

  it('device flow on the API server’s site: only the exact verification URL opens, not other paths of that origin', async () => {
    const s = await sim();
    const h = await startCore({ env: envFor(s) });
    const res = await h.core.handlers['auth:start-device-flow']({ baseUrl: s.url });
    const waiting = res.ok && res.value.state === 'waiting' ? res.value : null;
    expect(h.opened).toEqual([waiting!.verificationUrl]);
    await expect(h.core.handlers['app:open-external']({ url: waiting!.verificationUrl })).resolves.toEqual({ ok: true, value: null });
    await expect(h.core.handlers['app:open-external']({ url: `${s.url}/_sim/anything` })).resolves.toMatchObject({ ok: false });
    await h.core.handlers['auth:cancel-device-flow'](undefined);
    await expect(h.core.handlers['app:open-external']({ url: waiting!.verificationUrl })).resolves.toMatchObject({ ok: false });
  });
});
