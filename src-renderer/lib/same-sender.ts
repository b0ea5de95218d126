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

/** The last digit of an address (as a char code), scanned from the end; -1 without digits. */
function lastDigit(address: string): number {
  for (let i = address.length - 1; i >= 0; i -= 1) {
    const c = address.charCodeAt(i);
    if (c >= 48 && c <= 57) return c;
  }
  return -1;
}

/** The last three digits of an address as a number, -1 with fewer: a second pre-check. */
function lastThreeDigits(address: string): number {
  let value = 0;
  let scale = 1;
  for (let i = address.length - 1; i >= 0 && scale < 1000; i -= 1) {
    const c = address.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value += (c - 48) * scale;
      scale *= 10;
    }
  }
  return scale === 1000 ? value : -1;
}

/** Whether a UTF-16 unit is one String.prototype.trim removes (checked before trimming a row). */
function isSpace(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
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
  const tail3 = phone ? lastThreeDigits(address) : -1;
  const out: T[] = [];
  // One pass over every request on each cursor move with the pane open (100,000 at a time):
  // nothing is allocated for a row until a cheap check says it may match.
  for (const r of requests) {
    if (r.workspaceId !== self.workspaceId || r.id === self.id) continue;
    const raw = r.address;
    // Exactly what main lists under "Earlier requests from this sender"; not repeated here.
    if (raw === self.address && r.integrationConfigId === self.integrationConfigId) continue;
    if (raw === address) {
      out.push(r);
      continue;
    }
    const padded = raw.length > 0 && (isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(raw.length - 1)));
    if (padded && raw.trim() === address) {
      out.push(r);
      continue;
    }
    if (!phone) continue;
    // isSamePhone wants the last 7+ digits equal: compare the last one (most addresses end in
    // a digit), then the last three, before any regular expression runs.
    const end = raw.charCodeAt(raw.length - 1);
    if ((end >= 48 && end <= 57 ? end : lastDigit(raw)) !== tail || lastThreeDigits(raw) !== tail3) continue;
    if (isPhoneProvider(r.provider) && isSamePhone(address, raw.trim())) out.push(r);
  }
  return out.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
