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
  poll: { state: 'live', lastSuccessAt: 0, nextPollAt: null, lastError: null, droppedRows: 1, consecutiveFailures: 0, pendingPartial: false },
  history: { refreshedAt: null, refreshing: false, kept: 0, partial: null, lastError: null },
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

  it(`keeps only the last ${RECENT_ERROR_LIMIT} errors`, () => {
    const d = createDiagnostics({ host, now: () => 0 });
    for (let i = 0; i < 60; i += 1) d.record({ code: 'offline', message: `e${i}` }, 'x');
    const recent = d.recent();
    expect(recent).toHaveLength(RECENT_ERROR_LIMIT);
    expect(recent[0]!.error.message).toBe('e10');
  });
});
