import { describe, expect, it } from 'vitest';
import { downloadHost, nodeAtLeast, planStart, usesProxy, type StartEffects } from '../../scripts/start-plan.mjs';

/** Effects with an installer and probe that record their calls; the binary appears when `installs` is true. */
/** `unreachable` is the probe's answer, or one answer per call (the last one repeats). */
function effects(over: Partial<StartEffects> & { installs?: boolean; installStatus?: number | null; unreachable?: string | null | (string | null)[] } = {}) {
  const calls = { install: 0, probe: [] as string[] };
  let binary: string | null = null;
  const e: StartEffects = {
    env: {},
    nodeVersion: 'v22.12.0',
    hasElectronPackage: true,
    findBinary: () => binary,
    install: async () => {
      calls.install += 1;
      if (over.installs) binary = '/x/node_modules/electron/dist/electron';
      return { status: over.installStatus ?? (over.installs ? 0 : 1) };
    },
    probe: async (host) => {
      calls.probe.push(host);
      const answers = Array.isArray(over.unreachable) ? over.unreachable : [over.unreachable ?? null];
      return answers[Math.min(calls.probe.length - 1, answers.length - 1)] ?? null;
    },
    ...over,
  };
  return { e, calls };
}

describe('npm start: desktop app or browser host, and the line that says why', () => {
  it('opens the desktop app at once when the binary is installed, without running the installer', async () => {
    const { e, calls } = effects({ findBinary: () => '/bin/electron' });
    await expect(planStart(e)).resolves.toEqual({ mode: 'electron', binary: '/bin/electron', installed: false });
    expect(calls.install).toBe(0);
  });

  it('installs the missing binary with Electron’s installer once the download host answers, then opens the desktop app', async () => {
    const { e, calls } = effects({ installs: true });
    await expect(planStart(e)).resolves.toMatchObject({ mode: 'electron', installed: true });
    expect(calls.install).toBe(1);
    expect(calls.probe).toEqual(['github.com']);
  });

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD set it never tries, and says the variable is the reason', async () => {
    const { e, calls } = effects({ env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    const plan = await planStart(e);
    expect(calls.install).toBe(0);
    expect(plan).toEqual({
      mode: 'browser',
      line: 'The Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded; serving the console through the browser host instead.',
    });
  });

  it('without the variable an unreachable download host is named in one line, and the installer (and its stack trace) never runs', async () => {
    const { e, calls } = effects({ unreachable: 'getaddrinfo ENOTFOUND github.com' });
    const plan = await planStart(e);
    expect(calls.install).toBe(0);
    expect(calls.probe).toEqual(['github.com']);
    expect(plan).toEqual({
      mode: 'browser',
      line: 'Could not download the Electron binary: github.com is not reachable (getaddrinfo ENOTFOUND github.com); serving the console through the browser host instead.',
    });
    expect(plan.mode === 'browser' && plan.line).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
  });

  it('probes the configured mirror rather than github.com', async () => {
    const { e, calls } = effects({ env: { ELECTRON_MIRROR: 'https://mirror.example.org/electron/' }, unreachable: 'connect ECONNREFUSED mirror.example.org:443' });
    await expect(planStart(e)).resolves.toMatchObject({ line: expect.stringContaining('mirror.example.org is not reachable') });
    expect(calls.probe).toEqual(['mirror.example.org']);
    expect(downloadHost({})).toBe('github.com');
  });

  it('a network that drops during the download is named after the installer fails', async () => {
    const { e, calls } = effects({ unreachable: [null, 'connect ETIMEDOUT github.com:443'] });
    await expect(planStart(e)).resolves.toEqual({
      mode: 'browser',
      line: 'Could not download the Electron binary: github.com is not reachable (connect ETIMEDOUT github.com:443); serving the console through the browser host instead.',
    });
    expect(calls.install).toBe(1);
    expect(calls.probe).toEqual(['github.com', 'github.com']);
  });

  it('behind a proxy it runs the installer without probing directly (a direct probe proves nothing there)', async () => {
    const { e, calls } = effects({ env: { HTTPS_PROXY: 'http://proxy.corp:3128' }, unreachable: 'getaddrinfo ENOTFOUND github.com', installStatus: 1 });
    await expect(planStart(e)).resolves.toMatchObject({ line: "Electron's installer failed (exit code 1; its output is above); serving the console through the browser host instead." });
    expect(calls.install).toBe(1);
    expect(calls.probe).toEqual([]);
    expect(usesProxy({ ELECTRON_GET_USE_PROXY: '1' })).toBe(true);
    expect(usesProxy({ HTTPS_PROXY: '' })).toBe(false);
  });

  it('a failure with the network fine on an old Node names the Node version Electron 45 needs', async () => {
    const { e } = effects({ nodeVersion: 'v20.20.2' });
    await expect(planStart(e)).resolves.toEqual({
      mode: 'browser',
      line: "Electron's installer failed on Node v20.20.2 (exit code 1); it needs Node 22.12.0 or newer; serving the console through the browser host instead.",
    });
  });

  it('any other failure points at the installer output', async () => {
    const { e } = effects({ installStatus: 7 });
    await expect(planStart(e)).resolves.toMatchObject({ line: "Electron's installer failed (exit code 7; its output is above); serving the console through the browser host instead." });
    const { e: e2 } = effects({ installStatus: 0 });
    await expect(planStart(e2)).resolves.toMatchObject({ line: expect.stringContaining('no Electron binary appeared') });
  });

  it('without the electron package it says to run npm install', async () => {
    const { e, calls } = effects({ hasElectronPackage: false });
    await expect(planStart(e)).resolves.toMatchObject({ line: expect.stringContaining('electron package is not installed') });
    expect(calls.install).toBe(0);
  });

  it('compares Node versions numerically', () => {
    expect(nodeAtLeast('v22.12.0')).toBe(true);
    expect(nodeAtLeast('v22.11.9')).toBe(false);
    expect(nodeAtLeast('v24.0.0')).toBe(true);
    expect(nodeAtLeast('v20.20.2')).toBe(false);
    expect(nodeAtLeast('v22.100.0')).toBe(true);
  });
});
