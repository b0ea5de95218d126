/**
 * What a sign-in with a token needs before it replaces anything: the base URL and tenant
 * checked, the token tried against auth/health (401 and 403 in the operator's words), and the
 * token stored in the vault; when the vault cannot keep it, the sign-in holds for this session
 * and says so.
 */
import { randomUUID } from 'node:crypto';
import { fail, ok, type Result, type WorkspaceStatus } from '../../../src-shared/domain';
import { parseBaseUrl } from '../api/base-url';
import { createApiClient, type AuthHealthResult } from '../api/client';
import type { WorkspaceMeta } from './workspace-config';
import type { SignInInput, WorkspacesDeps } from './workspaces';

export interface CheckedSignIn {
  meta: WorkspaceMeta;
  token: string;
  health: AuthHealthResult;
  credential: WorkspaceStatus['credential'];
  credentialNotice: string | null;
}

export type SignInDeps = Pick<WorkspacesDeps, 'fetch' | 'secrets' | 'now' | 'api' | 'vault'>;

/**
 * Checks and stores a sign-in. `existing` finds the workspace already watched at that base URL
 * and tenant (not the demo): a sign-in there keeps its id, label and web URL.
 */
export async function checkSignIn(input: SignInInput, existing: (baseUrl: string, tenant: string) => WorkspaceMeta | undefined, deps: SignInDeps): Promise<Result<CheckedSignIn>> {
  const base = parseBaseUrl(input.baseUrl);
  if (!base.ok) return base;
  const tenant = input.tenant.trim();
  if (tenant === '') return fail('bad-input', 'Enter the workspace (tenant) name.');
  if (/\s/.test(tenant)) return fail('bad-input', 'A workspace (tenant) name has no spaces.');
  const token = input.token.trim();
  const known = existing(base.value, tenant);
  const id = known?.id ?? `ws-${randomUUID()}`;

  const probe = createApiClient({ baseUrl: base.value, tenant, token, workspaceId: id, fetch: deps.fetch, secrets: deps.secrets, now: deps.now, ...deps.api });
  const health = await probe.authHealth();
  if (!health.ok) {
    const e = health.error;
    if (e.code === 'unauthorized') return fail('unauthorized', 'The token was rejected by the server (401). Check that it is correct and not revoked.', { status: 401 });
    if (e.code === 'forbidden') return fail('forbidden', `This token is not valid for the workspace "${tenant}".`, { status: 403 });
    return fail(e.code, `Could not check the token: ${e.message}`, e.status !== undefined ? { status: e.status } : {});
  }

  const meta: WorkspaceMeta = {
    id,
    label: input.label?.trim() || known?.label || tenant,
    baseUrl: base.value,
    tenant,
    webUrl: input.webUrl ?? known?.webUrl ?? null,
  };
  let credential: WorkspaceStatus['credential'] = 'session-only';
  let credentialNotice: string | null = null;
  const kind = await deps.vault.kind().catch(() => 'session-only' as const);
  const stored = await deps.vault.set(id, token).catch((err: unknown) => fail<null>('internal', String(err)));
  if (kind === 'persisted' && stored.ok) credential = 'persisted';
  else if (kind === 'persisted' && !stored.ok) {
    credentialNotice = `The token could not be stored securely (${stored.error.message}); you are signed in for this session only.`;
  } else credentialNotice = deps.vault.notice();
  return ok({ meta, token, health: health.value, credential, credentialNotice });
}
