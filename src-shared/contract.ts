/**
 * The main <-> renderer contract. Channel names live in two maps split by direction
 * (`Invoke`: renderer asks, main answers; `Push`: main tells). Every invoke channel has an
 * input schema (checked in main before anything happens) and an output type; a channel
 * missing from either map fails to compile. Both bridges build `AppApi` from a transport with
 * `createAppApi`, so the domain-shaped surface is written once.
 */
import { z } from 'zod';
import {
  APPROVE_MODES,
  LIMITS,
  type AccessRequest,
  type AppError,
  type Participant,
  type RequestView,
  type Result,
  type WorkspaceStatus,
} from './domain';
import type { Settings } from './settings';

// ---------------------------------------------------------------------------------------------
// Channel names

/** Renderer asks, main answers. Names are `domain:verb-noun`. */
export const Invoke = {
  getSnapshot: 'queue:get-snapshot',
  refreshNow: 'queue:refresh-now',
  refreshHistory: 'queue:refresh-history',
  getRequest: 'requests:get',
  approve: 'requests:approve',
  reject: 'requests:reject',
  listParticipants: 'participants:list',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  startDeviceFlow: 'auth:start-device-flow',
  cancelDeviceFlow: 'auth:cancel-device-flow',
  signInWithToken: 'auth:sign-in-with-token',
  signOut: 'auth:sign-out',
  getInfo: 'app:get-info',
  copyDiagnostics: 'app:copy-diagnostics',
  openExternal: 'app:open-external',
  reportAwaiting: 'decisions:report-awaiting',
  getUpdateState: 'app:get-update-state',
  restartToUpdate: 'app:restart-to-update',
} as const;
export type InvokeChannel = (typeof Invoke)[keyof typeof Invoke];

/** Main tells the renderer. Each payload is a whole snapshot of its subject. */
export const Push = {
  snapshot: 'queue:snapshot-changed',
  notification: 'notify:new-pending',
  openRequest: 'app:open-request',
  settings: 'settings:changed',
  deviceFlow: 'auth:device-flow-changed',
  showView: 'app:show-view',
  update: 'app:update-changed',
} as const;
export type PushChannel = (typeof Push)[keyof typeof Push];

// ---------------------------------------------------------------------------------------------
// Payload types

/** Everything the renderer needs to draw the queue, in one message. */
export interface QueueSnapshot {
  /** Increases with every snapshot main publishes; the renderer ignores older ones. */
  seq: number;
  generatedAt: number;
  requests: RequestView[];
  workspaces: WorkspaceStatus[];
  /**
   * Optional revision of `requests`: two snapshots from the same main process with the same
   * value carry identical requests, so a receiver may keep what it derived from the earlier one
   * (at 100,000 rows most snapshots only change a workspace's status). Absent means unknown.
   */
  requestsRev?: number;
}

export interface RequestRef {
  workspaceId: string;
  requestId: string;
}

/** The detail pane: the request read by id, its matched participant and the sender's history. */
export interface RequestDetail {
  request: RequestView;
  matchedParticipant: Participant | null;
  /** Other requests from the same address on the same connector, newest first. */
  history: RequestView[];
  /**
   * Whether the server answered this read, so `request` is as the server has it now (a decided
   * request stays decided even when the read lags behind, F33). False: the server could not be
   * read (offline, signed out, an error) and `request` is the console's copy from its last poll.
   */
  fromServer: boolean;
}

export interface ApproveInput extends RequestRef {
  mode: (typeof APPROVE_MODES)[number];
  displayName?: string;
  participantId?: string;
  note?: string;
}

export interface RejectInput extends RequestRef {
  note?: string;
}

/**
 * What really happened to a decision. Only the server's answer (or a read-back after an
 * ambiguous failure) produces `applied`; `already-decided` is information, not an error.
 */
export type DecisionOutcome = (
  | { outcome: 'applied'; request: RequestView; reconciled: boolean }
  | { outcome: 'already-decided'; request: RequestView }
  | { outcome: 'not-applied'; error: AppError; request: RequestView | null }
  | { outcome: 'unknown'; error: AppError }
) &
  DecisionWords;

/**
 * Core writes every decision message (src-main/core/decisions/decision-messages.ts); the renderer
 * shows `message` as it is and offers Retry only when `canRetry` says so.
 */
export interface DecisionWords {
  /** The one sentence the operator sees: "Approved Ana", "Already approved by Alice at 14:03", "Not applied – …". */
  message: string;
  /** Whether re-opening the dialog to decide again makes sense (never re-sent by itself). */
  canRetry: boolean;
}

/** An in-app announcement of new pending requests (the native notification's twin). */
export interface NewPendingNotice {
  id: string;
  title: string;
  body: string;
  requests: RequestRef[];
  grouped: boolean;
  sound: boolean;
}

