/**
 * The Electron-free heart of the console, run by both Electron main and the browser host:
 * settings, workspaces and their pollers, the request store, names, decisions, notifications,
 * device sign-in and diagnostics, behind the `InvokeHandlers` of the shared contract and a
 * push stream of whole snapshots. Hosts only supply effects (storage, vault, notifications,
 * opening URLs, the demo simulator) and forward the handlers and pushes.
 */
import type {
  AppInfo,
  DeviceFlowView,
  InvokeHandlers,
  NewPendingNotice,
  AppView,
  QueueSnapshot,
  UpdateView,
  RequestRef,
  Unsubscribe,
} from '../../src-shared/contract';
import { Push } from '../../src-shared/contract';
import { fail, ok, type AppError, type Result } from '../../src-shared/domain';
import type { Settings } from '../../src-shared/settings';
import { createDecisionModes } from './decisions/decision-modes';
import { createDecisions } from './decisions/decisions';
import { createDeviceFlow } from './accounts/device-flow';
import { createDiagnostics } from './app/diagnostics';
import { realTimers, silentLogger, type CredentialVault, type KeyValueStore, type Logger, type Timers } from './ports';
import { createRequestStore } from './requests/request-store';
import { createSecretBook } from './security/secret-guard';
import { createUpdates, type UpdateEvents, type UpdaterPort } from './app/updates';
import { createSettingsService } from './storage/settings-service';
import { createWorkspaces, type ApiTuning } from './accounts/workspaces';
import { createRequestDetail } from './requests/request-detail';
import { createRequestViews } from './requests/request-views';
import { createOpenExternal } from './security/open-external';
import { createSnapshotPublisher, type PushListener } from './bridge/snapshot-publisher';
import { createAnnouncer } from './notifications/announcer';
import { createListApply } from './polling/list-apply';

export type { CredentialVault, KeyValueStore, Logger, Timers } from './ports';
export { createJsonFileStore } from './storage/json-file-store';
export { createMemoryVault } from './storage/memory-vault';

export { SNAPSHOT_COALESCE_MS, type PushListener } from './bridge/snapshot-publisher';

/** Effects the host supplies. */
export interface ConsoleCoreDeps {
  host: AppInfo;
  /** FRUXON_API_URL, FRUXON_TENANT, FRUXON_TOKEN configure a headless workspace. */
  env: Record<string, string | undefined>;
  /** Non-secret persistence (settings, workspaces, seen-set, device id). */
  dataStore: KeyValueStore;
  /** Secret persistence (one token per workspace). */
  vault: CredentialVault;
  /** Starts the simulator in-process for demo mode. */
  startDemo: () => Promise<{ url: string; tenant: string; token: string; close(): Promise<void> }>;
  /** Shows a native notification (the browser host pushes it instead). */
  notify: (notice: NewPendingNotice) => void;
  /** Opens a URL in the browser; only called with URLs that passed the allowlist. */
  openExternal: (url: string) => Promise<void>;
  /**
   * Self-update (Electron, packaged builds): the adapter's port and a way to hand it the events
   * it reports. Absent means updates are off; `updatesOffReason` says why.
   */
  updater?: { port: UpdaterPort; listen(events: UpdateEvents): void } | null;
  updatesOffReason?: string;
  fetch?: typeof fetch;
  /** API client tuning (timeouts, GET retry delays); tests shorten them. */
  api?: ApiTuning;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  log?: Logger;
}


export interface ConsoleCore {
  /** Validated-input handlers; the IPC adapter and the browser host dispatch to these. */
  handlers: InvokeHandlers;
  subscribe(listener: PushListener): Unsubscribe;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Machine sleeps or goes offline: pollers pause. */
  suspend(): void;
  /** Back: pollers resume after a jitter; any backlog is announced as one summary (F38). */
  resume(): void;
  /**
   * The operating system's view of the network (Electron: `net.isOnline()`). Offline pauses every
   * workspace's polling and disables decisions; back online, each workspace checks its server and
   * resumes after a 0-3 s jitter (F35).
   */
  setNetworkOnline(online: boolean): void;
  /** A deep link or notification click: tell the renderer to open the request. */
  openRequest(ref: RequestRef): void;
  /** Asks the renderer to open a view (the tray's "Settings…"). */
  showView(view: AppView): void;
  /** Self-update state and "Restart to update" (the tray offers it too). */
  updates: { view(): UpdateView; restart(): Result<null> };
  /** The current queue (for the tray and badge). */
  snapshot(): QueueSnapshot;
  settings(): Settings;
  /**
   * Every credential this core has seen: tokens in use, FRUXON_TOKEN, attempted sign-ins and
   * device-flow keys (trimmed forms too, bounded). The bridges' guards and the loggers use it.
   */
  secrets(): readonly string[];
}

