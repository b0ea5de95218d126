import { describe, expect, it } from 'vitest';
import type { DeviceFlowView } from '../../../src-shared/contract';
import { createOpenExternal, type OpenExternalDeps } from './open-external';

const REFUSED = { ok: false, error: { code: 'bad-input', message: 'That link cannot be opened: only Fruxon web pages are allowed.' } };
const API = 'https://api.acme.example';
const VERIFY = 'https://login.acme.example/device?code=ABCD';

function setup(over: Partial<OpenExternalDeps> = {}) {
  const opened: string[] = [];
  const warnings: Array<[string, unknown]> = [];
  let flow: DeviceFlowView = { state: 'idle' };
  const deps: OpenExternalDeps = {
    webUrls: () => [],
    deviceFlow: () => flow,
    openExternal: async (url) => {
      opened.push(url);
    },
    log: { info: () => {}, warn: (msg, meta) => warnings.push([msg, meta]), error: () => {} },
    ...over,
  };
  return {
    open: createOpenExternal(deps),
    opened,
    warnings,
    setFlow: (next: DeviceFlowView) => {
      flow = next;
    },
  };
}

describe('app:open-external', () => {
  it('opens a Fruxon page', async () => {
    const h = setup();
    await expect(h.open({ url: 'https://docs.fruxon.com/console' })).resolves.toEqual({ ok: true, value: null });
    expect(h.opened).toEqual(['https://docs.fruxon.com/console']);
  });

  it('refuses anything else with the one sentence, and hands the OS nothing', async () => {
    const h = setup();
    for (const url of ['https://evil.example/', 'http://fruxon.com/', 'javascript:alert(1)', 'file:///etc/passwd', '']) {
      await expect(h.open({ url })).resolves.toEqual(REFUSED);
    }
    expect(h.opened).toEqual([]);
  });

  it('opens pages of a signed-in workspace’s web origin (read on every call), not of other origins', async () => {
    const webUrls: Array<string | null> = [null, 'not a url'];
    const h = setup({ webUrls: () => webUrls });
    await expect(h.open({ url: 'https://console.acme.example/requests/7' })).resolves.toEqual(REFUSED);
    webUrls.push('https://console.acme.example/app', 'https://console.acme.example/other');
    await expect(h.open({ url: 'https://console.acme.example/requests/7' })).resolves.toEqual({ ok: true, value: null });
    await expect(h.open({ url: 'https://console.acme.example.evil.com/' })).resolves.toEqual(REFUSED);
    await expect(h.open({ url: 'https://other.acme.example/' })).resolves.toEqual(REFUSED);
    expect(h.opened).toEqual(['https://console.acme.example/requests/7']);
  });

  it('opens the exact verification page of the device sign-in waiting now, and nothing else of that site', async () => {
    const h = setup();
    await expect(h.open({ url: VERIFY })).resolves.toEqual(REFUSED);
    h.setFlow({ state: 'waiting', userCode: 'ABCD', verificationUrl: VERIFY, expiresAt: 0, baseUrl: API });
    await expect(h.open({ url: VERIFY })).resolves.toEqual({ ok: true, value: null });
    await expect(h.open({ url: 'https://login.acme.example/device' })).resolves.toEqual(REFUSED);
    await expect(h.open({ url: `${API}/` })).resolves.toEqual(REFUSED);
    h.setFlow({ state: 'cancelled' });
    await expect(h.open({ url: VERIFY })).resolves.toEqual(REFUSED);
    expect(h.opened).toEqual([VERIFY]);
  });

  it('a waiting flow whose verification page is on another site than its API server is not trusted', async () => {
    const h = setup();
    const foreign = 'https://evil.example/device';
    h.setFlow({ state: 'waiting', userCode: 'ABCD', verificationUrl: foreign, expiresAt: 0, baseUrl: API });
    await expect(h.open({ url: foreign })).resolves.toEqual(REFUSED);
    expect(h.opened).toEqual([]);
  });

  it('when the browser cannot be opened: an internal error, and a warning that says why', async () => {
    const h = setup({
      openExternal: async () => {
        throw new Error('no browser');
      },
    });
    await expect(h.open({ url: 'https://fruxon.com/' })).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'The link could not be opened in the browser.' },
    });
    expect(h.warnings).toEqual([['openExternal failed', { err: 'Error: no browser' }]]);
  });
});
