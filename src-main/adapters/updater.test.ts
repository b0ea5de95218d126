/**
 * The real electron-updater (its AppImage updater, as on Linux) driven through our adapter and the
 * core's update policy, against a local feed server that serves latest-linux.yml metadata in the
 * format electron-builder publishes and the file it names. Electron's own network stack is not
 * available in Node, so the updater gets a node:http executor; its app is the Electron fake.
 * What cannot be verified here: installing the download (quitAndInstall replaces a packaged,
 * signed app) — docs/SECURITY.md.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpExecutor, configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime';
import { AppImageUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateView } from '../../src-shared/contract';
import { realTimers, type Logger } from '../core/ports';
import { createUpdates } from '../core/app/updates';
import { app, resetElectronFake } from '../../test/fakes/electron';
import { createElectronUpdater, updateSetup, type UpdaterLike } from './updater';

vi.mock('electron', () => import('../../test/fakes/electron'));

/** electron-updater's HttpExecutor over node:http (Electron's net module stands in for this in the app). */
class NodeHttpExecutor extends HttpExecutor<http.ClientRequest> {
  async download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers || undefined, redirect: 'manual' };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error) => (error == null ? resolve(destination) : reject(error)), responseHandler: null }, 0);
    });
  }
  createRequest(options: http.RequestOptions & { protocol?: string }, callback: (response: IncomingMessage) => void): http.ClientRequest {
    return (options.protocol === 'https:' ? https : http).request(options, callback);
  }
}

const NEW_FILE = 'Fruxon-Access-Console-0.2.0.AppImage';
const PAYLOAD = Buffer.from('#!/bin/sh\necho "Fruxon Access Console 0.2.0"\n'.repeat(200));
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

/** latest-linux.yml as electron-builder writes it for a generic provider. */
function latestYml(version: string, file: Buffer): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${NEW_FILE}`,
    `    sha512: ${sha512(file)}`,
    `    size: ${file.length}`,
    `path: ${NEW_FILE}`,
    `sha512: ${sha512(file)}`,
    "releaseDate: '2026-12-01T10:00:00.000Z'",
    '',
  ].join('\n');
}

let dir: string;
let server: http.Server;
let feed: string;
let routes: Record<string, () => { status: number; body: string | Buffer; type: string }>;
const savedAppImage = process.env.APPIMAGE;

beforeEach(async () => {
  resetElectronFake();
  app.version = '0.1.0';
  dir = mkdtempSync(join(tmpdir(), 'fruxon-update-'));
  // The running AppImage (electron-updater replaces this file on install; here nothing installs).
  writeFileSync(join(dir, 'current.AppImage'), 'old version');
  process.env.APPIMAGE = join(dir, 'current.AppImage');
  routes = {};
  server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = routes[(req.url ?? '').split('?')[0]!];
    if (!route) return void res.writeHead(404).end();
    const r = route();
    res.writeHead(r.status, { 'Content-Type': r.type, 'Content-Length': Buffer.byteLength(r.body) }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/console`;
  // What electron-builder packs into resources/ for the generic provider in electron-builder.yml.
  writeFileSync(join(dir, 'app-update.yml'), `provider: generic\nurl: ${feed}\nupdaterCacheDirName: fruxon-access-console-updater\n`);
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
  rmSync(dir, { recursive: true, force: true });
});

function serve(yml: string | null, file: Buffer = PAYLOAD): void {
  if (yml !== null) routes['/console/latest-linux.yml'] = () => ({ status: 200, body: yml, type: 'text/yaml' });
  routes[`/console/${NEW_FILE}`] = () => ({ status: 200, body: file, type: 'application/octet-stream' });
}

