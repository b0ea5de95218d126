/**
 * The workspaces the console watches, each with its own API client, poller, name cache and
 * status. Configuration comes, in priority, from the environment (FRUXON_API_URL, FRUXON_TENANT,
 * FRUXON_TOKEN: headless), then from persisted workspaces (metadata in the data store, token in
 * the vault), and with none configured the built-in simulator runs as a demo. A 401 signs one
 * workspace out and leaves the others untouched (F20); keys close to expiry are announced
 * using the server's clock (F23).
 */
import { fail, ok, type AccessRequest, type AppError, type Result, type WorkspaceStatus } from '../../../src-shared/domain';
import { workspaceStatusOf } from './workspace-status';
import { createWorkspacePolling } from './workspace-polling';
import { workspaceQueries, type WorkspaceQueries } from './workspace-queries';
import { blankWorkspace, createWorkspaceRuntime, type Workspace } from './workspace-runtime';
import { createDemoWorkspace } from './demo-workspace';
import { checkSignIn } from './workspace-sign-in';
import { createWorkspaceConfig, DEMO_WORKSPACE_ID } from './workspace-config';
import { restoreEnvWorkspace, restorePersistedWorkspace } from './workspace-restore';
import type { ApiClientOptions } from '../api/client';
import { createConnectivity, type OfflineState } from '../polling/connectivity';
import type { ListBatch } from '../polling/list-sync';
import type { ListFacts } from '../requests/request-store';
import { silentLogger, type CredentialVault, type KeyValueStore, type Logger, type Timers } from '../ports';
import { refusalFor, workspaceBlockOf, type WorkspaceFacts } from '../decisions/decision-rule';

export { DEMO_LABEL, DEMO_WORKSPACE_ID, ENV_WORKSPACE_ID, WORKSPACES_KEY, type WorkspaceMeta } from './workspace-config';
export { clockTime, expiryWarningFor, EXPIRY_WARNING_MS } from './workspace-status';

export type ApiTuning = Pick<ApiClientOptions, 'timeoutMs' | 'retryBaseMs' | 'getRetries' | 'maxPages'>;

export type { Workspace, WorkspaceSource } from './workspace-runtime';

export interface WorkspacesDeps {
  env: Record<string, string | undefined>;
  dataStore: KeyValueStore;
  vault: CredentialVault;
  startDemo: () => Promise<{ url: string; tenant: string; token: string; close(): Promise<void> }>;
  fetch?: typeof fetch;
  /** Every token the console knows (removed from server text in errors). */
  secrets?: () => readonly string[];
  /** API client tuning (tests shorten timeouts); defaults are the client's own. */
  api?: ApiTuning;
  now: () => number;
  random: () => number;
  timers: Timers;
  log?: Logger;
  intervalMs: () => number;
  /** History cadence, decided rows kept and the list size limit (read at every use, so settings apply at once). */
  listSettings: () => { historyIntervalMs: number; decidedLimit: number; listMaxBytes: number };
  /** A successful list of a workspace: resolve names, update the store, notify. */
  onBatch(source: WorkspaceRef, batch: ListBatch, signal: AbortSignal): Promise<void>;
  /** Ids of a workspace that left the pending list and wait to be read back. */
  readBacksDue(workspaceId: string, max: number): string[];
  /** One read-back's answer (a row, not-found, or an error that will not get better). */
  onReadBack(source: WorkspaceRef, id: string, res: Result<AccessRequest>): Promise<void>;
  /** How complete the store's lists of a workspace are. */
  listFacts(workspaceId: string): ListFacts;
  /** Anything visible about the workspaces changed. */
  onChange(): void;
  /** A workspace (re)signed in: its next snapshot must be silent. */
  onSignedIn(workspaceId: string): void;
  /** A workspace is gone: drop its requests. */
  onRemoved(workspaceId: string): void;
  onError?(error: AppError, context: string): void;
  /** When the last good snapshot of a workspace arrived (the request store knows). */
  lastSuccessAt(workspaceId: string): number | null;
  /** Until when decisions to a workspace are held after a 429 (the decision service knows), or null. */
  decisionsHeldUntil?(workspaceId: string): number | null;
}

