/**
 * The table of every Invoke channel the core answers (the shared contract's `InvokeHandlers`):
 * each entry hands its already validated input to the service that owns it. The IPC adapter and
 * the browser host dispatch to this table (bridge/invoke-dispatch.ts); nothing here decides.
 */
import type { AppInfo, InvokeHandlers, QueueSnapshot } from '../../../src-shared/contract';
import { ok, type AppError } from '../../../src-shared/domain';
import type { Workspaces } from '../accounts/workspaces';
import type { DeviceFlow } from '../accounts/device-flow';
import type { Diagnostics } from '../app/diagnostics';
import type { Updates } from '../app/updates';
import type { Decisions } from '../decisions/decisions';
import type { SettingsService } from '../storage/settings-service';

export interface InvokeServices {
  host: AppInfo;
  snapshot(): QueueSnapshot;
  workspaces: Pick<Workspaces, 'refreshNow' | 'refreshHistory' | 'signInWithToken' | 'signOut' | 'statuses'>;
  requestDetail: InvokeHandlers['requests:get'];
  participants: InvokeHandlers['participants:list'];
  decisions: Pick<Decisions, 'decide'>;
  settings: Pick<SettingsService, 'view' | 'update' | 'get'>;
  deviceFlow: Pick<DeviceFlow, 'start' | 'cancel'>;
  updates: Pick<Updates, 'reportAwaiting' | 'view' | 'restart'>;
  openExternal: InvokeHandlers['app:open-external'];
  diagnostics: Pick<Diagnostics, 'text'>;
  /** Rows held per workspace (for the diagnostics text). */
  requestCounts(): Record<string, number>;
  /** Every credential known, for redaction. */
  secrets(): string[];
  /** A token typed into sign-in: known before anything can echo it, whether or not it works. */
  noteSecret(token: string): void;
  recordError(error: AppError, context: string): void;
  /** Workspaces changed: publish at once. */
  publishNow(): void;
}

/** Creates the Invoke table over the core's services. */
export function createInvokeHandlers(s: InvokeServices): InvokeHandlers {
  return {
    'queue:get-snapshot': async () => s.snapshot(),
    'queue:refresh-now': async () => {
      await s.workspaces.refreshNow();
      return ok(null);
    },
    'queue:refresh-history': async () => {
      await s.workspaces.refreshHistory();
      return ok(null);
    },
    'requests:get': s.requestDetail,
    'requests:approve': (input) => s.decisions.decide({ kind: 'approve', ...input }),
    'requests:reject': (input) => s.decisions.decide({ kind: 'reject', ...input }),
    'participants:list': s.participants,
    'settings:get': async () => s.settings.view(),
    'settings:update': async (patch) => s.settings.update(patch as Record<string, unknown>),
    'auth:start-device-flow': ({ baseUrl }) => s.deviceFlow.start(baseUrl),
    'auth:cancel-device-flow': async () => s.deviceFlow.cancel(),
    'auth:sign-in-with-token': async (input) => {
      s.noteSecret(input.token);
      const res = await s.workspaces.signInWithToken(input);
      if (!res.ok) s.recordError(res.error, 'sign in');
      s.publishNow();
      return res;
    },
    'auth:sign-out': async ({ workspaceId }) => {
      const res = await s.workspaces.signOut(workspaceId);
      s.publishNow();
      return res;
    },
    'app:get-info': async () => s.host,
    'app:copy-diagnostics': async () =>
      s.diagnostics.text({ workspaces: s.workspaces.statuses(), settings: s.settings.get(), secrets: s.secrets(), requestCounts: s.requestCounts() }),
    'decisions:report-awaiting': async ({ count }) => {
      s.updates.reportAwaiting(count);
      return ok(null);
    },
    'app:get-update-state': async () => s.updates.view(),
    'app:restart-to-update': async () => s.updates.restart(),
    'app:open-external': s.openExternal,
  };
}
