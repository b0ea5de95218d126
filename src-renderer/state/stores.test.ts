import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { useAuthStore } from './auth';
import { useClockStore } from './clock';
import { resetStores } from './reset';
import { useSettingsStore } from './settings';
import { useViewStore } from './view';

beforeEach(() => resetStores());

describe('settings store', () => {
  it('starts on the defaults, not yet loaded, with no notice and no app info', () => {
    expect(useSettingsStore.getState()).toMatchObject({ settings: DEFAULT_SETTINGS, loaded: false, notice: null, info: null });
  });

  it('takes what main reports: settings loaded, a notice kept until dismissed even when a later report has none', () => {
    const mine = { ...DEFAULT_SETTINGS, pollSeconds: 30 };
    useSettingsStore.getState().setView({ settings: mine, notice: 'Settings were reset: the file could not be read.' });
    expect(useSettingsStore.getState()).toMatchObject({ settings: mine, loaded: true, notice: 'Settings were reset: the file could not be read.' });
    useSettingsStore.getState().setView({ settings: DEFAULT_SETTINGS, notice: null });
    expect(useSettingsStore.getState().notice).toBe('Settings were reset: the file could not be read.');
    useSettingsStore.getState().setView({ settings: DEFAULT_SETTINGS, notice: 'Saved settings were repaired.' });
    expect(useSettingsStore.getState().notice).toBe('Saved settings were repaired.');
    useSettingsStore.getState().dismissNotice();
    expect(useSettingsStore.getState().notice).toBeNull();
  });

  it('keeps the app info main gives', () => {
    useSettingsStore.getState().setInfo({ version: '0.1.0', host: 'browser', platform: 'linux' });
    expect(useSettingsStore.getState().info).toEqual({ version: '0.1.0', host: 'browser', platform: 'linux' });
  });
});

describe('resetStores (between tests, and nothing left over from the one before)', () => {
  it('brings settings, sign-in and the clock back to where they start', () => {
    useSettingsStore.getState().setView({ settings: { ...DEFAULT_SETTINGS, pollSeconds: 30 }, notice: 'a notice' });
    useSettingsStore.getState().setInfo({ version: '0.1.0', host: 'electron', platform: 'darwin' });
    useAuthStore.getState().setDeviceFlow({ state: 'expired' });
    useClockStore.getState().tick(0);
    resetStores();
    expect(useSettingsStore.getState()).toMatchObject({ settings: DEFAULT_SETTINGS, loaded: false, notice: null, info: null });
    expect(useAuthStore.getState().deviceFlow).toEqual({ state: 'idle' });
    expect(useClockStore.getState().now).toBeGreaterThan(0);
  });
});

describe('view store: a half-typed `a` belongs to the request it was typed on', () => {
  it('ends when the cursor of the tab on screen moves to another request, and only then', () => {
    const v = () => useViewStore.getState();
    v().setCursor('r1');
    v().setChord('a');
    v().setCursor('r1');
    expect(v().chord).toBe('a');
    // Another tab's cursor (a list change there) is not the request the chord was typed on.
    v().setCursor('r9', { tab: 'APPROVED' });
    expect(v().chord).toBe('a');
    v().setCursor('r2');
    expect(v().chord).toBeNull();
    v().setChord('a');
    v().setCursor(null);
    expect(v().chord).toBeNull();
  });
});
