/**
 * The push stream of the core: listeners (the IPC adapter, the browser host), and queue
 * snapshots published at once after a decision or coalesced to one per SNAPSHOT_COALESCE_MS
 * after polls, never repeating the last push.
 */
import { Push, type PushChannel, type PushContract, type QueueSnapshot, type Unsubscribe } from '../../../src-shared/contract';
import type { RequestView, WorkspaceStatus } from '../../../src-shared/domain';
import type { Logger, Timers } from '../ports';

/** Snapshots caused by polls are coalesced to at most one per this many ms. */
export const SNAPSHOT_COALESCE_MS = 100;

export type PushListener = <P extends PushChannel>(channel: P, payload: PushContract[P]) => void;

export interface SnapshotPublisherDeps {
  /** The queue's requests (the same array while unchanged) and its revision. */
  requests(): RequestView[];
  requestsRev(): number;
  statuses(): WorkspaceStatus[];
  now(): number;
  timers: Timers;
  log: Logger;
}

export interface SnapshotPublisher {
  subscribe(listener: PushListener): Unsubscribe;
  emit<P extends PushChannel>(channel: P, payload: PushContract[P]): void;
  /** The current snapshot (for `queue:get-snapshot`, the tray). */
  snapshot(): QueueSnapshot;
  /** Publishes at once, unless nothing changed since the last push. */
  publishNow(): void;
  /** Publishes within SNAPSHOT_COALESCE_MS (only while started). */
  schedule(): void;
  start(): void;
  stop(): void;
}

/** Creates the push stream and the snapshot publisher. */
export function createSnapshotPublisher(deps: SnapshotPublisherDeps): SnapshotPublisher {
  const listeners = new Set<PushListener>();
  let seq = 0;
  let timer: unknown = null;
  let started = false;
  /** What the last push carried, to skip pushes that would repeat it. */
  let published: { requests: RequestView[]; workspaces: string } | null = null;

  function emit<P extends PushChannel>(channel: P, payload: PushContract[P]): void {
    for (const l of [...listeners]) {
      try {
        l(channel, payload);
      } catch (err) {
        deps.log.error('push listener failed', { channel, err: String(err) });
      }
    }
  }

  function cancel(): void {
    if (timer !== null) deps.timers.clearTimeout(timer);
    timer = null;
  }

  function publishNow(): void {
    cancel();
    const requests = deps.requests();
    const statuses = deps.statuses();
    const statusText = JSON.stringify(statuses);
    if (published && published.requests === requests && published.workspaces === statusText) return;
    published = { requests, workspaces: statusText };
    seq += 1;
    emit(Push.snapshot, { seq, generatedAt: deps.now(), requests, workspaces: statuses, requestsRev: deps.requestsRev() });
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit,
    snapshot() {
      const requests = deps.requests();
      return { seq, generatedAt: deps.now(), requests, workspaces: deps.statuses(), requestsRev: deps.requestsRev() };
    },
    publishNow,
    schedule() {
      if (!started || timer !== null) return;
      timer = deps.timers.setTimeout(() => {
        timer = null;
        publishNow();
      }, SNAPSHOT_COALESCE_MS);
    },
    start() {
      started = true;
    },
    stop() {
      started = false;
      cancel();
    },
  };
}
