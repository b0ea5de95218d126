import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, TEST_SETTINGS } from './fixtures';
import type { ConsoleApp } from './fixtures';
import type { ConsolePage } from './pages/console-page';

/** Serious and critical axe violations on the page as it is now, as readable lines. */
async function seriousViolations(page: Page, only?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (only) builder = builder.include(only);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const where = v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ');
      const why = v.nodes[0]?.any[0]?.message ?? v.nodes[0]?.failureSummary ?? '';
      return `${v.impact} ${v.id}: ${v.help} — ${where} — ${why}`;
    });
}

type Opener = (c: ConsolePage, facts: { matched: string[]; plain: string[] }, app: ConsoleApp) => Promise<void>;

const screens: Array<[string, Opener]> = [
  ['main screen', async (c) => {
    await expect(c.grid).toBeVisible();
  }],
  ['request details', async (c, f) => {
    await c.row(f.plain[0]!).click();
    await expect(c.detail).toBeVisible();
  }],
  ['Approve request dialog', async (c, f) => {
    await c.openApprove(f.plain[0]!);
  }],
  ['Reject request dialog', async (c, f) => {
    await c.openReject(f.plain[0]!);
  }],
  ['Bulk reject dialog', async (c, f) => {
    for (const id of f.plain.slice(0, 2)) await c.row(id).getByRole('checkbox', { name: 'Select' }).check();
    await c.page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: /Reject selected/ }).click();
    await expect(c.dialog('Bulk reject')).toBeVisible();
  }],
  ['Bulk bind dialog', async (c, f) => {
    for (const id of f.matched) await c.row(id).getByRole('checkbox', { name: 'Select' }).check();
    await c.page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: /Bind selected/ }).click();
    await expect(c.dialog('Bulk bind')).toBeVisible();
  }],
  ['Keyboard shortcuts overlay', async (c) => {
    await c.page.keyboard.press('?');
    await expect(c.dialog('Keyboard shortcuts')).toBeVisible();
  }],
  ['Command palette', async (c) => {
    await c.page.keyboard.press('Control+k');
    await expect(c.dialog('Command palette')).toBeVisible();
  }],
  ['Settings dialog', async (c) => {
    await c.page.keyboard.press('Control+,');
    await expect(c.dialog('Settings')).toBeVisible();
  }],
  ['Sign in dialog', async (c) => {
    await c.openSignIn();
  }],
  ['Sign in dialog waiting for the device code', async (c, _f, app) => {
    const dialog = await c.openSignIn();
    await dialog.getByRole('textbox', { name: 'API URL' }).fill(app.sim.url);
    await dialog.getByRole('button', { name: 'Start sign-in' }).click();
    await expect(dialog.getByRole('link', { name: 'Open verification page' })).toBeFocused();
  }],
  ['Approve dialog in add-to-existing (participant search)', async (c, f) => {
    await c.row(f.plain[0]!).click();
    await c.page.keyboard.press('a');
    await c.page.keyboard.press('e');
    await expect(c.dialog('Approve request').getByRole('option').first()).toBeVisible();
  }],
  ['decided request in the detail pane', async (c, _f, app) => {
    await c.tab('Approved').click();
    await c.row(app.sim.facts.requests.approvedByAliceRequestId).click();
    await expect(c.detail.getByRole('region', { name: 'Decision' })).toBeVisible();
  }],
  ['notices: new requests, a failed decision and a bulk report', async (c, f, app) => {
    app.sim.control.addPendingRequest({ displayName: 'Nadia Notice' });
    await app.refreshNow();
    app.sim.control.injectFault({ route: 'reject', times: 1, action: { kind: 'reset' } });
    await c.reject(f.plain[0]!);
    for (const id of f.plain.slice(1, 3)) await c.row(id).getByRole('checkbox', { name: 'Select' }).check();
    await c.page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: /Reject selected/ }).click();
    await c.page.keyboard.press('Enter');
    await expect(c.notices.getByRole('region', { name: 'Bulk reject report' })).toBeVisible({ timeout: 15_000 });
    await expect(c.notices.getByRole('button', { name: 'Retry' })).toBeVisible();
  }],
  ['search flagged and the filtered empty state', async (c) => {
    await c.search.fill('provider:whatsup');
    await expect(c.page.getByText('Nothing here matches provider:whatsup – check the spelling.')).toBeVisible();
  }],
  ['status line after a failure (countdown, Retry now)', async (c, _f, app) => {
    app.sim.control.injectFault({ route: 'list-requests', times: Infinity, action: { kind: 'status', status: 503 } });
    await app.core.handlers['queue:refresh-now'](undefined);
    await expect(c.page.getByRole('button', { name: 'Retry now' })).toBeVisible();
  }],
  ['900×600 with the detail pane', async (c, f) => {
    await c.page.setViewportSize({ width: 900, height: 600 });
    await c.row(f.plain[0]!).click();
    await expect(c.detail).toBeVisible();
  }],
];

