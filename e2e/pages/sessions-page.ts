/** Page object for the sessions dialog: kept sessions, rename, scenario files saved and opened, in the user's terms. */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export class SessionsPage {
  constructor(readonly page: Page) {}

  /** Waits until the app knows whether the main process serves sessions ('ready' or 'unavailable'). */
  async status(): Promise<string> {
    const control = this.page.getByTestId('sessions-control');
    await expect(control).not.toHaveAttribute('data-status', 'loading', { timeout: 20_000 });
    return (await control.getAttribute('data-status')) ?? '';
  }

  panel(): Locator {
    return this.page.getByTestId('sessions-panel');
  }

  async openPanel(): Promise<void> {
    if (await this.panel().isVisible()) return;
    await this.page.getByTestId('sessions-toggle').click();
    await expect(this.panel()).toBeVisible();
  }

  async closePanel(): Promise<void> {
    await this.page.getByTestId('sessions-close').click();
    await expect(this.panel()).toBeHidden();
  }

  rows(): Locator {
    return this.panel().getByTestId('session-row');
  }

  currentRow(): Locator {
    return this.panel().locator('[data-testid="session-row"][data-current="true"]');
  }

  /** Renames a row in place: Rename, type, Enter. */
  async rename(row: Locator, name: string): Promise<void> {
    await row.getByTestId('session-rename').click();
    const input = row.getByTestId('session-rename-input');
    await input.fill(name);
    await input.press('Enter');
    await expect(row.getByTestId('session-name')).toHaveText(name);
  }

  /** Saves a scenario (up to the frame on screen, or whole) and returns the browser's download. */
  async saveScenario(options: { fromFrame: boolean; note?: string }): Promise<Download> {
    await this.panel().getByTestId('scenario-save').click();
    if (options.note) await this.panel().getByTestId('scenario-note').fill(options.note);
    const download = this.page.waitForEvent('download');
    await this.panel().getByTestId(options.fromFrame ? 'scenario-save-frame' : 'scenario-save-whole').click();
    return download;
  }

  /** Opens a scenario file through the file input, as the picker would. */
  async openScenario(path: string): Promise<void> {
    await this.panel().getByTestId('scenario-file').setInputFiles(path);
  }

  outcome(): Locator {
    return this.panel().getByTestId('scenario-outcome');
  }
}
