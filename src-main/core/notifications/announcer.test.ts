import { describe, expect, it } from 'vitest';
import { Push, type NewPendingNotice } from '../../../src-shared/contract';
import type { AccessRequest, WorkspaceStatus } from '../../../src-shared/domain';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { anAccessRequest, aRequest, aWorkspace, T0 } from '../../../test/fakes/builders';
import { manualTimers } from '../../../test/support/timers';
import type { Logger } from '../ports';
import { CATCH_UP_WAIT_MS, createAnnouncer, SOUND_GAP_MS } from './announcer';

function setup(options: { notifyThrows?: boolean; workspaces?: WorkspaceStatus[]; sound?: boolean } = {}) {
  let now = T0;
  const rows = new Map<string, AccessRequest>();
  const native: NewPendingNotice[] = [];
  const pushed: NewPendingNotice[] = [];
  const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
  const log: Logger = { info: () => {}, warn: (m, meta) => warnings.push([m, meta]), error: () => {} };
  const timers = manualTimers();
  const announcer = createAnnouncer({
    store: { get: (ws, id) => rows.get(`${ws}/${id}`) },
    toView: (row) => aRequest({ ...row }),
    settings: () => ({ ...DEFAULT_SETTINGS, sound: options.sound ?? DEFAULT_SETTINGS.sound }),
    workspaces: () => options.workspaces ?? [aWorkspace({ id: 'ws-1' })],
    now: () => now,
    notify: (n) => {
      if (options.notifyThrows) throw new Error('notification daemon gone');
      native.push(n);
    },
    emit: (channel, n) => {
      expect(channel).toBe(Push.notification);
      pushed.push(n);
    },
    log,
    timers,
  });
  const add = (n: number, workspaceId = 'ws-1'): string[] =>
    Array.from({ length: n }, () => {
      const r = anAccessRequest({ workspaceId });
      rows.set(`${workspaceId}/${r.id}`, r);
      return r.id;
    });
  return { announcer, native, pushed, warnings, add, timers, later: (ms: number) => void (now += ms) };
}

