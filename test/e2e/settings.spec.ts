import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, TEST_SETTINGS } from './fixtures';

/** settings.json as main last saved it. */
function savedSettings(dataDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
}

test.describe('settings', () => {
  test('poll interval, theme and age thresholds changed in the dialog apply at once and survive a restart', async ({ app, consolePage, page }) => {
    const story = app.sim.facts.pendingStoryIds;
    const fourMinutes = story[0]!; // the WhatsApp story request, created 4 min before start
    const fiftyMinutes = story[4]!; // the read-only Slack request, 50 min old
    await expect(consolePage.row(fourMinutes)).toBeAttached();
    // Defaults that fit a support team: amber after 1 h, red after 4 h.
    await expect.poll(() => consolePage.ageLevel(fourMinutes)).toBe('fresh');
    await expect.poll(() => consolePage.ageLevel(fiftyMinutes)).toBe('fresh');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');

    const dialog = await consolePage.openSettings();
    await dialog.getByRole('spinbutton', { name: 'Poll interval' }).fill('45');
    await dialog.getByRole('spinbutton', { name: 'Amber age after' }).fill('2');
    await dialog.getByRole('spinbutton', { name: 'Red age after' }).fill('10');
    await dialog.getByRole('radio', { name: 'Dark' }).check();
    await consolePage.saveSettings(dialog);

    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(() => consolePage.ageLevel(fourMinutes)).toBe('amber');
    await expect.poll(() => consolePage.ageLevel(fiftyMinutes)).toBe('red');
    // Main polls on the new interval and wrote it to the data dir.
    expect(app.core.settings()).toMatchObject({ pollSeconds: 45, ageAmberMinutes: 2, ageRedMinutes: 10, theme: 'dark' });
    expect(savedSettings(app.dataDir)).toMatchObject({ pollSeconds: 45, ageAmberMinutes: 2, ageRedMinutes: 10, theme: 'dark' });

    // Restart the core and the host on the same data dir, then load the console again.
    await page.goto('about:blank');
    await app.restart();
    await consolePage.openAt(app.url);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(() => consolePage.ageLevel(fourMinutes)).toBe('amber');
    await expect.poll(() => consolePage.ageLevel(fiftyMinutes)).toBe('red');
    await expect(consolePage.settingsNotice).toHaveCount(0);
    expect(app.core.settings().pollSeconds).toBe(45);

    const reopened = await consolePage.openSettings();
    await expect(reopened.getByRole('spinbutton', { name: 'Poll interval' })).toHaveValue('45');
    await expect(reopened.getByRole('spinbutton', { name: 'Amber age after' })).toHaveValue('2');
    await expect(reopened.getByRole('spinbutton', { name: 'Red age after' })).toHaveValue('10');
    await expect(reopened.getByRole('radio', { name: 'Dark' })).toBeChecked();
  });

  test.describe('F39: a corrupted settings file', () => {
    const garbage = '{"pollSeconds": 30, "theme": "da\u0000\u00ff\ufffd';
    test.use({ dataFiles: { 'settings.json': garbage } });

    test('F39: a corrupted settings file starts the console with defaults, says "Settings were reset" and sets the file aside', async ({ app, consolePage, page }) => {
      await expect(consolePage.settingsNotice).toContainText('Settings were reset');
      await expect(consolePage.requestRows).toHaveCount(app.pending().length);
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');

      const files = readdirSync(app.dataDir);
      const corrupt = files.filter((f) => /^settings\.json\.corrupt-\d+$/.test(f));
      expect(corrupt).toHaveLength(1);
      expect(readFileSync(join(app.dataDir, corrupt[0]!), 'utf8')).toBe(garbage);
      expect(savedSettings(app.dataDir)).toMatchObject({ pollSeconds: 15, theme: 'system' });

      const dialog = await consolePage.openSettings();
      await expect(dialog.getByRole('spinbutton', { name: 'Poll interval' })).toHaveValue('15');
      await expect(dialog.getByRole('radio', { name: 'Match system' })).toBeChecked();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();

      await consolePage.settingsNotice.getByRole('button', { name: 'Dismiss' }).click();
      await expect(consolePage.settingsNotice).toHaveCount(0);
    });
  });

  test.describe('F40: an out-of-range poll interval', () => {
    test.use({ settings: { ...TEST_SETTINGS, pollSeconds: 0 } });

    test('F40: pollSeconds 0 in the file is clamped to 10 s with a notice', async ({ app, consolePage }) => {
      await expect(consolePage.settingsNotice).toContainText(/reset to safe values/i);
      expect(app.core.settings().pollSeconds).toBe(10);
      expect(savedSettings(app.dataDir)).toMatchObject({ pollSeconds: 10, undoSeconds: TEST_SETTINGS.undoSeconds });

      const dialog = await consolePage.openSettings();
      await expect(dialog.getByRole('spinbutton', { name: 'Poll interval' })).toHaveValue('10');
    });
  });

  test('notifications paused for 30 minutes are not announced; after resuming, the next new request is', async ({ app, consolePage }) => {
    await expect(consolePage.status).toContainText('Live');

    const pause = await consolePage.openSettings();
    await pause.getByRole('combobox', { name: 'Pause notifications' }).selectOption({ label: 'For 30 minutes' });
    await consolePage.saveSettings(pause);
    expect(app.core.settings().notificationsPausedUntil).toBeGreaterThan(Date.now() + 29 * 60_000);

    const quiet = app.sim.control.addPendingRequest({ displayName: 'Paula Paused' });
    await app.refreshNow();
    await expect(consolePage.row(quiet.id)).toBeAttached();
    expect(app.notices).toEqual([]);
    await expect(consolePage.notifications).not.toContainText('Paula Paused');

    const resume = await consolePage.openSettings();
    const select = resume.getByRole('combobox', { name: 'Pause notifications' });
    await expect(select).toContainText('Paused until');
    await select.selectOption({ label: 'Resume now' });
    await consolePage.saveSettings(resume);
    expect(app.core.settings().notificationsPausedUntil).toBeNull();

    const loud = app.sim.control.addPendingRequest({ displayName: 'Rita Resumed' });
    await app.refreshNow();
    await expect(consolePage.row(loud.id)).toBeAttached();
    await expect(consolePage.notifications).toContainText('Rita Resumed');
    // The request that arrived during the pause is not announced late.
    await expect(consolePage.notifications).not.toContainText('Paula Paused');
    expect(app.notices.map((n) => n.requests.map((r) => r.requestId))).toEqual([[loud.id]]);
  });
});
