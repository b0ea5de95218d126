import type * as nodeFs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJsonFileStore } from './json-file-store';

/**
 * A disk that fills up half-way through a write: the real file system, except that writing or
 * syncing the temporary file fails the way a full disk does (ENOSPC), when the test says so.
 */
const failing = vi.hoisted(() => ({ step: null as null | 'write' | 'fsync' | 'close' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof nodeFs>();
  const full = (step: 'write' | 'fsync' | 'close') => {
    if (failing.step === step) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  };
  return {
    ...fs,
    writeSync: (...args: Parameters<typeof nodeFs.writeSync>) => (full('write'), fs.writeSync(...args)),
    fsyncSync: (fd: number) => (full('fsync'), fs.fsyncSync(fd)),
    closeSync: (fd: number) => {
      fs.closeSync(fd);
      full('close');
    },
  };
});

const dirs: string[] = [];
afterEach(() => {
  failing.step = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The descriptors this process holds open (Linux). */
const openFiles = () => readdirSync('/proc/self/fd').length;

describe('json file store: a disk that fills up during a write', () => {
  it.each(['write', 'fsync'] as const)('failing at %s: reported in the code the system gave, the saved file kept as it was, no temporary file and no descriptor left open', (step) => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-store-full-'));
    dirs.push(dir);
    const store = createJsonFileStore(dir);
    expect(store.write('settings', { pollSeconds: 15 })).toEqual({ ok: true, value: null });
    const open = openFiles();
    failing.step = step;
    for (let i = 0; i < 20; i += 1) {
      expect(store.write('settings', { pollSeconds: 60 })).toEqual({ ok: false, error: { code: 'internal', message: 'ENOSPC' } });
    }
    failing.step = null;
    expect(openFiles()).toBe(open);
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ pollSeconds: 15 });
    expect(store.write('settings', { pollSeconds: 60 })).toEqual({ ok: true, value: null });
    expect(store.read('settings')).toEqual({ ok: true, value: { pollSeconds: 60 } });
  });

  it('a close that fails after the data was written is still a failed write, and the file is not replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-store-full-'));
    dirs.push(dir);
    const store = createJsonFileStore(dir);
    store.write('settings', { pollSeconds: 15 });
    failing.step = 'close';
    expect(store.write('settings', { pollSeconds: 60 })).toEqual({ ok: false, error: { code: 'internal', message: 'ENOSPC' } });
    failing.step = null;
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(store.read('settings')).toEqual({ ok: true, value: { pollSeconds: 15 } });
  });
});
