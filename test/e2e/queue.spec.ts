import type { RawRequest } from '../../src-sim/types';
import { expect, test } from './fixtures';

/** The name a row shows: "(no name)" when empty; invisible format characters may be stripped for display (F16). */
function shownName(r: RawRequest): string | null {
  const name = r.displayName.trim();
  if (!name) return '(no name)';
  return /\p{Cf}/u.test(name) ? null : name.replace(/\s+/g, ' ');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.describe('queue', () => {
  test('the page loads without a missing file: every request of a fresh load answers, the tab icon included', async ({ page, app }) => {
    const failed: string[] = [];
    page.on('response', (res) => void (res.status() >= 400 && failed.push(`${res.status()} ${new URL(res.url()).pathname.split('/').pop()}`)));
    page.on('requestfailed', (req) => failed.push(`failed ${new URL(req.url()).pathname.split('/').pop()}`));
    const icon = page.waitForResponse((res) => res.url().endsWith('/favicon.png'), { timeout: 10_000 });
    await page.goto(app.url);
    await expect(page.locator('html[data-ready="true"]')).toBeAttached();
    expect((await icon).status()).toBe(200);
    expect(failed).toEqual([]);
  });

  test('seeded pending requests appear with their names, addresses and tab counts', async ({ app, consolePage }) => {
    const pending = app.sim.control.listRequests().filter((r) => r.status === 'PENDING');
    expect(pending.length).toBeGreaterThan(0);
    await consolePage.expectTabCount('Pending', pending.length);
    await expect(consolePage.requestRows).toHaveCount(pending.length);
    for (const r of pending) {
      const row = consolePage.row(r.id);
      await expect(row).toBeAttached();
      await expect(row).toHaveAccessibleName(new RegExp(escapeRe(r.address)));
      const name = shownName(r);
      if (name !== null) await expect(row).toHaveAccessibleName(new RegExp(escapeRe(name)));
    }
    const decided = app.sim.control.listRequests();
    await consolePage.expectTabCount('Approved', decided.filter((r) => r.status === 'APPROVED').length);
    await consolePage.expectTabCount('Rejected', decided.filter((r) => r.status === 'REJECTED').length);
    await expect(consolePage.status).toContainText('Live');
  });

  test('a right-to-left name starts at the left edge of its column, like every other name and the address under it', async ({ app, consolePage }) => {
    const arabic = app.sim.control.addPendingRequest({ displayName: 'فاطمة الزهراء', address: '+5511968777054' });
    const latin = app.sim.control.addPendingRequest({ displayName: 'Ana', address: '+5511968777055' });
    await app.refreshNow();
    const left = async (id: string, selector: string) => {
      // Where the text itself starts (a range over the element's contents), not the element's box.
      const x = await consolePage.row(id).locator(selector).first().evaluate((el: unknown) => {
        type Range = { selectNodeContents(node: unknown): void; getBoundingClientRect(): { left: number } };
        const range = (el as { ownerDocument: { createRange(): Range } }).ownerDocument.createRange();
        range.selectNodeContents(el);
        return range.getBoundingClientRect().left;
      });
      expect(x).toBeGreaterThan(0);
      return Math.round(x);
    };
    const addressLeft = await left(arabic.id, '.address');
    expect(await left(arabic.id, '.name')).toBe(addressLeft);
    expect(await left(latin.id, '.name')).toBe(addressLeft);
  });

  test('a new request appears after a refresh and is announced in the Notifications region', async ({ app, consolePage }) => {
    const added = app.sim.control.addPendingRequest({ displayName: 'Nadia Newcomer' });
    await app.refreshNow();
    await expect(consolePage.row(added.id)).toBeAttached();
    await expect(consolePage.row(added.id)).toHaveAccessibleName(/Nadia Newcomer/);
    await expect.poll(() => app.notices.length).toBe(1);
    const notice = app.notices[0]!;
    expect(`${notice.title} ${notice.body}`).toContain('Nadia Newcomer');
    expect(notice.requests).toEqual([{ workspaceId: expect.any(String), requestId: added.id }]);
    await expect(consolePage.notifications).toContainText(notice.title);
    await expect(consolePage.notifications).toContainText(notice.body);
  });

  test('a new request arrives by the regular poll within one interval (10 s)', async ({ app, consolePage }) => {
    const added = app.sim.control.addPendingRequest({ displayName: 'Polly Interval' });
    // pollSeconds is 10 (jitter ±10 %): no refresh, just wait a little over one interval.
    await expect(consolePage.row(added.id)).toBeAttached({ timeout: 15_000 });
    await expect(consolePage.notifications).toContainText('Polly Interval');
  });

  test('the first snapshot after launch is not announced (F46)', async ({ app, consolePage }) => {
    await consolePage.expectTabCount('Pending', app.pending().length);
    await app.refreshNow();
    await expect(consolePage.status).toContainText('Live');
    expect(app.notices).toEqual([]);
    await expect(consolePage.notifications).not.toContainText(/new|waiting/i);
  });

  test('F24: a 429 with Retry-After on the list shows "Rate limited" with the wait', async ({ app, consolePage }) => {
    await expect(consolePage.status).toContainText('Live');
    app.sim.control.injectFault({ route: 'list-requests', action: { kind: 'status', status: 429, headers: { 'Retry-After': '30' } } });
    await app.core.handlers['queue:refresh-now'](undefined);
    await expect(consolePage.status).toContainText('Rate limited');
    await expect(consolePage.status).toContainText(/refreshing in \d+ s/);
    // The last good list stays on screen.
    await expect(consolePage.requestRows).toHaveCount(app.pending().length);
  });
  test("F35: when the server can't be reached the status line says so in words, the queue stays and Approve/Reject are disabled with the reason; it recovers by itself", async ({ app, consolePage }) => {
    await expect(consolePage.status).toContainText('Live');
    const id = app.pending()[0]!;
    app.sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'reset' } });
    app.sim.control.injectFault({ route: 'auth-health', times: Infinity, action: { kind: 'reset' } });
    await app.core.handlers['queue:refresh-now'](undefined);
    await expect(consolePage.status).toContainText("Offline – can't reach the Fruxon server");
    await expect(consolePage.requestRows).toHaveCount(app.pending().length);
    const approve = consolePage.row(id).getByRole('button', { name: 'Approve' });
    const reject = consolePage.row(id).getByRole('button', { name: 'Reject' });
    await expect(approve).toBeDisabled();
    await expect(reject).toBeDisabled();
    await expect(approve).toHaveAttribute('title', /^Offline/);
    // What a screen reader hears on the disabled button is the reason, not the sender.
    await expect(approve).toHaveAccessibleDescription(/^Offline/);
    // The network comes back: the console's own check (every 5 s) finds it and polls after 0-3 s.
    app.sim.control.clearFaults();
    await expect(consolePage.status).toContainText('Live', { timeout: 20_000 });
    await expect(approve).toBeEnabled();
  });
});
