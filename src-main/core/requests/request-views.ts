/**
 * Request views: what the renderer sees of each stored row (names resolved, whether and why it
 * can be decided, the approval mode this console used), cached per row object, and the queue's
 * requests array in order, reused (with its `requestsRev`) while nothing a view depends on
 * changed. At 100,000 rows a snapshot is then mostly lookups.
 */
import type { AccessRequest, ApproveMode, RequestView } from '../../../src-shared/domain';
import { localDayOf } from '../../../src-shared/when';
import { rowDecisionOf, workspaceBlockOf, type WorkspaceBlock, type WorkspaceFacts } from '../decisions/decision-rule';
import type { Names } from './names';
import type { RequestStore } from './request-store';

/** What the views ask of the workspaces (never their internals). */
export interface ViewWorkspaces {
  /** Live workspace ids in order. */
  ids(): string[];
  /** The running workspace's identity (a new one after a sign-in), or undefined when gone. */
  instance(id: string): object | undefined;
  namesOf(id: string): Names | null;
  decisionFacts(id: string): WorkspaceFacts;
  /** Why this operator may not decide on an agent's requests here (F22), or undefined. */
  readOnlyReason(id: string, agentId: string): string | undefined;
  /** Changes whenever any agent becomes read-only in the workspace. */
  readOnlyKey(id: string): string;
}

export interface RequestViewsDeps {
  store: Pick<RequestStore, 'revision' | 'all'>;
  workspaces: ViewWorkspaces;
  /** The mode this console used for an approval it sent, or null. */
  approveMode(workspaceId: string, requestId: string): ApproveMode | null;
  /** Changes whenever an `approveMode` answer may have. */
  approveModesRevision(): number;
  now(): number;
}

export interface RequestViews {
  toView(row: AccessRequest): RequestView;
  /** Every live workspace's rows as views in queue order; the same array while nothing changed. */
  current(): RequestView[];
  /** Bumped whenever `current()` hands out a new array (QueueSnapshot.requestsRev). */
  revision(): number;
}

const NO_WORKSPACE: WorkspaceFacts = { exists: false, signedOut: false, configError: null, connected: false, asleep: false, offline: null };

const compareRows = (a: AccessRequest, b: AccessRequest): number =>
  (a.createdAt ?? Number.MAX_SAFE_INTEGER) - (b.createdAt ?? Number.MAX_SAFE_INTEGER) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What a row's view depends on besides the row itself: its workspace, names and permissions. */
interface ViewContext {
  id: string | null;
  names: Names | null;
  /** The workspace's side of the one decision rule (decisions/decision-rule.ts). */
  block: WorkspaceBlock | null;
  now: number;
  /** The local day of `now` ("at 14:03" today, a date from tomorrow on). */
  day: string;
}

