/**
 * The Fruxon API client for one workspace (fruxon-api.md §3, §6): typed calls that return
 * `Result` values, never throw, and hand back only validated, freshly built objects.
 */
import { fail, ok, type AccessRequest, type ApproveMode, type DecidedCounts, type Participant, type Result } from '../../../src-shared/domain';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { parseBaseUrl } from './base-url';
import { UNEXPECTED_SHAPE_ERROR } from './errors';
import { createHttp, seg, type HttpAnswer, type HttpOptions, type HttpRequest } from './http';
import {
  createRequestCollector,
  parseListWith,
  toAccessRequest,
  toAgent,
  toAuthHealth,
  toCollaborator,
  toConfig,
  toIntegration,
  toParticipant,
  toUser,
  type AgentSummary,
  type CollaboratorSummary,
  type ConfigSummary,
  type IntegrationSummary,
  type UserSummary,
} from './validate';

/** The HTTP options (timeouts, retries, body cap, secrets) plus what names one workspace's tenant. */
export interface ApiClientOptions extends Omit<HttpOptions, 'token'> {
  tenant: string;
  token: string;
  workspaceId: string;
  /** Most pages followed when a list answers with `nextPageToken` (default 20). */
  maxPages?: number;
}

export interface ListResult {
  rows: AccessRequest[];
  /** Items that could not be used (no id, not an object) (F5). */
  dropped: number;
  /** Parsed Date header of the (last) response, ms. */
  serverDate: number | null;
  /** True when more pages existed than `maxPages` allowed us to follow (F7): the list is incomplete. */
  truncated: boolean;
  /** Decided rows left out by `decidedLimit` (the oldest ones), by status. */
  decidedOmitted: DecidedCounts;
  /** Pages read. */
  pages: number;
}

/** The access-request list's filters. `status` is sent as given: the caller picks its casing. */
export interface ListQuery {
  status?: string;
  agentId?: string;
  participantId?: string;
}

export interface ListOptions {
  signal?: AbortSignal;
  /** Largest list body read, in bytes (default: the List size limit setting's default). */
  maxBytes?: number;
  /** Keep at most this many APPROVED/REJECTED rows, the newest (default: all). */
  decidedLimit?: number;
  /**
   * Past `maxPages`, pages are followed while each brings new rows, until `max` (F9: a page count
   * must never cut the pending queue). `undecided`: new undecided rows, `max` of them held (a
   * pending list; a page of decided rows means the status filter is ignored). `any`: rows new to
   * the list, `max` of them read (a whole list or a history list: a server that pages oldest first
   * puts the pending queue and the newest decisions on its last pages). A page past the limit
   * without them (a server handing out tokens for ever, or the same rows under new tokens), or
   * `max`, ends the list as cut short. Default: `maxPages` alone.
   */
  follow?: { by: 'undecided' | 'any'; max: number };
}

/**
 * The query names a page token is sent under, all in the same request: fruxon-api.md §2 lists
 * `PageToken.Cursor` (also prefixed `Paging.`), `paging.pageToken` and `page_token` in different
 * places, and infers `pageToken` [INFERRED]. A server reads the one it knows.
 */
export const PAGE_TOKEN_PARAMS = ['pageToken', 'paging.pageToken', 'page_token', 'PageToken.Cursor', 'Paging.PageToken.Cursor'] as const;

function pageTokenParams(token: string | undefined): Record<string, string | undefined> {
  return Object.fromEntries(PAGE_TOKEN_PARAMS.map((name) => [name, token]));
}

export const DEFAULT_LIST_MAX_BYTES = DEFAULT_SETTINGS.listLimitMB * 1_048_576;

export interface ApproveBody {
  mode: ApproveMode;
  displayName?: string;
  participantId?: string;
  note?: string;
}

export interface AuthHealthResult {
  userId: string | null;
  email: string | null;
  apiKeyName: string | null;
  apiKeyExpiresAt: number | null;
  serverDate: number | null;
}

