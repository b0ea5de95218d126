/**
 * Deep links `fruxon-console://request/<id>[?workspace=<id>]`, from the OS (macOS `open-url`, or
 * argv on Windows/Linux). Input is untrusted: anything that is not exactly this shape is null.
 */
import type { RequestRef } from '../../../src-shared/contract';

export const DEEP_LINK_SCHEME = 'fruxon-console';
const MAX_LINK_LENGTH = 1000;
/** Request ids are UUIDs today; allow a conservative id alphabet in case that changes. */
const SHAPE = /^fruxon-console:\/\/request\/[^/?#]+\/?(?:\?[^#]*)?$/i;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export interface DeepLink {
  requestId: string;
  /** Null when the link does not say; resolved against the queue by `resolveDeepLinkRef`. */
  workspaceId: string | null;
}

export function isValidLinkId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Parses an untrusted deep link; null for anything else. */
export function parseDeepLink(value: unknown): DeepLink | null {
  if (typeof value !== 'string' || value.length > MAX_LINK_LENGTH) return null;
  // Check the raw shape first: the URL parser would quietly normalise `request/../x` to `/x`.
  if (!SHAPE.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.host.toLowerCase() !== 'request') return null;
  if (url.username || url.password || url.port || url.hash) return null;
  // Some browsers append a slash when they hand a custom-scheme link over; accept exactly one.
  const segments = url.pathname.split('/');
  if (segments[0] !== '' || segments.length < 2 || segments.length > 3) return null;
  if (segments.length === 3 && segments[2] !== '') return null;
  const requestId = segments[1];
  if (!isValidLinkId(requestId)) return null;

  let workspaceId: string | null = null;
  if (url.search) {
    const params = [...url.searchParams];
    if (params.length !== 1 || params[0]?.[0] !== 'workspace' || !isValidLinkId(params[0][1])) return null;
    workspaceId = params[0][1];
  }
  return { requestId, workspaceId };
}

/** The first deep link among command-line arguments (second-instance argv on Windows/Linux). */
export function deepLinkFromArgv(argv: readonly unknown[]): DeepLink | null {
  for (const arg of argv) {
    if (typeof arg === 'string' && arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) {
      const link = parseDeepLink(arg);
      if (link) return link;
    }
  }
  return null;
}

/**
 * Which request a link means: its explicit workspace (when known), else the workspace holding a
 * request with that id, else the only workspace. Null when it cannot be told.
 */
export function resolveDeepLinkRef(
  link: DeepLink,
  requests: readonly { id: string; workspaceId: string }[],
  workspaceIds: readonly string[],
): RequestRef | null {
  if (link.workspaceId !== null) {
    return workspaceIds.includes(link.workspaceId) ? { workspaceId: link.workspaceId, requestId: link.requestId } : null;
  }
  const match = requests.find((r) => r.id === link.requestId);
  if (match) return { workspaceId: match.workspaceId, requestId: link.requestId };
  if (workspaceIds.length === 1 && workspaceIds[0] !== undefined) return { workspaceId: workspaceIds[0], requestId: link.requestId };
  return null;
}
