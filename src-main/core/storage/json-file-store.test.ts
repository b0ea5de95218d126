import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsonFileStore } from './json-file-store';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fx-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('createJsonFileStore', () => {
  it('reads back what it wrote, one private file per key', () => {
    const dir = tempDir();
    const store = createJsonFileStore(dir);
    expect(store.read('settings')).toEqual({ ok: true, value: undefined });
    expect(store.write('settings', { pollSeconds: 30 }).ok).toBe(true);
    expect(store.read('settings')).toEqual({ ok: true, value: { pollSeconds: 30 } });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['settings.json']); // no temp files left behind
  });

  it('creates its directory on first write', () => {
    const dir = join(tempDir(), 'nested', 'data');
    expect(createJsonFileStore(dir).write('seen', [1]).ok).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'seen.json'), 'utf8'))).toEqual([1]);
  });

  it('F39: corrupt JSON is a read error, and quarantine sets the file aside', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{"pollSeconds": 3');
    const store = createJsonFileStore(dir);
    const res = store.read('settings');
    expect(res.ok).toBe(false);
    store.quarantine('settings');
    expect(readdirSync(dir).some((f) => /^settings\.json\.corrupt-\d+$/.test(f))).toBe(true);
    expect(store.read('settings')).toEqual({ ok: true, value: undefined });
  });

  it('F41: a failed write is reported as a value, not thrown, and leaves no temp file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'settings.json')); // the rename onto it fails (EISDIR), whoever runs the test
    const store = createJsonFileStore(dir);
    const res = store.write('settings', { b: 2 });
    expect(res.ok).toBe(false);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('F41: a directory that cannot be created is reported as a value', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    expect(createJsonFileStore(join(dir, 'file', 'sub')).write('settings', {}).ok).toBe(false);
  });

  it('refuses keys that could escape the directory', () => {
    const store = createJsonFileStore(tempDir());
    expect(store.write('../evil', 1).ok).toBe(false);
    expect(store.read('a/b').ok).toBe(false);
  });

  it('says which file failed and why: unreadable (not missing), not JSON, not encodable, bad key', () => {
    const dir = tempDir();
    const store = createJsonFileStore(dir);
    mkdirSync(join(dir, 'seen.json')); // exists but cannot be read as a file: an error, not "nothing stored"
    expect(store.read('seen')).toEqual({ ok: false, error: expect.objectContaining({ code: 'internal', message: 'Could not read seen.json (EISDIR).' }) });
    writeFileSync(join(dir, 'settings.json'), '{"pollSeconds": 3');
    expect(store.read('settings')).toEqual({ ok: false, error: expect.objectContaining({ code: 'internal', message: 'settings.json is not valid JSON.' }) });
    expect(store.write('settings', { n: 1n })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'internal', message: expect.stringMatching(/^Could not encode settings \(.*BigInt.*\)\.$/) }),
    });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{"pollSeconds": 3'); // untouched
    expect(store.read('../x')).toEqual({ ok: false, error: expect.objectContaining({ code: 'bad-input', message: 'Invalid store key "../x".' }) });
    expect(store.write('a/b', 1)).toEqual({ ok: false, error: expect.objectContaining({ code: 'bad-input', message: 'Invalid store key "a/b".' }) });
  });
});
