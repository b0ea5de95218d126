/**
 * `npm run chaos`: the big chaos run over decisions, by default seeds 1, 2 and 3 × 2,000 decisions
 * at a fault rate of 0.2 (`--seeds 4,5`, `--decisions N`, `--fault-rate R` change it; `--no-write`
 * leaves the doc alone). Prints a table, rewrites the figures in docs/RELIABILITY.md between
 * `<!-- chaos:start -->` and `<!-- chaos:end -->` (unless `--no-write`), and exits 1 when any
 * decision was misreported, lost, sent twice or regressed in the console.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChaos, sumReports, type ChaosReport, type ResultKind } from './chaos';

const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'RELIABILITY.md');
const START = '<!-- chaos:start -->';
const END = '<!-- chaos:end -->';
const KINDS: ResultKind[] = ['applied', 'already-decided', 'not-applied', 'unknown', 'refused'];

/** What `npm run chaos` runs without arguments. */
const DEFAULTS = { seeds: [1, 2, 3], decisions: 2000, faultRate: 0.2 } as const;

interface Args {
  seeds: number[];
  decisions: number;
  faultRate: number;
  write: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seeds: [], decisions: DEFAULTS.decisions, faultRate: DEFAULTS.faultRate, write: true };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i += 1;
      return value;
    };
    if (flag === '--seed' || flag === '--seeds') args.seeds.push(...need().split(',').map(Number));
    else if (flag === '--decisions') args.decisions = Number(need());
    else if (flag === '--fault-rate') args.faultRate = Number(need());
    else if (flag === '--no-write') args.write = false;
    else throw new Error(`Unknown argument ${flag}. Use --seed N (repeatable or 1,2,3), --decisions N, --fault-rate 0..1, --no-write.`);
  }
  if (args.seeds.length === 0) args.seeds = [...DEFAULTS.seeds];
  if (args.seeds.some((s) => !Number.isSafeInteger(s))) throw new Error('Seeds must be integers.');
  if (!Number.isInteger(args.decisions) || args.decisions < 1) throw new Error('--decisions must be a positive integer.');
  if (!(args.faultRate >= 0 && args.faultRate <= 1)) throw new Error('--fault-rate must be between 0 and 1.');
  return args;
}

function table(header: string[], rows: Array<Array<string | number>>): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

function summaryTable(reports: ChaosReport[]): string {
  const header = [
    'Seed',
    'Decisions',
    'Applied',
    '(reconciled)',
    'Already decided',
    '(other decided first)',
    'Not applied',
    'Unknown / bound',
    '(server had applied)',
    'Refused',
    'Misreported',
    'Lost',
    'Duplicate POSTs',
    'Console regressions',
    'Double clicks refused',
    'Time (s)',
  ];
  const row = (label: string, r: ReturnType<typeof sumReports>) => [
    label,
    r.total,
    r.outcomes.applied,
    r.reconciled,
    r.outcomes['already-decided'],
    r.otherDecidedFirst,
    r.outcomes['not-applied'],
    `${r.outcomes.unknown} / ${r.unknownAllowed}`,
    r.unknownButApplied,
    r.refused,
    `**${r.misreported}**`,
    `**${r.lost}**`,
    `**${r.duplicatePosts}**`,
    `**${r.consoleRegressions}**`,
    `${r.doubleClickRefused}/${r.doubleClicks}`,
    (r.durationMs / 1000).toFixed(1),
  ];
  const rows = reports.map((r) => row(String(r.seed), sumReports([r])));
  if (reports.length > 1) rows.push(row('all', sumReports(reports)));
  return table(header, rows);
}

function byFaultTable(reports: ChaosReport[]): string {
  const merged: Record<string, Record<ResultKind, number>> = {};
  for (const r of reports) {
    for (const [fault, kinds] of Object.entries(r.byPostFault)) {
      const m = (merged[fault] ??= { applied: 0, 'already-decided': 0, 'not-applied': 0, unknown: 0, refused: 0 });
      for (const k of KINDS) m[k] += kinds[k];
    }
  }
  const rows = Object.entries(merged)
    .sort(([a], [b]) => (a === 'none' ? -1 : b === 'none' ? 1 : a.localeCompare(b)))
    .map(([fault, kinds]) => [fault === 'none' ? 'none' : fault === 'race-during' ? 'latency 80 ms + second operator decides meanwhile' : fault, ...KINDS.map((k) => kinds[k])]);
  return table(['Fault on the decision POST', ...KINDS], rows);
}

