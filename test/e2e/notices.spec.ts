/**
 * Notices, the status line and the bulk report under faults (issue 9, items 4 and 8): one region
 * that never covers the queue or a dialog, a burst as one line, a few at most, dismissable from
 * the keyboard; the current failure in words with a countdown and "Retry now"; a report that
 * says each outcome once and offers "Retry failed".
 */
import type { RawRequest } from '../../src-sim/types';
import { expect, test } from './fixtures';

type Sim = { facts: { readOnlyAgentId: string }; control: { listRequests(): RawRequest[] } };
const decidable = (sim: Sim) => sim.control.listRequests().filter((r) => r.status === 'PENDING' && r.agentId !== sim.facts.readOnlyAgentId);

test.describe('notices', () => {
  test.use({ simOptions: { seed: 42, pending: 12 } });

  test('a burst of new requests over several polls is one line with a count, and it opens the request', async ({ app, consolePage }) => {
    const first = [app.sim.control.addPendingRequest({ provider: 'whatsapp' }), app.sim.control.addPendingRequest({ provider: 'whatsapp' })];
    await app.refreshNow();
    await expect(consolePage.row(first[0]!.id)).toBeAttached();
    const more = [app.sim.control.addPendingRequest({ provider: 'sms' }), app.sim.control.addPendingRequest({ provider: 'whatsapp' })];
    await app.refreshNow();
    await expect(consolePage.row(more[1]!.id)).toBeAttached();
    const items = consolePage.notices.getByRole('listitem');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText('4 new requests');
    await expect(items.first()).toContainText('3 WhatsApp, 1 SMS');
    await items.first().getByRole('button', { name: /4 new requests/ }).click();
    await expect(consolePage.detail).toBeVisible();
    await expect(items).toHaveCount(0);
  });

  test('a few at most, in the layout (never over the rows, the pane or a dialog); Esc dismisses the newest, Shift+Esc the rest', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const targets = decidable(app.sim).slice(0, 4);
    app.sim.control.injectFault({ route: 'reject', times: 4, action: { kind: 'reset' } });
    for (const t of targets) {
      await consolePage.row(t.id).click();
      await page.keyboard.press('r');
      await page.keyboard.press('Enter');
      await expect(consolePage.dialog('Reject request')).toHaveCount(0);
    }
    // Each reset is read back before it is reported: wait until all four rows carry their outcome,
    // so no late outcome lands after the dismissals below (and a "new request" notice from the demo
    // trickle is not mistaken for the fourth).
    for (const t of targets) await expect(consolePage.row(t.id)).toContainText('Not applied', { timeout: 15_000 });
    // Not applied needs an action (Retry): those stay. Four of them, three shown.
    await expect(consolePage.notices.getByRole('button', { name: 'Retry' })).toHaveCount(3, { timeout: 15_000 });
    await expect(consolePage.notices.getByRole('listitem')).toHaveCount(3);
    await expect(consolePage.notices.getByRole('button', { name: '1 more' })).toBeVisible();

    const region = (await consolePage.notices.boundingBox())!;
    const grid = (await consolePage.grid.boundingBox())!;
    const pane = (await consolePage.detail.boundingBox())!;
    expect(region.y).toBeGreaterThanOrEqual(grid.y + grid.height - 1);
    expect(region.y).toBeGreaterThanOrEqual(pane.y + pane.height - 1);

    await page.keyboard.press('?');
    expect(await page.evaluate(`document.querySelector('dialog[open]').matches(':modal')`)).toBe(true);
    await page.keyboard.press('Escape');
    await expect(consolePage.dialog('Keyboard shortcuts')).toHaveCount(0);

    // Esc first closes the pane, then dismisses notices one at a time, newest first.
    await page.keyboard.press('Escape');
    await expect(consolePage.detail).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(consolePage.notices.getByRole('listitem')).toHaveCount(3);
    await expect(consolePage.notices.getByRole('button', { name: '1 more' })).toHaveCount(0);
    await page.keyboard.press('Shift+Escape');
    await expect(consolePage.notices.getByRole('listitem')).toHaveCount(0);
    for (const t of targets) expect(app.sim.control.getRequest(t.id)!.status).toBe('PENDING');
  });

  test('the bulk report says each outcome once and "Retry failed" confirms the failures again', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const targets = decidable(app.sim).slice(0, 3);
    for (const r of targets) await consolePage.row(r.id).getByRole('checkbox', { name: 'Select' }).check();
    // The first reject's connection drops before the server applies it.
    app.sim.control.injectFault({ route: 'reject', times: 1, action: { kind: 'reset' } });
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: /Reject selected/ }).click();
    await consolePage.dialog('Bulk reject').getByRole('textbox', { name: 'Note' }).fill('Spam wave');
    await page.keyboard.press('Control+Enter');
    const report = consolePage.notices.getByRole('region', { name: 'Bulk reject report' });
    await expect(report).toContainText('2 applied, 0 already decided by someone else, 1 failed', { timeout: 15_000 });
    const failed = report.getByRole('listitem').filter({ hasText: 'Not applied' });
    await expect(failed).toHaveCount(1);
    // Said once: no "failed – Not applied — retry. Not applied – …".
    expect((await failed.innerText()).split(/not applied/i)).toHaveLength(2);

    await report.getByRole('button', { name: 'Retry failed' }).click();
    const dialog = consolePage.dialog('Bulk reject');
    await expect(dialog).toContainText('Reject 1 request');
    await expect(dialog.getByRole('textbox', { name: 'Note' })).toHaveValue('Spam wave');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => targets.map((t) => app.sim.control.getRequest(t.id)!.status), { timeout: 15_000 }).toEqual(['REJECTED', 'REJECTED', 'REJECTED']);
    expect(targets.map((t) => app.sim.control.getRequest(t.id)!.processingNote)).toEqual(['Spam wave', 'Spam wave', 'Spam wave']);
  });
});

test.describe('status line under faults', () => {
  test('says the current failure in words with a countdown and "Retry now", never an older failure, and is live again on the first good poll', async ({ app, consolePage }) => {
    await expect(consolePage.status).toContainText('Live');
    app.sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'status', status: 503 } });
    await app.core.handlers['queue:refresh-now'](undefined);
    await expect(consolePage.status).toContainText('HTTP 503');
    await expect(consolePage.status).toContainText(/retrying in \d+ s/);
    const retry = consolePage.page.getByRole('button', { name: 'Retry now' });
    await expect(retry).toBeVisible();
    // The last good list stays.
    await expect(consolePage.requestRows).toHaveCount(app.pending().length);

    app.sim.control.clearFaults();
    app.sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'reset' } });
    await retry.click();
    await expect(consolePage.status).toContainText(/interrupted/i);
    await expect(consolePage.status).not.toContainText('503');

    app.sim.control.clearFaults();
    await consolePage.page.getByRole('button', { name: 'Retry now' }).click();
    await expect(consolePage.status).toContainText('Live');
    await expect(consolePage.page.getByRole('button', { name: 'Retry now' })).toHaveCount(0);
  });
});
