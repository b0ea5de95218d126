/**
 * Pure parsers from untrusted JSON (`unknown`) to domain objects. They never throw, read only
 * own properties, and always build fresh objects, so unknown fields (including `__proto__`,
 * F6) are never copied. A row without a usable id is dropped and counted (F5); anything else
 * odd is repaired: unknown status → UNKNOWN (F4), bad timestamps → null (F12).
 */
import { decidedAtOf, isDecided, type AccessRequest, type DecidedCounts, type DecidedStatus, type Participant, type ParticipantChannel, type RequestStatus } from '../../../src-shared/domain';

type Json = Record<string, unknown>;

/** Longest string kept from the server; protects memory and layout without dropping the row. */
const MAX_TEXT = 10_000;
/** Anything above this is not a plausible epoch-ms date (Date's own limit). */
const MAX_EPOCH_MS = 8.64e15;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only: a polluted prototype can never supply a value. */
function own(obj: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/**
 * A memory cap, in UTF-16 code units (a grapheme cap would not bound memory: one grapheme can
 * carry any number of combining marks). It never leaves half of a surrogate pair; how much of a
 * text is *shown* is capped in graphemes where it is shown (src-shared/text-safety.ts).
 */
function cap(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const last = text.charCodeAt(MAX_TEXT - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_TEXT - 1 : MAX_TEXT);
}

/** A non-empty string id, or null. Numbers are not ids (F5: `id: 123` is dropped). */
function idOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > 200 ? null : trimmed;
}

/** A display text: trimmed, '' when missing. Finite numbers become text (numeric Telegram ids). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return cap(value.trim());
  // Number.isFinite is false for anything that is not a number (it does not convert).
  if (Number.isFinite(value)) return String(value);
  return '';
}

function optionalTextOf(value: unknown): string | null {
  const text = textOf(value);
  return text === '' ? null : text;
}

/**
 * Epoch ms from a server timestamp (F12). Values below 1e11 are seconds. 0, negatives, NaN,
 * non-numeric strings and absurdly large values are unknown (null). Digit-only strings are
 * accepted because some gateways serialise int64 as strings; ISO dates are accepted as well.
 */
export function toTimestamp(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d{1,16}(\.\d+)?\s*$/.test(value)) n = Number(value);
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value.trim())) n = Date.parse(value.trim());
  else return null;
  if (!Number.isFinite(n)) return null;
  // Zero and negatives end up at or below 0 ms, which the bound below refuses.
  const ms = Math.round(n < 1e11 ? n * 1000 : n);
  return ms <= 0 || ms > MAX_EPOCH_MS ? null : ms;
}

/** True for values toTimestamp can read or that mean "no time" (absent, null, a number). */
function isTimestampShaped(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'number') return true;
  return toTimestamp(value) !== null;
}

const KNOWN_STATUSES: readonly RequestStatus[] = ['PENDING', 'APPROVED', 'REJECTED'];

/** Case-insensitive status (F4): `Pending`, `pending`, `PENDING` → PENDING; anything else → UNKNOWN. */
export function toStatus(raw: unknown): { status: RequestStatus; rawStatus: string } {
  const rawStatus = typeof raw === 'string' ? cap(raw) : typeof raw === 'number' ? String(raw) : '';
  const upper = rawStatus.trim().toUpperCase();
  const status = (KNOWN_STATUSES as readonly string[]).includes(upper) ? (upper as RequestStatus) : 'UNKNOWN';
  return { status, rawStatus };
}

