#!/usr/bin/env node
/**
 * The fault gate: which FAULTS.md ids (S1-S20, F1-F46) are covered by tests that RAN AND PASSED.
 *
 * It reads the JSON reports of one test run, never the sources' text:
 *   test-reports/vitest.json      Vitest's json reporter (vitest.config.ts writes it on every run)
 *   test-reports/playwright.json  Playwright's json reporter (playwright.config.ts writes it too)
 * `npm test` deletes both first (`--clean`), so the gate at its end sees only that run's reports.
 *
 * An id counts for the console when a test that passed (not skipped, todo or failed) names it as a
 * whole word in its full title (describe blocks and the test's own title). Ids in source comments
 * never count (they are not in any report). A range such as "F1-F10" or "F24–26" counts for none of
 * the ids in it, ends included: a title names each id it claims. Simulator self-tests (src-sim/**)
 * are listed apart and never count for the console.
 *
 *   node scripts/fault-coverage.mjs             summary: id → passing tests, and what did not count
 *   node scripts/fault-coverage.mjs --check     exit 1 when a report is missing or partial, an id has
 *                                               no passing console test, or docs/RELIABILITY.md's
 *                                               table differs from what the reports give
 *   node scripts/fault-coverage.mjs --write     rewrite the table in docs/RELIABILITY.md
 *                                               (between <!-- coverage:start --> and <!-- coverage:end -->)
 *   node scripts/fault-coverage.mjs --markdown  print that table
 *   node scripts/fault-coverage.mjs --json      machine-readable
 *   node scripts/fault-coverage.mjs --clean     delete the reports (the start of `npm test`)
 * Options: --vitest FILE, --playwright FILE (other reports), --root DIR (another project root:
 * where test files are looked for, and whose docs/RELIABILITY.md --write and --check use).
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPORTS_DIR = 'test-reports';
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'build', 'dist', 'test-results', 'playwright-report', 'coverage', REPORTS_DIR, '.tmp']);
const DOC = join('docs', 'RELIABILITY.md');
const START = '<!-- coverage:start -->';
const END = '<!-- coverage:end -->';

/** Short names of the FAULTS.md scenarios, for the table. */
export const SCENARIOS = {
  S1: 'Only secure content (https, loopback http)',
  S2: 'No Node integration',
  S3: 'Context isolation',
  S4: 'Sandbox',
  S5: 'Permission request handler',
  S6: 'webSecurity not disabled',
  S7: 'Content-Security-Policy',
  S8: 'No insecure content',
  S9: 'No experimental features',
  S10: 'No enableBlinkFeatures',
  S11: 'No <webview> allowpopups',
  S12: 'will-attach-webview blocked',
  S13: 'Navigation limited',
  S14: 'New windows denied',
  S15: 'openExternal allowlist',
  S16: 'Current Electron',
  S17: 'IPC sender validated',
  S18: 'Custom protocol, no file://',
  S19: 'Fuses',
  S20: 'No Electron APIs exposed',
  F1: 'Malformed JSON on the list',
  F2: 'HTML instead of JSON',
  F3: 'Empty body or 204',
  F4: 'Unknown or mixed-case status',
  F5: 'Item without id or wrong types',
  F6: 'Extra fields, __proto__',
  F7: 'Bare array or paged envelope',
  F8: 'Duplicate ids',
  F9: 'Huge payload',
  F10: 'Item vanishes between polls',
  F11: 'Deleted agent or user',
  F12: 'Odd createdAt',
  F13: '10,000-character name',
  F14: 'HTML/script in names',
  F15: 'javascript:/file: URLs',
  F16: 'RTL and bidi overrides',
  F17: 'Emoji ZWJ, Zalgo, astral',
  F18: 'Empty displayName',
  F19: 'Note too long or with NUL',
  F20: '401 on a poll',
  F21: '401 on approve',
  F22: '403 forbidden',
  F23: 'Credential near expiry, skewed clock',
  F24: '429 with Retry-After on a poll',
  F25: '429 HTTP-date Retry-After, fast clock',
  F26: '429 without headers',
  F27: '429 on approve',
  F28: 'Bursts of 5xx',
  F29: 'GET hangs',
  F30: 'Approve timed out but applied',
  F31: 'Reset after the approve was sent',
  F32: 'Another operator decided first',
  F33: 'Stale snapshot after my approve',
  F34: 'Double click / approve+reject',
  F35: 'Offline',
  F36: 'TLS failure',
  F37: '3xx redirect to another origin',
  F38: 'Suspend/resume',
  F39: 'Settings file corrupted',
  F40: 'Settings out of range',
  F41: 'Disk full / read-only',
  F42: 'safeStorage unavailable',
  F43: 'Credential undecryptable',
  F44: 'Second instance',
  F45: 'Renderer crash or reload',
  F46: 'Notification flood',
};

