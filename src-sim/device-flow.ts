/**
 * Device authorization grant (fruxon-api.md §5.3): start → the user approves on a small HTML
 * page (no JavaScript; a plain form POST) → the client polls 202 / 200 once / 410.
 */
import type { Rng } from './prng';

export const DEVICE_GRANT_SECONDS = 600;
export const DEVICE_POLL_SECONDS = 1;
const PRESETS = ['observer', 'operator', 'developer', 'maintainer', 'admin'];
const CLIENT_TYPES = ['UNSPECIFIED', 'CLI', 'IDE', 'DESKTOP', 'MCP', 'OTHER'];
// No vowels (no accidental words) and no look-alike characters, as RFC 8628 §6.1 suggests.
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

interface Grant {
  deviceCode: string;
  userCode: string;
  preset: string;
  clientType: string;
  clientName: string | null;
  deviceLabel: string | null;
  expiresAt: number;
  state: 'pending' | 'approved' | 'consumed';
}

export type DeviceStart =
  | { ok: true; value: { deviceCode: string; userCode: string; verificationUrl: string; expiresInSeconds: number; pollIntervalSeconds: number } }
  | { ok: false; detail: string; errors: Record<string, string[]> };

export type DevicePoll =
  | { state: 'pending' }
  | { state: 'approved'; body: { apiKey: string; tenantId: string; tenantSlug: string; tenantName: string } }
  | { state: 'gone' };

export interface DeviceFlow {
  start(body: unknown, baseUrl: string): DeviceStart;
  poll(deviceCode: string): DevicePoll;
  approve(userCode: string): boolean;
  /** The HTML verification page for `userCode` (may be missing or unknown). */
  page(userCode: string | null): { status: number; html: string };
  /** The page answering the Approve form. */
  approvePage(userCode: string | null): { status: number; html: string };
}

export interface DeviceFlowDeps {
  now: () => number;
  rng: Rng;
  /** Mints the API key handed out on the approved poll. */
  mintToken: () => string;
  tenant: { id: string; slug: string; name: string };
}

const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z]/g, '');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Fruxon (simulator)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
code{font-size:1.4rem;letter-spacing:.15em}button{font:inherit;padding:.5rem 1.25rem}dt{font-weight:600}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>
${body}
<p><small>Fruxon API simulator — local development only.</small></p></main></body></html>`;
}

/** Creates the device-flow state machine. */
export function createDeviceFlow(deps: DeviceFlowDeps): DeviceFlow {
  const byDevice = new Map<string, Grant>();
  const byUser = new Map<string, Grant>();

  const isLive = (g: Grant) => g.state !== 'consumed' && deps.now() < g.expiresAt;

  const codeForm = (message: string) =>
    layout(
      'Connect a device',
      `<p>${escapeHtml(message)}</p>
<form method="get" action="/device"><label>Code <input name="user_code" autocomplete="off" required></label> <button type="submit">Continue</button></form>`,
    );

  return {
    start: (body, baseUrl) => {
      const errors: Record<string, string[]> = {};
      const v = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
      if (!v) return { ok: false, detail: 'The request body must be a JSON object.', errors: { body: ['Expected a JSON object.'] } };
      const preset = typeof v.preset === 'string' ? v.preset.trim().toLowerCase() : '';
      if (!PRESETS.includes(preset)) errors.preset = [`preset is required and must be one of ${PRESETS.join(', ')}.`];
      let clientType = 'UNSPECIFIED';
      if (v.clientType !== undefined && v.clientType !== null) {
        const t = typeof v.clientType === 'string' ? v.clientType.toUpperCase() : '';
        if (CLIENT_TYPES.includes(t)) clientType = t;
        else errors.clientType = [`clientType must be one of ${CLIENT_TYPES.join(', ')}.`];
      }
      for (const key of ['clientName', 'deviceId', 'deviceLabel']) {
        const field = v[key];
        if (field !== undefined && field !== null && (typeof field !== 'string' || field.length > 200)) errors[key] = [`${key} must be a string of at most 200 characters.`];
      }
      if (Object.keys(errors).length > 0) return { ok: false, detail: 'One or more validation errors occurred.', errors };
      const raw = deps.rng.chars(USER_CODE_ALPHABET, 8);
      const grant: Grant = {
        deviceCode: `dc_${deps.rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 43)}`,
        userCode: `${raw.slice(0, 4)}-${raw.slice(4)}`,
        preset,
        clientType,
        clientName: typeof v.clientName === 'string' ? v.clientName : null,
        deviceLabel: typeof v.deviceLabel === 'string' ? v.deviceLabel : null,
        expiresAt: deps.now() + DEVICE_GRANT_SECONDS * 1000,
        state: 'pending',
      };
      byDevice.set(grant.deviceCode, grant);
      byUser.set(normaliseCode(grant.userCode), grant);
      return {
        ok: true,
        value: {
          deviceCode: grant.deviceCode,
          userCode: grant.userCode,
          verificationUrl: `${baseUrl}/device?user_code=${grant.userCode}`,
          expiresInSeconds: DEVICE_GRANT_SECONDS,
          pollIntervalSeconds: DEVICE_POLL_SECONDS,
        },
      };
    },
    poll: (deviceCode) => {
      const grant = byDevice.get(deviceCode);
      if (!grant || !isLive(grant)) return { state: 'gone' };
      if (grant.state === 'pending') return { state: 'pending' };
      grant.state = 'consumed'; // the key is wiped from the row after this call
      return { state: 'approved', body: { apiKey: deps.mintToken(), tenantId: deps.tenant.id, tenantSlug: deps.tenant.slug, tenantName: deps.tenant.name } };
    },
    approve: (userCode) => {
      const grant = byUser.get(normaliseCode(userCode));
      if (!grant || !isLive(grant) || grant.state !== 'pending') return false;
      grant.state = 'approved';
      return true;
    },
    page: (userCode) => {
      if (!userCode) return { status: 200, html: codeForm('Enter the code shown by the app.') };
      const grant = byUser.get(normaliseCode(userCode));
      if (!grant || !isLive(grant)) return { status: 404, html: codeForm('That code is unknown or has expired. Start the sign-in again from the app.') };
      if (grant.state !== 'pending') return { status: 200, html: layout('Already approved', '<p>This device is already approved. You can close this tab.</p>') };
      const details = [
        ['Code', `<code>${escapeHtml(grant.userCode)}</code>`],
        ['App', escapeHtml(grant.clientName ?? 'Unnamed client')],
        ['Device', escapeHtml(grant.deviceLabel ?? 'Unnamed device')],
        ['Access', escapeHtml(grant.preset)],
        ['Workspace', escapeHtml(`${deps.tenant.name} (${deps.tenant.slug})`)],
      ]
        .map(([dt, dd]) => `<dt>${dt}</dt><dd>${dd}</dd>`)
        .join('');
      return {
        status: 200,
        html: layout(
          'Approve sign-in',
          `<p>An app is asking for an API key for your Fruxon workspace. Check that the code matches the one in the app.</p>
<dl>${details}</dl>
<form method="post" action="/device/approve"><input type="hidden" name="user_code" value="${escapeHtml(grant.userCode)}"><button type="submit">Approve</button></form>`,
        ),
      };
    },
    approvePage(userCode) {
      if (userCode && this.approve(userCode)) {
        return { status: 200, html: layout('Device approved', '<p>Signed in. You can close this tab and return to the app.</p>') };
      }
      return { status: 400, html: codeForm('That code is unknown, expired or already used. Start the sign-in again from the app.') };
    },
  };
}