export interface ApiClient {
  /** The access-request list, streamed and validated row by row (F5, F7, F8, F9). */
  listRequests(q?: ListQuery, opts?: ListOptions): Promise<Result<ListResult>>;
  getRequest(id: string, signal?: AbortSignal): Promise<Result<AccessRequest>>;
  approve(id: string, body: ApproveBody): Promise<Result<AccessRequest>>;
  reject(id: string, body: { note?: string }): Promise<Result<AccessRequest>>;
  // The name lookups take a signal: a workspace that stops (sign-out, removal) cancels them.
  listAgents(signal?: AbortSignal): Promise<Result<AgentSummary[]>>;
  /** Who has which role on an agent (tenant admins are not listed: they have every agent). */
  listCollaborators(agentId: string, signal?: AbortSignal): Promise<Result<CollaboratorSummary[]>>;
  listIntegrations(signal?: AbortSignal): Promise<Result<IntegrationSummary[]>>;
  listConfigs(integrationId: string, signal?: AbortSignal): Promise<Result<ConfigSummary[]>>;
  getUser(id: string, signal?: AbortSignal): Promise<Result<UserSummary>>;
  listParticipants(q?: { agentId?: string }, signal?: AbortSignal): Promise<Result<Participant[]>>;
  getParticipant(id: string): Promise<Result<Participant>>;
  authHealth(): Promise<Result<AuthHealthResult>>;
}

const BAD_ID = <T>(): Result<T> => fail('bad-input', 'That id is not valid.');

/** GET a list, following `nextPageToken` up to `maxPages` (F7); rows repeated across pages are kept once. */
async function getPagedList<T extends { id: string }>(
  send: (req: HttpRequest) => Promise<Result<HttpAnswer>>,
  maxPages: number,
  path: string,
  parse: (raw: unknown) => T | null,
  query: Record<string, string | undefined>,
  signal: AbortSignal | undefined,
): Promise<Result<T[]>> {
  const rows: T[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const res = await send({ method: 'GET', path, searchParams: { ...query, ...pageTokenParams(pageToken) }, signal });
    if (!res.ok) return res;
    const parsed = parseListWith(res.value.body, parse);
    if (parsed === null) return { ok: false, error: UNEXPECTED_SHAPE_ERROR(res.value.status) };
    for (const row of parsed.rows) {
      if (!seen.has(row.id)) {
        seen.add(row.id);
        rows.push(row);
      }
    }
    if (parsed.nextPageToken === null || parsed.nextPageToken === pageToken) break;
    pageToken = parsed.nextPageToken;
  }
  return ok(rows);
}

/** The approve body: a fresh object with only the fields the server accepts (additional properties are refused, §3.4). */
function approveWire(body: ApproveBody): Record<string, unknown> {
  const wire: Record<string, unknown> = { mode: body.mode };
  if (body.displayName !== undefined && body.displayName.trim() !== '') wire.displayName = body.displayName.trim();
  if (body.participantId !== undefined) wire.participantId = body.participantId;
  if (body.note !== undefined && body.note !== '') wire.note = body.note;
  return wire;
}

function rejectWire(body: { note?: string }): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  if (body.note !== undefined && body.note !== '') wire.note = body.note;
  return wire;
}

/**
 * Creates the client for one workspace. The base URL is re-checked here (S1), so a bad one
 * makes every call fail instead of sending the token anywhere.
 */
