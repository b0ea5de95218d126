/**
 * A workspace at run time: its API client, name cache, list sync and poller wired together
 * (`attach`), started and stopped with the app (`launch`, `halt`), its health read (who "me" is,
 * key expiry, the server's clock: F23) and its sign-out by a 401 (F20, F21). Only core code sees
 * a `Workspace` (it holds the token); the rest of core asks `Workspaces` through its methods.
 */
import { ok, type AppError, type WorkspaceStatus } from '../../../src-shared/domain';
import { createApiClient, type ApiClient, type AuthHealthResult } from '../api/client';
import type { Connectivity } from '../polling/connectivity';
import { createListSync, type ListSync } from '../polling/list-sync';
import { createNames, type Names } from '../requests/names';
import type { Logger } from '../ports';
import { createPoller, type Poller, type PollerState } from '../polling/poller';
import type { WorkspacesDeps } from './workspaces';
import type { WorkspaceMeta } from './workspace-config';

export type WorkspaceSource = 'env' | 'persisted' | 'demo';

/** One watched workspace at run time. Only core code sees this (it holds the token). */
export interface Workspace {
  readonly meta: WorkspaceMeta;
  readonly source: WorkspaceSource;
  readonly isDemo: boolean;
  client: ApiClient | null;
  poller: Poller | null;
  /** What each poll lists, and the history beside it. */
  sync: ListSync | null;
  names: Names | null;
  token: string | null;
  credential: WorkspaceStatus['credential'];
  credentialNotice: string | null;
  signedOut: boolean;
  /** A configuration problem (bad environment, demo failed to start): nothing polls. */
  configError: AppError | null;
  operatorUserId: string | null;
  apiKeyExpiresAt: number | null;
  /** server clock − local clock, from the last Date header (F23). */
  clockOffsetMs: number;
  /** Agents this operator may not decide on (403 seen), agentId → reason (F22). */
  readOnlyAgents: Map<string, string>;
  droppedRows: number;
  pollState: PollerState | null;
}

/** A workspace with nothing attached yet (no token, client or poller). */
export function blankWorkspace(meta: WorkspaceMeta, source: WorkspaceSource): Workspace {
  return {
    meta,
    source,
    isDemo: source === 'demo',
    client: null,
    poller: null,
    sync: null,
    names: null,
    token: null,
    credential: 'none',
    credentialNotice: null,
    signedOut: false,
    configError: null,
    operatorUserId: null,
    apiKeyExpiresAt: null,
    clockOffsetMs: 0,
    readOnlyAgents: new Map(),
    droppedRows: 0,
    pollState: null,
  };
}

export interface WorkspaceRuntimeDeps
  extends Pick<WorkspacesDeps, 'fetch' | 'secrets' | 'api' | 'now' | 'random' | 'timers' | 'intervalMs' | 'listSettings' | 'onBatch' | 'readBacksDue' | 'onReadBack' | 'onError' | 'onChange' | 'vault'> {
  log: Logger;
  connectivity: Connectivity;
  /** `ws` is still the live workspace of its id (not signed out or replaced since). */
  isCurrent(ws: Workspace): boolean;
  isSuspended(): boolean;
  isStopped(): boolean;
}

export interface WorkspaceRuntime {
  /** Gives a workspace its token, client, names, list sync and poller (not started). */
  attach(ws: Workspace, token: string): void;
  /** Stops a workspace's polling and history for good. */
  halt(ws: Workspace): void;
  /** Starts polling (paused while the machine sleeps). */
  launch(ws: Workspace): void;
  applyHealth(ws: Workspace, health: AuthHealthResult): void;
  /** auth/health at start: expiry warning, who "me" is, and an early 401. */
  checkHealth(ws: Workspace): Promise<void>;
  /** 401 seen (poll, history, decision): stop this workspace only, keep its list visible. */
  signOutBy401(ws: Workspace): void;
}

