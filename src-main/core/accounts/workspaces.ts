/**
 * The workspaces the console watches, each with its own API client, poller, name cache and
 * status. Configuration comes, in priority, from the environment (FRUXON_API_URL, FRUXON_TENANT,
 * FRUXON_TOKEN: headless), then from persisted workspaces (metadata in the data store, token in
 * the vault), and with none configured the built-in simulator runs as a demo. A 401 signs one
 * workspace out and leaves the others untouched (F20); keys close to expiry are announced
 * using the server's clock (F23).
 */
import { randomUUID } from 'node:crypto';
import { fail, ok, type AccessRequest, type AppError, type Result, type WorkspaceStatus } from '../../../src-shared/domain';
import { parseBaseUrl } from '../api/base-url';
import { workspaceStatusOf } from './workspace-status';
import { createWorkspacePolling } from './workspace-polling';
import { workspaceQueries } from './workspace-queries';
import { blankWorkspace, createWorkspaceRuntime, type Workspace } from './workspace-runtime';
import { createWorkspaceConfig, DEMO_LABEL, DEMO_WORKSPACE_ID, envWorkspace, type WorkspaceMeta } from './workspace-config';
import { createApiClient, type ApiClient, type ApiClientOptions } from '../api/client';
import { createConnectivity, type OfflineState } from '../polling/connectivity';
import type { ListBatch } from '../polling/list-sync';
import type { Names } from '../requests/names';
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
  /** A successful list for `ws`: resolve names, update the store, notify. */
  onBatch(ws: Workspace, batch: ListBatch, signal: AbortSignal): Promise<void>;
  /** Ids of `ws` that left the pending list and wait to be read back. */
  readBacksDue(workspaceId: string, max: number): string[];
  /** One read-back's answer (a row, not-found, or an error that will not get better). */
  onReadBack(ws: Workspace, id: string, res: Result<AccessRequest>): Promise<void>;
  /** How complete the store's lists of a workspace are. */
  listFacts(workspaceId: string): ListFacts;
  /** Anything visible about the workspaces changed. */
  onChange(): void;
  /** A workspace (re)signed in: its next snapshot must be silent. */
  onSignedIn(ws: Workspace): void;
  /** A workspace is gone: drop its requests. */
  onRemoved(workspaceId: string): void;
  onError?(error: AppError, context: string): void;
  /** When the last good snapshot of a workspace arrived (the request store knows). */
  lastSuccessAt(workspaceId: string): number | null;
}

export interface SignInInput {
  baseUrl: string;
  tenant: string;
  token: string;
  label?: string;
  webUrl?: string | null;
}

export interface Workspaces {
  start(): Promise<void>;
  stop(): Promise<void>;
  list(): Workspace[];
  get(id: string): Workspace | undefined;
  statusOf(ws: Workspace): WorkspaceStatus;
  statuses(): WorkspaceStatus[];
  signInWithToken(input: SignInInput): Promise<Result<WorkspaceStatus>>;
  signOut(id: string): Promise<Result<null>>;
  /** 401 seen (poll or decision): stop this workspace only, keep its list visible. */
  markSignedOut(id: string): void;
  markReadOnly(id: string, agentId: string, reason: string): void;
  /** Why decisions cannot go out for this workspace now (the refusal, in words), or null. */
  blockedBy(id: string): AppError | null;
  /** The workspace's side of "can this row be decided" (sleep left out: rows do not show it). */
  decisionFacts(id: string): WorkspaceFacts;
  /** Live workspace ids in order. */
  ids(): string[];
  /** The running workspace object's identity (a new one after a sign-in), for caches; undefined when gone. */
  instance(id: string): object | undefined;
  /** The workspace's name cache, or null before it has a client. */
  namesOf(id: string): Names | null;
  /** Why this operator may not decide on an agent's requests here (403 seen, F22), or undefined. */
  readOnlyReason(id: string, agentId: string): string | undefined;
  /** Changes whenever an agent becomes read-only in the workspace (for view caches). */
  readOnlyKey(id: string): string;
  /** The signed-in user's id (auth/health, or learnt from a decision), or null. */
  operatorUserId(id: string): string | null;
  /** A direct 200 answer to my decision names me: remember it when auth/health could not. */
  learnOperatorUserId(id: string, userId: string): void;
  /** The API client of a signed-in workspace, or null (gone, signed out, not configured). */
  readyClient(id: string): ApiClient | null;
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
  let demoHandle: { close(): Promise<void> } | null = null;
  let stopped = false;
  // F35: offline detection and recovery live in their own module; this file only wires it.
  const config = createWorkspaceConfig({ dataStore: deps.dataStore, log });
  const connectivity = createConnectivity({ timers: deps.timers, now: deps.now, onChange: () => deps.onChange(), log });

