/**
 * The simulator's mutable state and the server-side rules of the decision endpoints
 * (fruxon-api.md §3.4/§3.5/§3.8). Requests live in a Map plus an insertion-ordered array, and
 * each row's JSON is cached until it changes, so listing 100,000 rows stays a cheap join.
 */
import type { Rng } from './prng';
import { type World, participantFrom } from './seed';
import type { RawChannel, RawParticipant, RawRequest, RawStatus } from './types';

export type ApproveMode = 'CREATE_NEW' | 'ADD_TO_EXISTING' | 'BIND_ONLY';

export interface ApproveInput {
  mode: ApproveMode;
  displayName: string | null;
  participantId: string | null;
  note: string | null;
}

/** An RFC 7807 problem the routes turn into application/problem+json. */
export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: Record<string, string[]>;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export interface RequestFilter {
  agentId?: string;
  status?: RawStatus;
  participantId?: string;
}

interface TokenInfo {
  expiresAt: number | null;
  revoked: boolean;
  name: string;
}

export interface SimStore {
  readonly world: World;
  getRequest(id: string): RawRequest | undefined;
  filterRequests(filter: RequestFilter): RawRequest[];
  /** JSON array text of `rows` (uses the per-row cache). */
  serialize(rows: readonly RawRequest[]): string;
  /** The list body for `filter` as bytes, cached until any request changes, so repeat polls of 100,000 rows are cheap. */
  listBody(filter: RequestFilter): Buffer;
  rowJson(row: RawRequest): string;
  allRequests(): readonly RawRequest[];
  insertRequest(row: RawRequest): RawRequest;
  approve(id: string, input: ApproveInput, actorUserId: string): Outcome<RawRequest>;
  reject(id: string, note: string | null, actorUserId: string): Outcome<RawRequest>;
  getParticipant(id: string): RawParticipant | undefined;
  listParticipants(agentId?: string): RawParticipant[];
  isReadOnly(agentId: string): boolean;
  setReadOnly(agentId: string, readOnly: boolean): void;
  addToken(token: string, expiresAt: number | null, name: string): void;
  tokenInfo(token: string): TokenInfo | undefined;
  revokeToken(token: string): void;
  isTokenValid(token: string): boolean;
}

export const problem = (status: number, title: string, detail: string, errors?: Record<string, string[]>): Outcome<never> => ({
  ok: false,
  problem: errors ? { status, title, detail, errors } : { status, title, detail },
});

const titleCaseStatus = (status: string) => status.charAt(0) + status.slice(1).toLowerCase();

/** The 400 the real service gives when a decision hits a request that is no longer PENDING. */
export function notPendingProblem(row: RawRequest): Outcome<never> {
  return problem(
    400,
    'Access request is not pending',
    `Access request ${row.id} is not in Pending status (current status: ${titleCaseStatus(row.status)}); approve/reject are not retryable once a terminal decision has been recorded.`,
  );
}

