/**
 * The origin of a URL, for every exact-origin comparison (IPC senders S17, navigation S13, the
 * workspace's web console). Origins are compared exactly; prefix checks would let
 * `app://console.evil` or `https://fruxon.com.attacker.com` through.
 */

/**
 * The origin of a URL as scheme://host[:port]. Node's URL gives custom schemes (app://) the
 * opaque origin "null", and "null" must never equal "null", so non-http schemes are built by hand.
 * Null for non-strings, unparsable URLs and URLs without a host (data:, about:blank, blob: …).
 */
export function originOf(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 8192) return null; // '' fails to parse below
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
  if (!parsed.host || parsed.username || parsed.password) return null;
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
}
