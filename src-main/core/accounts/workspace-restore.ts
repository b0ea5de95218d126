/**
 * How last run's workspaces come back at start, before they poll: the environment workspace
 * (its token from FRUXON_TOKEN, a bad variable shown as its configuration error), or a
 * persisted one with its token from the vault. A stored credential that cannot be read is
 * dropped and the workspace waits, signed out, for a new sign-in (F43).
 */
import type { Logger } from '../ports';
import { envWorkspace, type WorkspaceMeta } from './workspace-config';
import { blankWorkspace, type Workspace, type WorkspaceRuntime } from './workspace-runtime';
import type { WorkspacesDeps } from './workspaces';

export interface RestoreDeps {
  vault: WorkspacesDeps['vault'];
  attach: WorkspaceRuntime['attach'];
  log: Logger;
}

/** The environment workspace, attached when its variables are usable; null when none is set. */
export function restoreEnvWorkspace(env: Record<string, string | undefined>, attach: WorkspaceRuntime['attach']): Workspace | null {
  const found = envWorkspace(env);
  if (!found) return null;
  const ws = blankWorkspace(found.meta, 'env');
  ws.credential = 'session-only';
  ws.credentialNotice = 'The token comes from the FRUXON_TOKEN environment variable.';
  ws.configError = found.configError;
  if (found.token !== null) attach(ws, found.token);
  return ws;
}

/** A persisted workspace with its stored token attached, or signed out when there is none. */
export async function restorePersistedWorkspace(meta: WorkspaceMeta, kind: Workspace['credential'], deps: RestoreDeps): Promise<Workspace> {
  const ws = blankWorkspace(meta, 'persisted');
  let token: string | null = null;
  try {
    token = await deps.vault.get(meta.id);
  } catch (err) {
    // F43: an undecryptable credential is dropped; the operator signs in again.
    deps.log.warn('stored credential unreadable', { workspace: meta.id, err: String(err) });
    await deps.vault.remove(meta.id).catch(() => {});
  }
  if (token) {
    ws.credential = kind;
    ws.credentialNotice = kind === 'session-only' ? deps.vault.notice() : null;
    deps.attach(ws, token);
  } else {
    ws.signedOut = true;
    ws.credential = 'none';
  }
  return ws;
}
