/**
 * Main's file logger: `<userData>/logs/main.log` written by electron-log's file transport
 * (asynchronous writes, batched, off the main thread's critical path; rotation to main.1.log at a
 * size cap). Our part is one hook that turns each entry into one line and passes it through
 * `redact` with the tokens currently known, so a token that reaches a message by accident is
 * still removed before any transport sees it. Never throws: a full disk must not take the console
 * down with it. Uses electron-log's Node entry (`electron-log/node`): it needs no Electron module,
 * so it loads the same under the Electron fake, in plain Node and in Electron's main process.
 */
import fs from 'node:fs';
import path from 'node:path';
import baseLog from 'electron-log/node';
import type { LogMessage, NodeLogger } from 'electron-log';
import { truncateToLength } from '../../src-shared/text-safety';
import { redact, redactMeta } from '../core/security/redact';
import type { Logger } from '../core/ports';

export type { Logger };

export const LOG_FILE_NAME = 'main.log';
const ARCHIVE_FILE_NAME = 'main.1.log';
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
/** One line is at most this long (bytes), so the file stays within the cap after the line that crosses it. */
const MAX_LINE_BYTES = 16 * 1024;

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
  /** Also print to the console (development). */
  echo?: boolean;
}

export interface FileLogger extends Logger {
  /** Where it writes (for "copy diagnostics"). */
  path: string;
  /** Resolves once every line logged so far is in the file (writes are asynchronous). */
  flush(): Promise<void>;
}

let instances = 0;

/** Creates the redacting file logger. */
export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const file = path.join(options.dir, LOG_FILE_NAME);
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // electron-log rotates when the file is already over `maxSize`; leaving one line's room keeps it within maxBytes.
  const lineBytes = Math.min(MAX_LINE_BYTES, Math.floor(maxBytes / 2));
  try {
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  } catch {
    // electron-log reports a file it cannot write and drops its lines; nothing here may throw.
  }
  instances += 1;
  // create() builds a logger with the same transport factories as the Node entry's default one.
  const log = baseLog.create({ logId: `fruxon-main-${instances}` }) as NodeLogger;

  const fileTransport = log.transports.file;
  fileTransport.resolvePathFn = () => file;
  fileTransport.sync = false;
  fileTransport.level = 'info';
  fileTransport.maxSize = maxBytes - lineBytes;
  fileTransport.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  fileTransport.transforms = [({ data }) => String(data[0])];
  fileTransport.archiveLogFn = (current) => {
    try {
      fs.renameSync(current.path, path.join(options.dir, ARCHIVE_FILE_NAME));
    } catch {
      current.clear();
    }
  };
  log.transports.console.level = options.echo ? 'info' : false;
  log.transports.console.format = '{text}';
  for (const name of ['ipc', 'remote'] as const) {
    const transport = (log.transports as unknown as Record<string, { level: unknown } | undefined>)[name];
    if (transport) transport.level = false;
  }

  // The redaction hook: every transport gets the finished, redacted line and nothing else.
  log.hooks.push((message: LogMessage) => {
    const [msg, meta] = message.data as [unknown, unknown];
    const secrets = options.secrets?.() ?? [];
    const tail = meta === undefined ? '' : ` ${redactMeta(meta, secrets)}`;
    const line = `${new Date(now()).toISOString()} ${message.level.toUpperCase()} ${redact(String(msg), secrets)}${tail}`;
    return { ...message, data: [Buffer.byteLength(line) > lineBytes ? `${truncateToLength(line, Math.floor(lineBytes / 3) - 1)}…` : line] };
  });

  const write = (level: 'info' | 'warn' | 'error', msg: string, meta?: unknown): void => {
    try {
      if (meta === undefined) log[level](msg);
      else log[level](msg, meta);
    } catch {
      // Logging is best effort.
    }
  };

  return {
    path: file,
    info: (msg, meta) => write('info', msg, meta),
    warn: (msg, meta) => write('warn', msg, meta),
    error: (msg, meta) => write('error', msg, meta),
    async flush() {
      const target = fileTransport.getFile() as unknown as { hasActiveAsyncWriting?: boolean; asyncWriteQueue?: unknown[] };
      while (target.hasActiveAsyncWriting || (target.asyncWriteQueue?.length ?? 0) > 0) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
