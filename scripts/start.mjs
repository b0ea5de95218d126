#!/usr/bin/env node
// `npm start`: build when out/ is missing or older than the sources, then open the desktop app.
// When the Electron binary is missing (Electron 45 downloads it on demand, not at npm install) and
// ELECTRON_SKIP_BINARY_DOWNLOAD is not set, Electron's own installer fetches it first, its
// progress visible, once the download host answers. When the host does not answer, the installer
// fails, or the variable is set, one line says the true reason and the
// same console is served through the browser host. The decisions are in start-plan.mjs (tested).
//
// The binary is located the way the electron package does it (path.txt + dist/), but without
// `require('electron')`, which would start a download of its own with a misleading message.
import { spawn, spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { planStart } from './start-plan.mjs';

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

/** node_modules/electron, or null when the package is not installed. */
function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The installed Electron executable, or null when the binary has not been downloaded. */
function electronBinary() {
  const pkgDir = electronPackageDir();
  if (pkgDir === null) return null;
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

/** Runs Electron's own installer (node_modules/electron/install.js) with its output visible. */
function installElectron() {
  process.stdout.write('The Electron binary is not installed yet; downloading it with Electron\'s installer…\n');
  return new Promise((resolveInstall) => {
    const child = spawn(process.execPath, [join(electronPackageDir(), 'install.js')], { cwd: root, stdio: 'inherit' });
    child.on('error', () => resolveInstall({ status: null }));
    child.on('exit', (code) => resolveInstall({ status: code }));
  });
}

/** Null when `host` accepts a connection on 443 within 5 s, else why not (DNS or connect error). */
async function probe(host) {
  try {
    await lookup(host);
  } catch (err) {
    return `${err.syscall ?? 'lookup'} ${err.code ?? 'failed'} ${host}`;
  }
  return new Promise((resolveProbe) => {
    const socket = connect({ host, port: 443, timeout: 5000 });
    const done = (reason) => {
      socket.destroy();
      resolveProbe(reason);
    };
    socket.once('connect', () => done(null));
    socket.once('timeout', () => done(`no answer from ${host}:443 within 5 s`));
    socket.once('error', (err) => done(`connect ${err.code ?? 'failed'} ${host}:443`));
  });
}

if (needsBuild()) build();

const plan = await planStart({
  env: process.env,
  nodeVersion: process.version,
  hasElectronPackage: electronPackageDir() !== null,
  findBinary: electronBinary,
  install: installElectron,
  probe,
});
if (plan.mode === 'electron') {
  run(plan.binary, ['.', ...args]);
} else {
  process.stdout.write(`${plan.line}\n`);
  // One process with tsx's loader (not tsx's CLI, which runs a second process and gives a signal
  // about 30 ms to reach it before killing it): a stop signal reaches the host itself.
  run(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'browser-host', 'cli.ts'), ...args]);
}
