/**
 * A credential vault that keeps tokens in memory only: used when the OS cannot encrypt them
 * (Linux `basic_text`, F42), by the browser host, and in tests. Tokens vanish on quit.
 */
import { ok } from '../../../src-shared/domain';
import type { CredentialVault } from '../ports';

/** Creates a session-only vault; `notice` explains to the operator why nothing is persisted. */
export function createMemoryVault(notice: string | null): CredentialVault {
  const tokens = new Map<string, string>();
  return {
    kind: async () => 'session-only',
    notice: () => notice,
    get: async (workspaceId) => tokens.get(workspaceId) ?? null,
    set: async (workspaceId, token) => {
      tokens.set(workspaceId, token);
      return ok(null);
    },
    remove: async (workspaceId) => {
      tokens.delete(workspaceId);
    },
  };
}
