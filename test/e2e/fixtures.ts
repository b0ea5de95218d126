/**
 * E2E harness: every test gets its own simulator, data dir, console core and browser host,
 * all in this Node process, and a Chromium page on the host's URL once the renderer says it is
 * ready (`<html data-ready="true">`). Nothing here sleeps; specs wait on what the user would see.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import { createConsoleCore, type ConsoleCore } from '../../src-main/core/console-core';
import { createJsonFileStore } from '../../src-main/core/storage/json-file-store';
import { createMemoryVault } from '../../src-main/core/storage/memory-vault';
import { redactKnown } from '../../src-main/core/security/redact';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/server';
import type { InvokeChannel, NewPendingNotice } from '../../src-shared/contract';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src-sim/index';
import { ConsolePage } from './pages/console-page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The build under test; E2E_OUT_DIR points at a private copy when others may rebuild out/ meanwhile. */
const OUT = process.env.E2E_OUT_DIR ?? join(ROOT, 'out');
export const RENDERER_DIR = join(OUT, 'renderer');
export const BRIDGE_FILE = join(OUT, 'bridge', 'http-bridge.js');

/**
 * Runs in the page before its scripts: reports to the test's timeline (`__e2eMark`) each <dialog>
 * shown, closed or cancelled (with its name and the calling stack), what dialogs' status and alert
 * lines say as they change, and each page hide.
 */
