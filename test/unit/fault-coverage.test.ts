/**
 * The fault gate itself (scripts/fault-coverage.mjs), run as `npm test` runs it, over small
 * fixture projects: test files on disk plus hand-written Vitest and Playwright JSON reports.
 * Only a passing, non-skipped test that names an id in its title counts; comments, skipped,
 * todo and failed tests, ranges and simulator self-tests never do.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/fault-coverage.mjs', import.meta.url));
const ALL_IDS = [...Array.from({ length: 20 }, (_, i) => `S${i + 1}`), ...Array.from({ length: 46 }, (_, i) => `F${i + 1}`)];

interface VitestCase {
  title: string;
  ancestors?: string[];
  status: 'passed' | 'failed' | 'skipped' | 'todo' | 'pending';
}
interface PlaywrightCase {
  title: string;
  describe?: string;
  outcome: 'expected' | 'skipped' | 'unexpected' | 'flaky';
  last?: 'passed' | 'failed' | 'timedOut';
}

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

/** A fixture project: test files on disk (with the given sources) and the two reports. */
function project(opts: { files: Record<string, string>; vitest: Record<string, VitestCase[]>; playwright: Record<string, PlaywrightCase[]>; doc?: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), 'fx-gate-'));
  roots.push(root);
  for (const [file, text] of Object.entries(opts.files)) write(root, file, text);
  if (opts.doc !== false) write(root, 'docs/RELIABILITY.md', '# Reliability\n\n<!-- coverage:start -->\nold\n<!-- coverage:end -->\n\nAfter.\n');
  const vitest = {
    numTotalTests: 0,
    testResults: Object.entries(opts.vitest).map(([file, cases]) => ({
      name: join(root, file),
      status: cases.some((c) => c.status === 'failed') ? 'failed' : 'passed',
      assertionResults: cases.map((c) => ({ ancestorTitles: c.ancestors ?? [], title: c.title, fullName: [...(c.ancestors ?? []), c.title].join(' '), status: c.status })),
    })),
  };
  const suites = Object.entries(opts.playwright).map(([file, cases]) => {
    const spec = (c: PlaywrightCase) => ({
      title: c.title,
      file,
      ok: c.outcome === 'expected' || c.outcome === 'flaky',
      tests: [{ expectedStatus: 'passed', status: c.outcome, results: c.last ? [{ status: c.last }] : [] }],
    });
    const describes = [...new Set(cases.filter((c) => c.describe).map((c) => c.describe as string))];
    return {
      title: file,
      file,
      specs: cases.filter((c) => !c.describe).map(spec),
      suites: describes.map((d) => ({ title: d, file, specs: cases.filter((c) => c.describe === d).map(spec), suites: [] })),
    };
  });
  write(root, 'test-reports/vitest.json', JSON.stringify(vitest));
  write(root, 'test-reports/playwright.json', JSON.stringify({ config: { rootDir: join(root, 'test/e2e') }, suites }));
  return root;
}

