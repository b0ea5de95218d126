/**
 * The simulated Fruxon API: path matching, Bearer auth, validation and response shapes
 * (fruxon-api.md §3, §5.3, §5.6, §6). Handlers are synchronous functions from a parsed request
 * to a SimResponse; transport concerns (faults, sockets, logging) live in server.ts.
 */
import type { DeviceFlow } from './device-flow';
import type { ApproveInput, ApproveMode, Outcome, Problem, RequestFilter, SimStore } from './store';
import type { RawStatus, SimRoute } from './types';

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface ApiRequest {
  method: string;
  /** Decoded path segments without the leading empty one; a `:verb` stays part of the last segment. */
  segments: string[];
  query: URLSearchParams;
  body: string;
  contentType: string | undefined;
  authorization: string | undefined;
  /** The simulator's own origin, e.g. http://127.0.0.1:43123. */
  baseUrl: string;
}

export interface HandleOptions {
  /** Answer the list as `{items, nextPageToken}` pages of this size (the 'envelope' fault). */
  envelopePageSize?: number;
}

export interface RouteMatch {
  /** The fault-injection route, or null when only '*' faults apply (unknown /v1 path). */
  route: SimRoute | null;
  /** Whether faults apply at all (false for the HTML device pages). */
  faultable: boolean;
  handle(req: ApiRequest, opts: HandleOptions): SimResponse;
}

export interface Router {
  match(method: string, segments: string[]): RouteMatch;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const json = (status: number, value: unknown): SimResponse => ({ status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(value) });
export const rawJson = (status: number, text: string | Buffer): SimResponse => ({ status, headers: { 'content-type': JSON_TYPE }, body: text });
export const empty = (status: number, headers?: Record<string, string>): SimResponse => (headers ? { status, headers } : { status });

const STATUS_TYPES: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  403: 'https://tools.ietf.org/html/rfc9110#section-15.5.4',
  404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  405: 'https://tools.ietf.org/html/rfc9110#section-15.5.6',
  410: 'https://tools.ietf.org/html/rfc9110#section-15.5.11',
  413: 'https://tools.ietf.org/html/rfc9110#section-15.5.14',
  415: 'https://tools.ietf.org/html/rfc9110#section-15.5.16',
  429: 'https://tools.ietf.org/html/rfc6585#section-4',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
};

/** An RFC 7807 body; `errors` follows ASP.NET's ValidationProblemDetails. */
export function problemResponse(p: Problem, headers?: Record<string, string>): SimResponse {
  const body: Record<string, unknown> = { type: STATUS_TYPES[p.status] ?? 'about:blank', title: p.title, status: p.status, detail: p.detail };
  if (p.errors) body.errors = p.errors;
  return { status: p.status, headers: { 'content-type': PROBLEM_TYPE, ...headers }, body: JSON.stringify(body) };
}

const fromOutcome = <T>(o: Outcome<T>, ok: (value: T) => SimResponse): SimResponse => (o.ok ? ok(o.value) : problemResponse(o.problem));

const devicePage = (page: { status: number; html: string }): SimResponse => ({
  status: page.status,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  },
  body: page.html,
});

/** A query parameter by case-insensitive name (ASP.NET binds `AgentId` and `agentId` alike). */
export function queryValue(query: URLSearchParams, ...names: string[]): string | undefined {
  const wanted = names.map((n) => n.toLowerCase());
  for (const [key, value] of query) {
    if (wanted.includes(key.toLowerCase())) return value;
  }
  return undefined;
}

const validation = (detail: string, errors: Record<string, string[]>): SimResponse =>
  problemResponse({ status: 400, title: 'One or more validation errors occurred.', detail, errors });

function parseStatusFilter(value: string | undefined): { ok: true; status: RawStatus | undefined } | { ok: false } {
  if (value === undefined || value.trim() === '') return { ok: true, status: undefined };
  const upper = value.trim().toUpperCase();
  if (upper === 'UNSPECIFIED') return { ok: true, status: undefined };
  if (upper === 'PENDING' || upper === 'APPROVED' || upper === 'REJECTED') return { ok: true, status: upper };
  return { ok: false };
}

