/** Page object for the terminal dock: what a test may look at and do, in the user's terms. */
import { expect, type Locator, type Page } from '@playwright/test';

export class TerminalPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitForShell();
  }

  panel(): Locator {
    return this.page.getByTestId('terminal-panel');
  }

  tabs(): Locator {
    return this.page.getByTestId('terminal-tab');
  }

  /** The visible tab's terminal surface. */
  view(): Locator {
    return this.page.locator('[data-testid="terminal-view"]:visible');
  }

  async terminalId(): Promise<string> {
    return (await this.view().getAttribute('data-terminal-id')) ?? '';
  }

  async waitForShell(): Promise<string> {
    await expect(this.view()).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
    await expect(this.view()).not.toHaveAttribute('data-terminal-id', '');
    // The prompt shows the kubeconfig context once the rc file ran.
    await this.waitForText(/\(minikube\)/);
    return this.terminalId();
  }

  /** What the visible rows show now, with xterm's non-breaking spaces as plain spaces. */
  async screenText(): Promise<string> {
    return this.view()
      .locator('.xterm-rows')
      .evaluate((rows) => [...rows.children].map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n'));
  }

  async waitForText(pattern: RegExp, timeout = 15_000): Promise<string> {
    let last = '';
    await expect
      .poll(async () => {
        last = await this.screenText();
        return pattern.test(last);
      }, { timeout, message: `terminal never showed ${pattern}` })
      .toBe(true);
    return last;
  }

  async focus(): Promise<void> {
    await this.view().locator('.xterm-screen').click();
  }

  /** Types a command line and presses Enter, as a user would. */
  async run(command: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.type(command);
    await this.page.keyboard.press('Enter');
  }

  /** Pastes text through a real paste event on xterm's input element. */
  async paste(text: string): Promise<void> {
    await this.focus();
    await this.view().locator('textarea').evaluate((textarea, value) => {
      const data = new DataTransfer();
      data.setData('text/plain', value);
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  async newTab(): Promise<void> {
    await this.page.getByTestId('terminal-new').click();
  }

  async selectTab(index: number): Promise<void> {
    await this.tabs().nth(index).getByRole('tab').click();
  }

  async renameTab(index: number, name: string): Promise<void> {
    await this.tabs().nth(index).getByRole('tab').dblclick();
    const input = this.page.getByTestId('terminal-rename-input');
    await input.fill(name);
    await input.press('Enter');
  }

  restartButton(): Locator {
    return this.view().getByTestId('terminal-restart');
  }

  exitCode(): Locator {
    return this.view().getByTestId('terminal-exit-code');
  }
}
