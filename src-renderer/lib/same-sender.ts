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

/** The last seven digits of an address, or null with fewer: two addresses isSamePhone calls one share them. */
function lastSevenDigits(address: string): string | null {
  let digits = '';
  for (let i = address.length - 1; i >= 0 && digits.length < 7; i -= 1) {
    const c = address.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = address[i]! + digits;
  }
  return digits.length === 7 ? digits : null;
}

/**
 * Where each trimmed address and each seven-digit phone tail occurs in one requests array
 * (positions, in order): a superset of every row sameSenderElsewhere can match, so a cursor
 * move tests a handful of rows instead of all 100,000. Built once per array (a snapshot never
 * changes its array in place; a new snapshot is a new array) and dropped with it.
 */
interface SenderIndex {
  byAddress: Map<string, number | number[]>;
  byTail: Map<string, number | number[]>;
}

const senderIndexes = new WeakMap<readonly SameSenderRequest[], SenderIndex>();

function addTo(map: Map<string, number | number[]>, key: string, at: number): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, at);
  else if (typeof held === 'number') map.set(key, [held, at]);
  else held.push(at);
}

function senderIndexFor(requests: readonly SameSenderRequest[]): SenderIndex {
  let index = senderIndexes.get(requests);
  if (index) return index;
  index = { byAddress: new Map(), byTail: new Map() };
  for (let i = 0; i < requests.length; i += 1) {
    const raw = requests[i]!.address;
    addTo(index.byAddress, raw.trim(), i);
    const tail = lastSevenDigits(raw);
    if (tail !== null) addTo(index.byTail, tail, i);
  }
  senderIndexes.set(requests, index);
  return index;
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
  // Only the rows with the same trimmed address or the same last seven digits can match (the
  // index, once per snapshot array); each is then tested exactly as a scan of every row would.
  const index = senderIndexFor(requests);
  const candidates = new Set<number>();
  const take = (held: number | number[] | undefined) => {
    if (typeof held === 'number') candidates.add(held);
    else if (held) for (const at of held) candidates.add(at);
  };
  take(index.byAddress.get(address));
  const seven = phone ? lastSevenDigits(address) : null;
  if (seven !== null) take(index.byTail.get(seven));
  const out: T[] = [];
  for (const at of [...candidates].sort((a, b) => a - b)) {
    const r = requests[at]!;
    if (r.workspaceId !== self.workspaceId || r.id === self.id) continue;
    const raw = r.address;
    // Exactly what main lists under "Earlier requests from this sender"; not repeated here.
    if (raw === self.address && r.integrationConfigId === self.integrationConfigId) continue;
    const trimmed = raw.trim();
    if (trimmed === address || (phone && isPhoneProvider(r.provider) && isSamePhone(address, trimmed))) out.push(r);
  }
  return out.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
