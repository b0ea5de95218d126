import fs, { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileLogger, createSecretRegistry } from './logger';

afterEach(() => {
  vi.restoreAllMocks();
});

const linesOf = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

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

describe('the lines support reads', () => {
  it('one line per entry, exactly: time, level, message, then the details when there are some', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fruxon-log-'));
    const log = createFileLogger({ dir, now: () => Date.UTC(2026, 11, 6, 9, 30, 0) });
    log.info('console started');
    log.warn('poll failed', { workspace: 'acme', status: 503 });
    log.error('stopped', { code: 'EIO' });
    await log.flush();
    expect(linesOf(log.path)).toEqual([
      '2026-12-06T09:30:00.000Z INFO console started',
      '2026-12-06T09:30:00.000Z WARN poll failed {"workspace":"acme","status":503}',
      '2026-12-06T09:30:00.000Z ERROR stopped {"code":"EIO"}',
    ]);
  });

  it('creates missing parent folders, private to the user', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'fruxon-log-')), 'profile', 'logs');
    const log = createFileLogger({ dir, now: () => 0 });
    log.info('first line');
    await log.flush();
    expect(linesOf(log.path)).toEqual(['1970-01-01T00:00:00.000Z INFO first line']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('a line over the cap is cut to fit, ellipsis included, also when every character takes three bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fruxon-log-'));
    const log = createFileLogger({ dir, maxBytes: 240, now: () => 0 }); // lines of at most 120 bytes
    log.info('€'.repeat(200));
    log.info('x'.repeat(200));
    await log.flush();
    const [euros, xs] = linesOf(log.path);
    for (const line of [euros, xs]) {
      expect(Buffer.byteLength(line ?? '')).toBeLessThanOrEqual(120);
      expect(line).toMatch(/^1970-01-01T00:00:00\.000Z INFO .+…$/);
    }
    expect(xs).toBe(`1970-01-01T00:00:00.000Z INFO ${'x'.repeat(39 - 30)}…`);
  });

  it('a line of exactly the cap is kept whole', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fruxon-log-'));
    const log = createFileLogger({ dir, maxBytes: 240, now: () => 0 });
    const prefix = '1970-01-01T00:00:00.000Z INFO ';
    log.info('z'.repeat(120 - prefix.length));
    await log.flush();
    expect(linesOf(log.path)).toEqual([`${prefix}${'z'.repeat(120 - prefix.length)}`]);
  });

  it('when the full log cannot be moved aside it is emptied, so it never grows past the cap', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fruxon-log-'));
    const log = createFileLogger({ dir, maxBytes: 200 });
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('EBUSY'), { code: 'EBUSY' });
    });
    for (let i = 0; i < 10; i++) {
      log.info(`line ${i} ${'x'.repeat(40)}`);
      await log.flush();
    }
    expect(statSync(log.path).size).toBeLessThanOrEqual(200);
    expect(readFileSync(log.path, 'utf8')).toContain('line 9');
    expect(fs.existsSync(path.join(dir, 'main.1.log'))).toBe(false);
  });
});

describe('secret registry', () => {
  it('keeps the tokens it is given, ignores empty ones, and forgets removed ones', () => {
    const secrets = createSecretRegistry();
    secrets.add('fx_pat_one_1234');
    secrets.add('');
    secrets.add(null);
    secrets.add(undefined);
    secrets.add('fx_pat_two_5678');
    expect(secrets.list()).toEqual(['fx_pat_one_1234', 'fx_pat_two_5678']);
    secrets.remove('fx_pat_one_1234');
    expect(secrets.list()).toEqual(['fx_pat_two_5678']);
  });
});
