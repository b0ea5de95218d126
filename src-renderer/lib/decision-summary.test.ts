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

  it('an id of 14 characters is shown whole; 15 is shortened', () => {
    expect(approvalSummary(aRequest({ approvedParticipantId: 'p-0123456789ab', approvedParticipantName: null })).participant).toBe('participant p-0123456789ab');
    expect(approvalSummary(aRequest({ approvedParticipantId: 'p-0123456789abc', approvedParticipantName: null })).participant).toBe('participant p-012345…');
  });

  // The whole summary, parts included: what the row and the detail pane say when a participant is
  // named and when the row names nobody (the mode is still said, never left blank).
  it.each([
    ['CREATE_NEW', 'Created a new participant', 'New participant', 'New participant'],
    ['ADD_TO_EXISTING', 'Added to an existing participant', 'Added to', 'Added to an existing participant'],
    ['BIND_ONLY', 'Bound to the matched participant', 'Bound to', 'Bound to the matched participant'],
  ] as const)('sent as %s from this console: said as such, with and without a participant', (approveMode, mode, lead, fallback) => {
    const named = approvalSummary(aRequest({ approveMode, approvedParticipantId: 'p-9', approvedParticipantName: 'Lina' }));
    expect(named).toEqual({ mode, basis: 'this-console', basisText: 'approved from this console', participant: 'Lina', short: `${lead} Lina`, lead, tail: '' });
    const nobody = approvalSummary(aRequest({ approveMode, approvedParticipantId: null, approvedParticipantName: null }));
    expect(nobody).toEqual({ mode, basis: 'this-console', basisText: 'approved from this console', participant: null, short: fallback, lead: fallback, tail: '' });
  });

  it('an inference is labelled as one, in the row and in the words that say why', () => {
    expect(approvalSummary(aRequest({ approveMode: undefined, approvedParticipantId: 'p-4', matchedParticipantId: 'p-4', approvedParticipantName: 'Anna' }))).toEqual({
      mode: 'Probably bound to the matched participant',
      basis: 'inferred',
      basisText: 'inferred: the approved participant is the one Fruxon matched; the API does not report the mode',
      participant: 'Anna',
      short: 'Bound to Anna (inferred)',
      lead: 'Bound to',
      tail: ' (inferred)',
    });
    expect(approvalSummary(aRequest({ approveMode: undefined, approvedParticipantId: null, approvedParticipantName: null }))).toMatchObject({
      basisText: 'the API does not report how a request was approved',
      short: '',
      lead: '',
    });
  });
});
