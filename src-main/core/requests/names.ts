/**
 * Resolves the ids on a request into names: agents (one list call), connectors (integration
 * configs, one call per integration), participants (matched and approved, one list call) and
 * `processedBy` users (one call per user, once); and the operator's role on each agent with someone
 * waiting (its collaborators list, one call per agent, refreshed like the names), so an agent where
 * the operator is a Viewer is read-only before a decision is refused with 403. Never
 * N+1 per poll: agents and configs are refreshed at most every 10 minutes, or sooner only when
 * an id appears that they do not know (at most once per unknown id per 10 minutes); a miss is
 * remembered (F11) and shown as "Unknown agent (id …)".
 */
import type { AccessRequest, Result } from '../../../src-shared/domain';
import type { ApiClient } from '../api/client';
import type { CollaboratorRole } from '../api/validate';
import { silentLogger, type Logger } from '../ports';

export const NAMES_REFRESH_MS = 10 * 60_000;
/** After a failed lookup, wait this long before asking again (so an outage is not N+1 per poll). */
export const NAMES_RETRY_MS = 60_000;
/** At most this many user lookups per ensure() call; the rest wait for the next poll. */
export const USER_LOOKUPS_PER_ROUND = 10;

/** At most this many agents' collaborator lists per ensure() call; the rest wait for the next poll. */
export const ROLE_LOOKUPS_PER_ROUND = 5;

/** Why an agent's requests are read-only when the collaborators list gives the operator the Viewer role. */
export const VIEWER_REASON = "You have the Viewer role on this agent; approving and rejecting need the Editor role. Ask an agent admin.";

export type NamesClient = Pick<ApiClient, 'listAgents' | 'listIntegrations' | 'listConfigs' | 'getUser' | 'listParticipants'> & Partial<Pick<ApiClient, 'listCollaborators'>>;

export interface ConnectorInfo {
  displayName: string;
  /** The integration's type (or name) the config belongs to. */
  provider: string;
}

export interface Names {
  /** Fetches whatever the rows need that is missing or due; never throws, never fails. */
  ensure(rows: readonly AccessRequest[]): Promise<void>;
  agentName(agentId: string): string;
  connectorName(configId: string | null): string;
  connector(configId: string): ConnectorInfo | null;
  /** The user's name, the raw value when unresolvable, null for null. */
  userName(processedBy: string | null): string | null;
  /** A participant's display name, null when none or not (yet) known. */
  participantName(participantId: string | null): string | null;
  /** Known agents (for filters and diagnostics). */
  agents(): Array<{ id: string; displayName: string }>;
  /**
   * Why the operator may not decide on this agent's requests, from the agent's collaborators list
   * (the Viewer role), or undefined: Editor or Admin, not listed (tenant admins are not: they have
   * every agent), or not known yet. A 403 on a decision is the other source (F22, workspaces).
   */
  readOnlyByRole(agentId: string): string | undefined;
  /**
   * Reads the roles that are due for the agents of the last rows' pending requests: for when the
   * operator's id arrives after a poll (auth/health answering after the first list).
   */
  refreshRoles(): Promise<void>;
  /** Resolves once the role lookups under way have answered (they run beside the list, see `onRolesChanged`). */
  rolesSettled(): Promise<void>;
  /** Increases whenever an answer of agentName/connectorName/userName may have changed (views cache on it). */
  version(): number;
  /**
   * The workspace stopped (sign-out, removal, quit): lookups in flight are cancelled, no new one
   * starts, and nothing more is logged, so no request carries its token afterwards.
   */
  dispose(): void;
}

export interface NamesDeps {
  client: NamesClient;
  now: () => number;
  log?: Logger;
  /** The signed-in user's id (auth/health): agents' roles are looked up only once it is known. */
  operatorUserId?: () => string | null;
  /**
   * An agent's role changed what the views say: publish. Roles are read beside the list, never before
   * it: a collaborators list that hangs must not hold up the queue.
   */
  onRolesChanged?: () => void;
}

interface RoleEntry {
  /** The operator's role on the agent; null when not listed (a tenant admin, or no role). */
  role: CollaboratorRole | null;
  /** When it was read, or null while never read. */
  at: number | null;
  /** When a failed read may be tried again. */
  retryAt: number;
  /** Whose role it is (a different operator id asks again). */
  userId: string | null;
}

interface Catalog<T> {
  map: Map<string, T>;
  loadedAt: number | null;
  /** When a failed load may be retried. */
  retryAt: number;
  /** Unknown id → when we last refreshed because of it. */
  unknownTriedAt: Map<string, number>;
  inFlight: Promise<void> | null;
}

function catalog<T>(): Catalog<T> {
  return { map: new Map(), loadedAt: null, retryAt: 0, unknownTriedAt: new Map(), inFlight: null };
}

/** The id as shown in "Unknown agent (id …)": whole, unless absurdly long. */
function shortId(id: string): string {
  return id.length > 40 ? `${id.slice(0, 40)}…` : id;
}

