#!/usr/bin/env node
/**
 * Fault coverage: which FAULTS.md ids (F1-F46, S1-S20) are named in test titles, and where.
 * Scans `**\/*.test.ts(x)` (outside node_modules, out, build, dist) and `test/e2e/*.spec.ts` for
 * it(...)/test(...)/describe(...) titles (also it.each/test.describe/test.step) and matches ids as
 * whole words (`F24`, `S1`); a range such as `F24-F26` or `F24–26` names every id in it.
 *
 *   node scripts/fault-coverage.mjs            table: id → files
 *   node scripts/fault-coverage.mjs --check    also exit 1 listing the ids no test names
 *   node scripts/fault-coverage.mjs --markdown the table as Markdown (for docs/RELIABILITY.md)
 *   node scripts/fault-coverage.mjs --json     machine-readable
 *   node scripts/fault-coverage.mjs --write    rewrite the table in docs/RELIABILITY.md
 *                                              (between <!-- coverage:start --> and <!-- coverage:end -->)
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'build', 'dist', 'test-results', 'playwright-report', 'coverage']);

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

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(full);
    else if (/\.spec\.ts$/.test(name) && relative(ROOT, dir).split(sep).join('/') === 'test/e2e') out.push(full);
  }
  return out;
}

// A test-ish call: it(…), test(…), describe(…), it.each(table)(…), test.describe(…), test.step(…).
const CALL = /\b(?:it|test|describe)((?:\.[A-Za-z]+)*)\s*\(/g;
const STRING_AT = /^\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/;
const ID = /\b([FS])(\d{1,2})\b(?:\s*[-–]\s*\1?(\d{1,2})\b)?/g;

/** Index just past the parenthesis that closes the one opened at `open` (string literals skipped). */
function closeParen(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      for (i += 1; i < text.length && text[i] !== ch; i += 1) if (text[i] === '\\') i += 1;
    } else if (ch === '(' || ch === '[' || ch === '{') depth += 1;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Test titles in one source text. */
export function titlesIn(text) {
  const titles = [];
  for (const m of text.matchAll(CALL)) {
    let start = m.index + m[0].length;
    if (/\.each$/.test(m[1])) {
      // it.each(table)('title %s', …): skip the table, then read the title of the second call.
      const end = closeParen(text, start - 1);
      if (end < 0) continue;
      const next = /^\s*\(/.exec(text.slice(end));
      if (!next) continue;
      start = end + next[0].length;
    }
    const str = STRING_AT.exec(text.slice(start, start + 2000));
    if (str) titles.push(str[2]);
  }
  return titles;
}

/** FAULTS ids named in one title (ranges expanded). */
export function idsIn(title) {
  const ids = new Set();
  for (const m of title.matchAll(ID)) {
    const letter = m[1];
    const from = Number(m[2]);
    const to = m[3] === undefined ? from : Number(m[3]);
    if (to < from || to - from > 10) {
      ids.add(`${letter}${from}`);
      continue;
    }
    for (let n = from; n <= to; n += 1) ids.add(`${letter}${n}`);
  }
  return [...ids].filter((id) => id in SCENARIOS);
}

/** id → sorted list of files (repo-relative) whose test titles name it. */
export function coverage(root = ROOT) {
  const map = new Map(ALL_IDS.map((id) => [id, new Set()]));
  for (const file of walk(root, [])) {
    const rel = relative(root, file).split(sep).join('/');
    for (const title of titlesIn(readFileSync(file, 'utf8'))) for (const id of idsIn(title)) map.get(id)?.add(rel);
  }
  return new Map([...map].map(([id, files]) => [id, [...files].sort()]));
}

/** The coverage as a Markdown table plus a one-line summary. */
export function markdown(cov, missing) {
  const lines = ['| Id | Scenario | Tested in |', '|---|---|---|'];
  for (const id of ALL_IDS) {
    const files = cov.get(id) ?? [];
    lines.push(`| ${id} | ${SCENARIOS[id]} | ${files.length ? files.map((f) => `\`${f}\``).join(', ') : '**no test**'} |`);
  }
  lines.push('', `${ALL_IDS.length - missing.length} of ${ALL_IDS.length} ids are named by at least one test title${missing.length ? `; no test names ${missing.join(', ')}` : ''}.`);
  return lines.join('\n');
}

function writeDoc(text) {
  const doc = join(ROOT, 'docs', 'RELIABILITY.md');
  const start = '<!-- coverage:start -->';
  const end = '<!-- coverage:end -->';
  const old = readFileSync(doc, 'utf8');
  const a = old.indexOf(start);
  const b = old.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${doc} has no ${start} … ${end} section`);
  writeFileSync(doc, `${old.slice(0, a + start.length)}\n${text}\n${old.slice(b)}`);
  process.stdout.write(`Updated ${relative(ROOT, doc)}\n`);
}

function main(argv) {
  const cov = coverage();
  const missing = ALL_IDS.filter((id) => (cov.get(id) ?? []).length === 0);
  if (argv.includes('--write')) writeDoc(markdown(cov, missing));
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ coverage: Object.fromEntries(cov), missing }, null, 2)}\n`);
  } else if (argv.includes('--markdown')) {
    process.stdout.write(`${markdown(cov, missing)}\n`);
  } else if (!argv.includes('--write')) {
    const width = Math.max(...ALL_IDS.map((id) => SCENARIOS[id].length));
    for (const id of ALL_IDS) {
      const files = cov.get(id) ?? [];
      process.stdout.write(`${id.padEnd(4)} ${SCENARIOS[id].padEnd(width)}  ${files.length ? files.join(', ') : '-- no test --'}\n`);
    }
    process.stdout.write(`\n${ALL_IDS.length - missing.length}/${ALL_IDS.length} ids named by at least one test.\n`);
  }
  if (argv.includes('--check') && missing.length > 0) {
    process.stderr.write(`No test names: ${missing.join(', ')}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
