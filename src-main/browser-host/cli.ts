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
import { launchBrowserHost, type LaunchedHost, type LaunchOptions } from './launch';

/** The process as the command line sees it (the real one in main(), a recorded one in tests). */
export interface CliProcess {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Registers what SIGINT and SIGTERM do. */
  onStopSignal: (stop: () => void) => void;
  exit: (code: number) => void;
}

/**
 * Runs the command line: parses `--port N` and `--open`, launches, prints the address, and stops
 * cleanly on a stop signal. Resolves with the host (null when the arguments were refused).
 */
export async function runCli(args: string[], proc: CliProcess, launch: (o: LaunchOptions) => Promise<LaunchedHost> = launchBrowserHost): Promise<LaunchedHost | null> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, open: { type: 'boolean', default: false } }, strict: true });
  const port = parsePort(values.port);
  if (port === null) {
    proc.err(`Invalid --port ${String(values.port)}: use a number from 0 to 65535.\n`);
    proc.exit(2);
    return null;
  }
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const host = await launch({ root, version: pkg.version, env: proc.env, home: homedir(), port, out: proc.out, err: proc.err });
  if (values.open) proc.err('--open: the browser host does not open a browser itself; open the address below.\n');
  proc.out(`Fruxon Access Console (browser host): ${host.url}\n`);

  let stopping = false;
  proc.onStopSignal(() => {
    if (stopping) return;
    stopping = true;
    void host.stop().then(() => proc.exit(0));
  });
  return host;
}

// Run only when executed (not when a test imports it): the real process around runCli (argv,
// stdout, signals, exit). cli.test.ts runs it as a child process; Stryker's mutants live in the
// test runner's process, so none of them can reach it.
// Stryker disable all: the process glue below runs only in a child process (docs/MUTATION.md).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2), {
    env: process.env,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    onStopSignal: (stop) => {
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    exit: (code) => process.exit(code),
  }).catch((err: unknown) => {
    process.stderr.write(`The browser host could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
// Stryker restore all
