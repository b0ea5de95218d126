import type { WorkspaceStatus } from '../../src-shared/domain';
import { toDisplayText, truncateGraphemes } from './text';

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
export function workspaceNamesFor(workspaces: readonly Pick<WorkspaceStatus, 'id' | 'label'>[]): ((workspaceId: string) => string) | null {
  if (workspaces.length < 2) return null;
  const names = new Map(workspaces.map((w) => [w.id, shortName(w.label, w.id)]));
  return (workspaceId) => names.get(workspaceId) ?? shortName(workspaceId, workspaceId);
}