/** Creates the request views over the store and the workspaces. */
export function createRequestViews(deps: RequestViewsDeps): RequestViews {
  const { store, workspaces } = deps;

  function contextOf(id: string | null, at = deps.now()): ViewContext {
    const live = id !== null && workspaces.instance(id) !== undefined;
    return { id: live ? id : null, names: live ? workspaces.namesOf(id) : null, block: workspaceBlockOf(live ? workspaces.decisionFacts(id) : NO_WORKSPACE), now: at, day: localDayOf(at) };
  }

  // Views are cached per row object (the store keeps unchanged rows as the same object), and
  // reused while names and permissions give the same answer.
  const viewByRow = new WeakMap<AccessRequest, RequestView>();
  /** What each cached view's `canDecide`/`readOnlyReason` were computed from. */
  const decisionKeyOf = new WeakMap<RequestView, string>();

  function viewWith(row: AccessRequest, ctx: ViewContext): RequestView {
    const names = ctx.names;
    const agentName = names ? names.agentName(row.agentId) : row.agentId;
    const connectorName = names ? names.connectorName(row.integrationConfigId) : (row.integrationConfigId ?? 'No connector');
    const processedByName = names ? names.userName(row.processedBy) : row.processedBy;
    const matchedParticipantName = names ? names.participantName(row.matchedParticipantId) : null;
    const approvedParticipantName = names ? names.participantName(row.approvedParticipantId) : null;
    const approveMode = row.status === 'APPROVED' ? deps.approveMode(row.workspaceId, row.id) : null;
    const readOnly = ctx.id !== null ? workspaces.readOnlyReason(ctx.id, row.agentId) : undefined;
    const cached = viewByRow.get(row);
    // The same row with the same inputs gives the same answer: skip formatting "at 14:03" again.
    const decisionKey = `${ctx.block ?? ''}\u0001${readOnly ?? ''}\u0001${ctx.day}\u0001${processedByName ?? ''}`;
    const { canDecide, readOnlyReason } =
      cached !== undefined && decisionKeyOf.get(cached) === decisionKey ? cached : rowDecisionOf({ ...row, processedByName }, ctx.block, readOnly, ctx.now);
    if (
      cached !== undefined &&
      cached.agentName === agentName &&
      cached.connectorName === connectorName &&
      cached.processedByName === processedByName &&
      cached.matchedParticipantName === matchedParticipantName &&
      cached.approvedParticipantName === approvedParticipantName &&
      cached.approveMode === approveMode &&
      cached.canDecide === canDecide &&
      cached.readOnlyReason === readOnlyReason
    ) {
      return cached;
    }
    // Fields listed one by one: one object shape for every view, and nothing unexpected copied.
    const view: RequestView = {
      id: row.id,
      workspaceId: row.workspaceId,
      integrationConfigId: row.integrationConfigId,
      provider: row.provider,
      address: row.address,
      agentId: row.agentId,
      matchedParticipantId: row.matchedParticipantId,
      displayName: row.displayName,
      conversationName: row.conversationName,
      status: row.status,
      rawStatus: row.rawStatus,
      processedBy: row.processedBy,
      processedAt: row.processedAt,
      processingNote: row.processingNote,
      approvedParticipantId: row.approvedParticipantId,
      createdAt: row.createdAt,
      modifiedAt: row.modifiedAt,
      agentName,
      connectorName,
      processedByName,
      canDecide,
      readOnlyReason,
      matchedParticipantName,
      approvedParticipantName,
      approveMode,
    };
    viewByRow.set(row, view);
    decisionKeyOf.set(view, decisionKey);
    return view;
  }

  /** The store's rows of live workspaces in queue order, re-sorted only when the store changed. */
  let sortedRows: { revision: number; live: string; rows: AccessRequest[] } | null = null;
  /** The last requests array handed out and its revision (QueueSnapshot.requestsRev). */
  let lastRequests: RequestView[] = [];
  let requestsRev = 0;
  /** What `lastRequests` was derived from: the store's revision and every input of `viewWith`. */
  let lastInputs: string | null = null;

  const objectIds = new WeakMap<object, number>();
  let nextObjectId = 0;
  const idOf = (o: object | null | undefined): number => {
    if (o === null || o === undefined) return -1;
    let id = objectIds.get(o);
    if (id === undefined) {
      nextObjectId += 1;
      id = nextObjectId;
      objectIds.set(o, id);
    }
    return id;
  };

  /** A key that changes whenever a row's view could: the rows, the workspaces, names and permissions. */
  function viewInputs(ids: string[], contexts: Map<string, ViewContext>): string {
    // The day: a decided row says "at 14:03" today and the date from tomorrow on.
    // The approval modes: one can be learned for a row the store already held as it was (a read-back).
    const parts = [String(store.revision()), localDayOf(deps.now()), String(deps.approveModesRevision())];
    for (const id of ids) {
      const c = contexts.get(id)!;
      parts.push(`${id}\u0001${idOf(workspaces.instance(id))}\u0001${idOf(c.names)}:${c.names?.version() ?? -1}\u0001${c.block ?? ''}\u0001${workspaces.readOnlyKey(id)}`);
    }
    return parts.join('\u0000');
  }

  return {
    toView: (row) => viewWith(row, contextOf(row.workspaceId)),
    revision: () => requestsRev,
    current() {
      const ids = workspaces.ids();
      const contexts = new Map(ids.map((id) => [id, contextOf(id)]));
      const inputs = viewInputs(ids, contexts);
      // Nothing a view depends on changed: skip the walk over every row (100,000 at a time).
      if (inputs === lastInputs) return lastRequests;
      const live = ids.join('\n');
      if (!sortedRows || sortedRows.revision !== store.revision() || sortedRows.live !== live) {
        const liveIds = new Set(ids);
        const rows = store.all().filter((r) => liveIds.has(r.workspaceId));
        rows.sort(compareRows);
        sortedRows = { revision: store.revision(), live, rows };
      }
      const rows = sortedRows.rows;
      const previous = lastRequests;
      let same = rows.length === previous.length;
      const views = new Array<RequestView>(rows.length);
      const gone = contextOf(null);
      for (let i = 0; i < rows.length; i += 1) {
        const row = rows[i]!;
        const view = viewWith(row, contexts.get(row.workspaceId) ?? gone);
        views[i] = view;
        if (same && previous[i] !== view) same = false;
      }
      lastInputs = inputs;
      if (same) return previous;
      lastRequests = views;
      requestsRev += 1;
      return views;
    },
  };
}
