/**
 * Test support for the console core (imported only by *.test.ts): a core over a real temp data
 * dir, a memory vault and hand-driven timers, recording every push and notification.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewPendingNotice, PushChannel, PushContract, QueueSnapshot, SettingsView, DeviceFlowView, RequestRef } from '../../src-shared/contract';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src-sim/index';
import { createConsoleCore, type ConsoleCore, type ConsoleCoreDeps } from '../../src-main/core/console-core';
import { createJsonFileStore } from '../../src-main/core/storage/json-file-store';
import { createMemoryVault } from '../../src-main/core/storage/memory-vault';
import { manualTimers, type ManualTimers } from './timers';

/** Polls `check` every 10 ms until it returns a truthy value (default limit 5 s). */
export async function waitFor<T>(check: () => T | Promise<T>, what = 'condition', timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cleanups: Array<() => Promise<void> | void> = [];

/** Runs (and forgets) everything registered by the helpers below; call from afterEach. */
export async function cleanupAll(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn();
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fx-core-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function sim(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const handle = await startSimulator({ pending: 12, ...options });
  cleanups.push(() => handle.close());
  return handle;
}

/** The env that makes the core watch one simulator (workspace id `env`). */
export function envFor(s: SimulatorHandle, token = s.token): Record<string, string> {
  return { FRUXON_API_URL: s.url, FRUXON_TENANT: s.tenant, FRUXON_TOKEN: token };
}

export interface CoreHarness {
  core: ConsoleCore;
  dir: string;
  timers: ManualTimers;
  notices: NewPendingNotice[];
  pushedNotices: NewPendingNotice[];
  opened: string[];
  snapshots: QueueSnapshot[];
  settingsPushes: SettingsView[];
  deviceFlow: DeviceFlowView[];
  openRequests: RequestRef[];
  /** The core's current queue (built on demand, as the tray reads it). */
  now(): QueueSnapshot;
  /** Polls every workspace now and waits for it. */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions extends Partial<ConsoleCoreDeps> {
  dir?: string;
}

/** Creates and starts a core; the first poll of each workspace (and its history) has finished when this resolves. */
export async function startCore(options: HarnessOptions = {}): Promise<CoreHarness> {
  const dir = options.dir ?? tempDir();
  const timers = manualTimers();
  const h: Omit<CoreHarness, 'core' | 'now' | 'refresh' | 'stop'> = {
    dir,
    timers,
    notices: [],
    pushedNotices: [],
    opened: [],
    snapshots: [],
    settingsPushes: [],
    deviceFlow: [],
    openRequests: [],
  };
  const core = createConsoleCore({
    host: { version: '0.0.0-test', host: 'browser', platform: 'linux' },
    env: {},
    dataStore: createJsonFileStore(dir),
    vault: createMemoryVault(null),
    startDemo: async () => {
      const s = await sim({ pending: 5 });
      return { url: s.url, tenant: s.tenant, token: s.token, close: () => s.close() };
    },
    notify: (n) => h.notices.push(n),
    openExternal: async (url) => {
      h.opened.push(url);
    },
    timers,
    random: () => 0.5,
    api: { timeoutMs: 1500, retryBaseMs: 5 },
    ...options,
  });
  core.subscribe(<P extends PushChannel>(channel: P, payload: PushContract[P]) => {
    if (channel === 'queue:snapshot-changed') h.snapshots.push(payload as QueueSnapshot);
    if (channel === 'notify:new-pending') h.pushedNotices.push(payload as NewPendingNotice);
    if (channel === 'settings:changed') h.settingsPushes.push(payload as SettingsView);
    if (channel === 'auth:device-flow-changed') h.deviceFlow.push(payload as DeviceFlowView);
    if (channel === 'app:open-request') h.openRequests.push(payload as RequestRef);
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await core.stop();
  };
  cleanups.push(stop);
  await core.start();
  const refresh = async () => {
    await core.handlers['queue:refresh-now'](undefined);
  };
  await refresh();
  // The first poll starts reading approved and rejected requests beside it; wait for that too.
  await core.handlers['queue:refresh-history'](undefined);
  return { ...h, core, now: () => core.snapshot(), refresh, stop };
}
