import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger, createSecretRegistry } from './logger';

describe('file logger', () => {
  it('writes redacted lines: known tokens, Bearer headers and fx_ keys never reach the file', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'fruxon-log-')), 'logs');
    const secrets = createSecretRegistry();
    secrets.add('opaque-session-token-123');
    const log = createFileLogger({ dir, secrets: secrets.list, now: () => 0 });
    log.info('poll ok with opaque-session-token-123');
    log.warn('request failed', { headers: { Authorization: 'Bearer fx_pat_abcdef123456' }, status: 401 });
    log.error('boom', { err: new Error('token=fx_pat_zzzzzzzzzz') });
    await log.flush();
    const text = readFileSync(log.path, 'utf8');
    expect(text).not.toContain('opaque-session-token-123');
    expect(text).not.toContain('fx_pat_abcdef123456');
    expect(text).not.toContain('fx_pat_zzzzzzzzzz');
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
    expect(text).toContain('1970-01-01T00:00:00.000Z WARN request failed');
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
  });

  it('rotates at the size cap', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fruxon-log-'));
    const log = createFileLogger({ dir, maxBytes: 200 });
    for (let i = 0; i < 10; i++) {
      log.info(`line ${i} ${'x'.repeat(40)}`);
      await log.flush();
    }
    expect(statSync(log.path).size).toBeLessThanOrEqual(200);
    expect(readFileSync(path.join(dir, 'main.1.log'), 'utf8')).toContain('line');
  });

  it('redacts before it shortens a long line, so no piece of a token survives the cut', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fruxon-log-'));
    const token = 'opaque-session-token-456';
    const log = createFileLogger({ dir, secrets: () => [token], maxBytes: 246, now: () => 0 }); // lines of at most 123 bytes: the cut falls inside the token
    log.warn(`${token}${'y'.repeat(300)}`);
    log.info('meta', { nested: { deeper: [`Bearer ${token}`] } });
    await log.flush();
    const text = readFileSync(log.path, 'utf8');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(token.slice(0, 8));
    for (const line of text.split('\n').filter(Boolean)) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(123);
  });

  it('never throws when the log directory cannot be created', () => {
    const parent = path.join(mkdtempSync(path.join(tmpdir(), 'fruxon-log-')), 'a-file');
    writeFileSync(parent, 'not a directory');
    const log = createFileLogger({ dir: path.join(parent, 'logs') });
    expect(() => log.error('still fine')).not.toThrow();
  });
});
