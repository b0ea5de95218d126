/** Pure helpers of the browser host's command line (kept apart from cli.ts so they test without the core). */
import { join, resolve } from 'node:path';
import type { Logger } from '../core/ports';
import { redact, redactMeta } from '../core/security/redact';

/** Where the browser host keeps settings: FRUXON_DATA_DIR, else a folder of its own beside the desktop app's. */
export function dataDirFor(env: Record<string, string | undefined>, home: string): string {
  const fromEnv = env.FRUXON_DATA_DIR?.trim();
  if (fromEnv) return resolve(fromEnv);
  const config = env.XDG_CONFIG_HOME?.trim() || join(home, '.config');
  return join(config, 'fruxon-access-console', 'browser-host');
}

/**
 * A stderr logger, redacted by the same rules as the desktop's log file (core/security/redact.ts):
 * every token it was told about and anything shaped like a token or a credential. Info lines only
 * when verbose.
 */
export function createConsoleLogger(
  secrets: () => Iterable<string>,
  verbose: boolean,
  write: (line: string) => void = (line) => void process.stderr.write(line),
): Logger {
  const line = (level: string, msg: string, meta?: Record<string, unknown>) => {
    const known = [...secrets()];
    write(`[${level}] ${redact(msg, known)}${meta === undefined ? '' : ` ${redactMeta(meta, known)}`}\n`);
  };
  return {
    info: (msg, meta) => (verbose ? line('info', msg, meta) : undefined),
    warn: (msg, meta) => line('warn', msg, meta),
    error: (msg, meta) => line('error', msg, meta),
  };
}

/** `--port N`: 0 (any free port) when absent, null when not a port number. */
export function parsePort(value: string | undefined): number | null {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65_535 ? port : null;
}