/** Creates the run-time wiring of workspaces. */
export function createWorkspaceRuntime(deps: WorkspaceRuntimeDeps): WorkspaceRuntime {
  const log = deps.log;

  function noteServerDate(ws: Workspace, serverDate: number | null): void {
    if (serverDate !== null) ws.clockOffsetMs = serverDate - deps.now();
  }

  function attach(ws: Workspace, token: string): void {
    ws.token = token;
    ws.signedOut = false;
    ws.client = createApiClient({
      baseUrl: ws.meta.baseUrl,
      tenant: ws.meta.tenant,
      token,
      workspaceId: ws.meta.id,
      fetch: deps.fetch,
      secrets: deps.secrets,
      now: deps.now,
      log,
      ...deps.api,
    });
    ws.names = createNames({ client: ws.client, now: deps.now, log, operatorUserId: () => ws.operatorUserId, onRolesChanged: () => deps.onChange() });
    const client = ws.client;
    const source = { workspaceId: ws.meta.id, isCurrent: () => deps.isCurrent(ws) };
    const sync = createListSync({
      client,
      now: deps.now,
      historyIntervalMs: () => deps.listSettings().historyIntervalMs,
      decidedLimit: () => deps.listSettings().decidedLimit,
      listMaxBytes: () => deps.listSettings().listMaxBytes,
      apply: (batch, signal) => deps.onBatch(source, batch, signal),
      readBacksDue: (max) => deps.readBacksDue(ws.meta.id, max),
      readBack: (id, res) => deps.onReadBack(source, id, res),
      pollNow: () => poller.pollNow(),
      onUnauthorized: () => signOutBy401(ws),
      onError: (error, context) => deps.onError?.(error, `${context} ${ws.meta.id}`),
      onChange: () => {
        if (ws.sync === sync) deps.onChange();
      },
    });
    const poller = createPoller({
      intervalMs: deps.intervalMs,
      timers: deps.timers,
      random: deps.random,
      now: deps.now,
      onState: (s) => {
        if (ws.poller !== poller) return;
        ws.pollState = s;
        deps.onChange();
      },
      onSettled: (result) => {
        if (ws.poller === poller) deps.connectivity.pollSettled(ws.meta.id, result);
      },
      tick: async (signal) => {
        const res = await sync.tick(signal);
        if (signal.aborted || ws.poller !== poller) return res.ok ? ok(null) : res;
        if (!res.ok) {
          deps.onError?.(res.error, `poll ${ws.meta.id}`);
          if (res.error.code === 'unauthorized') signOutBy401(ws);
          return res;
        }
        noteServerDate(ws, res.value.serverDate);
        ws.droppedRows = res.value.dropped;
        return ok(null);
      },
    });
    ws.sync = sync;
    ws.poller = poller;
    ws.pollState = poller.state();
    deps.connectivity.add(ws.meta.id, {
      // auth/health is side-effect-free and excluded from rate limiting (fruxon-api.md §7.2).
      probe: async () => {
        const res = await client.authHealth();
        if (res.ok && ws.client === client) applyHealth(ws, res.value);
        return res;
      },
      pause: () => {
        poller.pause();
        sync.cancel();
      },
      // Asleep: the wake-up resumes it (resume() below).
      resume: () => {
        if (!deps.isSuspended()) poller.resume();
      },
    });
  }

  /** Stops a workspace's polling and history for good. */
  function halt(ws: Workspace): void {
    ws.poller?.stop();
    ws.sync?.stop();
    ws.names?.dispose();
    deps.connectivity.remove(ws.meta.id);
  }

  function launch(ws: Workspace): void {
    if (!ws.poller || deps.isStopped()) return;
    ws.poller.start();
    if (deps.isSuspended()) ws.poller.pause();
  }

  function applyHealth(ws: Workspace, health: AuthHealthResult): void {
    ws.operatorUserId = health.userId;
    ws.apiKeyExpiresAt = health.apiKeyExpiresAt;
    noteServerDate(ws, health.serverDate);
  }

  /** auth/health at start: expiry warning, who "me" is, and an early 401. */
  async function checkHealth(ws: Workspace): Promise<void> {
    const client = ws.client;
    if (!client) return;
    const res = await client.authHealth();
    if (ws.client !== client) return;
    if (res.ok) {
      applyHealth(ws, res.value);
      // The first poll may have listed before "me" was known: the roles of its agents now, in the
      // background (a role that changes publishes by itself; the status below does not wait for it).
      void ws.names?.refreshRoles();
    } else if (res.error.code === 'unauthorized') signOutBy401(ws);
    else deps.onError?.(res.error, `auth health ${ws.meta.id}`);
    deps.onChange();
  }

  function signOutBy401(ws: Workspace): void {
    if (ws.signedOut) return;
    ws.signedOut = true;
    // The poller has stopped itself if the 401 came from a poll; a decision's 401 stops it here.
    halt(ws);
    log.warn('workspace signed out by the server (401)', { workspace: ws.meta.id });
    // A rejected token is useless; forget it so the next launch asks to sign in.
    if (ws.source === 'persisted') void deps.vault.remove(ws.meta.id).catch(() => {});
    deps.onChange();
  }

  return { attach, halt, launch, applyHealth, checkHealth, signOutBy401 };
}
