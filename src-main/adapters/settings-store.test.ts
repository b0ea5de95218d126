import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  it.each([
    ['ENOSPC', 'the disk is full'],
    ['EROFS', 'read-only'],
    ['EACCES', 'read-only'],
  ])('F41: %s gets a message the operator understands', (code, text) => {
    expect(storageWriteMessage('settings', Object.assign(new Error(code), { code }))).toContain(text);
  });

  it('rejects keys that are not plain names (no path tricks)', () => {
    const store = createElectronKeyValueStore({ dir });
    expect(store.read('../evil')).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(store.write('a/b', 1)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('does not leave electron-store’s renderer IPC channel open', () => {
    createElectronKeyValueStore({ dir }).read('settings');
    expect(ipcMain.listenerCount('electron-store-get-data')).toBe(0);
  });
});