describe('announcer', () => {
  it('with two workspaces signed in, a notice names its request\'s workspace, as the rows do; with one, none', () => {
    const two = setup({ workspaces: [aWorkspace({ id: 'ws-1', label: 'Acme EU' }), aWorkspace({ id: 'ws-2', label: 'Globex' })] });
    two.announcer.announce('ws-2', two.add(1, 'ws-2'), true);
    expect(two.native[0]!.body).toMatch(/^Globex · /);
    const one = setup({ workspaces: [aWorkspace({ id: 'ws-1', label: 'Acme EU' })] });
    one.announcer.announce('ws-1', one.add(1), true);
    expect(one.native[0]!.body).not.toContain('Acme EU');
  });

  it('two workspaces announcing at once chime once, not once each; a request a while later chimes again', () => {
    const t = setup({ sound: true, workspaces: [aWorkspace({ id: 'ws-1', label: 'Acme' }), aWorkspace({ id: 'ws-2', label: 'Globex' })] });
    t.announcer.announce('ws-1', t.add(1, 'ws-1'), true);
    t.later(300);
    t.announcer.announce('ws-2', t.add(1, 'ws-2'), true);
    t.later(SOUND_GAP_MS);
    t.announcer.announce('ws-2', t.add(1, 'ws-2'), true);
    expect(t.native.map((n) => n.sound)).toEqual([true, false, true]);
    expect(t.pushed.map((n) => n.sound)).toEqual([true, false, true]);
    // The clock set back an hour (a VM resumed, NTP): the next request still chimes.
    t.later(-3_600_000);
    t.announcer.announce('ws-1', t.add(1, 'ws-1'), true);
    expect(t.native.at(-1)!.sound).toBe(true);
  });

  it('announces each newly pending request once, to the OS and to the window alike', () => {
    const t = setup();
    const ids = t.add(2);
    t.announcer.announce('ws-1', ids, true);
    t.announcer.announce('ws-1', ids, true);
    expect(t.native.map((n) => [n.grouped, n.requests.map((r) => r.requestId)])).toEqual([
      [false, [ids[0]]],
      [false, [ids[1]]],
    ]);
    expect(t.pushed).toEqual(t.native);
  });

  it('F38: after a wake-up, the next pending list announces its backlog as one summary; a history list in between does not use it up', () => {
    const t = setup();
    t.announcer.catchUp(['ws-1']);
    t.announcer.announce('ws-1', [], false); // the history refresh that came first
    const ids = t.add(2);
    t.announcer.announce('ws-1', ids, true);
    expect(t.native.map((n) => [n.grouped, n.title])).toEqual([[true, '2 new access requests while you were away']]);
    // Only once: the tick after is an ordinary one.
    t.announcer.announce('ws-1', t.add(2), true);
    expect(t.native.slice(1).map((n) => n.grouped)).toEqual([false, false]);
  });

  it('F38: several workspaces after one wake-up: one summary for all their backlogs, said once every one has listed', () => {
    const t = setup();
    t.announcer.catchUp(['ws-1', 'ws-2']);
    const first = t.add(2);
    t.announcer.announce('ws-1', first, true);
    expect(t.native).toEqual([]);
    const second = t.add(1, 'ws-2');
    t.announcer.announce('ws-2', second, true);
    expect(t.native.map((n) => [n.grouped, n.title, n.requests.map((r) => `${r.workspaceId}/${r.requestId}`)])).toEqual([
      [true, '3 new access requests while you were away', [...first.map((id) => `ws-1/${id}`), `ws-2/${second[0]}`]],
    ]);
    expect(t.timers.scheduled()).toEqual([]);
  });

  it('F38: a workspace that does not list within CATCH_UP_WAIT_MS (offline, say) is not waited for: the others\' backlog is said, its own later as usual', () => {
    const t = setup();
    t.announcer.catchUp(['ws-1', 'ws-2']);
    t.announcer.announce('ws-1', t.add(2), true);
    expect(t.timers.scheduled()).toEqual([CATCH_UP_WAIT_MS]);
    t.timers.runDelay(CATCH_UP_WAIT_MS);
    expect(t.native.map((n) => n.title)).toEqual(['2 new access requests while you were away']);
    t.announcer.announce('ws-2', t.add(1, 'ws-2'), true);
    expect(t.native.slice(1).map((n) => [n.grouped, n.requests[0]!.workspaceId])).toEqual([[false, 'ws-2']]);
  });

  it('F38: the last workspace waited for signing out says the backlog of the others at once', () => {
    const t = setup();
    t.announcer.catchUp(['ws-1', 'ws-2']);
    t.announcer.announce('ws-2', t.add(2, 'ws-2'), true);
    t.announcer.forget('ws-1');
    expect(t.native.map((n) => n.title)).toEqual(['2 new access requests while you were away']);
  });

  it('F38: asleep again before the backlog was said: it waits, and the next wake-up says it with what came since, once', () => {
    const t = setup();
    t.announcer.catchUp(['ws-1', 'ws-2']);
    t.announcer.announce('ws-1', t.add(2), true);
    t.announcer.pause();
    expect(t.timers.scheduled()).toEqual([]);
    t.announcer.catchUp(['ws-1', 'ws-2']);
    t.announcer.announce('ws-1', t.add(1), true);
    t.announcer.announce('ws-2', t.add(1, 'ws-2'), true);
    expect(t.native.map((n) => n.title)).toEqual(['4 new access requests while you were away']);
  });

  it('stopped while a backlog waits: nothing is said afterwards', () => {
    const t = setup();
    t.announcer.catchUp(['ws-1', 'ws-2']);
    t.announcer.announce('ws-1', t.add(2), true);
    t.announcer.stop();
    expect(t.timers.scheduled()).toEqual([]);
    t.announcer.announce('ws-2', t.add(1, 'ws-2'), true);
    expect(t.native.map((n) => n.grouped)).toEqual([false]);
  });

  it('signed in again or removed: a workspace forgotten after a wake-up gets ordinary notices', () => {
    const t = setup();
    t.announcer.catchUp(['ws-1', 'ws-2']);
    t.announcer.forget('ws-1');
    t.announcer.announce('ws-1', t.add(2), true);
    t.announcer.announce('ws-2', t.add(2, 'ws-2'), true);
    expect(t.native.map((n) => [n.grouped, n.requests[0]!.workspaceId])).toEqual([
      [false, 'ws-1'],
      [false, 'ws-1'],
      [true, 'ws-2'],
    ]);
  });

  it('an id the store no longer holds (decided in between) is left out, not announced as a blank', () => {
    const t = setup();
    const [id] = t.add(1);
    t.announcer.announce('ws-1', ['req-gone', id!], true);
    expect(t.native.map((n) => n.requests.map((r) => r.requestId))).toEqual([[id]]);
  });

  it('a failing native notification is logged and the window still hears of the request', () => {
    const t = setup({ notifyThrows: true });
    const ids = t.add(1);
    t.announcer.announce('ws-1', ids, true);
    expect(t.pushed.map((n) => n.requests[0]!.requestId)).toEqual(ids);
    expect(t.warnings).toEqual([['native notification failed', { err: 'Error: notification daemon gone' }]]);
  });
});