export type DeviceFlowView =
  | { state: 'idle' }
  | { state: 'waiting'; userCode: string; verificationUrl: string; expiresAt: number; baseUrl: string }
  | { state: 'approved'; workspaceId: string; tenantName: string }
  | { state: 'expired' }
  | { state: 'cancelled' }
  | { state: 'error'; error: AppError };

/** Views main can ask the renderer to open (tray menu, global actions). */
export type AppView = 'settings' | 'sign-in';

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  platform: string;
}

/**
 * Where the desktop app's self-update stands. `off` says why (browser host, development build,
 * no feed configured); `ready` offers "Restart to update".
 */
export type UpdateView =
  | { state: 'off'; reason: string }
  | { state: 'idle'; currentVersion: string; lastCheckedAt: number | null }
  | { state: 'checking'; currentVersion: string }
  | { state: 'downloading'; currentVersion: string; version: string; percent: number }
  | { state: 'ready'; currentVersion: string; version: string }
  | { state: 'error'; currentVersion: string; message: string; lastCheckedAt: number | null };

export interface SettingsView {
  settings: Settings;
  /** A notice to show once, e.g. "Settings were reset" after a corrupted file (F39/F41). */
  notice: string | null;
}

// ---------------------------------------------------------------------------------------------
// Input schemas (the renderer is untrusted input for main)

const id = z.string().min(1).max(200);
const noNul = (s: string) => !s.includes('\u0000');
const note = z.string().max(LIMITS.note).refine(noNul, 'The note contains a NUL character.');
const ref = { workspaceId: id, requestId: id };
const none = z.union([z.undefined(), z.object({}).strict()]);

export const InvokeInputSchemas = {
  [Invoke.getSnapshot]: none,
  [Invoke.refreshNow]: none,
  [Invoke.refreshHistory]: none,
  [Invoke.getRequest]: z.object(ref).strict(),
  [Invoke.approve]: z
    .object({
      ...ref,
      mode: z.enum(APPROVE_MODES),
      displayName: z.string().max(LIMITS.displayName).refine(noNul).optional(),
      participantId: id.optional(),
      note: note.optional(),
    })
    .strict()
    .refine((v) => v.mode !== 'ADD_TO_EXISTING' || !!v.participantId, 'Choose a participant to add this channel to.'),
  [Invoke.reject]: z.object({ ...ref, note: note.optional() }).strict(),
  [Invoke.listParticipants]: z.object({ workspaceId: id }).strict(),
  [Invoke.getSettings]: none,
  [Invoke.updateSettings]: z.record(z.string().max(50), z.unknown()),
  [Invoke.startDeviceFlow]: z.object({ baseUrl: z.string().min(1).max(2000) }).strict(),
  [Invoke.cancelDeviceFlow]: none,
  [Invoke.signInWithToken]: z
    .object({
      baseUrl: z.string().min(1).max(2000),
      tenant: z.string().min(1).max(200),
      token: z.string().min(8).max(4000).refine(noNul),
      label: z.string().max(100).optional(),
    })
    .strict(),
  [Invoke.signOut]: z.object({ workspaceId: id }).strict(),
  [Invoke.getInfo]: none,
  [Invoke.copyDiagnostics]: none,
  [Invoke.openExternal]: z.object({ url: z.string().max(4000) }).strict(),
  [Invoke.reportAwaiting]: z.object({ count: z.number().int().min(0).max(100_000) }).strict(),
  [Invoke.getUpdateState]: none,
  [Invoke.restartToUpdate]: none,
} satisfies Record<InvokeChannel, z.ZodType>;

/** Input and output of each invoke channel. */
export interface InvokeContract {
  [Invoke.getSnapshot]: { input: void; output: QueueSnapshot };
  [Invoke.refreshNow]: { input: void; output: Result<null> };
  /** Approved/Rejected opened: read the decided requests now unless they were read moments ago. */
  [Invoke.refreshHistory]: { input: void; output: Result<null> };
  [Invoke.getRequest]: { input: RequestRef; output: Result<RequestDetail> };
  [Invoke.approve]: { input: ApproveInput; output: Result<DecisionOutcome> };
  [Invoke.reject]: { input: RejectInput; output: Result<DecisionOutcome> };
  [Invoke.listParticipants]: { input: { workspaceId: string }; output: Result<Participant[]> };
  [Invoke.getSettings]: { input: void; output: SettingsView };
  [Invoke.updateSettings]: { input: Partial<Settings>; output: Result<SettingsView> };
  [Invoke.startDeviceFlow]: { input: { baseUrl: string }; output: Result<DeviceFlowView> };
  [Invoke.cancelDeviceFlow]: { input: void; output: Result<null> };
  [Invoke.signInWithToken]: {
    input: { baseUrl: string; tenant: string; token: string; label?: string };
    output: Result<WorkspaceStatus>;
  };
  [Invoke.signOut]: { input: { workspaceId: string }; output: Result<null> };
  [Invoke.getInfo]: { input: void; output: AppInfo };
  [Invoke.copyDiagnostics]: { input: void; output: string };
  [Invoke.openExternal]: { input: { url: string }; output: Result<null> };
  /** How many decisions the page holds in their undo window or sending (no restart under them). */
  [Invoke.reportAwaiting]: { input: { count: number }; output: Result<null> };
  [Invoke.getUpdateState]: { input: void; output: UpdateView };
  [Invoke.restartToUpdate]: { input: void; output: Result<null> };
}

