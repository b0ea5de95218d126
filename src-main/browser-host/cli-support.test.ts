import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConsoleLogger, dataDirFor, parsePort } from './cli-support';

describe('browser host command line', () => {
  it('keeps its data in FRUXON_DATA_DIR, else in its own folder under the config dir', () => {
    expect(dataDirFor({ FRUXON_DATA_DIR: '/tmp/fx' }, '/home/sam')).toBe('/tmp/fx');
    expect(dataDirFor({}, '/home/sam')).toBe('/home/sam/.config/fruxon-access-console/browser-host');
    expect(dataDirFor({ XDG_CONFIG_HOME: '/cfg' }, '/home/sam')).toBe('/cfg/fruxon-access-console/browser-host');
    expect(dataDirFor({ FRUXON_DATA_DIR: '  ' }, '/home/sam')).toBe('/home/sam/.config/fruxon-access-console/browser-host');
    expect(dataDirFor({ XDG_CONFIG_HOME: ' /cfg ' }, '/home/sam')).toBe('/cfg/fruxon-access-console/browser-host');
    expect(dataDirFor({ FRUXON_DATA_DIR: 'rel/dir' }, '/home/sam')).toBe(resolve('rel/dir'));
  });

  it('parses --port, refusing anything that is not a port number', () => {
    expect(parsePort(undefined)).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    expect(parsePort('65535')).toBe(65_535);
    expect(parsePort('0')).toBe(0);
    for (const bad of ['-1', '65536', '80a', '', '1e3', ' 80']) expect(parsePort(bad), bad).toBeNull();
  });

  it('logs with every known token and token-shaped string redacted', () => {
    const lines: string[] = [];
    const log = createConsoleLogger(() => ['opaque-secret-value-1'], false, (l) => lines.push(l));
    log.error('poll failed', { auth: 'Bearer opaque-secret-value-1', other: 'fx_pat_abcdef123456' });
    log.warn('host echoed opaque-secret-value-1 back');
    log.info('hidden unless verbose');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[error\] poll failed \{.*\}\n$/);
    expect(lines[1]).toBe('[warn] host echoed [redacted] back\n');
    expect(lines.join('')).not.toContain('opaque-secret-value-1');
    expect(lines.join('')).not.toContain('abcdef123456');
  });

  it('writes info lines only when verbose, one line each, with metadata as JSON', () => {
    const lines: string[] = [];
    const log = createConsoleLogger(() => [], true, (l) => lines.push(l));
    log.info('polling', { workspace: 'demo', every: 15 });
    log.info('plain');
    expect(lines).toEqual(['[info] polling {"workspace":"demo","every":15}\n', '[info] plain\n']);
  });

  it('reads the secrets it must redact when it writes (a token learned later is redacted too)', () => {
    const lines: string[] = [];
    const known: string[] = [];
    const log = createConsoleLogger(() => known, false, (l) => lines.push(l));
    known.push('learned-after-start-1');
    log.warn('sign-in with learned-after-start-1 failed');
    expect(lines).toEqual(['[warn] sign-in with [redacted] failed\n']);
  });
});
