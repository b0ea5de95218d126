import { describe, expect, it } from 'vitest';
import type { DecisionOutcome } from '../../../src-shared/contract';
import type { AppError } from '../../../src-shared/domain';
import { aRequest, T0 } from '../../../test/fakes/builders';
import { NOT_APPLIED, outcomes, type NotAppliedCause } from './decision-messages';

const pending = aRequest({ id: 'r1', displayName: 'Ana' });
const decided = (status: 'APPROVED' | 'REJECTED') => ({ ...pending, status, rawStatus: status, processedBy: 'u-alice', processedByName: 'Alice Moreno', processedAt: T0 - 60_000 });
const err = (code: AppError['code'], message = 'HTTP 503', extra: Partial<AppError> = {}): AppError => ({ code, message, ...extra });

const covered = new Set<NotAppliedCause>();
const na = (cause: NotAppliedCause, error: AppError, request: typeof pending | null) => {
  covered.add(cause);
  return outcomes.notApplied(cause, error, request);
};

/** Every outcome core can answer a decision with: its one sentence and whether Retry is offered. */
// Each outcome is made inside its test (a thunk), not when the file loads: mutation testing can only
// tell which test covers the message code when the code runs inside that test.
const TABLE: Array<[string, () => DecisionOutcome, string | RegExp, boolean]> = [
  ['applied: approve, mode unknown', () => outcomes.applied('approve', decided('APPROVED'), false), 'Approved Ana', false],
  ['applied: reject', () => outcomes.applied('reject', decided('REJECTED'), false), 'Rejected Ana', false],
  ['applied: a request without a name is named by its address', () => outcomes.applied('reject', { ...decided('REJECTED'), displayName: '', address: '+919849602841' }, true), 'Rejected +919849602841 (confirmed after a connection problem)', false],
  ['applied: reconciled after a connection problem', () => outcomes.applied('reject', decided('REJECTED'), true), 'Rejected Ana (confirmed after a connection problem)', false],
  ['applied: created new', () => outcomes.applied('approve', { ...decided('APPROVED'), approveMode: 'CREATE_NEW', approvedParticipantName: 'Ana Lima' }, false), 'Approved Ana – new participant Ana Lima', false],
  ['applied: added to existing', () => outcomes.applied('approve', { ...decided('APPROVED'), approveMode: 'ADD_TO_EXISTING', approvedParticipantName: 'Kwame Mensah' }, false), 'Approved Ana – added to Kwame Mensah', false],
  ['applied: bound, name unknown', () => outcomes.applied('approve', { ...decided('APPROVED'), approveMode: 'BIND_ONLY' }, false), 'Approved Ana – bound to the matched participant', false],
  ['applied: hidden characters and no name: named by its address', () => outcomes.applied('reject', { ...decided('REJECTED'), displayName: ' \u202E\u200B ' }, false), 'Rejected +15550000001', false],
  ['applied: no name and no address', () => outcomes.applied('reject', { ...decided('REJECTED'), displayName: '', address: '' }, false), 'Rejected the request', false],
  ['already decided the same way', () => outcomes.alreadyDecided('approve', decided('APPROVED'), T0), /^Already approved by Alice Moreno at \d\d:\d\d$/, false],
  [
    'already decided the other way',
    () => outcomes.alreadyDecided('approve', decided('REJECTED'), T0),
    /^Already rejected by Alice Moreno at \d\d:\d\d – that decision stands; your approval was not applied\.$/,
    false,
  ],
  ['applied: created new, name unknown', () => outcomes.applied('approve', { ...decided('APPROVED'), approveMode: 'CREATE_NEW' }, false), 'Approved Ana – new participant', false],
  ['applied: added to existing, name unknown', () => outcomes.applied('approve', { ...decided('APPROVED'), approveMode: 'ADD_TO_EXISTING' }, false), 'Approved Ana – added to an existing participant', false],
  ['applied: bound to a named participant', () => outcomes.applied('approve', { ...decided('APPROVED'), approveMode: 'BIND_ONLY', approvedParticipantName: 'Ana Lima' }, false), 'Approved Ana – bound to Ana Lima', false],
  ['applied: a rejection never tells an approval effect', () => outcomes.applied('reject', { ...decided('REJECTED'), approveMode: 'CREATE_NEW', approvedParticipantName: 'Ana Lima' }, false), 'Rejected Ana', false],
  ['already rejected, asked to reject', () => outcomes.alreadyDecided('reject', decided('REJECTED'), T0), /^Already rejected by Alice Moreno at \d\d:\d\d$/, false],
  [
    'already approved, asked to reject',
    () => outcomes.alreadyDecided('reject', decided('APPROVED'), T0),
    /^Already approved by Alice Moreno at \d\d:\d\d – that decision stands; your rejection was not applied\.$/,
    false,
  ],
  ['still pending after "not pending"', () => na('still-pending', err('not-pending'), pending), 'Not applied – the server said the request was no longer pending, but it still is. Check it, then try again.', true],
  [
    'decided, but who could not be read',
    () => na('decided-unread', err('not-pending'), pending),
    'Not applied – the server says this request was already decided, but the console could not read who decided it. Open the request to see the decision; do not retry.',
    false,
  ],
  ['401', () => na('session-expired', err('unauthorized'), null), 'Session expired – decision not submitted. Sign in again, then confirm the decision again.', true],
  ['403', () => na('forbidden', err('forbidden'), pending), "Refused by the server: You don't have the Editor role on this agent, so you can't approve or reject its requests.", false],
  ['an agent that refused before: not sent', () => na('read-only', err('forbidden'), pending), "Not submitted: You don't have the Editor role on this agent, so you can't approve or reject its requests.", false],
  ['429 with Retry-After', () => na('rate-limited', err('rate-limited', 'x', { retryAfterMs: 29_500 }), pending), 'Not submitted (rate limited) – try again in 30 s.', true],
  ['429 without Retry-After', () => na('rate-limited', err('rate-limited'), pending), 'Not submitted (rate limited) – try again shortly.', true],
  ['404', () => na('gone', err('not-found'), null), 'Not applied – this request no longer exists.', false],
  ['certainly not sent, request known', () => na('not-sent', err('validation', 'The note is too long.'), pending), 'Not applied – The note is too long.', true],
  ['certainly not sent, request gone', () => na('not-sent', err('offline', 'Connection refused.'), null), 'Not applied – Connection refused.', false],
  ['ambiguous, read back pending', () => na('not-recorded', err('timeout'), pending), 'Not applied – the server did not record the decision. It is safe to retry.', true],
  ['unknown', () => outcomes.unknown('timeout', 'Could not confirm whether the decision was applied.'), 'Outcome unknown – Could not confirm whether the decision was applied. Open the request to check before deciding again.', false],
];

describe('decision messages: one sentence and one retry rule per outcome, written by core', () => {
  it.each(TABLE)('%s', (_what, make, message, canRetry) => {
    const outcome = make();
    if (typeof message === 'string') expect(outcome.message).toBe(message);
    else expect(outcome.message).toMatch(message);
    expect(outcome.canRetry).toBe(canRetry);
    // Said once: no outcome repeats its lead ("Not applied — retry. Not applied – …").
    const lead = /^(Not applied|Not submitted|Outcome unknown|Already|Approved|Rejected|Session expired|Refused by the server)/.exec(outcome.message)![1]!;
    expect(outcome.message.toLowerCase().split(lead.toLowerCase())).toHaveLength(2);
    // A not-applied outcome's error carries the same sentence (logs, the chaos oracle).
    if (outcome.outcome === 'not-applied') expect(outcome.error.message).toBe(outcome.message);
  });

  it('the table covers every not-applied cause', () => {
    const made = TABLE.map(([, make]) => make());
    expect([...covered].sort()).toEqual(Object.keys(NOT_APPLIED).sort());
    expect(new Set(made.map((o) => o.outcome))).toEqual(new Set(['applied', 'already-decided', 'not-applied', 'unknown']));
  });
});
