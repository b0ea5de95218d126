/**
 * An in-memory AppApi for renderer tests: holds a snapshot, records every call, lets a test
 * push snapshots/notices/settings/open-request/device-flow events, and script what decisions
 * return (default: applied, with the row moved to APPROVED/REJECTED).
 */
import type {
  AppApi,
  AppView,
  ApproveInput,
  DecisionOutcome,
  DeviceFlowView,
  NewPendingNotice,
  QueueSnapshot,
  RejectInput,
  RequestDetail,
  RequestRef,
  SettingsView,
  UpdateView,
} from '../../src-shared/contract';
import type { Participant, RequestView, Result, WorkspaceStatus } from '../../src-shared/domain';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';
import { outcomes } from '../../src-main/core/decisions/decision-messages';
import { aDetail, aSnapshot } from './builders';

type Listener<T> = (payload: T) => void;
type DecisionScript = Result<DecisionOutcome> | ((input: ApproveInput | RejectInput) => Result<DecisionOutcome> | Promise<Result<DecisionOutcome>>);

export interface FakeCall {
  method: string;
  input: unknown;
}

export interface FakeAppApi extends AppApi {
  calls: FakeCall[];
  callsTo(method: string): FakeCall[];
  /** What getSnapshot answers (and what pushSnapshot publishes). */
  snapshot: QueueSnapshot;
  settingsView: SettingsView;
  pushSnapshot(snapshot: QueueSnapshot): void;
  pushNotice(notice: NewPendingNotice): void;
  pushOpen(ref: RequestRef): void;
  pushShowView(view: AppView): void;
  pushSettings(view: SettingsView): void;
  pushDeviceFlow(view: DeviceFlowView): void;
  /** What app.updateState answers (and what pushUpdate publishes). */
  updateView: UpdateView;
  pushUpdate(view: UpdateView): void;
  /** Queue answers for the next approve/reject calls (FIFO); falls back to "applied". */
  scriptDecision(...scripts: DecisionScript[]): void;
  /** Makes decisions wait until `release()` is called (to observe the sending state). */
  holdDecisions(): { release: () => void };
  details: Map<string, Result<RequestDetail>>;
  /** What participants.list answers. */
  participantList: Result<Participant[]>;
  listenerCount(): number;
}

export function appliedOutcome(request: RequestView, status: 'APPROVED' | 'REJECTED', by = 'Sam Operator'): Result<DecisionOutcome> {
  return {
    ok: true,
    // Core's own words for it (decision-messages.ts): the fake says what the real core would.
    value: outcomes.applied(status === 'APPROVED' ? 'approve' : 'reject', { ...request, status, rawStatus: status, processedBy: 'user-sam', processedByName: by, processedAt: request.modifiedAt ?? 0, modifiedAt: (request.modifiedAt ?? 0) + 1 }, false),
  };
}

