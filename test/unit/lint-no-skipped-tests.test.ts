/**
 * The lint rule against skipped, focused, todo and fixme tests (eslint.config.js) applies to every
 * kind of test file: main and shared (Vitest, node), renderer (Vitest, jsdom, .tsx) and the
 * Playwright specs. Runs the project's own ESLint config over in-memory sources at those paths.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../', import.meta.url).pathname });

async function skipFindings(filePath: string, code: string): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax' && /skipped|focused/.test(m.message)).map((m) => m.line);
}

const VITEST_BAD = [
  "describe.skip('a', () => {});",
  "it.only('b', () => {});",
  "it.todo('c');",
  "it.skip.each([1])('d %s', () => {});",
  "it.skipIf(true)('e', () => {});",
  "test.fails('f', () => {});",
  "describe('g', () => { it.concurrent.only('h', () => {}); });",
  "xit('i', () => {});",
  "fdescribe('j', () => {});",
];
const PLAYWRIGHT_BAD = [
  "test.skip('a', async () => {});",
  "test.only('b', async () => {});",
  "test.fixme('c', async () => {});",
  "test.describe.skip('d', () => {});",
  "test.describe.only('e', () => {});",
  "test.describe.fixme('f', () => {});",
  "test.fail('g', async () => {});",
  "test('h', async () => { test.skip(true, 'why'); });",
  "test('i', async () => { await test.step.skip('j', async () => {}); });",
];
const GOOD = "describe('fine', () => { it('runs', () => {}); it.each([1])('runs %s', () => {}); });\ntest('fine too', () => {});\ntest.describe('ok', () => { test('x', () => {}); });";

describe('lint: no skipped or focused tests, in every test file', () => {
  it.each(['src-main/core/x.test.ts', 'src-shared/x.test.ts', 'src-sim/x.test.ts', 'test/unit/x.test.ts', 'src-renderer/features/x.test.tsx', 'src-renderer/lib/x.test.ts'])(
    'Vitest file %s: every skip/only/todo/fail form is an error',
    async (path) => {
      const code = `import { describe, it, test } from 'vitest';\n${VITEST_BAD.join('\n')}\n`;
      expect(await skipFindings(path, code)).toEqual(VITEST_BAD.map((_, i) => i + 2));
    },
  );

  it('Playwright spec test/e2e/*.spec.ts: skip, only, fixme and fail, at top level, in describe and inside a test, are errors', async () => {
    const code = `import { test } from '@playwright/test';\n${PLAYWRIGHT_BAD.join('\n')}\n`;
    expect(await skipFindings('test/e2e/x.spec.ts', code)).toEqual(PLAYWRIGHT_BAD.map((_, i) => i + 2));
  });

  it.each(['src-renderer/x.test.tsx', 'test/e2e/x.spec.ts', 'src-main/x.test.ts'])('ordinary tests in %s are not flagged', async (path) => {
    expect(await skipFindings(path, `import { describe, it, test } from 'vitest';\n${GOOD}\n`)).toEqual([]);
  });
});