/** One access request row (fruxon-api.md §3.1), or null when it has no usable id (F5). */
export function toAccessRequest(raw: unknown, workspaceId: string): AccessRequest | null {
  if (!isObject(raw)) return null;
  const id = idOf(own(raw, 'id'));
  if (id === null) return null;
  // F5: a createdAt of the wrong type (e.g. "yesterday") marks a malformed row; F12 values
  // (0, negative, null, seconds) are tolerated and shown as "unknown" or converted.
  if (!isTimestampShaped(own(raw, 'createdAt'))) return null;
  const { status, rawStatus } = toStatus(own(raw, 'status'));
  return {
    id,
    workspaceId,
    integrationConfigId: idOf(own(raw, 'integrationConfigId')),
    provider: textOf(own(raw, 'provider')).toLowerCase(),
    address: textOf(own(raw, 'address')),
    agentId: textOf(own(raw, 'agentId')),
    matchedParticipantId: idOf(own(raw, 'matchedParticipantId')),
    displayName: textOf(own(raw, 'displayName')),
    conversationName: textOf(own(raw, 'conversationName')),
    status,
    rawStatus,
    processedBy: optionalTextOf(own(raw, 'processedBy')),
    processedAt: toTimestamp(own(raw, 'processedAt')),
    processingNote: optionalTextOf(own(raw, 'processingNote')),
    approvedParticipantId: idOf(own(raw, 'approvedParticipantId')),
    createdAt: toTimestamp(own(raw, 'createdAt')),
    modifiedAt: toTimestamp(own(raw, 'modifiedAt')),
  };
}

/** Parsed list body: valid rows (deduped), how many items were unusable, and the next page token. */
export interface ParsedList<T> {
  rows: T[];
  dropped: number;
  nextPageToken: string | null;
}

/**
 * The items of a list body, tolerating both a bare array (today) and `{items, nextPageToken}`
 * (F7). Returns null when the body is neither: the caller reports an invalid response and
 * never treats it as an empty list (F3).
 */
export function listItemsOf(body: unknown): { items: unknown[]; nextPageToken: string | null } | null {
  if (Array.isArray(body)) return { items: body, nextPageToken: null };
  if (!isObject(body)) return null;
  const items = own(body, 'items');
  if (!Array.isArray(items)) return null;
  const token = own(body, 'nextPageToken');
  return { items, nextPageToken: typeof token === 'string' && token.trim() !== '' ? token : null };
}

/** Newer of two rows by modifiedAt; a row with a timestamp beats one without; ties keep the first. */
function newer(a: AccessRequest, b: AccessRequest): AccessRequest {
  if (b.modifiedAt === null) return a;
  if (a.modifiedAt === null) return b;
  return b.modifiedAt > a.modifiedAt ? b : a;
}

/** What a RequestCollector ends with. */
export interface CollectedRequests {
  /** Valid rows, one per id (newest modifiedAt, F8), in order of first appearance. */
  rows: AccessRequest[];
  /** Items that were not usable rows (F5). */
  dropped: number;
  /** Decided rows left out because `decidedLimit` keeps only the newest ones, by status. */
  decidedOmitted: DecidedCounts;
}

/** Validates list items one by one as they arrive, keeping only what the caller will keep. */
export interface RequestCollector {
  /** One raw item: validated at once, then kept (deduped) or counted as dropped. False when dropped. */
  add(raw: unknown): boolean;
  result(): CollectedRequests;
  /** Rows held right now (the memory the list costs while it streams in). */
  held(): number;
  /** Rows held right now that are not decided (the pending queue, in a pending list). */
  live(): number;
  /** Rows added that were new to the list when they came (a row repeated on another page counts once). */
  fresh(): number;
}

/**
 * Collects the rows of a list as they stream in (F5, F8, F9). With `decidedLimit`, at most
 * that many APPROVED/REJECTED rows are kept (the newest by `decidedAtOf`); pending and other rows
 * are always kept. Memory stays proportional to the rows kept: decided rows are pruned
 * whenever they reach twice the limit.
 */
