import { describe, expect, it } from 'vitest';
import { simApi, simulatorPerTest } from '../test/support/sim-api';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const t = simulatorPerTest(NOW);

interface Started {
  deviceCode: string;
  userCode: string;
  verificationUrl: string;
  expiresInSeconds: number;
  pollIntervalSeconds: number;
}

const start = (body: unknown) =>
  fetch(`${t.sim.url}/v1/deviceAuthorizations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const begin = async (): Promise<Started> => {
  const res = await start({ preset: 'operator', clientType: 'DESKTOP', clientName: 'Fruxon Access Console 0.1.0', deviceId: '5d0f6a8e-0000-4000-8000-000000000001', deviceLabel: 'Sam’s laptop' });
  expect(res.status).toBe(200);
  return (await res.json()) as Started;
};
const poll = (deviceCode: string) => fetch(`${t.sim.url}/v1/deviceAuthorizations/${encodeURIComponent(deviceCode)}`);

describe('device authorization flow', () => {
  it('starts with a user code and a verification URL on the simulator', async () => {
    const started = await begin();
    expect(started.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(started.verificationUrl).toBe(`${t.sim.url}/device?user_code=${started.userCode}`);
    expect([started.expiresInSeconds, started.pollIntervalSeconds]).toEqual([600, 1]);
  });

  it('polls 202 while pending, 200 with a working API key once approved, then 410', async () => {
    const { deviceCode, userCode } = await begin();
    const pending = await poll(deviceCode);
    expect([pending.status, await pending.text()]).toEqual([202, '']);
    expect(t.sim.control.approveDevice(userCode)).toBe(true);
    const approved = await poll(deviceCode);
    expect(approved.status).toBe(200);
    const body = (await approved.json()) as { apiKey: string; tenantId: string; tenantSlug: string; tenantName: string };
    expect(body).toMatchObject({ tenantId: t.sim.tenantId, tenantSlug: 'demo', tenantName: expect.any(String) });
    expect(body.apiKey).toMatch(/^fx_pat_/);
    expect((await simApi(t.sim, body.apiKey).get('participantAccessRequests')).status).toBe(200);
    expect((await poll(deviceCode)).status).toBe(410);
    expect(t.sim.control.approveDevice(userCode)).toBe(false);
  });

  it('expires after 600 s: polls answer 410 and the code can no longer be approved', async () => {
    const { deviceCode, userCode } = await begin();
    t.setClock(NOW + 599_000);
    expect((await poll(deviceCode)).status).toBe(202);
    t.setClock(NOW + 600_000);
    expect((await poll(deviceCode)).status).toBe(410);
    expect(t.sim.control.approveDevice(userCode)).toBe(false);
  });

  it('answers 410 for an unknown device code', async () => {
    expect((await poll('dc_unknown')).status).toBe(410);
  });

  it.each([
    ['no preset', { clientType: 'DESKTOP' }],
    ['an unknown preset', { preset: 'root' }],
    ['an unknown clientType', { preset: 'operator', clientType: 'TOASTER' }],
    ['a non-object body', ['operator']],
  ])('answers 400 for %s', async (_label, body) => {
    const res = await start(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('approves through the no-JavaScript verification page', async () => {
    const { deviceCode, userCode, verificationUrl } = await begin();
    const page = await fetch(verificationUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await page.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<form method="post" action="/device/approve">');
    expect(html).toContain(`value="${userCode}"`);
    expect(html).toContain('Sam’s laptop');
    const submitted = await fetch(`${t.sim.url}/device/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_code: userCode.toLowerCase() }).toString(),
    });
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toMatch(/Device approved/);
    expect((await poll(deviceCode)).status).toBe(200);
    const again = await fetch(`${t.sim.url}/device/approve`, { method: 'POST', body: new URLSearchParams({ user_code: userCode }) });
    expect(again.status).toBe(400);
  });

  it('escapes client-supplied text on the page', async () => {
    const res = await start({ preset: 'operator', clientName: '<img src=x onerror=alert(1)>' });
    const { verificationUrl } = (await res.json()) as Started;
    const html = await (await fetch(verificationUrl)).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });

  it('shows a code form for a missing or unknown code', async () => {
    expect((await fetch(`${t.sim.url}/device`)).status).toBe(200);
    const unknown = await fetch(`${t.sim.url}/device?user_code=ZZZZ-ZZZZ`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/unknown or has expired/);
  });
});
