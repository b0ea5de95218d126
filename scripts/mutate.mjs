// `npm run mutate [chunk…]`: StrykerJS over one chunk per run (test/mutation/chunks.mjs), in
// order of stakes, each under the shared heavy lock when `flock` exists so other heavy jobs on the
// machine interleave between chunks. Incremental: a re-run tests only mutants whose code or tests
// changed. Reports: reports/mutation/<chunk>.json. See docs/MUTATION.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CHUNKS, chunkNamed } from '../test/mutation/chunks.mjs';

const LOCK = process.env.FRUXON_HEAVY_LOCK ?? '/tmp/fruxon-heavy.lock';
const args = process.argv.slice(2);
if (args.includes('--list')) {
  for (const c of CHUNKS) {
    const others = Object.entries(c.targets ?? {}).map(([file, t]) => ` (${file} ≥${t}%)`).join('');
    console.log(`${c.name.padEnd(18)} ≥${c.target}%${others}  ${c.mutate.join(' ')}`);
  }
  process.exit(0);
}
if (args.includes('--summary')) {
  // Markdown table per file from the committed incremental files, which hold every mutant's
  // status as of the chunk's last run (docs/MUTATION.md's score table).
  // Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it;
  // compile errors (mutants the TypeScript checker rejected) are not part of it.
  console.log('| chunk | file | killed | timeout | survived | no cov | compile err | score | target |');
  console.log('|---|---|--:|--:|--:|--:|--:|--:|---|');
  for (const c of CHUNKS) {
    const file = `test/mutation/${c.name}.incremental.json`;
    if (!existsSync(file)) {
      console.log(`| ${c.name} | (not run) | | | | | | | ≥${c.target}% |`);
      continue;
    }
    for (const [path, { mutants }] of Object.entries(JSON.parse(readFileSync(file, 'utf8')).files)) {
      const n = (status) => mutants.filter((m) => m.status === status).length;
      const [k, t, s, nc, ce] = [n('Killed'), n('Timeout'), n('Survived'), n('NoCoverage'), n('CompileError')];
      const valid = k + t + s + nc;
      const score = valid === 0 ? 100 : (100 * (k + t)) / valid;
      const target = c.targets?.[path] ?? c.target;
      console.log(`| ${c.name} | ${path} | ${k} | ${t} | ${s} | ${nc} | ${ce} | ${score.toFixed(1)}% | ≥${target}% ${score >= target ? 'met' : '**not met**'} |`);
    }
  }
  process.exit(0);
}
if (args.includes('--survivors')) {
  // docs/MUTATION.md's survivor rows (where, status, mutant, code; the reason column left to
  // fill in) for the named chunks, from their committed incremental files.
  const md = (text) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  const short = (text) => (text.length > 70 ? `${text.slice(0, 69)}…` : text);
  for (const name of args.filter((a) => !a.startsWith('--'))) {
    const chunk = chunkNamed(name);
    const { files } = JSON.parse(readFileSync(`test/mutation/${chunk.name}.incremental.json`, 'utf8'));
    for (const [path, { mutants, source }] of Object.entries(files)) {
      const lines = source.split('\n');
      const alive = mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
      alive.sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
      for (const m of alive) {
        const { line, column } = m.location.start;
        const file = path.split('/').pop();
        const status = m.status === 'Survived' ? 'survived' : 'no cov';
        console.log(`| \`${file}:${line}:${column}\` | ${status} | ${m.mutatorName} \`${md(short(m.replacement ?? ''))}\` | \`${md(short(lines[line - 1].trim()))}\` | |`);
      }
    }
  }
  process.exit(0);
}
if (args.includes('--recheck')) {
  // `--recheck <chunk> <source file> <test files…> [-- vitest args]`: applies each surviving
  // mutant of one source file (from the chunk's incremental file) to the source in place, runs
  // Vitest on the given test files, restores the source, and prints KILLED or ALIVE per mutant.
  // A quick check of tests written from survivors; not a score (Stryker runs every covering test
  // and the checker). It edits the worktree: run nothing else on it meanwhile.
  const [name, file, ...rest] = args.filter((a) => a !== '--recheck');
  const { files } = JSON.parse(readFileSync(`test/mutation/${chunkNamed(name).name}.incremental.json`, 'utf8'));
  const entry = files[file];
  const original = readFileSync(file, 'utf8');
  if (!entry || entry.source !== original) {
    console.error(`${file} is not in the ${name} run, or changed since: the mutants' positions no longer apply`);
    process.exit(2);
  }
  const hasTimeout = spawnSync('timeout', ['--version'], { stdio: 'ignore' }).status === 0;
  const lines = original.split('\n');
  const offset = ({ line, column }) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  try {
    for (const m of entry.mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      const [a, b] = [offset(m.location.start), offset(m.location.end)];
      // Stryker replaces the node in the syntax tree; pasted as text, an operator's replacement
      // needs brackets to keep that meaning inside a longer chain (`a && b && c`, node `a && b`).
      const bracket = ['LogicalOperator', 'EqualityOperator', 'ArithmeticOperator'].includes(m.mutatorName);
      writeFileSync(file, original.slice(0, a) + (bracket ? `(${m.replacement})` : m.replacement) + original.slice(b));
      // GNU timeout signals its whole process group, so a mutant that loops forever does not leave
      // Vitest's workers spinning after npx is gone (spawnSync's own timeout only stops npx).
      const vitest = ['npx', 'vitest', 'run', ...rest];
      const [cmd, ...cmdArgs] = hasTimeout ? ['timeout', '-k', '5', '120', ...vitest] : vitest;
      const run = spawnSync(cmd, cmdArgs, { encoding: 'utf8', timeout: 130_000 });
      const where = `${m.location.start.line}:${m.location.start.column}`;
      console.log(`${run.status === 0 ? 'ALIVE ' : 'KILLED'} ${where} ${m.mutatorName} ${JSON.stringify(m.replacement).slice(0, 60)}`);
    }
  } finally {
    writeFileSync(file, original);
  }
  process.exit(0);
}
const chunks = args.length > 0 ? args.map(chunkNamed) : CHUNKS;
const hasFlock = spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;

let failed = 0;
for (const chunk of chunks) {
  const stryker = ['npx', 'stryker', 'run', 'stryker.config.mjs'];
  const [cmd, ...rest] = hasFlock ? ['flock', LOCK, ...stryker] : stryker;
  const started = Date.now();
  console.log(`\n== mutate ${chunk.name} (target ≥${chunk.target}%)${hasFlock ? ` under ${LOCK}` : ''}`);
  const run = spawnSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, MUTATE_CHUNK: chunk.name } });
  console.log(`== ${chunk.name}: exit ${run.status}, ${Math.round((Date.now() - started) / 1000)} s wall (lock wait included)`);
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
