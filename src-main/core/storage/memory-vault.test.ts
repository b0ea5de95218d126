import { describe, expect, it } from 'vitest';
import { ok } from '../../../src-shared/domain';
import { createMemoryVault } from './memory-vault';

describe('memory vault (F42 session-only)', () => {
  it('keeps tokens for this session only and explains why', async () => {
    const vault = createMemoryVault('No OS keyring available.');
    expect(await vault.kind()).toBe('session-only');
    expect(vault.notice()).toBe('No OS keyring available.');
    expect(await vault.get('ws')).toBeNull();
    expect(await vault.set('ws', 'fx_pat_secret')).toEqual(ok(null));
    expect(await vault.get('ws')).toBe('fx_pat_secret');
    await vault.remove('ws');
    expect(await vault.get('ws')).toBeNull();
    expect(await createMemoryVault(null).get('ws')).toBeNull();
  });
});
