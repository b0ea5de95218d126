/**
 * Triage at keyboard speed (issue 9, item 2): every common decision path, driven by keys only
 * from the moment the cursor is on the request, counted. The bar (PRODUCT.md): common decisions
 * take at most 3 keys; add-to-existing at most 4 plus the name typed. README's keyboard table
 * lists the same counts. Each path also checks what the server recorded.
 */
import type { Page } from '@playwright/test';
import type { RawRequest } from '../../src-sim/types';
import { expect, test, TEST_SETTINGS } from './fixtures';
import type { ConsolePage } from './pages/console-page';

/** Presses keys and counts them; typed text is counted apart ("plus the name typed"). */
class Keys {
  count = 0;
  typed = '';
  constructor(private readonly page: Page) {}
  async press(...keys: string[]): Promise<void> {
    for (const k of keys) {
      await this.page.keyboard.press(k);
      this.count += 1;
    }
  }
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
    this.typed += text;
  }
}

/** Puts the cursor on a request (by pointer: navigation is not part of a decision path) with the pane closed. */
async function cursorOn(c: ConsolePage, id: string): Promise<void> {
  await c.row(id).click();
  await c.page.keyboard.press('Escape');
  await expect(c.selectedRow).toHaveAttribute('data-request-id', id);
  await expect(c.selectedRow).toBeFocused();
}

type Sim = { facts: { readOnlyAgentId: string }; control: { listRequests(): RawRequest[] } };
const plainPending = (sim: Sim) => sim.control.listRequests().filter((r) => r.status === 'PENDING' && r.agentId !== sim.facts.readOnlyAgentId && r.matchedParticipantId === null);

test.describe('keys per decision', () => {
  test.use({ simOptions: { seed: 42, pending: 12 } });

  test('a n Enter approves as a new participant: 3 keys', async ({ app, consolePage }) => {
    const target = plainPending(app.sim)[0]!;
    await cursorOn(consolePage, target.id);
    const keys = new Keys(consolePage.page);
    await keys.press('a', 'n', 'Enter');
    await expect.poll(() => app.sim.control.getRequest(target.id)?.status).toBe('APPROVED');
    expect(keys.count).toBe(3);
  });

  test('a b Enter binds to the matched participant: 3 keys', async ({ app, consolePage }) => {
    const { requestId, participantId } = app.sim.facts.requests.matched;
    await cursorOn(consolePage, requestId);
    const keys = new Keys(consolePage.page);
    await keys.press('a', 'b', 'Enter');
    await expect.poll(() => app.sim.control.getRequest(requestId)?.status).toBe('APPROVED');
    expect(app.sim.control.getRequest(requestId)!.approvedParticipantId).toBe(participantId);
    expect(keys.count).toBe(3);
  });

  test('r Enter rejects without a note: 2 keys; r, a note, Ctrl+Enter rejects with it: 2 keys plus the note', async ({ app, consolePage }) => {
    const [first, second] = plainPending(app.sim);
    await cursorOn(consolePage, first!.id);
    const keys = new Keys(consolePage.page);
    await keys.press('r', 'Enter');
    await expect.poll(() => app.sim.control.getRequest(first!.id)?.status).toBe('REJECTED');
    expect(keys.count).toBe(2);

    await cursorOn(consolePage, second!.id);
    const withNote = new Keys(consolePage.page);
    await withNote.press('r');
    await withNote.type('Wrong number');
    // Enter in a note with text is a new line, not a decision.
    await withNote.press('Control+Enter');
    await expect.poll(() => app.sim.control.getRequest(second!.id)?.status).toBe('REJECTED');
    expect(app.sim.control.getRequest(second!.id)!.processingNote).toBe('Wrong number');
    expect(withNote.count).toBe(2);
  });

  test('a e, the name, Enter picks, Enter approves: 4 keys plus the name', async ({ app, consolePage }) => {
    const { requestId, participantId } = app.sim.facts.requests.addToExisting;
    await cursorOn(consolePage, requestId);
    const keys = new Keys(consolePage.page);
    await keys.press('a', 'e');
    await keys.type('Kwame');
    await keys.press('Enter', 'Enter');
    await expect.poll(() => app.sim.control.getRequest(requestId)?.status).toBe('APPROVED');
    expect(app.sim.control.getRequest(requestId)!.approvedParticipantId).toBe(participantId);
    expect(keys.count).toBe(4);
    expect(keys.typed).toBe('Kwame');
  });

  test('bulk reject of two neighbours: Shift+J, Shift+R, Enter: 3 keys (no key approves in bulk)', async ({ app, consolePage }) => {
    const ids = await consolePage.requestIdsShown();
    const readOnly = app.sim.facts.readOnlyAgentId;
    // Two neighbours, neither on the read-only agent.
    const at = ids.findIndex((id, i) => ids[i + 1] !== undefined && [id, ids[i + 1]!].every((x) => app.sim.control.getRequest(x)!.agentId !== readOnly));
    const [a, b] = [ids[at]!, ids[at + 1]!];
    await cursorOn(consolePage, a);
    const keys = new Keys(consolePage.page);
    await keys.press('Shift+J', 'Shift+R', 'Enter');
    await expect.poll(() => [a, b].map((id) => app.sim.control.getRequest(id)?.status), { timeout: 15_000 }).toEqual(['REJECTED', 'REJECTED']);
    expect(keys.count).toBe(3);
  });
});

