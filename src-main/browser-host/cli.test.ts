import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
