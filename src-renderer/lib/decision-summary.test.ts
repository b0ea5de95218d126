// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { aRequest } from '../../test/fakes/builders';
import { approvalSummary } from './decision-summary';

describe('what an approval did', () => {
  it.each([
    [{ approveMode: 'CREATE_NEW', approvedParticipantId: 'p-1', approvedParticipantName: 'Ana Souza' }, 'this-console', 'Created a new participant', 'New participant Ana Souza'],
    [{ approveMode: 'ADD_TO_EXISTING', approvedParticipantId: 'p-2', approvedParticipantName: 'Kwame Mensah' }, 'this-console', 'Added to an existing participant', 'Added to Kwame Mensah'],
    [{ approveMode: 'BIND_ONLY', approvedParticipantId: 'p-3', approvedParticipantName: null, matchedParticipantId: 'p-3' }, 'this-console', 'Bound to the matched participant', 'Bound to participant p-3'],
    // Not from this console: the API does not say the mode; equal ids suggest bind, and say so.
    [{ approvedParticipantId: 'p-4', matchedParticipantId: 'p-4', approvedParticipantName: 'Anna' }, 'inferred', 'Probably bound to the matched participant', 'Bound to Anna (inferred)'],
    [{ approvedParticipantId: 'p-5', matchedParticipantId: null, approvedParticipantName: 'Omar' }, 'not-reported', 'Created a new participant or added to an existing one', '→ Omar'],
    [{ approvedParticipantId: null }, 'not-reported', 'Not reported', ''],
  ] as const)('%j', (fields, basis, mode, short) => {
    const s = approvalSummary(aRequest({ status: 'APPROVED', ...fields }));
    expect(s).toMatchObject({ basis, mode, short });
  });

  it('a long participant id is shortened, never shown whole in a row', () => {
    expect(approvalSummary(aRequest({ approvedParticipantId: '6f1c2d3e-0000-4000-8000-123456789abc' })).participant).toBe('participant 6f1c2d3e…');
  });
});