export function createRequestCollector(workspaceId: string, opts: { decidedLimit?: number } = {}): RequestCollector {
  const limit = opts.decidedLimit !== undefined && Number.isFinite(opts.decidedLimit) ? Math.max(0, Math.floor(opts.decidedLimit)) : Infinity;
  const byId = new Map<string, AccessRequest>();
  let decided = 0;
  let dropped = 0;
  const decidedOmitted: DecidedCounts = { APPROVED: 0, REJECTED: 0 };
  let fresh = 0;
  // The oldest decided row kept by the last prune: a decided row older than it would be pruned
  // again, so it is left out at once and is not new to the list (a server repeating pruned pages
  // under new tokens would otherwise bring "new" rows for ever).
  let cutoff: { at: number; id: string } | null = null;
  const olderThanCutoff = (row: AccessRequest) => {
    if (cutoff === null) return false;
    const at = decidedAtOf(row);
    return at < cutoff.at || (at === cutoff.at && row.id > cutoff.id);
  };

  function prune(): void {
    const rows: AccessRequest[] = [];
    for (const row of byId.values()) if (isDecided(row.status)) rows.push(row);
    if (rows.length <= limit) return;
    // Ids are unique here (the rows come from one map), so a tie on the time never needs a 0.
    rows.sort((a, b) => decidedAtOf(b) - decidedAtOf(a) || (a.id < b.id ? -1 : 1));
    for (let i = limit; i < rows.length; i += 1) {
      const row = rows[i]!;
      byId.delete(row.id);
      decidedOmitted[row.status as DecidedStatus] += 1;
    }
    decided = limit;
    const last = rows[limit - 1];
    cutoff = last ? { at: decidedAtOf(last), id: last.id } : { at: Number.POSITIVE_INFINITY, id: '' };
  }

  return {
    add(raw) {
      const row = toAccessRequest(raw, workspaceId);
      if (row === null) {
        dropped += 1;
        return false;
      }
      const seen = byId.get(row.id);
      if (seen === undefined && isDecided(row.status) && olderThanCutoff(row)) {
        decidedOmitted[row.status as DecidedStatus] += 1;
        return true;
      }
      if (seen === undefined) fresh += 1;
      const kept = seen === undefined ? row : newer(seen, row);
      if (kept === seen) return true;
      decided += Number(isDecided(row.status)) - Number(seen !== undefined && isDecided(seen.status));
      byId.set(row.id, kept);
      if (decided >= 2 * limit && decided > 0) prune();
      return true;
    },
    result() {
      if (decided > limit) prune();
      return { rows: [...byId.values()], dropped, decidedOmitted: { ...decidedOmitted } };
    },
    held: () => byId.size,
    live: () => byId.size - decided,
    fresh: () => fresh,
  };
}

/** A whole access-request list body (F5, F7, F8). Null when the body is not a list at all. */
export function parseListBody(body: unknown, workspaceId: string): ParsedList<AccessRequest> | null {
  const list = listItemsOf(body);
  if (list === null) return null;
  const collector = createRequestCollector(workspaceId);
  for (const item of list.items) collector.add(item);
  const { rows, dropped } = collector.result();
  return { rows, dropped, nextPageToken: list.nextPageToken };
}

function toChannel(raw: unknown): ParticipantChannel | null {
  if (!isObject(raw)) return null;
  const address = textOf(own(raw, 'address'));
  if (address === '') return null;
  return { integrationConfigId: idOf(own(raw, 'integrationConfigId')), address, label: optionalTextOf(own(raw, 'label')) };
}

function stringList(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  for (const item of raw) {
    const id = idOf(item);
    if (id !== null && !out.includes(id)) out.push(id);
  }
  return out;
}

/** A participant (fruxon-api.md §6.2), or null without an id. Channels without an address are skipped. */
export function toParticipant(raw: unknown, workspaceId: string): Participant | null {
  if (!isObject(raw)) return null;
  const id = idOf(own(raw, 'id'));
  if (id === null) return null;
  // F5: a createdAt of the wrong type (e.g. "yesterday") marks a malformed row; F12 values
  // (0, negative, null, seconds) are tolerated and shown as "unknown" or converted.
  if (!isTimestampShaped(own(raw, 'createdAt'))) return null;
  const channelsRaw = own(raw, 'channels');
  const channels: ParticipantChannel[] = [];
  if (Array.isArray(channelsRaw)) {
    for (const c of channelsRaw) {
      const channel = toChannel(c);
      if (channel !== null) channels.push(channel);
    }
  }
  return {
    id,
    workspaceId,
    kind: textOf(own(raw, 'kind')).toUpperCase() || 'UNSPECIFIED',
    displayName: textOf(own(raw, 'displayName')),
    email: optionalTextOf(own(raw, 'email')),
    channels,
    agentIds: stringList(own(raw, 'agentIds')),
  };
}

