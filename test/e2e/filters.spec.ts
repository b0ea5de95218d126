import { expect, test } from './fixtures';

test.describe('filters and search', () => {
  // Tall enough that the virtualised grid renders every row, so counts can be compared.
  test.use({ simOptions: { seed: 42, pending: 20 }, viewport: { width: 1280, height: 2000 } });

  test('a provider chip narrows the queue to that provider, and Clear filters restores it', async ({ app, consolePage }) => {
    const pending = app.sim.control.listRequests().filter((r) => r.status === 'PENDING');
    const byProvider = new Map<string, string[]>();
    for (const r of pending) byProvider.set(r.provider, [...(byProvider.get(r.provider) ?? []), r.id]);
    const [provider, ids] = [...byProvider.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(ids.length).toBeLessThan(pending.length);

    await expect(consolePage.requestRows).toHaveCount(pending.length);
    const chip = consolePage.providerChip(provider);
    await expect(chip).toHaveAccessibleName(new RegExp(`\\b${ids.length}$`));
    await chip.click();
    await expect(consolePage.requestRows).toHaveCount(ids.length);
    expect((await consolePage.requestIdsShown()).sort()).toEqual([...ids].sort());
    await expect(consolePage.shownLine()).toContainText(`${ids.length} of ${pending.length} shown`);

    await consolePage.clearFilters.click();
    await expect(consolePage.requestRows).toHaveCount(pending.length);
    await expect(consolePage.clearFilters).toBeHidden();
  });

  test('search finds a request by name and by address, "/" focuses the search box', async ({ app, consolePage }) => {
    const target = app.sim.control.addPendingRequest({ displayName: 'Quentin Searchable' });
    await app.refreshNow();
    await expect(consolePage.row(target.id)).toBeAttached();

    await consolePage.page.keyboard.press('/');
    await expect(consolePage.search).toBeFocused();
    await consolePage.page.keyboard.type('quentin search');
    await expect(consolePage.requestRows).toHaveCount(1);
    await expect(consolePage.row(target.id)).toBeAttached();

    await consolePage.search.fill(target.address);
    await expect(consolePage.row(target.id)).toBeAttached();
    for (const id of await consolePage.requestIdsShown()) {
      expect(app.sim.control.getRequest(id)!.address).toContain(target.address);
    }

    await consolePage.search.fill('zzz-nothing-matches-this');
    await expect(consolePage.requestRows).toHaveCount(0);
    await expect(consolePage.shownLine()).toContainText('0 of');
  });

  test('F14: a name with markup is shown as text and never runs', async ({ app, consolePage }) => {
    const hostile = '<img src=x onerror="window.__pwned=1">Mallory</div>';
    const added = app.sim.control.addPendingRequest({ displayName: hostile });
    await app.refreshNow();
    await expect(consolePage.row(added.id)).toContainText('<img src=x');
    expect(await consolePage.page.evaluate<boolean>('window.__pwned === 1')).toBe(false);
    await expect(consolePage.row(added.id).locator('img[src="x"]')).toHaveCount(0);
  });

  test('F13: a 10,000-character name does not widen the page', async ({ app, consolePage }) => {
    const added = app.sim.control.addPendingRequest({ displayName: 'W'.repeat(10_000) });
    await app.refreshNow();
    await expect(consolePage.row(added.id)).toBeAttached();
    const overflow = await consolePage.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
