import { describe, expect, it } from 'vitest';
import { aRequest, T0 } from '../../../test/fakes/builders';
import { refusalFor, rowDecisionOf, workspaceBlockOf, WORKSPACE_BLOCKS, type WorkspaceBlock, type WorkspaceFacts } from './decision-rule';

const OK: WorkspaceFacts = { exists: true, signedOut: false, configError: null, connected: true, asleep: false, offline: null };
const facts = (over: Partial<WorkspaceFacts>): WorkspaceFacts => ({ ...OK, ...over });

describe('the one decision rule: can this be decided, and if not, why', () => {
  // facts → block → what a refused decision says (code and sentence).
  it.each<[string, WorkspaceFacts, WorkspaceBlock | null, string | null, string | null]>([
    ['ready', OK, null, null, null],
    ['gone', facts({ exists: false }), 'no-workspace', 'no-workspace', 'Not submitted: That workspace is not signed in any more.'],
    ['signed out beats everything else', facts({ signedOut: true, offline: { cause: 'os' }, asleep: true }), 'signed-out', 'unauthorized', 'Not submitted: Signed out – sign in again to this workspace before deciding.'],
    ['bad configuration', facts({ configError: { code: 'bad-input', message: 'FRUXON_TENANT must be set.' }, connected: false }), 'config-error', 'bad-input', 'Not submitted: FRUXON_TENANT must be set.'],
    ['no client', facts({ connected: false }), 'not-connected', 'no-workspace', 'Not submitted: That workspace is not connected.'],
    ['asleep', facts({ asleep: true, offline: { cause: 'os' } }), 'asleep', 'offline', 'Not submitted: Paused while the computer sleeps – try again in a moment.'],
    [
      'offline (OS)',
      facts({ offline: { cause: 'os' } }),
      'offline-os',
      'offline',
      'Offline – the decision was not sent. This computer has no network connection. Decisions are possible again once the connection is back.',
    ],
    [
      'offline (server unreachable)',
      facts({ offline: { cause: 'unreachable' } }),
      'offline-server',
      'offline',
      "Offline – the decision was not sent. The Fruxon server can't be reached. Decisions are possible again once the connection is back.",
    ],
  ])('%s', (_what, f, block, code, message) => {
    expect(workspaceBlockOf(f)).toBe(block);
    const refusal = refusalFor(f);
    expect(refusal?.code ?? null).toBe(code);
    expect(refusal?.message ?? null).toBe(message);
  });

  const pending = aRequest();
  const decided = aRequest({ status: 'APPROVED', rawStatus: 'APPROVED', processedByName: 'Alice Moreno', processedBy: 'u-a', processedAt: T0 - 60_000 });
  const unknown = aRequest({ status: 'UNKNOWN', rawStatus: 'ESCALATED' });

  // row, workspace block, read-only reason of its agent → what the row says.
  it.each<[string, typeof pending, WorkspaceBlock | null, string | undefined, string | RegExp | null]>([
    ['pending, ready', pending, null, undefined, null],
    ['F4: unknown status', unknown, null, undefined, 'Unrecognised status “ESCALATED” – actions are disabled; decide in Fruxon.'],
    ['decided: who and when', decided, null, undefined, /^Already approved by Alice Moreno at \d\d:\d\d$/],
    ['decided in a signed-out workspace still says who decided', decided, 'signed-out', undefined, /^Already approved by Alice Moreno/],
    ['workspace gone', decided, 'no-workspace', undefined, 'This workspace is no longer signed in.'],
    ['signed out', pending, 'signed-out', undefined, /^Signed out/],
    ['bad configuration reads as signed out', pending, 'config-error', undefined, 'Signed out – sign in again to decide.'],
    ['F22: read-only agent', pending, null, 'Viewer role on Sales Agent', 'Viewer role on Sales Agent'],
    ['F22: read-only beats offline', pending, 'offline-server', 'Viewer role on Sales Agent', 'Viewer role on Sales Agent'],
    ['signed out beats read-only (signing in is what to do first)', pending, 'signed-out', 'Viewer role on Sales Agent', /^Signed out/],
    ['bad configuration beats read-only', pending, 'config-error', 'Viewer role on Sales Agent', 'Signed out – sign in again to decide.'],
    ['not connected beats read-only', pending, 'not-connected', 'Viewer role on Sales Agent', 'Signed out – sign in again to decide.'],
    ['F35: offline', pending, 'offline-os', undefined, 'Offline – actions are disabled until the connection is back.'],
    ['asleep does not show on rows', pending, 'asleep', undefined, null],
  ])('row: %s', (_what, row, block, readOnly, reason) => {
    const d = rowDecisionOf(row, block, readOnly, T0);
    expect(d.canDecide).toBe(reason === null);
    if (reason === null || typeof reason === 'string') expect(d.readOnlyReason).toBe(reason);
    else expect(d.readOnlyReason).toMatch(reason);
  });

  it('a configuration refusal without the error still says the decision was not submitted, and why', () => {
    expect(WORKSPACE_BLOCKS['config-error'].refusal()).toEqual({ code: 'internal', message: 'Not submitted: the workspace is not configured.' });
  });

  it('every block has a refusal that says the decision was not sent', () => {
    for (const [block, entry] of Object.entries(WORKSPACE_BLOCKS)) {
      expect(entry.refusal(facts({ configError: { code: 'bad-input', message: 'x' } })).message, block).toMatch(/^(Not submitted: |Offline – the decision was not sent\.)/);
    }
  });
});
