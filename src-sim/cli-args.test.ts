import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('defaults to port 8787, seed 42, 24 pending, tenant demo and both demo loops on', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: { port: 8787, host: '127.0.0.1', seed: 42, pending: 24, history: 0, tenant: 'demo', trickle: { minMs: 20_000, maxMs: 60_000 }, secondOperator: { minMs: 45_000, maxMs: 120_000 } },
    });
  });

  it('reads every option and switches the loops off', () => {
    const parsed = parseCliArgs(['--port', '0', '--seed', '7', '--pending', '500', '--tenant', 'acme-corp', '--token', 'fx_pat_localdev1', '--no-trickle', '--no-second-operator']);
    expect(parsed).toEqual({
      kind: 'run',
      options: { port: 0, host: '127.0.0.1', seed: 7, pending: 500, history: 0, tenant: 'acme-corp', token: 'fx_pat_localdev1', trickle: false, secondOperator: false },
    });
  });

  it('reads the list shape options: --history, --page-size and --ignore-status-filter', () => {
    const parsed = parseCliArgs(['--pending', '300', '--history', '30000', '--page-size', '500', '--ignore-status-filter']);
    expect(parsed).toMatchObject({ kind: 'run', options: { pending: 300, history: 30_000, listPageSize: 500, ignoreStatusFilter: true } });
    // Without them: one bare array that honours the filter.
    const plain = parseCliArgs(['--history', '10']);
    expect(plain.kind === 'run' && plain.options).toMatchObject({ history: 10 });
    expect(plain.kind === 'run' && 'listPageSize' in plain.options).toBe(false);
    expect(plain.kind === 'run' && 'ignoreStatusFilter' in plain.options).toBe(false);
  });

  it('asks for help with -h', () => {
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--pending', 'lots'], /--pending must be a whole number/],
    [['--pending', '100001'], /--pending must be between 0 and 100000/],
    [['--port', '70000'], /--port must be between 0 and 65535/],
    [['--history', '2000001'], /--history must be between 0 and 2000000/],
    [['--page-size', '0'], /--page-size must be between 1 and/],
    [['--seed=-1'], /--seed must be between/],
    [['--tenant', 'Acme Corp'], /--tenant must be a lowercase slug/],
    [['--token', 'a b'], /--token must be/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /positional/i],
  ])('explains bad input %j', (argv, message) => {
    const parsed = parseCliArgs(argv);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' ? parsed.message : '').toMatch(message);
  });
});
