/**
 * Duplicate-sender detection across providers: the same person writing to an agent on WhatsApp
 * and by SMS (or on two connectors of one provider) shows up as unrelated rows. Pure, so the
 * rules are table-tested and the detail pane only renders the answer.
 */
import { isSamePhone } from '../../src-shared/participant-rank';
import type { RequestView } from '../../src-shared/domain';

export type SameSenderRequest = Pick<RequestView, 'id' | 'workspaceId' | 'integrationConfigId' | 'provider' | 'address' | 'createdAt'>;

/**
 * Providers whose addresses are never phone numbers. Telegram's are numeric chat ids that look
 * like phones to isSamePhone, so "same phone" across them would be a false alarm.
 */
const NON_PHONE_PROVIDERS = new Set(['telegram', 'slack', 'teams']);

const isPhoneProvider = (provider: string) => !NON_PHONE_PROVIDERS.has(provider.trim().toLowerCase());

/** The last seven digits of an address as a number, or -1 with fewer: two addresses isSamePhone calls one share them. */
function lastSevenDigits(address: string): number {
  let value = 0;
  let scale = 1;
  for (let i = address.length - 1; i >= 0 && scale < 10_000_000; i -= 1) {
    const c = address.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value += (c - 48) * scale;
      scale *= 10;
    }
  }
  return scale === 10_000_000 ? value : -1;
}

/** Whether a UTF-16 unit is one String.prototype.trim removes. */
function isSpace(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A hash (FNV-1a) of the address as trim() leaves it, without making the trimmed string. */
function trimmedHash(address: string): number {
  let from = 0;
  let to = address.length;
  while (from < to && isSpace(address.charCodeAt(from))) from += 1;
  while (to > from && isSpace(address.charCodeAt(to - 1))) to -= 1;
  let h = 0x811c9dc5;
  for (let i = from; i < to; i += 1) h = Math.imul(h ^ address.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Per row, a hash of its trimmed address and its last seven digits (-1 with fewer), once per
 * requests array (a snapshot never changes its array in place; a new snapshot is a new array):
 * a cursor move then compares two numbers per row and runs the full test only on the few rows
 * that may match. Building it is one pass that allocates nothing per row, about what one scan of
 * the strings cost.
 */
interface SenderKeys {
  hashes: Int32Array;
  tails: Int32Array;
}

const keysByArray = new WeakMap<readonly SameSenderRequest[], SenderKeys>();

function keysFor(requests: readonly SameSenderRequest[]): SenderKeys {
  let keys = keysByArray.get(requests);
  if (keys) return keys;
  keys = { hashes: new Int32Array(requests.length), tails: new Int32Array(requests.length) };
  for (let i = 0; i < requests.length; i += 1) {
    const address = requests[i]!.address;
    keys.hashes[i] = trimmedHash(address);
    keys.tails[i] = lastSevenDigits(address);
  }
  keysByArray.set(requests, keys);
  return keys;
}

/**
 * Other requests in `requests` from the same sender as `self`: same workspace (ids and
 * participants are per tenant), and either the same phone number however it is written (phone
 * providers only), or the exact same address on another connector. The request itself and its
 * same-connector history (same address, same connector: the detail pane's "Earlier requests"
 * list) are left out. Newest first, id as tie-breaker.
 */
export function sameSenderElsewhere<T extends SameSenderRequest>(self: SameSenderRequest, requests: readonly T[]): T[] {
  const address = self.address.trim();
  if (address === '') return [];
  // isSamePhone(a, a) is true exactly when `a` looks like a phone number with enough digits.
  const phone = isPhoneProvider(self.provider) && isSamePhone(address, address);
  const seven = phone ? lastSevenDigits(address) : -1;
  const hash = trimmedHash(address);
  const { hashes, tails } = keysFor(requests);
  const out: T[] = [];
  for (let i = 0; i < requests.length; i += 1) {
    // Only a row with the same trimmed address (same hash) or the same last seven digits can
    // match; the full test below decides.
    if (hashes[i] !== hash && (seven === -1 || tails[i] !== seven)) continue;
    const r = requests[i]!;
    if (r.workspaceId !== self.workspaceId || r.id === self.id) continue;
    const raw = r.address;
    // Exactly what main lists under "Earlier requests from this sender"; not repeated here.
    if (raw === self.address && r.integrationConfigId === self.integrationConfigId) continue;
    const trimmed = raw.trim();
    if (trimmed === address || (phone && isPhoneProvider(r.provider) && isSamePhone(address, trimmed))) out.push(r);
  }
  return out.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
