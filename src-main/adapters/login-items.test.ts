import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, resetElectronFake } from '../../test/fakes/electron';
import { applyStartAtLogin, launchedHidden } from './login-items';

vi.mock('electron', () => import('../../test/fakes/electron'));

let home: string;
beforeEach(() => {
  resetElectronFake();
  home = mkdtempSync(path.join(tmpdir(), 'fruxon-home-'));
});

describe('start at login', () => {
  it('Linux: writes and removes ~/.config/autostart/fruxon-console.desktop', () => {
    const file = path.join(home, '.config', 'autostart', 'fruxon-console.desktop');
    expect(applyStartAtLogin(true, { platform: 'linux', env: {}, homeDir: home, execPath: '/opt/Fruxon/fruxon' }).ok).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/Fruxon/fruxon" "--hidden"');
    expect(applyStartAtLogin(false, { platform: 'linux', env: {}, homeDir: home }).ok).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it('Linux AppImage: starts the AppImage, not the temporary mount', () => {
    applyStartAtLogin(true, { platform: 'linux', env: { APPIMAGE: '/home/u/Fruxon.AppImage' }, homeDir: home, execPath: '/tmp/.mount_abc/fruxon' });
    expect(readFileSync(path.join(home, '.config', 'autostart', 'fruxon-console.desktop'), 'utf8')).toContain('Exec="/home/u/Fruxon.AppImage"');
  });

  it('Linux: an unwritable location is a Result error', () => {
    writeFileSync(path.join(home, 'cfg'), 'a file, not a directory');
    const res = applyStartAtLogin(true, { platform: 'linux', env: { XDG_CONFIG_HOME: path.join(home, 'cfg') }, homeDir: home, execPath: '/x' });
    expect(res.ok).toBe(false);
  });

  it.each(['darwin', 'win32'] as const)('%s: uses the OS login item, started hidden', (platform) => {
    expect(applyStartAtLogin(true, { platform }).ok).toBe(true);
    expect(app.loginItemSettings).toEqual({ openAtLogin: true, args: ['--hidden'] });
    applyStartAtLogin(false, { platform });
    expect(app.loginItemSettings).toMatchObject({ openAtLogin: false });
  });

  it('a login launch starts hidden', () => {
    expect(launchedHidden(['/opt/fruxon', '--hidden'])).toBe(true);
    expect(launchedHidden(['/opt/fruxon'])).toBe(false);
  });
});
