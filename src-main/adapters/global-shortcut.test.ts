import { beforeEach, describe, expect, it, vi } from 'vitest';
import { globalShortcut, resetElectronFake } from '../../test/fakes/electron';
import { createGlobalShortcut } from './global-shortcut';

vi.mock('electron', () => import('../../test/fakes/electron'));

beforeEach(() => resetElectronFake());

describe('global shortcut', () => {
  it('registers the accelerator and toggles on press', () => {
    const toggle = vi.fn();
    const s = createGlobalShortcut(toggle);
    expect(s.apply('CommandOrControl+Shift+F').ok).toBe(true);
    globalShortcut.press('CommandOrControl+Shift+F');
    expect(toggle).toHaveBeenCalledTimes(1);
  });

  it('switching unregisters the old accelerator', () => {
    const s = createGlobalShortcut(() => undefined);
    s.apply('CommandOrControl+Shift+F');
    expect(s.apply('Alt+Shift+K').ok).toBe(true);
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+Shift+K']);
  });

  it('a taken accelerator rolls back to the previous one and says so', () => {
    globalShortcut.taken.add('Alt+Space');
    const s = createGlobalShortcut(() => undefined);
    s.apply('CommandOrControl+Shift+F');
    const res = s.apply('Alt+Space');
    expect(res).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('Keeping CommandOrControl+Shift+F') } });
    expect(s.current()).toBe('CommandOrControl+Shift+F');
    expect(globalShortcut.isRegistered('CommandOrControl+Shift+F')).toBe(true);
    expect(globalShortcut.isRegistered('Alt+Space')).toBe(false);
  });

  it('an accelerator Electron cannot parse (it throws) also rolls back', () => {
    const s = createGlobalShortcut(() => undefined);
    s.apply('CommandOrControl+Shift+F');
    expect(s.apply('Ctrl+Ä').ok).toBe(false);
    expect(s.current()).toBe('CommandOrControl+Shift+F');
  });

  it('an empty accelerator disables the shortcut', () => {
    const s = createGlobalShortcut(() => undefined);
    s.apply('CommandOrControl+Shift+F');
    expect(s.apply('').ok).toBe(true);
    expect(globalShortcut.registered.size).toBe(0);
  });
});