const DIALOG_TIMELINE = `(() => {
  const send = (what) => { try { window.__e2eMark(what); } catch {} };
  const nameOf = (d) => d.querySelector('h2')?.textContent ?? '(unnamed)';
  const where = () => (new Error().stack ?? '').split('\\n').slice(3, 6).map((l) => l.trim().replace(/^at /, '')).join(' < ');
  const proto = HTMLDialogElement.prototype;
  for (const method of ['showModal', 'close']) {
    const original = proto[method];
    proto[method] = function (...args) { send('dialog ' + method + '(): ' + nameOf(this) + ', from ' + where()); return original.apply(this, args); };
  }
  document.addEventListener('cancel', (e) => send('dialog cancel event: ' + nameOf(e.target)), true);
  document.addEventListener('close', (e) => send('dialog close event: ' + nameOf(e.target)), true);
  addEventListener('pagehide', () => send('pagehide'));
  // What a dialog's status or alert line says, each time it changes (digits left out, so a
  // countdown is one line).
  const said = new WeakMap();
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('dialog [role=status], dialog [role=alert]')) {
      const text = (el.textContent ?? '').trim();
      const shape = text.replace(/[0-9]/g, '#');
      if (said.get(el) === shape) continue;
      said.set(el, shape);
      if (text !== '') send('dialog ' + el.getAttribute('role') + ': ' + text.slice(0, 120));
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

/** Settings every test starts with: the shortest poll interval and a short undo window. */
export const TEST_SETTINGS = { pollSeconds: 10, undoSeconds: 1 };

export interface ConsoleApp {
  /** The simulator the configured workspace points at (from FRUXON_API_URL/TENANT/TOKEN). */
  sim: SimulatorHandle;
  core: ConsoleCore;
  host: BrowserHost;
  url: string;
  dataDir: string;
  /** What the core asked the host to do (the browser host prints/ignores these). */
  notices: NewPendingNotice[];
  openedUrls: string[];
  /** Every token any simulator of this test handed out, for the "token never leaks" checks. */
  tokens(): string[];
  /** Starts one more simulator, closed with the test (for multi-workspace specs). */
  extraSimulator(options?: SimulatorOptions): Promise<SimulatorHandle>;
  /** Calls an invoke channel over HTTP exactly as the page's bridge does. */
  invokeHttp(channel: InvokeChannel, input: unknown): Promise<{ status: number; body: string }>;
  /** Polls every workspace now (the Refresh action) instead of waiting for the interval. */
  refreshNow(): Promise<void>;
  pending(): string[];
  /**
   * Stops the browser host and the core, then starts a new core and host on the same data dir
   * and simulator (an app restart). `core`, `host` and `url` then refer to the new ones.
   */
  restart(): Promise<void>;
  /** Adds a line to the test's timeline (printed when the test fails): the core's log and the page's events. */
  mark(what: string): void;
}

export interface Fixtures {
  /** Options of the workspace's simulator. */
  simOptions: SimulatorOptions;
  /** Settings written to the data dir before the core starts. */
  settings: Record<string, unknown>;
  /** 'env': a workspace configured from the environment; 'none': no workspace (the core falls back to its demo). */
  workspace: 'env' | 'none';
  /** Raw files (name → contents) written into the data dir after `settings`, before the core starts. */
  dataFiles: Record<string, string>;
  app: ConsoleApp;
  consolePage: ConsolePage;
}

export const test = base.extend<Fixtures>({
  simOptions: [{ seed: 42, pending: 8 }, { option: true }],
  settings: [TEST_SETTINGS, { option: true }],
  workspace: ['env', { option: true }],
  dataFiles: [{}, { option: true }],

  app: async ({ simOptions, settings, workspace, dataFiles }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fruxon-e2e-'));
    const sims: SimulatorHandle[] = [];
    const startSim = async (o: SimulatorOptions) => {
      const s = await startSimulator(o);
      sims.push(s);
      return s;
    };
    const sim = await startSim(simOptions);
    const store = createJsonFileStore(dataDir);
    store.write('settings', settings);
    for (const [name, text] of Object.entries(dataFiles)) writeFileSync(join(dataDir, name), text);
    const notices: NewPendingNotice[] = [];
    const openedUrls: string[] = [];
    const tokens = () => sims.flatMap((s) => [s.token]);
    const started = Date.now();
    const timeline: string[] = [];
    // Every host's secret path (a restart starts a new host), removed from the printed timeline.
    const hostPaths: string[] = [];
    const mark = (what: string) => void timeline.push(`${String(Date.now() - started).padStart(6)} ms  ${what}`);
    const logged = (level: string) => (msg: string, meta?: Record<string, unknown>) => mark(`core ${level}: ${msg}${meta ? ` ${JSON.stringify(meta)}` : ''}`);
    const log = { info: logged('info'), warn: logged('warn'), error: logged('error') };
    const launch = async (): Promise<{ core: ConsoleCore; host: BrowserHost }> => {
      const core = createConsoleCore({
        host: { version: '0.0.0-e2e', host: 'browser', platform: process.platform },
        env: workspace === 'env' ? { FRUXON_API_URL: sim.url, FRUXON_TENANT: sim.tenant, FRUXON_TOKEN: sim.token } : {},
        dataStore: createJsonFileStore(dataDir),
        vault: createMemoryVault('The browser host keeps credentials for this session only; use the desktop app to store them encrypted.'),
        startDemo: async () => {
          const demo = await startSim({ seed: 7, pending: 3 });
          return demo;
        },
        notify: (n) => notices.push(n),
        openExternal: async (url) => {
          openedUrls.push(url);
        },
        log,
      });
      await core.start();
      const host = await startBrowserHost({
        core,
        rendererDir: RENDERER_DIR,
        bridgeFile: BRIDGE_FILE,
        host: '127.0.0.1',
        knownSecrets: tokens,
      });
      hostPaths.push(new URL(host.url).pathname);
      return { core, host };
    };
    let { core, host } = await launch();
    const app: ConsoleApp = {
      sim,
      core,
      host,
      url: host.url,
      dataDir,
      notices,
      openedUrls,
      tokens,
      extraSimulator: (o = {}) => startSim(o),
      invokeHttp: async (channel, input) => {
        const res = await fetch(`${host.url}api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: new URL(host.url).origin },
          body: JSON.stringify({ input: input ?? null }),
        });
        return { status: res.status, body: await res.text() };
      },
      refreshNow: async () => {
        const res = await core.handlers['queue:refresh-now'](undefined);
        expect(res.ok, res.ok ? '' : res.error.message).toBe(true);
      },
      pending: () => sim.control.listRequests().filter((r) => r.status === 'PENDING').map((r) => r.id),
      restart: async () => {
        await host.close();
        await core.stop();
        ({ core, host } = await launch());
        Object.assign(app, { core, host, url: host.url });
      },
      mark,
    };
    await use(app);
    if (testInfo.status !== testInfo.expectedStatus) {
      // Secrets and the host's secret path never reach the report or the CI log.
      const text = hostPaths.reduce((t, p) => t.replaceAll(p, '/…/'), redactKnown(timeline.join('\n'), [...core.secrets(), ...tokens()]));
      await testInfo.attach('timeline', { body: text, contentType: 'text/plain' });
      process.stderr.write(`\n--- timeline of "${testInfo.title}" ---\n${text}\n---\n`);
    }
    await host.close();
    await core.stop();
    await Promise.all(sims.map((s) => s.close()));
    rmSync(dataDir, { recursive: true, force: true });
  },

  consolePage: async ({ page, app }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // For failures that are hard to reproduce (a dialog gone, a page reloaded, a step that took
    // long): main-frame navigations, console errors, other pages opened and closed, every invoke
    // answered, every dialog shown, closed or cancelled, and what dialogs' status lines said.
    const { mark } = app;
    page.on('framenavigated', (frame) => void (frame === page.mainFrame() && mark(`page navigated to ${new URL(frame.url()).origin}`)));
    page.on('console', (msg) => void (msg.type() === 'error' || msg.type() === 'warning' ? mark(`page console ${msg.type()}: ${msg.text()}`) : undefined));
    page.on('crash', () => mark('page crashed'));
    page.on('requestfinished', (req) => {
      const channel = /\/api\/invoke\/([^/?]+)/.exec(req.url())?.[1];
      if (channel) mark(`page invoke ${decodeURIComponent(channel)} answered in ${Math.round(req.timing().responseEnd)} ms`);
    });
    page.context().on('page', (other) => {
      if (other === page) return;
      mark('another page opened');
      other.on('framenavigated', (frame) => void (frame === other.mainFrame() && mark(`another page navigated to ${new URL(frame.url()).origin}${new URL(frame.url()).pathname}`)));
      other.on('close', () => mark('another page closed'));
    });
    await page.exposeFunction('__e2eMark', (what: string) => mark(`page ${what}`));
    await page.addInitScript(DIALOG_TIMELINE);
    const consolePage = new ConsolePage(page, app.url);
    await consolePage.open();
    await use(consolePage);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
