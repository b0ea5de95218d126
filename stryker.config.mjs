// StrykerJS, one chunk per run (test/mutation/chunks.mjs). Run through `npm run mutate [chunk]`
// (scripts/mutate.mjs), which sets MUTATE_CHUNK; see docs/MUTATION.md.
import process from 'node:process';
import { chunkNamed } from './test/mutation/chunks.mjs';

const chunk = chunkNamed(process.env.MUTATE_CHUNK ?? 'decisions');
// On a shared, loaded machine: MUTATE_CONCURRENCY=1 (one worker) and a generous MUTATE_TIMEOUT_MS
// (e.g. 60000), so a slow niced run does not count a merely slow mutant as a Timeout (a kill).
const envInt = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
};

export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: chunk.tsconfig,
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  concurrency: envInt('MUTATE_CONCURRENCY', 2),
  mutate: chunk.mutate,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  jsonReporter: { fileName: `reports/mutation/${chunk.name}.json` },
  incremental: true,
  incrementalFile: `test/mutation/${chunk.name}.incremental.json`,
  thresholds: { high: chunk.target, low: chunk.target, break: null },
  timeoutMS: envInt('MUTATE_TIMEOUT_MS', 10000),
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
