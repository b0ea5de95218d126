/**
 * The non-secret KeyValueStore on electron-store: one store file per key (`<dir>/<key>.json`,
 * mode 0600, atomic writes by conf). conf throws from its constructor and its getters on a
 * corrupt file; every call is wrapped, so corruption comes back as an `internal` error, which
 * the core answers with `quarantine(key)`: the file is renamed to `<key>.json.corrupt-<ts>` and the
 * key starts again from defaults (F39). Write failures (disk full, read-only) are Result errors,
 * never throws (F41).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ipcMain } from 'electron';
import Store from 'electron-store';
import { fail, ok, type Result } from '../../src-shared/domain';
import { silentLogger, type KeyValueStore, type Logger } from '../core/ports';

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,100}$/;
const VALUE = 'value';
// electron-store answers this sync IPC channel for renderer-side stores; this app has none.
const ELECTRON_STORE_IPC = 'electron-store-get-data';

export interface ElectronKeyValueStoreOptions {
  /** Absolute directory (userData). */
  dir: string;
  log?: Logger;
  now?: () => number;
}

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | null)?.code ?? (err instanceof SyntaxError ? 'invalid JSON' : 'error');
}

/** What the operator is told when a save fails; the in-memory value stays in use. */
export function storageWriteMessage(key: string, err: unknown): string {
  const code = errCode(err);
  if (code === 'ENOSPC') return `Could not save ${key}: the disk is full. Your change is kept until the console quits.`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return `Could not save ${key}: the profile folder is read-only. Your change is kept until the console quits.`;
  }
  return `Could not save ${key} (${code}). Your change is kept until the console quits.`;
}

/** Whether the file, when there is one, holds a JSON object at its top (a missing or unparsable one is not this check's business). */
function topLevelIsObject(file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return true;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return true;
  }
}

/** Creates the store. Construction never touches the disk; each key's file is opened on first use. */
export function createElectronKeyValueStore(options: ElectronKeyValueStoreOptions): KeyValueStore & { quarantine(key: string): boolean } {
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const stores = new Map<string, Store<Record<string, unknown>>>();

  function open(key: string): Store<Record<string, unknown>> {
    const existing = stores.get(key);
    if (existing) return existing;
    const store = new Store<Record<string, unknown>>({
      cwd: options.dir,
      name: key,
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      watch: false,
    });
    ipcMain.removeAllListeners(ELECTRON_STORE_IPC);
    stores.set(key, store);
    return store;
  }

  function quarantine(key: string): boolean {
    if (!KEY_PATTERN.test(key)) return false;
    stores.delete(key);
    const file = path.join(options.dir, `${key}.json`);
    try {
      fs.renameSync(file, `${file}.corrupt-${now()}`);
      log.warn('set aside an unreadable file', { key });
      return true;
    } catch (err) {
      if (errCode(err) !== 'ENOENT') log.warn('could not set aside an unreadable file', { key, code: errCode(err) });
      return false;
    }
  }

  return {
    read(key): Result<unknown> {
      if (!KEY_PATTERN.test(key)) return fail('bad-input', `Invalid store key "${key}".`);
      try {
        const store = open(key);
        // electron-store reads a file holding valid JSON that is no object (null, a list, a number)
        // as empty: that is a broken file, not a missing value (F39).
        if (!topLevelIsObject(path.join(options.dir, `${key}.json`))) {
          stores.delete(key);
          log.warn('stored data is not an object', { key });
          return fail('internal', `The saved ${key} could not be read (not a JSON object).`);
        }
        return ok(store.get(VALUE));
      } catch (err) {
        stores.delete(key);
        log.warn('stored data is unreadable', { key, code: errCode(err) });
        return fail('internal', `The saved ${key} could not be read (${errCode(err)}).`);
      }
    },

    write(key, value): Result<null> {
      if (!KEY_PATTERN.test(key)) return fail('bad-input', `Invalid store key "${key}".`);
      try {
        // A corrupt file makes open() throw; keep the evidence aside before replacing it.
        let store: Store<Record<string, unknown>>;
        try {
          store = open(key);
        } catch {
          quarantine(key);
          store = open(key);
        }
        if (value === undefined) store.delete(VALUE);
        else store.set(VALUE, value);
        return ok(null);
      } catch (err) {
        log.warn('could not save', { key, code: errCode(err) });
        return fail('internal', storageWriteMessage(key, err));
      }
    },

    quarantine,
  };
}
