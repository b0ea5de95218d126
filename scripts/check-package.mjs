#!/usr/bin/env node
// Validates the installer configuration as far as possible without the Electron binary
// (which cannot be downloaded on our machines): electron-builder packs the built app for
// Linux as an unpacked `dir` target around a placeholder Electron distribution, then the
// script checks what went into app.asar. What this cannot check is listed in README
// ("Installers"): fuses need the real binary's sentinel, and no installer format is produced.
// Usage: npm run build && node scripts/check-package.mjs
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { build, Platform } = await import('electron-builder');
const { load } = await import('js-yaml');
const asar = await import('@electron/asar');

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const config = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const problems = [];
const expect = (ok, message) => void (ok || problems.push(message));

for (const file of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
  if (!existsSync(path.join(root, file))) {
    console.error(`check-package: ${file} is missing; run \`npm run build\` first.`);
    process.exit(1);
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'fruxon-package-'));
try {
  // A placeholder Electron: just enough for electron-builder to copy and rename.
  const electronDist = path.join(work, 'electron-dist');
  mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\necho "placeholder Electron"\n');
  chmodSync(path.join(electronDist, 'electron'), 0o755);
  const electronVersion = pkg.devDependencies.electron;
  writeFileSync(path.join(electronDist, 'version'), electronVersion);

  // Fuses are flipped inside the real binary (a sentinel the placeholder lacks); their
  // settings are checked by test/unit/packaging.test.ts instead.
  expect(config.electronFuses?.runAsNode === false, 'electronFuses.runAsNode must be false');
  // electron-builder reads electron-builder.yml itself too and merges a `publish` list given here
  // into the first entry on disk (an invalid config), so the feed is left to the file.
  const { electronFuses: _fuses, publish: _publish, ...withoutFuses } = config;

  const output = path.join(work, 'dist');
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { ...withoutFuses, electronFuses: null, electronDist, electronVersion, directories: { ...config.directories, output } },
  });

  const unpacked = path.join(output, 'linux-unpacked');
  const executable = path.join(unpacked, config.linux?.executableName ?? pkg.name);
  expect(existsSync(executable), `the executable ${path.basename(executable)} is missing`);
  // Self-update: electron-builder writes the feed electron-updater reads (generic provider, https).
  const updateConfig = path.join(unpacked, 'resources', 'app-update.yml');
  expect(existsSync(updateConfig) && /^provider: generic$/m.test(readFileSync(updateConfig, 'utf8')) && /^url: https:\/\//m.test(readFileSync(updateConfig, 'utf8')), 'resources/app-update.yml (generic https feed) is missing');
  const archive = path.join(unpacked, 'resources', 'app.asar');
  expect(existsSync(archive), 'resources/app.asar is missing');
  const entries = new Set(asar.listPackage(archive, { isPack: false }).map((e) => e.replaceAll('\\', '/')));

  for (const file of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
    expect(entries.has(file), `app.asar lacks ${file}`);
  }
  const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  expect(entries.has(`/${path.posix.normalize(packed.main)}`), `package.json main (${packed.main}) is not in app.asar`);

  // Every production dependency, and what it needs at run time, is packed.
  const modules = [...entries].filter((e) => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(e)).map((e) => e.slice('/node_modules/'.length));
  const packedModules = new Set(modules);
  const needed = new Set();
  const visit = (name) => {
    if (needed.has(name)) return;
    needed.add(name);
    const manifest = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      if (existsSync(path.join(root, 'node_modules', dep, 'package.json'))) visit(dep);
    }
  };
  for (const dep of Object.keys(pkg.dependencies)) visit(dep);
  for (const name of needed) expect(packedModules.has(name), `production dependency ${name} is not packed`);
  // Nothing from development: the renderer's libraries are bundled, tools are never shipped.
  for (const name of Object.keys(pkg.devDependencies)) expect(!packedModules.has(name), `devDependency ${name} was packed`);
  for (const entry of entries) {
    if (/^\/(src-[^/]+|test|docs|scripts|build)\//.test(entry)) problems.push(`source file packed: ${entry}`);
    if (entry.endsWith('.map')) problems.push(`source map packed: ${entry}`);
  }

  const summary = `${entries.size} entries, ${packedModules.size} packages (${[...needed].length} needed by ${Object.keys(pkg.dependencies).join(', ')})`;
  if (problems.length > 0) {
    console.error(`check-package: FAILED (${summary})`);
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  console.log(`check-package: app.asar layout OK — ${summary}. Fuses and installer formats not checked (no Electron binary).`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
