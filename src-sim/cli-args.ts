/**
 * Argument parsing for `npm run sim` (pure, so it is testable): node:util parseArgs plus
 * range checks with messages that say what to type instead.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PENDING, DEFAULT_SEED, DEFAULT_TENANT, MAX_HISTORY, MAX_PENDING } from './seed';
import type { SimulatorOptions } from './types';

export const CLI_USAGE = `Usage: npm run sim -- [options]

  --port <n>             port to listen on (default 8787; 0 = random)
  --host <addr>          address to bind (default 127.0.0.1)
  --seed <n>             seed for all generated data (default ${DEFAULT_SEED})
  --pending <n>          seeded pending requests, 0-${MAX_PENDING} (default ${DEFAULT_PENDING})
  --history <n>          extra approved/rejected requests over the last 180 days, 0-${MAX_HISTORY} (default 0)
  --page-size <n>        answer the list in {items, nextPageToken} pages of n rows (default: one bare array)
  --ignore-status-filter answer the list with every status, whatever ?status= asks for
  --tenant <slug>        tenant slug used in paths (default ${DEFAULT_TENANT})
  --token <token>        use this Bearer token instead of the generated one
  --no-trickle           no new requests every 20-60 s
  --no-second-operator   no decisions by "Alice Moreno" every 45-120 s
  -h, --help             show this help`;

export type CliParse = { kind: 'help' } | { kind: 'run'; options: SimulatorOptions & { port: number } } | { kind: 'error'; message: string };

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number | string {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text.trim())) return `--${name} must be a whole number (got "${text}").`;
  const value = Number(text);
  if (value < min || value > max) return `--${name} must be between ${min} and ${max} (got ${value}).`;
  return value;
}

/** Parses CLI arguments into simulator options (demo loops on unless switched off). */
export function parseCliArgs(argv: string[]): CliParse {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        pending: { type: 'string' },
        history: { type: 'string' },
        'page-size': { type: 'string' },
        'ignore-status-filter': { type: 'boolean' },
        tenant: { type: 'string' },
        token: { type: 'string' },
        'no-trickle': { type: 'boolean' },
        'no-second-operator': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const str = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);

  const port = integer('port', str('port'), 8787, 0, 65535);
  if (typeof port === 'string') return { kind: 'error', message: port };
  const seed = integer('seed', str('seed'), DEFAULT_SEED, 0, 4294967295);
  if (typeof seed === 'string') return { kind: 'error', message: seed };
  const pending = integer('pending', str('pending'), DEFAULT_PENDING, 0, MAX_PENDING);
  if (typeof pending === 'string') return { kind: 'error', message: pending };
  const history = integer('history', str('history'), 0, 0, MAX_HISTORY);
  if (typeof history === 'string') return { kind: 'error', message: history };
  const pageSize = integer('page-size', str('page-size'), 0, 1, 1_000_000);
  if (typeof pageSize === 'string') return { kind: 'error', message: pageSize };
  const tenant = str('tenant') ?? DEFAULT_TENANT;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(tenant)) return { kind: 'error', message: `--tenant must be a lowercase slug like "demo" or "acme-corp" (got "${tenant}").` };
  const host = str('host') ?? '127.0.0.1';
  if (!/^[0-9a-zA-Z.:-]+$/.test(host)) return { kind: 'error', message: `--host must be an IP address or host name (got "${host}").` };
  const token = str('token');
  if (token !== undefined && !/^\S{8,512}$/.test(token)) return { kind: 'error', message: '--token must be 8-512 characters without spaces.' };

  const options: SimulatorOptions & { port: number } = {
    port,
    host,
    seed,
    pending,
    history,
    tenant,
    trickle: values['no-trickle'] ? false : { minMs: 20_000, maxMs: 60_000 },
    secondOperator: values['no-second-operator'] ? false : { minMs: 45_000, maxMs: 120_000 },
  };
  if (token !== undefined) options.token = token;
  if (str('page-size') !== undefined) options.listPageSize = pageSize;
  if (values['ignore-status-filter']) options.ignoreStatusFilter = true;
  return { kind: 'run', options };
}
