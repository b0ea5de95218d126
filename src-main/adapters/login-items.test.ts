import fs, { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, resetElectronFake } from '../../test/fakes/electron';
import { applyStartAtLogin, launchedHidden } from './login-items';

vi.mock('electron', () => import('../../test/fakes/electron'));

let home: string;
beforeEach(() => {
  resetElectronFake();
  home = mkdtempSync(path.join(tmpdir(), 'fruxon-home-'));
});
afterEach(() => vi.restoreAllMocks());

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

  it('Linux: an unwritable location is a Result error that names the system error code', () => {
    writeFileSync(path.join(home, 'cfg'), 'a file, not a directory');
    const res = applyStartAtLogin(true, { platform: 'linux', env: { XDG_CONFIG_HOME: path.join(home, 'cfg') }, homeDir: home, execPath: '/x' });
    expect(res).toEqual({ ok: false, error: { code: 'internal', message: 'Could not change start at login (ENOTDIR).' } });
  });

  it('Linux: turning it off when it was never on is fine', () => {
    expect(applyStartAtLogin(false, { platform: 'linux', env: {}, homeDir: home })).toEqual({ ok: true, value: null });
    expect(existsSync(path.join(home, '.config', 'autostart'))).toBe(false);
  });

  it('Linux: an application path with control characters is refused in words and nothing is written', () => {
    const res = applyStartAtLogin(true, { platform: 'linux', env: {}, homeDir: home, execPath: '/opt/Fruxon/fruxon\nExec=/bin/sh' });
    expect(res).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Could not set up start at login: the application path contains control characters.' },
    });
    expect(existsSync(path.join(home, '.config', 'autostart', 'fruxon-console.desktop'))).toBe(false);
  });

  it('Linux: a failure without a system error code still says it could not change start at login', () => {
    vi.spyOn(fs, 'rmSync').mockImplementation(() => {
      throw new Error('disk went away');
    });
    expect(applyStartAtLogin(false, { platform: 'linux', env: {}, homeDir: home })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Could not change start at login (error).' },
    });
  });

  it.each(['darwin', 'win32'] as const)('%s: a login item the OS refuses is a Result error with its reason', (platform) => {
    vi.spyOn(app, 'setLoginItemSettings').mockImplementation(() => {
      throw new Error('not allowed');
    });
    expect(applyStartAtLogin(true, { platform })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Could not change start at login (Error: not allowed).' },
    });
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

  describe('what the OS says about the launch', () => {
    const realPlatform = process.platform;
    function onPlatform(platform: NodeJS.Platform): void {
      Object.defineProperty(process, 'platform', { value: platform, configurable: true });
    }
    afterEach(() => {
      Object.defineProperty(process, 'platform', { value: realPlatform, configurable: true });
    });

    it('macOS: a launch the OS made at login starts hidden, without the argument', () => {
      onPlatform('darwin');
      app.loginItemSettings = { openAtLogin: true, wasOpenedAtLogin: true };
      expect(launchedHidden(['/Applications/Fruxon.app/Contents/MacOS/Fruxon'])).toBe(true);
    });

    it('macOS: a launch by the operator starts with the window', () => {
      onPlatform('darwin');
      app.loginItemSettings = { openAtLogin: true, wasOpenedAtLogin: false };
      expect(launchedHidden(['/Applications/Fruxon.app/Contents/MacOS/Fruxon'])).toBe(false);
    });

    it('macOS: when the OS cannot say, the window shows', () => {
      onPlatform('darwin');
      vi.spyOn(app, 'getLoginItemSettings').mockImplementation(() => {
        throw new Error('login items unavailable');
      });
      expect(launchedHidden(['/Applications/Fruxon.app/Contents/MacOS/Fruxon'])).toBe(false);
    });

    it.each(['linux', 'win32'] as const)('%s: only the argument counts, whatever the login item settings say', (platform) => {
      onPlatform(platform);
      app.loginItemSettings = { openAtLogin: true, wasOpenedAtLogin: true };
      expect(launchedHidden(['/opt/fruxon'])).toBe(false);
    });
  });
});
