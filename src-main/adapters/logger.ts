/**
 * One small file logger for main: `<userData>/logs/main.log`, one line per entry, everything
 * passed through `redact` with the tokens currently known (so a token that reaches a message by
 * accident is still removed). Rotates to main.1.log at a size cap. Never throws: a full disk must
 * not take the console down with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { redact, redactMeta } from '../core/redact';
import type { Logger } from '../core/ports';

export type { Logger };

export const LOG_FILE_NAME = 'main.log';
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** Secrets the logger must scrub: tokens the vault handled and the FRUXON_TOKEN env value. */
export interface SecretRegistry {
  add(secret: string | null | undefined): void;
  remove(secret: string): void;
  list(): readonly string[];
}

/** Creates the registry the vault and index.ts fill and the logger reads. */
export function createSecretRegistry(): SecretRegistry {
  const secrets = new Set<string>();
  return {
    add: (s) => {
      if (typeof s === 'string' && s.length > 0) secrets.add(s);
    },
    remove: (s) => void secrets.delete(s),
    list: () => [...secrets],
  };
}

export interface FileLoggerOptions {
  dir: string;
  secrets?: () => readonly string[];
  now?: () => number;
  maxBytes?: number;
  /** Also print to stderr (development). */
  echo?: boolean;
}

type Level = 'info' | 'warn' | 'error';

/** Creates the redacting file logger. `path` is where it writes (for "copy diagnostics"). */
export function createFileLogger(options: FileLoggerOptions): Logger & { path: string } {
  const file = path.join(options.dir, LOG_FILE_NAME);
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number | null = null;

  function write(level: Level, msg: string, meta?: unknown): void {
    const secrets = options.secrets?.() ?? [];
    const tail = meta === undefined ? '' : ` ${redactMeta(meta, secrets)}`;
    const line = `${new Date(now()).toISOString()} ${level.toUpperCase()} ${redact(msg, secrets)}${tail}\n`;
    if (options.echo) process.stderr.write(line);
    try {
      if (size === null) {
        fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
        size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      }
      if (size + line.length > maxBytes) {
        fs.renameSync(file, path.join(options.dir, 'main.1.log'));
        size = 0;
      }
      fs.appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // Logging is best effort; retry the directory/size probe on the next line.
      size = null;
    }
  }

  return {
    path: file,
    info: (msg, meta) => write('info', msg, meta),
    warn: (msg, meta) => write('warn', msg, meta),
    error: (msg, meta) => write('error', msg, meta),
  };
}
