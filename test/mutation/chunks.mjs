// Mutation-testing chunks (docs/MUTATION.md): one Stryker run per chunk, each with its own
// incremental file in this folder and its own JSON report in reports/mutation/.
// Order is by stakes: the ≥90% modules first, then the rest (≥75%).
// `tsconfig` is the checker's program: node code and renderer code need different libs.
const NODE = 'test/mutation/tsconfig.node.json';
const WEB = 'test/mutation/tsconfig.web.json';
const notTests = (globs) => [...globs, '!**/*.test.ts', '!**/*.test.tsx'];

export const CHUNKS = [
  // High stakes: ≥ 90% killed.
  { name: 'decisions', target: 90, tsconfig: NODE, mutate: notTests(['src-main/core/decisions/*.ts']) },
  { name: 'request-store', target: 90, tsconfig: NODE, mutate: ['src-main/core/requests/request-store.ts'] },
  { name: 'poller', target: 90, tsconfig: NODE, mutate: notTests(['src-main/core/polling/poller.ts', 'src-main/core/polling/list-sync.ts']) },
  { name: 'api-client', target: 90, tsconfig: NODE, mutate: ['src-main/core/api/client.ts', 'src-main/core/api/http.ts', 'src-main/core/api/errors.ts'] },
  { name: 'api-validate', target: 90, tsconfig: NODE, mutate: ['src-main/core/api/validate.ts'] },
  {
    name: 'guards',
    target: 90,
    tsconfig: NODE,
    mutate: ['src-main/core/security/protocol-path.ts', 'src-main/core/security/ipc-sender.ts', 'src-main/core/security/external-url.ts', 'src-main/core/security/deep-link.ts'],
  },
  // Issue 10 names the browser host's guards as high-stakes (≥ 90 %); its other files are "everywhere else" (≥ 75 %).
  { name: 'browser-host', target: 75, targets: { 'src-main/browser-host/guards.ts': 90 }, tsconfig: NODE, mutate: notTests(['src-main/browser-host/*.ts']) },
  { name: 'index', target: 90, tsconfig: NODE, mutate: ['src-main/index.ts'] },
  // Everything else: ≥ 75% killed.
  { name: 'api-rest', target: 75, tsconfig: NODE, mutate: ['src-main/core/api/base-url.ts', 'src-main/core/api/device-auth.ts', 'src-main/core/api/list-stream.ts'] },
  // The rest of core, in three chunks of about an hour each on the 2-core machine (a chunk's
  // results are written when it finishes, so smaller chunks keep partial progress).
  { name: 'core-accounts', target: 75, tsconfig: NODE, mutate: notTests(['src-main/core/accounts/*.ts']) },
  { name: 'core-app', target: 75, tsconfig: NODE, mutate: notTests(['src-main/core/{app,bridge,notifications,storage}/*.ts']) },
  {
    name: 'core-rest',
    target: 75,
    tsconfig: NODE,
    mutate: notTests([
      'src-main/core/*.ts',
      'src-main/core/{polling,requests,security}/*.ts',
      '!src-main/core/requests/request-store.ts',
      '!src-main/core/polling/{poller,list-sync}.ts',
      '!src-main/core/security/{protocol-path,ipc-sender,external-url,deep-link}.ts',
    ]),
  },
  { name: 'adapters', target: 75, tsconfig: NODE, mutate: notTests(['src-main/adapters/*.ts']) },
  { name: 'shared', target: 75, tsconfig: NODE, mutate: notTests(['src-shared/*.ts']) },
  { name: 'preload', target: 75, tsconfig: NODE, mutate: notTests(['src-preload/*.ts']) },
  { name: 'renderer-state', target: 75, tsconfig: WEB, mutate: notTests(['src-renderer/state/*.ts']) },
  { name: 'renderer-keyboard', target: 75, tsconfig: WEB, mutate: notTests(['src-renderer/keyboard/*.{ts,tsx}']) },
  { name: 'renderer-lib', target: 75, tsconfig: WEB, mutate: notTests(['src-renderer/lib/*.{ts,tsx}']) },
  // The queue's virtual window and which row element each request gets (a wrong key is a row
  // showing, or focus landing on, another request).
  { name: 'renderer-queue', target: 75, tsconfig: WEB, mutate: ['src-renderer/features/queue/useRowWindow.ts'] },
];

export function chunkNamed(name) {
  const chunk = CHUNKS.find((c) => c.name === name);
  if (!chunk) throw new Error(`unknown mutation chunk "${name}"; chunks: ${CHUNKS.map((c) => c.name).join(', ')}`);
  return chunk;
}
