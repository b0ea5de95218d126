import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, FakeEvent, resetElectronFake } from '../../test/fakes/electron';
import type { QueueSnapshot, RequestRef } from '../../src-shared/contract';
import type { Logger } from '../core/ports';
import { createDeepLinkRouter, registerDeepLinks } from './deep-links';
import { acquireSingleInstance } from './single-instance';

vi.mock('electron', () => import('../../test/fakes/electron'));

const UUID = '3f2c6a1e-8b4d-4c2a-9f1e-0a1b2c3d4e5f';

beforeEach(() => resetElectronFake());

/** A core with these workspaces and no requests; `holder` is the workspace whose server has any id asked for (none by default). */
function target(workspaces = ['demo'], holder: string | null = null) {
  const opened: RequestRef[] = [];
  const located: string[] = [];
  const snap = { seq: 1, generatedAt: 0, requests: [], workspaces: workspaces.map((id) => ({ id })) } as unknown as QueueSnapshot;
  const locateRequest = async (requestId: string) => {
    located.push(requestId);
    return holder === null ? null : { workspaceId: holder, requestId };
  };
  return { opened, located, t: { snapshot: () => snap, openRequest: (r: RequestRef) => void opened.push(r), locateRequest } };
}

const settle = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

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

  it('does not guess among several workspaces for an id none of them has', async () => {
    const { opened, located, t } = target(['a', 'b']);
    const router = createDeepLinkRouter(() => undefined);
    router.attach(t);
    router.handleUrl(`fruxon-console://request/${UUID}`);
    await settle();
    expect(located).toEqual([UUID]);
    expect(opened).toEqual([]);
  });

  it('several workspaces, a link without ?workspace= for a request the queue does not hold yet (the launch link, before the first polls): the workspace whose server has it opens it', async () => {
    const { opened, located, t } = target(['a', 'b'], 'b');
    const router = createDeepLinkRouter(() => undefined);
    router.handleUrl(`fruxon-console://request/${UUID}`);
    router.attach(t);
    await settle();
    expect(located).toEqual([UUID]);
    expect(opened).toEqual([{ workspaceId: 'b', requestId: UUID }]);
  });

  it('a lookup still running when another link comes opens nothing: only the latest link counts', async () => {
    const opened: RequestRef[] = [];
    const answers: Array<(ref: RequestRef | null) => void> = [];
    const snap = { seq: 1, generatedAt: 0, requests: [], workspaces: [{ id: 'a' }, { id: 'b' }] } as unknown as QueueSnapshot;
    const t = { snapshot: () => snap, openRequest: (r: RequestRef) => void opened.push(r), locateRequest: () => new Promise<RequestRef | null>((resolve) => answers.push(resolve)) };
    const router = createDeepLinkRouter(() => undefined);
    router.attach(t);
    const OTHER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    router.handleUrl(`fruxon-console://request/${UUID}`);
    router.handleUrl(`fruxon-console://request/${OTHER}`);
    answers[1]!({ workspaceId: 'b', requestId: OTHER });
    answers[0]!({ workspaceId: 'a', requestId: UUID });
    await settle();
    expect(opened).toEqual([{ workspaceId: 'b', requestId: OTHER }]);
  });

  it('a link naming its workspace, or with one workspace only, is never looked for elsewhere', async () => {
    const named = target(['a', 'b'], 'a');
    const router = createDeepLinkRouter(() => undefined);
    router.attach(named.t);
    router.handleUrl(`fruxon-console://request/${UUID}?workspace=gone`);
    await settle();
    expect(named.located).toEqual([]);
    expect(named.opened).toEqual([]);
    const single = target(['only'], 'elsewhere');
    const router2 = createDeepLinkRouter(() => undefined);
    router2.attach(single.t);
    router2.handleUrl(`fruxon-console://request/${UUID}`);
    await settle();
    expect(single.located).toEqual([]);
    expect(single.opened).toEqual([{ workspaceId: 'only', requestId: UUID }]);
  });
});

describe('deep links in the log', () => {
  function recordingLog() {
    const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
    const log: Logger = { info: () => {}, error: () => {}, warn: (msg, meta) => void warnings.push([msg, meta]) };
    return { warnings, log };
  }

  it('a link naming a request no workspace can place still brings the window forward and is logged with its request id', async () => {
    const { opened, t } = target(['a', 'b']);
    const shows = vi.fn();
    const { warnings, log } = recordingLog();
    const router = createDeepLinkRouter(shows, log);
    router.attach(t);
    router.handleUrl(`fruxon-console://request/${UUID}`);
    await settle();
    expect(opened).toEqual([]);
    expect(shows).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual([['deep link names an unknown request or workspace', { requestId: UUID }]]);
  });

  it('an invalid link is logged once and opens nothing; a valid one logs nothing', () => {
    const { opened, t } = target();
    const { warnings, log } = recordingLog();
    const router = createDeepLinkRouter(() => undefined, log);
    router.attach(t);
    router.handleUrl('fruxon-console://request/../../etc/passwd');
    expect(warnings).toEqual([['ignored an invalid deep link', undefined]]);
    expect(opened).toEqual([]);
    router.handleUrl(`fruxon-console://request/${UUID}`);
    expect(warnings).toHaveLength(1);
    expect(opened).toEqual([{ workspaceId: 'demo', requestId: UUID }]);
  });
});

describe('registering the scheme with the OS', () => {
  const realArgv = process.argv;
  afterEach(() => {
    Reflect.deleteProperty(process, 'defaultApp');
    process.argv = realArgv;
  });

  it('a packaged app registers itself as the handler, with no extra arguments', () => {
    registerDeepLinks(createDeepLinkRouter(() => undefined));
    expect(app.defaultProtocolClients).toEqual([{ protocol: 'fruxon-console', path: undefined, args: undefined }]);
  });

  it('in development (electron path/to/app) the OS is told to start Electron with the app script', () => {
    Object.defineProperty(process, 'defaultApp', { value: true, configurable: true });
    process.argv = ['/opt/electron/electron', 'out/main/index.js'];
    registerDeepLinks(createDeepLinkRouter(() => undefined));
    expect(app.defaultProtocolClients).toEqual([{ protocol: 'fruxon-console', path: process.execPath, args: [path.resolve('out/main/index.js')] }]);
  });
});