/** Parses every item of a list body with `parse`, deduping by id (first wins) and counting drops. */
export function parseListWith<T extends { id: string }>(body: unknown, parse: (raw: unknown) => T | null): ParsedList<T> | null {
  const list = listItemsOf(body);
  if (list === null) return null;
  const rows: T[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const item of list.items) {
    const row = parse(item);
    if (row === null) dropped += 1;
    else if (!seen.has(row.id)) {
      seen.add(row.id);
      rows.push(row);
    }
  }
  return { rows, dropped, nextPageToken: list.nextPageToken };
}

export interface AgentSummary {
  id: string;
  /** Trimmed display name; '' when the server sent none (the caller shows the id). */
  displayName: string;
}

/** An agent (fruxon-api.md §6.1), reduced to what the console shows. */
export function toAgent(raw: unknown): AgentSummary | null {
  if (!isObject(raw)) return null;
  const id = idOf(own(raw, 'id'));
  if (id === null) return null;
  // F5: a createdAt of the wrong type (e.g. "yesterday") marks a malformed row; F12 values
  // (0, negative, null, seconds) are tolerated and shown as "unknown" or converted.
  if (!isTimestampShaped(own(raw, 'createdAt'))) return null;
  return { id, displayName: textOf(own(raw, 'displayName')) };
}

/** The collaborator roles fruxon-api.md lists; anything else is kept as UNSPECIFIED. */
const COLLABORATOR_ROLES = ['VIEWER', 'EDITOR', 'ADMIN'] as const;
export type CollaboratorRole = (typeof COLLABORATOR_ROLES)[number] | 'UNSPECIFIED';

export interface CollaboratorSummary {
  /** The user's id (the list's rows are one per user). */
  id: string;
  role: CollaboratorRole;
}

/** One agent collaborator (fruxon-api.md §6.1, `agents/{agent}/collaborators`): who has which role. */
export function toCollaborator(raw: unknown): CollaboratorSummary | null {
  if (!isObject(raw)) return null;
  const id = idOf(own(raw, 'userId'));
  if (id === null) return null;
  const role = own(raw, 'role');
  const known = COLLABORATOR_ROLES.find((r) => typeof role === 'string' && role.trim().toUpperCase() === r);
  return { id, role: known ?? 'UNSPECIFIED' };
}

export interface IntegrationSummary {
  id: string;
  displayName: string;
  type: string | null;
}

/** An integration (fruxon-api.md §6.3). */
export function toIntegration(raw: unknown): IntegrationSummary | null {
  if (!isObject(raw)) return null;
  const id = idOf(own(raw, 'id'));
  if (id === null) return null;
  // F5: a createdAt of the wrong type (e.g. "yesterday") marks a malformed row; F12 values
  // (0, negative, null, seconds) are tolerated and shown as "unknown" or converted.
  if (!isTimestampShaped(own(raw, 'createdAt'))) return null;
  return { id, displayName: textOf(own(raw, 'displayName')), type: optionalTextOf(own(raw, 'type')) };
}

export interface ConfigSummary {
  id: string;
  integrationId: string;
  displayName: string;
}

/** An integration config; `integrationId` falls back to the integration it was listed under. */
export function toConfig(raw: unknown, integrationId: string): ConfigSummary | null {
  if (!isObject(raw)) return null;
  const id = idOf(own(raw, 'id'));
  if (id === null) return null;
  // F5: a createdAt of the wrong type (e.g. "yesterday") marks a malformed row; F12 values
  // (0, negative, null, seconds) are tolerated and shown as "unknown" or converted.
  if (!isTimestampShaped(own(raw, 'createdAt'))) return null;
  return { id, integrationId: idOf(own(raw, 'integrationId')) ?? integrationId, displayName: textOf(own(raw, 'displayName')) };
}

