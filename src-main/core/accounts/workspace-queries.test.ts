import { describe, expect, it } from 'vitest';
import { blankWorkspace, type Workspace } from './workspace-runtime';
import { workspaceQueries } from './workspace-queries';

function withReadOnly(entries: Array<[string, string]>) {
  const ws = blankWorkspace({ id: 'ws-1', label: 'Acme', baseUrl: 'https://api.example.com', tenant: 'acme', webUrl: null }, 'persisted');
  for (const [agent, reason] of entries) ws.readOnlyAgents.set(agent, reason);
  return workspaceQueries(new Map<string, Workspace>([['ws-1', ws]]));
}

describe('workspace queries: read-only agents (F22)', () => {
  it('the reason is given for a read-only agent only, and nothing for an unknown workspace', () => {
    const q = withReadOnly([['agent-1', 'You may not decide for Billing.']]);
    expect(q.readOnlyReason('ws-1', 'agent-1')).toBe('You may not decide for Billing.');
    expect(q.readOnlyReason('ws-1', 'agent-2')).toBeUndefined();
    expect(q.readOnlyReason('ws-nope', 'agent-1')).toBeUndefined();
    expect(withReadOnly([]).readOnlyReason('ws-1', 'agent-1')).toBeUndefined();
  });

  it('the view-cache key is empty with none, and tells apart every different set, also reasons holding commas', () => {
    const keys = [
      withReadOnly([]),
      withReadOnly([['a', 'no']]),
      withReadOnly([['a', 'no'], ['b', 'no']]),
      withReadOnly([['x', 'y'], ['z', 'w']]),
      withReadOnly([['x', 'yz,w']]),
    ].map((q) => q.readOnlyKey('ws-1'));
    expect(keys[0]).toBe('');
    expect(new Set(keys).size).toBe(keys.length);
    expect(withReadOnly([['a', 'no']]).readOnlyKey('ws-nope')).toBe('');
  });
});