/** Parses a JSON body: null when empty; a problem response for bad content type or syntax. */
function parseJsonObject(req: ApiRequest): { ok: true; value: Record<string, unknown> | null } | { ok: false; response: SimResponse } {
  if (req.body.trim() === '') return { ok: true, value: null };
  if (req.contentType && !/json/i.test(req.contentType)) {
    return { ok: false, response: problemResponse({ status: 415, title: 'Unsupported Media Type', detail: 'Send the body as application/json.' }) };
  }
  let value: unknown;
  try {
    value = JSON.parse(req.body);
  } catch {
    return { ok: false, response: validation('The request body is not valid JSON.', { body: ['The JSON value could not be parsed.'] }) };
  }
  if (value === null) return { ok: true, value: null };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, response: validation('The request body must be a JSON object.', { body: ['Expected a JSON object.'] }) };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

const MODE_BY_KEY: Record<string, ApproveMode> = { createnew: 'CREATE_NEW', addtoexisting: 'ADD_TO_EXISTING', bindonly: 'BIND_ONLY' };

function optionalString(body: Record<string, unknown>, key: string, max: number, errors: Record<string, string[]>): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors[key] = [`${key} must be a string.`];
    return null;
  }
  if (value.length > max) errors[key] = [`${key} must be at most ${max} characters (got ${value.length}).`];
  return value;
}

function unknownProperties(body: Record<string, unknown>, allowed: string[], errors: Record<string, string[]>) {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) errors[key] = [`Unknown property '${key}'.`];
  }
}

/** Validates an approve body (§3.4): mode required, field lengths, no unknown properties. */
export function parseApproveBody(body: Record<string, unknown> | null): { ok: true; value: ApproveInput } | { ok: false; response: SimResponse } {
  const b = body ?? {};
  const errors: Record<string, string[]> = {};
  unknownProperties(b, ['mode', 'displayName', 'participantId', 'note'], errors);
  let mode: ApproveMode | undefined;
  if (typeof b.mode === 'string') mode = MODE_BY_KEY[b.mode.replace(/_/g, '').toLowerCase()];
  if (!mode) errors.mode = ['mode is required: CREATE_NEW, ADD_TO_EXISTING or BIND_ONLY.'];
  const displayName = optionalString(b, 'displayName', 150, errors);
  const participantId = optionalString(b, 'participantId', 64, errors);
  if (participantId !== null && !errors.participantId && !UUID_RE.test(participantId)) errors.participantId = ['participantId must be a uuid.'];
  const note = optionalString(b, 'note', 4000, errors);
  if (mode === 'ADD_TO_EXISTING' && participantId === null && !errors.participantId) errors.participantId = ['participantId is required in ADD_TO_EXISTING mode.'];
  const keys = Object.keys(errors);
  if (keys.length > 0 || !mode) {
    return { ok: false, response: validation(`Invalid approve request: ${keys.map((k) => errors[k]?.[0]).join(' ')}`, errors) };
  }
  return { ok: true, value: { mode, displayName, participantId, note } };
}

/** Validates a reject body (§3.5): empty, `{}` or `{note}`. */
export function parseRejectBody(body: Record<string, unknown> | null): { ok: true; note: string | null } | { ok: false; response: SimResponse } {
  const b = body ?? {};
  const errors: Record<string, string[]> = {};
  unknownProperties(b, ['note'], errors);
  const note = optionalString(b, 'note', 4000, errors);
  const keys = Object.keys(errors);
  if (keys.length > 0) return { ok: false, response: validation(`Invalid reject request: ${keys.map((k) => errors[k]?.[0]).join(' ')}`, errors) };
  return { ok: true, note };
}

