/**
 * Announcing newly pending requests: what to say is notify-policy.ts (pure); this keeps the
 * session's memory (ids already announced, workspaces catching up after a wake-up) and hands
 * each notice to the OS and to the renderer.
 */
import { Push, type NewPendingNotice, type PushContract } from '../../../src-shared/contract';
import type { AccessRequest, RequestView, WorkspaceStatus } from '../../../src-shared/domain';
import { workspaceNamesFor } from '../../../src-shared/workspace-names';
import type { Settings } from '../../../src-shared/settings';
import { noticesFor } from './notify-policy';
import type { Logger, Timers } from '../ports';
import type { RequestStore } from '../requests/request-store';

export interface AnnouncerDeps {
  store: Pick<RequestStore, 'get'>;
  toView(row: AccessRequest): RequestView;
  settings(): Settings;
  /** The workspaces (signed in or not): with more than one, each notice names its request's workspace. */
  workspaces(): readonly WorkspaceStatus[];
  /**
   * Takes every known secret out of a request's text before any of it is cut to fit a notice (a
   * token cut in half is no longer a secret anyone can find, and half a token is still too much).
   */
  redact?: <T>(value: T) => T;
  now(): number;
  /** The native notification (the browser host pushes it instead). */
  notify(notice: NewPendingNotice): void;
  emit(channel: typeof Push.notification, payload: PushContract[typeof Push.notification]): void;
  log: Logger;
  /** For the wait for every workspace's first list after a wake-up (CATCH_UP_WAIT_MS). */
  timers: Timers;
}

/**
 * After a wake-up, how long the backlog waits for the workspaces that have not listed yet (each
 * polls 0-3 s after resume; an offline one only once a check gets through) before it is announced
 * without them; they then announce as usual.
 */
export const CATCH_UP_WAIT_MS = 15_000;

/**
 * A notice sounds only if none has sounded for this long: each workspace announces its own list, and
 * workspaces polled together (a Refresh, the same interval) would otherwise chime once each.
 */
export const SOUND_GAP_MS = 2_000;

export interface Announcer {
  /** Newly pending ids of a workspace from a list that was not history. */
  announce(workspaceId: string, newIds: string[], fromPendingList: boolean): void;
  /**
   * Back from sleep: the next pending list of each of these workspaces adds its backlog to one
   * summary for them all, announced once every one has listed (or after CATCH_UP_WAIT_MS) (F38).
   */
  catchUp(workspaceIds: string[]): void;
  /** Signed in again or removed: no catch-up summary for it. */
  forget(workspaceId: string): void;
  /** Asleep or locked again before the backlog was said: it waits for the next catchUp, which restarts the wait. */
  pause(): void;
  /** The core stops: nothing is said any more. */
  stop(): void;
}

/** Creates the announcer. */
export function createAnnouncer(deps: AnnouncerDeps): Announcer {
  /** Keys of requests that were part of a notice this session (the seen-set covers restarts). */
  const announced = new Set<string>();
  /** After a resume: the workspaces whose first pending list is still to come, and the backlog so far. */
  let backlog: { waiting: Set<string>; refs: Array<[workspaceId: string, id: string]>; timer: unknown } | null = null;
  let lastSoundAt = Number.NEGATIVE_INFINITY;

  /** The requests of `refs` as they are now (one that left the store meanwhile is not announced). */
  const viewsOf = (refs: ReadonlyArray<[string, string]>): RequestView[] =>
    refs
      .map(([workspaceId, id]) => deps.store.get(workspaceId, id))
      .filter((r): r is AccessRequest => r !== undefined)
      .map((row) => (deps.redact ? deps.redact(deps.toView(row)) : deps.toView(row)));

  function say(views: RequestView[], catchUp: boolean): void {
    if (views.length === 0) return;
    const decision = noticesFor({
      newlyPending: views,
      settings: deps.settings(),
      isAnnounced: (key) => announced.has(key),
      now: deps.now(),
      catchUp,
      workspaceName: workspaceNamesFor(deps.workspaces()),
    });
    for (const key of decision.announced) announced.add(key);
    for (const said of decision.notices) {
      let notice = said;
      if (notice.sound) {
        const at = deps.now();
        // (A clock set back makes the gap negative: that chimes, rather than none until it catches up.)
        if (at >= lastSoundAt && at - lastSoundAt < SOUND_GAP_MS) notice = { ...notice, sound: false };
        else lastSoundAt = at;
      }
      try {
        deps.notify(notice);
      } catch (err) {
        deps.log.warn('native notification failed', { err: String(err) });
      }
      deps.emit(Push.notification, notice);
    }
  }

  /** The backlog of every workspace that listed since the wake-up, as one summary. */
  function sayBacklog(): void {
    const b = backlog;
    if (!b) return;
    backlog = null;
    deps.timers.clearTimeout(b.timer);
    say(viewsOf(b.refs), true);
  }

  return {
    announce(workspaceId, newIds, fromPendingList) {
      if (fromPendingList && backlog?.waiting.delete(workspaceId)) {
        for (const id of newIds) backlog.refs.push([workspaceId, id]);
        if (backlog.waiting.size === 0) sayBacklog();
        return;
      }
      say(viewsOf(newIds.map((id) => [workspaceId, id])), false);
    },
    catchUp(workspaceIds) {
      // A wake-up while a backlog still waits: the same summary waits for these too.
      const waiting = new Set([...(backlog?.waiting ?? []), ...workspaceIds]);
      const refs = backlog?.refs ?? [];
      if (backlog) deps.timers.clearTimeout(backlog.timer);
      backlog = waiting.size === 0 ? null : { waiting, refs, timer: deps.timers.setTimeout(sayBacklog, CATCH_UP_WAIT_MS) };
      if (backlog === null && refs.length > 0) say(viewsOf(refs), true);
    },
    forget(workspaceId) {
      if (!backlog?.waiting.delete(workspaceId)) return;
      if (backlog.waiting.size === 0) sayBacklog();
    },
    pause() {
      if (backlog) deps.timers.clearTimeout(backlog.timer);
    },
    stop() {
      if (backlog) deps.timers.clearTimeout(backlog.timer);
      backlog = null;
    },
  };
}