/** Creates the fake; `init.snapshot` defaults to an empty queue with one live demo workspace. */
export function createFakeAppApi(init: { snapshot?: QueueSnapshot; settings?: Partial<Settings> } = {}): FakeAppApi {
  const listeners = new Map<string, Set<Listener<unknown>>>();
  const on = <T>(channel: string, l: Listener<T>) => {
    const set = listeners.get(channel) ?? new Set();
    set.add(l as Listener<unknown>);
    listeners.set(channel, set);
    return () => void set.delete(l as Listener<unknown>);
  };
  const emit = (channel: string, payload: unknown) => {
    for (const l of [...(listeners.get(channel) ?? [])]) l(payload);
  };
  const calls: FakeCall[] = [];
  const record = (method: string, input: unknown) => calls.push({ method, input });
  const scripts: DecisionScript[] = [];
  let gate: Promise<void> | null = null;

  const decide = async (kind: 'approve' | 'reject', input: ApproveInput | RejectInput): Promise<Result<DecisionOutcome>> => {
    record(`requests.${kind}`, input);
    if (gate) await gate;
    const script = scripts.shift();
    if (script) return typeof script === 'function' ? script(input) : script;
    const row = fake.snapshot.requests.find((r) => r.id === input.requestId);
    if (!row) return { ok: false, error: { code: 'not-found', message: 'Request not found.' } };
    return appliedOutcome(row, kind === 'approve' ? 'APPROVED' : 'REJECTED');
  };

  const fake: FakeAppApi = {
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    snapshot: init.snapshot ?? aSnapshot(),
    settingsView: { settings: { ...DEFAULT_SETTINGS, ...init.settings }, notice: null },
    details: new Map(),
    participantList: { ok: true, value: [] },
    pushSnapshot(snapshot) {
      fake.snapshot = snapshot;
      emit('snapshot', snapshot);
    },
    pushNotice: (n) => emit('notice', n),
    pushOpen: (ref) => emit('open', ref),
    pushSettings(view) {
      fake.settingsView = view;
      emit('settings', view);
    },
    pushDeviceFlow: (v) => emit('device', v),
    pushShowView: (v) => emit('view', v),
    updateView: { state: 'off', reason: 'The browser host does not update itself.' },
    pushUpdate(view) {
      fake.updateView = view;
      emit('update', view);
    },
    scriptDecision: (...s) => void scripts.push(...s),
    holdDecisions() {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = null;
          resolve();
        };
      });
      return { release };
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    queue: {
      getSnapshot: async () => {
        record('queue.getSnapshot', undefined);
        return fake.snapshot;
      },
      refreshNow: async () => {
        record('queue.refreshNow', undefined);
        return { ok: true, value: null };
      },
      refreshHistory: async () => {
        record('queue.refreshHistory', undefined);
        return { ok: true, value: null };
      },
      onChanged: (l) => on('snapshot', l),
    },
    requests: {
      get: async (ref) => {
        record('requests.get', ref);
        const scripted = fake.details.get(ref.requestId);
        if (scripted) return scripted;
        const row = fake.snapshot.requests.find((r) => r.id === ref.requestId);
        return row ? { ok: true, value: aDetail(row) } : { ok: false, error: { code: 'not-found', message: 'This request no longer exists.' } };
      },
      approve: (input) => decide('approve', input),
      reject: (input) => decide('reject', input),
      onOpen: (l) => on('open', l),
      reportAwaiting: async (input) => {
        record('requests.reportAwaiting', input);
        return { ok: true, value: null };
      },
    },
    participants: {
      list: async (input) => {
        record('participants.list', input);
        return fake.participantList;
      },
    },
    notifications: { onNew: (l) => on('notice', l) },
    settings: {
      get: async () => {
        record('settings.get', undefined);
        return fake.settingsView;
      },
      update: async (patch) => {
        record('settings.update', patch);
        fake.settingsView = { settings: { ...fake.settingsView.settings, ...patch }, notice: null };
        return { ok: true, value: fake.settingsView };
      },
      onChanged: (l) => on('settings', l),
    },
    auth: {
      startDeviceFlow: async (input) => {
        record('auth.startDeviceFlow', input);
        return { ok: true, value: { state: 'waiting', userCode: 'ABCD-EFGH', verificationUrl: `${input.baseUrl}/device?user_code=ABCD-EFGH`, expiresAt: Date.now() + 600_000, baseUrl: input.baseUrl } };
      },
      cancelDeviceFlow: async () => {
        record('auth.cancelDeviceFlow', undefined);
        return { ok: true, value: null };
      },
      signInWithToken: async (input) => {
        record('auth.signInWithToken', input);
        const ws: WorkspaceStatus = { ...fake.snapshot.workspaces[0]!, id: 'ws-new', label: input.label ?? input.tenant, isDemo: false, credential: 'persisted' };
        return { ok: true, value: ws };
      },
      signOut: async (input) => {
        record('auth.signOut', input);
        return { ok: true, value: null };
      },
      onDeviceFlowChanged: (l) => on('device', l),
    },
    app: {
      info: async () => ({ version: '0.0.0-test', host: 'browser', platform: 'linux' }),
      copyDiagnostics: async () => 'diagnostics',
      openExternal: async (input) => {
        record('app.openExternal', input);
        return { ok: true, value: null };
      },
      onShowView: (l) => on('view', l),
      updateState: async () => fake.updateView,
      restartToUpdate: async () => {
        record('app.restartToUpdate', undefined);
        return { ok: true, value: null };
      },
      onUpdateChanged: (l) => on('update', l),
    },
  };
  return fake;
}

/** Core's outcome builders (decision-messages.ts), so scripted outcomes carry core's words and retry rule. */
export { outcomes as coreOutcomes } from '../../src-main/core/decisions/decision-messages';
