/**
 * No folder cycles in the renderer (STYLE.md §1, issue 11): lib → state → actions → ui, keyboard →
 * features → app, each folder importing only folders below it. Reads the real import graph of the
 * renderer's production files (scripts/layers.mjs) and fails naming one file pair per edge of a cycle.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without type declarations
import { folderCycles, rendererFolderGraph } from '../../scripts/layers.mjs';

type Graph = Map<string, Map<string, string>>;
const cyclesOf = folderCycles as (graph: Graph) => string[][];
const graphOf = rendererFolderGraph as (root?: string) => Graph;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fakeRenderer(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'fx-graph-'));
  dirs.push(root);
  for (const [rel, source] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), source);
  }
  return root;
}

describe('renderer folder cycles', () => {
  it('the renderer has none', () => {
    const graph = graphOf();
    const cycles = cyclesOf(graph);
    const explain = cycles.map((c) => c.map((from) => [...(graph.get(from) ?? new Map<string, string>()).entries()].filter(([to]) => c.includes(to)).map(([, why]) => why).join('; ')).join('; '));
    expect(explain).toEqual([]);
  });

  it('finds a cycle through a store import, a type import and a re-export', () => {
    const root = fakeRenderer({
      'src-renderer/lib/sync.ts': "import { useQueue } from '../state/queue';\n",
      'src-renderer/state/queue.ts': "import type { X } from '../lib/types';\nexport const useQueue = 1;\n",
      'src-renderer/lib/types.ts': 'export type X = 1;\n',
      'src-renderer/app/App.tsx': "export { Grid } from '../features/queue/Grid';\n",
      'src-renderer/features/queue/Grid.tsx': "import { useActions } from '../../app/context';\n",
      'src-renderer/app/context.ts': 'export const useActions = 1;\n',
      'src-renderer/features/queue/Grid.test.tsx': "import '../../app/App';\n",
    });
    expect(cyclesOf(graphOf(root))).toEqual([['app', 'features/queue'], ['lib', 'state']]);
  });

  it('a chain without a way back is no cycle', () => {
    const root = fakeRenderer({
      'src-renderer/app/App.tsx': "import { a } from '../features/queue/Grid';\n",
      'src-renderer/features/queue/Grid.tsx': "import { b } from '../../state/queue';\nexport const a = b;\n",
      'src-renderer/state/queue.ts': "import { c } from '../lib/text';\nexport const b = c;\n",
      'src-renderer/lib/text.ts': 'export const c = 1;\n',
    });
    expect(cyclesOf(graphOf(root))).toEqual([]);
  });
});
