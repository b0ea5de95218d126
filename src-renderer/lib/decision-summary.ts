/**
 * What a decision did, in words, for the Approved/Rejected rows and the detail pane. The API's
 * row does not say which mode an approval used (fruxon-api.md §3.1), so this says only what is
 * known: the mode when this console sent the approval (RequestView.approveMode), an inference
 * labelled as one when the approved participant is the matched one, and otherwise that the API
 * does not report it. Pure; see decision-summary.test.ts.
 */
import type { RequestView } from '../../src-shared/domain';
import { toDisplayText } from './text';

export type ModeBasis = 'this-console' | 'inferred' | 'not-reported';

export interface ApprovalSummary {
  /** "Added to an existing participant", "Probably bound to the matched participant", … */
  mode: string;
  basis: ModeBasis;
  /** Why we think so, when it is not simply known. */
  basisText: string;
  /** The participant added to, bound to or created (name, else id), or null when the row has none. */
  participant: string | null;
  /** A short form for a row: "Added to Kwame Mensah", "Bound to Anna (inferred)", "→ Kwame Mensah". */
  short: string;
  /** `short` in parts, so the participant's name can be isolated as user text: lead, name, tail. */
  lead: string;
  tail: string;
}

type Approved = Pick<RequestView, 'approveMode' | 'approvedParticipantId' | 'approvedParticipantName' | 'matchedParticipantId'>;

/** The participant a row names: its resolved name, else its id (shortened), else null. */
function participantOf(r: Approved): string | null {
  const name = r.approvedParticipantName ? toDisplayText(r.approvedParticipantName) : '';
  if (name) return name;
  if (!r.approvedParticipantId) return null;
  return r.approvedParticipantId.length > 14 ? `participant ${r.approvedParticipantId.slice(0, 8)}…` : `participant ${r.approvedParticipantId}`;
}

/** Builds the short form from its parts (the name goes between them when there is one). */
function shortOf(lead: string, participant: string | null, fallback: string, tail = ''): Pick<ApprovalSummary, 'short' | 'lead' | 'tail'> {
  if (!participant) return { short: fallback, lead: fallback, tail: '' };
  return { short: `${lead} ${participant}${tail}`, lead, tail };
}

export function approvalSummary(r: Approved): ApprovalSummary {
  const participant = participantOf(r);
  switch (r.approveMode) {
    case 'CREATE_NEW':
      return { mode: 'Created a new participant', basis: 'this-console', basisText: 'approved from this console', participant, ...shortOf('New participant', participant, 'New participant') };
    case 'ADD_TO_EXISTING':
      return { mode: 'Added to an existing participant', basis: 'this-console', basisText: 'approved from this console', participant, ...shortOf('Added to', participant, 'Added to an existing participant') };
    case 'BIND_ONLY':
      return { mode: 'Bound to the matched participant', basis: 'this-console', basisText: 'approved from this console', participant, ...shortOf('Bound to', participant, 'Bound to the matched participant') };
  }
  if (r.approvedParticipantId && r.approvedParticipantId === r.matchedParticipantId) {
    return {
      mode: 'Probably bound to the matched participant',
      basis: 'inferred',
      basisText: 'inferred: the approved participant is the one Fruxon matched; the API does not report the mode',
      participant,
      ...shortOf('Bound to', participant, 'Bound to the matched participant (inferred)', ' (inferred)'),
    };
  }
  return {
    mode: r.approvedParticipantId ? 'Created a new participant or added to an existing one' : 'Not reported',
    basis: 'not-reported',
    basisText: 'the API does not report how a request was approved',
    participant,
    ...shortOf('→', participant, ''),
  };
}
