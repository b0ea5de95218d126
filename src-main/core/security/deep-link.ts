/**
 * Deep links `fruxon-console://request/<id>[?workspace=<id>]`, from the OS (macOS `open-url`, or
 * argv on Windows/Linux). Input is untrusted: anything that is not exactly this shape is null.
 */
import type { RequestRef } from '../../../src-shared/contract';

export const DEEP_LINK_SCHEME = 'fruxon-console';
const PREFIX = `${DEEP_LINK_SCHEME}://request/`;
/** Request ids are UUIDs today; allow a conservative id alphabet in case that changes. */
const ID = '[A-Za-z0-9][A-Za-z0-9_-]{0,127}';
/**
 * What may follow the prefix: the id, one optional trailing slash (some browsers append it when
 * they hand a custom-scheme link over), and at most the one `workspace` parameter. The whole link
 * is this grammar and nothing else: no URL parser runs, so nothing is normalised (`request/../x`),
 * decoded (`%2F`) or set aside (credentials, ports, fragments, other parameters) on the way.
 */
const REST = new RegExp(`^(${ID})/?(?:\\?workspace=(${ID}))?$`);

export interface DeepLink {
  requestId: string;
  /** Null when the link does not say; resolved against the queue by `resolveDeepLinkRef`. */
  workspaceId: string | null;
}

/** Parses an untrusted deep link; null for anything else. Scheme and host are case-insensitive. */
export function parseDeepLink(value: unknown): DeepLink | null {
  if (typeof value !== 'string' || value.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return null;
  const match = REST.exec(value.slice(PREFIX.length));
  if (!match?.[1]) return null;
  return { requestId: match[1], workspaceId: match[2] ?? null };
}

/** The first deep link among command-line arguments (second-instance argv on Windows/Linux). */
export function deepLinkFromArgv(argv: readonly unknown[]): DeepLink | null {
  for (const arg of argv) {
    const link = parseDeepLink(arg);
    if (link) return link;
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
