import type { WorkspaceStatus } from './domain';
import { toDisplayText, truncateGraphemes } from './text-safety';

/** Where a workspace name naming a request's workspace is cut ("…"); the layout may cut it further, with an ellipsis, never a wrap. */
export const WORKSPACE_NAME_GRAPHEMES = 40;

function shortName(label: string, id: string): string {
  const cut = truncateGraphemes(toDisplayText(label) || id, WORKSPACE_NAME_GRAPHEMES);
  return cut.truncated ? `${cut.text}…` : cut.text;
}

/**
 * The workspace name requests show when more than one workspace is present: the same sender on
 * the same provider and agent name in two workspaces makes look-alike requests, told apart only
 * by their workspace (in the rows, the decision dialogs, the palette and the filter options).
 * Null with one workspace or none: nothing names it, and nothing changes.
 * Names are display text (hidden characters removed), cut to WORKSPACE_NAME_GRAPHEMES; a request
 * of a workspace no longer listed is named by its workspace id, as its filter option is.
 */
export function workspaceNamesFor(workspaces: readonly Pick<WorkspaceStatus, 'id' | 'label' | 'tenant' | 'baseUrl'>[]): ((workspaceId: string) => string) | null {
  if (workspaces.length < 2) return null;
  // Two workspaces with the same label (it defaults to the tenant slug: the same slug on two
  // servers) are told apart by their tenant, then their server's host.
  const short = workspaces.map((w) => shortName(w.label, w.id));
  const same = (i: number) => short.filter((n) => n === short[i]).length > 1;
  const named = workspaces.map((w, i) => {
    if (!same(i)) return short[i]!;
    const tenant = toDisplayText(w.tenant);
    const alike = workspaces.filter((o, j) => short[j] === short[i] && toDisplayText(o.tenant) === tenant).length > 1;
    return `${short[i]} (${alike || tenant === '' ? hostOf(w.baseUrl) : tenant})`;
  });
  const names = new Map(workspaces.map((w, i) => [w.id, named[i]!]));
  return (workspaceId) => names.get(workspaceId) ?? shortName(workspaceId, workspaceId);
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return toDisplayText(baseUrl);
  }
}