/**
 * Which workspace an answer belongs to, handed with every list and read-back: `isCurrent()` is
 * false once that workspace was signed out or replaced by a new sign-in, so late answers drop.
 */
export interface WorkspaceRef {
  readonly workspaceId: string;
  isCurrent(): boolean;
}

export interface SignInInput {
  baseUrl: string;
  tenant: string;
  token: string;
  label?: string;
  webUrl?: string | null;
}

/** The workspace manager; what the rest of core asks of a workspace is `WorkspaceQueries`. */
export interface Workspaces extends WorkspaceQueries {
  start(): Promise<void>;
  stop(): Promise<void>;
  statuses(): WorkspaceStatus[];
  /** The workspaces' web app origins as configured (the external-link allowlist adds them). */
  webUrls(): (string | null)[];
  signInWithToken(input: SignInInput): Promise<Result<WorkspaceStatus>>;
  signOut(id: string): Promise<Result<null>>;
  /** 401 seen (poll or decision): stop this workspace only, keep its list visible. */
  markSignedOut(id: string): void;
  markReadOnly(id: string, agentId: string, reason: string): void;
  /** Why decisions cannot go out for this workspace now (the refusal, in words), or null. */
  blockedBy(id: string): AppError | null;
  /** The workspace's side of "can this row be decided" (sleep left out: rows do not show it). */
  decisionFacts(id: string): WorkspaceFacts;
  suspend(): void;
  resume(): void;
  /** The operating system's view of the network (F35); offline pauses every workspace. */
  setOsOnline(online: boolean): void;
  /** Why this workspace is offline (F35), or null. */
  offline(id: string): OfflineState | null;
  /** The poll interval changed: let healthy pollers pick it up now. */
  reschedule(): void;
  refreshNow(): Promise<void>;
  /** Approved/Rejected opened: refresh history now unless it is fresh (all workspaces, or one). */
  refreshHistory(workspaceId?: string): Promise<void>;
  /** Tokens in use, for redaction. */
  secrets(): string[];
}

