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

/** The last digit of an address, scanned from the end (a cheap pre-check before isSamePhone). */
function lastDigit(address: string): number {
  for (let i = address.length - 1; i >= 0; i -= 1) {
    const c = address.charCodeAt(i);
    if (c >= 48 && c <= 57) return c;
  }
  return -1;
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
  const tail = phone ? lastDigit(address) : -1;
  const out: T[] = [];
  for (const r of requests) {
    if (r.workspaceId !== self.workspaceId || r.id === self.id) continue;
    // Exactly what main lists under "Earlier requests from this sender"; not repeated here.
    if (r.address === self.address && r.integrationConfigId === self.integrationConfigId) continue;
    const other = r.address.trim();
    if (other === address || (phone && lastDigit(other) === tail && isPhoneProvider(r.provider) && isSamePhone(address, other))) out.push(r);
  }
  return out.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
