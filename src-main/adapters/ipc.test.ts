import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, Invoke, Push, type InvokeHandlers, type PushChannel, type PushContract, type QueueSnapshot } from '../../src-shared/contract';
import { ok } from '../../src-shared/domain';
import { FakeWebContents, FakeWebFrameMain, ipcEvent, ipcMain, resetElectronFake } from '../../test/fakes/electron';
import { snapshotFromWire } from '../../src-shared/snapshot-wire';
import { INTENT_HOLD_MS, registerIpcHandlers } from './ipc';

vi.mock('electron', () => import('../../test/fakes/electron'));

const APP = 'app://console';
const SNAPSHOT: QueueSnapshot = { seq: 1, generatedAt: 0, requests: [], workspaces: [] };

function fakeCore() {
  const calls: Array<{ channel: string; input: unknown }> = [];
  const listeners = new Set<(c: PushChannel, p: unknown) => void>();
  const handlers = Object.fromEntries(
    INVOKE_CHANNELS.map((c) => [
      c,
      async (input: unknown) => {
        calls.push({ channel: c, input });
        if (c === Invoke.getSnapshot) return SNAPSHOT;
        if (c === Invoke.approve) throw new Error('boom with Bearer fx_pat_secret123');
        if (c === Invoke.getInfo) throw new Error('plain boom');
        return ok(null);
      },
    ]),
  ) as unknown as InvokeHandlers;
  return {
    calls,
    core: {
      handlers,
      subscribe: (l: <P extends PushChannel>(c: P, p: PushContract[P]) => void) => {
        listeners.add(l as never);
        return () => listeners.delete(l as never);
      },
    },
    push: (c: PushChannel, p: unknown) => listeners.forEach((l) => l(c, p)),
    listenerCount: () => listeners.size,
  };
}

let ours: FakeWebContents;
let other: FakeWebContents;
let f: ReturnType<typeof fakeCore>;
let dispose: () => void;

beforeEach(() => {
  resetElectronFake();
  ours = new FakeWebContents();
  void ours.loadURL('app://console/index.html');
  other = new FakeWebContents();
  void other.loadURL('https://evil.example/');
  f = fakeCore();
  dispose = registerIpcHandlers({ core: f.core, appOrigin: APP, isOurContents: (wc) => wc === ours, pushTargets: () => [ours, other] });
});

const mainFrame = () => new FakeWebFrameMain('app://console/index.html');
const trusted = () => ipcEvent(mainFrame(), ours);

