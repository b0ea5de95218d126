/**
 * Public types of the Fruxon API simulator. The wire shapes follow
 * fruxon-api.md: RawRequest is §3.1, RawParticipant is the §6.2 subset the console reads.
 */

export type RawStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** A participant access request exactly as the simulator sends it (epoch-ms ints, UPPER_SNAKE status). */
export interface RawRequest {
  id: string;
  integrationConfigId: string;
  provider: string;
  address: string;
  agentId: string;
  matchedParticipantId: string | null;
  displayName: string;
  conversationName: string;
  status: RawStatus;
  processedBy: string | null;
  processedAt: number | null;
  processingNote: string | null;
  approvedParticipantId: string | null;
  createdAt: number;
  modifiedAt: number;
}

export interface RawChannel {
  integrationConfigId: string;
  address: string;
  priority: number;
  label: string | null;
  disabled: boolean;
}

/** A participant (fruxon-api.md §6.2 subset). */
export interface RawParticipant {
  id: string;
  kind: 'PERSON' | 'GROUP' | 'AI_AGENT';
  displayName: string;
  email: string | null;
  channels: RawChannel[];
  agentIds: string[];
  createdAt: number;
  modifiedAt: number;
}

export interface RawAgent {
  id: string;
  displayName: string;
  description: string;
  type: string;
  enabled: boolean;
  tenantId: string;
  createdAt: number;
  modifiedAt: number;
}

export interface RawUser {
  id: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  avatarFileId: string | null;
  status: 'ACTIVE' | 'INVITED';
  role: 'ADMIN' | 'MEMBER';
  createdAt: number;
  modifiedAt: number;
}

export interface RawIntegration {
  id: string;
  displayName: string;
  type: string | null;
}

export interface RawConfig {
  id: string;
  integrationId: string;
  displayName: string;
  /** The `provider` string requests through this config carry (not a wire field of configs). */
  provider: string;
}

export type SimRoute =
  | 'list-requests'
  | 'get-request'
  | 'approve'
  | 'reject'
  | 'agents'
  | 'collaborators'
  | 'participants'
  | 'get-participant'
  | 'integrations'
  | 'configs'
  | 'users'
  | 'auth-health'
  | 'device-start'
  | 'device-poll'
  | '*';

export type FaultAction =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string; contentType?: string }
  | { kind: 'latency'; ms: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'reset-after-apply' }
  | { kind: 'hang-after-apply' }
  | { kind: 'malformed-json' }
  | { kind: 'html' }
  | { kind: 'empty'; status?: 200 | 204 }
  | { kind: 'huge'; bytes: number }
  | { kind: 'redirect'; location: string; status?: 301 | 302 | 307 }
  | { kind: 'rows'; rows: unknown[] }
  | { kind: 'envelope'; pageSize: number }
  /** A problem answer with `status` whose title and detail repeat the request's bearer token (or device code). */
  | { kind: 'echo-token'; status: number };

export interface FaultRule {
  route: SimRoute;
  /** How many matching requests this rule answers; default 1; Infinity allowed. */
  times?: number;
  action: FaultAction;
}

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The query string including `?`, or '' when there is none. */
  search: string;
  /** HTTP status sent; 0 when no response was sent (reset, hang). */
  status: number;
  at: number;
}

export interface SimulatorControl {
  /** Queue a fault; rules are consumed FIFO per route (a route's own rules before '*' rules). */
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** A new PENDING request now (returns the stored raw row). Fields in `partial` win. */
  addPendingRequest(partial?: Partial<RawRequest>): RawRequest;
  /** "Alice" decides it (BIND_ONLY when matched, else CREATE_NEW). Throws when unknown or not pending. */
  decideAsOtherOperator(id: string, decision: 'APPROVED' | 'REJECTED', note?: string): RawRequest;
  getRequest(id: string): RawRequest | undefined;
  listRequests(): RawRequest[];
  listParticipants(): RawParticipant[];
  /** What the verification page's Approve button does; false when the code is unknown, expired or used. */
  approveDevice(userCode: string): boolean;
  /** Another valid token for the operator; `expiresAt` (epoch ms) shows up in auth/health. */
  issueToken(opts?: { expiresAt?: number | null }): string;
  /** Later calls with this token get 401. */
  revokeToken(token: string): void;
  setReadOnlyAgent(agentId: string, readOnly: boolean): void;
  requestLog(): RequestLogEntry[];
  resetLog(): void;
}

