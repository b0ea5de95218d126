/**
 * What the rest of core asks of a workspace, answered here so nobody outside the workspace
 * modules reads or writes a `Workspace` object (its names, read-only agents, operator, client).
 */
import type { ApiClient } from '../api/client';
import type { Names } from '../requests/names';
import type { Workspace } from './workspace-runtime';

export interface WorkspaceQueries {
  /** Live workspace ids in order. */
  ids(): string[];
  /** The running workspace object's identity (a new one after a sign-in), for caches; undefined when gone. */
  instance(id: string): object | undefined;
  /** The workspace's name cache, or null before it has a client. */
  namesOf(id: string): Names | null;
  /** Why this operator may not decide on an agent's requests here (403 seen, F22, or the Viewer role), or undefined. */
  readOnlyReason(id: string, agentId: string): string | undefined;
  /** Changes whenever an agent becomes read-only in the workspace by a 403 (for view caches; roles change the names' version). */
  readOnlyKey(id: string): string;
  /** The signed-in user's id (auth/health, or learnt from a decision), or null. */
  operatorUserId(id: string): string | null;
  /** A direct 200 answer to my decision names me: remember it when auth/health could not. */
  learnOperatorUserId(id: string, userId: string): void;
  /** The API client of a signed-in workspace, or null (gone, signed out, not configured). */
  readyClient(id: string): ApiClient | null;
}

/** The queries over the live workspaces. */
export function workspaceQueries(runtimes: ReadonlyMap<string, Workspace>): WorkspaceQueries {
  return {
    ids: () => [...runtimes.keys()],
    instance: (id) => runtimes.get(id),
    namesOf: (id) => runtimes.get(id)?.names ?? null,
    readOnlyReason(id, agentId) {
      const ws = runtimes.get(id);
      // A 403 seen on a decision (F22), else the Viewer role in the agent's collaborators list.
      return ws?.readOnlyAgents.get(agentId) ?? ws?.names?.readOnlyByRole(agentId);
    },
    readOnlyKey(id) {
      const ws = runtimes.get(id);
      return ws ? [...ws.readOnlyAgents].join('\u0001') : '';
    },
    operatorUserId: (id) => runtimes.get(id)?.operatorUserId ?? null,
    learnOperatorUserId(id, userId) {
      const ws = runtimes.get(id);
      if (ws) ws.operatorUserId ??= userId;
    },
    readyClient(id) {
      const ws = runtimes.get(id);
      return ws && !ws.signedOut ? ws.client : null;
    },
  };
}
