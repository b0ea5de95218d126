/**
 * The participant list (`participants:list`) for "Add to existing": read from the workspace's
 * server each time the picker opens. A 401 signs that workspace out (F21).
 */
import { fail, type AppError, type Participant, type Result } from '../../../src-shared/domain';
import type { ApiClient } from '../api/client';

export interface ParticipantsDeps {
  workspaces: {
    exists(id: string): boolean;
    /** The client of a signed-in workspace, or null. */
    readyClient(id: string): Pick<ApiClient, 'listParticipants'> | null;
    markSignedOut(id: string): void;
  };
  onError(error: AppError, context: string): void;
}

/** Creates the `participants:list` handler. */
export function createParticipantsList(deps: ParticipantsDeps): (input: { workspaceId: string }) => Promise<Result<Participant[]>> {
  const { workspaces } = deps;
  return async ({ workspaceId }) => {
    if (!workspaces.exists(workspaceId)) return fail('no-workspace', 'That workspace is not signed in any more.');
    const client = workspaces.readyClient(workspaceId);
    if (!client) return fail('unauthorized', 'Signed out – sign in again to see participants.');
    const res = await client.listParticipants();
    if (!res.ok) {
      deps.onError(res.error, `participants ${workspaceId}`);
      if (res.error.code === 'unauthorized') workspaces.markSignedOut(workspaceId);
    }
    return res;
  };
}
