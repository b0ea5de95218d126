/**
 * Helpers for the simulator's own tests (and anyone else's): a Bearer-authenticated fetch
 * wrapper, and a fresh simulator per test on a hand-set clock. Hand-driven timers for the demo
 * loops and latency faults are in ./timers.ts.
 */
import { afterEach, beforeEach } from 'vitest';
import { startSimulator } from '../../src-sim/index';
import type { SimulatorHandle } from '../../src-sim/types';

export interface SimApi {
  /** Path under `/v1/tenants/{tenant}/`, e.g. `participantAccessRequests?status=PENDING`. */
  tenantPath(path: string): string;
  get(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body?: unknown, init?: RequestInit): Promise<Response>;
}

/** Fetch helpers bound to one simulator and token. */
export function simApi(sim: Pick<SimulatorHandle, 'url' | 'tenant' | 'token'>, token: string | null = sim.token): SimApi {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const tenantPath = (path: string) => `/v1/tenants/${sim.tenant}/${path}`;
  const full = (path: string) => `${sim.url}${path.startsWith('/') ? path : tenantPath(path)}`;
  return {
    tenantPath,
    get: (path, init = {}) => fetch(full(path), { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } }),
    post: (path, body, init = {}) =>
      fetch(full(path), {
        method: 'POST',
        ...init,
        headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.headers as Record<string, string>) },
        body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

export interface SimulatorPerTest {
  /** This test's simulator (started before each test, closed after it). */
  readonly sim: SimulatorHandle;
  /** Sets the simulator's clock (it starts each test at `start`). */
  setClock(ms: number): void;
}

/** Starts a fresh simulator before each test of the calling file, its clock at `start` until the test moves it. */
export function simulatorPerTest(start: number): SimulatorPerTest {
  let clock = start;
  let current: SimulatorHandle | null = null;
  beforeEach(async () => {
    clock = start;
    current = await startSimulator({ now: () => clock });
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  return {
    get sim() {
      if (!current) throw new Error('simulatorPerTest: no simulator outside a test');
      return current;
    },
    setClock: (ms) => {
      clock = ms;
    },
  };
}
