/**
 * `npm run start:browser`: runs the console core in plain Node and serves the real renderer
 * through the browser host, for machines without the Electron binary. Tokens stay in memory
 * (session only); settings and the seen-set persist in the data dir. Prints one line with the
 * page URL (which carries the per-launch secret).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSimulator } from '../../src-sim/index';
import { createConsoleCore } from '../core/console-core';
import { createJsonFileStore } from '../core/storage/json-file-store';
import { createMemoryVault } from '../core/storage/memory-vault';
import { createConsoleLogger, dataDirFor, parsePort } from './cli-support';
import { startBrowserHost } from './server';

const VAULT_NOTICE = 'The browser host keeps credentials for this session only; use the desktop app to store them encrypted.';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, open: { type: 'boolean', default: false } },
    strict: true,
  });
  const port = parsePort(values.port);
  if (port === null) {
    process.stderr.write(`Invalid --port ${values.port ?? ''}: use a number from 0 to 65535.\n`);
    process.exit(2);
  }

  const root = fileURLToPath(new URL('../../', import.meta.url));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const dataDir = dataDirFor(process.env, homedir());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const secrets = new Set<string>();
  if (process.env.FRUXON_TOKEN) secrets.add(process.env.FRUXON_TOKEN);
  // Every token the core has seen (attempted sign-ins, device-flow keys) is redacted too.
  let knownToCore: () => readonly string[] = () => [];
  const allSecrets = () => [...secrets, ...knownToCore()];
  const log = createConsoleLogger(allSecrets, process.env.FRUXON_VERBOSE === '1');

  const core = createConsoleCore({
    host: { version: pkg.version, host: 'browser', platform: process.platform },
    env: { FRUXON_API_URL: process.env.FRUXON_API_URL, FRUXON_TENANT: process.env.FRUXON_TENANT, FRUXON_TOKEN: process.env.FRUXON_TOKEN },
    dataStore: createJsonFileStore(dataDir),
    vault: createMemoryVault(VAULT_NOTICE),
    startDemo: async () => {
      const sim = await startSimulator({ trickle: { minMs: 20_000, maxMs: 60_000 }, secondOperator: { minMs: 45_000, maxMs: 120_000 } });
      secrets.add(sim.token);
      return sim;
    },
    // The core already pushes each notice to the page, which shows it in-app.
    notify: () => undefined,
    // The host cannot reliably open the operator's browser; the core only passes allowlisted URLs.
    openExternal: async (url: string) => {
      process.stdout.write(`Open in your browser: ${url}\n`);
    },
    updatesOffReason: 'The browser host does not update itself: update the project (git pull, npm install), or use the desktop app.',
    log,
  });
  knownToCore = () => core.secrets();
  await core.start();

  const host = await startBrowserHost({
    core,
    rendererDir: join(root, 'out', 'renderer'),
    bridgeFile: join(root, 'out', 'bridge', 'http-bridge.js'),
    port,
    host: '127.0.0.1',
    knownSecrets: allSecrets,
    log,
  });
  if (values.open) process.stderr.write('--open: the browser host does not open a browser itself; open the address below.\n');
  process.stdout.write(`Fruxon Access Console (browser host): ${host.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await core.stop().catch(() => undefined);
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// Run only when executed, so the helpers above can be unit tested.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`The browser host could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
