import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BROWSER_HOST_CSP, createResponses } from './responses';

/** A real HTTP server whose one handler is the test's; answers are read with fetch. */
async function serve(handler: (res: http.ServerResponse, req: http.IncomingMessage) => void) {
  const server = http.createServer((req, res) => handler(res, req));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())));
});

const scrubbed: string[] = [];
const responses = createResponses({
  scrubJson: (json) => {
    scrubbed.push(json);
    return json.replace('tok_SECRET_1', '[redacted]');
  },
});

describe('browser host answers', () => {
  it('S7: every answer carries the CSP and the security headers', async () => {
    const url = await serve((res) => responses.send(res, 200, '<p>hi</p>', 'text/html; charset=utf-8'));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>hi</p>');
    expect(Object.fromEntries([...res.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)))).toEqual({
      'content-security-policy': BROWSER_HOST_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), payment=(), clipboard-read=()',
      'content-type': 'text/html; charset=utf-8',
      'content-length': '9',
    });
  });

  it('a HEAD answer has the length of the body it does not send', async () => {
    const url = await serve((res) => responses.send(res, 200, 'twelve bytes', 'text/plain', true));
    const res = await fetch(url, { method: 'HEAD' });
    expect(res.headers.get('content-length')).toBe('12');
    expect(await res.text()).toBe('');
  });

  it('the content length counts bytes, not characters', async () => {
    const url = await serve((res) => responses.send(res, 200, 'Zoë ✓', 'text/plain; charset=utf-8'));
    const res = await fetch(url);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength('Zoë ✓')));
    expect(await res.text()).toBe('Zoë ✓');
  });

  it.each([
    [404, 'Not found'],
    [403, 'Forbidden'],
    [405, 'HTTP 405'],
    [413, 'HTTP 413'],
  ])('a bare %i says "%s" in plain text, with the extra headers it is given', async (status, text) => {
    const url = await serve((res) => responses.sendStatus(res, status, { Allow: 'GET, HEAD' }));
    const res = await fetch(url);
    expect(res.status).toBe(status);
    expect(await res.text()).toBe(text);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.headers.get('content-security-policy')).toBe(BROWSER_HOST_CSP);
  });

  it('JSON answers pass the secret guard before they are sent', async () => {
    scrubbed.length = 0;
    const url = await serve((res) => responses.sendJson(res, 200, { output: { echoed: 'tok_SECRET_1' } }));
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ output: { echoed: '[redacted]' } });
    expect(scrubbed).toEqual(['{"output":{"echoed":"tok_SECRET_1"}}']);
  });

  it('bad input is a 400 with an AppError the page shows', async () => {
    const url = await serve((res) => responses.badInput(res, 'The note is too long.'));
    const res = await fetch(url);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad-input', message: 'The note is too long.' } });
  });

  it('an answer after the headers went out (a stream that failed midway) only ends the response', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial ');
      responses.sendStatus(res, 500);
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('partial ');
  });
});