/** Whether a catalog should be listed again: never loaded, older than the refresh time, or asked for an id not tried lately. */
function isDue<T>(c: Catalog<T>, ids: Iterable<string>, now: number): boolean {
  if (now < c.retryAt) return false;
  if (c.loadedAt === null || now - c.loadedAt >= NAMES_REFRESH_MS) return true;
  let due = false;
  for (const id of ids) {
    if (c.map.has(id)) continue;
    const tried = c.unknownTriedAt.get(id);
    if (tried === undefined || now - tried >= NAMES_REFRESH_MS) due = true;
  }
  return due;
}

/** Remembers when ids the catalog does not know were last looked for (negative results are cached). */
function markTried<T>(c: Catalog<T>, ids: Iterable<string>, now: number): void {
  for (const id of ids) if (!c.map.has(id)) c.unknownTriedAt.set(id, now);
}

/** Creates one workspace's name cache over its API client. */
export function createNames(deps: NamesDeps): Names {
  const log = deps.log ?? silentLogger;
  const agents = catalog<string>();
  const configs = catalog<ConnectorInfo>();
  const participants = catalog<string>();
  const users = new Map<string, string | null>(); // null = looked up, not found
  const usersInFlight = new Set<string>();
  const userRetryAt = new Map<string, number>();
  const roles = new Map<string, RoleEntry>();
  const rolesInFlight = new Set<string>();
  /** The agents that had someone waiting in rows seen (for refreshRoles). */
  const waitingAgents = new Set<string>();
  let version = 0;
  const life = new AbortController();
  const { signal } = life;

  /** Lists a catalog of plain names (agents, participants); a failure keeps what we knew and retries later. */
  async function loadNames(c: Catalog<string>, list: () => Promise<Result<Array<{ id: string; displayName: string }>>>, what: string): Promise<void> {
    const res = await list();
    if (signal.aborted) return;
    if (!res.ok) {
      c.retryAt = deps.now() + NAMES_RETRY_MS;
      log.warn(`${what} names unavailable`, { code: res.error.code });
      return;
    }
    c.map = new Map(res.value.map((x) => [x.id, x.displayName]));
    c.loadedAt = deps.now();
    version += 1;
  }

  async function loadConfigs(): Promise<void> {
    const integrations = await deps.client.listIntegrations(signal);
    if (signal.aborted) return;
    if (!integrations.ok) {
      configs.retryAt = deps.now() + NAMES_RETRY_MS;
      log.warn('connector names unavailable', { code: integrations.error.code });
      return;
    }
    const next = new Map<string, ConnectorInfo>();
    let failed = false;
    for (const integration of integrations.value) {
      const list = await deps.client.listConfigs(integration.id, signal);
      if (signal.aborted) return;
      if (!list.ok) {
        failed = true;
        continue;
      }
      const provider = integration.type ?? integration.displayName;
      for (const c of list.value) next.set(c.id, { displayName: c.displayName, provider });
    }
    // Keep what we knew for integrations whose configs failed this time.
    if (failed) for (const [id, info] of configs.map) if (!next.has(id)) next.set(id, info);
    configs.map = next;
    configs.loadedAt = deps.now();
    version += 1;
    if (failed) configs.retryAt = deps.now() + NAMES_RETRY_MS;
  }


  async function refresh<T>(c: Catalog<T>, ids: string[], load: () => Promise<void>): Promise<void> {
    if (c.inFlight) return c.inFlight;
    if (!isDue(c, ids, deps.now())) return;
    markTried(c, ids, deps.now());
    c.inFlight = load()
      .catch((err: unknown) => {
        c.retryAt = deps.now() + NAMES_RETRY_MS;
        if (!signal.aborted) log.error('name lookup crashed', { err: String(err) });
      })
      .finally(() => {
        c.inFlight = null;
      });
    return c.inFlight;
  }

  /** Reads the operator's role on an agent; a failure keeps what was known and is tried again later. */
  async function loadRole(agentId: string, me: string): Promise<void> {
    const list = deps.client.listCollaborators;
    if (!list) return;
    rolesInFlight.add(agentId);
    const entry = roles.get(agentId) ?? { role: null, at: null, retryAt: 0, userId: null };
    try {
      const res = await list(agentId, signal);
      if (signal.aborted) return;
      if (!res.ok) {
        // A Viewer may not be allowed to list collaborators either: nothing is known, nothing marked.
        roles.set(agentId, { ...entry, retryAt: deps.now() + (res.error.code === 'forbidden' || res.error.code === 'not-found' ? NAMES_REFRESH_MS : NAMES_RETRY_MS) });
        log.warn('agent role unavailable', { code: res.error.code });
        return;
      }
      const role = res.value.find((c) => c.id === me)?.role ?? null;
      if (role !== entry.role || entry.userId !== me) version += 1;
      roles.set(agentId, { role, at: deps.now(), retryAt: 0, userId: me });
    } catch {
      roles.set(agentId, { ...entry, retryAt: deps.now() + NAMES_RETRY_MS });
    } finally {
      rolesInFlight.delete(agentId);
    }
  }

  /** The agents of pending rows whose role for `me` is unknown or older than NAMES_REFRESH_MS, up to ROLE_LOOKUPS_PER_ROUND. */
  function rolesDue(agentIds: Iterable<string>, me: string, now: number): string[] {
    const due: string[] = [];
    for (const id of agentIds) {
      if (due.length >= ROLE_LOOKUPS_PER_ROUND) break;
      const e = roles.get(id);
      if (rolesInFlight.has(id) || (e !== undefined && e.retryAt > now)) continue;
      if (e === undefined || e.at === null || e.userId !== me || now - e.at >= NAMES_REFRESH_MS) due.push(id);
    }
    return due;
  }

  /** Role lookups under way (rolesSettled). */
  const roleLoads = new Set<Promise<void>>();
  function track(load: Promise<void>): Promise<void> {
    roleLoads.add(load);
    void load.finally(() => roleLoads.delete(load));
    return load;
  }

  /** Reads the roles due for these agents, once the operator's id is known; says so when one changed. */
  async function loadRoles(agentIds: Iterable<string>): Promise<void> {
    const me = deps.operatorUserId?.() ?? null;
    if (me === null) return;
    const before = version;
    await Promise.all(rolesDue(agentIds, me, deps.now()).map((id) => loadRole(id, me)));
    if (version !== before && !signal.aborted) deps.onRolesChanged?.();
  }

  async function loadUser(id: string): Promise<void> {
    usersInFlight.add(id);
    try {
      const res = await deps.client.getUser(id, signal);
      if (signal.aborted) return;
      if (res.ok) users.set(id, res.value.displayName || res.value.email || null);
      else if (res.error.code === 'not-found' || res.error.code === 'forbidden' || res.error.code === 'validation') users.set(id, null);
      else userRetryAt.set(id, deps.now() + NAMES_RETRY_MS);
      if (users.has(id)) version += 1;
    } catch {
      userRetryAt.set(id, deps.now() + NAMES_RETRY_MS);
    } finally {
      usersInFlight.delete(id);
    }
  }

  return {
    async ensure(rows) {
      const agentIds = new Set<string>();
      const pendingAgentIds = new Set<string>();
      const configIds = new Set<string>();
      const userIds = new Set<string>();
      const participantIds = new Set<string>();
      for (const r of rows) {
        agentIds.add(r.agentId);
        if (r.status === 'PENDING') pendingAgentIds.add(r.agentId);
        if (r.integrationConfigId) configIds.add(r.integrationConfigId);
        if (r.processedBy) userIds.add(r.processedBy);
        if (r.matchedParticipantId) participantIds.add(r.matchedParticipantId);
        if (r.approvedParticipantId) participantIds.add(r.approvedParticipantId);
      }
      const now = deps.now();
      for (const id of pendingAgentIds) waitingAgents.add(id);
      const wantedUsers = [...userIds]
        .filter((id) => !users.has(id) && !usersInFlight.has(id) && (userRetryAt.get(id) ?? 0) <= now)
        .slice(0, USER_LOOKUPS_PER_ROUND);
      await Promise.all([
        refresh(agents, [...agentIds], () => loadNames(agents, () => deps.client.listAgents(signal), 'agent')),
        refresh(configs, [...configIds], loadConfigs),
        // Only when some row names a participant: a queue without any costs no call.
        participantIds.size > 0 ? refresh(participants, [...participantIds], () => loadNames(participants, () => deps.client.listParticipants({}, signal), 'participant')) : undefined,
        ...wantedUsers.map(loadUser),
      ]);
      // Whether the operator may decide: asked only for agents with someone waiting, in the background.
      void track(loadRoles(pendingAgentIds));
    },

    agentName(agentId) {
      const name = agents.map.get(agentId);
      if (name !== undefined) return name || agentId;
      return agents.loadedAt === null ? agentId : `Unknown agent (id ${shortId(agentId)})`;
    },

    connectorName(configId) {
      if (configId === null) return 'No connector';
      const info = configs.map.get(configId);
      if (info) return info.displayName || shortId(configId);
      return configs.loadedAt === null ? shortId(configId) : `Unknown connector (id ${shortId(configId)})`;
    },

    connector: (configId) => configs.map.get(configId) ?? null,

    userName(processedBy) {
      if (processedBy === null) return null;
      return users.get(processedBy) ?? processedBy;
    },

    participantName(participantId) {
      if (participantId === null) return null;
      return participants.map.get(participantId) || null;
    },

    agents: () => [...agents.map.entries()].map(([id, displayName]) => ({ id, displayName })),
    refreshRoles: () => track(loadRoles(waitingAgents)),
    rolesSettled: async () => {
      while (roleLoads.size > 0) await Promise.all([...roleLoads]);
    },
    readOnlyByRole(agentId) {
      const e = roles.get(agentId);
      const me = deps.operatorUserId?.() ?? null;
      return e !== undefined && e.userId === me && e.role === 'VIEWER' ? VIEWER_REASON : undefined;
    },
    version: () => version,
    dispose: () => life.abort(),
  };
}