/** Creates the store over a freshly built world; `rng` draws ids for participants created at runtime. */
export function createStore(world: World, deps: { now: () => number; rng: Rng }): SimStore {
  const requests = new Map<string, RawRequest>();
  const order: RawRequest[] = [];
  const jsonCache = new Map<string, string>();
  const participants = new Map<string, RawParticipant>();
  const readOnly = new Set(world.readOnlyAgentIds);
  const tokens = new Map<string, TokenInfo>();
  const bodyCache = new Map<string, { version: number; body: Buffer }>();
  let version = 0;

  for (const row of world.requests) {
    if (requests.has(row.id)) continue; // vanishingly rare PRNG collision: keep the first
    requests.set(row.id, row);
    order.push(row);
  }
  for (const p of world.participants) participants.set(p.id, p);

  const rowJson = (row: RawRequest): string => {
    let text = jsonCache.get(row.id);
    if (text === undefined) {
      text = JSON.stringify(row);
      jsonCache.set(row.id, text);
    }
    return text;
  };

  const commit = (row: RawRequest, status: 'APPROVED' | 'REJECTED', actor: string, note: string | null, participantId: string | null) => {
    const at = deps.now();
    row.status = status;
    row.processedBy = actor;
    row.processedAt = at;
    row.processingNote = note;
    row.approvedParticipantId = participantId;
    row.modifiedAt = at;
    jsonCache.delete(row.id);
    version += 1;
    return row;
  };

  const bind = (p: RawParticipant, agentId: string, channel?: RawChannel) => {
    let changed = false;
    if (channel && !p.channels.some((c) => c.integrationConfigId === channel.integrationConfigId && c.address === channel.address)) {
      p.channels.push({ ...channel, priority: p.channels.length });
      changed = true;
    }
    if (!p.agentIds.includes(agentId)) {
      p.agentIds.push(agentId);
      changed = true;
    }
    if (changed) p.modifiedAt = deps.now();
  };

  const filterRequests = (filter: RequestFilter): RawRequest[] => {
    if (!filter.agentId && !filter.status && !filter.participantId) return order.slice();
    return order.filter(
      (r) =>
        (!filter.agentId || r.agentId === filter.agentId) &&
        (!filter.status || r.status === filter.status) &&
        (!filter.participantId || r.matchedParticipantId === filter.participantId || r.approvedParticipantId === filter.participantId),
    );
  };
  const serialize = (rows: readonly RawRequest[]): string => {
    const parts = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i += 1) parts[i] = rowJson(rows[i] as RawRequest);
    return `[${parts.join(',')}]`;
  };

  return {
    world,
    getRequest: (id) => requests.get(id),
    filterRequests,
    serialize,
    listBody: (filter) => {
      const key = `${filter.agentId ?? ''}\u0000${filter.status ?? ''}\u0000${filter.participantId ?? ''}`;
      const hit = bodyCache.get(key);
      if (hit && hit.version === version) return hit.body;
      // Built in slices: a million rows would pass V8's longest string as one text.
      const rows = filterRequests(filter);
      const parts: Buffer[] = [];
      const SLICE = 20_000;
      for (let i = 0; i < rows.length; i += SLICE) {
        const text = rows
          .slice(i, i + SLICE)
          .map(rowJson)
          .join(',');
        parts.push(Buffer.from(i === 0 ? text : `,${text}`));
      }
      const body = Buffer.concat([Buffer.from('['), ...parts, Buffer.from(']')]);
      if (bodyCache.size >= 8) bodyCache.clear();
      bodyCache.set(key, { version, body });
      return body;
    },
    rowJson,
    allRequests: () => order,
    insertRequest: (row) => {
      if (requests.has(row.id)) throw new Error(`A request with id ${row.id} already exists`);
      requests.set(row.id, row);
      order.push(row);
      version += 1;
      return row;
    },
    approve: (id, input, actor) => {
      const row = requests.get(id);
      if (!row) return problem(404, 'Not Found', `Access request ${id} was not found.`);
      if (row.status !== 'PENDING') return notPendingProblem(row);
      const channel: RawChannel = { integrationConfigId: row.integrationConfigId, address: row.address, priority: 0, label: null, disabled: false };
      if (input.mode === 'CREATE_NEW') {
        const name = input.displayName?.trim() || undefined;
        const p = participantFrom(deps.rng.uuid(), row, deps.now(), name);
        participants.set(p.id, p);
        return { ok: true, value: commit(row, 'APPROVED', actor, input.note, p.id) };
      }
      if (input.mode === 'ADD_TO_EXISTING') {
        const p = input.participantId ? participants.get(input.participantId) : undefined;
        if (!p) {
          return problem(400, 'Participant not found', `Participant ${input.participantId ?? '(none)'} does not exist in this tenant.`, {
            participantId: ['The participant does not exist.'],
          });
        }
        bind(p, row.agentId, channel);
        return { ok: true, value: commit(row, 'APPROVED', actor, input.note, p.id) };
      }
      const matched = row.matchedParticipantId ? participants.get(row.matchedParticipantId) : undefined;
      if (!matched) {
        return problem(400, 'Bind only needs a matched participant', `Access request ${row.id} has no matched participant, so mode BIND_ONLY is not possible; use CREATE_NEW or ADD_TO_EXISTING.`, {
          mode: ['BIND_ONLY requires a matched participant.'],
        });
      }
      bind(matched, row.agentId);
      return { ok: true, value: commit(row, 'APPROVED', actor, input.note, matched.id) };
    },
    reject: (id, note, actor) => {
      const row = requests.get(id);
      if (!row) return problem(404, 'Not Found', `Access request ${id} was not found.`);
      if (row.status !== 'PENDING') return notPendingProblem(row);
      return { ok: true, value: commit(row, 'REJECTED', actor, note, null) };
    },
    getParticipant: (id) => participants.get(id),
    listParticipants: (agentId) => {
      const all = [...participants.values()];
      return agentId ? all.filter((p) => p.agentIds.includes(agentId)) : all;
    },
    isReadOnly: (agentId) => readOnly.has(agentId),
    setReadOnly: (agentId, value) => {
      if (value) readOnly.add(agentId);
      else readOnly.delete(agentId);
    },
    addToken: (token, expiresAt, name) => {
      tokens.set(token, { expiresAt, revoked: false, name });
    },
    tokenInfo: (token) => tokens.get(token),
    revokeToken: (token) => {
      const info = tokens.get(token);
      if (info) info.revoked = true;
    },
    isTokenValid: (token) => {
      const info = tokens.get(token);
      return !!info && !info.revoked && (info.expiresAt === null || info.expiresAt > deps.now());
    },
  };
}
