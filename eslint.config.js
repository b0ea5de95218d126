// Layer boundaries are enforced here (STYLE.md §1), in two parts:
// - our own folders: the rule `fruxon/layers` over the one table in scripts/layers.mjs (core never
//   imports src-sim, the browser host or adapters; preload and renderer import only src-shared;
//   src-shared and src-sim import nothing of ours; and so on);
// - packages: no-restricted-imports per layer below (only adapters, main's index and preload touch
//   Electron; renderer and preload never import Node built-ins).
// test/unit/lint-layers.test.ts feeds a deliberate bad import to every zone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersRule } from './scripts/layers.mjs';

const ELECTRON_ONLY = 'Only src-main/adapters, src-main/index.ts and src-preload/index.ts may import Electron packages.';
const electronPaths = ['electron', 'electron-store', 'electron-updater', 'electron-log'].map((name) => ({ name, message: ELECTRON_ONLY }));
const electronPatterns = [{ group: ['electron/*', 'electron-log/*', 'electron-store/*', 'electron-updater/*'], message: ELECTRON_ONLY }];
const NO_NODE = { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'util'], message: 'Code that runs in a web page never imports Node built-ins.' };

// No skipped, focused, pending or expected-to-fail tests anywhere (Vitest and Playwright alike):
// it.skip, test.only, describe.todo, test.fixme, test.describe.skip, it.skip.each, it.skipIf(…),
// test.fail, xit, fdescribe… Listed once here and included in every block that sets
// no-restricted-syntax, because a later block's value for a rule replaces an earlier one.
const TEST_RUNNERS = '/^(it|test|describe|suite|bench)$/';
const SKIP_OR_FOCUS = '/^(only|skip|todo|fixme|fail|fails|skipIf|runIf)$/';
const noSkippedTests = [
  {
    // it.skip(…), test.describe.only(…), it.skip.each(…)(…), test.fixme(…): any member chain that starts at a runner.
    selector: `MemberExpression[property.name=${SKIP_OR_FOCUS}]:matches([object.name=${TEST_RUNNERS}], [object.object.name=${TEST_RUNNERS}], [object.object.object.name=${TEST_RUNNERS}])`,
    message: 'No skipped, focused, todo, fixme or expected-to-fail tests: every test runs and can fail.',
  },
  {
    selector: 'CallExpression[callee.name=/^(xit|xtest|xdescribe|fit|ftest|fdescribe)$/]',
    message: 'No skipped or focused tests (xit/fit and friends).',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.tmp/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test-reports/**', 'build/**', 'reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', ...noSkippedTests],
    },
  },
  {
    files: ['src-*/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
    plugins: { fruxon: { rules: { layers: layersRule } } },
    rules: { 'fruxon/layers': 'error' },
  },
  {
    // Plain Node scripts (npm start, packaging and coverage checks).
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronPaths,
          patterns: [...electronPatterns, { group: ['node:*', 'react', 'react-dom', 'zustand', 'ky', 'tldts', '@streamparser/*'], message: 'src-shared imports nothing outside itself (zod excepted).' }],
        },
      ],
    },
  },
  { files: ['src-main/core/**', 'src-main/browser-host/**', 'src-sim/**'], rules: { 'no-restricted-imports': ['error', { paths: electronPaths, patterns: electronPatterns }] } },
  {
    // The Electron preload (sandboxed: only `electron`) and the HTTP bridge (a web page).
    files: ['src-preload/**'],
    ignores: ['src-preload/index.ts', 'src-preload/ipc-transport.ts', 'src-preload/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: electronPaths, patterns: [...electronPatterns, NO_NODE] }] },
  },
  {
    files: ['src-preload/index.ts', 'src-preload/ipc-transport.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_NODE, { group: ['electron-*', 'electron/*'], message: 'The sandboxed preload can load only `electron`.' }] }] },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronPaths.map((p) => ({ ...p, message: 'The renderer talks to main only through AppApi.' })),
          patterns: [...electronPatterns, NO_NODE],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...noSkippedTests,
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'User text is always rendered as text.' },
      ],
    },
  },
);
