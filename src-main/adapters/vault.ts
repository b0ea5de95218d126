/**
 * The credential vault on Electron's safeStorage. Only ciphertext touches the disk
 * (`<userData>/credentials.json`: workspace id → base64 blob, written atomically, mode 0600).
 * When the OS cannot really encrypt (Linux `basic_text`: no keyring), tokens are kept for this
 * session only and the notice says what to install (F42). A blob that no longer decrypts (keychain
 * reset, profile copied to another machine) is deleted and reads as "signed out" (F43).
 */
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage as electronSafeStorage } from 'electron';
import { fail, ok, type Result } from '../../src-shared/domain';
import { silentLogger, type CredentialVault, type Logger } from '../core/ports';
import { writeFileAtomic } from './atomic-file';

export const CREDENTIALS_FILE = 'credentials.json';

export const LINUX_NO_KEYRING_NOTICE =
  'Signed in for this session only: no system keyring was found, so the token is not saved. ' +
  'Install and unlock GNOME Keyring (gnome-keyring with libsecret) or KWallet, then restart the console to stay signed in.';
export const NO_ENCRYPTION_NOTICE =
  'Signed in for this session only: the system cannot encrypt the token right now (keychain locked or unavailable).';

/** The part of Electron's SafeStorage the vault uses; the async methods are preferred when present. */
type SafeStorageLike = Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'> &
  Partial<Pick<Electron.SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>>;

export interface SafeStorageVaultOptions {
  dir: string;
  platform?: NodeJS.Platform;
  safeStorage?: SafeStorageLike;
  log?: Logger;
  /** Told about every token the vault sees, so the logger can scrub it. */
  onSecret?: (token: string) => void;
}

interface Crypto {
  encrypt(plain: string): Promise<Buffer>;
  decrypt(blob: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

function cryptoFor(s: SafeStorageLike): Crypto {
  // Electron 45 deprecates the sync API in favour of the async one; keep the sync one as fallback.
  return {
    encrypt: (plain) => (s.encryptStringAsync ? s.encryptStringAsync(plain) : Promise.resolve(s.encryptString(plain))),
    decrypt: (blob) => (s.decryptStringAsync ? s.decryptStringAsync(blob) : Promise.resolve({ result: s.decryptString(blob), shouldReEncrypt: false })),
  };
}

async function encryptionAvailable(s: SafeStorageLike): Promise<boolean> {
  try {
    return s.isAsyncEncryptionAvailable ? await s.isAsyncEncryptionAvailable() : s.isEncryptionAvailable();
  } catch {
    return false;
  }
}

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | null)?.code ?? 'error';
}

function storageErrorMessage(err: unknown): string {
  const code = errCode(err);
  if (code === 'ENOSPC') return 'The disk is full, so the sign-in could not be saved; it is kept for this session.';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'The profile folder is read-only, so the sign-in could not be saved; it is kept for this session.';
  return `The sign-in could not be saved (${code}); it is kept for this session.`;
}

/** Creates the vault. Call after `app` is ready: the Linux backend is only known then. */
export async function createSafeStorageVault(options: SafeStorageVaultOptions): Promise<CredentialVault> {
  const s = options.safeStorage ?? electronSafeStorage;
  const log = options.log ?? silentLogger;
  const platform = options.platform ?? process.platform;
  const file = path.join(options.dir, CREDENTIALS_FILE);
  const crypto = cryptoFor(s);
  const memory = new Map<string, string>();
  // Signed out this session: never read back from disk, even when deleting the blob failed.
  const removed = new Set<string>();

  const available = await encryptionAvailable(s);
  // basic_text "encrypts" with a hard-coded key: refuse to call that persisted (F42).
  const basicText = platform === 'linux' && s.getSelectedStorageBackend() === 'basic_text';
  const persisted = available && !basicText;
  const notice = persisted ? null : basicText ? LINUX_NO_KEYRING_NOTICE : NO_ENCRYPTION_NOTICE;
  if (!persisted) log.warn('credential vault is session-only', { platform, basicText, available });

  function readBlobs(): Record<string, string> {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if (errCode(err) !== 'ENOENT') log.warn('could not read the credentials file', { code: errCode(err) });
      return {};
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      const entries = (parsed as { entries?: unknown } | null)?.entries;
      if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) return {};
      const out: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [id, blob] of Object.entries(entries as Record<string, unknown>)) if (typeof blob === 'string') out[id] = blob;
      return out;
    } catch {
      log.warn('the credentials file is not valid JSON; treating it as empty');
      return {};
    }
  }

  function writeBlobs(blobs: Record<string, string>): void {
    // A sign-out whose own write failed is completed by the next write that succeeds.
    for (const id of removed) delete blobs[id];
    writeFileAtomic(file, JSON.stringify({ version: 1, entries: blobs }));
  }

  // Read-modify-write of one file: serialise every mutation so two sign-ins cannot lose one another.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function forget(workspaceId: string): Promise<void> {
    const blobs = readBlobs();
    if (!(workspaceId in blobs)) return;
    delete blobs[workspaceId];
    try {
      writeBlobs(blobs);
    } catch (err) {
      log.warn('could not delete a stored credential', { code: errCode(err) });
    }
  }

  return {
    kind: async () => (persisted ? 'persisted' : 'session-only'),
    notice: () => notice,

    get: (workspaceId) =>
      serial(async () => {
        const held = memory.get(workspaceId);
        if (held !== undefined) return held;
        if (!persisted || removed.has(workspaceId)) return null;
        const blob = readBlobs()[workspaceId];
        if (blob === undefined) return null;
        let token: string;
        try {
          const out = await crypto.decrypt(Buffer.from(blob, 'base64'));
          token = out.result;
          if (out.shouldReEncrypt) {
            // The OS rotated the key: store a fresh blob so the old key can go away.
            try {
              const blobs = readBlobs();
              blobs[workspaceId] = (await crypto.encrypt(token)).toString('base64');
              writeBlobs(blobs);
            } catch (err) {
              log.warn('could not re-encrypt a credential', { code: errCode(err) });
            }
          }
        } catch {
          // F43: undecryptable (keychain reset, profile moved): drop it; the operator signs in again.
          log.warn('a stored credential could not be decrypted and was deleted', { workspaceId });
          await forget(workspaceId);
          return null;
        }
        options.onSecret?.(token);
        memory.set(workspaceId, token);
        return token;
      }),

    set: (workspaceId, token): Promise<Result<null>> =>
      serial(async () => {
        options.onSecret?.(token);
        memory.set(workspaceId, token);
        removed.delete(workspaceId);
        if (!persisted) return ok(null);
        try {
          const blob = (await crypto.encrypt(token)).toString('base64');
          const blobs = readBlobs();
          blobs[workspaceId] = blob;
          writeBlobs(blobs);
          return ok(null);
        } catch (err) {
          log.warn('could not persist a credential', { code: errCode(err) });
          return fail('internal', storageErrorMessage(err));
        }
      }),

    remove: (workspaceId) =>
      serial(async () => {
        memory.delete(workspaceId);
        removed.add(workspaceId);
        await forget(workspaceId);
      }),
  };
}
