/**
 * "Can this request be decided, and if not, why?" answered once (issue 11, item 2). Core uses it
 * twice with the same rule: per row, for the view the renderer shows (`RequestView.canDecide` and
 * `readOnlyReason`, carried on the snapshot wire), and per decision, to refuse one before anything
 * is sent (`refusalFor`). The renderer only displays the reason (and adds its own "Pending
 * confirmation" while a decision waits in its undo window). Pure; decision-rule.test.ts is the table.
 */
import { decidedByText } from '../../../src-shared/decision-text';
import type { AccessRequest, AppError, RequestView } from '../../../src-shared/domain';

/** What a workspace says about deciding right now, in the order the rule checks it. */
export interface WorkspaceFacts {
  /** The workspace is still configured (not signed out and removed). */
  exists: boolean;
  /** The server refused its token (401) or it has none. */
  signedOut: boolean;
  /** A configuration problem (bad environment, demo failed): nothing can be sent. */
  configError: AppError | null;
  /** It has an API client. */
  connected: boolean;
  /** The machine sleeps: decisions wait for the wake-up (not shown on rows: nobody sees them then). */
  asleep: boolean;
  /** Why it is offline (F35), or null. */
  offline: { cause: 'os' | 'unreachable' } | null;
}

/** Why a whole workspace cannot decide now. */
export type WorkspaceBlock = 'no-workspace' | 'signed-out' | 'config-error' | 'not-connected' | 'asleep' | 'offline-os' | 'offline-server';

export function workspaceBlockOf(f: WorkspaceFacts): WorkspaceBlock | null {
  if (!f.exists) return 'no-workspace';
  if (f.signedOut) return 'signed-out';
  if (f.configError) return 'config-error';
  if (!f.connected) return 'not-connected';
  if (f.asleep) return 'asleep';
  if (f.offline) return f.offline.cause === 'os' ? 'offline-os' : 'offline-server';
  return null;
}

const OFFLINE_ROW = 'Offline – actions are disabled until the connection is back.';
const SIGNED_OUT_ROW = 'Signed out – sign in again to decide.';
const offlineRefusal = (why: string) => `Offline – the decision was not sent. ${why} Decisions are possible again once the connection is back.`;

/**
 * Each block with what a row says (null: rows stay as they are) and what a refused decision
 * says. Every refusal starts with what happened to the decision ("Not submitted: …", "Offline –
 * the decision was not sent").
 */
export const WORKSPACE_BLOCKS: Record<WorkspaceBlock, { row: string | null; refusal(f?: WorkspaceFacts): AppError }> = {
  'no-workspace': { row: 'This workspace is no longer signed in.', refusal: () => ({ code: 'no-workspace', message: 'Not submitted: That workspace is not signed in any more.' }) },
  'signed-out': { row: SIGNED_OUT_ROW, refusal: () => ({ code: 'unauthorized', message: 'Not submitted: Signed out – sign in again to this workspace before deciding.' }) },
  'config-error': {
    row: SIGNED_OUT_ROW,
    refusal: (f) => ({ ...(f?.configError ?? { code: 'internal' }), message: `Not submitted: ${f?.configError?.message ?? 'the workspace is not configured.'}` }),
  },
  'not-connected': { row: SIGNED_OUT_ROW, refusal: () => ({ code: 'no-workspace', message: 'Not submitted: That workspace is not connected.' }) },
  asleep: { row: null, refusal: () => ({ code: 'offline', message: 'Not submitted: Paused while the computer sleeps – try again in a moment.' }) },
  'offline-os': { row: OFFLINE_ROW, refusal: () => ({ code: 'offline', message: offlineRefusal('This computer has no network connection.') }) },
  'offline-server': { row: OFFLINE_ROW, refusal: () => ({ code: 'offline', message: offlineRefusal("The Fruxon server can't be reached.") }) },
};

/** Why a decision cannot be sent for this workspace now (the refusal), or null. */
export function refusalFor(f: WorkspaceFacts): AppError | null {
  const block = workspaceBlockOf(f);
  return block === null ? null : WORKSPACE_BLOCKS[block].refusal(f);
}

export type RowDecision = Pick<RequestView, 'canDecide' | 'readOnlyReason'>;

type Row = Pick<AccessRequest, 'status' | 'rawStatus' | 'agentId' | 'processedBy' | 'processedAt'> & { processedByName: string | null };

/**
 * Whether a row can be decided and why not: a gone workspace, a status the console does not know
 * (F4), a request already decided (who and when), a workspace that cannot decide, an agent the
 * operator may only view (F22), offline (F35). `now` only picks "14:03" or a date for decided rows.
 */
export function rowDecisionOf(row: Row, block: WorkspaceBlock | null, readOnlyReason: string | undefined, now: number): RowDecision {
  const reason = rowReason(row, block, readOnlyReason, now);
  return { canDecide: reason === null, readOnlyReason: reason };
}

function rowReason(row: Row, block: WorkspaceBlock | null, readOnlyReason: string | undefined, now: number): string | null {
  if (block === 'no-workspace') return WORKSPACE_BLOCKS['no-workspace'].row;
  if (row.status === 'UNKNOWN') return `Unrecognised status “${row.rawStatus}” – actions are disabled; decide in Fruxon.`;
  if (row.status !== 'PENDING') return `Already ${decidedByText(row, now)}`;
  if (block === 'signed-out' || block === 'config-error' || block === 'not-connected') return WORKSPACE_BLOCKS[block].row;
  if (readOnlyReason) return readOnlyReason;
  return block === null ? null : WORKSPACE_BLOCKS[block].row;
}
