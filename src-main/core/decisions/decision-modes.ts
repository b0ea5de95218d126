/**
 * How this console approved requests. The API's request row does not say which mode an approval
 * used (fruxon-api.md §3.1 has no `mode` field), so the console remembers the mode of every
 * approval it sent and the server confirmed as applied, per workspace and request id. Persisted
 * in the data store so it survives a restart; bounded, oldest first out. Approvals made anywhere
 * else (the web panel, another console) are not here: the renderer can only infer theirs.
 */
import { APPROVE_MODES, type ApproveMode } from '../../../src-shared/domain';
import { silentLogger, type KeyValueStore, type Logger } from '../ports';

export const DECISION_MODES_KEY = 'approval-modes';
/** Entries kept (about 200 kB): weeks of a support team's approvals. */
export const DECISION_MODES_MAX = 2000;

export interface DecisionModes {
  get(workspaceId: string, requestId: string): ApproveMode | null;
  remember(workspaceId: string, requestId: string, mode: ApproveMode): void;
  /** Bumped by every `remember`, so views built with `get` know to look again. */
  revision(): number;
}

const keyOf = (workspaceId: string, requestId: string) => `${workspaceId}/${requestId}`;
const isMode = (v: unknown): v is ApproveMode => typeof v === 'string' && (APPROVE_MODES as readonly string[]).includes(v);

/** Creates the store of approval modes, loading what an earlier run saved (anything malformed is ignored). */
export function createDecisionModes(deps: { dataStore: KeyValueStore; log?: Logger; max?: number }): DecisionModes {
  const log = deps.log ?? silentLogger;
  const max = deps.max ?? DECISION_MODES_MAX;
  // Insertion order is age order: a Map deletes its oldest entry first.
  const modes = new Map<string, ApproveMode>();
  let revision = 0;
  const loaded = deps.dataStore.read(DECISION_MODES_KEY);
  if (loaded.ok && loaded.value !== null && typeof loaded.value === 'object') {
    const entries = (loaded.value as { entries?: unknown }).entries;
    if (Array.isArray(entries)) {
      const valid = entries.filter((e): e is [string, ApproveMode] => Array.isArray(e) && typeof e[0] === 'string' && e[0].length <= 500 && isMode(e[1]));
      for (const [key, mode] of valid.slice(-max)) modes.set(key, mode);
    }
  }

  return {
    get: (workspaceId, requestId) => modes.get(keyOf(workspaceId, requestId)) ?? null,
    revision: () => revision,
    remember(workspaceId, requestId, mode) {
      const key = keyOf(workspaceId, requestId);
      revision += 1;
      modes.delete(key);
      modes.set(key, mode);
      while (modes.size > max) modes.delete(modes.keys().next().value!);
      const res = deps.dataStore.write(DECISION_MODES_KEY, { version: 1, entries: [...modes.entries()] });
      if (!res.ok) log.warn('could not save approval modes', { code: res.error.code });
    },
  };
}
