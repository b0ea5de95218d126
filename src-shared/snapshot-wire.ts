/**
 * How a snapshot's `requests` may travel between the browser host's event stream and the HTTP
 * bridge: as columns (one array per field, repeated values sent once) or as an edit script
 * against the previous snapshot on the same stream. Both ends use these definitions; the bridge
 * always hands the page whole `QueueSnapshot`s.
 */
import type { RequestView } from './domain';

export interface RequestsDelta {
  base: number;
  ops: Array<[number, number] | RequestView>;
}

export interface RequestsColumns {
  keys: string[];
  /** Number of requests; every column has this many cells. */
  count: number;
  /** One array per key: `columns[k][i]` is field `keys[k]` of request `i`. */
  columns: unknown[][];
  /** Column index → its values: that column's cells hold an index into this list. */
  dicts?: Record<string, unknown[]>;
}

/** Every field of a RequestView, in wire order (the type check below keeps the list complete). */
export const REQUEST_VIEW_KEYS = [
  'id',
  'workspaceId',
  'integrationConfigId',
  'provider',
  'address',
  'agentId',
  'matchedParticipantId',
  'displayName',
  'conversationName',
  'status',
  'rawStatus',
  'processedBy',
  'processedAt',
  'processingNote',
  'approvedParticipantId',
  'createdAt',
  'modifiedAt',
  'agentName',
  'connectorName',
  'processedByName',
  'canDecide',
  'readOnlyReason',
  'matchedParticipantName',
  'approvedParticipantName',
  'approveMode',
] as const satisfies ReadonlyArray<keyof RequestView>;
type MissingKeys = Exclude<keyof RequestView, (typeof REQUEST_VIEW_KEYS)[number]>;
const KEYS_COMPLETE: [MissingKeys] extends [never] ? true : MissingKeys = true;
void KEYS_COMPLETE;
