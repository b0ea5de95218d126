import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../../src-shared/domain';
import { DEFAULT_SETTINGS, SETTING_RANGES } from '../../../src-shared/settings';
import { createJsonFileStore } from './json-file-store';
import type { KeyValueStore, Logger } from '../ports';
import { CORRUPT_SETTINGS_NOT_KEPT_NOTICE, CORRUPT_SETTINGS_NOTICE, createSettingsService } from './settings-service';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fx-settings-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('settings service', () => {
  it('starts from defaults with no notice when nothing is stored', () => {
    const svc = createSettingsService({ dataStore: createJsonFileStore(tempDir()) });
    expect(svc.load()).toEqual({ settings: DEFAULT_SETTINGS, notice: null });
  });

  it('F39: a corrupted settings file is set aside, defaults are used and the operator is told', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '\u0000\u00ff garbage {');
    const svc = createSettingsService({ dataStore: createJsonFileStore(dir) });
    const view = svc.load();
    expect(view.settings).toEqual(DEFAULT_SETTINGS);
    expect(view.notice).toBe(CORRUPT_SETTINGS_NOTICE);
    const files = readdirSync(dir);
    expect(files.some((f) => /^settings\.json\.corrupt-\d+$/.test(f))).toBe(true);
    // The fresh file is valid again.
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).pollSeconds).toBe(DEFAULT_SETTINGS.pollSeconds);
  });

  it('F40: out-of-range values are clamped or reset and the notice names them', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ pollSeconds: 0, theme: 'neon', sound: true }));
    const view = createSettingsService({ dataStore: createJsonFileStore(dir) }).load();
    expect(view.settings.pollSeconds).toBe(SETTING_RANGES.pollSeconds[0]);
    expect(view.settings.theme).toBe('system');
    expect(view.settings.sound).toBe(true);
    // The notice names settings as the operator knows them, never by their keys.
    expect(view.notice).toContain('Poll interval');
    expect(view.notice).toContain('Theme');
    expect(view.notice).not.toContain('pollSeconds');
  });

  it('F40: the list settings (history refresh, decided kept, list size limit) are clamped and named like the others', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ historyMinutes: 5, decidedLimit: 20_000, listLimitMB: 512 });
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ historyMinutes: 0, decidedLimit: 10_000_000, listLimitMB: 'huge' }));
    const view = createSettingsService({ dataStore: createJsonFileStore(dir) }).load();
    expect(view.settings).toMatchObject({ historyMinutes: 1, decidedLimit: 200_000, listLimitMB: 512 });
    for (const label of ['History refresh', 'Decided requests kept', 'List size limit']) expect(view.notice).toContain(label);
  });

  it('F40: the triage settings (decide without a dialog, pending order) are repaired like the others; ages default to 1 h and 4 h', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ ageAmberMinutes: 60, ageRedMinutes: 240, decideWithoutDialog: false, pendingSort: 'oldest' });
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ decideWithoutDialog: 'yes', pendingSort: 'random' }));
    const view = createSettingsService({ dataStore: createJsonFileStore(dir) }).load();
    expect(view.settings).toMatchObject({ decideWithoutDialog: false, pendingSort: 'oldest' });
    expect(view.notice).toContain('Decide without a dialog');
    expect(view.notice).toContain('Pending sort order');
    const good = tempDir();
    writeFileSync(join(good, 'settings.json'), JSON.stringify({ decideWithoutDialog: true, pendingSort: 'agent' }));
    expect(createSettingsService({ dataStore: createJsonFileStore(good) }).load()).toMatchObject({ settings: { decideWithoutDialog: true, pendingSort: 'agent' }, notice: null });
  });

  it('F40: whatever is stored, the poll interval stays within 10–600 s (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const store: KeyValueStore = { read: () => ok({ pollSeconds: value }), write: () => ok(null) };
        const s = createSettingsService({ dataStore: store }).load().settings;
        expect(s.pollSeconds).toBeGreaterThanOrEqual(10);
        expect(s.pollSeconds).toBeLessThanOrEqual(600);
      }),
    );
  });

  it('update merges, saves and tells listeners', () => {
    const dir = tempDir();
    const svc = createSettingsService({ dataStore: createJsonFileStore(dir) });
    svc.load();
    const seen: number[] = [];
    svc.onChange((v, prev) => seen.push(v.settings.pollSeconds, prev.pollSeconds));
    const res = svc.update({ pollSeconds: 30 });
    expect(res.ok && res.value.settings.pollSeconds).toBe(30);
    expect(seen).toEqual([30, 15]);
    expect(createSettingsService({ dataStore: createJsonFileStore(dir) }).load().settings.pollSeconds).toBe(30);
  });

  it('update reports values it had to adjust', () => {
    const svc = createSettingsService({ dataStore: createJsonFileStore(tempDir()) });
    svc.load();
    const res = svc.update({ pollSeconds: 1 });
    expect(res.ok && res.value.settings.pollSeconds).toBe(10);
    expect(res.ok && res.value.notice).toContain('Poll interval');
  });

  it('F41: when saving fails (disk full) the new value is kept in memory with a warning', () => {
    let failing = false;
    const mem = new Map<string, unknown>();
    const store: KeyValueStore = {
      read: (k) => ok(mem.get(k)),
      write: (k, v) => {
        if (failing) return fail('internal', 'ENOSPC');
        mem.set(k, v);
        return ok(null);
      },
    };
    const svc = createSettingsService({ dataStore: store });
    svc.load();
    failing = true;
    const res = svc.update({ sound: true });
    expect(res.ok).toBe(true);
    expect(res.ok && res.value.notice).toBe('Could not save settings: ENOSPC');
    expect(svc.get().sound).toBe(true);
    expect((mem.get('settings') as { sound?: boolean } | undefined)?.sound).not.toBe(true);
  });

  it('says in plain words what happened: the corrupt-file notice, the repaired list, and nothing after a clean update or a clean reload', () => {
    expect(CORRUPT_SETTINGS_NOTICE).toBe('Settings were reset because the file was unreadable (the old one is kept beside it, named settings.json.corrupt-…)');
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ pollSeconds: 0, theme: 'neon' }));
    const svc = createSettingsService({ dataStore: createJsonFileStore(dir) });
    expect(svc.load().notice).toBe('Some settings were invalid and were reset to safe values: Poll interval (now 10 s), Theme');
    // The repaired file was saved, so the next load is clean and the notice goes.
    expect(svc.load().notice).toBeNull();
    const res = svc.update({ sound: true });
    expect(res.ok && res.value.notice).toBeNull();
  });

  it.each([
    ['null', 'null'],
    ['a list', '[1,2]'],
    ['a number', '42'],
    ['a string', '"dark"'],
  ])('F39: a file holding %s instead of settings is set aside with the corrupt-file notice, never reset silently', (_name, body) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), body);
    const svc = createSettingsService({ dataStore: createJsonFileStore(dir) });
    expect(svc.load()).toMatchObject({ settings: DEFAULT_SETTINGS, notice: CORRUPT_SETTINGS_NOTICE });
    const kept = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toBe(body);
  });

  it('an unreadable file that could not be set aside is not said to be kept', () => {
    const store: KeyValueStore = { read: () => fail('internal', 'bad json'), write: () => ok(null), quarantine: () => false };
    expect(createSettingsService({ dataStore: store }).load().notice).toBe(CORRUPT_SETTINGS_NOT_KEPT_NOTICE);
    const kept: KeyValueStore = { ...store, quarantine: () => true };
    expect(createSettingsService({ dataStore: kept }).load().notice).toBe(CORRUPT_SETTINGS_NOTICE);
  });

  it('a value pushed to the edge of its range says where it is now (an undo window of 0 turns the safety net off)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ undoSeconds: -5, historyMinutes: 0 }));
    const svc = createSettingsService({ dataStore: createJsonFileStore(dir) });
    expect(svc.load().notice).toBe('Some settings were invalid and were reset to safe values: History refresh (now 1 min), Undo window (now 0 s)');
  });

  it('update names only what the patch set: red moved to 4× a new amber is shown in the form, not reported as invalid input', () => {
    const svc = createSettingsService({ dataStore: createJsonFileStore(tempDir()) });
    svc.load();
    const res = svc.update({ ageAmberMinutes: 300 });
    expect(res.ok && res.value).toMatchObject({ settings: { ageAmberMinutes: 300, ageRedMinutes: 1200 }, notice: null });
  });

  it('a listener that unsubscribed hears nothing more', () => {
    const svc = createSettingsService({ dataStore: createJsonFileStore(tempDir()) });
    svc.load();
    const heard: number[] = [];
    const off = svc.onChange((v) => heard.push(v.settings.pollSeconds));
    svc.update({ pollSeconds: 20 });
    off();
    svc.update({ pollSeconds: 30 });
    expect(heard).toEqual([20]);
  });

  it('logs why settings were reset, repaired or not saved (reasons only, for support)', () => {
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    const log: Logger = { info: () => {}, warn: (msg, meta) => lines.push([msg, meta]), error: () => {} };
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{');
    createSettingsService({ dataStore: createJsonFileStore(dir), log }).load();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'neon' }));
    createSettingsService({ dataStore: createJsonFileStore(dir), log }).load();
    const full: KeyValueStore = { read: () => ok(undefined), write: () => fail('internal', 'ENOSPC') };
    const svc = createSettingsService({ dataStore: full, log });
    svc.load();
    svc.update({ sound: true });
    expect(lines).toEqual([
      ['settings unreadable, using defaults', { reason: 'settings.json is not valid JSON.' }],
      ['settings repaired', { keys: ['theme'] }],
      ['settings save failed', { reason: 'ENOSPC' }],
    ]);
  });
});
