/**
 * What the tray icon says: one of five states, a tooltip and a badge count, derived from the
 * workspaces' poll status and the pending count. Pure, so the adapter only draws what this returns.
 */
import type { WorkspaceStatus } from '../../../src-shared/domain';
import { toDisplayText } from '../../../src-shared/text-safety';
import { workspaceNamesFor } from '../../../src-shared/workspace-names';
import { redactKnown } from '../security/redact';

export type TrayState = 'idle' | 'pending' | 'error' | 'offline' | 'stale';
export const TRAY_STATES: readonly TrayState[] = ['idle', 'pending', 'error', 'offline', 'stale'];

export interface TrayView {
  state: TrayState;
  tooltip: string;
  /** Pending requests across all workspaces; 0 clears the badge. */
  badgeCount: number;
}

export interface TrayInput {
  workspaces: readonly WorkspaceStatus[];
  pendingCount: number;
  now: number;
  /** The poll interval; data older than STALE_AFTER_INTERVALS intervals counts as stale. */
  intervalMs: number;
  /** Known secrets (the core's `secrets()`): taken out of the tooltip, which the OS shows as it is. */
  secrets?: readonly string[];
}

export const STALE_AFTER_INTERVALS = 3;
/** Windows truncates tray tooltips at 127 characters; keep every platform under that. */
export const TOOLTIP_MAX = 127;
const APP_NAME = 'Fruxon Access Console';

/** True when the workspace's last good data is older than three poll intervals (or the poller says so). */
export function isWorkspaceStale(ws: WorkspaceStatus, now: number, intervalMs: number): boolean {
  if (ws.poll.state === 'signed-out') return false;
  if (ws.poll.state === 'stale') return true;
  const last = ws.poll.lastSuccessAt;
  return last !== null && now - last > STALE_AFTER_INTERVALS * intervalMs;
}

function waiting(n: number): string {
  return n === 1 ? '1 request waiting' : `${n} requests waiting`;
}

function minutesAgo(now: number, then: number): string {
  const min = Math.max(1, Math.round((now - then) / 60_000));
  return min === 1 ? '1 minute' : `${min} minutes`;
}

function cap(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A server's message as one line of display text (it may hold line breaks and hidden characters). */
function reasonOf(w: WorkspaceStatus): string {
  return w.poll.lastError ? toDisplayText(w.poll.lastError.message, { hiddenBreaksWords: true }) : '';
}

/** Broken workspaces, those only the operator can mend first (signed out, then refused or failing), then offline. */
const BROKEN_ORDER: Partial<Record<WorkspaceStatus['poll']['state'], number>> = { 'signed-out': 0, error: 1, offline: 2 };

/**
 * Precedence: offline (no workspace live and at least one offline) > error (any workspace errored,
 * signed out or partly offline) > stale > pending > idle. The badge always shows the pending count,
 * because the last known queue is still worth acting on. Workspaces are named as the window names
 * them (src-shared/workspace-names.ts: two with the same label are told apart), as display text: a
 * label comes from the server and may carry line breaks or bidi controls. The line is the menu's
 * first item too (adapters/tray.ts), so it holds no line break of its own.
 */
export function trayStateFor(input: TrayInput): TrayView {
  const badgeCount = Number.isFinite(input.pendingCount) ? Math.max(0, Math.floor(input.pendingCount)) : 0;
  // The count goes first, so a long error message is what gets cut, never the count.
  const count = badgeCount > 0 ? `${waiting(badgeCount)} · ` : '';
  const view = (state: TrayState, line: string): TrayView => ({
    state,
    badgeCount,
    tooltip: cap(`${APP_NAME}\n${redactKnown(toDisplayText(line), input.secrets ?? [])}`, TOOLTIP_MAX),
  });
  const ws = input.workspaces;
  if (ws.length === 0) return view(badgeCount > 0 ? 'pending' : 'idle', badgeCount > 0 ? waiting(badgeCount) : 'No workspace');

  const names = workspaceNamesFor(ws);
  const nameOf = (w: WorkspaceStatus): string => (names ? names(w.id) : toDisplayText(w.label) || w.id);
  const offline = ws.filter((w) => w.poll.state === 'offline');
  const anyLive = ws.some((w) => w.poll.state === 'live');
  const why = (w: WorkspaceStatus): string =>
    w.poll.state === 'signed-out' ? 'signed out – sign in again' : w.poll.state === 'offline' ? 'offline' : reasonOf(w) || 'error';
  const more = (n: number) => (n > 0 ? ` (+${n} more)` : '');
  if (offline.length > 0 && !anyLive) {
    // Offline names the state, but a workspace that needs the operator (signed out, refused) is
    // still named: coming back online will not fix it.
    const needsYou = ws.filter((w) => w.poll.state === 'error' || w.poll.state === 'signed-out').sort((a, b) => BROKEN_ORDER[a.poll.state]! - BROKEN_ORDER[b.poll.state]!);
    const first = needsYou[0];
    return view('offline', `${count}Offline – showing the last known queue${first ? ` · ${nameOf(first)}: ${why(first)}${more(needsYou.length - 1)}` : ''}`);
  }

  const broken = ws.filter((w) => BROKEN_ORDER[w.poll.state] !== undefined).sort((a, b) => BROKEN_ORDER[a.poll.state]! - BROKEN_ORDER[b.poll.state]!);
  if (broken.length > 0) return view('error', `${count}${nameOf(broken[0]!)}: ${why(broken[0]!)}${more(broken.length - 1)}`);

  const stale = ws.filter((w) => isWorkspaceStale(w, input.now, input.intervalMs));
  if (stale.length > 0) {
    const oldest = stale.reduce((a, b) => ((b.poll.lastSuccessAt ?? input.now) < (a.poll.lastSuccessAt ?? input.now) ? b : a));
    const since = oldest.poll.lastSuccessAt ?? input.now;
    // Under a minute (a list that failed to read right after a good one) no age is said: "1 minute" would be wrong.
    const age = input.now - since >= 60_000 ? ` for ${minutesAgo(input.now, since)}` : '';
    const reason = reasonOf(oldest);
    const who = names ? `${nameOf(oldest)}: not updated` : 'Not updated';
    return view('stale', `${count}${who}${age}${reason ? ` – ${reason}` : ''}${more(stale.length - 1)}`);
  }
  if (badgeCount > 0) return view('pending', waiting(badgeCount));
  return view('idle', 'No requests waiting');
}

export type NotificationPause = '30m' | '1h' | 'tomorrow';
/** "Until tomorrow" ends at this local hour the next day. */
export const PAUSE_TOMORROW_HOUR = 8;

/** When a "pause notifications" choice from the tray ends, as epoch ms (local time for "tomorrow"). */
export function notificationPauseUntil(choice: NotificationPause, now: number): number {
  if (choice === '30m') return now + 30 * 60_000;
  if (choice === '1h') return now + 60 * 60_000;
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(PAUSE_TOMORROW_HOUR, 0, 0, 0);
  return d.getTime();
}
