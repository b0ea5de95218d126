import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Two projects split by environment: node (shared, main, sim, preload) and jsdom (renderer).
// Every run also writes a JSON report: the fault gate (scripts/fault-coverage.mjs) counts only
// the FAULTS.md ids that tests which ran and passed name in their titles.
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-reports/vitest.json' },
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-sim/**/*.test.ts', 'src-preload/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/chaos/**/*.test.ts'],
          server: { deps: { inline: ['electron-store'] } },
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['src-renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup/renderer.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
