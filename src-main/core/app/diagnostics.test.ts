import { describe, expect, it } from 'vitest';
import type { WorkspaceStatus } from '../../../src-shared/domain';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { aWorkspace } from '../../../test/fakes/builders';
import { createDiagnostics, RECENT_ERROR_LIMIT, redact } from './diagnostics';

const host = { version: '1.2.3', host: 'browser' as const, platform: 'linux' };
const ws: WorkspaceStatus = aWorkspace({
  label: 'Acme',
  baseUrl: 'https://api.fruxon.com',
  tenant: 'acme',
  isDemo: false,
  credential: 'persisted',
  poll: { state: 'live', lastSuccessAt: 0, nextPollAt: null, pollingSince: null, lastError: null, droppedRows: 1, consecutiveFailures: 0, pendingPartial: false, waitUntil: null },
  history: { refreshedAt: null, refreshing: false, kept: 0, partial: { APPROVED: null, REJECTED: null }, lastError: null },
});

describe('redact', () => {
  it.each([
    ['Authorization: Bearer abc.def-123', 'abc.def-123'],
    ['key fx_pat_AbCdEf123456 leaked', 'fx_pat_AbCdEf123456'],
    ['legacy fxn_live_abcdef', 'fxn_live_abcdef'],
    ['cli frx_abcdef12', 'frx_abcdef12'],
    ['{"token":"s3cr3t-value"}', 's3cr3t-value'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc', 'eyJhbGciOiJIUzI1NiJ9'],
  ])('removes %s', (text, secret) => {
    expect(redact(text)).not.toContain(secret);
  });

  // Exact output: a pattern that matched only the prefix would leave the rest of the key behind.
  it.each([
    ['legacy fxn_live_abcdef end', 'legacy [redacted] end'],
    ['cli FRX_ABCD1234 end', 'cli [redacted] end'],
    ['short fxn_abc stays', 'short fxn_abc stays'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl end', 'jwt [redacted] end'],
    ['jwt with an empty signature eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3In0. end', 'jwt with an empty signature [redacted] end'],
  ])('replaces the whole key in %s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('removes known tokens verbatim, whatever they look like', () => {
    expect(redact('the token is plainsecret99 ok', ['plainsecret99'])).toBe('the token is [redacted] ok');
  });
});

describe('diagnostics', () => {
  it('reports versions, host, workspaces and settings, never a token', () => {
    const d = createDiagnostics({ host, now: () => 0, nodeVersion: '20.0.0' });
    d.record({ code: 'server', status: 503, message: 'Bearer fx_pat_zzzzzzzz was refused' }, 'poll ws-1');
    const text = d.text({ workspaces: [ws], settings: DEFAULT_SETTINGS, secrets: ['tok_known_123'] });
    expect(text).toContain('Version: 1.2.3');
    expect(text).toContain('Host: browser on linux');
    expect(text).toContain('ws-1 "Acme"');
    expect(text).toContain('tenant: acme');
    expect(text).toContain('"pollSeconds": 15');
    expect(text).toContain('poll ws-1: server [503]');
    expect(text).not.toContain('fx_pat_zzzzzzzz');
  });

  it('lays the report out line by line: every workspace with its credential, poll, last error, expiry and count; settings without window bounds or filters; errors with and without status', () => {
    const now = Date.UTC(2026, 11, 5, 12, 0, 0);
    const d = createDiagnostics({ host, now: () => now, nodeVersion: '20.20.0' });
    d.record({ code: 'offline', message: 'no route' }, 'poll ws-2');
    d.record({ code: 'unauthorized', status: 401, message: 'token tok_known_123 refused' }, 'poll ws-1');
    const demo = aWorkspace({ id: 'ws-2', label: 'Demo', isDemo: true, credential: 'session-only', credentialNotice: 'not saved: keychain locked' });
    const failing = aWorkspace({
      ...ws,
      poll: { ...ws.poll, state: 'error', lastSuccessAt: null, consecutiveFailures: 3, lastError: { code: 'unauthorized', status: 401, message: 'refused' } },
      expiryWarning: 'API key expires in 2 days',
      decisionsHeldUntil: now + 30_000,
    });
    const text = d.text({ workspaces: [failing, demo], settings: DEFAULT_SETTINGS, secrets: ['tok_known_123'], requestCounts: { 'ws-1': 42 } });
    const { windowBounds: _b, filters: _f, ...shown } = DEFAULT_SETTINGS;
    expect(text).toBe(
      [
        'Fruxon Access Console diagnostics',
        'Generated: 2026-12-05T12:00:00.000Z',
        'Version: 1.2.3',
        'Host: browser on linux',
        'Node: 20.20.0',
        '',
        'Workspaces (2):',
        '- ws-1 "Acme"',
        '  base URL: https://api.fruxon.com  tenant: acme',
        '  credential: persisted',
        '  poll: error, last success -, failures 3, dropped rows 1',
        '  last error: unauthorized refused',
        '  API key expires in 2 days',
        '  decisions held (rate limited) until 2026-12-05T12:00:30.000Z',
        '  requests held: 42',
        '- ws-2 "Demo" [demo]',
        '  base URL: http://127.0.0.1:4010  tenant: demo',
        '  credential: session-only (not saved: keychain locked)',
        `  poll: live, last success ${new Date(demo.poll.lastSuccessAt!).toISOString()}, failures 0, dropped rows 0`,
        '',
        'Settings:',
        JSON.stringify(shown, null, 2),
        '',
        'Recent errors (2):',
        '2026-12-05T12:00:00.000Z poll ws-2: offline no route',
        '2026-12-05T12:00:00.000Z poll ws-1: unauthorized [401] token [redacted] refused',
      ].join('\n'),
    );
    expect(text).not.toContain('"filters"');
    expect(text).not.toContain('"windowBounds"');
  });

  it('names the Electron version when it runs in Electron, and the Node of the process when none is given', () => {
    const d = createDiagnostics({ host, now: () => 0 });
    const had = Object.getOwnPropertyDescriptor(process.versions, 'electron');
    Object.defineProperty(process.versions, 'electron', { value: '45.1.0', configurable: true, enumerable: true });
    try {
      const text = d.text({ workspaces: [], settings: DEFAULT_SETTINGS, secrets: [] });
      expect(text).toContain(`\nNode: ${process.versions.node}\nElectron: 45.1.0\n\nWorkspaces (0):\n`);
    } finally {
      if (had) Object.defineProperty(process.versions, 'electron', had);
      else delete (process.versions as Record<string, string | undefined>).electron;
    }
    expect(d.text({ workspaces: [], settings: DEFAULT_SETTINGS, secrets: [] })).not.toContain('Electron:');
  });

  it(`keeps only the last ${RECENT_ERROR_LIMIT} errors`, () => {
    const d = createDiagnostics({ host, now: () => 0 });
    for (let i = 0; i < 60; i += 1) d.record({ code: 'offline', message: `e${i}` }, 'x');
    const recent = d.recent();
    expect(recent).toHaveLength(RECENT_ERROR_LIMIT);
    expect(recent[0]!.error.message).toBe('e10');
  });
});
