// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { aRequest, aSnapshot, aWorkspace } from '../../test/fakes/builders';
import { useQueueStore } from './queue';

describe('queue store', () => {
  it('applies snapshots in seq order and ignores older ones', () => {
    const s = useQueueStore.getState();
    expect(s.applySnapshot(aSnapshot([aRequest({ id: 'a' })], { seq: 3 }))).toBe(true);
    expect(useQueueStore.getState().applySnapshot(aSnapshot([], { seq: 2 }))).toBe(false);
    expect(useQueueStore.getState().requests.map((r) => r.id)).toEqual(['a']);
    expect(useQueueStore.getState().applySnapshot(aSnapshot([], { seq: 3 }))).toBe(true);
    expect(useQueueStore.getState().requests).toEqual([]);
  });

  it('F33: a snapshot taken before a decision landed does not bring the row back to Pending', () => {
    const row = aRequest({ id: 'a', modifiedAt: 100 });
    useQueueStore.getState().applySnapshot(aSnapshot([row], { seq: 1 }));
    useQueueStore.getState().patchRequest({ ...row, status: 'APPROVED', modifiedAt: 200 });
    useQueueStore.getState().applySnapshot(aSnapshot([row], { seq: 2 }));
    expect(useQueueStore.getState().requests[0]!.status).toBe('APPROVED');
    // A later snapshot with the server's newer copy takes over again.
    useQueueStore.getState().applySnapshot(aSnapshot([{ ...row, status: 'APPROVED', modifiedAt: 200, processingNote: 'server' }], { seq: 3 }));
    expect(useQueueStore.getState().requests[0]!.processingNote).toBe('server');
    expect(useQueueStore.getState().patches).toEqual({});
  });
});

describe('snapshots that only change a workspace’s status', () => {
  it('keep the rows the store already has when requestsRev is the same (nothing re-sorted or re-filtered)', () => {
    const rows = [aRequest({ id: 'a' }), aRequest({ id: 'b' })];
    useQueueStore.getState().applySnapshot(aSnapshot(rows, { seq: 1, requestsRev: 4 }));
    const held = useQueueStore.getState().requests;
    // The same rows arriving again as new objects (another message) with the same revision.
    const again = aSnapshot(structuredClone(rows), { seq: 2, requestsRev: 4, workspaces: [aWorkspace({ label: 'Renamed' })] });
    expect(useQueueStore.getState().applySnapshot(again)).toBe(true);
    const s = useQueueStore.getState();
    expect(s.requests).toBe(held);
    expect(s.seq).toBe(2);
    expect(s.workspaces[0]!.label).toBe('Renamed');
    // A new revision, or none at all, is applied in full.
    useQueueStore.getState().applySnapshot(aSnapshot([rows[0]!], { seq: 3, requestsRev: 5 }));
    expect(useQueueStore.getState().requests.map((r) => r.id)).toEqual(['a']);
    useQueueStore.getState().applySnapshot(aSnapshot(rows, { seq: 4 }));
    expect(useQueueStore.getState().requests.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('F33: with a local decision pending, a same-revision snapshot still goes through the full check', () => {
    const row = aRequest({ id: 'a', modifiedAt: 100 });
    useQueueStore.getState().applySnapshot(aSnapshot([row], { seq: 1, requestsRev: 1 }));
    useQueueStore.getState().patchRequest({ ...row, status: 'APPROVED', modifiedAt: 200 });
    useQueueStore.getState().applySnapshot(aSnapshot([row], { seq: 2, requestsRev: 1 }));
    expect(useQueueStore.getState().requests[0]!.status).toBe('APPROVED');
  });
});

describe('read-only agents', () => {
  it('F22: whether a row can be decided is core\'s answer, shown as each snapshot gives it; the renderer keeps no rule of its own', () => {
    const reason = 'You don’t have permission (Editor role needed).';
    const a = aRequest({ id: 'a', agentId: 'ro' });
    const b = aRequest({ id: 'b', agentId: 'ro' });
    const c = aRequest({ id: 'c', agentId: 'ok' });
    const canDecide = () => Object.fromEntries(useQueueStore.getState().requests.map((r) => [r.id, r.canDecide]));
    useQueueStore.getState().applySnapshot(aSnapshot([a, b, c], { seq: 1, requestsRev: 1 }));
    expect(canDecide()).toEqual({ a: true, b: true, c: true });
    // After a 403, core marks the agent read-only and pushes the rows again.
    const ro = (r: typeof a) => ({ ...r, canDecide: false, readOnlyReason: reason });
    useQueueStore.getState().applySnapshot(aSnapshot([ro(a), ro(b), c], { seq: 2, requestsRev: 2 }));
    expect(canDecide()).toEqual({ a: false, b: false, c: true });
    expect(useQueueStore.getState().requests[0]!.readOnlyReason).toBe(reason);
    // Signed in again with another role: core lifts it, and so does the page.
    useQueueStore.getState().applySnapshot(aSnapshot([a, b, c], { seq: 3, requestsRev: 3 }));
    expect(canDecide()).toEqual({ a: true, b: true, c: true });
  });
});
