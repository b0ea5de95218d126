#!/usr/bin/env node
// `npm run security:scan` (part of `npm test`, after the build): Electronegativity on the built
// out/, with the Electron version passed explicitly (it cannot read it from a binary here). It
// always exits 0, so its SARIF is parsed here: every finding must be listed in docs/SECURITY.md
// ("Electronegativity findings": rule, file, a piece of the flagged line, and why it is fine), or
// the run fails. Bundle hashes and line numbers change with every build, so a finding is matched
// by rule, file (hash removed) and the text of the flagged line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = path.join(root, 'out');

/** renderer/assets/index-BR7O2OKU.js → renderer/assets/index.js */
export const normaliseFile = (uri) => uri.replaceAll('\\', '/').replace(/-[A-Za-z0-9_-]{8}(\.[a-z]+)$/, '$1');

/** The accepted findings: rows of the table under "## Electronegativity findings" in docs/SECURITY.md. */
export function acceptedFindings(markdown) {
  const section = markdown.split(/^## Electronegativity findings\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length < 4 || cells[0] === 'rule' || /^-+$/.test(cells[0])) continue;
    const code = cells[2].replace(/^`|`$/g, '');
    if (!cells[0] || !cells[1] || !code || !cells[3]) continue;
    rows.push({ rule: cells[0], file: cells[1], code, why: cells[3] });
  }
  return rows;
}

function main() {
  if (!existsSync(path.join(out, 'main', 'index.js'))) {
    console.error('security-scan: out/ is missing; run `npm run build` first.');
    process.exit(1);
  }
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const electronVersion = String(pkg.devDependencies.electron).replace(/^[^\d]*/, '');
  const toolPkgPath = require.resolve('@doyensec/electronegativity/package.json');
  const toolPkg = JSON.parse(readFileSync(toolPkgPath, 'utf8'));
  const bin = path.join(path.dirname(toolPkgPath), typeof toolPkg.bin === 'string' ? toolPkg.bin : Object.values(toolPkg.bin)[0]);
  const work = mkdtempSync(path.join(tmpdir(), 'fruxon-scan-'));
  try {
    const sarifPath = path.join(work, 'findings.sarif');
    const run = spawnSync(process.execPath, [bin, '-i', out, '-e', electronVersion, '-o', sarifPath, '-r', '-v', 'false'], { cwd: root, encoding: 'utf8' });
    if (!existsSync(sarifPath)) {
      console.error(`security-scan: Electronegativity wrote no SARIF (exit ${run.status}).\n${run.stderr}`);
      process.exit(1);
    }
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    const results = (sarif.runs ?? []).flatMap((r) => r.results ?? []);
    const accepted = acceptedFindings(readFileSync(path.join(root, 'docs', 'SECURITY.md'), 'utf8'));
    const used = new Set();
    const unexplained = [];
    for (const r of results) {
      const loc = r.locations?.[0]?.physicalLocation;
      const uri = loc?.artifactLocation?.uri ?? '?';
      const file = normaliseFile(uri);
      const lineNo = loc?.region?.startLine ?? 0;
      let line = '';
      try {
        line = readFileSync(path.join(out, uri), 'utf8').split('\n')[lineNo - 1]?.trim() ?? '';
      } catch {
        line = '';
      }
      const match = accepted.findIndex((a) => a.rule === r.ruleId && a.file === file && line.includes(a.code));
      if (match >= 0) used.add(match);
      else unexplained.push(`${r.ruleId} (${r.level}) in ${file}:${lineNo}: ${r.message?.text ?? ''}\n    ${line.slice(0, 160)}`);
    }
    console.log(`security-scan: Electronegativity ${toolPkg.version} on out/ as Electron ${electronVersion}: ${results.length} findings, ${results.length - unexplained.length} listed in docs/SECURITY.md.`);
    accepted.forEach((a, i) => {
      if (!used.has(i)) console.log(`security-scan: note: docs/SECURITY.md lists ${a.rule} in ${a.file} (\`${a.code}\`), which was not found any more.`);
    });
    if (unexplained.length > 0) {
      console.error(`security-scan: ${unexplained.length} finding(s) not listed in docs/SECURITY.md ("Electronegativity findings"):\n  ${unexplained.join('\n  ')}`);
      process.exit(1);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
