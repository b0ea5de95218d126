/**
 * Control HTTP API, for driving a simulator that runs in another process (CLI, browser host).
 * Every call needs the header `x-sim-control: <the simulator's token>` (401 otherwise).
 *
 *   POST   /_sim/faults                  body: FaultRule JSON; times: number | "Infinity" | null | -1  → 204
 *   DELETE /_sim/faults                  clear all queued faults                                       → 204
 *   GET    /_sim/requests                every stored request row                                      → 200 RawRequest[]
 *   POST   /_sim/requests                body: Partial<RawRequest> (or empty) → new PENDING row         → 201 RawRequest
 *   POST   /_sim/requests/{id}/decide    body: {decision: "APPROVED"|"REJECTED", note?} as Alice        → 200 RawRequest (404 unknown, 409 not pending)
 *   GET    /_sim/participants            every participant                                             → 200 RawParticipant[]
 *   GET    /_sim/log                     requests served so far                                        → 200 RequestLogEntry[]
 *   DELETE /_sim/log                     forget the log                                                → 204
 *   POST   /_sim/tokens                  body: {expiresAt?: number|null} → another operator token       → 201 {token}
 *   POST   /_sim/tokens/revoke           body: {token}                                                 → 204
 *   PUT    /_sim/agents/{id}/read-only   body: {readOnly: boolean}                                     → 204
 *   POST   /_sim/devices/approve         body: {userCode}  (what the verification page's button does)   → 200 {approved}
 *   GET    /_sim/facts                   the seed facts (SimFacts)                                     → 200
 */
import { timingSafeEqual } from 'node:crypto';
import { parseFaultRule } from './faults';
import { type SimResponse, empty, json } from './routes';
import type { ControlRequest } from './server';
import type { RawRequest, SimFacts, SimulatorControl } from './types';

const REQUEST_KEYS: ReadonlyArray<keyof RawRequest> = [
  'id',
  'integrationConfigId',
  'provider',
  'address',
  'agentId',
  'matchedParticipantId',
  'displayName',
  'conversationName',
  'status',
  'processedBy',
  'processedAt',
  'processingNote',
  'approvedParticipantId',
  'createdAt',
  'modifiedAt',
];

const error = (status: number, message: string) => json(status, { error: message });

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseBody(text: string): { ok: true; value: Record<string, unknown> } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // fall through
  }
  return { ok: false };
}

/** Creates the /_sim request handler over the in-process control surface. */
export function createControlApi(deps: { control: SimulatorControl; secret: string; facts: SimFacts }): (req: ControlRequest) => SimResponse {
  const { control } = deps;
  return (req) => {
    if (!sameSecret(req.headers['x-sim-control'], deps.secret)) return error(401, 'Missing or wrong x-sim-control header.');
    const body = parseBody(req.body);
    if (!body.ok) return error(400, 'Body must be a JSON object.');
    const b = body.value;
    const [resource, id, action] = req.segments;
    const route = `${req.method} ${resource ?? ''}${id !== undefined ? '/:id' : ''}${action !== undefined ? `/${action}` : ''}`;
    try {
      switch (route) {
        case 'POST faults': {
          const parsed = parseFaultRule(b);
          if (!parsed.ok) return error(400, parsed.message);
          control.injectFault(parsed.rule);
          return empty(204);
        }
        case 'DELETE faults':
          control.clearFaults();
          return empty(204);
        case 'GET requests':
          return json(200, control.listRequests());
        case 'POST requests': {
          const partial: Partial<RawRequest> = {};
          for (const key of REQUEST_KEYS) if (key in b) (partial as Record<string, unknown>)[key] = b[key];
          if (partial.id !== undefined && control.getRequest(String(partial.id))) return error(409, `Request ${String(partial.id)} already exists.`);
          return json(201, control.addPendingRequest(partial));
        }
        case 'POST requests/:id/decide': {
          if (b.decision !== 'APPROVED' && b.decision !== 'REJECTED') return error(400, 'decision must be APPROVED or REJECTED.');
          if (b.note !== undefined && b.note !== null && typeof b.note !== 'string') return error(400, 'note must be a string.');
          const row = control.getRequest(id ?? '');
          if (!row) return error(404, `Request ${id ?? ''} not found.`);
          if (row.status !== 'PENDING') return error(409, `Request ${row.id} is not pending (${row.status}).`);
          return json(200, control.decideAsOtherOperator(row.id, b.decision, typeof b.note === 'string' ? b.note : undefined));
        }
        case 'GET participants':
          return json(200, control.listParticipants());
        case 'GET log':
          return json(200, control.requestLog());
        case 'DELETE log':
          control.resetLog();
          return empty(204);
        case 'POST tokens': {
          const expiresAt = b.expiresAt;
          if (expiresAt !== undefined && expiresAt !== null && typeof expiresAt !== 'number') return error(400, 'expiresAt must be epoch ms or null.');
          return json(201, { token: control.issueToken({ expiresAt: expiresAt ?? null }) });
        }
        case 'POST tokens/:id':
          if (id !== 'revoke' || typeof b.token !== 'string') return error(400, 'Use POST /_sim/tokens/revoke with {token}.');
          control.revokeToken(b.token);
          return empty(204);
        case 'PUT agents/:id/read-only':
          if (typeof b.readOnly !== 'boolean') return error(400, 'readOnly must be a boolean.');
          control.setReadOnlyAgent(id ?? '', b.readOnly);
          return empty(204);
        case 'POST devices/:id':
          if (id !== 'approve' || typeof b.userCode !== 'string') return error(400, 'Use POST /_sim/devices/approve with {userCode}.');
          return json(200, { approved: control.approveDevice(b.userCode) });
        case 'GET facts':
          return json(200, deps.facts);
        default:
          return error(404, `Unknown control endpoint ${req.method} /_sim/${req.segments.join('/')}.`);
      }
    } catch (e) {
      return error(400, e instanceof Error ? e.message : String(e));
    }
  };
}
