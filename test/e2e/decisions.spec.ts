import type { RawRequest } from '../../src-sim/types';
import { expect, test, TEST_SETTINGS } from './fixtures';

/** Pending requests the operator may decide (not the read-only agent's), oldest story rows first. */
function decidable(app: { sim: { facts: { readOnlyAgentId: string }; control: { listRequests(): RawRequest[] } } }): RawRequest[] {
  return app.sim.control.listRequests().filter((r) => r.status === 'PENDING' && r.agentId !== app.sim.facts.readOnlyAgentId);
}

test.describe('decisions', () => {
  test('approve with "Create new participant" creates the participant on the server and leaves Pending', async ({ app, consolePage }) => {
    const { requestId } = app.sim.facts.requests.addToExisting;
    const before = app.sim.control.listParticipants().length;
    const pendingCount = app.pending().length;
    await consolePage.approve(requestId, 'Create new participant', { displayName: 'Created By E2E' });
    await expect.poll(() => app.sim.control.getRequest(requestId)?.status).toBe('APPROVED');
    const row = app.sim.control.getRequest(requestId)!;
    expect(row.processedBy).toBe(app.sim.operatorUserId);
    const participants = app.sim.control.listParticipants();
    expect(participants).toHaveLength(before + 1);
    const created = participants.find((p) => p.id === row.approvedParticipantId)!;
    expect(created.displayName).toBe('Created By E2E');
    expect(created.channels.map((c) => c.address)).toContain(row.address);
    await expect(consolePage.row(requestId)).toHaveCount(0);
    await consolePage.expectTabCount('Pending', pendingCount - 1);
    // Exactly one decision was sent.
    expect(app.sim.control.requestLog().filter((e) => e.method === 'POST' && e.path.includes(requestId))).toHaveLength(1);
  });

  test('approve with "Add to existing participant" adds the channel to the chosen participant', async ({ app, consolePage }) => {
    const { requestId, participantId, address } = app.sim.facts.requests.addToExisting;
    const target = app.sim.control.listParticipants().find((p) => p.id === participantId)!;
    await consolePage.approve(requestId, 'Add to existing participant', { participant: target.displayName });
    await expect.poll(() => app.sim.control.getRequest(requestId)?.status).toBe('APPROVED');
    expect(app.sim.control.getRequest(requestId)!.approvedParticipantId).toBe(participantId);
    const after = app.sim.control.listParticipants().find((p) => p.id === participantId)!;
    expect(after.channels.filter((c) => c.address === address).length).toBeGreaterThanOrEqual(1);
    expect(after.channels.length).toBeGreaterThan(target.channels.length);
  });

  test('approve with "Bind to matched participant" binds the matched participant', async ({ app, consolePage }) => {
    const { requestId, participantId } = app.sim.facts.requests.matched;
    const before = app.sim.control.listParticipants().length;
    await consolePage.approve(requestId, 'Bind to matched participant');
    await expect.poll(() => app.sim.control.getRequest(requestId)?.status).toBe('APPROVED');
    expect(app.sim.control.getRequest(requestId)!.approvedParticipantId).toBe(participantId);
    expect(app.sim.control.listParticipants()).toHaveLength(before);
  });

  test('"Bind to matched participant" is offered only when the request has a matched participant', async ({ app, consolePage }) => {
    const unmatched = decidable(app).find((r) => r.matchedParticipantId === null)!;
    const dialog = await consolePage.openApprove(unmatched.id);
    const bind = dialog.getByRole('radio', { name: 'Bind to matched participant' });
    if ((await bind.count()) > 0) await expect(bind).toBeDisabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(app.sim.control.getRequest(unmatched.id)!.status).toBe('PENDING');
  });

  test('reject with a note records the note on the server', async ({ app, consolePage }) => {
    const target = decidable(app)[0]!;
    const note = 'Not a customer — wrong number. «ok» 👍';
    await consolePage.reject(target.id, note);
    await expect.poll(() => app.sim.control.getRequest(target.id)?.status).toBe('REJECTED');
    expect(app.sim.control.getRequest(target.id)!.processingNote).toBe(note);
    expect(app.sim.control.getRequest(target.id)!.processedBy).toBe(app.sim.operatorUserId);
    await expect(consolePage.row(target.id)).toHaveCount(0);
    await consolePage.tab('Rejected').click();
    await expect(consolePage.row(target.id)).toBeAttached();
  });

  test('F19: the note counter blocks a note over 4000 characters', async ({ app, consolePage }) => {
    const target = decidable(app)[0]!;
    const dialog = await consolePage.openReject(target.id);
    const note = dialog.getByRole('textbox', { name: 'Note' });
    await note.fill('x'.repeat(4001));
    const confirm = dialog.getByRole('button', { name: 'Reject', exact: true });
    const value = await note.inputValue();
    // Either the field refuses the extra character, or the confirm button is disabled.
    if (value.length > 4000) await expect(confirm).toBeDisabled();
    else expect(value).toHaveLength(4000);
    await expect(dialog).toContainText(/4\s?000/);
  });

  test('F32: a request decided by another operator meanwhile shows "Already rejected by Alice Moreno"', async ({ app, consolePage }) => {
    const target = decidable(app)[0]!;
    const dialog = await consolePage.openApprove(target.id);
    await dialog.getByRole('radio', { name: 'Create new participant' }).check();
    app.sim.control.decideAsOtherOperator(target.id, 'REJECTED', 'Spam');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(consolePage.decisions.getByText(/Already rejected by Alice Moreno/)).toBeVisible();
    await expect(consolePage.decisions.getByText(/Not applied/)).toHaveCount(0);
    expect(app.sim.control.getRequest(target.id)!.status).toBe('REJECTED');
    await expect(consolePage.row(target.id)).toHaveCount(0);
  });

  test('F32: the second operator deciding during the undo window is reported, not overwritten', async ({ app, consolePage }) => {
    const target = decidable(app)[0]!;
    await consolePage.reject(target.id);
    // The decision sits in its undo window; Alice approves first.
    app.sim.control.decideAsOtherOperator(target.id, 'APPROVED');
    await expect(consolePage.decisions.getByText(/Already approved by Alice Moreno/)).toBeVisible();
    expect(app.sim.control.getRequest(target.id)!.status).toBe('APPROVED');
  });

  test('F31: an approve whose connection resets after the server applied it is reconciled as approved', async ({ app, consolePage }) => {
    const target = decidable(app)[0]!;
    app.sim.control.injectFault({ route: 'approve', action: { kind: 'reset-after-apply' } });
    await consolePage.approve(target.id, 'Create new participant');
    await expect.poll(() => app.sim.control.getRequest(target.id)?.status).toBe('APPROVED');
    await expect(consolePage.decisions.getByText(/confirmed after a connection problem/)).toBeVisible();
    await expect(consolePage.row(target.id)).toHaveCount(0);
    await consolePage.tab('Approved').click();
    await expect(consolePage.row(target.id)).toBeAttached();
    await expect(consolePage.decisions.getByText(/Not applied/)).toHaveCount(0);
    // It was read back, never replayed.
    const posts = app.sim.control.requestLog().filter((e) => e.method === 'POST' && e.path.includes(target.id));
    expect(posts).toHaveLength(1);
  });

  test('F31: an approve reset before the server applied it offers "Not applied — retry", and Retry applies it once', async ({ app, consolePage }) => {
    const target = decidable(app)[0]!;
    app.sim.control.injectFault({ route: 'approve', action: { kind: 'reset' } });
    await consolePage.approve(target.id, 'Create new participant');
    await expect(consolePage.decisions.getByText(/Not applied/)).toBeVisible();
    expect(app.sim.control.getRequest(target.id)!.status).toBe('PENDING');
    // Retry never re-sends by itself: it re-opens the dialog for the operator to confirm again.
    await consolePage.decisions.getByRole('button', { name: 'Retry' }).click();
    const dialog = consolePage.dialog('Approve request');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('radio', { name: 'Create new participant' }).check();
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => app.sim.control.getRequest(target.id)?.status).toBe('APPROVED');
    const posts = app.sim.control.requestLog().filter((e) => e.method === 'POST' && e.path.includes(target.id));
    expect(posts).toHaveLength(2);
  });

  test('F31: an approve reset before it was applied whose read-back fails too stays "Outcome unknown" until checked; still pending → "Not applied", and Retry applies it once', async ({ app, consolePage }) => {
    const target = decidable(app)[0]!;
    app.sim.control.injectFault({ route: 'approve', action: { kind: 'reset' } });
    app.sim.control.injectFault({ route: 'get-request', times: Infinity, action: { kind: 'status', status: 400 } });
    await consolePage.approve(target.id, 'Create new participant');
    await expect(consolePage.decisions.getByText(/Outcome unknown/)).toBeVisible();
    // Nothing to retry while nobody knows whether it was applied.
    await expect(consolePage.decisions.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    app.sim.control.clearFaults();
    await consolePage.decisions.getByRole('button', { name: 'Check request' }).click();
    await expect(consolePage.page.getByRole('region', { name: 'Request details' })).toBeVisible();
    await expect(consolePage.decisions.getByText(/Not applied – the request was still pending when the console checked it at \d\d:\d\d\. It is safe to decide again\./)).toBeVisible();
    await expect(consolePage.decisions.getByText(/Outcome unknown/)).toHaveCount(0);
    expect(app.sim.control.getRequest(target.id)!.status).toBe('PENDING');
    await consolePage.decisions.getByRole('button', { name: 'Retry' }).click();
    const dialog = consolePage.dialog('Approve request');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('radio', { name: 'Create new participant' }).check();
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => app.sim.control.getRequest(target.id)?.status).toBe('APPROVED');
    const posts = app.sim.control.requestLog().filter((e) => e.method === 'POST' && e.path.includes(target.id));
    expect(posts).toHaveLength(2);
  });

  test.describe('with a longer undo window', () => {
    test.use({ settings: { ...TEST_SETTINGS, undoSeconds: 3 } });

    test('Undo cancels a decision before anything is sent', async ({ app, consolePage }) => {
      const [first, second] = decidable(app);
      await consolePage.approve(first!.id, 'Create new participant');
      await expect(consolePage.decisions.getByText(/Approving/)).toBeVisible();
      await expect(consolePage.row(first!.id)).toHaveAccessibleName(/pending confirmation/i);
      await consolePage.decisions.getByRole('button', { name: 'Undo' }).click();
      await expect(consolePage.row(first!.id)).not.toHaveAccessibleName(/pending confirmation/i);
      // A second decision with the same window, started later, lands after the first one's window has passed.
      await consolePage.reject(second!.id);
      await expect.poll(() => app.sim.control.getRequest(second!.id)?.status, { timeout: 15_000 }).toBe('REJECTED');
      expect(app.sim.control.requestLog().filter((e) => e.method === 'POST' && e.path.includes(first!.id))).toEqual([]);
      expect(app.sim.control.getRequest(first!.id)!.status).toBe('PENDING');
      await expect(consolePage.row(first!.id)).toBeAttached();
    });
  });

  test.describe('in a narrow window (1100 px), a decision in its undo window', () => {
    test.use({ settings: { ...TEST_SETTINGS, undoSeconds: 20 }, viewport: { width: 1100, height: 700 } });

    test('moves none of its row\'s columns: its badge takes the buttons\' place, or with the detail pane open lies over its age', async ({ app, consolePage }) => {
      const [first, second] = decidable(app);
      const cellEdges = (id: string) => consolePage.row(id).locator('.cell').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().left)));
      await consolePage.reject(first!.id);
      await expect(consolePage.row(first!.id)).toHaveAccessibleName(/pending confirmation/i);
      await expect(consolePage.row(first!.id).getByText('Pending confirmation')).toBeVisible();
      expect(await cellEdges(first!.id)).toEqual(await cellEdges(second!.id));
      await consolePage.row(second!.id).click();
      await expect(consolePage.detail).toBeVisible();
      await expect(consolePage.row(first!.id).getByText(/^Pending co/)).toBeVisible();
      expect(await cellEdges(first!.id)).toEqual(await cellEdges(second!.id));
      await consolePage.decisions.getByRole('button', { name: 'Undo' }).click();
      await expect(consolePage.row(first!.id)).not.toHaveAccessibleName(/pending confirmation/i);
    });
  });

  test('F22: a request on an agent where the operator is a Viewer cannot be decided', async ({ app, consolePage }) => {
    const id = app.sim.facts.requests.readOnlyRequestId;
    const sibling = app.sim.control.addPendingRequest({ agentId: app.sim.facts.readOnlyAgentId, displayName: 'Sam Sibling' });
    await app.refreshNow();
    const row = consolePage.row(id);
    await expect(row).toBeAttached();
    await expect(consolePage.row(sibling.id)).toBeAttached();
    // The console reads the operator's role from the agent's collaborators list: every request of
    // that agent says why it cannot be decided before anyone tries, as core answers it.
    for (const rowId of [id, sibling.id]) {
      await expect(consolePage.row(rowId).getByRole('button', { name: 'Approve', exact: true })).toBeDisabled();
      await expect(consolePage.row(rowId).getByRole('button', { name: 'Reject', exact: true })).toBeDisabled();
      await expect(consolePage.row(rowId).getByRole('button', { name: 'Approve', exact: true })).toHaveAttribute('title', /Viewer role.*Editor role/);
    }
    // A decision key on it opens nothing and says why.
    await row.click();
    await consolePage.page.keyboard.press('r');
    await expect(consolePage.page.getByRole('dialog')).toHaveCount(0);
    await expect(consolePage.page.getByRole('region', { name: 'Notices' })).toContainText('Viewer role');
    expect(app.sim.control.getRequest(id)!.status).toBe('PENDING');
    expect(app.sim.control.getRequest(sibling.id)!.status).toBe('PENDING');
    expect(app.sim.control.requestLog().filter((e) => e.method === 'POST' && (e.path.includes(sibling.id) || e.path.includes(id)))).toEqual([]);
  });
});
