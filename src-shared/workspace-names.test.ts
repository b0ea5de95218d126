// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { aWorkspace } from '../test/fakes/builders';
import { workspaceNamesFor } from './workspace-names';

describe('workspaceNamesFor', () => {
  it('names nothing with one workspace or none', () => {
    expect(workspaceNamesFor([])).toBeNull();
    expect(workspaceNamesFor([aWorkspace({ id: 'ws-1', label: 'Acme EU' })])).toBeNull();
  });

  it('with several, names each request\'s workspace by its label; one no longer listed by its id', () => {
    const name = workspaceNamesFor([aWorkspace({ id: 'ws-1', label: 'Acme EU' }), aWorkspace({ id: 'ws-2', label: 'Beta' })])!;
    expect(['ws-1', 'ws-2', 'ws-gone'].map(name)).toEqual(['Acme EU', 'Beta', 'ws-gone']);
  });

  it('names are display text: hidden characters go, a blank label falls back to the id, a long one is cut at 40 graphemes', () => {
    const name = workspaceNamesFor([
      aWorkspace({ id: 'ws-1', label: 'Ac\u202Eme\n EU' }),
      aWorkspace({ id: 'ws-2', label: ' \u200B ' }),
      aWorkspace({ id: 'ws-3', label: '👩‍👩‍👧'.repeat(41) }),
    ])!;
    expect(name('ws-1')).toBe('Acme EU');
    expect(name('ws-2')).toBe('ws-2');
    expect(name('ws-3')).toBe(`${'👩‍👩‍👧'.repeat(40)}…`);
  });

  it('two workspaces with the same label are told apart by tenant, and by server host when the tenant is the same too', () => {
    const byTenant = workspaceNamesFor([aWorkspace({ id: 'a', label: 'Support', tenant: 'acme' }), aWorkspace({ id: 'b', label: 'Support', tenant: 'globex' }), aWorkspace({ id: 'c', label: 'Beta' })])!;
    expect(['a', 'b', 'c'].map(byTenant)).toEqual(['Support (acme)', 'Support (globex)', 'Beta']);
    const byHost = workspaceNamesFor([
      aWorkspace({ id: 'a', label: 'acme', tenant: 'acme', baseUrl: 'https://api.fruxon.com' }),
      aWorkspace({ id: 'b', label: 'acme', tenant: 'acme', baseUrl: 'https://eu.api.fruxon.com' }),
    ])!;
    expect(['a', 'b'].map(byHost)).toEqual(['acme (api.fruxon.com)', 'acme (eu.api.fruxon.com)']);
  });
});
