import { expect, test } from './fixtures';

test.describe('bulk reject', () => {
  test('bulk reject with one item already decided elsewhere reports per item', async ({ app, consolePage }) => {
    const targets = app.sim.control
      .listRequests()
      .filter((r) => r.status === 'PENDING' && r.agentId !== app.sim.facts.readOnlyAgentId)
      .slice(0, 3);
    for (const r of targets) await consolePage.row(r.id).getByRole('checkbox', { name: 'Select' }).check();
    const bar = consolePage.page.getByRole('toolbar', { name: 'Bulk actions' });
    await expect(bar).toContainText('3 selected');
    await bar.getByRole('button', { name: /Reject selected/ }).click();
    const dialog = consolePage.dialog('Bulk reject');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('3');
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Bulk: spam wave');
    await dialog.getByRole('button', { name: /^Reject/ }).click();
    await expect(dialog).toBeHidden();
    // Alice approves one of them while the batch waits out its undo window.
    app.sim.control.decideAsOtherOperator(targets[1]!.id, 'APPROVED');

    const report = consolePage.decisions.getByRole('region', { name: 'Bulk reject report' });
    await expect(report).toBeVisible({ timeout: 15_000 });
    await expect(report).toContainText('2 applied, 1 already decided by someone else, 0 failed');
    await expect(report.getByRole('listitem')).toHaveCount(3);
    await expect(report).toContainText(/Already approved by Alice Moreno/);
    expect(targets.map((r) => app.sim.control.getRequest(r.id)!.status)).toEqual(['REJECTED', 'APPROVED', 'REJECTED']);
    expect(app.sim.control.getRequest(targets[0]!.id)!.processingNote).toBe('Bulk: spam wave');
  });
});
