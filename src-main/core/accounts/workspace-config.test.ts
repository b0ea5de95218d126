import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fail } from '../../../src-shared/domain';
import { createJsonFileStore } from '../storage/json-file-store';
import type { KeyValueStore, Logger } from '../ports';
import { createWorkspaceConfig, envWorkspace, parseMetas, type WorkspaceMeta } from './workspace-config';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fx-wsconfig-'));
  dirs.push(dir);
  return dir;
}

function recordingLog(): Logger & { lines: Array<[string, string, Record<string, unknown> | undefined]> } {
  const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
  return {
    lines,
    info: (msg, meta) => lines.push(['info', msg, meta]),
    warn: (msg, meta) => lines.push(['warn', msg, meta]),
    error: (msg, meta) => lines.push(['error', msg, meta]),
  };
}

const meta = (id: string, over: Partial<WorkspaceMeta> = {}): WorkspaceMeta => ({
  id,
  label: `Label ${id}`,
  baseUrl: 'https://api.fruxon.com',
  tenant: `tenant-${id}`,
  webUrl: null,
  ...over,
});

const good = { id: 'ws-1', label: 'Acme', baseUrl: 'https://api.fruxon.com/', tenant: 'acme', webUrl: 'https://app.fruxon.com' };

describe('parseMetas: the persisted list as read back', () => {
  it('a list never saved is empty, not unreadable', () => {
    expect(parseMetas(undefined)).toEqual([]);
  });

  it.each([
    ['null', null],
    ['a bare array', [good]],
    ['no workspaces field', { version: 1 }],
    ['workspaces not a list', { version: 1, workspaces: { 0: good } }],
  ])('%s is unreadable (null)', (_what, value) => {
    expect(parseMetas(value)).toBeNull();
  });

  it('keeps a good entry, base URL normalised', () => {
    expect(parseMetas({ version: 1, workspaces: [good] })).toEqual([{ id: 'ws-1', label: 'Acme', baseUrl: 'https://api.fruxon.com', tenant: 'acme', webUrl: 'https://app.fruxon.com' }]);
  });

  it.each([
    ['null', null],
    ['a string', 'ws-1'],
    ['a number', 7],
    ['no id', { ...good, id: undefined }],
    ['an empty id', { ...good, id: '' }],
    ['a numeric id', { ...good, id: 1 }],
    ['no tenant', { ...good, tenant: undefined }],
    ['an empty tenant', { ...good, tenant: '' }],
    ['a blank tenant', { ...good, tenant: '   ' }],
    ['no base URL', { ...good, baseUrl: undefined }],
    ['a non-string base URL', { ...good, baseUrl: 443 }],
    ['a plain-http remote base URL', { ...good, baseUrl: 'http://api.fruxon.com' }],
  ])('skips an entry with %s and keeps the rest', (_what, bad) => {
    expect(parseMetas({ version: 1, workspaces: [bad, good] })).toEqual([expect.objectContaining({ id: 'ws-1' })]);
  });

  it.each([
    ['a label', 'Acme prod', 'Acme prod'],
    ['a label with spaces around', ' Acme prod ', ' Acme prod '],
    ['no label', undefined, 'acme'],
    ['an empty label', '', 'acme'],
    ['a blank label', '   ', 'acme'],
    ['a numeric label', 42, 'acme'],
  ])('%s shows as %j', (_what, label, shown) => {
    expect(parseMetas({ workspaces: [{ ...good, label }] })![0]!.label).toBe(shown);
  });

  it.each([
    ['a web URL', 'https://app.fruxon.com', 'https://app.fruxon.com'],
    ['none', undefined, null],
    ['a non-string one', 1, null],
  ])('%s: webUrl %j', (_what, webUrl, expected) => {
    expect(parseMetas({ workspaces: [{ ...good, webUrl }] })![0]!.webUrl).toBe(expected);
  });
});

