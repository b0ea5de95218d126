/**
 * The browser host's composition: the console core in plain Node (settings in a data folder,
 * tokens in memory for the session, the demo simulator when nothing is configured) served to a
 * browser by startBrowserHost. cli.ts is the process around it (arguments, the printed address,
 * signals); everything here runs in tests as it runs for `npm start` on a machine without
 * Electron.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../../src-sim/index';
import { DEMO_PACE } from '../core/accounts/demo-workspace';
import { createConsoleCore } from '../core/console-core';
import { createJsonFileStore } from '../core/storage/json-file-store';
import { createMemoryVault } from '../core/storage/memory-vault';
import { createConsoleLogger, dataDirFor } from './cli-support';
import { startBrowserHost } from './server';

export const VAULT_NOTICE = 'The browser host keeps credentials for this session only; use the desktop app to store them encrypted.';
export const UPDATES_OFF = 'The browser host does not update itself: update the project (git pull, npm install), or use the desktop app.';

export interface LaunchOptions {
  /** The project folder: the page is served from out/renderer, the bridge from out/bridge. */
  root: string;
  version: string;
  env: Record<string, string | undefined>;
  home: string;
  /** 0: any free port. */
  port: number;
  /** Standard output (the "open in your browser" lines) and the log's stream (standard error). */
  out: (text: string) => void;
  err: (text: string) => void;
  /** Starts the demo's simulator (tests watch it; default: the real one, paced by DEMO_PACE). */
  startDemoSimulator?: typeof startSimulator;
}

export interface LaunchedHost {
  url: string;
  /** Stops polling, closes the demo simulator and the server. */
  stop(): Promise<void>;
}

/** Starts the core and serves it; resolves with the page's address (which carries the per-launch secret). */
export async function launchBrowserHost(o: LaunchOptions): Promise<LaunchedHost> {
  const dataDir = dataDirFor(o.env, o.home);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const secrets = new Set<string>();
  if (o.env.FRUXON_TOKEN) secrets.add(o.env.FRUXON_TOKEN);
  // Every token the core has seen (attempted sign-ins, device-flow keys) is redacted too.
  let knownToCore: () => readonly string[] = () => [];
  const allSecrets = () => [...secrets, ...knownToCore()];
  const log = createConsoleLogger(allSecrets, o.env.FRUXON_VERBOSE === '1', o.err);

  const core = createConsoleCore({
    host: { version: o.version, host: 'browser', platform: process.platform },
    env: { FRUXON_API_URL: o.env.FRUXON_API_URL, FRUXON_TENANT: o.env.FRUXON_TENANT, FRUXON_TOKEN: o.env.FRUXON_TOKEN },
    dataStore: createJsonFileStore(dataDir),
    vault: createMemoryVault(VAULT_NOTICE),
    startDemo: async () => {
      const sim = await (o.startDemoSimulator ?? startSimulator)(DEMO_PACE);
      secrets.add(sim.token);
      return sim;
    },
    // The core already pushes each notice to the page, which shows it in-app.
    notify: () => undefined,
    // The host cannot reliably open the operator's browser; the core only passes allowlisted URLs.
    openExternal: async (url: string) => o.out(`Open in your browser: ${url}\n`),
    updatesOffReason: UPDATES_OFF,
    log,
  });
  knownToCore = () => core.secrets();
  await core.start();
  try {
    const host = await startBrowserHost({
      core,
      rendererDir: join(o.root, 'out', 'renderer'),
      bridgeFile: join(o.root, 'out', 'bridge', 'http-bridge.js'),
      port: o.port,
      host: '127.0.0.1',
      knownSecrets: allSecrets,
      log,
    });
    return {
      url: host.url,
      async stop() {
        await core.stop().catch(() => undefined);
        await host.close();
      },
    };
  } catch (err) {
    await core.stop().catch(() => undefined);
    throw err;
  }
}