/** Payload of each push channel. */
export interface PushContract {
  [Push.snapshot]: QueueSnapshot;
  [Push.notification]: NewPendingNotice;
  [Push.openRequest]: RequestRef;
  [Push.settings]: SettingsView;
  [Push.deviceFlow]: DeviceFlowView;
  [Push.showView]: { view: AppView };
  [Push.update]: UpdateView;
}

// Compile-time coverage: a channel without a contract entry (or an entry without a channel) fails to build.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
export type AssertInvokeCoverage = AssertTrue<Exact<keyof InvokeContract, InvokeChannel>>;
export type AssertPushCoverage = AssertTrue<Exact<keyof PushContract, PushChannel>>;

export type InvokeInput<C extends InvokeChannel> = InvokeContract[C]['input'];
export type InvokeOutput<C extends InvokeChannel> = InvokeContract[C]['output'];

/** Main's side: one async handler per invoke channel, receiving an already validated input. */
export type InvokeHandlers = { [C in InvokeChannel]: (input: InvokeInput<C>) => Promise<InvokeOutput<C>> };

export const INVOKE_CHANNELS = Object.values(Invoke) as InvokeChannel[];
export const PUSH_CHANNELS = Object.values(Push) as PushChannel[];

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as string[]).includes(value);
}

/**
 * Validates an untrusted invoke input against its channel's schema. Returns the parsed value
 * or a `bad-input` error with a message that says what was wrong.
 */
export function parseInvokeInput<C extends InvokeChannel>(channel: C, input: unknown): Result<InvokeInput<C>> {
  const parsed = InvokeInputSchemas[channel].safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as InvokeInput<C> };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: { code: 'bad-input', message: `Invalid input for ${channel}: ${where}${issue?.message ?? 'rejected'}` } };
}

// ---------------------------------------------------------------------------------------------
// Replies: what both bridges carry for an invoke (one dispatcher in main builds them)

/**
 * What main answers to any invoke, over IPC and over HTTP alike: the handler's output, or why
 * there is none (bad input, an internal failure) in words the operator can act on.
 */
export type InvokeReply = { ok: true; output: unknown } | { ok: false; error: AppError };

/** Channels whose output is a plain value rather than a Result: a failed reply rejects there. */
export const PLAIN_OUTPUT_CHANNELS: ReadonlySet<InvokeChannel> = new Set<InvokeChannel>([
  Invoke.getSnapshot,
  Invoke.getSettings,
  Invoke.getInfo,
  Invoke.copyDiagnostics,
  Invoke.getUpdateState,
]);

function isAppErrorValue(value: unknown): value is AppError {
  const v = value as Partial<AppError> | null;
  return !!v && typeof v === 'object' && typeof v.code === 'string' && typeof v.message === 'string';
}

/** Whether a value from the other side is an InvokeReply. */
export function isInvokeReply(value: unknown): value is InvokeReply {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; output?: unknown; error?: unknown };
  return (v.ok === true && 'output' in v) || (v.ok === false && isAppErrorValue(v.error));
}

/**
 * Turns a reply into what the AppApi promises for `channel`: the output; for a Result channel a
 * failed reply is that failed Result; for a plain channel it rejects with the reply's message.
 */
export function outputFromReply<C extends InvokeChannel>(channel: C, reply: unknown): InvokeOutput<C> {
  if (!isInvokeReply(reply)) throw new Error('The console sent an answer this window does not understand. Reload the window.');
  if (reply.ok) return reply.output as InvokeOutput<C>;
  if (PLAIN_OUTPUT_CHANNELS.has(channel)) throw new Error(reply.error.message);
  return { ok: false, error: reply.error } as InvokeOutput<C>;
}

// ---------------------------------------------------------------------------------------------
// AppApi: the domain-shaped surface the renderer uses

export type Unsubscribe = () => void;

/** The two primitives a bridge must supply; everything else is derived. */
export interface Transport {
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C>>;
  on<P extends PushChannel>(channel: P, listener: (payload: PushContract[P]) => void): Unsubscribe;
}