/** Creates the workspace manager. Nothing runs until `start()`. */
export function createWorkspaces(deps: WorkspacesDeps): Workspaces {
  const log = deps.log ?? silentLogger;
  const runtimes = new Map<string, Workspace>();
  let stopped = false;
  // F35: offline detection and recovery live in their own module; this file only wires it.
  const config = createWorkspaceConfig({ dataStore: deps.dataStore, log });
  const connectivity = createConnectivity({ timers: deps.timers, now: deps.now, onChange: () => deps.onChange(), log });

  const polling = createWorkspacePolling({ runtimes, connectivity, intervalMs: deps.intervalMs, now: deps.now });
  const runtime = createWorkspaceRuntime({
    ...deps,
    log,
    connectivity,
    isCurrent: (ws) => runtimes.get(ws.meta.id) === ws,
    isSuspended: () => polling.isSuspended(),
    isStopped: () => stopped,
  });
  const { attach, halt, launch, applyHealth, checkHealth, signOutBy401 } = runtime;
  const blank = blankWorkspace;

  const demo = createDemoWorkspace({ startDemo: deps.startDemo, onRemoved: deps.onRemoved, runtimes, runtime, log });

  /** What the one decision rule (decisions/decision-rule.ts) needs to know about a workspace. */
  function factsOf(id: string, forRows: boolean): WorkspaceFacts {
    const ws = runtimes.get(id);
    if (!ws) return { exists: false, signedOut: false, configError: null, connected: false, asleep: false, offline: null };
    // Rows do not show sleep: nobody sees them then, and the wake-up would rebuild every view.
    return { exists: true, signedOut: ws.signedOut, configError: ws.configError, connected: ws.client !== null, asleep: !forRows && polling.isSuspended(), offline: connectivity.offline(id) };
  }

  function statusOf(ws: Workspace): WorkspaceStatus {
    const id = ws.meta.id;
    const facts = { now: deps.now(), intervalMs: deps.intervalMs(), lastSuccessAt: deps.lastSuccessAt(id), listFacts: deps.listFacts(id), offline: connectivity.offline(id), decisionsHeldUntil: deps.decisionsHeldUntil?.(id) ?? null };
    return workspaceStatusOf(ws, facts);
  }

  return {
    async start() {
      stopped = false;
      const env = restoreEnvWorkspace(deps.env, attach);
      if (env) {
        runtimes.set(env.meta.id, env);
        launch(env);
        void checkHealth(env);
        deps.onChange();
        return;
      }
      const metas = config.read();
      if (metas.length === 0) {
        await demo.start();
        deps.onChange();
        return;
      }
      const kind = await deps.vault.kind().catch(() => 'session-only' as const);
      for (const meta of metas) {
        const ws = await restorePersistedWorkspace(meta, kind, { vault: deps.vault, attach, log });
        runtimes.set(meta.id, ws);
        if (ws.signedOut) continue;
        launch(ws);
        void checkHealth(ws);
      }
      deps.onChange();
    },

    async stop() {
      stopped = true;
      for (const ws of runtimes.values()) halt(ws);
      connectivity.dispose();
      await demo.close();
    },

    statuses: () => [...runtimes.values()].map(statusOf),
    webUrls: () => [...runtimes.values()].map((w) => w.meta.webUrl),

    async signInWithToken(input) {
      const existingOf = (baseUrl: string, tenant: string) => [...runtimes.values()].find((w) => !w.isDemo && w.meta.baseUrl === baseUrl && w.meta.tenant === tenant)?.meta;
      const checked = await checkSignIn(input, existingOf, deps);
      if (!checked.ok) return checked;
      const { meta, token, health, credential, credentialNotice } = checked.value;
      const { id } = meta;
      config.persist(meta);

      const existing = runtimes.get(id);
      if (existing) {
        halt(existing);
        runtimes.delete(existing.meta.id);
      }
      const ws = blank(meta, 'persisted');
      ws.credential = credential;
      ws.credentialNotice = credentialNotice;
      attach(ws, token);
      applyHealth(ws, health);
      runtimes.set(id, ws);
      deps.onSignedIn(id);
      if (runtimes.has(DEMO_WORKSPACE_ID)) await demo.stop();
      launch(ws);
      deps.onChange();
      return ok(statusOf(ws));
    },

    async signOut(id) {
      const ws = runtimes.get(id);
      if (!ws) return fail('no-workspace', 'That workspace is not signed in.');
      if (ws.isDemo) return fail('bad-input', 'The demo workspace cannot be signed out; sign in to a workspace to replace it.');
      halt(ws);
      runtimes.delete(id);
      await deps.vault.remove(id).catch((err: unknown) => log.warn('credential removal failed', { err: String(err) }));
      config.forget(id);
      deps.onRemoved(id);
      if (runtimes.size === 0 && !stopped) await demo.start();
      deps.onChange();
      return ok(null);
    },

    markSignedOut(id) {
      const ws = runtimes.get(id);
      if (ws) signOutBy401(ws);
    },

    markReadOnly(id, agentId, reason) {
      const ws = runtimes.get(id);
      if (!ws) return;
      ws.readOnlyAgents.set(agentId, reason);
      deps.onChange();
    },

    blockedBy(id) {
      const facts = factsOf(id, false);
      // Offline: find out now whether the network is back, so the block lifts by itself.
      if (facts.exists && facts.offline && workspaceBlockOf(facts)?.startsWith('offline')) void connectivity.checkNow(id);
      return refusalFor(facts);
    },

    decisionFacts: (id) => factsOf(id, true),
    // What the rest of core asks of a workspace (accounts/workspace-queries.ts) and the polling of all of them.
    ...workspaceQueries(runtimes),
    suspend: polling.suspend,
    resume: polling.resume,
    setOsOnline: polling.setOsOnline,
    reschedule: polling.reschedule,
    refreshNow: polling.refreshNow,
    refreshHistory: polling.refreshHistory,
    offline: (id) => connectivity.offline(id),

    secrets: () => [...runtimes.values()].map((w) => w.token).filter((t): t is string => t !== null),
  };
}
