import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../../src-shared/domain';
import { startSimulator, type SimulatorHandle } from '../../../src-sim/index';
import type { CredentialVault } from '../ports';
import { createMemoryVault } from '../storage/memory-vault';
import { checkSignIn, type CheckedSignIn, type SignInDeps } from './workspace-sign-in';
import type { WorkspaceMeta } from './workspace-config';
import type { SignInInput } from './workspaces';

const sims: SimulatorHandle[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
});

async function sim(): Promise<SimulatorHandle> {
  const s = await startSimulator({ pending: 1 });
  sims.push(s);
  return s;
}

/** A vault that persists (an OS keyring), recording what it was given; `set` answers as told. */
function keyringVault(set: (id: string, token: string) => Promise<Result<null>> = async () => ok(null)): CredentialVault & { stored: Map<string, string> } {
  const stored = new Map<string, string>();
  return {
    stored,
    kind: async () => 'persisted',
    notice: () => null,
    get: async (id) => stored.get(id) ?? null,
    set: async (id, token) => {
      const res = await set(id, token);
      if (res.ok) stored.set(id, token);
      return res;
    },
    remove: async (id) => void stored.delete(id),
  };
}

const depsWith = (vault: CredentialVault): SignInDeps => ({ vault, now: () => Date.now(), api: { timeoutMs: 1500, retryBaseMs: 5, getRetries: 0 } });
const none = () => undefined;

function checked(res: Result<CheckedSignIn>): CheckedSignIn {
  if (!res.ok) throw new Error(`expected a sign-in, got ${res.error.code}: ${res.error.message}`);
  return res.value;
}

describe('checkSignIn: what the sign-in form is told', () => {
  it('trims the tenant and token, stores the token under a new id and keeps the operator label', async () => {
    const s = await sim();
    const vault = keyringVault();
    const res = checked(await checkSignIn({ baseUrl: `${s.url}/`, tenant: `  ${s.tenant} `, token: `  ${s.token}\n`, label: '  Acme prod  ' }, none, depsWith(vault)));
    expect(res.meta).toEqual({ id: expect.stringMatching(/^ws-[0-9a-f-]{36}$/), label: 'Acme prod', baseUrl: s.url, tenant: s.tenant, webUrl: null });
    expect(res.token).toBe(s.token);
    expect([...vault.stored]).toEqual([[res.meta.id, s.token]]);
    expect(res).toMatchObject({ credential: 'persisted', credentialNotice: null, health: { userId: s.operatorUserId } });
  });

  it.each<[string, Partial<SignInInput>, WorkspaceMeta | undefined, Partial<WorkspaceMeta>]>([
    ['a label typed', { label: 'Typed' }, undefined, { label: 'Typed' }],
    ['no label: the tenant', {}, undefined, { label: 'TENANT', webUrl: null }],
    ['a blank label: the tenant', { label: '   ' }, undefined, { label: 'TENANT' }],
    ['a web URL typed', { webUrl: 'https://app.example.com' }, undefined, { label: 'TENANT', webUrl: 'https://app.example.com' }],
    ['signed in again: keeps id, label and web URL', {}, { id: 'ws-known', label: 'Known', baseUrl: '', tenant: '', webUrl: 'https://app.known.com' }, { id: 'ws-known', label: 'Known', webUrl: 'https://app.known.com' }],
    ['signed in again with a new label', { label: 'Renamed', webUrl: null }, { id: 'ws-known', label: 'Known', baseUrl: '', tenant: '', webUrl: 'https://app.known.com' }, { id: 'ws-known', label: 'Renamed', webUrl: 'https://app.known.com' }],
  ])('%s', async (_what, extra, known, expected) => {
    const s = await sim();
    const asked: Array<[string, string]> = [];
    const existing = (baseUrl: string, tenant: string) => (asked.push([baseUrl, tenant]), known);
    const res = checked(await checkSignIn({ baseUrl: s.url, tenant: s.tenant, token: s.token, ...extra }, existing, depsWith(keyringVault())));
    expect(asked).toEqual([[s.url, s.tenant]]);
    expect(res.meta).toMatchObject({ ...expected, label: expected.label === 'TENANT' ? s.tenant : expected.label });
  });

  it.each([
    ['an empty', '', 'Enter the workspace (tenant) name.'],
    ['a blank', '   ', 'Enter the workspace (tenant) name.'],
    ['a spaced', 'de mo', 'A workspace (tenant) name has no spaces.'],
    ['a tabbed', 'acme\tcorp', 'A workspace (tenant) name has no spaces.'],
    ['a two-line', 'a\nb', 'A workspace (tenant) name has no spaces.'],
  ])('%s tenant is refused before anything is sent', async (_what, tenant, message) => {
    const s = await sim();
    s.control.resetLog();
    const vault = keyringVault();
    expect(await checkSignIn({ baseUrl: s.url, tenant, token: s.token }, none, depsWith(vault))).toEqual(fail('bad-input', message));
    expect(s.control.requestLog()).toEqual([]);
    expect(vault.stored.size).toBe(0);
  });

  it('a bad base URL is refused with the address check\'s words', async () => {
    expect(await checkSignIn({ baseUrl: 'http://example.com', tenant: 'acme', token: 'fx_pat_abc' }, none, depsWith(keyringVault()))).toEqual(
      fail('bad-input', 'Use https:// for remote servers; plain http is only allowed for this computer (localhost).'),
    );
  });

  it('a rejected token (401) and another workspace\'s token (403) are said in the operator\'s words; nothing is stored', async () => {
    const s = await sim();
    const vault = keyringVault();
    expect(await checkSignIn({ baseUrl: s.url, tenant: s.tenant, token: 'fx_pat_not_a_real_token' }, none, depsWith(vault))).toEqual(
      fail('unauthorized', 'The token was rejected by the server (401). Check that it is correct and not revoked.', { status: 401 }),
    );
    expect(await checkSignIn({ baseUrl: s.url, tenant: 'someone-else', token: s.token }, none, depsWith(vault))).toEqual(
      fail('forbidden', 'This token is not valid for the workspace "someone-else".', { status: 403 }),
    );
    expect(vault.stored.size).toBe(0);
  });

  it('a server error keeps its status; an unreachable server has none', async () => {
    const s = await sim();
    s.control.injectFault({ route: 'auth-health', times: Infinity, action: { kind: 'status', status: 500 } });
    const broken = await checkSignIn({ baseUrl: s.url, tenant: s.tenant, token: s.token }, none, depsWith(keyringVault()));
    expect(broken).toMatchObject({ ok: false, error: { status: 500, message: expect.stringMatching(/^Could not check the token: ./) } });

    const closed = await sim();
    await closed.close();
    const unreachable = await checkSignIn({ baseUrl: closed.url, tenant: closed.tenant, token: closed.token }, none, depsWith(keyringVault()));
    expect(unreachable).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Could not check the token: ./) } });
    expect(unreachable.ok === false && unreachable.error).not.toHaveProperty('status');
  });
});

