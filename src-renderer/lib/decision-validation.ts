/** Pure checks for the decision dialogs (the same limits main enforces again, F19). */
import type { ApproveMode, RequestView } from '../../src-shared/domain';
import { LIMITS } from '../../src-shared/domain';
import { toDisplayText, truncateToLength } from './text';

export function noteProblem(note: string): string | null {
  if (note.length > LIMITS.note) return `The note is too long: ${note.length} of ${LIMITS.note} characters.`;
  if (note.includes('\u0000')) return 'The note contains a NUL character; remove it to continue.';
  return null;
}

/** A non-empty, editable default name for CREATE_NEW (F18): the shown name, else the address. */
export function defaultDisplayName(row: Pick<RequestView, 'displayName' | 'address'> | undefined): string {
  if (!row) return '';
  const name = toDisplayText(row.displayName) || toDisplayText(row.address) || 'New participant';
  return truncateToLength(name, LIMITS.displayName);
}

export interface ApproveDraft {
  mode: ApproveMode;
  displayName: string;
  participantId: string | null;
  note: string;
  matched: boolean;
}

/** What blocks confirming an approval, in words; empty when it can be sent. */
export function approveProblems(d: ApproveDraft): string[] {
  const problems: string[] = [];
  if (d.mode === 'BIND_ONLY' && !d.matched) problems.push('This request has no matched participant to bind to.');
  if (d.mode === 'CREATE_NEW') {
    const name = d.displayName.trim();
    if (name === '') problems.push('Enter a display name for the new participant.');
    if (d.displayName.length > LIMITS.displayName) problems.push(`The display name is too long: ${d.displayName.length} of ${LIMITS.displayName} characters.`);
    if (d.displayName.includes('\u0000')) problems.push('The display name contains a NUL character.');
  }
  if (d.mode === 'ADD_TO_EXISTING' && !d.participantId) problems.push('Choose the participant to add this channel to.');
  const note = noteProblem(d.note);
  if (note) problems.push(note);
  return problems;
}

export const MODE_LABELS: Record<ApproveMode, string> = {
  CREATE_NEW: 'Create new participant',
  ADD_TO_EXISTING: 'Add to existing participant',
  BIND_ONLY: 'Bind to matched participant',
};

export const MODE_SHORT: Record<ApproveMode, string> = {
  CREATE_NEW: 'create new',
  ADD_TO_EXISTING: 'add to existing',
  BIND_ONLY: 'bind',
};
