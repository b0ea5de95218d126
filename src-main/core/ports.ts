/**
 * The effects the console core needs from its host (Electron main or the browser host).
 * Everything here is injected so the core runs and is tested in plain Node.
 */
import type { Result } from '../../src-shared/domain';

/**
 * Non-secret persistence (settings, workspace metadata, the seen-set, the device id).
 * `read` answers `ok(undefined)` for a missing key and an `internal` error for unreadable data;
 * the core then sets the data aside with `quarantine` (when the store supports it).
 */
export interface KeyValueStore {
  read(key: string): Result<unknown>;
  write(key: string, value: unknown): Result<null>;
  /** Sets the key's data aside (renamed beside it); whether it was. */
  quarantine?(key: string): boolean;
}

/** Secret persistence: one API token per workspace, held only in main. */
export interface CredentialVault {
  kind(): Promise<'persisted' | 'session-only'>;
  /** Why tokens are not persisted (e.g. no OS keyring), shown next to the workspace. */
  notice(): string | null;
  get(workspaceId: string): Promise<string | null>;
  set(workspaceId: string, token: string): Promise<Result<null>>;
  remove(workspaceId: string): Promise<void>;
}

/** Log sink. Implementations must redact tokens; the core never passes one on purpose. */
export interface Logger {
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

/** Timer functions, injected so tests drive time. Method syntax keeps Node's own functions assignable. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
