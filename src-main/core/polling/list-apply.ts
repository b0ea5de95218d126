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
import type { WorkspaceRef } from '../accounts/workspaces';
import type { Announcer } from '../notifications/announcer';

export interface ListApplyDeps {
  store: Pick<RequestStore, 'apply' | 'revision' | 'recordMutation' | 'remove' | 'dropReadBack'>;
  workspaces: { namesOf(id: string): Names | null };
  announcer: Pick<Announcer, 'announce'>;
  /** The store changed: publish (coalesced). */
  onChange(): void;
  onError(error: AppError, context: string): void;
}

export interface ListApply {
  onBatch(source: WorkspaceRef, batch: ListBatch, signal: AbortSignal): Promise<void>;
  onReadBack(source: WorkspaceRef, id: string, res: Result<AccessRequest>): Promise<void>;
}

/** Creates the list application for `createWorkspaces`' onBatch and onReadBack. */
export function createListApply(deps: ListApplyDeps): ListApply {
  const { store, workspaces } = deps;
  return {
    async onBatch(source, batch, signal) {
      const { workspaceId } = source;
      const { rows, truncated, decidedOmitted, dropped } = batch.result;
      await workspaces.namesOf(workspaceId)?.ensure(rows);
      if (signal.aborted || !source.isCurrent()) return;
      const newIds = store.apply(workspaceId, rows, batch.fetchedAt, { scope: batch.scope, complete: !truncated, cut: batch.cut, decidedOmitted, dropped });
      deps.announcer.announce(workspaceId, newIds, batch.scope !== 'history');
      deps.onChange();
    },
    async onReadBack(source, id, res) {
      const { workspaceId } = source;
      if (!source.isCurrent()) return;
      const before = store.revision();
      if (res.ok) {
        await workspaces.namesOf(workspaceId)?.ensure([res.value]);
        if (!source.isCurrent()) return;
        store.recordMutation(res.value);
      } else if (res.error.code === 'not-found') store.remove(workspaceId, id);
      else {
        deps.onError(res.error, `read back ${id}`);
        store.dropReadBack(workspaceId, id);
      }
      if (store.revision() !== before) deps.onChange();
    },
  };
}
