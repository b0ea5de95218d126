// Layer boundaries are enforced here (STYLE.md §1): shared and core never touch Electron,
// the renderer never reaches into main, preload or Node built-ins.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronImports = {
  paths: [
    { name: 'electron', message: 'Only src-main/adapters, src-main/index.ts and src-preload may import electron.' },
    { name: 'electron-store', message: 'Only src-main/adapters may import electron-store.' },
  ],
  patterns: [{ group: ['**/adapters/**', '**/src-main/index*'], message: 'core and shared never depend on adapters.' }],
};

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
          paths: electronImports.paths,
          patterns: [{ group: ['../*', 'node:*', 'react', 'zustand', 'ky'], message: 'src-shared imports nothing outside itself (zod excepted).' }],
        },
      ],
    },
  },
  { files: ['src-main/core/**', 'src-main/browser-host/**', 'src-sim/**'], rules: { 'no-restricted-imports': ['error', electronImports] } },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through AppApi.' }],
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process'], message: 'The renderer never imports Node built-ins.' },
            { group: ['**/src-main/**', '**/src-preload/**', '**/src-sim/**'], message: 'The renderer depends only on src-shared.' },
          ],
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
