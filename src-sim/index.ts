/**
 * Fruxon API simulator: a real HTTP server on 127.0.0.1 that implements
 * the parts of fruxon-api.md the console uses, with deterministic seed data, a demo trickle,
 * a second operator, fault injection and a control surface (in-process and over HTTP).
 */
import { createControlApi } from './control-api';
import { startDemo } from './demo';
import { createDeviceFlow } from './device-flow';
import { createFaultQueue } from './faults';
import { createRng } from './prng';
import { createRouter } from './routes';
import { DEFAULT_PENDING, DEFAULT_SEED, DEFAULT_TENANT, MAX_HISTORY, MAX_PENDING, buildWorld, randomRequest, simFactsFor } from './seed';
import { startHttpServer } from './server';
import { createStore } from './store';
import { addressFor } from './catalog';
import type {
  RawParticipant,
  RawRequest,
  RequestLogEntry,
  SimEvent,
  SimFacts,
  SimTimers,
  SimulatorControl,
  SimulatorHandle,
  SimulatorOptions,
} from './types';

export type {
  FaultAction,
  FaultRule,
  RawChannel,
  RawParticipant,
  RawRequest,
  RawStatus,
  RequestLogEntry,
  SimEvent,
  SimFacts,
  SimRoute,
  SimTimers,
  SimulatorControl,
  SimulatorHandle,
  SimulatorOptions,
} from './types';
export { DEFAULT_PENDING, DEFAULT_SEED, DEFAULT_TENANT, MAX_HISTORY, MAX_PENDING, simFactsFor } from './seed';

/** Facts of the default seed (42); the same for every `pending` value. Use `handle.facts` for other seeds. */
export const SIM_FACTS: SimFacts = simFactsFor(DEFAULT_SEED);

const DAY = 24 * 60 * 60 * 1000;
const MAX_LOG = 10_000;
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

const defaultTimers: SimTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function checkInterval(name: string, value: SimulatorOptions['trickle']): void {
  if (value === undefined || value === false) return;
  const { minMs, maxMs } = value;
  if (!Number.isFinite(minMs) || !Number.isFinite(maxMs) || minMs < 1 || maxMs < minMs) {
    throw new RangeError(`${name} needs 1 <= minMs <= maxMs (got ${minMs}..${maxMs})`);
  }
}

function checkOptions(o: SimulatorOptions): void {
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) throw new RangeError(`seed must be an integer (got ${o.seed})`);
  if (o.pending !== undefined && (!Number.isInteger(o.pending) || o.pending < 0 || o.pending > MAX_PENDING)) {
    throw new RangeError(`pending must be an integer from 0 to ${MAX_PENDING} (got ${o.pending})`);
  }
  if (o.history !== undefined && (!Number.isInteger(o.history) || o.history < 0 || o.history > MAX_HISTORY)) {
    throw new RangeError(`history must be an integer from 0 to ${MAX_HISTORY} (got ${o.history})`);
  }
  if (o.listPageSize !== undefined && (!Number.isInteger(o.listPageSize) || o.listPageSize < 1)) {
    throw new RangeError(`listPageSize must be a positive integer (got ${o.listPageSize})`);
  }
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)) throw new RangeError(`port must be 0-65535 (got ${o.port})`);
  if (o.tenant !== undefined && !SLUG_RE.test(o.tenant)) throw new RangeError(`tenant must be a slug like "demo" or "acme-corp" (got ${JSON.stringify(o.tenant)})`);
  if (o.token !== undefined && !/^\S{8,512}$/.test(o.token)) throw new RangeError('token must be 8-512 characters without spaces');
  checkInterval('trickle', o.trickle);
  checkInterval('secondOperator', o.secondOperator);
}

const copyRequest = (row: RawRequest): RawRequest => ({ ...row });
const copyParticipant = (p: RawParticipant): RawParticipant => ({ ...p, channels: p.channels.map((c) => ({ ...c })), agentIds: [...p.agentIds] });

