import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../src-shared/domain';
import { createDecisionModes, DECISION_MODES_KEY } from './decision-modes';
import type { KeyValueStore } from '../ports';

function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & { data: Record<string, unknown> } {
  const data = { ...initial };
  return { data, read: (k) => ok(data[k]), write: (k, v) => ((data[k] = JSON.parse(JSON.stringify(v))), ok(null)) };
}

describe('approval modes this console sent', () => {
  it('are remembered per workspace and request, and survive a restart', () => {
    const store = memoryStore();
    const modes = createDecisionModes({ dataStore: store });
    modes.remember('ws-1', 'r1', 'ADD_TO_EXISTING');
    modes.remember('ws-2', 'r1', 'BIND_ONLY');
    expect(modes.get('ws-1', 'r1')).toBe('ADD_TO_EXISTING');
    expect(modes.get('ws-1', 'r2')).toBeNull();
    const again = createDecisionModes({ dataStore: store });
    expect([again.get('ws-1', 'r1'), again.get('ws-2', 'r1')]).toEqual(['ADD_TO_EXISTING', 'BIND_ONLY']);
  });

  it('move their revision on every remembered mode, so the queue looks again', () => {
    const modes = createDecisionModes({ dataStore: memoryStore() });
    const start = modes.revision();
    modes.remember('ws-1', 'r1', 'ADD_TO_EXISTING');
    const once = modes.revision();
    modes.remember('ws-1', 'r1', 'BIND_ONLY');
    expect(new Set([start, once, modes.revision()]).size).toBe(3);
  });

  it('keep only the newest entries, and ignore what is malformed in the file', () => {
    const store = memoryStore({ [DECISION_MODES_KEY]: { version: 1, entries: [['ws/a', 'CREATE_NEW'], ['ws/b', 'NOT_A_MODE'], 'junk', [42, 'BIND_ONLY'], ['ws/c', 'BIND_ONLY']] } });
    const modes = createDecisionModes({ dataStore: store, max: 3 });
    expect([modes.get('ws', 'a'), modes.get('ws', 'b'), modes.get('ws', 'c')]).toEqual(['CREATE_NEW', null, 'BIND_ONLY']);
    modes.remember('ws', 'd', 'CREATE_NEW');
    modes.remember('ws', 'e', 'CREATE_NEW');
    expect(modes.get('ws', 'a')).toBeNull();
    expect((store.data[DECISION_MODES_KEY] as { entries: unknown[] }).entries).toHaveLength(3);
    expect(createDecisionModes({ dataStore: memoryStore({ [DECISION_MODES_KEY]: 'garbage' }) }).get('ws', 'a')).toBeNull();
  });

  it('load only [key, mode] pairs with a string key of at most 500 characters, the newest `max` of them', () => {
    const key500 = `ws/${'k'.repeat(497)}`;
    const entries = [
      ['ws/old', 'CREATE_NEW'],
      [key500, 'BIND_ONLY'],
      [`${key500}x`, 'BIND_ONLY'],
      { 0: 'ws/object', 1: 'BIND_ONLY' },
      ['ws/kept', 'ADD_TO_EXISTING'],
      [['ws/array-key'], 'CREATE_NEW'],
    ];
    const modes = createDecisionModes({ dataStore: memoryStore({ [DECISION_MODES_KEY]: { version: 1, entries } }), max: 2 });
    expect([modes.get('ws', 'old'), modes.get('ws', 'k'.repeat(497)), modes.get('ws', `${'k'.repeat(497)}x`), modes.get('ws', 'object'), modes.get('ws', 'kept')]).toEqual([
      null,
      'BIND_ONLY',
      null,
      null,
      'ADD_TO_EXISTING',
    ]);
  });

  it('start empty from a saved null or an unreadable file, and log a failed save without throwing', () => {
    expect(createDecisionModes({ dataStore: memoryStore({ [DECISION_MODES_KEY]: null }) }).get('ws', 'a')).toBeNull();
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const broken = { read: () => fail('internal', 'unreadable'), write: () => fail<null>('internal', 'disk full') };
    const modes = createDecisionModes({ dataStore: broken, log });
    modes.remember('ws', 'a', 'BIND_ONLY');
    expect(modes.get('ws', 'a')).toBe('BIND_ONLY');
    expect(log.warn).toHaveBeenCalledWith('could not save approval modes', { code: 'internal' });
  });
});
