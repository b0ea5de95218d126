/**
 * What a workspace's lists do to the store: names resolved first (never N+1 per poll), then the
 * list applied by its scope, newly pending requests announced, and a snapshot scheduled; a
 * read-back replaces its row, a 404 removes it (F10). Answers for a workspace that was replaced
 * or removed meanwhile are dropped.
 */
import type { AccessRequest, AppError, Result } from '../../../src-shared/domain';
import type { ListBatch } from './list-sync';
import type { Names } from '../requests/names';
import type { RequestStore } from '../requests/request-store';
import type { Workspace } from '../accounts/workspace-runtime';
import type { Announcer } from '../notifications/announcer';

export interface ListApplyDeps {
  store: Pick<RequestStore, 'apply' | 'revision' | 'recordMutation' | 'remove' | 'dropReadBack'>;
  workspaces: { get(id: string): Workspace | undefined; namesOf(id: string): Names | null };
  announcer: Pick<Announcer, 'announce'>;
  /** The store changed: publish (coalesced). */
  onChange(): void;
  onError(error: AppError, context: string): void;
}

export interface ListApply {
  onBatch(ws: Workspace, batch: ListBatch, signal: AbortSignal): Promise<void>;
  onReadBack(ws: Workspace, id: string, res: Result<AccessRequest>): Promise<void>;
}

/** Creates the list application for `createWorkspaces`' onBatch and onReadBack. */
export function createListApply(deps: ListApplyDeps): ListApply {
  const { store, workspaces } = deps;
  const current = (ws: Workspace) => workspaces.get(ws.meta.id) === ws;
  return {
    async onBatch(ws, batch, signal) {
      const { rows, truncated, decidedOmitted } = batch.result;
      await workspaces.namesOf(ws.meta.id)?.ensure(rows);
      if (signal.aborted || !current(ws)) return;
      const newIds = store.apply(ws.meta.id, rows, batch.fetchedAt, { scope: batch.scope, complete: !truncated, decidedOmitted });
      deps.announcer.announce(ws.meta.id, newIds, batch.scope !== 'history');
      deps.onChange();
    },
    async onReadBack(ws, id, res) {
      if (!current(ws)) return;
      const before = store.revision();
      if (res.ok) {
        await workspaces.namesOf(ws.meta.id)?.ensure([res.value]);
        if (!current(ws)) return;
        store.recordMutation(res.value);
      } else if (res.error.code === 'not-found') store.remove(ws.meta.id, id);
      else {
        deps.onError(res.error, `read back ${id}`);
        store.dropReadBack(ws.meta.id, id);
      }
      if (store.revision() !== before) deps.onChange();
    },
  };
}
