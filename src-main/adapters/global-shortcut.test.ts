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
    expect(s.current()).toBe('');
  });

  it('starts with no shortcut, and the first one registers without touching any other', () => {
    const s = createGlobalShortcut(() => undefined);
    expect(s.current()).toBe('');
    expect(s.apply('').ok).toBe(true);
    expect(s.apply('Alt+Shift+K')).toEqual({ ok: true, value: null });
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+Shift+K']);
  });

  it('surrounding spaces are ignored', () => {
    const toggle = vi.fn();
    const s = createGlobalShortcut(toggle);
    expect(s.apply('  Alt+Shift+K  ').ok).toBe(true);
    expect(s.current()).toBe('Alt+Shift+K');
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+Shift+K']);
    globalShortcut.press('Alt+Shift+K');
    expect(toggle).toHaveBeenCalledTimes(1);
  });

  it('applying the shortcut already in use keeps it registered, so another application cannot take it meanwhile', () => {
    const s = createGlobalShortcut(() => undefined);
    s.apply('Alt+Shift+K');
    globalShortcut.taken.add('Alt+Shift+K'); // another application would grab it the moment it is free
    expect(s.apply(' Alt+Shift+K ')).toEqual({ ok: true, value: null });
    expect(s.current()).toBe('Alt+Shift+K');
    expect(globalShortcut.isRegistered('Alt+Shift+K')).toBe(true);
  });

  it('a taken accelerator with no previous shortcut says so without promising to keep one', () => {
    globalShortcut.taken.add('Alt+Space');
    const s = createGlobalShortcut(() => undefined);
    expect(s.apply('Alt+Space')).toEqual({
      ok: false,
      error: { code: 'validation', message: 'The shortcut Alt+Space could not be registered (another application may use it).' },
    });
    expect(s.current()).toBe('');
    expect(globalShortcut.registered.size).toBe(0);
  });

  it('the rollback message names the shortcut that stays', () => {
    globalShortcut.taken.add('Alt+Space');
    const s = createGlobalShortcut(() => undefined);
    s.apply('CommandOrControl+Shift+F');
    expect(s.apply('Alt+Space')).toEqual({
      ok: false,
      error: {
        code: 'validation',
        message: 'The shortcut Alt+Space could not be registered (another application may use it). Keeping CommandOrControl+Shift+F.',
      },
    });
  });

  it('disposing releases the shortcut and leaves none', () => {
    const toggle = vi.fn();
    const s = createGlobalShortcut(toggle);
    s.apply('Alt+Shift+K');
    s.dispose();
    expect(globalShortcut.registered.size).toBe(0);
    expect(s.current()).toBe('');
    globalShortcut.press('Alt+Shift+K');
    expect(toggle).not.toHaveBeenCalled();
  });

  it('disposing with no shortcut set is harmless', () => {
    const s = createGlobalShortcut(() => undefined);
    expect(() => s.dispose()).not.toThrow();
    expect(s.current()).toBe('');
  });
});
