import { describe, expect, it } from 'vitest';
import { ok } from '../../../src-shared/domain';
import type { CredentialVault, Logger } from '../ports';
import type { WorkspaceMeta } from './workspace-config';
import { restoreEnvWorkspace, restorePersistedWorkspace } from './workspace-restore';
import type { Workspace } from './workspace-runtime';

const META: WorkspaceMeta = { id: 'ws-1', label: 'Acme', baseUrl: 'https://api.fruxon.com', tenant: 'acme', webUrl: null };
const NOTICE = 'No OS keyring: the token is kept until you quit.';

function vaultWith(get: (id: string) => Promise<string | null>): CredentialVault & { removed: string[] } {
  const removed: string[] = [];
  return {
    removed,
    kind: async () => 'persisted',
    notice: () => NOTICE,
    get,
    set: async () => ok(null),
    remove: async (id) => void removed.push(id),
  };
}

function recorder() {
  const attached: Array<[string, string]> = [];
  const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
  const log: Logger = { info: () => {}, warn: (msg, meta) => void warnings.push([msg, meta]), error: () => {} };
  const attach = (ws: Workspace, token: string) => void attached.push([ws.meta.id, token]);
  return { attached, warnings, log, attach };
}

describe('restoreEnvWorkspace', () => {
  it('no variables: no environment workspace', () => {
    const r = recorder();
    expect(restoreEnvWorkspace({}, r.attach)).toBeNull();
    expect(r.attached).toEqual([]);
  });

  it('usable variables: attached with the trimmed token, which is said to come from FRUXON_TOKEN', () => {
    const r = recorder();
    const ws = restoreEnvWorkspace({ FRUXON_API_URL: 'https://api.fruxon.com', FRUXON_TENANT: 'acme', FRUXON_TOKEN: ' fx_pat_abc ' }, r.attach)!;
    expect(r.attached).toEqual([['env', 'fx_pat_abc']]);
    expect(ws).toMatchObject({ source: 'env', isDemo: false, credential: 'session-only', credentialNotice: 'The token comes from the FRUXON_TOKEN environment variable.', configError: null });
  });

  it('a bad variable: shown as the configuration error, nothing attached', () => {
    const r = recorder();
    const ws = restoreEnvWorkspace({ FRUXON_API_URL: 'https://api.fruxon.com', FRUXON_TOKEN: 'fx_pat_abc' }, r.attach)!;
    expect(r.attached).toEqual([]);
    expect(ws.configError).toEqual({ code: 'bad-input', message: 'FRUXON_TENANT must be set together with FRUXON_API_URL.' });
    expect(ws.token).toBeNull();
  });
});

describe('restorePersistedWorkspace', () => {
  it.each([
    ['an OS keyring', 'persisted', null],
    ['a session-only vault', 'session-only', NOTICE],
  ] as const)('a stored token in %s: attached, with the vault\'s notice only when session-only', async (_what, kind, notice) => {
    const r = recorder();
    const vault = vaultWith(async () => 'fx_pat_stored');
    const ws = await restorePersistedWorkspace(META, kind, { vault, attach: r.attach, log: r.log });
    expect(r.attached).toEqual([['ws-1', 'fx_pat_stored']]);
    expect(ws).toMatchObject({ meta: META, source: 'persisted', signedOut: false, credential: kind, credentialNotice: notice });
    expect(vault.removed).toEqual([]);
  });

  it('no stored token: signed out, waiting for a sign-in', async () => {
    const r = recorder();
    const vault = vaultWith(async () => null);
    const ws = await restorePersistedWorkspace(META, 'persisted', { vault, attach: r.attach, log: r.log });
    expect(r.attached).toEqual([]);
    expect(ws).toMatchObject({ signedOut: true, credential: 'none', credentialNotice: null, token: null });
    expect(r.warnings).toEqual([]);
  });

  it('F43: a stored token that cannot be decrypted is dropped and logged (without the token); the workspace waits signed out', async () => {
    const r = recorder();
    const vault = vaultWith(() => Promise.reject(new Error('decrypt failed')));
    const ws = await restorePersistedWorkspace(META, 'persisted', { vault, attach: r.attach, log: r.log });
    expect(vault.removed).toEqual(['ws-1']);
    expect(r.warnings).toEqual([['stored credential unreadable', { workspace: 'ws-1', err: 'Error: decrypt failed' }]]);
    expect(r.attached).toEqual([]);
    expect(ws).toMatchObject({ signedOut: true, credential: 'none' });
  });

  it('F43: a failing removal of the unreadable token does not stop the start', async () => {
    const r = recorder();
    const vault = { ...vaultWith(() => Promise.reject(new Error('decrypt failed'))), remove: () => Promise.reject(new Error('keyring gone')) };
    const ws = await restorePersistedWorkspace(META, 'persisted', { vault, attach: r.attach, log: r.log });
    expect(ws).toMatchObject({ signedOut: true, credential: 'none' });
  });
});
