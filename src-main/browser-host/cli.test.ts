import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Invoke } from '../../src-shared/contract';
import { runCli, type CliProcess } from './cli';
import type { LaunchOptions } from './launch';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The command line with a recorded process and a launch that only records what it was asked. */
function recorded() {
  const io = { out: '', err: '', exits: [] as number[], stop: null as (() => void) | null, launches: [] as LaunchOptions[], stops: 0 };
  const proc: CliProcess = {
    env: { FRUXON_DATA_DIR: '/tmp/x' },
    out: (t) => void (io.out += t),
    err: (t) => void (io.err += t),
    onStopSignal: (stop) => void (io.stop = stop),
    exit: (code) => void io.exits.push(code),
  };
  const launch = async (o: LaunchOptions) => {
    io.launches.push(o);
    return { url: 'http://127.0.0.1:4000/abc/', stop: async () => void (io.stops += 1) };
  };
  return { io, run: (args: string[]) => runCli(args, proc, launch) };
}

describe('browser host command line', () => {
  it('launches on any free port by default, with the project version and folder, and prints the address on standard output', async () => {
    const { io, run } = recorded();
    await run([]);
    expect(io.launches).toHaveLength(1);
    expect(io.launches[0]).toMatchObject({ port: 0, version: VERSION, env: { FRUXON_DATA_DIR: '/tmp/x' } });
    expect(readFileSync(`${io.launches[0]!.root}/package.json`, 'utf8')).toContain('"name"');
    expect(io.out).toBe('Fruxon Access Console (browser host): http://127.0.0.1:4000/abc/\n');
    expect(io.err).toBe('');
    expect(io.exits).toEqual([]);
  });

  it('--port N launches on that port', async () => {
    const { io, run } = recorded();
    await run(['--port', '8123']);
    expect(io.launches[0]!.port).toBe(8123);
  });

  it('a --port that is not a port is refused with exit code 2, launching nothing', async () => {
    const { io, run } = recorded();
    await expect(run(['--port', '99999'])).resolves.toBeNull();
    expect(io.err).toBe('Invalid --port 99999: use a number from 0 to 65535.\n');
    expect(io.exits).toEqual([2]);
    expect(io.launches).toEqual([]);
  });

  it('an unknown option is refused', async () => {
    const { run } = recorded();
    await expect(run(['--evil'])).rejects.toThrow(/Unknown option '--evil'/);
  });

  it('--open says the host opens no browser, on standard error, and still prints the address', async () => {
    const { io, run } = recorded();
    await run(['--open']);
    expect(io.err).toBe('--open: the browser host does not open a browser itself; open the address below.\n');
    expect(io.out).toContain('http://127.0.0.1:4000/abc/');
  });

  it('a stop signal stops the host once and then exits with 0, however many signals arrive', async () => {
    const { io, run } = recorded();
    await run([]);
    io.stop!();
    io.stop!();
    await expect.poll(() => io.exits).toEqual([0]);
    expect(io.stops).toBe(1);
  });
});

describe('browser host command line, as a process', () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));
  const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

  /** As scripts/start.mjs runs it: one Node process with tsx's loader, so a signal reaches the host itself. */
  function spawnCli(args: string[], dataDir: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, FRUXON_DATA_DIR: dataDir, FRUXON_API_URL: '', FRUXON_TENANT: '', FRUXON_TOKEN: '', FRUXON_VERBOSE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    return { child, exited, out: () => out, err: () => err };
  }

  it('prints the address, answers on it, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fruxon-cli-'));
    const cli = spawnCli([], dir);
    try {
      await expect.poll(() => cli.out(), { timeout: 15_000 }).toMatch(/^Fruxon Access Console \(browser host\): http:\/\/127\.0\.0\.1:\d+\/\S+\/\n$/);
      const url = /(http:\/\/\S+)/.exec(cli.out())![1]!;
      const res = await fetch(`${url}api/invoke/${encodeURIComponent(Invoke.getInfo)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: new URL(url).origin },
        body: '{"input":null}',
      });
      expect(await res.json()).toMatchObject({ output: { host: 'browser', version: VERSION } });
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      expect(cli.err()).toBe('');
    } finally {
      cli.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad --port exits with 2 and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fruxon-cli-'));
    const cli = spawnCli(['--port', 'http'], dir);
    try {
      expect(await cli.exited).toBe(2);
      expect(cli.err()).toBe('Invalid --port http: use a number from 0 to 65535.\n');
      expect(cli.out()).toBe('');
    } finally {
      cli.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
