import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src-shared/domain';
import { approveProblems, defaultDisplayName, MODE_LABELS, MODE_SHORT, noteProblem, type ApproveDraft } from './decision-validation';

const draft = (over: Partial<ApproveDraft> = {}): ApproveDraft => ({ mode: 'CREATE_NEW', displayName: 'Dana', participantId: null, note: '', matched: false, ...over });

describe('approveProblems: what blocks confirming an approval, in words', () => {
  it.each<[string, Partial<ApproveDraft>, string[]]>([
    ['a named new participant', {}, []],
    ['a blank name (spaces only)', { displayName: '   ' }, ['Enter a display name for the new participant.']],
    ['a name at the limit', { displayName: 'x'.repeat(LIMITS.displayName) }, []],
    [
      'a name one over the limit',
      { displayName: 'x'.repeat(LIMITS.displayName + 1) },
      [`The display name is too long: ${LIMITS.displayName + 1} of ${LIMITS.displayName} characters.`],
    ],
    ['a NUL in the name', { displayName: 'Da\u0000na' }, ['The display name contains a NUL character.']],
    ['bind with a matched participant', { mode: 'BIND_ONLY', matched: true, displayName: '' }, []],
    ['bind with nobody matched', { mode: 'BIND_ONLY', matched: false, displayName: '' }, ['This request has no matched participant to bind to.']],
    ['add to a chosen participant (the name field is not used)', { mode: 'ADD_TO_EXISTING', participantId: 'p-1', displayName: '' }, []],
    ['add with nobody chosen', { mode: 'ADD_TO_EXISTING', participantId: null, displayName: '\u0000' }, ['Choose the participant to add this channel to.']],
    [
      'a blank name and a note over the limit',
      { displayName: '', note: 'n'.repeat(LIMITS.note + 1) },
      ['Enter a display name for the new participant.', `The note is too long: ${LIMITS.note + 1} of ${LIMITS.note} characters.`],
    ],
  ])('%s', (_name, over, expected) => {
    expect(approveProblems(draft(over))).toEqual(expected);
  });
});

describe('noteProblem', () => {
  it.each<[string, string, string | null]>([
    ['empty', '', null],
    ['at the limit', 'n'.repeat(LIMITS.note), null],
    ['one over the limit', 'n'.repeat(LIMITS.note + 1), `The note is too long: ${LIMITS.note + 1} of ${LIMITS.note} characters.`],
    ['with a NUL', 'a\u0000b', 'The note contains a NUL character; remove it to continue.'],
  ])('%s', (_name, note, expected) => {
    expect(noteProblem(note)).toBe(expected);
  });
});

describe('defaultDisplayName (F18): never empty for a request, editable', () => {
  it.each<[string, Parameters<typeof defaultDisplayName>[0], string]>([
    ['the shown name', { displayName: 'Dana Levi', address: '+15550001' }, 'Dana Levi'],
    ['the address when there is no name', { displayName: '', address: '+15550001' }, '+15550001'],
    ['a placeholder when neither shows anything', { displayName: '\u200b', address: '' }, 'New participant'],
    ['no request at all', undefined, ''],
  ])('%s', (_name, row, expected) => {
    expect(defaultDisplayName(row)).toBe(expected);
  });

  it('cuts a long name to the limit', () => {
    expect(defaultDisplayName({ displayName: 'y'.repeat(LIMITS.displayName + 50), address: 'a' })).toHaveLength(LIMITS.displayName);
  });
});

it('names every approval mode in full and in short', () => {
  expect(MODE_LABELS).toEqual({ CREATE_NEW: 'Create new participant', ADD_TO_EXISTING: 'Add to existing participant', BIND_ONLY: 'Bind to matched participant' });
  expect(MODE_SHORT).toEqual({ CREATE_NEW: 'create new', ADD_TO_EXISTING: 'add to existing', BIND_ONLY: 'bind' });
});
