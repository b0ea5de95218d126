/**
 * `npm run start:browser`: runs the console core in plain Node and serves the real renderer
 * through the browser host (launch.ts), for machines without the Electron binary. Tokens stay in
 * memory (session only); settings and the seen-set persist in the data dir. Prints one line with
 * the page URL (which carries the per-launch secret).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parsePort } from './cli-support';
import { launchBrowserHost } from './launch';

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
  const host = await launchBrowserHost({
    root,
    version: pkg.version,
    env: process.env,
    home: homedir(),
    port,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
  });
  if (values.open) process.stderr.write('--open: the browser host does not open a browser itself; open the address below.\n');
  process.stdout.write(`Fruxon Access Console (browser host): ${host.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// Run only when executed (not when a test imports a module beside it).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`The browser host could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