interface PageToken {
  offset: number;
  size: number;
}
const encodePageToken = (t: PageToken) => Buffer.from(JSON.stringify({ o: t.offset, s: t.size })).toString('base64url');
function decodePageToken(text: string): PageToken | null {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown };
    if (typeof v.o === 'number' && typeof v.s === 'number' && v.o >= 0 && v.s > 0) return { offset: v.o, size: v.s };
  } catch {
    // fall through
  }
  return null;
}

export interface RouterDeps {
  store: SimStore;
  device: DeviceFlow;
  /** How the list endpoint behaves (SimulatorOptions.ignoreStatusFilter, listPageSize). */
  list?: { ignoreStatusFilter: boolean; pageSize: number | null };
}

/** Every query name a page token may come under (fruxon-api.md §2); the client sends them all. */
export const PAGE_TOKEN_NAMES = ['pageToken', 'paging.pageToken', 'page_token', 'PageToken.Cursor', 'Paging.PageToken.Cursor'];

/** Creates the router over the store and the device flow. */
export function createRouter(deps: RouterDeps): Router {
  const { store, device } = deps;
  const world = store.world;

  const bearer = (req: ApiRequest): string | null => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.authorization ?? '');
    return m?.[1] ?? null;
  };

  /** 401 (empty) for a bad token, 403 (empty) for another tenant's path, else the handler. */
  const tenantRoute = (route: SimRoute, handler: (req: ApiRequest, opts: HandleOptions, token: string) => SimResponse): RouteMatch => ({
    route,
    faultable: true,
    handle: (req, opts) => {
      const token = bearer(req);
      if (!token || !store.isTokenValid(token)) return empty(401, { 'www-authenticate': 'Bearer' });
      const tenant = req.segments[2];
      if (tenant !== world.tenant && tenant !== world.tenantId) return empty(403);
      return handler(req, opts, token);
    },
  });

  const notFound = (detail: string) => problemResponse({ status: 404, title: 'Not Found', detail });

  const listRequests = (req: ApiRequest, opts: HandleOptions): SimResponse => {
    const status = parseStatusFilter(queryValue(req.query, 'status'));
    if (!status.ok) {
      return validation(`The value '${queryValue(req.query, 'status')}' is not a valid status.`, { Status: ['Use PENDING, APPROVED or REJECTED.'] });
    }
    const filter: RequestFilter = {};
    const agentId = queryValue(req.query, 'agentId');
    const participantId = queryValue(req.query, 'participantId');
    if (agentId) filter.agentId = agentId;
    if (participantId) filter.participantId = participantId;
    // A server that ignores the filter answers with every status (SimulatorOptions.ignoreStatusFilter).
    if (status.status && !deps.list?.ignoreStatusFilter) filter.status = status.status;
    const tokenText = queryValue(req.query, ...PAGE_TOKEN_NAMES);
    const pageSize = opts.envelopePageSize ?? deps.list?.pageSize ?? undefined;
    if (pageSize === undefined && !tokenText) return rawJson(200, store.listBody(filter));
    const token = tokenText ? decodePageToken(tokenText) : { offset: 0, size: pageSize ?? 50 };
    if (!token) return validation('The page token is not valid.', { pageToken: ['Unknown or malformed page token.'] });
    const rows = store.filterRequests(filter);
    const size = pageSize ?? token.size;
    const items = rows.slice(token.offset, token.offset + size);
    const next = token.offset + size < rows.length ? encodePageToken({ offset: token.offset + size, size }) : null;
    return rawJson(200, `{"items":${store.serialize(items)},"nextPageToken":${JSON.stringify(next)},"totalCount":${rows.length}}`);
  };

  const decide = (verb: 'approve' | 'reject') => (req: ApiRequest, _opts: HandleOptions, _token: string): SimResponse => {
    const id = (req.segments[4] ?? '').slice(0, -(verb.length + 1));
    const parsed = parseJsonObject(req);
    if (!parsed.ok) return parsed.response;
    const input = verb === 'approve' ? parseApproveBody(parsed.value) : parseRejectBody(parsed.value);
    if (!input.ok) return input.response;
    const row = store.getRequest(id);
    if (!row) return notFound(`Access request ${id} was not found.`);
    if (store.isReadOnly(row.agentId)) {
      return problemResponse({
        status: 403,
        title: 'Forbidden',
        detail: `Approving or rejecting access requests for agent '${row.agentId}' requires Editor role on the agent.`,
      });
    }
    const outcome = 'value' in input ? store.approve(id, input.value, world.operatorUserId) : store.reject(id, input.note, world.operatorUserId);
    return fromOutcome(outcome, (value) => rawJson(200, store.rowJson(value)));
  };

  const configWire = (c: (typeof world.configs)[number]) => ({
    id: c.id,
    integrationId: c.integrationId,
    displayName: c.displayName,
    parameters: {},
    hasAuth: true,
    authMethodId: null,
    sandboxMode: false,
    publishedRevisionId: null,
    createdBy: world.operatorUserId,
    createdAt: world.agents[0]?.createdAt ?? 0,
    modifiedAt: world.agents[0]?.createdAt ?? 0,
  });

  const collaborators = (agentId: string) => {
    const jonas = world.users.find((u) => u.firstName === 'Jonas');
    const sam = world.users.find((u) => u.id === world.operatorUserId);
    const row = (u: (typeof world.users)[number] | undefined, role: string) =>
      u && { agentId, userId: u.id, role, email: u.email, firstName: u.firstName, lastName: u.lastName, status: 'ACTIVE', alertPreferences: { errorAlerts: true, accessRequestAlerts: true, budgetAlerts: false } };
    return [row(sam, store.isReadOnly(agentId) ? 'VIEWER' : 'EDITOR'), row(jonas, agentId === 'field_ops' ? 'EDITOR' : 'VIEWER')].filter(Boolean);
  };

  const methodNotAllowed = (allow: string): RouteMatch => ({
    route: null,
    faultable: true,
    handle: () => problemResponse({ status: 405, title: 'Method Not Allowed', detail: `Use ${allow}.` }, { allow }),
  });

  const only = (method: string, allowed: string, m: RouteMatch): RouteMatch => (method === allowed ? m : methodNotAllowed(allowed));

  const unknownApi: RouteMatch = { route: null, faultable: true, handle: () => notFound('No such endpoint.') };

  const matchTenant = (method: string, s: string[]): RouteMatch => {
    const [, , , resource, a, b, c] = s;
    const n = s.length;
    if (resource === 'participantAccessRequests') {
      if (n === 4) return only(method, 'GET', tenantRoute('list-requests', listRequests));
      if (n === 5 && a !== undefined) {
        if (a.endsWith(':approve')) return only(method, 'POST', tenantRoute('approve', decide('approve')));
        if (a.endsWith(':reject')) return only(method, 'POST', tenantRoute('reject', decide('reject')));
        if (a.includes(':')) return unknownApi;
        return only(
          method,
          'GET',
          tenantRoute('get-request', () => {
            const row = store.getRequest(a);
            return row ? rawJson(200, store.rowJson(row)) : notFound(`Access request ${a} was not found.`);
          }),
        );
      }
    }
    if (resource === 'agents') {
      if (n === 4) return only(method, 'GET', tenantRoute('agents', () => json(200, world.agents)));
      if (n === 5 || (n === 6 && b === 'collaborators')) {
        return only(
          method,
          'GET',
          tenantRoute(n === 5 ? 'agents' : 'collaborators', () => {
            const agent = world.agents.find((x) => x.id === a);
            if (!agent) return notFound(`Agent ${a} was not found.`);
            return n === 5 ? json(200, agent) : json(200, collaborators(agent.id));
          }),
        );
      }
    }
    if (resource === 'participants') {
      if (n === 4) return only(method, 'GET', tenantRoute('participants', (req) => json(200, store.listParticipants(queryValue(req.query, 'agentId') || undefined))));
      if (n === 5 && a !== undefined) {
        return only(
          method,
          'GET',
          tenantRoute('get-participant', () => {
            const p = store.getParticipant(a);
            return p ? json(200, p) : notFound(`Participant ${a} was not found.`);
          }),
        );
      }
    }
    if (resource === 'integrations') {
      if (n === 4) {
        return only(method, 'GET', tenantRoute('integrations', () => json(200, { items: world.integrations, nextPageToken: null, totalCount: world.integrations.length })));
      }
      if ((n === 6 || n === 7) && b === 'configs') {
        return only(
          method,
          'GET',
          tenantRoute('configs', () => {
            if (!world.integrations.some((i) => i.id === a)) return notFound(`Integration ${a} was not found.`);
            const configs = world.configs.filter((x) => x.integrationId === a);
            if (n === 6) return json(200, configs.map(configWire));
            const config = configs.find((x) => x.id === c);
            return config ? json(200, configWire(config)) : notFound(`Configuration ${c} was not found.`);
          }),
        );
      }
    }
    if (resource === 'users' && n === 5 && a !== undefined) {
      return only(
        method,
        'GET',
        tenantRoute('users', () => {
          const user = world.users.find((u) => u.id === a);
          return user ? json(200, user) : notFound(`User ${a} was not found.`);
        }),
      );
    }
    if (resource === 'auth' && a === 'health' && n === 5) {
      return only(
        method,
        'GET',
        tenantRoute('auth-health', (_req, _opts, token) => {
          const info = store.tokenInfo(token);
          const user = world.users.find((u) => u.id === world.operatorUserId);
          return json(200, {
            authenticationSource: 'API_KEY',
            tenantId: world.tenantId,
            userId: world.operatorUserId,
            email: user?.email ?? null,
            apiKeyName: info?.name ?? null,
            scopes: ['agents:read', 'participants:read', 'participants:write', 'integrations:read', 'users:read'],
            apiKeyExpiresAt: info?.expiresAt ?? null,
          });
        }),
      );
    }
    return unknownApi;
  };

  return {
    match: (method, s) => {
      if (s[0] === 'v1') {
        if (s[1] === 'tenants' && s.length >= 4) return matchTenant(method, s);
        if (s[1] === 'deviceAuthorizations' && s.length === 2) {
          return only(method, 'POST', {
            route: 'device-start',
            faultable: true,
            handle: (req) => {
              const parsed = parseJsonObject(req);
              if (!parsed.ok) return parsed.response;
              const started = device.start(parsed.value, req.baseUrl);
              return started.ok ? json(200, started.value) : validation(started.detail, started.errors);
            },
          });
        }
        if (s[1] === 'deviceAuthorizations' && s.length === 3) {
          return only(method, 'GET', {
            route: 'device-poll',
            faultable: true,
            handle: () => {
              const polled = device.poll(s[2] ?? '');
              if (polled.state === 'pending') return empty(202);
              if (polled.state === 'approved') return json(200, polled.body);
              return problemResponse({ status: 410, title: 'Gone', detail: 'The device authorization expired or was already used. Start again.' });
            },
          });
        }
        return unknownApi;
      }
      // The verification page and its form target: what the user's browser sees, never faulted.
      if (s[0] === 'device' && s.length === 1 && method === 'GET') {
        return { route: null, faultable: false, handle: (req) => devicePage(device.page(req.query.get('user_code'))) };
      }
      if (s[0] === 'device' && s[1] === 'approve' && s.length === 2 && method === 'POST') {
        return { route: null, faultable: false, handle: (req) => devicePage(device.approvePage(new URLSearchParams(req.body).get('user_code'))) };
      }
      return { route: null, faultable: false, handle: () => notFound('No such endpoint.') };
    },
  };
}

