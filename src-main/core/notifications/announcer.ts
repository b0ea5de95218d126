/**
 * Announcing newly pending requests: what to say is notify-policy.ts (pure); this keeps the
 * session's memory (ids already announced, workspaces catching up after a wake-up) and hands
 * each notice to the OS and to the renderer.
 */
import { Push, type NewPendingNotice, type PushContract } from '../../../src-shared/contract';
import type { AccessRequest, RequestView } from '../../../src-shared/domain';
import type { Settings } from '../../../src-shared/settings';
import { noticesFor } from './notify-policy';
import type { Logger } from '../ports';
import type { RequestStore } from '../requests/request-store';

export interface AnnouncerDeps {
  store: Pick<RequestStore, 'get'>;
  toView(row: AccessRequest): RequestView;
  settings(): Settings;
  now(): number;
  /** The native notification (the browser host pushes it instead). */
  notify(notice: NewPendingNotice): void;
  emit(channel: typeof Push.notification, payload: PushContract[typeof Push.notification]): void;
  log: Logger;
}

export interface Announcer {
  /** Newly pending ids of a workspace from a list that was not history. */
  announce(workspaceId: string, newIds: string[], fromPendingList: boolean): void;
  /** Back from sleep: each workspace's next pending list announces its backlog as one summary (F38). */
  catchUp(workspaceIds: string[]): void;
  /** Signed in again or removed: no catch-up summary for it. */
  forget(workspaceId: string): void;
}

/** Creates the announcer. */
export function createAnnouncer(deps: AnnouncerDeps): Announcer {
  /** Keys of requests that were part of a notice this session (the seen-set covers restarts). */
  const announced = new Set<string>();
  /** Workspaces whose next snapshot follows a resume: announce any backlog as one summary. */
  const catchingUp = new Set<string>();

  return {
    announce(workspaceId, newIds, fromPendingList) {
      const wasCatchUp = fromPendingList && catchingUp.delete(workspaceId);
      if (newIds.length === 0) return;
      const views = newIds
        .map((id) => deps.store.get(workspaceId, id))
        .filter((r): r is AccessRequest => r !== undefined)
        .map(deps.toView);
      const decision = noticesFor({ newlyPending: views, settings: deps.settings(), isAnnounced: (key) => announced.has(key), now: deps.now(), catchUp: wasCatchUp });
      for (const key of decision.announced) announced.add(key);
      for (const notice of decision.notices) {
        try {
          deps.notify(notice);
        } catch (err) {
          deps.log.warn('native notification failed', { err: String(err) });
        }
        deps.emit(Push.notification, notice);
      }
    },
    catchUp(workspaceIds) {
      for (const id of workspaceIds) catchingUp.add(id);
    },
    forget(workspaceId) {
      catchingUp.delete(workspaceId);
    },
  };
}