export interface UserSummary {
  id: string;
  /** "First Last", else the username, else the email, else ''. */
  displayName: string;
  email: string | null;
}

/** A workspace user (fruxon-api.md §6.7), used to name `processedBy`. */
export function toUser(raw: unknown): UserSummary | null {
  if (!isObject(raw)) return null;
  const id = idOf(own(raw, 'id'));
  if (id === null) return null;
  // F5: a createdAt of the wrong type (e.g. "yesterday") marks a malformed row; F12 values
  // (0, negative, null, seconds) are tolerated and shown as "unknown" or converted.
  if (!isTimestampShaped(own(raw, 'createdAt'))) return null;
  const email = optionalTextOf(own(raw, 'email'));
  const full = [textOf(own(raw, 'firstName')), textOf(own(raw, 'lastName'))].filter((s) => s !== '').join(' ');
  const displayName = full || textOf(own(raw, 'displayName')) || textOf(own(raw, 'username')) || email || '';
  return { id, displayName, email };
}

export interface AuthHealth {
  userId: string | null;
  email: string | null;
  apiKeyName: string | null;
  apiKeyExpiresAt: number | null;
}

/** The auth/health body (fruxon-api.md §5.6). Null when the body is not an object. */
export function toAuthHealth(raw: unknown): AuthHealth | null {
  if (!isObject(raw)) return null;
  return {
    userId: idOf(own(raw, 'userId')),
    email: optionalTextOf(own(raw, 'email')),
    apiKeyName: optionalTextOf(own(raw, 'apiKeyName')),
    apiKeyExpiresAt: toTimestamp(own(raw, 'apiKeyExpiresAt')),
  };
}

export interface DeviceStart {
  deviceCode: string;
  userCode: string;
  verificationUrl: string;
  expiresInSeconds: number;
  pollIntervalSeconds: number;
}

function positiveInt(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** The device-authorization start answer (fruxon-api.md §5.3). Null when a required field is missing. */
export function toDeviceStart(raw: unknown): DeviceStart | null {
  if (!isObject(raw)) return null;
  const deviceCode = own(raw, 'deviceCode');
  const userCode = own(raw, 'userCode');
  const verificationUrl = own(raw, 'verificationUrl') ?? own(raw, 'verificationUri');
  if (typeof deviceCode !== 'string' || deviceCode === '' || deviceCode.length > 1000) return null;
  if (typeof userCode !== 'string' || userCode.trim() === '' || userCode.length > 100) return null;
  if (typeof verificationUrl !== 'string' || verificationUrl.trim() === '' || verificationUrl.length > 2000) return null;
  return {
    deviceCode,
    userCode: userCode.trim(),
    verificationUrl: verificationUrl.trim(),
    expiresInSeconds: positiveInt(own(raw, 'expiresInSeconds'), 600, 1, 3600),
    // Never faster than once a second, whatever the server says.
    pollIntervalSeconds: positiveInt(own(raw, 'pollIntervalSeconds'), 5, 1, 60),
  };
}

export interface DeviceApproved {
  apiKey: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
}

/** The device-authorization poll 200 body. Null without an API key or tenant. */
export function toDeviceApproved(raw: unknown): DeviceApproved | null {
  if (!isObject(raw)) return null;
  const apiKey = own(raw, 'apiKey');
  if (typeof apiKey !== 'string' || apiKey.trim() === '' || apiKey.length > 4000) return null;
  const tenantSlug = idOf(own(raw, 'tenantSlug'));
  // Either id stands in for the other.
  const tenantId = idOf(own(raw, 'tenantId')) ?? tenantSlug;
  if (tenantId === null) return null;
  const slug = tenantSlug ?? tenantId;
  return { apiKey: apiKey.trim(), tenantId, tenantSlug: slug, tenantName: textOf(own(raw, 'tenantName')) || slug };
}
