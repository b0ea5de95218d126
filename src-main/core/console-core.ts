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
import { ok, type AppError, type Result } from '../../src-shared/domain';
import type { Settings } from '../../src-shared/settings';
import { createDecisionModes } from './decisions/decision-modes';
import { createDecisions, type DecisionWorkspace } from './decisions/decisions';
import { createDeviceFlow, type DeviceFlow } from './accounts/device-flow';
import { createDiagnostics } from './app/diagnostics';
import { realTimers, silentLogger, type CredentialVault, type KeyValueStore, type Logger, type Timers } from './ports';
import { createRequestStore, type RequestStore } from './requests/request-store';
import { createSecretBook, createSecretGuard } from './security/secret-guard';
import { createUpdates, type UpdateEvents, type UpdaterPort } from './app/updates';
import { createSettingsService, type SettingsService } from './storage/settings-service';
import { createWorkspaces, type ApiTuning, type Workspaces } from './accounts/workspaces';
import { createRequestDetail } from './requests/request-detail';
import { createRequestViews } from './requests/request-views';
import { createOpenExternal } from './security/open-external';
import { createInvokeHandlers } from './bridge/invoke-handlers';
import { createParticipantsList } from './requests/participants';
import { createSnapshotPublisher, type PushListener, type SnapshotPublisher } from './bridge/snapshot-publisher';
import { createAnnouncer, type Announcer } from './notifications/announcer';
import { createListApply, type ListApply } from './polling/list-apply';

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
  /**
   * Which workspace holds a request the queue does not (a deep link without `?workspace=`, with
   * several workspaces, before their first poll or for a request not kept): every signed-in
   * workspace's server is asked for it by id at once; when exactly one has it, that one is named
   * and the queue learns the request. Null when none or several do (ids are unique only within a
   * workspace: no guessing), and while asleep or stopped.
   */
  locateRequest(requestId: string): Promise<RequestRef | null>;
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
  /** Suspended (sleep or lock) and not yet resumed. */
  let suspended = false;

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
    approveModesRevision: () => approveModes.revision(),
    now,
  });
  const toView = views.toView;

  const publisher = createSnapshotPublisher({ requests: views.current, requestsRev: views.revision, statuses: () => workspaces.statuses(), now, timers, log });
  const { emit, publishNow } = publisher;
  const scheduleSnapshot = publisher.schedule;
  const buildSnapshot = publisher.snapshot;

  // A notice goes to the OS as it is (an OS notification centre keeps it): every known secret is
  // taken out of it first, as out of every push to the renderer (S-checks; a server name or a
  // sender's name can repeat the token).
  const notifyGuard = createSecretGuard(allSecrets);
  const announcer = createAnnouncer({
    store,
    toView,
    settings: () => settings.get(),
    workspaces: () => workspaces.statuses(),
    redact: (value) => notifyGuard.scrub(value),
    now,
    notify: (notice) => deps.notify(notifyGuard.scrub(notice)),
    emit,
    log,
    timers,
  });
  const lists = createListApply({ store, workspaces: { namesOf: (id) => workspaces.namesOf(id) }, announcer, onChange: scheduleSnapshot, onError: recordError });

  const workspaces = wireWorkspaces(deps, {
    log,
    now,
    random,
    timers,
    intervalMs,
    settings,
    store,
    announcer,
    lists,
    secrets: allSecrets,
    onChange: scheduleSnapshot,
    onError: recordError,
    // Read when a status is built, after the decision service below exists.
    decisionsHeldUntil: (id) => decisions.heldUntil(id),
  });

  const decisions = createDecisions({
    workspace: decisionWorkspaceOf(workspaces),
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

  const deviceFlow = wireDeviceFlow(deps, { now, timers, log, onSecret: (secret) => seenSecrets.add(secret), emit, workspaces });

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

  /** The signed-in workspaces, each with its client: the ones that poll and can be asked. */
  const readyWorkspaces = () =>
    workspaces.ids().flatMap((workspaceId) => {
      const client = workspaces.readyClient(workspaceId);
      return client ? [{ workspaceId, client }] : [];
    });
  const workspacePort = { exists: (id: string) => workspaces.instance(id) !== undefined, readyClient: (id: string) => workspaces.readyClient(id), markSignedOut: (id: string) => workspaces.markSignedOut(id) };
  const requestDetail = createRequestDetail({ store, workspaces: workspacePort, toView, onChange: scheduleSnapshot, onError: recordError });
  const handlers = createInvokeHandlers({
    host: deps.host,
    snapshot: buildSnapshot,
    workspaces,
    requestDetail,
    participants: createParticipantsList({ workspaces: workspacePort, onError: recordError }),
    decisions,
    settings,
    deviceFlow,
    updates,
    openExternal: createOpenExternal({ webUrls: () => workspaces.webUrls(), deviceFlow: () => deviceFlow.view(), openExternal: deps.openExternal, log }),
    diagnostics,
    requestCounts: () => Object.fromEntries(store.workspaceIds().map((id) => [id, store.rowsOf(id).length])),
    secrets: allSecrets,
    noteSecret: (token) => seenSecrets.add(token),
    recordError,
    publishNow,
  });

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
      announcer.stop();
      await workspaces.stop();
    },
    suspend() {
      suspended = true;
      announcer.pause();
      workspaces.suspend();
      scheduleSnapshot();
    },
    resume() {
      // Waking fires `resume` and then `unlock-screen`: only the first is a wake-up (a second
      // catch-up would make the next ordinary burst a "while you were away" summary).
      if (!suspended) return;
      suspended = false;
      // Only workspaces that will poll: a signed-out one would hold the summary back for nothing.
      announcer.catchUp(readyWorkspaces().map((w) => w.workspaceId));
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
    async locateRequest(requestId) {
      if (!started || suspended) return null;
      const ready = readyWorkspaces();
      // A miss, or a server that cannot answer now, is not worth an error line: the link is logged by its router.
      const answers = await Promise.all(ready.map(async ({ workspaceId, client }) => ({ workspaceId, res: await client.getRequest(requestId) })));
      const found = answers.flatMap(({ workspaceId, res }) => (res.ok && res.value.workspaceId === workspaceId && res.value.id === requestId ? [res.value] : []));
      if (found.length !== 1 || !started) return null;
      const row = found[0]!;
      const before = store.revision();
      store.recordMutation(row);
      if (store.revision() !== before) scheduleSnapshot();
      return { workspaceId: row.workspaceId, requestId };
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

interface WorkspaceWiring {
  log: Logger;
  now: () => number;
  random: () => number;
  timers: Timers;
  intervalMs: () => number;
  settings: Pick<SettingsService, 'get'>;
  store: RequestStore;
  announcer: Pick<Announcer, 'forget'>;
  lists: ListApply;
  secrets: () => string[];
  onChange(): void;
  onError(error: AppError, context: string): void;
  decisionsHeldUntil(workspaceId: string): number | null;
}

/** The workspaces, wired to the store they fill, the lists they apply and the announcer they reset. */
function wireWorkspaces(deps: ConsoleCoreDeps, w: WorkspaceWiring): Workspaces {
  const { store, announcer, lists, settings } = w;
  return createWorkspaces({
    env: deps.env,
    dataStore: deps.dataStore,
    vault: deps.vault,
    startDemo: deps.startDemo,
    secrets: w.secrets,
    fetch: deps.fetch,
    api: deps.api,
    now: w.now,
    random: w.random,
    timers: w.timers,
    log: w.log,
    intervalMs: w.intervalMs,
    lastSuccessAt: (id) => store.lastSuccessAt(id),
    decisionsHeldUntil: w.decisionsHeldUntil,
    onError: w.onError,
    onChange: w.onChange,
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
}

/** Device sign-in: an approved device code signs in like a pasted token. */
function wireDeviceFlow(
  deps: ConsoleCoreDeps,
  w: { now: () => number; timers: Timers; log: Logger; onSecret(secret: string): void; emit: SnapshotPublisher['emit']; workspaces: Pick<Workspaces, 'signInWithToken'> },
): DeviceFlow {
  return createDeviceFlow({
    fetch: deps.fetch,
    now: w.now,
    timers: w.timers,
    dataStore: deps.dataStore,
    version: deps.host.version,
    deviceLabel: deps.host.platform,
    openExternal: deps.openExternal,
    log: w.log,
    onSecret: w.onSecret,
    onChange: (view: DeviceFlowView) => w.emit(Push.deviceFlow, view),
    onApproved: async (a) => {
      const res = await w.workspaces.signInWithToken({ baseUrl: a.baseUrl, tenant: a.tenantSlug || a.tenantId, token: a.apiKey, label: a.tenantName || a.tenantSlug });
      return res.ok ? ok({ workspaceId: res.value.id }) : res;
    },
  });
}

/** What decisions ask of the workspaces, by id: null once the workspace is gone. */
function decisionWorkspaceOf(
  workspaces: Pick<Workspaces, 'instance' | 'readyClient' | 'blockedBy' | 'operatorUserId' | 'learnOperatorUserId' | 'markSignedOut' | 'markReadOnly' | 'readOnlyReason'>,
): (id: string) => DecisionWorkspace | null {
  return (id) => {
    if (workspaces.instance(id) === undefined) return null;
    return {
      client: workspaces.readyClient(id),
      blockedBy: () => workspaces.blockedBy(id),
      operatorUserId: () => workspaces.operatorUserId(id),
      learnOperatorUserId: (userId) => workspaces.learnOperatorUserId(id, userId),
      onUnauthorized: () => workspaces.markSignedOut(id),
      markReadOnly: (agentId, reason) => workspaces.markReadOnly(id, agentId, reason),
      readOnlyReason: (agentId) => workspaces.readOnlyReason(id, agentId),
    };
  };
}
