/**
 * Who may talk to main (S17) and where navigation may go (S13). Origins are compared exactly;
 * prefix checks would let `app://console.evil` or `https://fruxon.com.attacker.com` through
 * (`originOf` is the shared one, src-shared/url-origin.ts).
 */
import { originOf } from '../../../src-shared/url-origin';

/** What the IPC adapter reads synchronously from `event.senderFrame` at the top of a handler. */
export interface SenderFrameInfo {
  url: string;
  isMainFrame: boolean;
  /** False when Electron reported no frame (navigated away or destroyed). */
  hasFrame: boolean;
}

/** True when `url` lives on exactly the app's origin. */
export function isSameAppOrigin(url: unknown, appOrigin: string): boolean {
  const a = originOf(url);
  const b = originOf(appOrigin);
  return a !== null && a === b; // two unparsable URLs are not one origin
}

/** S17: a sender is trusted only with a frame, in the main frame, on the app's origin. */
export function isTrustedSender(frame: SenderFrameInfo | null | undefined, appOrigin: string): boolean {
  if (!frame || !frame.hasFrame || !frame.isMainFrame) return false;
  return isSameAppOrigin(frame.url, appOrigin);
}