/** Something the demo timers or the control surface changed; the CLI prints these. */
export type SimEvent =
  | { type: 'request-created'; request: RawRequest }
  | { type: 'request-decided'; request: RawRequest; by: string };

export interface SimTimers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  /** Seeded PENDING requests (default 24, up to 100000); plus a fixed APPROVED/REJECTED history. */
  pending?: number;
  /** Extra APPROVED/REJECTED requests spread over the last 180 days (default 0, up to 2,000,000). */
  history?: number;
  /** Answer the list with every status whatever `status` asks for (a server that ignores the filter). */
  ignoreStatusFilter?: boolean;
  /**
   * Answer the list as `{items, nextPageToken, totalCount}` pages of this many rows; default: one
   * bare array, as fruxon-api.md §3.2 documents.
   */
  listPageSize?: number;
  tenant?: string;
  token?: string;
  trickle?: false | { minMs: number; maxMs: number };
  secondOperator?: false | { minMs: number; maxMs: number };
  now?: () => number;
  /** Timers for the demo trickle, second operator and latency faults (default: global timers). */
  timers?: SimTimers;
  /** Called after the trickle, the second operator or the control surface changed a request. */
  onEvent?: (event: SimEvent) => void;
}

/** Ids and situations in the seed data that tests and docs can rely on (same for every `pending` value). */
export interface SimFacts {
  seed: number;
  tenantId: string;
  agents: Array<{ id: string; displayName: string }>;
  /** The operator is only a Viewer here: approve/reject answer 403 problem+json. */
  readOnlyAgentId: string;
  /** Referenced by one APPROVED history row but absent from the agents list (F11). */
  deletedAgentId: string;
  users: { operatorUserId: string; aliceUserId: string; jonasUserId: string; deletedUserId: string };
  configs: Record<'slackSupport' | 'slackPartners' | 'teams' | 'telegram' | 'whatsapp' | 'sms', string>;
  /** An integrationConfigId used by a request that no configs list contains (deleted connector). */
  orphanConfigId: string;
  participants: Record<'dana' | 'anna' | 'priya' | 'kwame' | 'wang' | 'noa' | 'omar' | 'lukasz' | 'nightShift', string>;
  /** The seeded PENDING story rows in priority order; the first min(pending, 8) exist. */
  pendingStoryIds: string[];
  requests: {
    /** Same phone on WhatsApp and SMS, both PENDING on support_desk. The SMS one has an empty displayName. */
    duplicatePhone: { address: string; whatsappRequestId: string; smsRequestId: string };
    /** PENDING with matchedParticipantId (BIND_ONLY allowed); the participant owns the same channel. */
    matched: { requestId: string; participantId: string; agentId: string };
    matchedSecond: { requestId: string; participantId: string; agentId: string };
    /** Same sender and connector: REJECTED two days ago, PENDING again now. */
    repeatAfterReject: { address: string; rejectedRequestId: string; pendingRequestId: string };
    /** PENDING on the read-only agent: decisions answer 403. */
    readOnlyRequestId: string;
    /** PENDING on the orphan config id. */
    orphanConfigRequestId: string;
    /** PENDING WhatsApp whose phone is already an SMS channel of participant `kwame` (ADD_TO_EXISTING candidate). */
    addToExisting: { requestId: string; participantId: string; address: string };
    emptyNameRequestId: string;
    /** APPROVED history whose processedBy user 404s. */
    deletedUserRequestId: string;
    /** APPROVED history on the deleted agent. */
    deletedAgentRequestId: string;
    approvedBySamRequestId: string;
    approvedByAliceRequestId: string;
    rejectedBySamRequestId: string;
  };
}

export interface SimulatorHandle {
  url: string;
  tenant: string;
  tenantId: string;
  token: string;
  operatorUserId: string;
  control: SimulatorControl;
  /** The seed facts of this instance (see SIM_FACTS for the default seed). */
  facts: SimFacts;
  close(): Promise<void>;
}