describe('invoke handlers', () => {
  it('registers exactly one handler per invoke channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('passes a validated input from our main frame to the core', async () => {
    const input = { workspaceId: 'w', requestId: 'r1', note: 'no' };
    await expect(ipcMain.invoke(Invoke.reject, trusted(), input)).resolves.toEqual({ ok: true, output: ok(null) });
    expect(f.calls).toEqual([{ channel: Invoke.reject, input }]);
  });

  it('a no-input channel works with zero arguments; a snapshot is answered on the shared wire (columns)', async () => {
    const reply = (await ipcMain.invoke(Invoke.getSnapshot, trusted())) as { ok: true; output: unknown };
    expect(reply.ok).toBe(true);
    expect(Object.keys(reply.output as object)).toContain('requestsColumns');
    expect(snapshotFromWire(reply.output, null)).toEqual(SNAPSHOT);
  });

  it.each([
    ['S17: null senderFrame (navigated or destroyed)', () => ipcEvent(null, ours)],
    ['S17: foreign origin', () => ipcEvent(new FakeWebFrameMain('https://evil.example/'), ours)],
    ['S17: look-alike origin', () => ipcEvent(new FakeWebFrameMain('app://console.evil/index.html'), ours)],
    ['S17: subframe of our page', () => ipcEvent(new FakeWebFrameMain('app://console/frame.html', mainFrame()), ours)],
    ['S17: another webContents', () => ipcEvent(mainFrame(), other)],
  ])('%s is rejected before the core runs', async (_name, event) => {
    await expect(ipcMain.invoke(Invoke.reject, event(), { workspaceId: 'w', requestId: 'r' })).rejects.toThrow('Rejected.');
    expect(f.calls).toHaveLength(0);
  });

  it('S17: a frame that throws on access (disposed) counts as no frame', async () => {
    const event = { sender: ours, get senderFrame(): never { throw new Error('Render frame was disposed') } };
    await expect(ipcMain.invoke(Invoke.getSnapshot, event)).rejects.toThrow('Rejected.');
  });

  it('F19: invalid input comes back as a bad-input Result and never reaches the core', async () => {
    const res = await ipcMain.invoke(Invoke.reject, trusted(), { workspaceId: 'w', requestId: 'r', note: 'x'.repeat(4001) });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const nul = await ipcMain.invoke(Invoke.approve, trusted(), { workspaceId: 'w', requestId: 'r', mode: 'CREATE_NEW', note: 'a\u0000b' });
    expect(nul).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(f.calls).toHaveLength(0);
  });

  it('more than one argument is bad input', async () => {
    const res = await ipcMain.invoke(Invoke.refreshNow, trusted(), undefined, 'extra');
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('bad input on a plain-output channel is a failed reply too (the preload rejects with its message)', async () => {
    const res = await ipcMain.invoke(Invoke.getSnapshot, trusted(), { unexpected: 1 });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/Invalid input/) } });
  });

  it('a throwing handler becomes an internal error that says what to do; its text (maybe a token) never crosses', async () => {
    const res = await ipcMain.invoke(Invoke.approve, trusted(), { workspaceId: 'w', requestId: 'r', mode: 'CREATE_NEW' });
    expect(res).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/Try again/) } });
    expect(JSON.stringify(res)).not.toContain('fx_pat');
    await expect(ipcMain.invoke(Invoke.getInfo, trusted())).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('overrides replace a core handler', async () => {
    dispose();
    registerIpcHandlers({
      core: f.core,
      appOrigin: APP,
      isOurContents: (wc) => wc === ours,
      pushTargets: () => [],
      overrides: { [Invoke.copyDiagnostics]: async () => 'copied' },
    });
    await expect(ipcMain.invoke(Invoke.copyDiagnostics, trusted())).resolves.toEqual({ ok: true, output: 'copied' });
  });

  it('dispose removes every handler and the push subscription', () => {
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(f.listenerCount()).toBe(0);
  });
});

