/**
 * An operator's walk-through (issue 9, items 3, 5, 6, 7 and 9): what a decision did, ages and
 * workload, search, window sizes from 800×560 up, the first run on the demo and signing in.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The element is visible and wholly inside the window (not pushed below it). */
async function expectInWindow(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  const box = (await target.boundingBox())!;
  const size = page.viewportSize()!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
}

/** The page has no horizontal scroll and its header is one line. */
async function expectFits(page: Page): Promise<void> {
  expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
  const header = (await page.getByRole('banner').boundingBox())!;
  expect(header.height).toBeLessThan(52);
}

test.describe('what a decision did', () => {
  test('the Approved tab and the pane show the mode, the participant by name, the note, who and when; inference is labelled', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const { requestId } = app.sim.facts.requests.addToExisting;
    await consolePage.approve(requestId, 'Add to existing participant', { participant: 'Kwame Mensah', note: 'Second phone' });
    await expect.poll(() => app.sim.control.getRequest(requestId)?.status).toBe('APPROVED');
    const matched = app.sim.facts.requests.matched;
    app.sim.control.decideAsOtherOperator(matched.requestId, 'APPROVED');
    await app.refreshNow();

    await consolePage.tab('Approved').click();
    await expect(consolePage.row(requestId)).toHaveAccessibleName(/Added to Kwame Mensah/);
    await expect(consolePage.row(matched.requestId)).toHaveAccessibleName(/Bound to Анна Кузнецова \(inferred\)/);

    await consolePage.row(requestId).click();
    const decision = consolePage.detail.getByRole('region', { name: 'Decision' });
    await expect(decision).toContainText(/Approved by .+ at \d/);
    await expect(decision).toContainText('Added to an existing participant (approved from this console)');
    await expect(decision).toContainText('Kwame Mensah');
    await expect(consolePage.detail).toContainText('Second phone');

    await page.keyboard.press('j');
    await consolePage.row(matched.requestId).click();
    await expect(consolePage.detail.getByRole('region', { name: 'Decision' })).toContainText('Probably bound to the matched participant (inferred');
    await expect(consolePage.detail.getByRole('region', { name: 'Decision' })).toContainText('Approved by Alice Moreno');
  });
});

test.describe('ages, workload, sort and the window title', () => {
  test.use({ simOptions: { seed: 42, pending: 12 } });

  test('oldest waiting and the count over the red threshold, sort by agent, the pending count in the title', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const pending = app.pending().length;
    await expect(page).toHaveTitle(`${pending} waiting – Fruxon Access Console`);
    const bar = page.getByRole('search', { name: 'Filters' });
    await expect(bar).toContainText(/Oldest waiting \d+ (d|h)/);
    await expect(bar).toContainText(/\d+ over 4 h/);

    const order = page.getByRole('combobox', { name: 'Order' });
    await expect(order).toHaveValue('oldest');
    const agentOf = (id: string) => app.sim.facts.agents.find((a) => a.id === app.sim.control.getRequest(id)!.agentId)?.displayName ?? '';
    await order.selectOption('agent');
    await expect.poll(async () => {
      const names = (await consolePage.requestIdsShown()).map(agentOf);
      return names.join('|') === [...names].sort((a, b) => a.localeCompare(b)).join('|');
    }).toBe(true);
    await expect.poll(() => app.core.settings().pendingSort).toBe('agent');

    const target = app.pending()[0]!;
    await consolePage.reject(target);
    await expect(page).toHaveTitle(`${pending - 1} waiting – Fruxon Access Console`);
  });
});

test.describe('search', () => {
  test.use({ simOptions: { seed: 42, pending: 20 }, viewport: { width: 1280, height: 800 } });

  test('an unknown qualifier value is flagged, qualifiers tick the chips, and Space never scrolls away from the cursor', async ({ app, consolePage }) => {
    const page = consolePage.page;
    await consolePage.search.fill('provider:whatsup');
    await expect(page.getByText('Nothing here matches provider:whatsup – check the spelling.')).toBeVisible();
    await expect(consolePage.requestRows).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'No requests match the filters' })).toBeVisible();

    await consolePage.search.fill('provider:whatsap');
    const whatsapp = app.sim.control.listRequests().filter((r) => r.status === 'PENDING' && r.provider === 'whatsapp').length;
    await expect(consolePage.requestRows).toHaveCount(whatsapp);
    await expect(consolePage.providerChip('whatsapp')).toBeChecked();
    await consolePage.providerChip('sms').click();
    await expect(consolePage.search).toHaveValue('provider:whatsap provider:sms');
    await consolePage.clearFilters.click();

    await page.keyboard.press('Home');
    await page.keyboard.press('PageDown');
    const cursor = await consolePage.selectedRow.getAttribute('data-request-id');
    const scrollTop = () => consolePage.grid.evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop);
    const before = await scrollTop();
    await page.keyboard.press('Space');
    await expect(consolePage.detail).toBeVisible();
    await page.keyboard.press('Space');
    await expect(consolePage.detail).toHaveCount(0);
    expect(await scrollTop()).toBe(before);
    await expect(consolePage.selectedRow).toHaveAttribute('data-request-id', cursor!);
    await expect(consolePage.selectedRow).toBeInViewport();
  });
});