describe('checkSignIn: where the token is kept', () => {
  it.each<[string, () => CredentialVault, { credential: string; credentialNotice: string | null }]>([
    ['an OS keyring', () => keyringVault(), { credential: 'persisted', credentialNotice: null }],
    ['a session-only vault', () => createMemoryVault('No OS keyring: the token is kept until you quit.'), { credential: 'session-only', credentialNotice: 'No OS keyring: the token is kept until you quit.' }],
    ['a session-only vault without a reason', () => createMemoryVault(null), { credential: 'session-only', credentialNotice: null }],
    ['a vault that cannot say its kind', () => ({ ...createMemoryVault('Kept until you quit.'), kind: () => Promise.reject(new Error('dbus gone')) }), { credential: 'session-only', credentialNotice: 'Kept until you quit.' }],
    [
      'a keyring that refuses the token',
      () => keyringVault(async () => fail('internal', 'keyring locked')),
      { credential: 'session-only', credentialNotice: 'The token could not be stored securely (keyring locked); you are signed in for this session only.' },
    ],
    [
      'a keyring that throws',
      () => keyringVault(() => Promise.reject(new Error('boom'))),
      { credential: 'session-only', credentialNotice: 'The token could not be stored securely (Error: boom); you are signed in for this session only.' },
    ],
  ])('%s', async (_what, vault, expected) => {
    const s = await sim();
    const res = checked(await checkSignIn({ baseUrl: s.url, tenant: s.tenant, token: s.token }, none, depsWith(vault())));
    expect({ credential: res.credential, credentialNotice: res.credentialNotice }).toEqual(expected);
    // Signed in either way: the token is handed on for this session.
    expect(res.token).toBe(s.token);
  });
});