/**
 * Starts a simulator. Everything it invents is derived from `seed` (and the `now` clock), so
 * two simulators with the same options serve the same data. Close it with `handle.close()`.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  checkOptions(options);
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? defaultTimers;
  const tenant = options.tenant ?? DEFAULT_TENANT;
  const world = buildWorld({ seed, pending: options.pending ?? DEFAULT_PENDING, history: options.history ?? 0, tenant, now: now() });
  const idRng = createRng(seed, 'runtime');
  const keyRng = createRng(seed, 'keys');
  const store = createStore(world, { now, rng: idRng });
  const token = options.token ?? world.token;
  store.addToken(token, now() + 90 * DAY, 'Fruxon Access Console (simulator)');

  const emit = (event: SimEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // a listener's bug must not break the simulator
    }
  };
  const newToken = (expiresAt: number | null, name: string) => {
    const value = `fx_pat_${keyRng.chars(TOKEN_ALPHABET, 40)}`;
    store.addToken(value, expiresAt, name);
    return value;
  };

  const faults = createFaultQueue();
  const device = createDeviceFlow({
    now,
    rng: keyRng,
    mintToken: () => newToken(now() + 90 * DAY, 'Fruxon Access Console (device login)'),
    tenant: { id: world.tenantId, slug: world.tenant, name: world.tenantName },
  });
  const log: RequestLogEntry[] = [];

  const insert = (row: RawRequest): RawRequest => {
    const stored = store.insertRequest(row);
    emit({ type: 'request-created', request: copyRequest(stored) });
    return copyRequest(stored);
  };

  const decideAsAlice = (id: string, decision: 'APPROVED' | 'REJECTED', note?: string): RawRequest => {
    const row = store.getRequest(id);
    if (!row) throw new Error(`Unknown access request ${id}`);
    const outcome =
      decision === 'APPROVED'
        ? store.approve(id, { mode: row.matchedParticipantId ? 'BIND_ONLY' : 'CREATE_NEW', displayName: null, participantId: null, note: note ?? null }, world.aliceUserId)
        : store.reject(id, note ?? null, world.aliceUserId);
    if (!outcome.ok) throw new Error(outcome.problem.detail);
    emit({ type: 'request-decided', request: copyRequest(outcome.value), by: 'Alice Moreno' });
    return copyRequest(outcome.value);
  };

  const control: SimulatorControl = {
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    addPendingRequest: (given = {}) => {
      // Explicit `undefined` fields in the partial mean "not given", not "erase".
      const partial = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<RawRequest>;
      const base = randomRequest(idRng, { configs: world.configs }, now());
      const fromConfig = partial.integrationConfigId ? world.configs.find((c) => c.id === partial.integrationConfigId) : undefined;
      const provider = partial.provider ?? fromConfig?.provider ?? base.provider;
      const integrationConfigId = partial.integrationConfigId ?? (provider === base.provider ? base.integrationConfigId : world.configs.find((c) => c.provider === provider)?.id ?? base.integrationConfigId);
      const address = partial.address ?? (provider === base.provider ? base.address : addressFor(provider, idRng));
      const createdAt = partial.createdAt ?? base.createdAt;
      return insert({ ...base, provider, integrationConfigId, address, createdAt, modifiedAt: createdAt, ...partial });
    },
    decideAsOtherOperator: decideAsAlice,
    getRequest: (id) => {
      const row = store.getRequest(id);
      return row && copyRequest(row);
    },
    listRequests: () => store.allRequests().map(copyRequest),
    listParticipants: () => store.listParticipants().map(copyParticipant),
    approveDevice: (userCode) => device.approve(userCode),
    issueToken: (opts) => newToken(opts?.expiresAt ?? null, 'Issued by the simulator control'),
    revokeToken: (value) => store.revokeToken(value),
    setReadOnlyAgent: (agentId, readOnly) => store.setReadOnly(agentId, readOnly),
    requestLog: () => log.map((e) => ({ ...e })),
    resetLog: () => {
      log.length = 0;
    },
  };

  const server = await startHttpServer(
    {
      router: createRouter({ store, device, list: { ignoreStatusFilter: options.ignoreStatusFilter ?? false, pageSize: options.listPageSize ?? null } }),
      faults,
      store,
      now,
      timers,
      control: createControlApi({ control, secret: token, facts: world.facts }),
      log: (entry) => {
        log.push(entry);
        if (log.length > MAX_LOG + 1000) log.splice(0, log.length - MAX_LOG);
      },
    },
    options.host ?? '127.0.0.1',
    options.port ?? 0,
  );

  const demo = startDemo({
    store,
    rng: createRng(seed, 'demo'),
    timers,
    now,
    trickle: options.trickle ?? false,
    secondOperator: options.secondOperator ?? false,
    addRequest: (row) => {
      insert(row);
    },
    decide: (id, decision, note) => {
      decideAsAlice(id, decision, note);
    },
  });

  return {
    url: server.url,
    tenant: world.tenant,
    tenantId: world.tenantId,
    token,
    operatorUserId: world.operatorUserId,
    control,
    facts: world.facts,
    close: async () => {
      demo.stop();
      await server.close();
    },
  };
}