/** Creates the console core. Nothing polls until `start()`. */
export function createConsoleCore(deps: ConsoleCoreDeps): ConsoleCore {
  const log = deps.log ?? silentLogger;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const timers = deps.timers ?? realTimers;
  let started = false;

  // Attempted and past credentials; tokens in use come from the workspaces.
  const seenSecrets = createSecretBook();
  seenSecrets.add(deps.env.FRUXON_TOKEN);
  const allSecrets = (): string[] => [...new Set([...workspaces.secrets(), ...seenSecrets.list()])];

  const diagnostics = createDiagnostics({ host: deps.host, now });
  const recordError = (error: AppError, context: string) => diagnostics.record(error, context);

  const settings = createSettingsService({ dataStore: deps.dataStore, log });
  const intervalMs = () => settings.get().pollSeconds * 1000;
  const store = createRequestStore({ dataStore: deps.dataStore, now, log, decidedLimit: () => settings.get().decidedLimit });
  /** The mode of each approval this console sent (the API's rows do not carry it). */
  const approveModes = createDecisionModes({ dataStore: deps.dataStore, log });

  // Views and the queue's requests array (requests/request-views.ts); the workspaces answer through methods.
  const views = createRequestViews({
    store,
    workspaces: {
      ids: () => workspaces.ids(),
      instance: (id) => workspaces.instance(id),
      namesOf: (id) => workspaces.namesOf(id),
      decisionFacts: (id) => workspaces.decisionFacts(id),
      readOnlyReason: (id, agentId) => workspaces.readOnlyReason(id, agentId),
      readOnlyKey: (id) => workspaces.readOnlyKey(id),
    },
    approveMode: (workspaceId, requestId) => approveModes.get(workspaceId, requestId),
    now,
  });
  const toView = views.toView;

  const publisher = createSnapshotPublisher({ requests: views.current, requestsRev: views.revision, statuses: () => workspaces.statuses(), now, timers, log });
  const { emit, publishNow } = publisher;
  const scheduleSnapshot = publisher.schedule;
  const buildSnapshot = publisher.snapshot;

  const announcer = createAnnouncer({ store, toView, settings: () => settings.get(), now, notify: deps.notify, emit, log });
  const lists = createListApply({ store, workspaces: { namesOf: (id) => workspaces.namesOf(id) }, announcer, onChange: scheduleSnapshot, onError: recordError });

  const workspaces = createWorkspaces({
    env: deps.env,
    dataStore: deps.dataStore,
    vault: deps.vault,
    startDemo: deps.startDemo,
    secrets: () => allSecrets(),
    fetch: deps.fetch,
    api: deps.api,
    now,
    random,
    timers,
    log,
    intervalMs,
    lastSuccessAt: (id) => store.lastSuccessAt(id),
    onError: recordError,
    onChange: scheduleSnapshot,
    onSignedIn: (id) => {
      store.silenceNext(id);
      announcer.forget(id);
    },
    onRemoved: (id) => {
      store.dropWorkspace(id);
      announcer.forget(id);
    },
    listSettings: () => {
      const current = settings.get();
      return { historyIntervalMs: current.historyMinutes * 60_000, decidedLimit: current.decidedLimit, listMaxBytes: current.listLimitMB * 1_048_576 };
    },
    onBatch: lists.onBatch,
    readBacksDue: (id, max) => store.readBacksDue(id, max),
    onReadBack: lists.onReadBack,
    listFacts: (id) => store.listFacts(id),
  });

  const decisions = createDecisions({
    workspace: (id) => {
      if (workspaces.instance(id) === undefined) return null;
      return {
        client: workspaces.readyClient(id),
        blockedBy: () => workspaces.blockedBy(id),
        operatorUserId: () => workspaces.operatorUserId(id),
        learnOperatorUserId: (userId) => workspaces.learnOperatorUserId(id, userId),
        onUnauthorized: () => workspaces.markSignedOut(id),
        markReadOnly: (agentId, reason) => workspaces.markReadOnly(id, agentId, reason),
      };
    },
    store,
    toView,
    onApplied: (input, row) => {
      if (input.kind === 'approve' && row.status === 'APPROVED') approveModes.remember(row.workspaceId, row.id, input.mode);
    },
    onDecided: publishNow,
    onError: recordError,
    log,
    now,
  });

  const deviceFlow = createDeviceFlow({
    fetch: deps.fetch,
    now,
    timers,
    dataStore: deps.dataStore,
    version: deps.host.version,
    deviceLabel: deps.host.platform,
    openExternal: deps.openExternal,
    log,
    onSecret: (secret) => seenSecrets.add(secret),
    onChange: (view: DeviceFlowView) => emit(Push.deviceFlow, view),
    onApproved: async (a) => {
      const res = await workspaces.signInWithToken({ baseUrl: a.baseUrl, tenant: a.tenantSlug || a.tenantId, token: a.apiKey, label: a.tenantName || a.tenantSlug });
      return res.ok ? ok({ workspaceId: res.value.id }) : res;
    },
  });

  const updates = createUpdates({
    port: deps.updater?.port ?? null,
    offReason: deps.updatesOffReason ?? 'This console does not update itself.',
    currentVersion: deps.host.version,
    inFlightDecisions: () => decisions.inFlightCount(),
    timers,
    now,
    log,
    onChange: (view) => emit(Push.update, view),
  });
  deps.updater?.listen(updates.events);

  settings.onChange((view, previous) => {
    emit(Push.settings, view);
    if (view.settings.pollSeconds !== previous.pollSeconds) workspaces.reschedule();
    scheduleSnapshot();
  });

  const requestDetail = createRequestDetail({
    store,
    workspaces: { exists: (id) => workspaces.instance(id) !== undefined, readyClient: (id) => workspaces.readyClient(id), markSignedOut: (id) => workspaces.markSignedOut(id) },
    toView,
    onChange: scheduleSnapshot,
    onError: recordError,
  });

  const handlers: InvokeHandlers = {
    'queue:get-snapshot': async () => buildSnapshot(),
    'queue:refresh-now': async () => {
      await workspaces.refreshNow();
      return ok(null);
    },
    'queue:refresh-history': async () => {
      await workspaces.refreshHistory();
      return ok(null);
    },
    'requests:get': requestDetail,
    'requests:approve': (input) => decisions.decide({ kind: 'approve', ...input }),
    'requests:reject': (input) => decisions.decide({ kind: 'reject', ...input }),
    'participants:list': async ({ workspaceId }) => {
      if (workspaces.instance(workspaceId) === undefined) return fail('no-workspace', 'That workspace is not signed in any more.');
      const client = workspaces.readyClient(workspaceId);
      if (!client) return fail('unauthorized', 'Signed out – sign in again to see participants.');
      const res = await client.listParticipants();
      if (!res.ok) {
        recordError(res.error, `participants ${workspaceId}`);
        if (res.error.code === 'unauthorized') workspaces.markSignedOut(workspaceId);
      }
      return res;
    },
    'settings:get': async () => settings.view(),
    'settings:update': async (patch) => settings.update(patch as Record<string, unknown>),
    'auth:start-device-flow': ({ baseUrl }) => deviceFlow.start(baseUrl),
    'auth:cancel-device-flow': async () => deviceFlow.cancel(),
    'auth:sign-in-with-token': async (input) => {
      // Known before anything can echo it, whether or not the sign-in works.
      seenSecrets.add(input.token);
      const res = await workspaces.signInWithToken(input);
      if (!res.ok) recordError(res.error, 'sign in');
      publishNow();
      return res;
    },
    'auth:sign-out': async ({ workspaceId }) => {
      const res = await workspaces.signOut(workspaceId);
      publishNow();
      return res;
    },
    'app:get-info': async () => deps.host,
    'app:copy-diagnostics': async () => {
      const counts: Record<string, number> = {};
      for (const id of store.workspaceIds()) counts[id] = store.rowsOf(id).length;
      return diagnostics.text({ workspaces: workspaces.statuses(), settings: settings.get(), secrets: allSecrets(), requestCounts: counts });
    },
    'decisions:report-awaiting': async ({ count }) => {
      updates.reportAwaiting(count);
      return ok(null);
    },
    'app:get-update-state': async () => updates.view(),
    'app:restart-to-update': async () => updates.restart(),
    'app:open-external': createOpenExternal({ webUrls: () => workspaces.webUrls(), deviceFlow: () => deviceFlow.view(), openExternal: deps.openExternal, log }),
  };

  return {
    handlers,
    subscribe: publisher.subscribe,
    async start() {
      if (started) return;
      started = true;
      publisher.start();
      emit(Push.settings, settings.load());
      await workspaces.start();
      publishNow();
      updates.start();
    },
    async stop() {
      started = false;
      deviceFlow.dispose();
      updates.stop();
      publisher.stop();
      await workspaces.stop();
    },
    suspend() {
      workspaces.suspend();
      scheduleSnapshot();
    },
    resume() {
      announcer.catchUp(workspaces.ids());
      workspaces.resume();
      scheduleSnapshot();
    },
    setNetworkOnline(online) {
      workspaces.setOsOnline(online);
      scheduleSnapshot();
    },
    openRequest(ref) {
      const valid = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 200;
      if (!valid(ref.workspaceId) || !valid(ref.requestId)) return;
      emit(Push.openRequest, { workspaceId: ref.workspaceId, requestId: ref.requestId });
    },
    showView(view) {
      emit(Push.showView, { view });
    },
    snapshot: buildSnapshot,
    settings: () => settings.get(),
    secrets: allSecrets,
    updates: { view: () => updates.view(), restart: () => updates.restart() },
  };
}


