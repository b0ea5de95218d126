/**
 * Issue 7 through the browser host: a workspace shaped like a real tenant, 300 pending requests
 * on top of 30,000 decided ones, the list answered as ONE bare array (fruxon-api.md §3.2).
 */
import type { SimulatorHandle } from '../../src-sim/index';
import { expect, test } from './fixtures';

const PENDING = 300;
const HISTORY = 30_000;

/** The list calls logged, by status asked for; `since`: only those sent from then on (the log has them when they end). */
const listCalls = (sim: SimulatorHandle, since = 0) =>
  sim.control
    .requestLog()
    .filter((e) => e.path.endsWith('/participantAccessRequests') && e.at >= since)
    .map((e) => new URLSearchParams(e.search).get('status') ?? '(none)');

test.describe('a real tenant: 300 pending on 30,000 decided, one bare array', () => {
  test.use({ simOptions: { seed: 42, pending: PENDING, history: HISTORY } });

  test('the pending queue shows; a steady poll reads only the pending list; the decided tabs hold the newest 20,000 and say so', async ({ app, consolePage, page }) => {
    await consolePage.expectTabCount('Pending', PENDING);
    await expect(consolePage.status).toContainText('Live');
    const decided = app.sim.control.listRequests().filter((r) => r.status !== 'PENDING');
    expect(decided.length).toBeGreaterThan(HISTORY);
    // The default "Decided requests kept" is 20,000: the newest of them, split over the two tabs.
    await expect
      .poll(async () => {
        const names = await Promise.all([consolePage.tab('Approved'), consolePage.tab('Rejected')].map((t) => t.textContent()));
        return names.map((n) => Number((n ?? '').replace(/\D/g, ''))).reduce((a, b) => a + b, 0);
      })
      .toBe(20_000);
    // Counts of what the console holds: the server has more, and the tabs say so.
    for (const name of ['Approved', 'Rejected'] as const) await expect(consolePage.tab(name)).toHaveText(/\d\+$/);
    await expect(consolePage.tab('Pending')).toHaveText(/\d$/);

    app.sim.control.resetLog();
    // Two polls of our own (a refresh that meets a poll under way joins it), each the pending list only.
    await expect
      .poll(async () => {
        await app.refreshNow();
        return listCalls(app.sim).length;
      })
      .toBeGreaterThanOrEqual(2);
    expect(new Set(listCalls(app.sim))).toEqual(new Set(['PENDING']));

    await consolePage.tab('Approved').click();
    const grid = consolePage.grid;
    const noteId = await grid.getAttribute('aria-describedby');
    expect(noteId).toBeTruthy();
    const note = page.locator(`[id="${noteId}"]`);
    await expect(note).toContainText(/Last refreshed \d\d:\d\d\./);
    await expect(note).toContainText('Older approved requests are not shown: only the newest 20,000 decided requests are kept.');

    // Earlier requests of a sender may be beyond what is kept: the detail pane says so.
    await consolePage.tab('Pending').click();
    await consolePage.requestRows.first().click();
    await expect(consolePage.detail).toContainText('older requests from this sender may be missing');
  });

  test('a search in the long queue shows only the rows that match; the row elements kept for later are never seen, read or clicked', async ({ app, consolePage, page }) => {
    await consolePage.expectTabCount('Pending', PENDING);
    const before = await consolePage.requestIdsShown();
    const target = app.sim.control.listRequests().find((r) => r.id === before[4])!;
    await consolePage.search.fill(target.address);
    await expect(consolePage.grid).toHaveAttribute('aria-rowcount', /^[1-9]$/);
    const shown = await consolePage.requestIdsShown();
    expect(shown).toContain(target.id);
    const byId = new Map(app.sim.control.listRequests().map((r) => [r.id, r]));
    for (const id of shown) expect(byId.get(id)!.address).toContain(target.address);
    // The elements of the rows it left out are kept, out of sight and out of the accessibility tree.
    const kept = consolePage.grid.locator('.row-parked');
    expect(await kept.count()).toBeGreaterThan(0);
    for (const el of await kept.all()) await expect(el).toBeHidden();
    await expect(consolePage.grid.getByRole('row')).toHaveCount(shown.length);
    // They sit where the first row is: a click there reaches the row (Playwright checks what the pointer hits).
    await consolePage.requestRows.first().click();
    await expect(consolePage.detail).toBeVisible();
    await page.keyboard.press('Escape');
    // Erasing the search brings the whole queue back, in the elements kept.
    await consolePage.search.fill('');
    await expect(consolePage.grid).toHaveAttribute('aria-rowcount', String(PENDING));
    await expect.poll(async () => (await consolePage.requestIdsShown()).length).toBeGreaterThan(10);
    expect(await consolePage.requestIdsShown()).toContain(target.id);
    for (const el of await kept.all()) await expect(el).toBeHidden();
  });

  test('a palette command that changes the list gives focus back to the cursor row, not to the element another person now has', async ({ app, consolePage, page }) => {
    await consolePage.expectTabCount('Pending', PENDING);
    const focusedAndCursor = () =>
      page.evaluate(() => {
        const d = (globalThis as unknown as { document: { activeElement: { closest(s: string): { getAttribute(n: string): string | null } | null } | null; querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
        return { focused: d.activeElement?.closest('[data-request-id]')?.getAttribute('data-request-id') ?? null, cursor: d.querySelector('[role="row"][aria-selected="true"]')?.getAttribute('data-request-id') ?? null };
      });
    // A short result: the second of its rows is the cursor and has focus.
    const before = await consolePage.requestIdsShown();
    const target = app.sim.control.listRequests().find((r) => r.id === before[6])!;
    await consolePage.search.fill(target.provider === 'SMS' ? 'sms' : target.displayName.slice(0, 3));
    await page.keyboard.press('Enter');
    await page.keyboard.press('j');
    const start = await focusedAndCursor();
    expect(start.focused).not.toBeNull();
    expect(start.focused).toBe(start.cursor);
    // Ctrl+K, "Clear filters": the whole queue again, its rows taking the elements in order.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('Clear filters');
    await page.keyboard.press('Enter');
    await expect(consolePage.grid).toHaveAttribute('aria-rowcount', String(PENDING));
    await expect.poll(focusedAndCursor).toEqual({ focused: start.cursor, cursor: start.cursor });
  });

  test('F1: a list body that cannot be parsed leaves the queue on screen, marked stale, with the reason and the next attempt', async ({ app, consolePage }) => {
    await consolePage.expectTabCount('Pending', PENDING);
    const shown = await consolePage.requestIdsShown();
    app.sim.control.injectFault({ route: 'list-requests', action: { kind: 'malformed-json' } });
    await app.core.handlers['queue:refresh-now'](undefined);
    await expect(consolePage.status).toContainText(/Stale – .*\(last updated \d\d:\d\d\)/);
    await expect(consolePage.status).toContainText('The server sent an invalid response (malformed data).');
    await expect(consolePage.status).toContainText(/Trying again at \d\d:\d\d:\d\d/);
    await consolePage.expectTabCount('Pending', PENDING);
    expect(await consolePage.requestIdsShown()).toEqual(shown);
    await app.refreshNow();
    await expect(consolePage.status).toContainText('Live');
  });
});

test.describe('a server that ignores the status filter: every poll is the whole 30,300-row array', () => {
  test.use({ simOptions: { seed: 42, pending: PENDING, history: HISTORY, ignoreStatusFilter: true } });

  test('the pending queue still shows, and the whole array stands in for history', async ({ app, consolePage }) => {
    await consolePage.expectTabCount('Pending', PENDING);
    await expect(consolePage.status).toContainText('Live');
    // The first pending list holds every status; the history list read at once to check (or the
    // next pending list) holds them too, and from then on the console asks for the whole list.
    // Wait until a refresh asks only for that (a history read begun before may end meanwhile).
    await expect
      .poll(
        async () => {
          const since = Date.now();
          await app.refreshNow();
          return [...new Set(listCalls(app.sim, since))];
        },
        { timeout: 30_000 },
      )
      .toEqual(['(none)']);
    app.sim.control.resetLog();
    const since = Date.now();
    // A refresh that meets a poll already under way joins it (its call was sent before `since`):
    // refresh until a poll of our own has been made, then every call sent since is unfiltered.
    await expect
      .poll(async () => {
        await app.refreshNow();
        return listCalls(app.sim, since).length;
      })
      .toBeGreaterThan(0);
    expect(new Set(listCalls(app.sim, since))).toEqual(new Set(['(none)']));
    await consolePage.expectTabCount('Pending', PENDING);
  });
});