describe('createWorkspaceConfig: the list in the data dir', () => {
  it('starts empty on a fresh data dir, without a warning or quarantine', () => {
    const dir = dataDir();
    const log = recordingLog();
    expect(createWorkspaceConfig({ dataStore: createJsonFileStore(dir), log }).read()).toEqual([]);
    expect(log.lines).toEqual([]);
  });

  it('an unreadable list is set aside with a warning and the console starts without it', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'workspaces.json'), '{ not json');
    const log = recordingLog();
    const config = createWorkspaceConfig({ dataStore: createJsonFileStore(dir), log });
    expect(config.read()).toEqual([]);
    expect(log.lines).toEqual([['warn', 'workspace list unreadable, starting without it', undefined]]);
    // A new sign-in is kept in a fresh list.
    config.persist(meta('a'));
    expect(createWorkspaceConfig({ dataStore: createJsonFileStore(dir) }).read()).toEqual([meta('a')]);
  });

  it('persist adds workspaces and replaces one signed in again, keeping the others', () => {
    const dir = dataDir();
    const config = createWorkspaceConfig({ dataStore: createJsonFileStore(dir) });
    config.persist(meta('a'));
    config.persist(meta('b'));
    config.persist(meta('a', { label: 'A again', webUrl: 'https://app.example.com' }));
    const reread = createWorkspaceConfig({ dataStore: createJsonFileStore(dir) }).read();
    expect(reread).toEqual([meta('b'), meta('a', { label: 'A again', webUrl: 'https://app.example.com' })]);
    expect(JSON.parse(readFileSync(join(dir, 'workspaces.json'), 'utf8'))).toMatchObject({ version: 1 });
  });

  it.each([
    ['the first', 'a', ['b', 'c']],
    ['the middle one', 'b', ['a', 'c']],
    ['the last', 'c', ['a', 'b']],
  ])('forget removes %s and keeps the others', (_what, gone, kept) => {
    const dir = dataDir();
    const config = createWorkspaceConfig({ dataStore: createJsonFileStore(dir) });
    for (const id of ['a', 'b', 'c']) config.persist(meta(id));
    config.forget(gone);
    expect(createWorkspaceConfig({ dataStore: createJsonFileStore(dir) }).read().map((m) => m.id)).toEqual(kept);
  });

  it('forgetting the only workspace leaves an empty list', () => {
    const dir = dataDir();
    const config = createWorkspaceConfig({ dataStore: createJsonFileStore(dir) });
    config.persist(meta('a'));
    config.forget('a');
    expect(createWorkspaceConfig({ dataStore: createJsonFileStore(dir) }).read()).toEqual([]);
  });

  it('forgetting a workspace not in the list does not rewrite it', () => {
    const real = createJsonFileStore(dataDir());
    const writes: unknown[] = [];
    const store: KeyValueStore = { read: (key) => real.read(key), write: (key, value) => (writes.push(value), real.write(key, value)) };
    const config = createWorkspaceConfig({ dataStore: store });
    config.persist(meta('a'));
    writes.length = 0;
    config.forget('zz');
    expect(writes).toEqual([]);
    expect(config.read()).toEqual([meta('a')]);
  });

  it('a list that cannot be saved (disk full) is logged with the reason', () => {
    const real = createJsonFileStore(dataDir());
    const store: KeyValueStore = { read: (key) => real.read(key), write: () => fail('internal', 'ENOSPC') };
    const log = recordingLog();
    createWorkspaceConfig({ dataStore: store, log }).persist(meta('a'));
    expect(log.lines).toEqual([['warn', 'workspace list not saved', { reason: 'ENOSPC' }]]);
  });
});

describe('envWorkspace: FRUXON_API_URL, FRUXON_TENANT, FRUXON_TOKEN', () => {
  const URL_OK = 'https://api.fruxon.com/';

  it('none set: no environment workspace', () => {
    expect(envWorkspace({})).toBeNull();
    expect(envWorkspace({ HOME: '/root' })).toBeNull();
  });

  it('all three set: a workspace with the trimmed token and no error', () => {
    expect(envWorkspace({ FRUXON_API_URL: URL_OK, FRUXON_TENANT: 'acme', FRUXON_TOKEN: '  fx_pat_abc  ' })).toEqual({
      meta: { id: 'env', label: 'acme (environment)', baseUrl: 'https://api.fruxon.com', tenant: 'acme', webUrl: null },
      token: 'fx_pat_abc',
      configError: null,
    });
  });

  it.each([
    ['only the URL', { FRUXON_API_URL: URL_OK }, 'FRUXON_TENANT must be set together with FRUXON_API_URL.'],
    ['a blank tenant', { FRUXON_API_URL: URL_OK, FRUXON_TENANT: '  ', FRUXON_TOKEN: 'fx_pat_abc' }, 'FRUXON_TENANT must be set together with FRUXON_API_URL.'],
    ['no token', { FRUXON_API_URL: URL_OK, FRUXON_TENANT: 'acme' }, 'FRUXON_TOKEN must be set together with FRUXON_API_URL.'],
    ['an empty token', { FRUXON_API_URL: URL_OK, FRUXON_TENANT: 'acme', FRUXON_TOKEN: '' }, 'FRUXON_TOKEN must be set together with FRUXON_API_URL.'],
    ['a blank token', { FRUXON_API_URL: URL_OK, FRUXON_TENANT: 'acme', FRUXON_TOKEN: '   ' }, 'FRUXON_TOKEN must be set together with FRUXON_API_URL.'],
    ['only the tenant', { FRUXON_TENANT: 'acme' }, 'FRUXON_API_URL is not usable: Enter the server address, e.g. https://api.fruxon.com.'],
    ['only the token', { FRUXON_TOKEN: 'fx_pat_abc' }, 'FRUXON_API_URL is not usable: Enter the server address, e.g. https://api.fruxon.com.'],
    ['a plain-http remote URL', { FRUXON_API_URL: 'http://api.fruxon.com', FRUXON_TENANT: 'acme', FRUXON_TOKEN: 'fx_pat_abc' }, 'FRUXON_API_URL is not usable: Use https:// for remote servers; plain http is only allowed for this computer (localhost).'],
  ])('%s: a workspace that does not run, no token, and the reason', (_what, env, message) => {
    const found = envWorkspace(env);
    expect(found).toMatchObject({ token: null, configError: { code: 'bad-input', message } });
    expect(found!.meta.id).toBe('env');
  });

  it.each([
    ['with a tenant', { FRUXON_TENANT: 'acme', FRUXON_TOKEN: 'fx_pat_abc' }, { label: 'acme (environment)', tenant: 'acme', baseUrl: '' }],
    ['without a tenant', { FRUXON_API_URL: 'ftp://files.example.com' }, { label: 'Environment workspace', tenant: '', baseUrl: 'ftp://files.example.com' }],
    ['with nothing but a token', { FRUXON_TOKEN: 'fx_pat_abc' }, { label: 'Environment workspace', tenant: '', baseUrl: '' }],
  ])('a broken environment still names its workspace %s (shown as typed)', (_what, env, shown) => {
    expect(envWorkspace(env)!.meta).toEqual({ id: 'env', webUrl: null, ...shown });
  });
});
