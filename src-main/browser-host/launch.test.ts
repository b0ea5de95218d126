import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Invoke, type QueueSnapshot } from '../../src-shared/contract';
import { snapshotFromWire } from '../../src-shared/snapshot-wire';
import { startSimulator, type SimulatorHandle } from '../../src-sim/index';
import { launchBrowserHost, type LaunchedHost, type LaunchOptions } from './launch';

/** The browser host as `npm start` runs it where Electron cannot: a real core, a real server, a built page (here a small one). */
let dir: string;
let launched: LaunchedHost | null;
let out: string;
let err: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fruxon-launch-'));
  mkdirSync(join(dir, 'project', 'out', 'renderer'), { recursive: true });
  mkdirSync(join(dir, 'project', 'out', 'bridge'), { recursive: true });
  writeFileSync(join(dir, 'project', 'out', 'renderer', 'index.html'), '<!doctype html><html><head><title>console</title></head><body></body></html>');
  writeFileSync(join(dir, 'project', 'out', 'bridge', 'http-bridge.js'), 'window.fruxon = {};');
  launched = null;
  out = '';
  err = '';
});
afterEach(async () => {
  await launched?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function launch(env: Record<string, string | undefined>, extra: Partial<LaunchOptions> = {}): Promise<LaunchedHost> {
  launched = await launchBrowserHost({
    root: join(dir, 'project'),
    version: '9.8.7',
    env: { FRUXON_DATA_DIR: join(dir, 'data'), ...env },
    home: join(dir, 'home'),
    port: 0,
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    ...extra,
  });
  return launched;
}

async function invoke(url: string, channel: string, input: unknown = null): Promise<unknown> {
  const res = await fetch(`${url}api/invoke/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(url).origin },
    body: JSON.stringify({ input }),
  });
  const body = (await res.json()) as { output?: unknown; error?: unknown };
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.error)}`);
  return body.output;
}

const snapshotOf = async (url: string): Promise<QueueSnapshot> => snapshotFromWire(await invoke(url, Invoke.getSnapshot), null)!;

describe('the browser host as npm start runs it', () => {
  it('with nothing configured, serves the page with its bridge and the demo workspace, keeping settings in a private folder', async () => {
    const { url } = await launch({});
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}\/$/);
    const page = await (await fetch(url)).text();
    expect(page).toContain('<title>console</title>');
    expect(page).toMatch(/<script src="[^"]*bridge\.js"/);
    expect(await (await fetch(`${url}bridge.js`)).text()).toBe('window.fruxon = {};'); // out/bridge/http-bridge.js
    await expect.poll(async () => (await snapshotOf(url)).requests.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await snapshotOf(url)).workspaces.map((w) => w.id)).toEqual(['demo']);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    await expect(invoke(url, Invoke.getInfo)).resolves.toMatchObject({ version: '9.8.7', host: 'browser' });
    await expect(invoke(url, Invoke.getUpdateState)).resolves.toMatchObject({
      state: 'off',
      reason: 'The browser host does not update itself: update the project (git pull, npm install), or use the desktop app.',
    });
  });

  it('without FRUXON_DATA_DIR, keeps its data beside the desktop app\'s, under the config folder', async () => {
    await launch({ FRUXON_DATA_DIR: undefined, XDG_CONFIG_HOME: join(dir, 'cfg') });
    expect(statSync(join(dir, 'cfg', 'fruxon-access-console', 'browser-host')).isDirectory()).toBe(true);
  });

  it('polls the workspace the environment names, with info lines on standard error only when FRUXON_VERBOSE=1', async () => {
    const opaque = 'an-opaque-env-token-77';
    const sim: SimulatorHandle = await startSimulator({ pending: 3, seed: 5, token: opaque });
    try {
      const { url } = await launch({ FRUXON_API_URL: sim.url, FRUXON_TENANT: sim.tenant, FRUXON_TOKEN: opaque, FRUXON_VERBOSE: '1' });
      const pending = async () => (await snapshotOf(url)).requests.filter((r) => r.status === 'PENDING').length;
      await expect.poll(pending, { timeout: 10_000 }).toBe(3);
      expect((await snapshotOf(url)).workspaces.map((w) => w.id)).toEqual(['env']);
      expect(err).toMatch(/^\[info\] browser host: listening \{"port":\d+\}$/m);
      expect(err).not.toContain(opaque);
      await launched!.stop();
      err = '';
      await launch({ FRUXON_API_URL: sim.url, FRUXON_TENANT: sim.tenant, FRUXON_TOKEN: opaque });
      expect(err).toBe('');
    } finally {
      await sim.close();
    }
  });

  it('a token signed in with is kept for the session only, and the page is told so', async () => {
    const s = await startSimulator({ pending: 1, seed: 3 });
    try {
      const { url } = await launch({});
      const res = (await invoke(url, Invoke.signInWithToken, { baseUrl: s.url, tenant: s.tenant, token: s.token })) as { ok: boolean; value: { credential: string; credentialNotice: string } };
      expect(res.value).toMatchObject({
        credential: 'session-only',
        credentialNotice: 'The browser host keeps credentials for this session only; use the desktop app to store them encrypted.',
      });
    } finally {
      await launched?.stop();
      launched = null;
      await s.close();
    }
  });

  it('a Fruxon link the page opens is printed for the operator to open', async () => {
    const { url } = await launch({});
    await expect(invoke(url, Invoke.openExternal, { url: 'https://docs.fruxon.com/access-requests' })).resolves.toEqual({ ok: true, value: null });
    expect(out).toBe('Open in your browser: https://docs.fruxon.com/access-requests\n');
  });

  it('stop() closes the server: the address no longer answers', async () => {
    const { url } = await launch({});
    await launched!.stop();
    launched = null;
    await expect(fetch(url)).rejects.toThrow();
  });

  it('a port that is taken fails the launch, and the core it started is stopped (its demo simulator closed)', async () => {
    const first = await launch({});
    const port = Number(new URL(first.url).port);
    let demo: SimulatorHandle | null = null;
    let closed = false;
    const second = launchBrowserHost({
      root: join(dir, 'project'),
      version: '1',
      env: { FRUXON_DATA_DIR: join(dir, 'data2') },
      home: dir,
      port,
      out: () => undefined,
      err: () => undefined,
      startDemoSimulator: async (options) => {
        const sim = await startSimulator(options);
        demo = sim;
        return { ...sim, close: () => ((closed = true), sim.close()) };
      },
    });
    await expect(second).rejects.toThrow(/EADDRINUSE/);
    expect(demo).not.toBeNull();
    expect(closed).toBe(true);
  });
});
