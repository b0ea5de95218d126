// The simulator in a child process for the bench scripts (run.ts, profile.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface SimChild {
  url: string;
  tenant: string;
  token: string;
  /** Calls the simulator's control API (src-sim/control-api.ts). */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** `npm run sim` in a child process (a million rows need their own heap); resolves once it listens. */
export function simChild(args: string[]): Promise<SimChild> {
  const child: ChildProcess = spawn(process.execPath, [TSX, 'src-sim/cli.ts', '--port', '0', '--no-trickle', '--no-second-operator', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=6144' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before listening: ${out}`)));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const url = /listening on (\S+)/.exec(out)?.[1];
      const tenant = /tenant:\s+(\S+)/.exec(out)?.[1];
      const token = /token:\s+(\S+)/.exec(out)?.[1];
      if (!url || !tenant || !token) return;
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      child.removeAllListeners('exit');
      resolve({
        url,
        tenant,
        token,
        control: async (method, path, body) => {
          const res = await fetch(`${url}/_sim/${path}`, {
            method,
            headers: { 'x-sim-control': token, 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          return res.status === 204 ? null : res.json();
        },
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