function gate(root: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT, '--root', root, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface GateJson {
  problems: string[];
  coverage: Record<string, Array<{ file: string; title: string; env: string[] }>>;
  simulator: Record<string, Array<{ file: string; title: string }>>;
  notCounted: Array<{ file: string; title: string; status: string; ids: string[] }>;
  ranges: Array<{ title: string; ranges: string[] }>;
  missing: string[];
}

function json(root: string): GateJson {
  const r = gate(root, '--json');
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as GateJson;
}

const covered = (j: GateJson) => Object.entries(j.coverage).filter(([, l]) => l.length > 0).map(([id]) => id).sort();

/** The trap fixture: one way each for an id to be named without a passing console test. */
function traps(): string {
  return project({
    files: {
      'src-main/core/a.test.ts': "vi.mock('electron', () => ({}));\n// it('F36: TLS failure fails closed', () => {})\nit('F1: …', () => {});\n",
      'src-renderer/b.test.tsx': "it('future shows just now', () => {});\n",
      'src-sim/c.test.ts': "it('F7: envelope', () => {});\n",
      'test/unit/d.test.ts': "it('F20: …', async () => { await startCore(); });\n",
      'test/e2e/e.spec.ts': "test('…', async () => {});\n",
    },
    vitest: {
      'src-main/core/a.test.ts': [
        { ancestors: ['core'], title: 'F1: the last good list is kept', status: 'passed' },
        { title: 'F2: a web page instead of data', status: 'skipped' },
        { title: 'F3: an empty body', status: 'failed' },
        { title: 'F4: unknown statuses', status: 'todo' },
        { title: 'F5-F9: a range of row faults', status: 'passed' },
        { title: 'F24–26: another range', status: 'passed' },
        { title: 'nothing to do with faults', status: 'passed' },
        { title: 'F30/F32: the read-back checks who decided', status: 'passed' },
      ],
      'src-renderer/b.test.tsx': [{ ancestors: ['F12: ages'], title: 'future shows just now', status: 'passed' }],
      'src-sim/c.test.ts': [{ title: 'F7: the simulator serves envelopes', status: 'passed' }],
      'test/unit/d.test.ts': [{ title: 'F20: 401 on a poll stops polling', status: 'passed' }],
    },
    playwright: {
      'e.spec.ts': [
        { describe: 'S7: browser host', title: 'the CSP blocks inline script', outcome: 'expected', last: 'passed' },
        { title: 'F35: offline banner', outcome: 'skipped' },
        { title: 'F10: a vanished row', outcome: 'unexpected', last: 'failed' },
        { title: 'F46: notification flood', outcome: 'flaky', last: 'passed' },
      ],
    },
  });
}

describe('fault gate: what counts', () => {
  it('counts only ids named in the full title of a passing console test', () => {
    const j = json(traps());
    expect(j.problems).toEqual([]);
    expect(covered(j)).toEqual(['F1', 'F12', 'F20', 'F30', 'F32', 'S7'].sort());
    // describe-block titles are part of the title: the renderer test and the Playwright describe count.
    expect(j.coverage.F12).toEqual([{ runner: 'vitest', file: 'src-renderer/b.test.tsx', title: 'F12: ages › future shows just now', env: ['renderer in jsdom'] }]);
    expect(j.coverage.S7?.[0]).toMatchObject({ file: 'test/e2e/e.spec.ts', title: 'S7: browser host › the CSP blocks inline script' });
  });

  it('an id written only in a source comment does not count (a.test.ts has one)', () => {
    const j = json(traps());
    expect(j.coverage.F36).toEqual([]);
    expect(j.missing).toContain('F36');
  });

  it('skipped, todo, failed, flaky and Playwright-skipped tests do not count, and are listed with their status', () => {
    const j = json(traps());
    for (const id of ['F2', 'F3', 'F4', 'F35', 'F10', 'F46']) expect(j.coverage[id], id).toEqual([]);
    expect(j.notCounted.map((t) => [t.ids.join(','), t.status]).sort()).toEqual(
      [
        ['F2', 'skipped'],
        ['F3', 'failed'],
        ['F4', 'todo'],
        ['F35', 'skipped'],
        ['F10', 'failed'],
        ['F46', 'flaky'],
      ].sort(),
    );
  });

  it('a range names none of its ids, ends included, and is reported', () => {
    const j = json(traps());
    for (const id of ['F5', 'F6', 'F7', 'F8', 'F9', 'F24', 'F25', 'F26']) expect(j.coverage[id], id).toEqual([]);
    expect(j.ranges.flatMap((r) => r.ranges).sort()).toEqual(['F24–26', 'F5-F9']);
  });

  it('simulator self-tests are listed apart and never count for the console', () => {
    const j = json(traps());
    expect(j.coverage.F7).toEqual([]);
    expect(j.simulator.F7).toEqual([expect.objectContaining({ file: 'src-sim/c.test.ts', title: 'F7: the simulator serves envelopes' })]);
  });

  it('labels what each test ran against: the Electron fake, the simulator over HTTP, jsdom, Chromium', () => {
    const j = json(traps());
    expect(j.coverage.F1?.[0]?.env).toEqual(['Electron fake']);
    expect(j.coverage.F20?.[0]?.env).toEqual(['simulator over HTTP']);
    expect(j.coverage.S7?.[0]?.env).toEqual(['real renderer in Chromium', 'browser host', 'simulator over HTTP']);
  });
});

describe('fault gate: --check', () => {
  /** Every id named by one passing test, in vitest and Playwright. */
  function complete(): string {
    return project({
      files: { 'src-main/all.test.ts': '', 'test/e2e/all.spec.ts': '' },
      vitest: { 'src-main/all.test.ts': ALL_IDS.filter((id) => id !== 'S7').map((id) => ({ title: `${id}: handled`, status: 'passed' as const })) },
      playwright: { 'all.spec.ts': [{ title: 'S7: the CSP holds', outcome: 'expected', last: 'passed' }] },
    });
  }

  it('fails on the trap fixture and names the uncovered ids', () => {
    const r = gate(traps(), '--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no passing console test names S1, S2, .*F36/);
  });

  it('passes when every id has a passing test and the doc table is the generated one; --write writes it', () => {
    const root = complete();
    const before = gate(root, '--check');
    expect(before.status).toBe(1);
    expect(before.stderr).toMatch(/RELIABILITY\.md is not what this run's reports give/);
    expect(gate(root, '--write').status).toBe(0);
    const doc = readFileSync(join(root, 'docs/RELIABILITY.md'), 'utf8');
    expect(doc).toContain('| S7 | Content-Security-Policy | `test/e2e/all.spec.ts` › S7: the CSP holds | real renderer in Chromium, browser host, simulator over HTTP |');
    expect(doc).toMatch(/66 of 66 ids are named by at least one passing console test\.\n/);
    expect(doc.endsWith('<!-- coverage:end -->\n\nAfter.\n')).toBe(true);
    const after = gate(root, '--check');
    expect(after.stderr).toBe('');
    expect(after.status).toBe(0);
  });

  it('fails when the only test naming an id was skipped in this run', () => {
    const root = complete();
    gate(root, '--write');
    const path = join(root, 'test-reports/playwright.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"status":"expected"', '"status":"skipped"'));
    const r = gate(root, '--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no passing console test names S7');
  });

  it('fails when a report is missing or does not cover every test file on disk', () => {
    const root = complete();
    gate(root, '--write');
    write(root, 'src-renderer/new.test.tsx', '');
    const partial = gate(root, '--check');
    expect(partial.status).toBe(1);
    expect(partial.stderr).toMatch(/Vitest report test-reports\/vitest\.json is partial: .*src-renderer\/new\.test\.tsx/);
    expect(gate(root, '--clean').status).toBe(0);
    const missing = gate(root, '--check');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Vitest report test-reports\/vitest\.json is missing/);
    expect(missing.stderr).toMatch(/Playwright report test-reports\/playwright\.json is missing/);
  });
});