test.describe('keys per decision with "Decide without a dialog"', () => {
  test.use({ simOptions: { seed: 42, pending: 12 }, settings: { ...TEST_SETTINGS, undoSeconds: 5, decideWithoutDialog: true } });

  test('a n and a b decide in 2 keys, r in 1, and u undoes within the window', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const [first, second] = plainPending(app.sim);
    const matched = app.sim.facts.requests.matched;

    await cursorOn(consolePage, first!.id);
    const approve = new Keys(page);
    await approve.press('a', 'n');
    await expect(consolePage.dialog('Approve request')).toHaveCount(0);
    await expect(consolePage.row(first!.id)).toHaveAccessibleName(/pending confirmation/i);

    await cursorOn(consolePage, matched.requestId);
    const bind = new Keys(page);
    await bind.press('a', 'b');

    await cursorOn(consolePage, second!.id);
    const reject = new Keys(page);
    await reject.press('r');
    await expect(consolePage.dialog('Reject request')).toHaveCount(0);
    // The slip: u takes the latest decision back before anything is sent.
    await page.keyboard.press('u');
    await expect(consolePage.row(second!.id)).not.toHaveAccessibleName(/pending confirmation/i);

    await expect.poll(() => app.sim.control.getRequest(first!.id)?.status, { timeout: 15_000 }).toBe('APPROVED');
    await expect.poll(() => app.sim.control.getRequest(matched.requestId)?.status, { timeout: 15_000 }).toBe('APPROVED');
    expect(app.sim.control.getRequest(matched.requestId)!.approvedParticipantId).toBe(matched.participantId);
    expect(app.sim.control.getRequest(second!.id)!.status).toBe('PENDING');
    expect(app.sim.control.requestLog().filter((e) => e.method === 'POST' && e.path.includes(second!.id))).toEqual([]);
    expect([approve.count, bind.count, reject.count]).toEqual([2, 2, 1]);
  });
});

