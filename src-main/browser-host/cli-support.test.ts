import { describe, expect, it } from 'vitest';
import { createConsoleLogger, dataDirFor, parsePort } from './cli-support';

describe('browser host command line', () => {
  it('keeps its data in FRUXON_DATA_DIR, else in its own folder under the config dir', () => {
    expect(dataDirFor({ FRUXON_DATA_DIR: '/tmp/fx' }, '/home/sam')).toBe('/tmp/fx');
    expect(dataDirFor({}, '/home/sam')).toBe('/home/sam/.config/fruxon-access-console/browser-host');
    expect(dataDirFor({ XDG_CONFIG_HOME: '/cfg' }, '/home/sam')).toBe('/cfg/fruxon-access-console/browser-host');
    expect(dataDirFor({ FRUXON_DATA_DIR: '  ' }, '/home/sam')).toBe('/home/sam/.config/fruxon-access-console/browser-host');
  });

  it('parses --port, refusing anything that is not a port number', () => {
    expect(parsePort(undefined)).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    for (const bad of ['-1', '65536', '80a', '', '1e3', ' 80']) expect(parsePort(bad), bad).toBeNull();
  });

  it('logs with every known token and token-shaped string redacted', () => {
    const lines: string[] = [];
    const log = createConsoleLogger(() => ['opaque-secret-value-1'], false, (l) => lines.push(l));
    log.error('poll failed', { auth: 'Bearer opaque-secret-value-1', other: 'fx_pat_abcdef123456' });
    log.info('hidden unless verbose');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('poll failed');
    expect(lines[0]).not.toContain('opaque-secret-value-1');
    expect(lines[0]).not.toContain('fx_pat_abcdef123456');
  });
});
