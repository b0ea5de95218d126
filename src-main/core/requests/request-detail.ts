/**
 * The detail read (`requests:get`): the request read back from the server (so the pane is
 * current and the store learns of changes), its matched participant, and earlier requests from
 * the same sender on the same connector. A 404 removes the row (F10); a decided row stays
 * decided even if the read lags behind (F33). When the server cannot be read, the queue's copy is
 * shown, and `fromServer` says so: the renderer settles an "Outcome unknown" decision only on an
 * answer from the server (F31).
 */
import type { RequestDetail, RequestRef } from '../../../src-shared/contract';
import { fail, ok, type AccessRequest, type AppError, type RequestView, type Result } from '../../../src-shared/domain';
import type { ApiClient } from '../api/client';
import type { RequestStore } from './request-store';

export interface RequestDetailDeps {
  store: Pick<RequestStore, 'get' | 'recordMutation' | 'remove' | 'revision' | 'rowsOf'>;
  workspaces: {
    exists(id: string): boolean;
    /** The client of a signed-in workspace, or null. */
    readyClient(id: string): Pick<ApiClient, 'getRequest' | 'getParticipant'> | null;
    markSignedOut(id: string): void;
  };
  toView(row: AccessRequest): RequestView;
  /** The store changed: publish (coalesced). */
  onChange(): void;
  onError(error: AppError, context: string): void;
}

/** Creates the `requests:get` handler. */
export function createRequestDetail(deps: RequestDetailDeps): (ref: RequestRef) => Promise<Result<RequestDetail>> {
  const { store } = deps;

  /** Runs `change` and reports whether it changed the store (only a real change is worth a snapshot). */
  function changed(change: () => void): void {
    const before = store.revision();
    change();
    if (store.revision() !== before) deps.onChange();
  }

  return async (ref) => {
    if (!deps.workspaces.exists(ref.workspaceId)) return fail('no-workspace', 'That workspace is not signed in any more.');
    let row = store.get(ref.workspaceId, ref.requestId) ?? null;
    let fromServer = false;
    const client = deps.workspaces.readyClient(ref.workspaceId);
    if (client) {
      const res = await client.getRequest(ref.requestId);
      if (res.ok) {
        fromServer = true;
        // Opening a request reads it back (the detail pane follows the cursor: this runs for each request it rests on).
        changed(() => store.recordMutation(res.value));
        // The store's row: a decided request stays decided even if this read lags behind (F33).
        row = store.get(ref.workspaceId, ref.requestId) ?? res.value;
      } else if (res.error.code === 'not-found') {
        // F10: decided elsewhere and deleted, or never existed.
        changed(() => store.remove(ref.workspaceId, ref.requestId));
        return fail('not-found', 'This request no longer exists.', { status: 404 });
      } else {
        deps.onError(res.error, `get request ${ref.requestId}`);
        if (res.error.code === 'unauthorized') deps.workspaces.markSignedOut(ref.workspaceId);
        if (!row) return { ok: false, error: res.error };
      }
    }
    if (!row) return fail('not-found', 'This request is not in the queue.');
    let matchedParticipant = null;
    // Signed out by the read above: no second call.
    const stillReady = deps.workspaces.readyClient(ref.workspaceId);
    if (row.matchedParticipantId && stillReady) {
      const p = await stillReady.getParticipant(row.matchedParticipantId);
      if (p.ok) matchedParticipant = p.value;
    }
    const current = row;
    const history = store
      .rowsOf(ref.workspaceId)
      .filter((r) => r.id !== current.id && r.address === current.address && r.integrationConfigId === current.integrationConfigId)
      .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))
      .map(deps.toView);
    return ok({ request: deps.toView(current), matchedParticipant, history, fromServer });
  };
}
