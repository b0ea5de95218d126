import fs, { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcMain, resetElectronFake } from '../../test/fakes/electron';
import { createElectronKeyValueStore, storageWriteMessage } from './settings-store';

vi.mock('electron', () => import('../../test/fakes/electron'));

let dir: string;
beforeEach(() => {
  resetElectronFake();
  dir = mkdtempSync(path.join(tmpdir(), 'fruxon-store-'));
});

describe('electron-store KeyValueStore', () => {
  it('round-trips values across instances in a 0600 file', () => {
    const a = createElectronKeyValueStore({ dir });
    expect(a.read('settings')).toEqual({ ok: true, value: undefined });
    expect(a.write('settings', { pollSeconds: 30, 'a.b': 1 })).toEqual({ ok: true, value: null });
    const b = createElectronKeyValueStore({ dir });
    expect(b.read('settings')).toEqual({ ok: true, value: { pollSeconds: 30, 'a.b': 1 } });
    expect(statSync(path.join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('F39: a truncated file is reported, set aside as <key>.json.corrupt-<ts>, then starts from defaults', () => {
    writeFileSync(path.join(dir, 'settings.json'), '{"value": {"pollSeconds": 3');
    const store = createElectronKeyValueStore({ dir, now: () => 1700000000000 });
    const res = store.read('settings');
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    store.quarantine('settings');
    expect(readdirSync(dir).sort()).toEqual(['settings.json.corrupt-1700000000000']);
    expect(readFileSync(path.join(dir, 'settings.json.corrupt-1700000000000'), 'utf8')).toBe('{"value": {"pollSeconds": 3');
    expect(store.read('settings')).toEqual({ ok: true, value: undefined });
    expect(store.write('settings', { pollSeconds: 20 }).ok).toBe(true);
    expect(createElectronKeyValueStore({ dir }).read('settings')).toEqual({ ok: true, value: { pollSeconds: 20 } });
  });

  it.each([
    ['null', 'null'],
    ['a list', '[1,2]'],
    ['a number', '42'],
    ['a string', '"dark"'],
  ])('F39: a file holding %s (valid JSON, no object) is reported and set aside like a truncated one, not read as empty', (_name, body) => {
    writeFileSync(path.join(dir, 'settings.json'), body);
    const store = createElectronKeyValueStore({ dir, now: () => 1700000000000 });
    expect(store.read('settings')).toMatchObject({ ok: false, error: { code: 'internal', message: 'The saved settings could not be read (not a JSON object).' } });
    store.quarantine('settings');
    expect(readFileSync(path.join(dir, 'settings.json.corrupt-1700000000000'), 'utf8')).toBe(body);
    expect(store.read('settings')).toEqual({ ok: true, value: undefined });
  });

  it('F39: binary garbage is handled the same way', () => {
    writeFileSync(path.join(dir, 'settings.json'), Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37]));
    const store = createElectronKeyValueStore({ dir });
    expect(store.read('settings').ok).toBe(false);
  });

  it('F39: corruption after start (file edited while running) is caught on read', () => {
    const store = createElectronKeyValueStore({ dir });
    store.write('settings', { pollSeconds: 20 });
    writeFileSync(path.join(dir, 'settings.json'), 'garbage');
    expect(store.read('settings').ok).toBe(false);
  });

  it('F39: writing over a corrupt file keeps the evidence aside first', () => {
    writeFileSync(path.join(dir, 'seen.json'), '{{{');
    const store = createElectronKeyValueStore({ dir, now: () => 5 });
    expect(store.write('seen', ['a']).ok).toBe(true);
    expect(existsSync(path.join(dir, 'seen.json.corrupt-5'))).toBe(true);
    expect(store.read('seen')).toEqual({ ok: true, value: ['a'] });
  });

  it('F41: a failed write (profile dir gone, replaced by a file) is a Result error, not a throw', () => {
    const sub = path.join(dir, 'profile');
    const store = createElectronKeyValueStore({ dir: sub });
    expect(store.write('settings', { a: 1 }).ok).toBe(true);
    rmSync(sub, { recursive: true });
    writeFileSync(sub, 'not a directory');
    const res = store.write('settings', { a: 2 });
    expect(res).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('Could not save settings') } });
  });

  it('rejects keys that are not plain names (no path tricks)', () => {
    const store = createElectronKeyValueStore({ dir });
    expect(store.read('../evil')).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(store.write('a/b', 1)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('does not leave electron-store’s renderer IPC channel open', async () => {
    // electron-store opens the channel once per process, for the first store: start from a fresh one.
    vi.resetModules();
    const fake = await import('../../test/fakes/electron');
    const fresh = await import('./settings-store');
    fresh.createElectronKeyValueStore({ dir }).read('settings');
    expect(fake.ipcMain.listenerCount('electron-store-get-data')).toBe(0);
    createElectronKeyValueStore({ dir }).read('settings');
    expect(ipcMain.listenerCount('electron-store-get-data')).toBe(0);
  });

  it('reads a file saved by an earlier run of the console ({"value": ...})', () => {
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ value: { pollSeconds: 45 } }));
    expect(createElectronKeyValueStore({ dir }).read('settings')).toEqual({ ok: true, value: { pollSeconds: 45 } });
  });

  it('writing undefined forgets the saved value', () => {
    const store = createElectronKeyValueStore({ dir });
    store.write('seen', ['a']);
    expect(store.write('seen', undefined)).toEqual({ ok: true, value: null });
    expect(createElectronKeyValueStore({ dir }).read('seen')).toEqual({ ok: true, value: undefined });
  });

  it.each([
    ['read', (s: ReturnType<typeof createElectronKeyValueStore>) => s.read('../evil')],
    ['write', (s: ReturnType<typeof createElectronKeyValueStore>) => s.write('../evil', 1)],
  ])('%s of a key that is not a plain name says which key', (_op, call) => {
    expect(call(createElectronKeyValueStore({ dir }))).toEqual({ ok: false, error: { code: 'bad-input', message: 'Invalid store key "../evil".' } });
  });

  it('quarantine of a key that is not a plain name moves nothing (no path tricks)', () => {
    const profile = path.join(dir, 'profile');
    mkdirSync(profile);
    writeFileSync(path.join(dir, 'evil.json'), '{}');
    createElectronKeyValueStore({ dir: profile }).quarantine('../evil');
    expect(readdirSync(dir).sort()).toEqual(['evil.json', 'profile']);
  });
});

