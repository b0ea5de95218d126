/**
 * "Copy diagnostics": a plain-text report for support (versions, host, workspaces, settings,
 * recent errors) that never contains a token. Everything passes through `redact` last, so even
 * a token that slipped into an error message is removed.
 */
import type { AppInfo } from '../../../src-shared/contract';
import type { AppError, WorkspaceStatus } from '../../../src-shared/domain';
import type { Settings } from '../../../src-shared/settings';
import { REDACTED, redact as redactLogText } from '../security/redact';

export const RECENT_ERROR_LIMIT = 50;

// Beyond what the log redactor knows: legacy key prefixes (fxn_…, frx_…) and JWT-shaped strings.
const EXTRA_SECRET_PATTERNS: RegExp[] = [/\b(?:fxn|frx)_[A-Za-z0-9_-]{4,}/gi, /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g];

/** Removes anything that looks like a credential, plus every known token, from `text`. */
export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = redactLogText(text, knownSecrets);
  for (const pattern of EXTRA_SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

export interface RecentError {
  at: number;
  context: string;
  error: AppError;
}

export interface DiagnosticsInput {
  workspaces: WorkspaceStatus[];
  settings: Settings;
  /** Tokens currently in use: removed verbatim wherever they appear. */
  secrets: readonly string[];
  requestCounts?: Record<string, number>;
}

export interface Diagnostics {
  record(error: AppError, context: string): void;
  recent(): RecentError[];
  text(input: DiagnosticsInput): string;
}

export interface DiagnosticsDeps {
  host: AppInfo;
  now: () => number;
  nodeVersion?: string;
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** Creates the diagnostics collector with a ring buffer of the last 50 errors. */
export function createDiagnostics(deps: DiagnosticsDeps): Diagnostics {
  const ring: RecentError[] = [];
  return {
    record(error, context) {
      ring.push({ at: deps.now(), context, error: { ...error } });
      if (ring.length > RECENT_ERROR_LIMIT) ring.splice(0, ring.length - RECENT_ERROR_LIMIT);
    },
    recent: () => ring.map((e) => ({ ...e, error: { ...e.error } })),
    text(input) {
      const lines: string[] = [];
      lines.push('Fruxon Access Console diagnostics');
      lines.push(`Generated: ${iso(deps.now())}`);
      lines.push(`Version: ${deps.host.version}`);
      lines.push(`Host: ${deps.host.host} on ${deps.host.platform}`);
      lines.push(`Node: ${deps.nodeVersion ?? process.versions.node}`);
      if (process.versions.electron) lines.push(`Electron: ${process.versions.electron}`);
      lines.push('');
      lines.push(`Workspaces (${input.workspaces.length}):`);
      for (const w of input.workspaces) {
        lines.push(`- ${w.id} "${w.label}"${w.isDemo ? ' [demo]' : ''}`);
        lines.push(`  base URL: ${w.baseUrl}  tenant: ${w.tenant}`);
        lines.push(`  credential: ${w.credential}${w.credentialNotice ? ` (${w.credentialNotice})` : ''}`);
        lines.push(
          `  poll: ${w.poll.state}, last success ${iso(w.poll.lastSuccessAt)}, failures ${w.poll.consecutiveFailures}, dropped rows ${w.poll.droppedRows}`,
        );
        if (w.poll.lastError) lines.push(`  last error: ${w.poll.lastError.code} ${w.poll.lastError.message}`);
        if (w.expiryWarning) lines.push(`  ${w.expiryWarning}`);
        if (w.decisionsHeldUntil !== null && w.decisionsHeldUntil > deps.now()) lines.push(`  decisions held (rate limited) until ${iso(w.decisionsHeldUntil)}`);
        const count = input.requestCounts?.[w.id];
        if (count !== undefined) lines.push(`  requests held: ${count}`);
      }
      lines.push('');
      lines.push('Settings:');
      const { windowBounds: _bounds, filters: _filters, ...rest } = input.settings;
      lines.push(JSON.stringify(rest, null, 2));
      lines.push('');
      lines.push(`Recent errors (${ring.length}):`);
      for (const e of ring) {
        const status = e.error.status !== undefined ? ` [${e.error.status}]` : '';
        lines.push(`${iso(e.at)} ${e.context}: ${e.error.code}${status} ${e.error.message}`);
      }
      return redact(lines.join('\n'), input.secrets);
    },
  };
}
