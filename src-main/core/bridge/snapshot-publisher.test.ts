import { describe, expect, it } from 'vitest';
import { Push, type QueueSnapshot } from '../../../src-shared/contract';
import type { RequestView, WorkspaceStatus } from '../../../src-shared/domain';
import { aRequest, aWorkspace } from '../../../test/fakes/builders';
import type { Logger, Timers } from '../ports';
import { createSnapshotPublisher, SNAPSHOT_COALESCE_MS } from './snapshot-publisher';

/** Timers the test fires by hand; `pending` is what is scheduled now. */
function manualTimers() {
  let next = 0;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      next += 1;
      pending.set(next, { fn, ms });
      return next;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  const fireAll = () => {
    for (const [id, t] of [...pending]) {
      pending.delete(id);
      t.fn();
    }
  };
  return { timers, pending, fireAll };
}

function setup() {
  let requests: RequestView[] = [aRequest()];
  let statuses: WorkspaceStatus[] = [aWorkspace()];
  let rev = 1;
  const clock = manualTimers();
  const errors: Array<[string, Record<string, unknown> | undefined]> = [];
  const log: Logger = { info: () => {}, warn: () => {}, error: (m, meta) => errors.push([m, meta]) };
  const publisher = createSnapshotPublisher({
    requests: () => requests,
    requestsRev: () => rev,
    statuses: () => statuses,
    now: () => 1_000,
    timers: clock.timers,
    log,
  });
  const pushed: QueueSnapshot[] = [];
  publisher.subscribe((channel, payload) => {
    if (channel === Push.snapshot) pushed.push(payload as QueueSnapshot);
  });
  return {
    publisher,
    clock,
    errors,
    pushed,
    change: () => {
      requests = [...requests, aRequest()];
      rev += 1;
    },
    setStatuses: (s: WorkspaceStatus[]) => {
      statuses = s;
    },
  };
}

describe('snapshot publisher', () => {
  it('coalesces the polls of one interval into one push after SNAPSHOT_COALESCE_MS, and only once started', () => {
    const t = setup();
    t.publisher.schedule();
    expect(t.clock.pending.size).toBe(0); // not started: nothing is scheduled
    t.publisher.start();
    t.publisher.schedule();
    t.change();
    t.publisher.schedule();
    expect([...t.clock.pending.values()].map((p) => p.ms)).toEqual([SNAPSHOT_COALESCE_MS]);
    t.clock.fireAll();
    expect(t.pushed.map((s) => [s.seq, s.requests.length, s.requestsRev])).toEqual([[1, 2, 2]]);
  });

  it('never repeats the last push; a change of requests or of a workspace status is pushed with the next seq', () => {
    const t = setup();
    t.publisher.publishNow();
    t.publisher.publishNow();
    expect(t.pushed.map((s) => s.seq)).toEqual([1]);
    t.setStatuses([aWorkspace({ label: 'Renamed' })]);
    t.publisher.publishNow();
    t.change();
    t.publisher.publishNow();
    expect(t.pushed.map((s) => [s.seq, s.workspaces[0]!.label, s.requests.length])).toEqual([
      [1, 'Demo', 1],
      [2, 'Renamed', 1],
      [3, 'Renamed', 2],
    ]);
    expect(t.publisher.snapshot()).toMatchObject({ seq: 3, generatedAt: 1_000, requestsRev: 2 });
  });

  it('a push at once (after a decision) takes the place of the one scheduled, and the next poll can schedule again', () => {
    const t = setup();
    t.publisher.start();
    t.publisher.schedule();
    t.change();
    t.publisher.publishNow();
    expect(t.clock.pending.size).toBe(0);
    t.change();
    t.publisher.schedule();
    t.clock.fireAll();
    expect(t.pushed.map((s) => s.requests.length)).toEqual([2, 3]);
  });

  it('stop cancels the scheduled push and schedules no more', () => {
    const t = setup();
    t.publisher.start();
    t.publisher.schedule();
    t.publisher.stop();
    expect(t.clock.pending.size).toBe(0);
    t.publisher.schedule();
    expect(t.clock.pending.size).toBe(0);
    expect(t.pushed).toEqual([]);
  });

  it('an unsubscribed listener hears nothing more; a throwing listener is logged and the others still hear', () => {
    const t = setup();
    const heard: string[] = [];
    const off = t.publisher.subscribe((channel) => heard.push(channel));
    t.publisher.subscribe(() => {
      throw new Error('window gone');
    });
    t.publisher.publishNow();
    off();
    t.change();
    t.publisher.publishNow();
    expect(heard).toEqual([Push.snapshot]);
    expect(t.pushed).toHaveLength(2);
    expect(t.errors).toEqual([
      ['push listener failed', { channel: Push.snapshot, err: 'Error: window gone' }],
      ['push listener failed', { channel: Push.snapshot, err: 'Error: window gone' }],
    ]);
  });
});
