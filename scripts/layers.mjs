// The folders are the architecture (STYLE.md §1): which layer may import which, in one table.
// Used by the ESLint rule `fruxon/layers` (eslint.config.js) and by the renderer's folder-cycle
// test (test/unit/import-graph.test.ts). Packages (electron, node:*, react…) are restricted per
// layer by no-restricted-imports in eslint.config.js; this table is about our own folders.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * First match wins. `may` lists the other layers a production file may import; test files
 * (`*.test.ts(x)`) may also import test/ (kits, fakes) and src-sim (the real server in tests).
 * `'*'` means anything.
 */
export const LAYERS = [
  { name: 'src-shared', match: 'src-shared/', may: [] },
  { name: 'core', match: 'src-main/core/', may: ['src-shared'] },
  { name: 'adapters', match: 'src-main/adapters/', may: ['core', 'src-shared'] },
  { name: 'browser-host', match: 'src-main/browser-host/', may: ['core', 'src-shared', 'src-sim'] },
  { name: 'main index', match: 'src-main/index.ts', may: ['adapters', 'core', 'src-shared', 'src-sim'] },
  { name: 'src-preload', match: 'src-preload/', may: ['src-shared'] },
  { name: 'src-renderer', match: 'src-renderer/', may: ['src-shared'] },
  { name: 'src-sim', match: 'src-sim/', may: [] },
  { name: 'test', match: 'test/', may: '*' },
  { name: 'scripts', match: 'scripts/', may: '*' },
];

const TEST_FILE = /\.test\.tsx?$/;

/** The layer of a repository-relative path (forward slashes), or null outside every layer. */
export function layerOf(relPath) {
  return LAYERS.find((l) => (l.match.endsWith('/') ? relPath.startsWith(l.match) : relPath === l.match)) ?? null;
}

/** Why `fromRel` may not import `toRel`, or null when it may. Both repository-relative. */
export function layerViolation(fromRel, toRel) {
  const from = layerOf(fromRel);
  const to = layerOf(toRel);
  if (!from || !to || from === to || from.may === '*') return null;
  if (from.may.includes(to.name)) return null;
  if (TEST_FILE.test(fromRel) && (to.name === 'test' || to.name === 'src-sim')) return null;
  const allowed = from.may.length === 0 ? 'nothing outside itself' : from.may.join(', ');
  return `${from.name} may import ${allowed} (STYLE.md §1), not ${to.name} (${toRel}).`;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts', '/index.tsx'];

/** The repository-relative file a relative import names (best effort; the folder is what counts). */
export function resolveRelative(fromAbs, spec, root = ROOT) {
  const base = path.resolve(path.dirname(fromAbs), spec);
  const hit = [base, ...EXTENSIONS.map((e) => base + e)].find((p) => existsSync(p) && statSync(p).isFile());
  return path.relative(root, hit ?? base).split(path.sep).join('/');
}

/** ESLint rule: imports (static, re-exports and `import()`) follow the LAYERS table. */
export const layersRule = {
  meta: { type: 'problem', docs: { description: 'Imports follow the layer direction of STYLE.md §1.' }, schema: [] },
  create(context) {
    const fromAbs = context.physicalFilename ?? context.filename;
    const fromRel = path.relative(ROOT, fromAbs).split(path.sep).join('/');
    if (fromRel.startsWith('..') || !layerOf(fromRel)) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const problem = layerViolation(fromRel, resolveRelative(fromAbs, source.value));
      if (problem) context.report({ node: source, message: problem });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
    };
  },
};

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative specifiers a source file imports (static, re-exports, `import()`; type-only included). */
export function relativeImportsOf(source) {
  const specs = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) specs.push(spec);
  }
  return specs;
}

/** The folder a renderer file belongs to for the cycle check: app, state, lib… and features/<area>. */
export function rendererFolderOf(relPath) {
  const parts = relPath.split('/');
  if (parts[0] !== 'src-renderer') return null;
  if (parts.length === 2) return '.';
  return parts[1] === 'features' && parts.length > 3 ? `features/${parts[2]}` : parts[1];
}

/**
 * The folder-level import graph of the renderer's production files (tests excluded): a map from
 * folder to the folders it imports, each edge with one file pair that makes it.
 */
export function rendererFolderGraph(root = ROOT) {
  const graph = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (/\.tsx?$/.test(name) && !TEST_FILE.test(name)) {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        const from = rendererFolderOf(rel);
        for (const spec of relativeImportsOf(readFileSync(abs, 'utf8'))) {
          const toRel = resolveRelative(abs, spec, root);
          const to = rendererFolderOf(toRel);
          if (!to || to === from) continue;
          if (!graph.has(from)) graph.set(from, new Map());
          if (!graph.get(from).has(to)) graph.get(from).set(to, `${rel} -> ${toRel}`);
        }
      }
    }
  };
  walk(path.join(root, 'src-renderer'));
  return graph;
}

/** Every cycle of folders (strongly connected components of two or more), each sorted. */
export function folderCycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  let next = 0;
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((m) => [...m.keys()])]);
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return cycles;
}