  const polling = createWorkspacePolling({ runtimes, connectivity, intervalMs: deps.intervalMs });
  const runtime = createWorkspaceRuntime({ ...deps, log, connectivity, isSuspended: () => polling.isSuspended(), isStopped: () => stopped });
  const { attach, halt, launch, applyHealth, checkHealth, signOutBy401 } = runtime;
  const blank = blankWorkspace;

  async function startDemoWorkspace(): Promise<void> {
    const meta: WorkspaceMeta = { id: DEMO_WORKSPACE_ID, label: DEMO_LABEL, baseUrl: '', tenant: '', webUrl: null };
    try {
      const demo = await deps.startDemo();
      demoHandle = demo;
      const ws = blank({ ...meta, baseUrl: demo.url, tenant: demo.tenant }, 'demo');
      ws.credential = 'session-only';
      runtimes.set(ws.meta.id, ws);
      attach(ws, demo.token);
      launch(ws);
      void checkHealth(ws);
    } catch (err) {
      log.error('demo simulator failed to start', { err: String(err) });
      const ws = blank(meta, 'demo');
      ws.configError = { code: 'internal', message: 'The demo simulator could not start. Sign in to a workspace instead.' };
      runtimes.set(ws.meta.id, ws);
    }
  }

  async function stopDemo(): Promise<void> {
    const ws = runtimes.get(DEMO_WORKSPACE_ID);
    if (ws) {
      halt(ws);
      runtimes.delete(DEMO_WORKSPACE_ID);
      deps.onRemoved(DEMO_WORKSPACE_ID);
    }
    const handle = demoHandle;
    demoHandle = null;
    if (handle) await handle.close().catch((err: unknown) => log.warn('demo close failed', { err: String(err) }));
  }

  function envConfig(): Workspace | null {
    const env = envWorkspace(deps.env);
    if (!env) return null;
    const ws = blank(env.meta, 'env');
    ws.credential = 'session-only';
    ws.credentialNotice = 'The token comes from the FRUXON_TOKEN environment variable.';
    ws.configError = env.configError;
    if (env.token !== null) attach(ws, env.token);
    return ws;
  }

  /** What the one decision rule (decisions/decision-rule.ts) needs to know about a workspace. */
  function factsOf(id: string, forRows: boolean): WorkspaceFacts {
    const ws = runtimes.get(id);
    if (!ws) return { exists: false, signedOut: false, configError: null, connected: false, asleep: false, offline: null };
    // Rows do not show sleep: nobody sees them then, and the wake-up would rebuild every view.
    return { exists: true, signedOut: ws.signedOut, configError: ws.configError, connected: ws.client !== null, asleep: !forRows && polling.isSuspended(), offline: connectivity.offline(id) };
  }

  function statusOf(ws: Workspace): WorkspaceStatus {
    const id = ws.meta.id;
    const facts = { now: deps.now(), intervalMs: deps.intervalMs(), lastSuccessAt: deps.lastSuccessAt(id), listFacts: deps.listFacts(id), offline: connectivity.offline(id) };
    return workspaceStatusOf(ws, facts);
  }

