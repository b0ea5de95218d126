/**
 * Sign-in through Fruxon's device authorization (fruxon-api.md §5.3): start a grant, open the
 * verification page in the browser, poll until approved, then hand the minted key to the
 * workspace manager. A state machine with injected timers: idle → waiting → approved |
 * expired | cancelled | error. Every change is reported so the renderer can follow.
 */
import { randomUUID } from 'node:crypto';
import type { DeviceFlowView } from '../../../src-shared/contract';
import { ok, type AppError, type Result } from '../../../src-shared/domain';
import { parseBaseUrl } from '../api/base-url';
import { pollDeviceAuthorization, startDeviceAuthorization } from '../api/device-auth';
import { isAllowedExternalUrl, isOpenableExternalUrl, isSameSite } from '../security/external-url';
import { silentLogger, type KeyValueStore, type Logger, type Timers } from '../ports';

export const DEVICE_KEY = 'device';
/** The server says grants expire in 10 minutes; never wait longer than that. */
export const DEVICE_FLOW_MAX_MS = 10 * 60_000;
export const DEVICE_PRESET = 'operator';

export interface DeviceFlowApproval {
  baseUrl: string;
  apiKey: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
}

export interface DeviceFlowDeps {
  fetch?: typeof fetch;
  now: () => number;
  timers: Timers;
  dataStore: KeyValueStore;
  version: string;
  deviceLabel?: string;
  openExternal: (url: string) => Promise<void>;
  /** Turns the minted key into a workspace; its id is reported in the approved state. */
  onApproved: (approval: DeviceFlowApproval) => Promise<Result<{ workspaceId: string }>>;
  onChange: (view: DeviceFlowView) => void;
  /** Told every secret the flow handles (the device code, the minted key) before anything can echo it. */
  onSecret?: (secret: string) => void;
  log?: Logger;
}

export interface DeviceFlow {
  start(baseUrl: string): Promise<Result<DeviceFlowView>>;
  cancel(): Result<null>;
  view(): DeviceFlowView;
  /** Stops timers (app quit). */
  dispose(): void;
}

/** Only web pages go to the browser: https anywhere, http only on this machine (the simulator). */
export function isVerificationUrlOpenable(url: string): boolean {
  return isOpenableExternalUrl(url);
}

/**
 * Whether the server's verification page may be opened: a web page (https, or http on loopback)
 * on the API server's own site, or on the allowlist (S15).
 */
export function isVerificationSiteAllowed(verificationUrl: string, apiBaseUrl: string): boolean {
  return isVerificationUrlOpenable(verificationUrl) && (isAllowedExternalUrl(verificationUrl) || isSameSite(verificationUrl, apiBaseUrl));
}

/** Said when the server names a verification page on another site: nothing is opened or shown. */
export const FOREIGN_VERIFICATION_MESSAGE =
  'The server asked to finish signing in on a page of another site, so the console did not open it. Check the API URL, or sign in by pasting a token.';

/** Errors worth polling through: the grant is still valid, the network was not. */
function isTransient(e: AppError): boolean {
  return e.code === 'offline' || e.code === 'timeout' || e.code === 'server' || e.code === 'rate-limited' || e.code === 'invalid-response';
}