function faultCounts(reports: ChaosReport[]): string {
  const merged: Record<string, number> = {};
  for (const r of reports) for (const [k, n] of Object.entries(r.faults)) merged[k] = (merged[k] ?? 0) + n;
  return Object.entries(merged)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

function figures(args: Args, reports: ChaosReport[], command: string): string {
  const all = sumReports(reports);
  const violations = reports.flatMap((r) => r.violations);
  const verdict =
    all.misreported + all.lost + all.duplicatePosts + all.consoleRegressions === 0
      ? 'No decision was misreported, lost, sent twice or shown wrongly afterwards.'
      : `**${all.misreported} misreported, ${all.lost} lost, ${all.duplicatePosts} duplicate POSTs, ${all.consoleRegressions} console regressions** — see the violations below.`;
  return [
    `Last run: \`${command}\` on ${new Date().toISOString().slice(0, 10)}; machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}/${process.arch}.`,
    `Seeds ${args.seeds.join(', ')} × ${args.decisions} decisions, fault rate ${args.faultRate}, second operator every 50-200 ms, client timeout 400 ms; auth/health down at start-up for seed(s) ${reports.filter((r) => r.identityDownAtStart).map((r) => r.seed).join(', ') || 'none'}.`,
    '',
    `Result: ${verdict}`,
    '',
    summaryTable(reports),
    '',
    byFaultTable(reports),
    '',
    `Faults injected (route:kind count): ${faultCounts(reports)}.`,
    '',
    `Also: ${all.forcedRaces} forced races with the second operator; ${all.otherDecidedFirst} decisions on requests the other operator had decided before the call started (each outcome had to name them); ${all.retries} retries of not-applied decisions; ${all.readOnlyDecisions} decisions on the read-only agent; ${all.whileIdentityUnknown} decisions while the console did not know who it is; ${all.decidedUnnamed} "already decided, could not read by whom"; ${all.listWaits} waits for the server's Retry-After on the list before the console listed a request to decide (F24). ${all.unknownRechecked} of ${all.outcomes.unknown} unknown outcomes were re-checked with requests:get and matched the server; the bound (decisions where the plan made "unknown" honest) was ${all.unknownAllowed}.`,
    ...(violations.length > 0 ? ['', 'Violations (first 20):', '', ...violations.slice(0, 20).map((v) => `- ${v}`)] : []),
  ].join('\n');
}

function rewriteDoc(body: string): void {
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC} has no ${START} … ${END} section`);
  writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n${body}\n${doc.slice(end)}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const isDefault = args.seeds.join(',') === DEFAULTS.seeds.join(',') && args.decisions === DEFAULTS.decisions && args.faultRate === DEFAULTS.faultRate;
  const command = isDefault ? 'npm run chaos' : `npm run chaos -- --seeds ${args.seeds.join(',')} --decisions ${args.decisions} --fault-rate ${args.faultRate}`;
  const reports: ChaosReport[] = [];
  for (const seed of args.seeds) {
    let shown = 0;
    const report = await runChaos({
      seed,
      decisions: args.decisions,
      faultRate: args.faultRate,
      onProgress: (done, total) => {
        const pct = Math.floor((done / total) * 10);
        if (pct > shown) {
          shown = pct;
          process.stderr.write(`seed ${seed}: ${done}/${total}\r`);
        }
      },
    });
    process.stderr.write('\n');
    reports.push(report);
  }
  const body = figures(args, reports, command);
  process.stdout.write(`${body}\n`);
  if (args.write) {
    rewriteDoc(body);
    process.stdout.write(`\nUpdated ${DOC}\n`);
  }
  const all = sumReports(reports);
  if (all.misreported + all.lost + all.duplicatePosts + all.consoleRegressions > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
