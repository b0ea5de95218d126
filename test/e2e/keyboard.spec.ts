import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Presses Tab until `target` has focus (keyboard only; fails after `max` presses). */
async function tabTo(page: Page, target: Locator, max = 15): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await target.evaluate((el: unknown) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test.describe('keyboard', () => {
  test.use({ simOptions: { seed: 42, pending: 20 } });

  test('a whole triage of 20 requests with the keyboard only', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const total = app.pending().length;
    expect(total).toBe(20);
    // Requests on the agent where the operator is only a Viewer cannot be decided (F22).
    const readOnly = new Set(app.sim.control.listRequests().filter((r) => r.status === 'PENDING' && r.agentId === app.sim.facts.readOnlyAgentId).map((r) => r.id));
    expect(readOnly.size).toBeGreaterThan(0);
    const decidable = total - readOnly.size;
    const decided = new Map<string, 'APPROVED' | 'REJECTED'>();

    await page.keyboard.press('Home');
    await expect(consolePage.selectedRow).toHaveCount(1);
    await expect(consolePage.selectedRow).toBeFocused();

    for (let step = 0; step < 80 && decided.size < decidable; step += 1) {
      const id = (await consolePage.selectedRow.getAttribute('data-request-id'))!;
      if (readOnly.has(id) || decided.has(id)) {
        // The read-only agent's request cannot be decided here, and a decided one may still be
        // on screen while it is confirmed: move on, starting over from the top at the end.
        await page.keyboard.press('j');
        if ((await consolePage.selectedRow.getAttribute('data-request-id')) === id) await page.keyboard.press('Home');
        continue;
      }
      if (decided.size % 2 === 0) {
        await page.keyboard.press('a');
        await page.keyboard.press('n');
        const dialog = consolePage.dialog('Approve request');
        await expect(dialog).toBeVisible();
        await expect(dialog.getByRole('radio', { name: 'Create new participant' })).toBeChecked();
        await tabTo(page, dialog.getByRole('button', { name: 'Approve', exact: true }));
        await page.keyboard.press('Enter');
        await expect(dialog).toBeHidden();
        decided.set(id, 'APPROVED');
      } else {
        await page.keyboard.press('r');
        const dialog = consolePage.dialog('Reject request');
        await expect(dialog).toBeVisible();
        await expect(dialog.getByRole('textbox', { name: 'Note' })).toBeFocused();
        await page.keyboard.type('keyboard triage');
        await tabTo(page, dialog.getByRole('button', { name: 'Reject', exact: true }));
        await page.keyboard.press('Enter');
        await expect(dialog).toBeHidden();
        decided.set(id, 'REJECTED');
      }
      // Focus moves on to the next request by itself.
      await expect(consolePage.selectedRow).not.toHaveAttribute('data-request-id', id);
      await expect(consolePage.selectedRow).toBeFocused();
    }

    expect(decided.size).toBe(decidable);
    for (const [id, status] of decided) {
      await expect.poll(() => app.sim.control.getRequest(id)?.status, { message: `decision for ${id}` }).toBe(status);
    }
    for (const id of readOnly) expect(app.sim.control.getRequest(id)!.status).toBe('PENDING');
    await consolePage.expectTabCount('Pending', readOnly.size);
    // Exactly one decision per request went to the server.
    const posts = app.sim.control.requestLog().filter((e) => e.method === 'POST');
    expect(posts).toHaveLength(decidable);
  });

  test('a decision dialog keeps Tab inside it both ways; Esc closes only the dialog, the next Esc acts on the queue', async ({ app, consolePage }) => {
    const page = consolePage.page;
    await page.keyboard.press('Home');
    const id = (await consolePage.selectedRow.getAttribute('data-request-id'))!;
    const checkbox = consolePage.row(id).getByRole('checkbox', { name: 'Select' });
    await page.keyboard.press('x');
    await expect(checkbox).toBeChecked();
    await page.keyboard.press('Enter');
    await expect(consolePage.detail).toBeVisible();
    await consolePage.row(id).focus();
    await page.keyboard.press('r');
    const dialog = consolePage.dialog('Reject request');
    await expect(dialog).toBeVisible();
    const inside = () => dialog.evaluate((el: { contains(n: unknown): boolean; ownerDocument: { activeElement: unknown } }) => el.contains(el.ownerDocument.activeElement));
    // More presses than the dialog has controls: focus wraps, never reaching the page behind.
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      expect(await inside(), `after Tab ${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Shift+Tab');
      expect(await inside(), `after Shift+Tab ${i + 1}`).toBe(true);
    }
    // Esc closes the dialog and nothing else: the details and the selection are as they were.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(consolePage.selectedRow).toHaveAttribute('data-request-id', id);
    await expect(consolePage.selectedRow).toBeFocused();
    await expect(consolePage.detail).toBeVisible();
    await expect(checkbox).toBeChecked();
    // The next Esc is the queue's: it clears the selection first, then the one after closes the details.
    await page.keyboard.press('Escape');
    await expect(checkbox).not.toBeChecked();
    await expect(consolePage.detail).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(consolePage.detail).toBeHidden();
    await expect(dialog).toBeHidden();
    expect(app.sim.control.requestLog().filter((e) => e.method === 'POST')).toEqual([]);
  });

  test('in a short window a dialog\'s focused field is in view above its sticky footer (a b: the note)', async ({ app, consolePage }) => {
    const page = consolePage.page;
    await page.setViewportSize({ width: 720, height: 450 });
    const { requestId } = app.sim.facts.requests.matched;
    await consolePage.row(requestId).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('a');
    await page.keyboard.press('b');
    const dialog = consolePage.dialog('Approve request');
    const note = dialog.getByRole('textbox', { name: 'Note' });
    await expect(note).toBeFocused();
    const [field, footer] = await Promise.all([note.boundingBox(), dialog.locator('.dialog-footer').boundingBox()]);
    expect(field!.y + field!.height).toBeLessThanOrEqual(footer!.y);
    await expect(note).toBeInViewport({ ratio: 1 });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(app.sim.control.requestLog().filter((e) => e.method === 'POST')).toEqual([]);
  });

  test('Enter held down confirms nothing its first press opened: a row\'s Approve dialog, a bulk reject from the palette', async ({ app, consolePage }) => {
    const page = consolePage.page;
    /** One press held: the first keydown, then auto-repeats (Playwright marks a second down of a held key as a repeat). */
    const holdEnter = async (opened: Locator) => {
      await page.keyboard.down('Enter');
      await expect(opened).toBeVisible();
      for (let i = 0; i < 3; i += 1) await page.keyboard.down('Enter');
      await page.keyboard.up('Enter');
    };
    await page.keyboard.press('Home');
    const id = (await consolePage.selectedRow.getAttribute('data-request-id'))!;
    await tabTo(page, consolePage.row(id).getByRole('button', { name: 'Approve', exact: true }));
    const approve = consolePage.dialog('Approve request');
    await holdEnter(approve);
    await expect(approve).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(approve).toBeHidden();
    // Two selected, then "Reject selected" from the palette, Enter held.
    await consolePage.row(id).focus();
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('reject selected');
    const bulk = consolePage.dialog('Bulk reject');
    await holdEnter(bulk);
    await expect(bulk).toBeVisible();
    // A deliberate second press is still a confirmation.
    await page.keyboard.press('Escape');
    await expect(bulk).toBeHidden();
    expect(app.sim.control.requestLog().filter((e) => e.method === 'POST')).toEqual([]);
  });

  test('1/2/3 switch tabs, ? lists shortcuts, Ctrl+K opens the palette, Esc closes', async ({ consolePage }) => {
    const page = consolePage.page;
    await page.keyboard.press('2');
    await expect(consolePage.tab('Approved')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('3');
    await expect(consolePage.tab('Rejected')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('1');
    await expect(consolePage.tab('Pending')).toHaveAttribute('aria-selected', 'true');

    await page.keyboard.press('?');
    const help = consolePage.dialog('Keyboard shortcuts');
    await expect(help).toBeVisible();
    for (const text of ['Next request', 'Reject', 'Command palette']) await expect(help).toContainText(text);
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    // In a window shorter than the list of keys the dialog opens at its top, its Close in view.
    await page.setViewportSize({ width: 900, height: 600 });
    await page.keyboard.press('?');
    await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
    expect(await help.evaluate((d) => [d.scrollTop, d.scrollHeight > d.clientHeight])).toEqual([0, true]);
    await expect(help.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeInViewport();
    await expect(help.getByRole('button', { name: 'Close' })).toBeInViewport();
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await page.setViewportSize({ width: 1400, height: 900 });

    await page.keyboard.press('Control+k');
    const palette = consolePage.dialog('Command palette');
    await expect(palette).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
  });

  test('"u" during the undo window cancels the decision; nothing is sent for it', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const readOnlyAgent = app.sim.facts.readOnlyAgentId;
    const onReadOnly = async () => app.sim.control.getRequest((await consolePage.selectedRow.getAttribute('data-request-id'))!)!.agentId === readOnlyAgent;
    await page.keyboard.press('Home');
    while (await onReadOnly()) await page.keyboard.press('j');
    const id = (await consolePage.selectedRow.getAttribute('data-request-id'))!;
    await page.keyboard.press('r');
    const dialog = consolePage.dialog('Reject request');
    await tabTo(page, dialog.getByRole('button', { name: 'Reject', exact: true }));
    await page.keyboard.press('Enter');
    await expect(consolePage.row(id)).toHaveAccessibleName(/pending confirmation/i);
    await page.keyboard.press('u');
    await expect(consolePage.row(id)).not.toHaveAccessibleName(/pending confirmation/i);
    await expect(consolePage.selectedRow).toHaveAttribute('data-request-id', id);
    // A later decision with the same undo window lands after the cancelled one would have.
    await page.keyboard.press('j');
    while (await onReadOnly()) await page.keyboard.press('j');
    const other = (await consolePage.selectedRow.getAttribute('data-request-id'))!;
    await page.keyboard.press('r');
    await tabTo(page, dialog.getByRole('button', { name: 'Reject', exact: true }));
    await page.keyboard.press('Enter');
    await expect.poll(() => app.sim.control.getRequest(other)?.status).toBe('REJECTED');
    expect(app.sim.control.requestLog().filter((e) => e.method === 'POST' && e.path.includes(id))).toEqual([]);
    expect(app.sim.control.getRequest(id)!.status).toBe('PENDING');
  });
});