export const ALL_IDS = Object.keys(SCENARIOS);

// ---------------------------------------------------------------------------------------------
// Titles → ids

const ID_TOKEN = /\b([FS])(\d{1,2})\b/g;
/** A range joint after an id: "-", "–", "—", "..", "to", then an id or a bare number ("F1-F10", "F24–26"). */
const RANGE_AFTER = /^\s*(?:[-–—]|\.\.|to\b)\s*([FS])?(\d{1,2})\b/;
/** The same joint before an id, after another id ("F1-F10": the F10). */
const RANGE_BEFORE = /\b[FS]\d{1,2}\s*(?:[-–—]|\.\.|\bto)\s*$/;

/**
 * FAULTS ids a title names. Whole words only (`F3` is not in `F30`, nor in `xF3`); both ends of a
 * range (`F1-F10`, `F24–26`, `S1 to S5`) are left out, and so, of course, are the ids inside it.
 * Returns { ids, ranges }: the ids named, and the range texts that were ignored.
 */
export function idsInTitle(title) {
  const ids = new Set();
  const ranges = [];
  for (const m of title.matchAll(ID_TOKEN)) {
    const before = title.slice(0, m.index);
    const after = title.slice(m.index + m[0].length);
    const joint = RANGE_AFTER.exec(after);
    // "F24 - 26" is a range only when it goes up; with a letter ("F1-S3", "F1 to F10") always.
    if (joint && (joint[1] !== undefined || Number(joint[2]) > Number(m[2]))) {
      ranges.push(`${m[0]}${joint[0]}`);
      continue;
    }
    if (RANGE_BEFORE.test(before)) continue;
    const id = `${m[1]}${Number(m[2])}`;
    if (id in SCENARIOS && `${m[1]}${m[2]}` === id) ids.add(id);
  }
  return { ids: [...ids], ranges };
}

// ---------------------------------------------------------------------------------------------
// Reports → tests

/** Repo-relative path with forward slashes. */
function rel(root, file) {
  return relative(root, file).split(sep).join('/');
}

/**
 * Tests in a Vitest json report: { file, title, status } with the full title (describe blocks
 * joined with " › ") and status passed | failed | skipped | todo | pending.
 */
export function testsFromVitest(report, root) {
  const tests = [];
  for (const file of report.testResults ?? []) {
    const path = rel(root, isAbsolute(file.name) ? file.name : resolve(root, file.name));
    for (const a of file.assertionResults ?? []) {
      tests.push({ runner: 'vitest', file: path, title: [...(a.ancestorTitles ?? []), a.title].join(' › '), status: a.status });
    }
  }
  return tests;
}

/**
 * Tests in a Playwright json report. A test passed when its outcome is "expected", it was
 * expected to pass, and its last result passed; skipped, fixme, failed and flaky ones did not.
 */
export function testsFromPlaywright(report, root) {
  const tests = [];
  const testDir = report.config?.rootDir ?? join(root, 'test', 'e2e');
  const walkSuite = (suite, titles, file) => {
    for (const spec of suite.specs ?? []) {
      const path = rel(root, resolve(testDir, spec.file ?? file));
      const title = [...titles, spec.title].join(' › ');
      const runs = spec.tests?.length ? spec.tests : [{ status: 'skipped', results: [] }];
      for (const t of runs) {
        const last = t.results?.[t.results.length - 1];
        let status = 'failed';
        if (t.status === 'skipped') status = 'skipped';
        else if (t.status === 'expected' && (t.expectedStatus ?? 'passed') === 'passed' && last?.status === 'passed') status = 'passed';
        else if (t.status === 'flaky') status = 'flaky';
        tests.push({ runner: 'playwright', file: path, title, status });
      }
    }
    for (const child of suite.suites ?? []) walkSuite(child, [...titles, child.title], child.file ?? file);
  };
  // Top-level suites are files: their title is the file name, not part of the test's title.
  for (const fileSuite of report.suites ?? []) walkSuite(fileSuite, [], fileSuite.file ?? fileSuite.title);
  return tests;
}