for (const [width, height] of [
  [800, 560],
  [900, 600],
  [1400, 900],
] as const) {
  test.describe(`fits ${width}×${height}`, () => {
    test.use({ viewport: { width, height } });

    test(`${width}×${height}: one header line, rows to work with, the pane and the dialogs keep their buttons in view`, async ({ app, consolePage }) => {
      const page = consolePage.page;
      await expectFits(page);
      const grid = (await consolePage.grid.boundingBox())!;
      expect(grid.height / 52).toBeGreaterThanOrEqual(height < 700 ? 5 : 10);
      // With the pane closed the list has the whole width: agent and connector stay.
      await expect(consolePage.grid.locator('.cell-context').first()).toBeVisible();
      // A filtered list says how many it shows, on the filter bar's lines.
      await page.keyboard.press('/');
      await page.keyboard.type('whatsapp');
      await expect(page.locator('.shown-count')).toBeVisible();
      await expect(page.locator('.shown-count')).toContainText(/^\d+ of \d+/);
      await expect(page.getByRole('button', { name: 'Clear filters' })).toBeVisible();
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await expectFits(page);

      const { requestId } = app.sim.facts.requests.addToExisting;
      await consolePage.row(requestId).click();
      const close = consolePage.detail.getByRole('button', { name: 'Close details' });
      expect((await close.boundingBox())!.height).toBeLessThan(40);

      await page.keyboard.press('a');
      await page.keyboard.press('e');
      const dialog = consolePage.dialog('Approve request');
      await expect(dialog.getByRole('option').first()).toBeVisible();
      const list = (await dialog.getByRole('listbox', { name: 'Participants' }).boundingBox())!;
      expect(list.height).toBeLessThanOrEqual(300);
      // The confirm button and what blocks it stay in the window.
      await expectInWindow(page, dialog.getByRole('button', { name: 'Approve', exact: true }));
      await expectInWindow(page, dialog.getByText('Choose the participant to add this channel to.'));
      await page.keyboard.press('Escape');

      await consolePage.openSettings();
      await expectInWindow(page, consolePage.dialog('Settings').getByRole('button', { name: 'Save' }));
      await page.keyboard.press('Escape');
      await expectFits(page);

      // The decided tabs say who decided and when in full: no name or time cut short.
      await page.keyboard.press('Escape');
      await page.getByRole('tab', { name: /^Rejected/ }).click();
      const processed = consolePage.grid.locator('.cell-processed .line-clip, .cell-processed .line-sub');
      await expect(processed.first()).toBeVisible();
      const cut = await processed.evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => (e as unknown as { innerText: string }).innerText));
      expect(cut).toEqual([]);
      expect(await processed.count()).toBeGreaterThanOrEqual(4);
    });
  });
}

test.describe('first run on the demo', () => {
  test.use({ workspace: 'none' });

  test('a visible demo banner with "Connect a real workspace"; the header then shows the workspace; Esc always closes sign-in; the verification page is a link', async ({ app, consolePage }) => {
    const page = consolePage.page;
    await expect(page.getByText('Demo workspace', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Connect a real workspace' }).click();
    const dialog = consolePage.dialog('Sign in');
    await dialog.getByRole('textbox', { name: 'API URL' }).fill(app.sim.url);
    await dialog.getByRole('button', { name: 'Start sign-in' }).click();
    const link = dialog.getByRole('link', { name: 'Open verification page' });
    await expect(link).toBeFocused();
    const href = (await link.getAttribute('href'))!;
    expect(new URL(href).searchParams.get('user_code')).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expect(dialog.getByRole('button', { name: 'Copy link' })).toBeVisible();
    // Focus fell off the dialog (the page was clicked): Esc still closes it.
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // The operator approves in the browser; the header then names the workspace.
    const verify = await page.context().newPage();
    await verify.goto(href);
    await verify.getByRole('button', { name: 'Approve' }).click();
    await expect(verify.getByRole('heading', { name: 'Device approved' })).toBeVisible();
    // Back to the console, as the operator would; the tab is left to the context to close (auth.spec.ts says why).
    await page.bringToFront();
    await expect(page.getByRole('button', { name: /^Workspaces: / })).toBeVisible({ timeout: 15_000 });
  });

});

test.describe('empty states', () => {
  test.use({ simOptions: { seed: 42, pending: 0 } });

  test('an empty queue and a filtered one say which, in the middle of the list, with the way back', async ({ consolePage }) => {
    const panel = consolePage.page.getByRole('tabpanel');
    const empty = panel.getByRole('status').filter({ hasText: 'Nobody is waiting' });
    await expect(empty).toBeVisible();
    const centred = async (box: { y: number; height: number }) => {
      const area = (await panel.boundingBox())!;
      return Math.abs(box.y + box.height / 2 - (area.y + area.height / 2)) < area.height / 4;
    };
    expect(await centred((await empty.boundingBox())!)).toBe(true);

    await consolePage.tab('Approved').click();
    await consolePage.search.fill('zzz-nothing');
    const filtered = panel.getByRole('status').filter({ hasText: 'No requests match the filters' });
    await expect(filtered).toBeVisible();
    expect(await centred((await filtered.boundingBox())!)).toBe(true);
    await filtered.getByRole('button', { name: 'Clear filters' }).click();
    await expect(consolePage.search).toHaveValue('');
    await expect(consolePage.requestRows.first()).toBeVisible();
  });
});
