#!/usr/bin/env node
// `npm start`: build when out/ is missing or older than the sources, then run the desktop app
// when the Electron binary is installed, else serve the same console through the browser host.
//
// The binary is located the way the electron package does it (path.txt + dist/), but without
// `require('electron')`: that call tries to download the binary when it is missing, and this
// project's machines must never try (TOOLCHAIN.md).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

const OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/bridge/http-bridge.js'];
const SOURCES = ['src-main', 'src-preload', 'src-renderer', 'src-shared', 'package.json', 'electron.vite.config.ts', 'vite.bridge.config.ts'];

/** Newest modification time under a file or directory (0 when absent). */
function newestMtime(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function needsBuild() {
  let oldestOutput = Infinity;
  for (const out of OUTPUTS) {
    const p = join(root, out);
    if (!existsSync(p)) return true;
    oldestOutput = Math.min(oldestOutput, statSync(p).mtimeMs);
  }
  return Math.max(...SOURCES.map((s) => newestMtime(join(root, s)))) > oldestOutput;
}

function build() {
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write('The build failed; see the output above.\n');
    process.exit(result.status ?? 1);
  }
}

/** The installed Electron executable, or null when the binary was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = override ? join(override, relative) : join(pkgDir, 'dist', relative);
  return existsSync(exe) ? exe : null;
}

/** Runs a child with inherited stdio, forwards Ctrl+C / SIGTERM to it, and exits with its code. */
function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  child.on('error', (err) => {
    process.stderr.write(`Could not start ${command}: ${err.message}\n`);
    process.exit(1);
  });
}

if (needsBuild()) build();

const electron = electronBinary();
if (electron) {
  run(electron, ['.', ...args]);
} else {
  process.stdout.write('Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); serving the console through the browser host instead.\n');
  run(process.execPath, [require.resolve('tsx/cli'), join(root, 'src-main', 'browser-host', 'cli.ts'), ...args]);
}
