/**
 * Page object for the main screen, written against what users and screen readers see
 * (STYLE.md §4): accessible roles and names only, never CSS classes.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { providerLabel } from '../../../src-shared/providers';

export type ApproveModeLabel = 'Create new participant' | 'Add to existing participant' | 'Bind to matched participant';
export type TabName = 'Pending' | 'Approved' | 'Rejected';


const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class ConsolePage {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  /** Loads the console and waits for the renderer's readiness signal. */
  async open(): Promise<void> {
    await this.page.goto(this.url);
    await this.ready();
  }

  /** Loads the console from another URL (after the host restarted on a new port/secret). */
  async openAt(url: string): Promise<void> {
    await this.page.goto(url);
    await this.ready();
  }

  async ready(): Promise<void> {
    await expect(this.page.locator('html[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  }

  tab(name: TabName): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${name}\\b`) });
  }

  /** The tab's accessible name is "<Name> <count>" (count in its own span). */
  async expectTabCount(name: TabName, count: number): Promise<void> {
    await expect(this.tab(name)).toHaveAccessibleName(new RegExp(`^${name}\\s*${count}$`));
  }

  get grid(): Locator {
    return this.page.getByRole('grid', { name: 'Requests' });
  }

  /** Rows that are requests (header rows carry no data-request-id). */
  get requestRows(): Locator {
    return this.grid.locator('[role="row"][data-request-id]');
  }

  row(id: string): Locator {
    return this.grid.locator(`[role="row"][data-request-id="${id}"]`);
  }

  get selectedRow(): Locator {
    return this.grid.locator('[role="row"][data-request-id][aria-selected="true"]');
  }

  async requestIdsShown(): Promise<string[]> {
    // Cast: the node tsconfig has no DOM types.
    return this.requestRows.evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: Record<string, string> }).dataset.requestId ?? ''));
  }

  get status(): Locator {
    return this.page.getByRole('status', { name: 'Connection status' });
  }

  /** New-request notices live in the one notices region. */
  get notifications(): Locator {
    return this.notices;
  }

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search requests' });
  }

  /** A provider chip: a checkbox, or a toggle button with aria-pressed, named "<Provider> <count>". */
  providerChip(provider: string): Locator {
    const name = new RegExp(`^${escape(providerLabel(provider))}\\b`, 'i');
    return this.page.getByRole('checkbox', { name }).or(this.page.getByRole('button', { name, pressed: false })).or(this.page.getByRole('button', { name, pressed: true }));
  }

  get clearFilters(): Locator {
    return this.page.getByRole('button', { name: 'Clear filters' });
  }

  /** The "n of m shown" line. */
  shownLine(): Locator {
    return this.page.getByText(/^\d+ of \d+ shown/);
  }

  dialog(name: string): Locator {
    return this.page.getByRole('dialog', { name });
  }

  /** The one notices region (new requests, decision outcomes, bulk reports, "decided elsewhere"). */
  get notices(): Locator {
    return this.page.getByRole('region', { name: 'Notices' });
  }

  /** Decision notices ("Approving …" with Undo, then the outcome; bulk reports) live in the one notices region. */
  get decisions(): Locator {
    return this.notices;
  }

  /** The decision toast of one request (its outcome once sent). */
  decisionToast(id: string): Locator {
    return this.decisions.locator(`li[data-decision-id="${id}"]`);
  }

  get detail(): Locator {
    return this.page.getByRole('region', { name: 'Request details' });
  }

  /** The one-time settings notice main sends (F39/F40: "Settings were reset…"). */
  get settingsNotice(): Locator {
    return this.page.getByRole('alert').filter({ hasText: /settings/i });
  }

  /** Opens the "Settings" dialog from the top bar's Settings button. */
  async openSettings(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = this.dialog('Settings');
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** Saves the open Settings dialog and waits for it to close (it stays open only when main adds a notice). */
  async saveSettings(dialog: Locator): Promise<void> {
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  /**
   * The age badge level of a pending row ('fresh' | 'amber' | 'red' | 'unknown'). The level is
   * a colour only, so this is the one place the page object reads a class name.
   */
  async ageLevel(id: string): Promise<string | null> {
    const cls = await this.row(id).locator('.age').first().getAttribute('class');
    return /\bage-(fresh|amber|red|unknown)\b/.exec(cls ?? '')?.[1] ?? null;
  }

  /** Opens the command palette with Ctrl+K and runs the command whose label starts with `label`. */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    const palette = this.dialog('Command palette');
    await expect(palette).toBeVisible();
    await palette.getByRole('combobox', { name: 'Command or request' }).fill(label);
    await expect(palette.getByRole('option').first()).toContainText(label);
    await this.page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
  }

  /** Opens the "Sign in" dialog (workspaces + device flow / token) through the command palette. */
  async openSignIn(): Promise<Locator> {
    await this.runCommand('Sign in');
    const dialog = this.dialog('Sign in');
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** Opens the approve dialog from the row's own button. */
  async openApprove(id: string): Promise<Locator> {
    await this.row(id).getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = this.dialog('Approve request');
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async openReject(id: string): Promise<Locator> {
    await this.row(id).getByRole('button', { name: 'Reject', exact: true }).click();
    const dialog = this.dialog('Reject request');
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** Approve through the dialog in the given mode; `participant` is typed into "Find participant" for ADD_TO_EXISTING. */
  async approve(id: string, mode: ApproveModeLabel, opts: { displayName?: string; participant?: string; note?: string } = {}): Promise<void> {
    const dialog = await this.openApprove(id);
    await dialog.getByRole('radio', { name: mode }).check();
    if (opts.displayName !== undefined) await dialog.getByRole('textbox', { name: 'Display name' }).fill(opts.displayName);
    if (opts.participant !== undefined) await this.pickParticipant(dialog, opts.participant);
    if (opts.note !== undefined) await dialog.getByRole('textbox', { name: 'Note' }).fill(opts.note);
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  /** Types into the participant picker and chooses the option whose name starts with `name`. */
  async pickParticipant(dialog: Locator, name: string): Promise<void> {
    const picker = dialog.getByRole('combobox', { name: 'Find participant' }).or(dialog.getByRole('searchbox', { name: 'Find participant' }));
    await picker.fill(name);
    await dialog.getByRole('option', { name: new RegExp(`^${escape(name)}`) }).first().click();
  }

  async reject(id: string, note?: string): Promise<void> {
    const dialog = await this.openReject(id);
    if (note !== undefined) await dialog.getByRole('textbox', { name: 'Note' }).fill(note);
    await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}