// ---------------------------------------------------------------------------------------------
// What a test ran against (read from the test file, for the table only; never for counting)

/** Labels for the components a test file's tests ran against. */
export function environmentOf(root, file) {
  if (file.startsWith('test/e2e/')) return ['real renderer in Chromium', 'browser host', 'simulator over HTTP'];
  let text = '';
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch {
    // a report may name a file that is gone; classify by path alone
  }
  const labels = [];
  if (/vi\.mock\(\s*['"]electron['"]/.test(text)) labels.push('Electron fake');
  if (/\bstartBrowserHost\(/.test(text)) labels.push('browser host over HTTP');
  if (/\b(startSimulator|startCore|runChaos|sim)\(/.test(text)) labels.push('simulator over HTTP');
  if (file.startsWith('src-renderer/')) labels.push('renderer in jsdom');
  if (labels.length === 0) labels.push(/\bmkdtempSync\(|\bwriteFileSync\(/.test(text) ? 'unit, real files' : 'unit');
  return labels;
}

// ---------------------------------------------------------------------------------------------
// Coverage

/** Every test file on disk: `*.test.ts(x)` anywhere (Vitest) and `test/e2e/**\/*.spec.ts` (Playwright). */
export function testFilesOnDisk(root) {
  const vitest = [];
  const playwright = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (SKIP_DIRS.has(name)) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.test\.tsx?$/.test(name)) vitest.push(rel(root, full));
      else if (/\.spec\.ts$/.test(name) && rel(root, full).startsWith('test/e2e/')) playwright.push(rel(root, full));
    }
  };
  walk(root);
  return { vitest: vitest.sort(), playwright: playwright.sort() };
}

function readReport(path) {
  if (!existsSync(path)) return { missing: true };
  try {
    return { report: JSON.parse(readFileSync(path, 'utf8')), mtime: statSync(path).mtime };
  } catch (err) {
    return { error: `unreadable (${err instanceof Error ? err.message : String(err)})` };
  }
}

/**
 * The whole analysis. Returns:
 *   problems: why the reports cannot be trusted (missing, unreadable, partial)
 *   byId: id → counted tests [{ runner, file, title, env }]
 *   simById: id → passing simulator self-tests naming it (never counted)
 *   notCounted: tests naming ids that did not pass (failed, skipped, todo…), with their status
 *   ranges: titles whose ranges were ignored
 *   missing: ids no passing console test names
 */
export function analyse({ root = PROJECT_ROOT, vitestPath, playwrightPath } = {}) {
  const vPath = vitestPath ?? join(root, REPORTS_DIR, 'vitest.json');
  const pPath = playwrightPath ?? join(root, REPORTS_DIR, 'playwright.json');
  const problems = [];
  const tests = [];
  const onDisk = testFilesOnDisk(root);
  const sources = [
    ['Vitest', vPath, testsFromVitest, onDisk.vitest, 'npm run test:unit'],
    ['Playwright', pPath, testsFromPlaywright, onDisk.playwright, 'npm run build && npm run test:e2e'],
  ];
  const reports = {};
  for (const [name, path, read, expectedFiles, how] of sources) {
    const r = readReport(path);
    if (r.missing) {
      problems.push(`${name} report ${rel(root, path)} is missing: run \`npm test\` (or \`${how}\`) first.`);
      continue;
    }
    if (r.error) {
      problems.push(`${name} report ${rel(root, path)} is ${r.error}.`);
      continue;
    }
    const found = read(r.report, root);
    reports[name] = { path: rel(root, path), mtime: r.mtime, tests: found.length };
    const seen = new Set(found.map((t) => t.file));
    const absent = expectedFiles.filter((f) => !seen.has(f));
    if (absent.length > 0) {
      problems.push(`${name} report ${rel(root, path)} is partial: it has no results for ${absent.length} test file(s) (${absent.slice(0, 5).join(', ')}${absent.length > 5 ? ', …' : ''}). Run the whole suite (\`npm test\`).`);
    }
    tests.push(...found);
  }

  const envCache = new Map();
  const env = (file) => {
    if (!envCache.has(file)) envCache.set(file, environmentOf(root, file));
    return envCache.get(file);
  };
  const byId = new Map(ALL_IDS.map((id) => [id, []]));
  const simById = new Map(ALL_IDS.map((id) => [id, []]));
  const notCounted = [];
  const ranges = [];
  for (const t of tests) {
    const { ids, ranges: r } = idsInTitle(t.title);
    if (r.length > 0) ranges.push({ file: t.file, title: t.title, ranges: r });
    if (ids.length === 0) continue;
    if (t.status !== 'passed') {
      notCounted.push({ file: t.file, title: t.title, status: t.status, ids });
      continue;
    }
    const entry = { runner: t.runner, file: t.file, title: t.title, env: env(t.file) };
    const target = t.file.startsWith('src-sim/') ? simById : byId;
    for (const id of ids) target.get(id).push(entry);
  }
  const order = (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
  for (const list of [...byId.values(), ...simById.values()]) list.sort(order);
  const missing = ALL_IDS.filter((id) => byId.get(id).length === 0);
  return { root, problems, reports, byId, simById, notCounted, ranges, missing };
}

// ---------------------------------------------------------------------------------------------
// Output

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown table for docs/RELIABILITY.md: one row per (id, passing test). */
export function markdown(a) {
  const lines = [
    '| Id | Scenario | Test that passed: file › title (what it asserts) | Ran against |',
    '|---|---|---|---|',
  ];
  for (const id of ALL_IDS) {
    const list = a.byId.get(id);
    if (list.length === 0) {
      lines.push(`| ${id} | ${cell(SCENARIOS[id])} | **no passing test** | |`);
      continue;
    }
    list.forEach((t, i) => {
      lines.push(`| ${i === 0 ? id : ''} | ${i === 0 ? cell(SCENARIOS[id]) : ''} | \`${t.file}\` › ${cell(t.title)} | ${t.env.join(', ')} |`);
    });
  }
  const fake = ALL_IDS.filter((id) => a.byId.get(id).length > 0 && a.byId.get(id).every((t) => t.env.includes('Electron fake')));
  lines.push(
    '',
    `${ALL_IDS.length - a.missing.length} of ${ALL_IDS.length} ids are named by at least one passing console test${a.missing.length ? `; none passes for ${a.missing.join(', ')}` : ''}.`,
  );
  if (fake.length > 0) lines.push(`Covered only against the Electron fake (no real Electron here): ${fake.join(', ')}.`);
  const sim = ALL_IDS.filter((id) => a.simById.get(id).length > 0);
  if (sim.length > 0) {
    lines.push(
      '',
      'Simulator self-tests (`src-sim/**`) that name ids; they check the fault injection itself and do not count for the console:',
      '',
      ...sim.map((id) => `- ${id}: ${a.simById.get(id).map((t) => `\`${t.file}\` › ${cell(t.title)}`).join('; ')}`),
    );
  }
  return lines.join('\n');
}

function summary(a) {
  const out = [];
  for (const [name, r] of Object.entries(a.reports)) out.push(`${name}: ${r.path} (${r.tests} tests, written ${r.mtime.toISOString()})`);
  out.push('');
  const width = Math.max(...ALL_IDS.map((id) => SCENARIOS[id].length));
  for (const id of ALL_IDS) {
    const list = a.byId.get(id);
    const files = [...new Set(list.map((t) => t.file))];
    const sims = a.simById.get(id).length;
    out.push(`${id.padEnd(4)} ${SCENARIOS[id].padEnd(width)}  ${list.length === 0 ? '-- no passing test --' : `${list.length} passing test(s) in ${files.join(', ')}`}${sims ? `  (+${sims} simulator self-test(s), not counted)` : ''}`);
  }
  if (a.notCounted.length > 0) {
    out.push('', 'Tests naming ids that did not pass (not counted):');
    for (const t of a.notCounted) out.push(`  [${t.status}] ${t.file} › ${t.title}`);
  }
  if (a.ranges.length > 0) {
    out.push('', 'Ranges in titles (they count for no id; name each id):');
    for (const r of a.ranges) out.push(`  ${r.ranges.join(', ')}: ${r.file} › ${r.title}`);
  }
  out.push('', `${ALL_IDS.length - a.missing.length}/${ALL_IDS.length} ids named by at least one passing console test.`);
  return out.join('\n');
}

function docSection(root) {
  const doc = join(root, DOC);
  if (!existsSync(doc)) return null;
  const text = readFileSync(doc, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return null;
  return { doc, text, a, b, body: text.slice(a + START.length, b).trim() };
}

function writeDoc(root, body) {
  const s = docSection(root);
  if (!s) throw new Error(`${join(root, DOC)} has no ${START} … ${END} section`);
  writeFileSync(s.doc, `${s.text.slice(0, s.a + START.length)}\n${body}\n${s.text.slice(s.b)}`);
  return rel(root, s.doc);
}

function parseArgs(argv) {
  const args = { flags: new Set(), root: PROJECT_ROOT };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--vitest' || a === '--playwright' || a === '--root') {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${a} needs a value`);
      i += 1;
      if (a === '--root') args.root = resolve(v);
      else args[a === '--vitest' ? 'vitestPath' : 'playwrightPath'] = resolve(v);
    } else if (['--check', '--write', '--markdown', '--json', '--clean'].includes(a)) args.flags.add(a);
    else throw new Error(`Unknown argument ${a}. Use --check, --write, --markdown, --json, --clean, --vitest FILE, --playwright FILE, --root DIR.`);
  }
  return args;
}

function main(argv) {
  const args = parseArgs(argv);
  const { flags, root } = args;
  if (flags.has('--clean')) {
    rmSync(join(root, REPORTS_DIR), { recursive: true, force: true });
    if (flags.size === 1) return;
  }
  const a = analyse({ root, vitestPath: args.vitestPath, playwrightPath: args.playwrightPath });
  const table = markdown(a);
  let failed = false;
  const fail = (text) => {
    process.stderr.write(`${text}\n`);
    failed = true;
  };
  for (const p of a.problems) process.stderr.write(`fault-coverage: ${p}\n`);

  if (flags.has('--json')) {
    process.stdout.write(
      `${JSON.stringify(
        {
          problems: a.problems,
          coverage: Object.fromEntries([...a.byId].map(([id, list]) => [id, list])),
          simulator: Object.fromEntries([...a.simById].filter(([, l]) => l.length > 0)),
          notCounted: a.notCounted,
          ranges: a.ranges,
          missing: a.missing,
        },
        null,
        2,
      )}\n`,
    );
  } else if (flags.has('--markdown')) process.stdout.write(`${table}\n`);
  else if (!flags.has('--write') && !flags.has('--check')) process.stdout.write(`${summary(a)}\n`);

  if (flags.has('--write')) {
    if (a.problems.length > 0) fail('fault-coverage: not writing the table from missing or partial reports.');
    else process.stdout.write(`Updated ${writeDoc(root, table)}\n`);
  }
  if (flags.has('--check')) {
    if (a.problems.length > 0) fail('fault-coverage: the gate needs both complete reports of one run.');
    if (a.missing.length > 0) fail(`fault-coverage: no passing console test names ${a.missing.join(', ')}.`);
    const s = docSection(root);
    if (a.problems.length === 0 && (!s || s.body !== table.trim())) {
      fail(`fault-coverage: the table in ${DOC} is not what this run's reports give; run \`npm run fault-coverage -- --write\` after \`npm test\` and commit it.`);
    }
    if (!failed) process.stdout.write(`fault-coverage: ${ALL_IDS.length}/${ALL_IDS.length} ids covered by passing console tests (${Object.values(a.reports).map((r) => r.tests).join(' + ')} tests in the reports).\n`);
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
}
