/**
 * What to announce (not how): turns newly pending requests into notices. Pure, so the rules
 * (filters, pause, grouping, per-id dedupe, catch-up after resume) are tested exhaustively.
 */
import type { NewPendingNotice } from '../../../src-shared/contract';
import type { RequestView } from '../../../src-shared/domain';
import { providerLabel } from '../../../src-shared/providers';
import type { Settings } from '../../../src-shared/settings';
import { displayNameFor, graphemeCount, keepGraphemes } from '../../../src-shared/text-safety';
import { NOTIFICATION_LIMITS } from './notification-text';

export type NotifySettings = Pick<
  Settings,
  'notificationsEnabled' | 'notificationsPausedUntil' | 'notifyProviders' | 'notifyAgentIds' | 'groupThreshold' | 'sound'
>;

export interface NotifyInput {
  newlyPending: RequestView[];
  settings: NotifySettings;
  /** True for a request (by `announceKeyFor`) that has already been part of a notice. */
  isAnnounced: (key: string) => boolean;
  now: number;
  /** After a resume from suspend: any backlog becomes one summary (F38). */
  catchUp?: boolean;
  /**
   * The name of a request's workspace when the console has more than one (signed in or not, as the
   * window names them: src-shared/workspace-names.ts), null with one: look-alike requests in two
   * workspaces are then told apart in the notice too.
   */
  workspaceName?: ((workspaceId: string) => string) | null;
}

export interface NotifyDecision {
  notices: NewPendingNotice[];
  /** Keys of every request included in a notice; record them so they are never announced again. */
  announced: string[];
}

export const NAME_GRAPHEME_LIMIT = 100;

/** The dedupe key of a request: ids are only unique within one workspace. */
export function announceKeyFor(r: { workspaceId: string; id: string }): string {
  return `${r.workspaceId}/${r.id}`;
}

// A capped name keeps NAME_GRAPHEME_LIMIT graphemes and marks the cut with "…" after them; the OS
// notification then applies its own cap (core/notifications/notification-text.ts).
function nameOf(text: string): string {
  return keepGraphemes(displayNameFor(text), NAME_GRAPHEME_LIMIT);
}

function isWanted(r: RequestView, s: NotifySettings): boolean {
  if (s.notifyProviders.length > 0 && !s.notifyProviders.some((p) => p.toLowerCase() === r.provider.toLowerCase())) return false;
  if (s.notifyAgentIds.length > 0 && !s.notifyAgentIds.includes(r.agentId)) return false;
  return true;
}

/** "3 WhatsApp, 1 Slack waiting": counts per provider, largest first. */
export function groupSummaryFor(requests: RequestView[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const label = providerLabel(r.provider);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([label, n]) => `${n} ${label}`);
  return `${parts.join(', ')} waiting`;
}

/** "2 in Acme EU, 1 in Globex": where a summary's requests wait, when the workspaces are named. */
function workspacesSummaryFor(requests: RequestView[], name: (workspaceId: string) => string): string {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const w = name(r.workspaceId);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  if (counts.size === 1) return `in ${[...counts.keys()][0]!}`;
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([w, n]) => `${n} in ${w}`)
    .join(', ');
}

function singleNotice(r: RequestView, sound: boolean, workspaceName: ((workspaceId: string) => string) | null): NewPendingNotice {
  // The workspace goes first in the body: an OS that cuts the body keeps it.
  const where = workspaceName ? `${workspaceName(r.workspaceId)} · ` : '';
  // A long name is cut so that " on <Provider>" still fits the title's cap (with the "…").
  const on = ` on ${providerLabel(r.provider)}`;
  const nameRoom = Math.max(1, Math.min(NAME_GRAPHEME_LIMIT, NOTIFICATION_LIMITS.title - graphemeCount(on) - 1));
  return {
    id: `request:${announceKeyFor(r)}`,
    title: `${keepGraphemes(displayNameFor(r.displayName), nameRoom)}${on}`,
    body: `${where}${nameOf(r.agentName)} · ${nameOf(r.connectorName)}`,
    requests: [{ workspaceId: r.workspaceId, requestId: r.id }],
    grouped: false,
    sound,
  };
}

function groupedNotice(rs: RequestView[], now: number, catchUp: boolean, sound: boolean, workspaceName: ((workspaceId: string) => string) | null): NewPendingNotice {
  const first = rs[0]!;
  return {
    id: `group:${now}:${announceKeyFor(first)}:${rs.length}`,
    title: catchUp ? `${rs.length} new access requests while you were away` : `${rs.length} new access requests`,
    body: workspaceName ? `${groupSummaryFor(rs)} (${workspacesSummaryFor(rs, workspaceName)})` : groupSummaryFor(rs),
    requests: rs.map((r) => ({ workspaceId: r.workspaceId, requestId: r.id })),
    grouped: true,
    sound,
  };
}

/**
 * Decides the notices for one batch of newly pending requests. Requests filtered out or
 * silenced by a pause are not "announced" (the caller's seen-set already keeps them from
 * coming back); duplicates inside the batch or already announced ids are dropped.
 */
export function noticesFor(input: NotifyInput): NotifyDecision {
  const s = input.settings;
  if (!s.notificationsEnabled) return { notices: [], announced: [] };
  if (s.notificationsPausedUntil !== null && s.notificationsPausedUntil > input.now) return { notices: [], announced: [] };

  const seen = new Set<string>();
  const fresh: RequestView[] = [];
  for (const r of input.newlyPending) {
    const key = announceKeyFor(r);
    if (seen.has(key) || input.isAnnounced(key) || r.status !== 'PENDING' || !isWanted(r, s)) continue;
    seen.add(key);
    fresh.push(r);
  }
  if (fresh.length === 0) return { notices: [], announced: [] };

  const announced = fresh.map(announceKeyFor);
  const grouped = input.catchUp ? fresh.length > 1 : fresh.length > s.groupThreshold;
  const named = input.workspaceName ?? null;
  if (grouped) return { notices: [groupedNotice(fresh, input.now, input.catchUp === true, s.sound, named)], announced };
  // One sound per batch: three chimes for three requests would only be noise.
  return { notices: fresh.map((r, i) => singleNotice(r, s.sound && i === 0, named)), announced };
}
