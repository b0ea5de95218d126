/**
 * The device authorization calls (fruxon-api.md §5.3), both unauthenticated: start a grant,
 * then poll it. The state machine around them (timers, expiry, storing the key) lives in
 * core/accounts/device-flow.ts; these only speak HTTP and validate what comes back.
 */
import { fail, ok, type Result } from '../../../src-shared/domain';
import { parseBaseUrl } from './base-url';
import { UNEXPECTED_SHAPE_ERROR } from './errors';
import { createHttp, seg } from './http';
import { toDeviceApproved, toDeviceStart, type DeviceApproved, type DeviceStart } from './validate';

export interface DeviceStartBody {
  preset: string;
  clientType: 'DESKTOP';
  clientName: string;
  deviceId: string;
  deviceLabel?: string;
}

export type DevicePoll = { state: 'pending' } | ({ state: 'approved' } & DeviceApproved) | { state: 'gone' };

/** Starts a device grant. The answer's `deviceCode` is a secret: never show or log it. */
export async function startDeviceAuthorization(baseUrl: string, body: DeviceStartBody, fetchImpl?: typeof fetch): Promise<Result<DeviceStart>> {
  const base = parseBaseUrl(baseUrl);
  if (!base.ok) return base;
  // Only the documented fields go out; an absent label is dropped by JSON.stringify.
  const wire = { preset: body.preset, clientType: body.clientType, clientName: body.clientName, deviceId: body.deviceId, deviceLabel: body.deviceLabel };
  const res = await createHttp({ baseUrl: base.value, fetch: fetchImpl }).send({ method: 'POST', path: 'deviceAuthorizations', json: wire });
  if (!res.ok) return res;
  const start = toDeviceStart(res.value.body);
  return start === null ? { ok: false, error: UNEXPECTED_SHAPE_ERROR(res.value.status) } : ok(start);
}

/** Polls a device grant once: 202 → pending, 200 → approved with the new key, 410 → gone (expired or consumed). */
export async function pollDeviceAuthorization(baseUrl: string, deviceCode: string, fetchImpl?: typeof fetch): Promise<Result<DevicePoll>> {
  const base = parseBaseUrl(baseUrl);
  if (!base.ok) return base;
  const code = seg(deviceCode);
  if (code === null) return fail('bad-input', 'The sign-in code is not valid. Start signing in again.');
  // No retries: the caller polls on its own interval anyway.
  // The device code is a secret: a server that echoes it must not get it into a message.
  const res = await createHttp({ baseUrl: base.value, fetch: fetchImpl, secrets: () => [deviceCode] }).send({
    method: 'GET',
    path: `deviceAuthorizations/${code}`,
    bodyless: [202, 410],
    retries: 0,
  });
  if (!res.ok) {
    if (res.error.code === 'not-found') return ok({ state: 'gone' });
    return res;
  }
  if (res.value.status === 202) return ok({ state: 'pending' });
  if (res.value.status === 410) return ok({ state: 'gone' });
  const approved = toDeviceApproved(res.value.body);
  return approved === null ? { ok: false, error: UNEXPECTED_SHAPE_ERROR(res.value.status) } : ok({ state: 'approved', ...approved });
}
