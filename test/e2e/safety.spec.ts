/**
 * Every action acts on exactly the request the operator sees (issue 9, item 1). Each test walks
 * one path that used to act on the wrong person or the wrong way, and checks what the server
 * recorded, not only what the page says.
 */
import type { RawRequest } from '../../src-sim/types';
import { expect, test } from './fixtures';
import type { ConsolePage } from './pages/console-page';

type App = { sim: { facts: { readOnlyAgentId: string }; control: { listRequests(): RawRequest[]; getRequest(id: string): RawRequest | undefined } } };

/** Pending requests the operator may decide, in the order the Pending tab shows them (oldest first). */
async function decidableInOrder(app: App, c: ConsolePage): Promise<string[]> {
  const readOnly = app.sim.facts.readOnlyAgentId;
  const ids = await c.requestIdsShown();
  return ids.filter((id) => {
    const r = app.sim.control.getRequest(id);
    return r !== undefined && r.status === 'PENDING' && r.agentId !== readOnly;
  });
}

/** The request the detail pane shows, by the id it prints in "Request ID" (null when the pane is closed). */
async function paneRequestId(c: ConsolePage, app: App): Promise<string | null> {
  if ((await c.detail.count()) === 0) return null;
  const text = await c.detail.innerText();
  return app.sim.control.listRequests().find((r) => text.includes(r.id))?.id ?? null;
}

/** The cursor row's id. */
async function cursorId(c: ConsolePage): Promise<string | null> {
  return (await c.selectedRow.count()) === 0 ? null : c.selectedRow.getAttribute('data-request-id');
}

/** Cursor and pane agree (or the pane is closed); returns the cursor's request. */
async function expectOneTarget(c: ConsolePage, app: App): Promise<string> {
  await expect.poll(async () => {
    const pane = await paneRequestId(c, app);
    return pane === null || pane === (await cursorId(c));
  }).toBe(true);
  return (await cursorId(c))!;
}