  return {
    async start() {
      stopped = false;
      const env = envConfig();
      if (env) {
        runtimes.set(env.meta.id, env);
        launch(env);
        void checkHealth(env);
        deps.onChange();
        return;
      }
      const metas = config.read();
      if (metas.length === 0) {
        await startDemoWorkspace();
        deps.onChange();
        return;
      }
      const kind = await deps.vault.kind().catch(() => 'session-only' as const);
      for (const meta of metas) {
        const ws = blank(meta, 'persisted');
        let token: string | null = null;
        try {
          token = await deps.vault.get(meta.id);
        } catch (err) {
          // F43: an undecryptable credential is dropped; the operator signs in again.
          log.warn('stored credential unreadable', { workspace: meta.id, err: String(err) });
          await deps.vault.remove(meta.id).catch(() => {});
        }
        runtimes.set(meta.id, ws);
        if (token) {
          ws.credential = kind;
          ws.credentialNotice = kind === 'session-only' ? deps.vault.notice() : null;
          attach(ws, token);
          launch(ws);
          void checkHealth(ws);
        } else {
          ws.signedOut = true;
          ws.credential = 'none';
        }
      }
      deps.onChange();
    },

    async stop() {
      stopped = true;
      for (const ws of runtimes.values()) halt(ws);
      connectivity.dispose();
      const handle = demoHandle;
      demoHandle = null;
      if (handle) await handle.close().catch(() => {});
    },

    list: () => [...runtimes.values()],
    get: (id) => runtimes.get(id),
    statusOf,
    statuses: () => [...runtimes.values()].map(statusOf),

    async signInWithToken(input) {
      const base = parseBaseUrl(input.baseUrl);
      if (!base.ok) return base;
      const tenant = input.tenant.trim();
      if (tenant === '') return fail('bad-input', 'Enter the workspace (tenant) name.');
      const token = input.token.trim();
      const existing = [...runtimes.values()].find((w) => !w.isDemo && w.meta.baseUrl === base.value && w.meta.tenant === tenant);
      const id = existing?.meta.id ?? `ws-${randomUUID()}`;

      const probe = createApiClient({ baseUrl: base.value, tenant, token, workspaceId: id, fetch: deps.fetch, secrets: deps.secrets, now: deps.now, ...deps.api });
      const health = await probe.authHealth();
      if (!health.ok) {
        const e = health.error;
        if (e.code === 'unauthorized') return fail('unauthorized', 'The token was rejected by the server (401). Check that it is correct and not revoked.', { status: 401 });
        if (e.code === 'forbidden') return fail('forbidden', `This token is not valid for the workspace "${tenant}".`, { status: 403 });
        return fail(e.code, `Could not check the token: ${e.message}`, e.status !== undefined ? { status: e.status } : {});
      }

      const meta: WorkspaceMeta = {
        id,
        label: input.label?.trim() || existing?.meta.label || tenant,
        baseUrl: base.value,
        tenant,
        webUrl: input.webUrl ?? existing?.meta.webUrl ?? null,
      };
      let credential: WorkspaceStatus['credential'] = 'session-only';
      let credentialNotice: string | null = null;
      const kind = await deps.vault.kind().catch(() => 'session-only' as const);
      const stored = await deps.vault.set(id, token).catch((err: unknown) => fail<null>('internal', String(err)));
      if (kind === 'persisted' && stored.ok) credential = 'persisted';
      else if (kind === 'persisted' && !stored.ok) {
        credentialNotice = `The token could not be stored securely (${stored.error.message}); you are signed in for this session only.`;
      } else credentialNotice = deps.vault.notice();
      config.persist(meta);

      if (existing) {
        halt(existing);
        runtimes.delete(existing.meta.id);
      }
      const ws = blank(meta, 'persisted');
      ws.credential = credential;
      ws.credentialNotice = credentialNotice;
      attach(ws, token);
      applyHealth(ws, health.value);
      runtimes.set(id, ws);
      deps.onSignedIn(ws);
      if (runtimes.has(DEMO_WORKSPACE_ID)) await stopDemo();
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
      if (runtimes.size === 0 && !stopped) await startDemoWorkspace();
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
