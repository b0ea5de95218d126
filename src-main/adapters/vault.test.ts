import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetElectronFake, safeStorage } from '../../test/fakes/electron';
import { CREDENTIALS_FILE, createSafeStorageVault, LINUX_NO_KEYRING_NOTICE } from './vault';

vi.mock('electron', () => import('../../test/fakes/electron'));

const TOKEN = 'fx_pat_0123456789abcdef';
let dir: string;
const file = () => path.join(dir, CREDENTIALS_FILE);

beforeEach(() => {
  resetElectronFake();
  dir = mkdtempSync(path.join(tmpdir(), 'fruxon-vault-'));
});

describe('persisted vault', () => {
  it('stores only ciphertext, 0600, and reads the token back', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    expect(await vault.kind()).toBe('persisted');
    expect(vault.notice()).toBeNull();
    expect(await vault.set('acme', TOKEN)).toEqual({ ok: true, value: null });
    const text = readFileSync(file(), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('0123456789abcdef');
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    const again = await createSafeStorageVault({ dir, platform: 'linux' });
    expect(await again.get('acme')).toBe(TOKEN);
  });

  it('uses the async safeStorage API (Electron 45)', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'darwin' });
    await vault.set('acme', TOKEN);
    expect(safeStorage.calls).toContain('isAsyncEncryptionAvailable');
    expect(safeStorage.calls).toContain('encryptStringAsync');
    expect(safeStorage.calls).not.toContain('encryptString');
  });

  it('remove deletes the blob', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    await vault.set('acme', TOKEN);
    await vault.set('beta', 'fx_pat_other_token');
    await vault.remove('acme');
    const fresh = await createSafeStorageVault({ dir, platform: 'linux' });
    expect(await fresh.get('acme')).toBeNull();
    expect(await fresh.get('beta')).toBe('fx_pat_other_token');
  });

  it('concurrent sign-ins do not lose each other', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => vault.set(id, `fx_pat_token_${id}`)));
    const fresh = await createSafeStorageVault({ dir, platform: 'linux' });
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((id) => fresh.get(id)))).toEqual(['a', 'b', 'c', 'd'].map((id) => `fx_pat_token_${id}`));
  });

  it('re-encrypts when safeStorage reports shouldReEncrypt', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'darwin' });
    await vault.set('acme', TOKEN);
    safeStorage.shouldReEncrypt = true;
    safeStorage.calls = [];
    const fresh = await createSafeStorageVault({ dir, platform: 'darwin' });
    expect(await fresh.get('acme')).toBe(TOKEN);
    expect(safeStorage.calls).toContain('encryptStringAsync');
  });

  it('reports every token it handles for log redaction', async () => {
    const seen: string[] = [];
    const vault = await createSafeStorageVault({ dir, platform: 'linux', onSecret: (s) => seen.push(s) });
    await vault.set('acme', TOKEN);
    expect(seen).toContain(TOKEN);
  });

  it('F41: a failed write is a Result error and the token stays usable this session', async () => {
    const vault = await createSafeStorageVault({ dir: path.join(dir, 'not-a-dir'), platform: 'linux' });
    writeFileSync(path.join(dir, 'not-a-dir'), 'a file where the directory should be');
    const res = await vault.set('acme', TOKEN);
    expect(res).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('kept for this session') } });
    expect(await vault.get('acme')).toBe(TOKEN);
  });
});

describe('F42: no real encryption', () => {
  it('F42: Linux basic_text is session-only, never writes, and says what to install', async () => {
    safeStorage.backend = 'basic_text';
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    expect(await vault.kind()).toBe('session-only');
    expect(vault.notice()).toBe(LINUX_NO_KEYRING_NOTICE);
    expect(vault.notice()).toMatch(/gnome-keyring|KWallet/);
    expect(await vault.set('acme', TOKEN)).toEqual({ ok: true, value: null });
    expect(await vault.get('acme')).toBe(TOKEN);
    expect(() => readFileSync(file())).toThrow();
    expect(safeStorage.calls).not.toContain('encryptStringAsync');
    const afterRestart = await createSafeStorageVault({ dir, platform: 'linux' });
    expect(await afterRestart.get('acme')).toBeNull();
  });

  it('F42: encryption unavailable (keychain locked) is session-only too', async () => {
    safeStorage.available = false;
    const vault = await createSafeStorageVault({ dir, platform: 'darwin' });
    expect(await vault.kind()).toBe('session-only');
    expect(vault.notice()).toMatch(/session only/);
  });

  it('basic_text on macOS is not a thing; only Linux checks the backend', async () => {
    safeStorage.backend = 'basic_text';
    const vault = await createSafeStorageVault({ dir, platform: 'darwin' });
    expect(await vault.kind()).toBe('persisted');
  });
});

describe('F43: undecryptable blob', () => {
  it('F43: a blob from another key is deleted and reads as signed out', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    await vault.set('acme', TOKEN);
    await vault.set('beta', 'fx_pat_beta_token');
    safeStorage.keyId = 'k2'; // keychain reset / profile copied to another machine
    const fresh = await createSafeStorageVault({ dir, platform: 'linux' });
    await expect(fresh.get('acme')).resolves.toBeNull();
    const entries = (JSON.parse(readFileSync(file(), 'utf8')) as { entries: Record<string, string> }).entries;
    expect(Object.keys(entries)).toEqual(['beta']);
  });

  it('garbage in the credentials file is treated as empty, not a crash', async () => {
    writeFileSync(file(), '{"entries": tru');
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    await expect(vault.get('acme')).resolves.toBeNull();
    expect((await vault.set('acme', TOKEN)).ok).toBe(true);
  });
});
