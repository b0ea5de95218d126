import { APP_API_KEYS, INVOKE_CHANNELS, Invoke } from '../../src-shared/contract';
import { snapshotFromWire } from '../../src-shared/snapshot-wire';
import { BROWSER_HOST_POLICY, cspViolations } from '../support/csp';
import { expect, test } from './fixtures';

/** Reads the host's event stream from Node until the snapshot and settings frames have arrived. */
async function readInitialEvents(url: string): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(`${url}api/events`, { signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!(text.includes('event: queue:snapshot-changed') && text.includes('event: settings:changed'))) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  return text;
}

// These run the real renderer in plain Chromium through the browser host, so they check the
// browser host. Checks that only mean something inside Electron (S2 no Node integration, S3 context
// isolation, S5 the session's permission handler, S20 the preload's contextBridge surface) hold in
// any plain browser page and cannot fail here: they are labelled as browser-host checks and name
// no FAULTS.md id. The Electron side is covered by the window/preload tests against the Electron
// fake and by the composition-root test of src-main/index.ts.
test.describe('browser host: security of the page and the host', () => {
  test('browser host: the page has no Node.js globals (require, process, module and Buffer are undefined)', async ({ consolePage }) => {
    // In-page code is a string: the node tsconfig has no DOM types.
    const types = await consolePage.page.evaluate(`({
      require: typeof window.require,
      process: typeof window.process,
      module: typeof window.module,
      Buffer: typeof window.Buffer,
    })`);
    expect(types).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' });
  });

  test('browser host: window.fruxon (the HTTP bridge) exposes exactly the AppApi keys, frozen', async ({ consolePage }) => {
    const surface = await consolePage.page.evaluate<{ keys: string[]; frozen: boolean }>(
      `({ keys: Object.keys(window.fruxon), frozen: Object.isFrozen(window.fruxon) })`,
    );
    expect(surface.keys.sort()).toEqual([...APP_API_KEYS].sort());
    expect(surface.frozen).toBe(true);
  });

  test("S7 (browser host): the host's CSP blocks injected inline script, inline handlers, eval and fetches to other origins in Chromium", async ({ consolePage }) => {
    const result = await consolePage.page.evaluate(`(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.appendChild(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__handlerRan = true');
      const failed = new Promise((r) => img.addEventListener('error', r, { once: true }));
      img.src = 'data:image/png;base64,broken';
      document.body.appendChild(img);
      await failed;
      let evalRan = false;
      try { evalRan = (0, eval)('true'); } catch { evalRan = false; }
      let fetchResult = 'resolved';
      try { await fetch('https://example.com/'); } catch (err) { fetchResult = err instanceof TypeError ? 'rejected' : 'other'; }
      return { inline: window.__inlineRan === true, handler: window.__handlerRan === true, evalRan, fetchResult };
    })()`);
    expect(result).toEqual({ inline: false, handler: false, evalRan: false, fetchResult: 'rejected' });
  });

  test("S7 (browser host): the page's CSP, read from the response Chromium received, is S7's directive by directive; framing is refused", async ({ app, page }) => {
    const res = await page.goto(app.url);
    const headers = res!.headers();
    expect(cspViolations(headers['content-security-policy'], BROWSER_HOST_POLICY)).toEqual([]);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  test('browser host: the page gets no permissions, and the host says so in Permissions-Policy', async ({ app, consolePage }) => {
    const res = await fetch(app.url);
    expect(res.headers.get('permissions-policy')).toMatch(/geolocation=\(\)/);
    const perms = await consolePage.page.evaluate<{ geolocation: string; notification: string }>(`(async () => ({
      geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
      notification: await Notification.requestPermission(),
    }))()`);
    expect(perms.geolocation).not.toBe('granted');
    expect(perms.notification).not.toBe('granted');
  });

  test('browser host: refuses wrong secrets and foreign Origins from the browser too', async ({ app, page }) => {
    const wrong = await page.goto(new URL('/not-the-secret/', app.url).toString());
    expect(wrong!.status()).toBe(404);
    const foreign = await fetch(`${app.url}api/invoke/${encodeURIComponent(Invoke.getInfo)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: '{"input":null}',
    });
    expect(foreign.status).toBe(403);
  });

  test('browser host: the token never reaches the page, the bridge, the event stream or any invoke answer', async ({ app, consolePage }) => {
    const tokens = app.tokens();
    expect(tokens.length).toBeGreaterThan(0);
    const bodies: Array<[string, string]> = [];
    bodies.push(['page html', await (await fetch(app.url)).text()]);
    bodies.push(['page DOM', await consolePage.page.content()]);
    bodies.push(['bridge.js', await (await fetch(`${app.url}bridge.js`)).text()]);
    bodies.push(['storage', await consolePage.page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie')]);
    bodies.push(['events', await readInitialEvents(app.url)]);

    const snapshot = snapshotFromWire(JSON.parse((await app.invokeHttp(Invoke.getSnapshot, null)).body).output, null)!;
    const workspaceId = snapshot.workspaces[0]!.id;
    const requestId = snapshot.requests[0]!.id;
    const valid: Partial<Record<string, unknown>> = {
      [Invoke.getRequest]: { workspaceId, requestId },
      [Invoke.listParticipants]: { workspaceId },
      [Invoke.updateSettings]: { sound: false },
      [Invoke.openExternal]: { url: 'https://example.com/' },
      [Invoke.reportAwaiting]: { count: 0 },
    };
    for (const channel of INVOKE_CHANNELS) {
      // Inputs that change state (decisions, sign-in/out, device flow) are exercised by other specs.
      if ([Invoke.approve, Invoke.reject, Invoke.signOut, Invoke.signInWithToken, Invoke.startDeviceFlow].includes(channel as never)) {
        bodies.push([`${channel} (bad input)`, (await app.invokeHttp(channel, { bogus: true })).body]);
        continue;
      }
      const res = await app.invokeHttp(channel, valid[channel] ?? null);
      expect(res.status, channel).toBe(200);
      bodies.push([channel, res.body]);
    }
    for (const [what, body] of bodies) for (const token of tokens) expect(body.includes(token), `${what} contains the token`).toBe(false);
  });
});
