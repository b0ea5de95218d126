/**
 * The layer zones of eslint.config.js (STYLE.md §1): every layer, fed one deliberate bad import
 * of each kind it must refuse, reports it; the imports it needs pass. Runs the project's own ESLint
 * config over in-memory sources at paths inside each layer.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../', import.meta.url).pathname });

async function importFindings(filePath: string, spec: string, dynamic = false): Promise<string[]> {
  const code = dynamic ? `export const load = () => import('${spec}');\n` : `import * as m from '${spec}';\nexport const used = m;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'fruxon/layers' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// [file in the layer, import it must refuse]
const BAD: Array<[string, string]> = [
  ['src-main/core/x.ts', '../../src-sim/index'],
  ['src-main/core/x.ts', '../browser-host/server'],
  ['src-main/core/x.ts', '../adapters/tray'],
  ['src-main/core/x.ts', '../index'],
  ['src-main/core/x.ts', '../../src-preload/http-bridge'],
  ['src-main/core/x.ts', '../../test/support/core-kit'],
  ['src-main/core/x.ts', 'electron'],
  ['src-main/core/x.ts', 'electron-store'],
  ['src-main/core/x.ts', 'electron-log/main'],
  ['src-main/core/api/x.ts', '../../../src-sim'],
  ['src-main/core/x.test.ts', '../adapters/tray'],
  ['src-main/core/x.test.ts', 'electron'],
  ['src-shared/x.ts', '../src-main/core/redact'],
  ['src-shared/x.ts', '../src-renderer/lib/text'],
  ['src-shared/x.ts', 'node:fs'],
  ['src-shared/x.ts', 'react'],
  ['src-shared/x.ts', 'electron'],
  ['src-preload/x.ts', '../src-main/core/redact'],
  ['src-preload/x.ts', '../src-renderer/lib/text'],
  ['src-preload/x.ts', '../src-sim/index'],
  ['src-preload/x.ts', 'node:fs'],
  ['src-preload/x.ts', 'electron'],
  ['src-preload/index.ts', '../src-main/core/ports'],
  ['src-preload/index.ts', 'node:path'],
  ['src-preload/index.ts', 'electron-store'],
  ['src-renderer/lib/x.ts', '../../src-main/core/security/redact'],
  ['src-renderer/lib/x.ts', '../../src-preload/http-bridge'],
  ['src-renderer/lib/x.ts', '../../src-sim/index'],
  ['src-renderer/lib/x.ts', '../../test/fakes/builders'],
  ['src-renderer/lib/x.ts', 'node:path'],
  ['src-renderer/lib/x.ts', 'path'],
  ['src-renderer/lib/x.ts', 'electron'],
  ['src-renderer/features/x/Y.tsx', '../../../src-main/core/ports'],
  ['src-sim/x.ts', '../src-shared/domain'],
  ['src-sim/x.ts', '../src-main/core/ports'],
  ['src-sim/x.ts', 'electron'],
  ['src-main/adapters/x.ts', '../browser-host/server'],
  ['src-main/adapters/x.ts', '../../src-sim'],
  ['src-main/adapters/x.ts', '../../src-renderer/lib/text'],
  ['src-main/browser-host/x.ts', '../adapters/tray'],
  ['src-main/browser-host/x.ts', '../index'],
  ['src-main/browser-host/x.ts', 'electron'],
  ['src-main/index.ts', '../src-preload/index'],
  ['src-main/index.ts', '../src-renderer/main'],
  ['src-main/index.ts', './browser-host/server'],
];

const GOOD: Array<[string, string]> = [
  ['src-main/core/x.ts', '../../src-shared/domain'],
  ['src-main/core/x.ts', './ports'],
  ['src-main/core/api/x.ts', '../ports'],
  ['src-main/core/x.test.ts', '../../test/support/core-kit'],
  ['src-main/core/x.test.ts', '../../src-sim/index'],
  ['src-shared/x.ts', './domain'],
  ['src-shared/x.ts', 'zod'],
  ['src-preload/x.ts', '../src-shared/contract'],
  ['src-preload/index.ts', 'electron'],
  ['src-renderer/lib/x.ts', '../../src-shared/domain'],
  ['src-renderer/lib/x.ts', '../state/queue'],
  ['src-renderer/lib/x.test.ts', '../../test/fakes/builders'],
  ['src-sim/x.ts', './store'],
  ['src-sim/x.ts', 'node:http'],
  ['src-main/adapters/x.ts', '../core/ports'],
  ['src-main/adapters/x.ts', 'electron'],
  ['src-main/browser-host/x.ts', '../core/console-core'],
  ['src-main/browser-host/x.ts', '../../src-sim/index'],
  ['src-main/index.ts', './adapters/tray'],
  ['test/unit/x.test.ts', '../../src-main/core/console-core'],
];

describe('lint: layer zones (STYLE.md §1)', () => {
  it.each(BAD)('%s may not import %s', async (file, spec) => {
    expect(await importFindings(file, spec)).toHaveLength(1);
  });

  it.each(GOOD)('%s may import %s', async (file, spec) => {
    expect(await importFindings(file, spec)).toEqual([]);
  });

  it('dynamic import() is held to the same table', async () => {
    expect(await importFindings('src-main/index.ts', '../src-renderer/main', true)).toHaveLength(1);
    expect(await importFindings('src-main/core/x.ts', '../../src-sim', true)).toHaveLength(1);
    expect(await importFindings('src-main/index.ts', '../src-sim', true)).toEqual([]);
  });

  it('says which layer may import what', async () => {
    expect(await importFindings('src-main/core/x.ts', '../../src-sim/index')).toEqual(['core may import src-shared (STYLE.md §1), not src-sim (src-sim/index.ts).']);
  });
});