test.describe('safety: the request every key acts on is the one on screen', () => {
  test.use({ simOptions: { seed: 42, pending: 12 } });

  test('a e: typing a name with a space goes to the participant search, Enter picks, Enter adds to that person (no duplicate)', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const { requestId, participantId } = app.sim.facts.requests.addToExisting;
    const before = app.sim.control.listParticipants().length;
    await consolePage.row(requestId).click();
    await page.keyboard.press('Escape');
    await expect(consolePage.selectedRow).toHaveAttribute('data-request-id', requestId);
    await page.keyboard.press('a');
    await page.keyboard.press('e');
    const dialog = consolePage.dialog('Approve request');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('combobox', { name: 'Find participant' })).toBeFocused();
    await page.keyboard.type('Kwame M');
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('radio', { name: 'Add to existing participant' })).toBeChecked();
    await expect(dialog).toContainText('Selected: Kwame Mensah');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect.poll(() => app.sim.control.getRequest(requestId)?.status).toBe('APPROVED');
    expect(app.sim.control.getRequest(requestId)!.approvedParticipantId).toBe(participantId);
    expect(app.sim.control.listParticipants()).toHaveLength(before);
  });

  test('inside the approve dialog printable keys never change the mode: Space on a mode radio does nothing', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const { requestId } = app.sim.facts.requests.addToExisting;
    const dialog = await consolePage.openApprove(requestId);
    const create = dialog.getByRole('radio', { name: 'Create new participant' });
    const existing = dialog.getByRole('radio', { name: 'Add to existing participant' });
    await existing.check();
    await create.focus();
    await page.keyboard.press(' ');
    await expect(existing).toBeChecked();
    // Arrow keys do change it: that is the one keyboard way.
    await existing.focus();
    await page.keyboard.press('ArrowUp');
    await expect(create).toBeChecked();
  });

  test('after a bulk reject the cursor moves on and the detail pane follows it; a n acts on what the pane shows', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const [first, second] = await decidableInOrder(app, consolePage);
    await consolePage.row(first!).click();
    expect(await paneRequestId(consolePage, app)).toBe(first);
    for (const id of [first!, second!]) await consolePage.row(id).getByRole('checkbox', { name: 'Select' }).check();
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: /Reject selected/ }).click();
    await consolePage.dialog('Bulk reject').getByRole('button', { name: /^Reject/ }).click();
    await expect.poll(() => app.sim.control.getRequest(second!)?.status, { timeout: 15_000 }).toBe('REJECTED');
    await expect(consolePage.row(first!)).toHaveCount(0);
    const target = await expectOneTarget(consolePage, app);
    expect(target).not.toBe(first);
    expect(await paneRequestId(consolePage, app)).toBe(target);

    await page.keyboard.press('a');
    await page.keyboard.press('n');
    const dialog = consolePage.dialog('Approve request');
    // The batch landing moved the cursor by itself: within 1.5 s of that, the first `a n` opens
    // nothing and says whom the cursor is on now (README); the same keys again open it there.
    const refused = page.getByRole('region', { name: 'Notices' }).getByText(/The list has just moved the cursor to .+: the approve dialog was not opened\./);
    await expect(dialog.or(refused)).toBeVisible();
    if (await refused.isVisible()) {
      await expect(dialog).toHaveCount(0);
      await page.keyboard.press('a');
      await page.keyboard.press('n');
    }
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(app.sim.control.getRequest(target)!.address);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect.poll(() => app.sim.control.getRequest(target)?.status).toBe('APPROVED');
    expect(app.sim.control.getRequest(first!)!.status).toBe('REJECTED');
  });

  test('a filter change that hides the open request moves the cursor, and the pane follows', async ({ app, consolePage }) => {
    const [first, second] = await decidableInOrder(app, consolePage);
    await consolePage.row(first!).click();
    expect(await paneRequestId(consolePage, app)).toBe(first);
    const other = app.sim.control.getRequest(second!)!;
    await consolePage.search.fill(other.address);
    await expect(consolePage.row(first!)).toHaveCount(0);
    const target = await expectOneTarget(consolePage, app);
    expect(target).not.toBe(first);
  });

  test('another operator deciding the open request: the cursor moves on, the pane follows and a notice says who decided', async ({ app, consolePage }) => {
    const [first] = await decidableInOrder(app, consolePage);
    await consolePage.row(first!).click();
    expect(await paneRequestId(consolePage, app)).toBe(first);
    app.sim.control.decideAsOtherOperator(first!, 'APPROVED');
    // A slow read-back: the row must not vanish first (announced as gone, not as decided) meanwhile.
    app.sim.control.injectFault({ route: 'get-request', times: 4, action: { kind: 'latency', ms: 1500 } });
    await app.refreshNow();
    await expect(consolePage.row(first!)).toHaveCount(0);
    const target = await expectOneTarget(consolePage, app);
    expect(target).not.toBe(first);
    await expect(consolePage.notices).toContainText(/was approved by Alice Moreno at \d/);
    await expect(consolePage.notices).not.toContainText('no longer pending on the server');
  });

  test('a dialog whose request is decided underneath it closes with a notice; nothing is sent', async ({ app, consolePage }) => {
    const [first] = await decidableInOrder(app, consolePage);
    const dialog = await consolePage.openApprove(first!);
    app.sim.control.decideAsOtherOperator(first!, 'REJECTED', 'Spam');
    app.sim.control.injectFault({ route: 'get-request', times: 4, action: { kind: 'latency', ms: 1500 } });
    await app.refreshNow();
    await expect(dialog).toBeHidden();
    await expect(consolePage.notices).toContainText(/already rejected by Alice Moreno at \d/);
    expect(app.sim.control.requestLog().filter((e) => e.method === 'POST')).toEqual([]);
  });

  test('an already-decided request offers no Approve or Reject and says who decided and when; Retry does not reopen a dialog for it', async ({ app, consolePage }) => {
    const [first] = await decidableInOrder(app, consolePage);
    app.sim.control.injectFault({ route: 'reject', action: { kind: 'reset' } });
    await consolePage.reject(first!);
    await expect(consolePage.notices.getByRole('button', { name: 'Retry' })).toBeVisible({ timeout: 15_000 });
    app.sim.control.decideAsOtherOperator(first!, 'APPROVED');
    // A slow read-back: the row must not vanish first (announced as gone, not as decided) meanwhile.
    app.sim.control.injectFault({ route: 'get-request', times: 4, action: { kind: 'latency', ms: 1500 } });
    await app.refreshNow();
    await expect(consolePage.row(first!)).toHaveCount(0);
    await consolePage.notices.getByRole('button', { name: 'Retry' }).click();
    await expect(consolePage.dialog('Reject request')).toHaveCount(0);
    await expect(consolePage.notices).toContainText(/already approved by Alice Moreno at \d/);

    await consolePage.tab('Approved').click();
    await consolePage.row(first!).click();
    await expect(consolePage.detail).toContainText(/Approved by Alice Moreno/);
    await expect(consolePage.detail.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
    await expect(consolePage.detail.getByRole('button', { name: /^Reject/ })).toHaveCount(0);
  });
});
