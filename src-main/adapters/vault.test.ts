import fs, { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../core/ports';
import { resetElectronFake, safeStorage } from '../../test/fakes/electron';
import { CREDENTIALS_FILE, createSafeStorageVault, LINUX_NO_KEYRING_NOTICE, NO_ENCRYPTION_NOTICE } from './vault';

vi.mock('electron', () => import('../../test/fakes/electron'));

const TOKEN = 'fx_pat_0123456789abcdef';
let dir: string;
const file = () => path.join(dir, CREDENTIALS_FILE);

beforeEach(() => {
  resetElectronFake();
  dir = mkdtempSync(path.join(tmpdir(), 'fruxon-vault-'));
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A logger that keeps its warnings, as support reads them in the log file. */
function recordingLog(): { log: Logger; warnings: Array<[string, Record<string, unknown> | undefined]> } {
  const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
  return { warnings, log: { info: () => {}, error: () => {}, warn: (msg, meta) => void warnings.push([msg, meta]) } };
}

/** An error as Node's fs throws it. */
function fsError(code: string | undefined): Error {
  return Object.assign(new Error(`${code ?? 'unknown'}: simulated`), code === undefined ? {} : { code });
}

const entriesOnDisk = (): Record<string, string> => (JSON.parse(readFileSync(file(), 'utf8')) as { entries: Record<string, string> }).entries;

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

describe('what the operator and support are told when storage fails', () => {
  it.each([
    ['ENOSPC', 'The disk is full, so the sign-in could not be saved; it is kept for this session.'],
    ['EACCES', 'The profile folder is read-only, so the sign-in could not be saved; it is kept for this session.'],
    ['EPERM', 'The profile folder is read-only, so the sign-in could not be saved; it is kept for this session.'],
    ['EROFS', 'The profile folder is read-only, so the sign-in could not be saved; it is kept for this session.'],
    ['EIO', 'The sign-in could not be saved (EIO); it is kept for this session.'],
    [undefined, 'The sign-in could not be saved (error); it is kept for this session.'],
  ])('F41: a write failing with %s says so in words, keeps the token for the session and the file as it was', async (code, message) => {
    const { log, warnings } = recordingLog();
    const vault = await createSafeStorageVault({ dir, platform: 'linux', log });
    await vault.set('beta', 'fx_pat_beta_token');
    const before = readFileSync(file(), 'utf8');
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw fsError(code);
    });
    expect(await vault.set('acme', TOKEN)).toEqual({ ok: false, error: { code: 'internal', message } });
    expect(await vault.get('acme')).toBe(TOKEN);
    expect(readFileSync(file(), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual([CREDENTIALS_FILE]);
    expect(warnings).toEqual([['could not persist a credential', { code: code ?? 'error' }]]);
    expect(JSON.stringify(warnings)).not.toContain(TOKEN);
  });

  it('F41: a write failing half-way leaves no temporary file behind', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw fsError('EIO');
    });
    expect((await vault.set('acme', TOKEN)).ok).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a temporary file that could not even be opened is reported by its own error, not by the clean-up', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    vi.spyOn(fs, 'openSync').mockImplementation(() => {
      throw fsError('EMFILE');
    });
    expect(await vault.set('acme', TOKEN)).toMatchObject({ ok: false, error: { message: expect.stringContaining('(EMFILE)') } });
  });

  it('logs why it is session-only, once, and nothing when it is not', async () => {
    const persisted = recordingLog();
    await createSafeStorageVault({ dir, platform: 'linux', log: persisted.log });
    expect(persisted.warnings).toEqual([]);
    safeStorage.backend = 'basic_text';
    const basic = recordingLog();
    await createSafeStorageVault({ dir, platform: 'linux', log: basic.log });
    expect(basic.warnings).toEqual([['credential vault is session-only', { platform: 'linux', basicText: true, available: true }]]);
  });

  it('an unreadable credentials file is logged with its code; a missing one is not', async () => {
    const { log, warnings } = recordingLog();
    const vault = await createSafeStorageVault({ dir, platform: 'linux', log });
    expect(await vault.get('acme')).toBeNull();
    expect(warnings).toEqual([]);
    mkdirSync(file()); // a folder where the file should be
    const again = await createSafeStorageVault({ dir, platform: 'linux', log });
    expect(await again.get('acme')).toBeNull();
    expect(warnings).toEqual([['could not read the credentials file', { code: 'EISDIR' }]]);
  });

  it('a credentials file that is not JSON is logged and read as empty', async () => {
    const { log, warnings } = recordingLog();
    writeFileSync(file(), 'not json');
    const vault = await createSafeStorageVault({ dir, platform: 'linux', log });
    expect(await vault.get('acme')).toBeNull();
    expect(warnings).toEqual([['the credentials file is not valid JSON; treating it as empty', undefined]]);
  });

  it('the session-only notice starts by saying the sign-in lasts this session only', async () => {
    safeStorage.backend = 'basic_text';
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    expect(vault.notice()).toMatch(/^Signed in for this session only: no system keyring was found, so the token is not saved\. Install/);
  });
});

