// StrykerJS, one chunk per run (test/mutation/chunks.mjs). Run through `npm run mutate [chunk]`
// (scripts/mutate.mjs), which sets MUTATE_CHUNK; see docs/MUTATION.md.
import process from 'node:process';
import { chunkNamed } from './test/mutation/chunks.mjs';

const chunk = chunkNamed(process.env.MUTATE_CHUNK ?? 'decisions');

export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: chunk.tsconfig,
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  mutate: chunk.mutate,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  jsonReporter: { fileName: `reports/mutation/${chunk.name}.json` },
  incremental: true,
  incrementalFile: `test/mutation/${chunk.name}.incremental.json`,
  thresholds: { high: chunk.target, low: chunk.target, break: null },
  timeoutMS: 10000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