describe('what the operator reads and support finds in the log', () => {
  /** A logger that keeps its warnings, as support reads them in the log file. */
  function recordingLog() {
    const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
    return { warnings, log: { info: () => {}, error: () => {}, warn: (msg: string, meta?: Record<string, unknown>) => void warnings.push([msg, meta]) } };
  }
  const fsError = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

  it('an unreadable file: the message names the key and says the JSON is invalid; the log says the same', () => {
    writeFileSync(path.join(dir, 'settings.json'), '{"value": {"pollSeconds": 3');
    const { log, warnings } = recordingLog();
    const res = createElectronKeyValueStore({ dir, log }).read('settings');
    expect(res).toEqual({ ok: false, error: { code: 'internal', message: 'The saved settings could not be read (invalid JSON).' } });
    expect(warnings).toEqual([['stored data is unreadable', { key: 'settings', code: 'invalid JSON' }]]);
  });

  it('setting a file aside is logged; a file already gone is not; a rename that fails is, with its code', () => {
    const { log, warnings } = recordingLog();
    const store = createElectronKeyValueStore({ dir, log, now: () => 7 });
    writeFileSync(path.join(dir, 'settings.json'), 'garbage');
    store.quarantine('settings');
    store.quarantine('settings'); // nothing left to move: ENOENT, silent
    writeFileSync(path.join(dir, 'settings.json'), 'garbage');
    vi.spyOn(fs, 'renameSync').mockImplementationOnce(() => {
      throw fsError('EACCES');
    });
    store.quarantine('settings');
    vi.restoreAllMocks();
    expect(warnings).toEqual([
      ['set aside an unreadable file', { key: 'settings' }],
      ['could not set aside an unreadable file', { key: 'settings', code: 'EACCES' }],
    ]);
  });

  it('a failed save is logged with the key and the error code', () => {
    const sub = path.join(dir, 'profile');
    const { log, warnings } = recordingLog();
    const store = createElectronKeyValueStore({ dir: sub, log });
    store.write('settings', { a: 1 });
    rmSync(sub, { recursive: true });
    writeFileSync(sub, 'not a directory');
    expect(store.write('settings', { a: 2 }).ok).toBe(false);
    expect(warnings).toEqual([['could not save', { key: 'settings', code: expect.stringMatching(/^E[A-Z]+$/) }]]);
  });

  it.each([
    [fsError('ENOSPC'), 'Could not save settings: the disk is full. Your change is kept until the console quits.'],
    [fsError('EACCES'), 'Could not save settings: the profile folder is read-only. Your change is kept until the console quits.'],
    [fsError('EPERM'), 'Could not save settings: the profile folder is read-only. Your change is kept until the console quits.'],
    [fsError('EROFS'), 'Could not save settings: the profile folder is read-only. Your change is kept until the console quits.'],
    [fsError('EIO'), 'Could not save settings (EIO). Your change is kept until the console quits.'],
    [new SyntaxError('Unexpected token'), 'Could not save settings (invalid JSON). Your change is kept until the console quits.'],
    [new Error('no code'), 'Could not save settings (error). Your change is kept until the console quits.'],
    [null, 'Could not save settings (error). Your change is kept until the console quits.'],
  ])('F41: a save failing with %s reads: %s', (err, message) => {
    expect(storageWriteMessage('settings', err)).toBe(message);
  });
});
