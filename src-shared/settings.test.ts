// parseSettings: what a settings file (or a patch from the renderer) turns into, and what the
// operator is told was reset. The file itself is tested through the settings service (F39).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, EMPTY_FILTERS, parseSettings, SETTING_LABELS } from './settings';

const saved = { providers: ['slack'], query: 'kwame', agentIds: ['agent-1'], connectorIds: [], workspaceIds: ['ws-1'] };

describe('parseSettings', () => {
  it('a file with nothing in it, or no object at all, gives the defaults and reports nothing', () => {
    for (const input of [{}, null, 'settings', [1, 2], 42]) expect(parseSettings(input)).toEqual({ settings: DEFAULT_SETTINGS, repairedKeys: [] });
  });

  it('F40: a number inside its range is kept and not reported; out of range it is clamped and reported', () => {
    expect(parseSettings({ pollSeconds: 30 })).toEqual({ settings: { ...DEFAULT_SETTINGS, pollSeconds: 30 }, repairedKeys: [] });
    expect(parseSettings({ pollSeconds: 0 })).toEqual({ settings: { ...DEFAULT_SETTINGS, pollSeconds: 10 }, repairedKeys: ['pollSeconds'] });
    expect(parseSettings({ pollSeconds: 1e9 }).settings.pollSeconds).toBe(600);
    expect(parseSettings({ pollSeconds: 'abc' })).toEqual({ settings: DEFAULT_SETTINGS, repairedKeys: ['pollSeconds'] });
  });

  it('saved filters come back tab by tab; a tab not saved keeps the empty filters, and nothing is reported', () => {
    const { settings, repairedKeys } = parseSettings({ filters: { PENDING: saved } });
    expect(settings.filters).toEqual({ PENDING: saved, APPROVED: EMPTY_FILTERS, REJECTED: EMPTY_FILTERS });
    expect(repairedKeys).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['text', 'PENDING'],
    ['one tab of the wrong shape', { PENDING: saved, APPROVED: { providers: 'slack' } }],
    ['a query past 500 characters', { PENDING: { ...saved, query: 'x'.repeat(501) } }],
  ])('saved filters that are %s: reported as reset, and the tabs that were valid are kept', (_name, filters) => {
    const { settings, repairedKeys } = parseSettings({ filters });
    expect(repairedKeys).toEqual(['filters']);
    expect(settings.filters.REJECTED).toEqual(EMPTY_FILTERS);
    if (typeof filters === 'object' && filters !== null && 'APPROVED' in filters) expect(settings.filters.PENDING).toEqual(saved);
  });

  it('lists past their bounds are refused: 501 ids, or an id past 200 characters', () => {
    expect(parseSettings({ notifyAgentIds: Array.from({ length: 501 }, (_, i) => `a-${i}`) }).repairedKeys).toEqual(['notifyAgentIds']);
    expect(parseSettings({ notifyAgentIds: ['a'.repeat(201)] }).repairedKeys).toEqual(['notifyAgentIds']);
    expect(parseSettings({ notifyAgentIds: Array.from({ length: 500 }, () => 'a'.repeat(200)) }).repairedKeys).toEqual([]);
  });

  it('a show/hide shortcut is letters, digits, plus and spaces only, from its first character to its last', () => {
    expect(parseSettings({ globalShortcut: 'Ctrl+Shift+F' }).settings.globalShortcut).toBe('Ctrl+Shift+F');
    for (const bad of ['Ctrl+F;rm', '<Ctrl+F', 'Ctrl+F>']) expect(parseSettings({ globalShortcut: bad }).repairedKeys, bad).toEqual(['globalShortcut']);
  });

  it('a red age badge not later than the amber one is moved to four times amber (capped), reported only when the file set either', () => {
    expect(parseSettings({ ageAmberMinutes: 30, ageRedMinutes: 30 })).toMatchObject({ settings: { ageAmberMinutes: 30, ageRedMinutes: 120 }, repairedKeys: ['ageRedMinutes'] });
    expect(parseSettings({ ageAmberMinutes: 30, ageRedMinutes: 31 })).toMatchObject({ settings: { ageAmberMinutes: 30, ageRedMinutes: 31 }, repairedKeys: [] });
    expect(parseSettings({ ageAmberMinutes: 5000 })).toMatchObject({ settings: { ageRedMinutes: 10_080 }, repairedKeys: ['ageRedMinutes'] });
    // Only the red one in the file, under the default amber (60): moved, and reported.
    expect(parseSettings({ ageRedMinutes: 45 })).toMatchObject({ settings: { ageAmberMinutes: 60, ageRedMinutes: 240 }, repairedKeys: ['ageRedMinutes'] });
  });

  it('every setting has a label of its own to be named by in a notice', () => {
    const labels = Object.keys(DEFAULT_SETTINGS).map((k) => SETTING_LABELS[k as keyof typeof SETTING_LABELS]);
    expect(labels.every((l) => typeof l === 'string' && l.length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(labels.length);
  });
});
