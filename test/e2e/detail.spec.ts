import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

test.describe('request details', () => {
  test('the same phone on WhatsApp and SMS is shown under "Same sender elsewhere", and opens from there', async ({ app, consolePage, page }) => {
    const dup = app.sim.facts.requests.duplicatePhone;
    const sms = app.sim.control.getRequest(dup.smsRequestId)!;
    const agent = app.sim.facts.agents.find((a) => a.id === sms.agentId)!.displayName;

    await consolePage.row(dup.whatsappRequestId).click();
    const detail = consolePage.detail;
    await expect(detail).toContainText(dup.address);
    const elsewhere = detail.getByRole('list', { name: 'Same sender elsewhere' });
    const item = elsewhere.getByRole('listitem').filter({ hasText: 'SMS' });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Pending');
    await expect(item).toContainText(agent);
    await expect(item).toContainText(sms.address);
    // Not repeated as same-connector history, and the request itself is not listed.
    await expect(detail).toContainText('No earlier requests from this sender.');
    await expect(elsewhere.getByRole('listitem').filter({ hasText: 'WhatsApp' })).toHaveCount(0);

    const violations = (await new AxeBuilder({ page }).include('[aria-label="Request details"]').analyze()).violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // The SMS request has no name; its entry opens it in the pane and moves the cursor there.
    await item.getByRole('button', { name: '(no name)' }).click();
    await expect(consolePage.selectedRow).toHaveAttribute('data-request-id', dup.smsRequestId);
    await expect(detail.getByRole('list', { name: 'Same sender elsewhere' }).getByRole('listitem').filter({ hasText: 'WhatsApp' })).toContainText('Amira Haddad');
  });
});
