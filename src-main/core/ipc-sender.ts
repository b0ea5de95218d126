/**
 * Who may talk to main (S17) and where navigation may go (S13). Origins are compared exactly;
 * prefix checks would let `app://console.evil` or `https://fruxon.com.attacker.com` through.
 */

/** What the IPC adapter reads synchronously from `event.senderFrame` at the top of a handler. */
export interface SenderFrameInfo {
  url: string;
  isMainFrame: boolean;
  /** False when Electron reported no frame (navigated away or destroyed). */
  hasFrame: boolean;
}

/**
 * The origin of a URL as scheme://host[:port]. Node's URL gives custom schemes (app://) the
 * opaque origin "null", and "null" must never equal "null", so non-http schemes are built by hand.
 * Null for unparsable URLs and for URLs without a host (data:, about:blank, blob: …).
 */
export function originOf(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
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

/** True when `url` lives on exactly the app's origin. */
export function isSameAppOrigin(url: unknown, appOrigin: string): boolean {
  const a = originOf(url);
  const b = originOf(appOrigin);
  return a !== null && b !== null && a === b;
}

/** S17: a sender is trusted only with a frame, in the main frame, on the app's origin. */
export function isTrustedSender(frame: SenderFrameInfo | null | undefined, appOrigin: string): boolean {
  if (!frame || !frame.hasFrame || !frame.isMainFrame) return false;
  return isSameAppOrigin(frame.url, appOrigin);
}