/** Creates the device-flow state machine. */
export function createDeviceFlow(deps: DeviceFlowDeps): DeviceFlow {
  const log = deps.log ?? silentLogger;
  let view: DeviceFlowView = { state: 'idle' };
  let timer: unknown = null;
  /** Bumped on every start/cancel so answers of an abandoned grant are ignored. */
  let generation = 0;

  function set(next: DeviceFlowView): void {
    view = next;
    deps.onChange(view);
  }

  function clearTimer(): void {
    if (timer !== null) deps.timers.clearTimeout(timer);
    timer = null;
  }

  function deviceId(): string {
    const res = deps.dataStore.read(DEVICE_KEY);
    const stored = res.ok ? (res.value as { deviceId?: unknown } | undefined)?.deviceId : undefined;
    if (typeof stored === 'string' && /^[A-Za-z0-9-]{8,100}$/.test(stored)) return stored;
    // Stable per install, so a re-login from this machine rotates its key in place (§5.3).
    const id = randomUUID();
    const saved = deps.dataStore.write(DEVICE_KEY, { deviceId: id });
    if (!saved.ok) log.warn('device id not saved', { reason: saved.error.message });
    return id;
  }

  function schedulePoll(gen: number, baseUrl: string, deviceCode: string, intervalMs: number, expiresAt: number): void {
    clearTimer();
    timer = deps.timers.setTimeout(() => {
      timer = null;
      void pollOnce(gen, baseUrl, deviceCode, intervalMs, expiresAt);
    }, intervalMs);
  }

  async function pollOnce(gen: number, baseUrl: string, deviceCode: string, intervalMs: number, expiresAt: number): Promise<void> {
    if (gen !== generation) return;
    if (deps.now() >= expiresAt) {
      set({ state: 'expired' });
      return;
    }
    const res = await pollDeviceAuthorization(baseUrl, deviceCode, deps.fetch);
    if (gen !== generation) return;
    if (!res.ok) {
      if (isTransient(res.error)) {
        // The server's wait (a 429's or a 5xx's, clamped where it was read), never past the code's expiry.
        const wait = Math.max(intervalMs, Math.min(res.error.retryAfterMs ?? 0, expiresAt - deps.now()));
        schedulePoll(gen, baseUrl, deviceCode, wait, expiresAt);
        return;
      }
      set({ state: 'error', error: res.error });
      return;
    }
    const answer = res.value;
    if (answer.state === 'pending') {
      schedulePoll(gen, baseUrl, deviceCode, intervalMs, expiresAt);
      return;
    }
    if (answer.state === 'gone') {
      set({ state: 'expired' });
      return;
    }
    deps.onSecret?.(answer.apiKey);
    const created = await deps.onApproved({
      baseUrl,
      apiKey: answer.apiKey,
      tenantId: answer.tenantId,
      tenantSlug: answer.tenantSlug,
      tenantName: answer.tenantName,
    });
    if (gen !== generation) return;
    if (!created.ok) set({ state: 'error', error: created.error });
    else set({ state: 'approved', workspaceId: created.value.workspaceId, tenantName: answer.tenantName || answer.tenantSlug });
  }

  return {
    async start(rawBaseUrl) {
      const base = parseBaseUrl(rawBaseUrl);
      if (!base.ok) return base;
      const gen = ++generation;
      clearTimer();
      const res = await startDeviceAuthorization(
        base.value,
        {
          preset: DEVICE_PRESET,
          clientType: 'DESKTOP',
          clientName: `Fruxon Access Console ${deps.version}`,
          deviceId: deviceId(),
          ...(deps.deviceLabel ? { deviceLabel: deps.deviceLabel } : {}),
        },
        deps.fetch,
      );
      if (gen !== generation) return ok(view);
      if (!res.ok) {
        set({ state: 'error', error: res.error });
        return { ok: false, error: res.error };
      }
      const grant = res.value;
      deps.onSecret?.(grant.deviceCode);
      if (!isVerificationSiteAllowed(grant.verificationUrl, base.value)) {
        log.warn('device flow: verification URL refused (not a web page on the API server\'s site)');
        const error = { code: 'invalid-response' as const, message: FOREIGN_VERIFICATION_MESSAGE };
        set({ state: 'error', error });
        return { ok: false, error };
      }
      const startedAt = deps.now();
      const expiresAt = startedAt + Math.min(grant.expiresInSeconds * 1000, DEVICE_FLOW_MAX_MS);
      set({ state: 'waiting', userCode: grant.userCode, verificationUrl: grant.verificationUrl, expiresAt, baseUrl: base.value });
      deps.openExternal(grant.verificationUrl).catch((err: unknown) => log.warn('could not open the browser', { err: String(err) }));
      schedulePoll(gen, base.value, grant.deviceCode, Math.max(1, grant.pollIntervalSeconds) * 1000, expiresAt);
      return ok(view);
    },

    cancel() {
      // Cancelling when nothing is waiting is harmless: the operator closed the dialog twice.
      if (view.state !== 'waiting') return ok(null);
      generation += 1;
      clearTimer();
      set({ state: 'cancelled' });
      return ok(null);
    },

    view: () => view,

    dispose() {
      generation += 1;
      clearTimer();
    },
  };
}
