/**
 * Issue 10 names the code mutation testing covers: src-shared, src-main (core, adapters, browser
 * host, index.ts), src-preload and the renderer's state/, keyboard/ and lib/. Every production file
 * there must be mutated by exactly one chunk of test/mutation/chunks.mjs, or a file added later
 * would silently never be mutation-tested (or be counted twice).
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types, read by scripts/mutate.mjs and stryker.config.mjs
import { CHUNKS } from '../mutation/chunks.mjs';

const ROOT = join(__dirname, '..', '..');

/** The glob forms chunks.mjs uses: `*`, `**\/`, `{a,b}`. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function mutatedBy(chunk: { mutate: string[] }, file: string): boolean {
  const include = chunk.mutate.filter((g) => !g.startsWith('!'));
  const exclude = chunk.mutate.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  return include.some((g) => globToRegExp(g).test(file)) && !exclude.some((g) => globToRegExp(g).test(file));
}

function sources(dir: string, recursive: boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return recursive ? sources(path, true) : [];
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const IN_SCOPE = [
  ...sources('src-shared', false),
  ...sources('src-main', true),
  ...sources('src-preload', false),
  ...sources('src-renderer/state', false),
  ...sources('src-renderer/keyboard', false),
  ...sources('src-renderer/lib', false),
].map((f) => relative(ROOT, join(ROOT, f)).split('\\').join('/'));

describe('mutation chunks', () => {
  it('the glob reader agrees with the forms chunks.mjs uses', () => {
    expect(globToRegExp('src-main/core/{app,bridge}/*.ts').test('src-main/core/bridge/x.ts')).toBe(true);
    expect(globToRegExp('src-main/core/{app,bridge}/*.ts').test('src-main/core/bridge/sub/x.ts')).toBe(false);
    expect(globToRegExp('**/*.test.ts').test('src-main/a/b.test.ts')).toBe(true);
    expect(globToRegExp('src-renderer/lib/*.{ts,tsx}').test('src-renderer/lib/a.tsx')).toBe(true);
  });

  it('every production file in the issue\'s scope is mutated by exactly one chunk', () => {
    expect(IN_SCOPE.length).toBeGreaterThan(100);
    const wrong = IN_SCOPE.map((file) => ({ file, chunks: (CHUNKS as Array<{ name: string; mutate: string[] }>).filter((c) => mutatedBy(c, file)).map((c) => c.name) })).filter((x) => x.chunks.length !== 1);
    expect(wrong).toEqual([]);
  });
});