describe('what the vault reads from disk', () => {
  it.each([
    ['entries null', (_blob: string) => ({ entries: null })],
    ['entries a string', (blob: string) => ({ entries: blob })],
    ['entries an array', (blob: string) => ({ entries: [blob] })],
    ['no entries', (blob: string) => ({ 0: blob })],
  ])('a file with %s holds no credential, and is not mistaken for invalid JSON', async (_name, shape) => {
    const first = await createSafeStorageVault({ dir, platform: 'linux' });
    await first.set('0', TOKEN); // a real blob under the id an array index would give
    const blob = entriesOnDisk()['0'] ?? '';
    expect(blob).not.toBe('');
    writeFileSync(file(), JSON.stringify(shape(blob)));
    const { log, warnings } = recordingLog();
    const vault = await createSafeStorageVault({ dir, platform: 'linux', log });
    expect(await vault.get('0')).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('entries that are not strings are skipped, the others still read', async () => {
    const first = await createSafeStorageVault({ dir, platform: 'linux' });
    await first.set('acme', TOKEN);
    writeFileSync(file(), JSON.stringify({ version: 1, entries: { ...entriesOnDisk(), beta: 42 } }));
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    expect(await vault.get('acme')).toBe(TOKEN);
    expect(await vault.get('beta')).toBeNull();
  });

  it('F42: once the keyring is gone, a file written earlier is not read (no token from a vault that cannot protect it)', async () => {
    const first = await createSafeStorageVault({ dir, platform: 'linux' });
    await first.set('acme', TOKEN);
    safeStorage.backend = 'basic_text';
    safeStorage.calls = [];
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    expect(await vault.get('acme')).toBeNull();
    expect(safeStorage.calls).not.toContain('decryptStringAsync');
  });

  it('an availability check that throws means session-only, with the locked-keychain notice', async () => {
    vi.spyOn(safeStorage, 'isAsyncEncryptionAvailable').mockRejectedValue(new Error('keychain daemon gone'));
    const vault = await createSafeStorageVault({ dir, platform: 'darwin' });
    expect(await vault.kind()).toBe('session-only');
    expect(vault.notice()).toBe(NO_ENCRYPTION_NOTICE);
  });

  it('works on the sync safeStorage API alone, and does not re-encrypt what it reads', async () => {
    const calls: string[] = [];
    const sync = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret' as const,
      encryptString: (plain: string) => (calls.push('encryptString'), safeStorage.encryptString(plain)),
      decryptString: (blob: Buffer) => (calls.push('decryptString'), safeStorage.decryptString(blob)),
    };
    const vault = await createSafeStorageVault({ dir, platform: 'linux', safeStorage: sync });
    await vault.set('acme', TOKEN);
    const fresh = await createSafeStorageVault({ dir, platform: 'linux', safeStorage: sync });
    calls.length = 0;
    expect(await fresh.get('acme')).toBe(TOKEN);
    expect(calls).toEqual(['decryptString']);
  });

  it('a blob that decrypts without a key rotation is left as it is', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'darwin' });
    await vault.set('acme', TOKEN);
    safeStorage.calls = [];
    const fresh = await createSafeStorageVault({ dir, platform: 'darwin' });
    expect(await fresh.get('acme')).toBe(TOKEN);
    expect(safeStorage.calls).not.toContain('encryptStringAsync');
  });

  it('a re-encryption that cannot be written is logged; the token is still returned', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'darwin' });
    await vault.set('acme', TOKEN);
    safeStorage.shouldReEncrypt = true;
    const { log, warnings } = recordingLog();
    const fresh = await createSafeStorageVault({ dir, platform: 'darwin', log });
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw fsError('EROFS');
    });
    expect(await fresh.get('acme')).toBe(TOKEN);
    expect(warnings).toEqual([['could not re-encrypt a credential', { code: 'EROFS' }]]);
  });

  it('F43: the deletion of an undecryptable blob is logged with its workspace, never its token', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    await vault.set('acme', TOKEN);
    safeStorage.keyId = 'k2';
    const { log, warnings } = recordingLog();
    const fresh = await createSafeStorageVault({ dir, platform: 'linux', log });
    expect(await fresh.get('acme')).toBeNull();
    expect(warnings).toEqual([['a stored credential could not be decrypted and was deleted', { workspaceId: 'acme' }]]);
  });
});

describe('signing out', () => {
  it('a sign-out that could not be written is completed by the next write that succeeds', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    await vault.set('acme', TOKEN);
    const rename = vi.spyOn(fs, 'renameSync').mockImplementationOnce(() => {
      throw fsError('EACCES');
    });
    await vault.remove('acme');
    expect(Object.keys(entriesOnDisk())).toEqual(['acme']);
    rename.mockRestore();
    await vault.set('beta', 'fx_pat_beta_token');
    expect(Object.keys(entriesOnDisk())).toEqual(['beta']);
    expect(await (await createSafeStorageVault({ dir, platform: 'linux' })).get('acme')).toBeNull();
  });

  it('signing in again after a sign-out stores and reads the new token', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    await vault.set('acme', TOKEN);
    await vault.remove('acme');
    expect(await vault.get('acme')).toBeNull();
    await vault.set('acme', 'fx_pat_new_token');
    expect(await vault.get('acme')).toBe('fx_pat_new_token');
    expect(await (await createSafeStorageVault({ dir, platform: 'linux' })).get('acme')).toBe('fx_pat_new_token');
  });

  it('removing a workspace that was never stored writes nothing', async () => {
    const vault = await createSafeStorageVault({ dir, platform: 'linux' });
    await vault.remove('nobody');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a sign-out whose file cannot be written is logged, and the token is not read back from disk this session', async () => {
    const { log, warnings } = recordingLog();
    const vault = await createSafeStorageVault({ dir, platform: 'linux', log });
    await vault.set('acme', TOKEN);
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw fsError('EACCES');
    });
    await expect(vault.remove('acme')).resolves.toBeUndefined();
    expect(await vault.get('acme')).toBeNull();
    expect(warnings).toEqual([['could not delete a stored credential', { code: 'EACCES' }]]);
  });
});