/** What the renderer can do, grouped by domain. Implemented by both bridges. */
export interface AppApi {
  queue: {
    getSnapshot(): Promise<QueueSnapshot>;
    refreshNow(): Promise<Result<null>>;
    /** Reads approved and rejected requests now (when their tab opens), unless they are fresh. */
    refreshHistory(): Promise<Result<null>>;
    onChanged(listener: (snapshot: QueueSnapshot) => void): Unsubscribe;
  };
  requests: {
    get(input: RequestRef): Promise<Result<RequestDetail>>;
    approve(input: ApproveInput): Promise<Result<DecisionOutcome>>;
    reject(input: RejectInput): Promise<Result<DecisionOutcome>>;
    onOpen(listener: (ref: RequestRef) => void): Unsubscribe;
    /** Tells main how many decisions wait in their undo window or are being sent. */
    reportAwaiting(input: { count: number }): Promise<Result<null>>;
  };
  participants: {
    list(input: { workspaceId: string }): Promise<Result<Participant[]>>;
  };
  notifications: {
    onNew(listener: (notice: NewPendingNotice) => void): Unsubscribe;
  };
  settings: {
    get(): Promise<SettingsView>;
    update(patch: Partial<Settings>): Promise<Result<SettingsView>>;
    onChanged(listener: (view: SettingsView) => void): Unsubscribe;
  };
  auth: {
    startDeviceFlow(input: { baseUrl: string }): Promise<Result<DeviceFlowView>>;
    cancelDeviceFlow(): Promise<Result<null>>;
    signInWithToken(input: { baseUrl: string; tenant: string; token: string; label?: string }): Promise<Result<WorkspaceStatus>>;
    signOut(input: { workspaceId: string }): Promise<Result<null>>;
    onDeviceFlowChanged(listener: (view: DeviceFlowView) => void): Unsubscribe;
  };
  app: {
    info(): Promise<AppInfo>;
    copyDiagnostics(): Promise<string>;
    openExternal(input: { url: string }): Promise<Result<null>>;
    onShowView(listener: (view: AppView) => void): Unsubscribe;
    updateState(): Promise<UpdateView>;
    restartToUpdate(): Promise<Result<null>>;
    onUpdateChanged(listener: (view: UpdateView) => void): Unsubscribe;
  };
}

/** Builds the AppApi from a transport. Listeners always receive exactly one argument (S20). */
export function createAppApi(t: Transport): AppApi {
  return {
    queue: {
      getSnapshot: () => t.invoke(Invoke.getSnapshot, undefined),
      refreshNow: () => t.invoke(Invoke.refreshNow, undefined),
      refreshHistory: () => t.invoke(Invoke.refreshHistory, undefined),
      onChanged: (l) => t.on(Push.snapshot, (p) => l(p)),
    },
    requests: {
      get: (i) => t.invoke(Invoke.getRequest, i),
      approve: (i) => t.invoke(Invoke.approve, i),
      reject: (i) => t.invoke(Invoke.reject, i),
      onOpen: (l) => t.on(Push.openRequest, (p) => l(p)),
      reportAwaiting: (i) => t.invoke(Invoke.reportAwaiting, i),
    },
    participants: { list: (i) => t.invoke(Invoke.listParticipants, i) },
    notifications: { onNew: (l) => t.on(Push.notification, (p) => l(p)) },
    settings: {
      get: () => t.invoke(Invoke.getSettings, undefined),
      update: (p) => t.invoke(Invoke.updateSettings, p),
      onChanged: (l) => t.on(Push.settings, (p) => l(p)),
    },
    auth: {
      startDeviceFlow: (i) => t.invoke(Invoke.startDeviceFlow, i),
      cancelDeviceFlow: () => t.invoke(Invoke.cancelDeviceFlow, undefined),
      signInWithToken: (i) => t.invoke(Invoke.signInWithToken, i),
      signOut: (i) => t.invoke(Invoke.signOut, i),
      onDeviceFlowChanged: (l) => t.on(Push.deviceFlow, (p) => l(p)),
    },
    app: {
      info: () => t.invoke(Invoke.getInfo, undefined),
      copyDiagnostics: () => t.invoke(Invoke.copyDiagnostics, undefined),
      openExternal: (i) => t.invoke(Invoke.openExternal, i),
      onShowView: (l) => t.on(Push.showView, (p) => l(p.view)),
      updateState: () => t.invoke(Invoke.getUpdateState, undefined),
      restartToUpdate: () => t.invoke(Invoke.restartToUpdate, undefined),
      onUpdateChanged: (l) => t.on(Push.update, (p) => l(p)),
    },
  };
}

/** The top-level keys the renderer may see on the bridge object (S20 allowlist). */
export const APP_API_KEYS = ['queue', 'requests', 'participants', 'notifications', 'settings', 'auth', 'app'] as const;

/** The name of the global the bridges expose the AppApi under. */
export const BRIDGE_GLOBAL = 'fruxon';

export type { AccessRequest };