export function createApiClient(opts: ApiClientOptions): ApiClient {
  const base = parseBaseUrl(opts.baseUrl);
  const tenant = seg(opts.tenant.trim());
  const maxPages = Math.max(1, opts.maxPages ?? 20);
  const http = base.ok
    ? createHttp({
        baseUrl: base.value,
        token: opts.token,
        secrets: opts.secrets,
        fetch: opts.fetch,
        timeoutMs: opts.timeoutMs,
        maxBodyBytes: opts.maxBodyBytes,
        getRetries: opts.getRetries,
        retryBaseMs: opts.retryBaseMs,
        now: opts.now,
        log: opts.log,
      })
    : null;
  const ws = opts.workspaceId;

  async function send(req: HttpRequest): Promise<Result<HttpAnswer>> {
    if (!base.ok) return base;
    if (http === null || tenant === null) return fail('bad-input', 'The workspace name (tenant) is not valid.');
    return http.send({ ...req, path: `tenants/${tenant}/${req.path}` });
  }

  /** GET one object and parse it; a body of the wrong shape is an invalid response. */
  async function getOne<T>(path: string, parse: (raw: unknown) => T | null, signal?: AbortSignal): Promise<Result<T>> {
    const res = await send({ method: 'GET', path, signal });
    if (!res.ok) return res;
    const value = parse(res.value.body);
    return value === null ? { ok: false, error: UNEXPECTED_SHAPE_ERROR(res.value.status) } : ok(value);
  }

  /** GET a list, following `nextPageToken` up to maxPages (F7). */
  const getList = <T extends { id: string }>(path: string, parse: (raw: unknown) => T | null, query: Record<string, string | undefined>, signal: AbortSignal | undefined) =>
    getPagedList(send, maxPages, path, parse, query, signal);

  async function decide(id: string, verb: 'approve' | 'reject', body: Record<string, unknown>): Promise<Result<AccessRequest>> {
    const rid = seg(id);
    if (rid === null) return BAD_ID();
    // The verb is a literal `:` suffix on the resource (AIP custom method), never %3A.
    const res = await send({ method: 'POST', path: `participantAccessRequests/${rid}:${verb}`, json: body });
    if (!res.ok) return res;
    const row = toAccessRequest(res.value.body, ws);
    // A 2xx we cannot read: the decision may well have been applied, so the caller reads back.
    return row === null ? { ok: false, error: { ...UNEXPECTED_SHAPE_ERROR(res.value.status), sentMaybe: true } } : ok(row);
  }

  return {
    async listRequests(q = {}, opts = {}) {
      const collector = createRequestCollector(ws, { decidedLimit: opts.decidedLimit });
      const maxBytes = opts.maxBytes ?? DEFAULT_LIST_MAX_BYTES;
      let dropped = 0;
      let serverDate: number | null = null;
      let pageToken: string | undefined;
      const follow = opts.follow ?? { by: 'undecided', max: 0 };
      const counted = () => (follow.by === 'any' ? collector.fresh() : collector.live());
      for (let pages = 1; ; pages += 1) {
        let pageDropped = 0;
        const before = counted();
        const res = await send({
          method: 'GET',
          path: 'participantAccessRequests',
          searchParams: { status: q.status, agentId: q.agentId, participantId: q.participantId, ...pageTokenParams(pageToken) },
          signal: opts.signal,
          list: {
            maxBytes,
            // A retried page delivers its rows again: they dedupe by id, only the count restarts.
            start: () => {
              pageDropped = 0;
            },
            item: (raw) => {
              if (!collector.add(raw)) pageDropped += 1;
            },
          },
        });
        // Never "no pending requests" from a body that is not a whole list (F1, F3).
        if (!res.ok) return res;
        dropped += pageDropped;
        serverDate = res.value.serverDate ?? serverDate;
        const next = (res.value.body as { nextPageToken: string | null }).nextPageToken;
        const done = next === null || next === pageToken;
        // Past the page limit only while the rows followed keep coming, up to follow.max (a server
        // handing out tokens for ever, or the same rows under new tokens, still ends).
        const now = counted();
        const cut = pages >= maxPages && (now >= follow.max || now === before);
        if (done || cut) {
          const { rows, decidedOmitted } = collector.result();
          return ok({ rows, dropped, serverDate, truncated: !done, decidedOmitted, pages });
        }
        pageToken = next;
      }
    },

    async getRequest(id, signal) {
      const rid = seg(id);
      if (rid === null) return BAD_ID();
      return getOne(`participantAccessRequests/${rid}`, (raw) => toAccessRequest(raw, ws), signal);
    },

    approve: (id, body) => decide(id, 'approve', approveWire(body)),
    reject: (id, body) => decide(id, 'reject', rejectWire(body)),

    listAgents(signal) {
      return getList('agents', toAgent, {}, signal);
    },

    listCollaborators(agentId, signal) {
      const aid = seg(agentId);
      if (aid === null) return Promise.resolve(BAD_ID());
      return getList(`agents/${aid}/collaborators`, toCollaborator, {}, signal);
    },

    listIntegrations(signal) {
      return getList('integrations', toIntegration, {}, signal);
    },

    listConfigs(integrationId, signal) {
      const iid = seg(integrationId);
      if (iid === null) return Promise.resolve(BAD_ID());
      return getList(`integrations/${iid}/configs`, (raw) => toConfig(raw, integrationId), {}, signal);
    },

    getUser(id, signal) {
      const uid = seg(id);
      if (uid === null) return Promise.resolve(BAD_ID());
      return getOne(`users/${uid}`, toUser, signal);
    },

    listParticipants(q = {}, signal) {
      return getList('participants', (raw) => toParticipant(raw, ws), { agentId: q.agentId }, signal);
    },

    getParticipant(id) {
      const pid = seg(id);
      if (pid === null) return Promise.resolve(BAD_ID());
      return getOne(`participants/${pid}`, (raw) => toParticipant(raw, ws));
    },

    async authHealth() {
      const res = await send({ method: 'GET', path: 'auth/health' });
      if (!res.ok) return res;
      const health = toAuthHealth(res.value.body);
      if (health === null) return { ok: false, error: UNEXPECTED_SHAPE_ERROR(res.value.status) };
      return ok({ ...health, serverDate: res.value.serverDate });
    },
  };
}