describe('pushes', () => {
  it('go to our page only, never to a foreign page', () => {
    f.push(Push.snapshot, SNAPSHOT);
    expect(ours.sent.map((m) => m.channel)).toEqual([Push.snapshot]);
    expect(snapshotFromWire(ours.sent[0]!.args[0], null)).toEqual(SNAPSHOT);
    expect(other.sent).toEqual([]);
  });

  it('a request to open (deep link at launch) waits for the page to listen, then arrives after its first snapshot', async () => {
    const ref = { workspaceId: 'w', requestId: 'r1' };
    f.push(Push.openRequest, ref);
    f.push(Push.showView, { view: 'settings' });
    expect(ours.sent).toEqual([]); // the page is still loading: sending now would lose it
    await ipcMain.invoke(Invoke.getSnapshot, trusted());
    await new Promise((r) => setTimeout(r, 0)); // sent after the snapshot answer
    expect(ours.sent).toEqual([
      { channel: Push.openRequest, args: [ref] },
      { channel: Push.showView, args: [{ view: 'settings' }] },
    ]);
    expect(other.sent).toEqual([]);
    // Once listening, the page gets it at once and nothing is held for a later snapshot.
    f.push(Push.openRequest, { workspaceId: 'w', requestId: 'r2' });
    expect(ours.sent.at(-1)).toEqual({ channel: Push.openRequest, args: [{ workspaceId: 'w', requestId: 'r2' }] });
    await ipcMain.invoke(Invoke.getSnapshot, trusted());
    await new Promise((r) => setTimeout(r, 0));
    expect(ours.sent.filter((m) => m.channel === Push.openRequest)).toHaveLength(2);
  });

  it('a page that reloads holds intents again until the new page asks for its snapshot', async () => {
    await ipcMain.invoke(Invoke.getSnapshot, trusted());
    f.push(Push.openRequest, { workspaceId: 'w', requestId: 'before' });
    expect(ours.sent.at(-1)).toEqual({ channel: Push.openRequest, args: [{ workspaceId: 'w', requestId: 'before' }] });
    ours.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    f.push(Push.showView, { view: 'settings' }); // an in-page navigation keeps the page listening
    expect(ours.sent.at(-1)).toEqual({ channel: Push.showView, args: [{ view: 'settings' }] });
    ours.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    f.push(Push.showView, { view: 'pending' }); // a subframe navigating does not either
    expect(ours.sent.at(-1)).toEqual({ channel: Push.showView, args: [{ view: 'pending' }] });
    const sent = ours.sent.length;
    ours.reload();
    ours.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    f.push(Push.openRequest, { workspaceId: 'w', requestId: 'during-reload' });
    expect(ours.sent).toHaveLength(sent); // the old page is going away: sending now would lose it
    await ipcMain.invoke(Invoke.getSnapshot, trusted());
    await new Promise((r) => setTimeout(r, 0));
    expect(ours.sent.at(-1)).toEqual({ channel: Push.openRequest, args: [{ workspaceId: 'w', requestId: 'during-reload' }] });
  });

  it('a page that reloads again and again is watched by one listener, not one more per reload', async () => {
    for (let i = 0; i < 5; i++) {
      await ipcMain.invoke(Invoke.getSnapshot, trusted());
      ours.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    }
    expect(ours.listenerCount('did-start-navigation')).toBe(1);
  });

  it('only the latest request to open is held, and not for ever', async () => {
    dispose();
    let t = 0;
    dispose = registerIpcHandlers({ core: f.core, appOrigin: APP, isOurContents: (wc) => wc === ours, pushTargets: () => [ours], now: () => t });
    f.push(Push.openRequest, { workspaceId: 'w', requestId: 'old' });
    f.push(Push.openRequest, { workspaceId: 'w', requestId: 'latest' });
    f.push(Push.showView, { view: 'signin' });
    t = INTENT_HOLD_MS + 1;
    f.push(Push.openRequest, { workspaceId: 'w', requestId: 'fresh' });
    await ipcMain.invoke(Invoke.getSnapshot, trusted());
    await new Promise((r) => setTimeout(r, 0));
    expect(ours.sent).toEqual([{ channel: Push.openRequest, args: [{ workspaceId: 'w', requestId: 'fresh' }] }]);
  });

  it('skip destroyed webContents', () => {
    ours.destroyed = true;
    expect(() => f.push(Push.snapshot, SNAPSHOT)).not.toThrow();
    expect(ours.sent).toEqual([]);
  });
});

