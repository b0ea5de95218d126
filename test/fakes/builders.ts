/**
 * The test data builders, one place for every test that needs a request row: plausible
 * defaults, override what the test is about. `aRawRequest` is a row as the API sends it
 * (fruxon-api.md §3.1), `anAccessRequest` the validated row core stores, `aRequest` the view the
 * renderer gets; the rest build snapshots, workspaces, participants, details and notices.
 */
import type { NewPendingNotice, QueueSnapshot, RequestDetail } from '../../src-shared/contract';
import type { AccessRequest, Participant, RequestView, WorkspaceStatus } from '../../src-shared/domain';
import { rowDecisionOf, type WorkspaceBlock } from '../../src-main/core/decisions/decision-rule';

export const T0 = Date.UTC(2025, 2, 3, 12, 0, 0);
let counter = 0;

/** A row as the API sends it (§3.1: epoch-ms, UPPER_SNAKE status), as a plain object for validators. */
export function aRawRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '3f1c0000-0000-0000-0000-000000000001',
    integrationConfigId: 'cfg-1',
    provider: 'whatsapp',
    address: '+14155238886',
    agentId: 'support_bot',
    matchedParticipantId: null,
    displayName: 'Dana',
    conversationName: 'DM',
    status: 'PENDING',
    processedBy: null,
    processedAt: null,
    processingNote: null,
    approvedParticipantId: null,
    createdAt: 1_700_000_000_000,
    modifiedAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** A pending WhatsApp request in workspace 'ws-1' as core stores it, created `counter` minutes before T0. */
export function anAccessRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  counter += 1;
  const n = counter;
  return {
    id: `req-${String(n).padStart(4, '0')}`,
    workspaceId: 'ws-1',
    integrationConfigId: 'cfg-wa',
    provider: 'whatsapp',
    address: `+1555000${String(n).padStart(4, '0')}`,
    agentId: 'agent-support',
    matchedParticipantId: null,
    displayName: `Sender ${n}`,
    conversationName: 'Direct message',
    status: 'PENDING',
    rawStatus: 'PENDING',
    processedBy: null,
    processedAt: null,
    processingNote: null,
    approvedParticipantId: null,
    createdAt: T0 - n * 60_000,
    modifiedAt: T0 - n * 60_000,
    ...overrides,
  };
}

/** A pending WhatsApp request in workspace 'ws-1' as the renderer sees it, created `counter` minutes before T0. */
export function aRequest(overrides: Partial<RequestView> = {}): RequestView {
  return aRequestIn(null, overrides);
}

/**
 * A request as core would show it from a workspace in `block` (signed out, offline…): core's one
 * decision rule fills `canDecide` and `readOnlyReason` unless the test sets them (as of T0).
 */
export function aRequestIn(block: WorkspaceBlock | null, overrides: Partial<RequestView> = {}): RequestView {
  const row: RequestView = {
    ...anAccessRequest(),
    agentName: 'Support Bot',
    connectorName: 'WhatsApp main line',
    processedByName: null,
    canDecide: true,
    readOnlyReason: null,
    matchedParticipantName: null,
    approvedParticipantName: null,
    approveMode: null,
    ...overrides,
  };
  const decided = rowDecisionOf(row, block, undefined, T0);
  return { ...row, canDecide: overrides.canDecide ?? decided.canDecide, readOnlyReason: overrides.readOnlyReason !== undefined ? overrides.readOnlyReason : decided.readOnlyReason };
}

export function aWorkspace(overrides: Partial<WorkspaceStatus> = {}): WorkspaceStatus {
  return {
    id: 'ws-1',
    label: 'Demo',
    baseUrl: 'http://127.0.0.1:4010',
    tenant: 'demo',
    isDemo: true,
    credential: 'session-only',
    credentialNotice: null,
    webUrl: null,
    poll: { state: 'live', lastSuccessAt: T0, nextPollAt: null, pollingSince: null, lastError: null, droppedRows: 0, consecutiveFailures: 0, pendingPartial: false, waitUntil: null },
    history: { refreshedAt: T0, refreshing: false, kept: 0, partial: { APPROVED: null, REJECTED: null }, lastError: null },
    expiryWarning: null,
    decisionsHeldUntil: null,
    operatorUserId: null,
    ...overrides,
  };
}

export function aSnapshot(requests: RequestView[] = [], overrides: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return { seq: 1, generatedAt: T0, requests, workspaces: [aWorkspace()], ...overrides };
}

export function aParticipant(overrides: Partial<Participant> = {}): Participant {
  counter += 1;
  return {
    id: `p-${counter}`,
    workspaceId: 'ws-1',
    kind: 'PERSON',
    displayName: `Participant ${counter}`,
    email: null,
    channels: [],
    agentIds: [],
    ...overrides,
  };
}

export function aDetail(request: RequestView, overrides: Partial<RequestDetail> = {}): RequestDetail {
  return { request, matchedParticipant: null, history: [], fromServer: true, ...overrides };
}

export function aNotice(overrides: Partial<NewPendingNotice> = {}): NewPendingNotice {
  counter += 1;
  return { id: `notice-${counter}`, title: 'New access request', body: 'Sender on WhatsApp for Support Bot', requests: [], grouped: false, sound: false, ...overrides };
}
