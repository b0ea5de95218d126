/**
 * A KeyValueStore of one JSON file per key. Writes are atomic (temp file in the same directory,
 * fsync, rename) so a crash or a full disk leaves the previous file intact (F41); files are
 * private to the user (0600). Unreadable JSON is reported, never thrown, and can be set aside.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../src-shared/domain';
import type { KeyValueStore } from '../ports';

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,100}$/;

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | null)?.code ?? (err instanceof Error ? err.message : String(err));
}

/** Creates the file store over `dir` (created on first write, mode 0700). */
export function createJsonFileStore(dir: string): KeyValueStore & { quarantine(key: string): boolean } {
  const fileFor = (key: string): string | null => (KEY_PATTERN.test(key) ? join(dir, `${key}.json`) : null);
  let tempSeq = 0;

  return {
    read(key): Result<unknown> {
      const file = fileFor(key);
      if (!file) return fail('bad-input', `Invalid store key "${key}".`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if (errCode(err) === 'ENOENT') return ok(undefined);
        return fail('internal', `Could not read ${key}.json (${errCode(err)}).`);
      }
      try {
        return ok(JSON.parse(text) as unknown);
      } catch {
        return fail('internal', `${key}.json is not valid JSON.`);
      }
    },

    write(key, value): Result<null> {
      const file = fileFor(key);
      if (!file) return fail('bad-input', `Invalid store key "${key}".`);
      let text: string;
      try {
        text = JSON.stringify(value);
      } catch (err) {
        return fail('internal', `Could not encode ${key} (${errCode(err)}).`);
      }
      const temp = join(dir, `.${key}.json.tmp-${process.pid}-${++tempSeq}`);
      let fd: number | null = null;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        fd = openSync(temp, 'w', 0o600);
        writeSync(fd, text);
        fsyncSync(fd);
        closeSync(fd);
        fd = null;
        renameSync(temp, file);
        return ok(null);
      } catch (err) {
        if (fd !== null) {
          try {
            closeSync(fd);
          } catch {
            // already failing; the original error is the one to report
          }
        }
        try {
          rmSync(temp, { force: true });
        } catch {
          // a stray temp file is harmless; it never shadows the real one
        }
        return fail('internal', errCode(err));
      }
    },

    quarantine(key) {
      const file = fileFor(key);
      if (!file) return false;
      try {
        renameSync(file, `${file}.corrupt-${Date.now()}`);
        return true;
      } catch {
        // Nothing to set aside (or cannot): the next write replaces the file anyway.
        return false;
      }
    },
  };
}
