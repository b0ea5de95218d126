/**
 * `app:open-external`: opens a link in the browser only when it is a Fruxon page (the allowlist,
 * plus the web origins of signed-in workspaces) or the exact verification page of the device
 * sign-in waiting now (on the API server's site).
 */
import type { DeviceFlowView, InvokeHandlers } from '../../../src-shared/contract';
import { fail, ok } from '../../../src-shared/domain';
import { originOf } from '../../../src-shared/url-origin';
import { isVerificationSiteAllowed } from '../accounts/device-flow';
import { isAllowedExternalUrl } from './external-url';
import type { Logger } from '../ports';

export interface OpenExternalDeps {
  /** The web URLs of the workspaces (their origins are allowed). */
  webUrls(): Array<string | null>;
  deviceFlow(): DeviceFlowView;
  openExternal(url: string): Promise<void>;
  log: Logger;
}

/** Creates the `app:open-external` handler. */
export function createOpenExternal(deps: OpenExternalDeps): InvokeHandlers['app:open-external'] {
  const extraOrigins = () => [...new Set(deps.webUrls().map(originOf).filter((o): o is string => o !== null))];

  /** The one extra URL accepted: the exact verification page of the flow waiting now. */
  function isWaitingVerificationUrl(url: string): boolean {
    const flow = deps.deviceFlow();
    return flow.state === 'waiting' && flow.verificationUrl === url && isVerificationSiteAllowed(url, flow.baseUrl);
  }

  return async ({ url }) => {
    if (!isAllowedExternalUrl(url, { extraOrigins: extraOrigins() }) && !isWaitingVerificationUrl(url)) {
      return fail('bad-input', 'That link cannot be opened: only Fruxon web pages are allowed.');
    }
    try {
      await deps.openExternal(url);
      return ok(null);
    } catch (err) {
      deps.log.warn('openExternal failed', { err: String(err) });
      return fail('internal', 'The link could not be opened in the browser.');
    }
  };
}
