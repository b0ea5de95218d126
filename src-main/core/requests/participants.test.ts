import { describe, expect, it } from 'vitest';
import { fail, ok, type AppError, type Participant, type Result } from '../../../src-shared/domain';
import { aParticipant } from '../../../test/fakes/builders';
import { createParticipantsList } from './participants';

/** The participant picker's handler over recording workspaces and a client whose answer each test sets. */
function setup(answer: Result<Participant[]> | null, known = ['ws-1']) {
  const signedOut: string[] = [];
  const errors: Array<[AppError, string]> = [];
  let calls = 0;
  const list = createParticipantsList({
    workspaces: {
      exists: (id) => known.includes(id),
      readyClient: () =>
        answer === null
          ? null
          : {
              listParticipants: async () => {
                calls += 1;
                return answer;
              },
            },
      markSignedOut: (id) => void signedOut.push(id),
    },
    onError: (error, context) => void errors.push([error, context]),
  });
  return { list, signedOut, errors, calls: () => calls };
}

describe('participants:list (the "Add to existing" picker)', () => {
  it('lists the workspace server’s participants as they are, and reports nothing', async () => {
    const people = [aParticipant({ id: 'p-1' }), aParticipant({ id: 'p-2' })];
    const t = setup(ok(people));
    expect(await t.list({ workspaceId: 'ws-1' })).toEqual(ok(people));
    expect(t.errors).toEqual([]);
    expect(t.signedOut).toEqual([]);
  });

  it('a workspace that is gone is refused in words, and nothing is asked', async () => {
    const t = setup(ok([]));
    expect(await t.list({ workspaceId: 'ws-gone' })).toEqual(fail('no-workspace', 'That workspace is not signed in any more.'));
    expect(t.calls()).toBe(0);
  });

  it('a signed-out workspace says to sign in again, and nothing is asked', async () => {
    const t = setup(null);
    expect(await t.list({ workspaceId: 'ws-1' })).toEqual(fail('unauthorized', 'Signed out – sign in again to see participants.'));
    expect(t.errors).toEqual([]);
  });

  it('F21: a 401 signs that workspace out and is reported with its context', async () => {
    const error: AppError = { code: 'unauthorized', message: 'The API key was refused.', status: 401 };
    const t = setup({ ok: false, error });
    expect(await t.list({ workspaceId: 'ws-1' })).toEqual({ ok: false, error });
    expect(t.signedOut).toEqual(['ws-1']);
    expect(t.errors).toEqual([[error, 'participants ws-1']]);
  });

  it('any other failure is reported and returned, and the workspace stays signed in', async () => {
    const error: AppError = { code: 'server', message: 'The server answered 503.', status: 503 };
    const t = setup({ ok: false, error });
    expect(await t.list({ workspaceId: 'ws-1' })).toEqual({ ok: false, error });
    expect(t.signedOut).toEqual([]);
    expect(t.errors).toEqual([[error, 'participants ws-1']]);
  });
});