test.describe('"Decide without a dialog" acts only on a request the operator can see', () => {
  // Polls 10 minutes apart: only the refused key may bring the row back into view (a list that moves
  // the cursor, as a request decided elsewhere does, reveals it too).
  test.use({ simOptions: { seed: 42, pending: 60 }, settings: { ...TEST_SETTINGS, pollSeconds: 600, undoSeconds: 5, decideWithoutDialog: true } });

  test('at 900×600, the row brought back into view stays in view under the notice that says so: the second r decides it', async ({ app, consolePage }) => {
    const page = consolePage.page;
    await page.setViewportSize({ width: 900, height: 600 });
    const plain = new Set(plainPending(app.sim).map((r) => r.id));
    const shown = await consolePage.requestRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')!));
    // A request some rows down, then the list scrolled back to the top.
    const target = shown.slice(12).find((id) => plain.has(id))!;
    await cursorOn(consolePage, target);
    await consolePage.grid.hover();
    await page.mouse.wheel(0, -6000);
    await expect(consolePage.row(target)).not.toBeInViewport();
    await page.keyboard.press('r');
    await expect(consolePage.notices).toContainText('was out of view: nothing was rejected.');
    await expect(consolePage.row(target)).toBeInViewport({ ratio: 0.9 });
    await page.keyboard.press('r');
    await expect(consolePage.row(target)).toHaveAccessibleName(/pending confirmation/i);
  });

  test('a poll bringing a new request leaves the list where the operator scrolled it, away from the cursor', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const shown = await consolePage.requestRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')!));
    await cursorOn(consolePage, shown[0]!);
    await consolePage.grid.hover();
    await page.mouse.wheel(0, 2000);
    await expect(consolePage.row(shown[0]!)).not.toBeInViewport();
    const scrollTop = () => consolePage.grid.evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop);
    const scrolled = await scrollTop();
    expect(scrolled).toBeGreaterThan(0);
    app.sim.control.addPendingRequest({ displayName: 'Nora Newcomer' });
    await app.refreshNow();
    await consolePage.expectTabCount('Pending', app.pending().length);
    await expect(consolePage.grid.getByRole('row', { name: /Nora Newcomer/ })).toHaveCount(1);
    expect(await scrollTop()).toBe(scrolled);
    await expect(consolePage.row(shown[0]!)).not.toBeInViewport();
  });

  test('r with the cursor row scrolled out of view by the mouse wheel decides nothing: the row comes into view, a notice says so, and r again decides it', async ({ app, consolePage }) => {
    const page = consolePage.page;
    // The plain request nearest the top of the list, so that scrolling down takes it out of view.
    const plain = new Set(plainPending(app.sim).map((r) => r.id));
    const shown = await consolePage.requestRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')!));
    const first = { id: shown.find((id) => plain.has(id))! };
    await cursorOn(consolePage, first.id);
    await consolePage.grid.hover();
    await page.mouse.wheel(0, 4000);
    await expect(consolePage.row(first.id)).not.toBeInViewport();

    await page.keyboard.press('r');
    await expect(consolePage.notices).toContainText('was out of view: nothing was rejected.');
    await expect(consolePage.row(first.id)).toBeInViewport();
    await expect(consolePage.row(first.id)).not.toHaveAccessibleName(/pending confirmation/i);

    await page.keyboard.press('r');
    await expect(consolePage.row(first.id)).toHaveAccessibleName(/pending confirmation/i);
    await expect.poll(() => app.sim.control.getRequest(first.id)?.status, { timeout: 15_000 }).toBe('REJECTED');
    // Only the request in view was ever sent a decision.
    expect(app.sim.control.requestLog().filter((e) => e.method === 'POST').map((e) => e.path.includes(first.id))).toEqual([true]);
  });
});

test.describe('a long queue scrolled with the mouse wheel stays where the operator put it', () => {
  // More than the 200 rows a tab renders whole: only a window of rows exists, so a focused row
  // scrolled out of it would be removed. Polls 10 minutes apart: the poll below is asked for.
  test.use({ simOptions: { seed: 42, pending: 300 }, settings: { ...TEST_SETTINGS, pollSeconds: 600 } });

  test('with focus on a row, the wheel scrolls away from it, and neither focus nor a poll brings the list back', async ({ app, consolePage }) => {
    const page = consolePage.page;
    const scrollTop = () => consolePage.grid.evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop);
    const shown = await consolePage.requestIdsShown();
    await cursorOn(consolePage, shown[0]!);
    await consolePage.grid.hover();
    await page.mouse.wheel(0, 6000);
    await expect.poll(scrollTop).toBeGreaterThan(5000);
    await page.waitForTimeout(500);
    const scrolled = await scrollTop();
    expect(scrolled).toBeGreaterThan(5000);
    await expect(consolePage.row(shown[0]!)).toBeFocused();
    await expect(consolePage.row(shown[0]!)).not.toBeInViewport();
    app.sim.control.addPendingRequest({ displayName: 'Nora Newcomer' });
    await app.refreshNow();
    await consolePage.expectTabCount('Pending', app.pending().length);
    expect(await scrollTop()).toBe(scrolled);
    await expect(consolePage.row(shown[0]!)).toBeFocused();
  });
});