/** A logger that keeps its lines, as support reads them in the log file. */
function recordingLog() {
  const lines: Array<[level: string, msg: string, meta: Record<string, unknown> | undefined]> = [];
  const at = (level: string) => (msg: string, meta?: Record<string, unknown>) => void lines.push([level, msg, meta]);
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('what support reads in the log', () => {
  const SECRET = 'fx_pat_leaked42';

  function withLog(pushTargets: () => FakeWebContents[] = () => [ours, other]) {
    dispose();
    const rec = recordingLog();
    dispose = registerIpcHandlers({
      core: { ...f.core, secrets: () => [SECRET] },
      appOrigin: APP,
      isOurContents: (wc) => wc === ours,
      pushTargets,
      log: rec.log,
    });
    return rec;
  }

  it.each([
    ['a foreign origin', () => ipcEvent(new FakeWebFrameMain(`https://evil.example/${'x'.repeat(300)}`), ours), `https://evil.example/${'x'.repeat(300)}`.slice(0, 200), true],
    ['a subframe of our page', () => ipcEvent(new FakeWebFrameMain('app://console/frame.html', mainFrame()), ours), 'app://console/frame.html', false],
    ['no frame at all', () => ipcEvent(null, ours), null, null],
  ])('a refused sender (%s) is logged with the channel, its URL cut to 200 characters and whether it was the main frame', async (_name, event, url, isMainFrame) => {
    const { lines } = withLog();
    await expect(ipcMain.invoke(Invoke.getSettings, event())).rejects.toThrow('Rejected.');
    expect(lines).toEqual([['warn', 'rejected IPC from an untrusted sender', { channel: Invoke.getSettings, url, isMainFrame }]]);
  });

  it('a credential in a push is redacted, the page gets the rest, and the redaction is logged once', () => {
    const { lines } = withLog();
    f.push(Push.settings, { note: `token ${SECRET} here`, pollSeconds: 30 });
    expect(JSON.stringify(ours.sent)).not.toContain(SECRET);
    expect(ours.sent[0]).toMatchObject({ channel: Push.settings, args: [{ pollSeconds: 30 }] });
    expect(lines).toEqual([['error', 'IPC: redacted a credential from an answer or push', { where: 'value' }]]);
  });

  it('a credential in a snapshot is redacted from the frame sent, logged once (not once more for the raw snapshot)', () => {
    const { lines } = withLog();
    const leaky = { ...SNAPSHOT, workspaces: [{ id: 'w', label: `key ${SECRET}` }] } as unknown as QueueSnapshot;
    f.push(Push.snapshot, leaky);
    expect(ours.sent).toHaveLength(1);
    expect(JSON.stringify(ours.sent)).not.toContain(SECRET);
    expect(lines).toEqual([['error', 'IPC: redacted a credential from an answer or push', { where: 'value' }]]);
  });

  it('a push that one page cannot take is logged, and our other pages still get it', () => {
    const second = new FakeWebContents();
    void second.loadURL('app://console/index.html');
    const broken = new FakeWebContents();
    void broken.loadURL('app://console/index.html');
    broken.send = () => {
      throw new Error('Object has been destroyed');
    };
    const { lines } = withLog(() => [broken, second]);
    f.push(Push.settings, { pollSeconds: 30 });
    expect(second.sent).toEqual([{ channel: Push.settings, args: [{ pollSeconds: 30 }] }]);
    expect(lines).toEqual([['warn', 'push failed', { channel: Push.settings, err: 'Error: Object has been destroyed' }]]);
  });
});

describe('held intents', () => {
  it('a request to open held exactly INTENT_HOLD_MS is still delivered', async () => {
    dispose();
    let t = 0;
    dispose = registerIpcHandlers({ core: f.core, appOrigin: APP, isOurContents: (wc) => wc === ours, pushTargets: () => [ours], now: () => t });
    f.push(Push.openRequest, { workspaceId: 'w', requestId: 'r1' });
    t = INTENT_HOLD_MS;
    await ipcMain.invoke(Invoke.getSnapshot, trusted());
    await new Promise((r) => setTimeout(r, 0));
    expect(ours.sent).toEqual([{ channel: Push.openRequest, args: [{ workspaceId: 'w', requestId: 'r1' }] }]);
  });

  it.each([
    ['navigates to a foreign page', (wc: FakeWebContents) => void wc.loadURL('https://evil.example/')],
    ['is destroyed', (wc: FakeWebContents) => void (wc.destroyed = true)],
  ])('a held intent is dropped when the page %s before it is sent', async (_name, leave) => {
    f.push(Push.openRequest, { workspaceId: 'w', requestId: 'r1' });
    await ipcMain.invoke(Invoke.getSnapshot, trusted());
    leave(ours);
    await new Promise((r) => setTimeout(r, 0));
    expect(ours.sent).toEqual([]);
  });

  it('with two of our pages, one listening is enough: the intent goes out at once', async () => {
    dispose();
    const loading = new FakeWebContents();
    void loading.loadURL('app://console/index.html');
    dispose = registerIpcHandlers({ core: f.core, appOrigin: APP, isOurContents: (wc) => wc === ours, pushTargets: () => [ours, loading] });
    await ipcMain.invoke(Invoke.getSnapshot, trusted());
    f.push(Push.showView, { view: 'settings' });
    expect(ours.sent).toEqual([{ channel: Push.showView, args: [{ view: 'settings' }] }]);
  });
});