test.describe('accessibility (axe): no serious or critical violations', () => {
  for (const [name, open] of screens) {
    test(`${name}`, async ({ app, consolePage }) => {
      const facts = app.sim.facts.requests;
      const plain = app.sim.control
        .listRequests()
        .filter((r) => r.status === 'PENDING' && r.matchedParticipantId === null && r.agentId !== app.sim.facts.readOnlyAgentId)
        .map((r) => r.id);
      await open(consolePage, { matched: [facts.matched.requestId, facts.matchedSecond.requestId], plain }, app);
      // The screen behind a modal is the main screen, checked on its own: check just the dialog.
      const modal = (await consolePage.page.getByRole('dialog').count()) > 0 ? 'dialog[open]' : undefined;
      expect(await seriousViolations(consolePage.page, modal)).toEqual([]);
    });
  }
});

test.describe('what a screen reader hears on a row\'s controls', () => {
  test('Approve, Reject and Select say whom they act on (name, address, provider)', async ({ app, consolePage }) => {
    const target = app.sim.control.listRequests().find((r) => r.status === 'PENDING' && r.agentId !== app.sim.facts.readOnlyAgentId && /^\+\d+$/.test(r.address))!;
    await consolePage.row(target.id).click();
    const row = consolePage.row(target.id);
    for (const name of ['Approve', 'Reject']) {
      const button = row.getByRole('button', { name, exact: true });
      await expect(button).toHaveAccessibleDescription(new RegExp(`${target.address.replace('+', '\\+')}`));
    }
    await expect(row.getByRole('checkbox', { name: 'Select' })).toHaveAccessibleDescription(new RegExp(target.address.replace('+', '\\+')));
    // (A blocked button is described by its reason instead: queue.spec.ts, F35.)
  });
});

test.describe('accessibility (axe) on the first run', () => {
  test.use({ workspace: 'none' });

  test('demo banner and the empty header', async ({ consolePage }) => {
    await expect(consolePage.page.getByRole('button', { name: 'Connect a real workspace' })).toBeVisible();
    expect(await seriousViolations(consolePage.page)).toEqual([]);
  });
});

test.describe('keyboard focus never drops to the page when the control that had it goes', () => {
  // No poll in between (a new list puts focus back on the cursor row by itself), and a short undo window.
  test.use({ simOptions: { seed: 42, pending: 12 }, settings: { ...TEST_SETTINGS, pollSeconds: 600, undoSeconds: 1 } });
  const activeRequest = (c: ConsolePage) => c.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { closest(s: string): { getAttribute(n: string): string | null } | null; tagName: string } | null } }).document.activeElement?.closest('[role="row"]')?.getAttribute('data-request-id') ?? null);

  test('a 429 disables the row button that had focus: focus goes to the cursor row, not to the page', async ({ app, consolePage }) => {
    const plain = app.sim.control.listRequests().filter((r) => r.status === 'PENDING' && r.agentId !== app.sim.facts.readOnlyAgentId);
    const shown = await consolePage.requestIdsShown();
    const first = shown.find((id) => plain.some((r) => r.id === id))!;
    app.sim.control.injectFault({ route: 'reject', times: 1, action: { kind: 'status', status: 429, headers: { 'Retry-After': '30' } } });
    await consolePage.row(first).click();
    await consolePage.page.keyboard.press('Escape');
    await consolePage.page.keyboard.press('r');
    await consolePage.page.keyboard.press('Enter');
    // The cursor moved on; focus goes to that row's Approve button, which the 429 will disable.
    const next = await consolePage.selectedRow.getAttribute('data-request-id');
    await consolePage.row(next!).getByRole('button', { name: 'Approve', exact: true }).focus();
    await expect(consolePage.row(next!).getByRole('button', { name: 'Approve', exact: true })).toBeFocused();
    await expect(consolePage.row(next!).getByRole('button', { name: 'Approve', exact: true })).toBeDisabled({ timeout: 10_000 });
    await expect.poll(() => activeRequest(consolePage)).toBe(next);
    await expect(consolePage.row(next!)).toBeFocused();
  });

  test('the last request a search shows is decided: focus goes to "Clear filters", not to the page', async ({ app, consolePage }) => {
    const target = app.sim.control.addPendingRequest({ displayName: 'Quincy Lastone', agentId: app.sim.control.listRequests().find((r) => r.agentId !== app.sim.facts.readOnlyAgentId)!.agentId });
    await app.refreshNow();
    await consolePage.search.fill('Quincy Lastone');
    await expect(consolePage.requestRows).toHaveCount(1);
    await consolePage.page.keyboard.press('Enter');
    await expect(consolePage.row(target.id)).toBeFocused();
    await consolePage.page.keyboard.press('r');
    await consolePage.page.keyboard.press('Enter');
    await expect.poll(() => app.sim.control.getRequest(target.id)?.status, { timeout: 15_000 }).toBe('REJECTED');
    await expect(consolePage.page.getByRole('tabpanel', { name: 'Pending' }).getByRole('button', { name: 'Clear filters' })).toBeFocused({ timeout: 15_000 });
  });
});
