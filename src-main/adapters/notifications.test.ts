import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewPendingNotice, RequestRef } from '../../src-shared/contract';
import { app, Notification, resetElectronFake } from '../../test/fakes/electron';
import { APP_USER_MODEL_ID, createNotifier, prepareNotifications } from './notifications';

vi.mock('electron', () => import('../../test/fakes/electron'));

const notice = (over: Partial<NewPendingNotice> = {}): NewPendingNotice => ({
  id: 'n1',
  title: 'New request on WhatsApp',
  body: 'Tom & <b>Jerry</b> · +15550100 · Support bot',
  requests: [{ workspaceId: 'demo', requestId: 'r1' }],
  grouped: false,
  sound: false,
  ...over,
});

beforeEach(() => resetElectronFake());

describe('createNotifier', () => {
  it('F14: shows a native notification with Linux-escaped body', () => {
    createNotifier({ platform: 'linux', onClick: () => undefined })(notice());
    const [n] = Notification.instances;
    expect(n?.shown).toBe(true);
    expect(n?.options).toMatchObject({ title: 'New request on WhatsApp', body: 'Tom &amp; &lt;b&gt;Jerry&lt;/b&gt; · +15550100 · Support bot', silent: true });
  });

  it('does not escape on macOS', () => {
    createNotifier({ platform: 'darwin', onClick: () => undefined })(notice());
    expect(Notification.instances[0]?.options.body).toBe('Tom & <b>Jerry</b> · +15550100 · Support bot');
  });

  it('plays a sound only when the notice asks for it', () => {
    createNotifier({ platform: 'darwin', onClick: () => undefined })(notice({ sound: true }));
    expect(Notification.instances[0]?.options.silent).toBe(false);
  });

  it('F13: caps a huge display name', () => {
    createNotifier({ platform: 'win32', onClick: () => undefined })(notice({ body: 'x'.repeat(10_000) }));
    expect(Array.from(Notification.instances[0]?.options.body ?? '').length).toBeLessThanOrEqual(100);
  });

  it('F46: clicking focuses and opens that request', () => {
    const clicks: Array<RequestRef | null> = [];
    createNotifier({ platform: 'linux', onClick: (r) => clicks.push(r) })(notice());
    Notification.instances[0]?.click();
    expect(clicks).toEqual([{ workspaceId: 'demo', requestId: 'r1' }]);
  });

  it('F46: a grouped summary opens its first request', () => {
    const clicks: Array<RequestRef | null> = [];
    const requests = [
      { workspaceId: 'demo', requestId: 'r7' },
      { workspaceId: 'demo', requestId: 'r8' },
    ];
    createNotifier({ platform: 'linux', onClick: (r) => clicks.push(r) })(notice({ grouped: true, title: '3 WhatsApp, 1 Slack', requests }));
    Notification.instances[0]?.click();
    expect(clicks).toEqual([requests[0]]);
  });

  it('does nothing where notifications are unsupported, and says so in the log', () => {
    Notification.supported = false;
    const { log, warnings } = recordingLog();
    createNotifier({ platform: 'linux', onClick: () => undefined, log })(notice());
    expect(Notification.instances).toHaveLength(0);
    expect(warnings).toEqual([['native notifications are not supported here', undefined]]);
  });

  it('a notification the system refuses is logged with its error; the next one is still shown', () => {
    const { log, warnings } = recordingLog();
    const notify = createNotifier({ platform: 'win32', onClick: () => undefined, log });
    notify(notice());
    Notification.instances[0]?.emit('failed', {}, 'Toast was not shown: the app has no shortcut');
    notify(notice({ id: 'n2' }));
    expect(warnings).toEqual([['notification failed', { error: 'Toast was not shown: the app has no shortcut' }]]);
    expect(Notification.instances[1]?.shown).toBe(true);
  });
});

/** A logger that keeps its warnings, as support reads them in the log file. */
function recordingLog() {
  const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
  return { warnings, log: { info: () => {}, error: () => {}, warn: (msg: string, meta?: Record<string, unknown>) => void warnings.push([msg, meta]) } };
}

describe('prepareNotifications', () => {
  it('F46: the AppUserModelID is the installer’s appId (Windows shows toasts only for a matching shortcut)', () => {
    const appId = /^appId:\s*(\S+)\s*$/m.exec(readFileSync('electron-builder.yml', 'utf8'))?.[1];
    expect(APP_USER_MODEL_ID).toBe('com.fruxon.console');
    expect(APP_USER_MODEL_ID).toBe(appId);
  });

  it('F46: sets the AppUserModelID on Windows only', () => {
    prepareNotifications('darwin');
    expect(app.appUserModelId).toBeNull();
    prepareNotifications('win32');
    expect(app.appUserModelId).toBe(APP_USER_MODEL_ID);
  });
});