/** electron-updater's AppImage updater as the packaged app on Linux gets it, on the fake app. */
function newUpdater(): AppImageUpdater {
  const updater = new AppImageUpdater(null, {
    version: app.getVersion(),
    name: 'fruxon-access-console',
    isPackaged: true,
    appUpdateConfigPath: join(dir, 'app-update.yml'),
    userDataPath: join(dir, 'user-data'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => app.quit(),
    onQuit: () => undefined,
  });
  (updater as unknown as { httpExecutor: HttpExecutor<http.ClientRequest> }).httpExecutor = new NodeHttpExecutor();
  return updater;
}

/** The real updater on the fake app, our adapter, and the core policy; resolves with the views seen. */
function harness(feedUrl = feed) {
  const quits = { install: 0 };
  const updater = newUpdater();
  const realInstall = updater.quitAndInstall.bind(updater);
  updater.quitAndInstall = () => {
    quits.install += 1;
    void realInstall;
  };
  const wired = createElectronUpdater({ updater: updater as unknown as UpdaterLike, feedUrl });
  const views: UpdateView[] = [];
  const policy = createUpdates({
    port: wired.port,
    offReason: '',
    currentVersion: app.getVersion(),
    inFlightDecisions: () => 0,
    timers: realTimers,
    now: Date.now,
    onChange: (v) => views.push(v),
  });
  wired.listen(policy.events);
  const settled = new Promise<UpdateView>((resolve) => {
    const timer = setInterval(() => {
      const last = views.at(-1);
      if (last && (last.state === 'ready' || last.state === 'error' || last.state === 'idle')) {
        clearInterval(timer);
        resolve(last);
      }
    }, 10);
  });
  return { policy, views, settled, quits };
}

describe('self-update through electron-updater against a local feed', () => {
  it('a newer version is found, downloaded in the background, verified, then offered; nothing restarts by itself', async () => {
    serve(latestYml('0.2.0', PAYLOAD));
    const h = harness();
    h.policy.start();
    const final = await h.settled;
    h.policy.stop();
    expect(final).toEqual({ state: 'ready', currentVersion: '0.1.0', version: '0.2.0' });
    expect(h.views.map((v) => v.state)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
    expect(h.quits.install).toBe(0);
    expect(app.quitCalls).toBe(0);
  });

  it('the same version on the feed: nothing to do', async () => {
    serve(latestYml('0.1.0', PAYLOAD));
    const h = harness();
    h.policy.start();
    await expect(h.settled).resolves.toMatchObject({ state: 'idle', currentVersion: '0.1.0' });
    h.policy.stop();
  });

  it('a download that does not match its published checksum is discarded with a clear message; the app is untouched', async () => {
    serve(latestYml('0.2.0', PAYLOAD), Buffer.concat([PAYLOAD, Buffer.from('tampered')]));
    const h = harness();
    h.policy.start();
    const final = await h.settled;
    h.policy.stop();
    expect(final).toEqual({
      state: 'error',
      currentVersion: '0.1.0',
      message: 'The downloaded update did not match its published checksum, so it was discarded. Version 0.1.0 keeps running; the console will try again later.',
      lastCheckedAt: expect.any(Number),
    });
    expect(h.policy.restart()).toMatchObject({ ok: false });
    expect(h.quits.install).toBe(0);
    expect(app.quitCalls).toBe(0);
  });

  it.each([
    ['unparseable YAML', 'version: [0.2.0\nfiles: {'],
    ['no files', 'version: 0.2.0\nreleaseDate: 2026-12-01\n'],
    ['no version', `files:\n  - url: ${NEW_FILE}\n    sha512: x\n`],
  ])('bad metadata (%s) gives a clear message and leaves the app untouched', async (_name, yml) => {
    serve(yml);
    const h = harness();
    h.policy.start();
    const final = await h.settled;
    h.policy.stop();
    expect(final.state).toBe('error');
    expect(final.state === 'error' && final.message).toBe(
      'The update server sent update information the console cannot read. Version 0.1.0 keeps running; the console will try again later.',
    );
    expect(h.quits.install).toBe(0);
    expect(app.quitCalls).toBe(0);
  });

  it('an unreachable feed gives a clear message and leaves the app untouched', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const h = harness(`http://127.0.0.1:${port}/console`);
    h.policy.start();
    const final = await h.settled;
    h.policy.stop();
    expect(final.state === 'error' && final.message).toBe('The update server could not be reached. Version 0.1.0 keeps running; the console will try again later.');
    expect(app.quitCalls).toBe(0);
  });
});

describe('updateSetup', () => {
  it('is off in development and when turned off; a feed override must be https (or loopback)', () => {
    expect(updateSetup({ isPackaged: false, env: {} })).toEqual({ ok: false, reason: 'Updates are off in development builds.' });
    expect(updateSetup({ isPackaged: true, env: { FRUXON_DISABLE_UPDATES: '1' } })).toEqual({ ok: false, reason: 'Updates are turned off (FRUXON_DISABLE_UPDATES=1).' });
    expect(updateSetup({ isPackaged: true, env: {} })).toEqual({ ok: true, feedUrl: null });
    expect(updateSetup({ isPackaged: true, env: { FRUXON_UPDATE_URL: 'https://updates.example.com/console' } })).toEqual({ ok: true, feedUrl: 'https://updates.example.com/console' });
    expect(updateSetup({ isPackaged: true, env: { FRUXON_UPDATE_URL: 'http://updates.example.com/console' } })).toMatchObject({ ok: false, reason: expect.stringContaining('FRUXON_UPDATE_URL') });
  });
});

describe('updateSetup with an empty override', () => {
  it('an empty FRUXON_UPDATE_URL means the feed packaged with the app, not an unusable address', () => {
    expect(updateSetup({ isPackaged: true, env: { FRUXON_UPDATE_URL: '' } })).toEqual({ ok: true, feedUrl: null });
  });
});

describe('the adapter around electron-updater', () => {
  function recordingLog() {
    const lines: Array<[level: string, msg: string, meta?: Record<string, unknown>]> = [];
    const log: Logger = {
      info: (msg, meta) => void lines.push(['info', msg, meta]),
      warn: (msg, meta) => void lines.push(['warn', msg, meta]),
      error: (msg, meta) => void lines.push(['error', msg, meta]),
    };
    return { lines, log };
  }

  it('downloads in the background and installs a downloaded update when the operator quits anyway', () => {
    const updater = newUpdater();
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = false;
    createElectronUpdater({ updater: updater as unknown as UpdaterLike, feedUrl: null });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it("electron-updater's own messages reach the app log at their level, as text", () => {
    const updater = newUpdater();
    const { lines, log } = recordingLog();
    createElectronUpdater({ updater: updater as unknown as UpdaterLike, feedUrl: null, log });
    updater.logger!.info('Checking for update');
    updater.logger!.warn(404);
    updater.logger!.error(new Error('net::ERR_CONNECTION_REFUSED'));
    updater.logger!.debug!('noisy detail');
    expect(lines).toEqual([
      ['info', 'updater', { message: 'Checking for update' }],
      ['warn', 'updater', { message: '404' }],
      ['error', 'updater', { message: 'Error: net::ERR_CONNECTION_REFUSED' }],
    ]);
  });

  it('"Restart to update" installs with the installer visible and starts the new version afterwards', () => {
    const updater = newUpdater();
    const install = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => undefined);
    const wired = createElectronUpdater({ updater: updater as unknown as UpdaterLike, feedUrl: null });
    wired.port.quitAndInstall();
    expect(install).toHaveBeenCalledTimes(1);
    expect(install).toHaveBeenCalledWith(false, true);
  });

  it('download progress reaches the update policy as a percentage', () => {
    const updater = newUpdater();
    const wired = createElectronUpdater({ updater: updater as unknown as UpdaterLike, feedUrl: null });
    const events = { checking: vi.fn(), available: vi.fn(), notAvailable: vi.fn(), progress: vi.fn(), downloaded: vi.fn(), failed: vi.fn() };
    wired.listen(events);
    updater.emit('download-progress', { percent: 42.5, bytesPerSecond: 1000, total: 2000, transferred: 850, delta: 10 });
    expect(events.progress).toHaveBeenCalledWith(42.5);
  });
});

describe('loading electron-updater', () => {
  afterEach(() => {
    vi.doUnmock('electron-updater');
    vi.resetModules();
  });

  it('says so plainly when the module has no updater to hand out', async () => {
    vi.resetModules();
    vi.doMock('electron-updater', () => ({ autoUpdater: undefined, default: {} }));
    const { loadAutoUpdater } = await import('./updater');
    await expect(loadAutoUpdater()).rejects.toThrow(new Error('electron-updater did not load'));
  });
});
