import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, FakeEvent, resetElectronFake } from '../../test/fakes/electron';
import type { QueueSnapshot, RequestRef } from '../../src-shared/contract';
import { createDeepLinkRouter, registerDeepLinks } from './deep-links';
import { acquireSingleInstance } from './single-instance';

vi.mock('electron', () => import('../../test/fakes/electron'));

const UUID = '3f2c6a1e-8b4d-4c2a-9f1e-0a1b2c3d4e5f';

beforeEach(() => resetElectronFake());

function target(workspaces = ['demo']) {
  const opened: RequestRef[] = [];
  const snap = { seq: 1, generatedAt: 0, requests: [], workspaces: workspaces.map((id) => ({ id })) } as unknown as QueueSnapshot;
  return { opened, t: { snapshot: () => snap, openRequest: (r: RequestRef) => opened.push(r) } };
}

describe('single instance', () => {
  it('F44: the second instance quits without starting anything', () => {
    app.singleInstanceLock = false;
    const onSecond = vi.fn();
    expect(acquireSingleInstance({ onSecondInstance: onSecond })).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('F44: the first instance focuses its window and opens the deep link from the second launch argv', () => {
    const win = new BrowserWindow({ show: false });
    const { opened, t } = target();
    const router = createDeepLinkRouter(() => win.show());
    router.attach(t);
    expect(acquireSingleInstance({ onSecondInstance: (argv) => (win.show(), router.handleArgv(argv)) })).toBe(true);
    app.emit('second-instance', new FakeEvent(), ['/usr/bin/fruxon', `fruxon-console://request/${UUID}`], '/home/u', {});
    expect(win.isVisible()).toBe(true);
    expect(win.isFocused()).toBe(true);
    expect(opened).toEqual([{ workspaceId: 'demo', requestId: UUID }]);
    expect(app.quitCalls).toBe(0);
  });
});

describe('deep links', () => {
  it('registers the fruxon-console scheme and handles macOS open-url', () => {
    const { opened, t } = target();
    const router = createDeepLinkRouter(() => undefined);
    registerDeepLinks(router);
    router.attach(t);
    expect(app.defaultProtocolClients.map((c) => c.protocol)).toEqual(['fruxon-console']);
    const e = new FakeEvent();
    app.emit('open-url', e, `fruxon-console://request/${UUID}?workspace=demo`);
    expect(e.defaultPrevented).toBe(true);
    expect(opened).toEqual([{ workspaceId: 'demo', requestId: UUID }]);
  });

  it('queues a link that arrives before the core is ready', () => {
    const { opened, t } = target();
    const shows = vi.fn();
    const router = createDeepLinkRouter(shows);
    router.handleUrl(`fruxon-console://request/${UUID}`);
    expect(opened).toEqual([]);
    router.attach(t);
    expect(opened).toEqual([{ workspaceId: 'demo', requestId: UUID }]);
    expect(shows).toHaveBeenCalledTimes(1);
  });

  it('ignores hostile links', () => {
    const { opened, t } = target();
    const router = createDeepLinkRouter(() => undefined);
    router.attach(t);
    router.handleUrl('fruxon-console://request/../../etc/passwd');
    router.handleUrl('javascript:alert(1)');
    router.handleArgv(['--inspect', 'fruxon-console://approve/all']);
    expect(opened).toEqual([]);
  });

  it('does not guess among several workspaces for an unknown id', () => {
    const { opened, t } = target(['a', 'b']);
    const router = createDeepLinkRouter(() => undefined);
    router.attach(t);
    router.handleUrl(`fruxon-console://request/${UUID}`);
    expect(opened).toEqual([]);
  });
});
