/**
 * Resolves the ids on a request into names: agents (one list call), connectors (integration
 * configs, one call per integration), participants (matched and approved, one list call) and
 * `processedBy` users (one call per user, once). Never
 * N+1 per poll: agents and configs are refreshed at most every 10 minutes, or sooner only when
 * an id appears that they do not know (at most once per unknown id per 10 minutes); a miss is
 * remembered (F11) and shown as "Unknown agent (id …)".
 */
import type { AccessRequest, Result } from '../../../src-shared/domain';
import type { ApiClient } from '../api/client';
import { silentLogger, type Logger } from '../ports';

export const NAMES_REFRESH_MS = 10 * 60_000;
/** After a failed lookup, wait this long before asking again (so an outage is not N+1 per poll). */
export const NAMES_RETRY_MS = 60_000;
/** At most this many user lookups per ensure() call; the rest wait for the next poll. */
export const USER_LOOKUPS_PER_ROUND = 10;

export type NamesClient = Pick<ApiClient, 'listAgents' | 'listIntegrations' | 'listConfigs' | 'getUser' | 'listParticipants'>;

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
      const configIds = new Set<string>();
      const userIds = new Set<string>();
      const participantIds = new Set<string>();
      for (const r of rows) {
        agentIds.add(r.agentId);
        if (r.integrationConfigId) configIds.add(r.integrationConfigId);
        if (r.processedBy) userIds.add(r.processedBy);
        if (r.matchedParticipantId) participantIds.add(r.matchedParticipantId);
        if (r.approvedParticipantId) participantIds.add(r.approvedParticipantId);
      }
      const now = deps.now();
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
    version: () => version,
    dispose: () => life.abort(),
  };
}
