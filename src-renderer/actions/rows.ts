/** The rows actions act on: looked up in what is visible (or the whole queue), and whether one can be decided now. */
import type { RequestRef } from '../../src-shared/contract';
import { isDecided, type RequestView, type WorkspaceStatus } from '../../src-shared/domain';
import { senderOf } from '../../src-shared/decision-text';
import { providerLabel } from '../../src-shared/providers';
import { toDisplayText } from '../../src-shared/text-safety';
import { workspaceNamesFor } from '../../src-shared/workspace-names';
import { blockReasonIn, useDecisionsStore } from '../state/decisions';
import { useQueueStore } from '../state/queue';
import { useViewStore } from '../state/view';
import { readVisible } from '../state/visible';

export function rowById(id: string): RequestView | undefined {
  const vis = readVisible();
  const i = vis.indexById.get(id);
  return i !== undefined ? vis.rows[i] : useQueueStore.getState().requests.find((r) => r.id === id);
}

export function cursorRow(): RequestView | null {
  const view = useViewStore.getState();
  const id = view.cursor[view.tab];
  if (id === null) return null;
  const vis = readVisible();
  const i = vis.indexById.get(id);
  return i === undefined ? null : (vis.rows[i] ?? null);
}

export function workspaceOf(row: RequestView): WorkspaceStatus | undefined {
  return useQueueStore.getState().workspaces.find((w) => w.id === row.workspaceId);
}

/** Why a row cannot be decided now, or null. */
export function blockReason(row: RequestView): string | null {
  return blockReasonIn(useDecisionsStore.getState(), row, Date.now());
}

export function refOf(row: RequestView): RequestRef {
  return { workspaceId: row.workspaceId, requestId: row.id };
}

/**
 * Whether the row of `id` is in view in the queue's grid: rendered, with its middle inside the
 * scrolled area (a row scrolled away with the mouse, or not rendered at all, is not). Without
 * layout (no size at all) a rendered row counts as in view.
 */
export function rowInView(id: string): boolean {
  const grid = document.querySelector<HTMLElement>('[role="grid"][aria-label="Requests"]');
  const el = grid && [...grid.querySelectorAll<HTMLElement>('[data-request-id]')].find((e) => e.dataset.requestId === id);
  if (!grid || !el) return false;
  const box = grid.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  const middle = r.top + r.height / 2;
  return middle >= box.top && middle <= box.bottom;
}

/**
 * Why a selected request is left out of a bulk decision, or null when it is in: no longer in the
 * queue, blocked (decided, under way, read-only, rate limited), or for a bulk bind, no participant
 * matched. The bulk dialog lists these, and the batch's report keeps them.
 */
export function bulkSkipReason(row: RequestView | undefined, kind: 'reject' | 'bind', reasonOf: (r: RequestView) => string | null = blockReason): string | null {
  if (!row) return 'no longer in the queue';
  const reason = reasonOf(row);
  if (reason !== null) return reason;
  return kind === 'bind' && !row.matchedParticipantId ? 'Fruxon matched no participant' : null;
}

/**
 * Whom a decision's lines name: the sender; when another waiting request in the same workspace has
 * a sender of the same name (one person writing on SMS and on WhatsApp), its provider too, and its
 * address when that is the same provider ("Ngozi Okafor on SMS", "Ana (WhatsApp +44 20 7946 0018)");
 * and with several workspaces, the workspace ("Lucía Romero (Acme EU)"). Look-alike requests are
 * told apart in the undo line, the outcome and the bulk report, as in their rows. One pass over the
 * queue for all of `rows` (a bulk decision's items), comparing names as sent before anything else.
 */
export function subjectsOf(rows: readonly RequestView[]): string[] {
  const queue = useQueueStore.getState();
  const raw = new Set(rows.map((r) => r.displayName));
  const candidates = new Map<string, RequestView[]>();
  for (const r of queue.requests) {
    if (!raw.has(r.displayName) || isDecided(r.status)) continue;
    const list = candidates.get(r.displayName);
    if (list) list.push(r);
    else candidates.set(r.displayName, [r]);
  }
  const names = workspaceNamesFor(queue.workspaces);
  return rows.map((row) => {
    const sender = senderOf(row);
    // Only requests still waiting (decided ones are not in the lines that could be mixed up), in the
    // same workspace (another workspace's is told apart by the workspace's name).
    const alike = (candidates.get(row.displayName) ?? []).filter((r) => r.workspaceId === row.workspaceId && r.id !== row.id && senderOf(r) === sender);
    const who =
      alike.length === 0
        ? sender
        : alike.some((r) => r.provider.toLowerCase() === row.provider.toLowerCase())
          ? `${sender} (${providerLabel(row.provider)} ${toDisplayText(row.address)})`
          : `${sender} on ${providerLabel(row.provider)}`;
    return names === null ? who : `${who} (${names(row.workspaceId)})`;
  });
}

/** `subjectsOf` for one request. */
export function subjectOf(row: RequestView): string {
  return subjectsOf([row])[0]!;
}
