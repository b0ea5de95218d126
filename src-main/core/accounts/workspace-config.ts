/**
 * Where workspaces come from (configuration): the environment (FRUXON_API_URL, FRUXON_TENANT,
 * FRUXON_TOKEN: headless), else the persisted list (metadata in the data store; tokens live in
 * the vault), else the demo. Validated on read: a bad entry is skipped, an unreadable list is
 * quarantined and the console starts without it.
 */
import type { AppError } from '../../../src-shared/domain';
import { parseBaseUrl } from '../api/base-url';
import { silentLogger, type KeyValueStore, type Logger } from '../ports';

export const WORKSPACES_KEY = 'workspaces';
export const DEMO_WORKSPACE_ID = 'demo';
export const ENV_WORKSPACE_ID = 'env';
export const DEMO_LABEL = 'Demo workspace';

/** Non-secret description of a workspace, as persisted. */
export interface WorkspaceMeta {
  id: string;
  label: string;
  baseUrl: string;
  tenant: string;
  webUrl: string | null;
}

/** The persisted list, validated: entries without a usable id, tenant or base URL are skipped; null when unreadable. */
export function parseMetas(value: unknown): WorkspaceMeta[] | null {
  if (value === undefined) return [];
  const list = (value as { workspaces?: unknown } | null)?.workspaces;
  if (!Array.isArray(list)) return null;
  const out: WorkspaceMeta[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const m = item as Record<string, unknown>;
    if (typeof m.id !== 'string' || typeof m.tenant !== 'string' || typeof m.baseUrl !== 'string') continue;
    const base = parseBaseUrl(m.baseUrl);
    if (!base.ok || m.id === '' || m.tenant.trim() === '') continue;
    out.push({
      id: m.id,
      label: typeof m.label === 'string' && m.label.trim() !== '' ? m.label : m.tenant,
      baseUrl: base.value,
      tenant: m.tenant,
      webUrl: typeof m.webUrl === 'string' ? m.webUrl : null,
    });
  }
  return out;
}

/** The persisted workspace list. */
export interface WorkspaceConfig {
  read(): WorkspaceMeta[];
  persist(meta: WorkspaceMeta): void;
  forget(id: string): void;
}

/** Creates the persisted list over the data store. */
export function createWorkspaceConfig(deps: { dataStore: KeyValueStore; log?: Logger }): WorkspaceConfig {
  const log = deps.log ?? silentLogger;
  function readMetas(): WorkspaceMeta[] {
    const res = deps.dataStore.read(WORKSPACES_KEY);
    const metas = res.ok ? parseMetas(res.value) : null;
    if (metas) return metas;
    log.warn('workspace list unreadable, starting without it');
    deps.dataStore.quarantine?.(WORKSPACES_KEY);
    return [];
  }

  function writeMetas(metas: WorkspaceMeta[]): void {
    const res = deps.dataStore.write(WORKSPACES_KEY, { version: 1, workspaces: metas });
    if (!res.ok) log.warn('workspace list not saved', { reason: res.error.message });
  }

  function persistMeta(meta: WorkspaceMeta): void {
    const metas = readMetas().filter((m) => m.id !== meta.id);
    metas.push(meta);
    writeMetas(metas);
  }

  function forgetMeta(id: string): void {
    const metas = readMetas();
    if (metas.some((m) => m.id === id)) writeMetas(metas.filter((m) => m.id !== id));
  }

  return { read: readMetas, persist: persistMeta, forget: forgetMeta };
}

/** The environment's workspace: its description, its token, or why it cannot run. Null when the environment names none. */
export function envWorkspace(env: Record<string, string | undefined>): { meta: WorkspaceMeta; token: string | null; configError: AppError | null } | null {
  const url = env.FRUXON_API_URL;
  const tenant = env.FRUXON_TENANT;
  const token = env.FRUXON_TOKEN;
  if (url === undefined && tenant === undefined && token === undefined) return null;
  const base = parseBaseUrl(url ?? '');
  const meta: WorkspaceMeta = {
    id: ENV_WORKSPACE_ID,
    label: tenant ? `${tenant} (environment)` : 'Environment workspace',
    baseUrl: base.ok ? base.value : (url ?? ''),
    tenant: tenant ?? '',
    webUrl: null,
  };
  let configError: AppError | null = null;
  if (!base.ok) configError = { code: 'bad-input', message: `FRUXON_API_URL is not usable: ${base.error.message}` };
  else if (!tenant || tenant.trim() === '') configError = { code: 'bad-input', message: 'FRUXON_TENANT must be set together with FRUXON_API_URL.' };
  else if (!token || token.trim() === '') configError = { code: 'bad-input', message: 'FRUXON_TOKEN must be set together with FRUXON_API_URL.' };
  return { meta, token: configError ? null : token!.trim(), configError };
}
