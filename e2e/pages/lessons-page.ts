/** Page object for learn mode: the lessons panel, a lesson's steps, hints and reset, in the learner's terms. */
import { expect, type Locator, type Page } from '@playwright/test';

export type LessonsStatus = 'loading' | 'ready' | 'unavailable';

export class LessonsPage {
  constructor(readonly page: Page) {}

  /** Waits until the app knows whether the main process serves lessons. */
  async status(): Promise<LessonsStatus> {
    const shell = this.page.locator('.shell[data-lessons]');
    await expect(shell).not.toHaveAttribute('data-lessons', 'loading', { timeout: 20_000 });
    return (await shell.getAttribute('data-lessons')) as LessonsStatus;
  }

  panel(): Locator {
    return this.page.getByTestId('lessons-panel');
  }

  async showPanel(): Promise<void> {
    if (await this.panel().isVisible()) return;
    await this.page.getByTestId('lessons-toggle').click();
    await expect(this.panel()).toBeVisible();
  }

  lessonCards(): Locator {
    return this.page.getByTestId('lesson');
  }

  card(id: string): Locator {
    return this.page.locator(`[data-testid="lesson"][data-lesson-id="${id}"]`);
  }

  /** Ids of the listed lessons (waits a moment for the list, which may legitimately be empty). */
  async lessonIds(): Promise<string[]> {
    await expect(this.panel().locator('[data-testid="lesson"], [data-testid="lessons-empty"], [data-testid="active-lesson"]').first()).toBeVisible();
    return this.lessonCards().evaluateAll((cards) => cards.map((card) => card.getAttribute('data-lesson-id') ?? ''));
  }

  /** Starts (or continues) a lesson from the list; a lesson already open is left as it is. */
  async openLesson(id: string): Promise<void> {
    const active = this.page.getByTestId('active-lesson');
    if ((await active.count()) && (await active.getAttribute('data-lesson-id')) === id) return;
    if (await active.count()) await this.page.getByTestId('lessons-all').click();
    await this.card(id).getByTestId('lesson-start').click();
    await expect(active).toHaveAttribute('data-lesson-id', id);
  }

  steps(): Locator {
    return this.page.getByTestId('lesson-step');
  }

  step(id: string): Locator {
    return this.page.locator(`[data-testid="lesson-step"][data-step-id="${id}"]`);
  }

  async stepIds(): Promise<string[]> {
    return this.steps().evaluateAll((items) => items.map((item) => item.getAttribute('data-step-id') ?? ''));
  }

  async currentStepId(): Promise<string | undefined> {
    const current = this.page.locator('[data-testid="lesson-step"][aria-current="step"]');
    return (await current.count()) ? ((await current.getAttribute('data-step-id')) ?? undefined) : undefined;
  }

  activeStep(): Locator {
    return this.page.getByTestId('active-step');
  }

  /** The commands the active step offers to run, as the page shows them. */
  async runCommands(): Promise<string[]> {
    return this.activeStep().locator('[data-testid="code-block"][data-run="true"] [data-testid="code-text"]').allTextContents();
  }

  async goToStep(id: string): Promise<void> {
    await this.step(id).getByRole('button').click();
    await expect(this.step(id)).toHaveAttribute('aria-current', 'step');
  }

  hints(): Locator {
    return this.page.getByTestId('lesson-hint');
  }

  async askHint(): Promise<void> {
    await this.page.getByTestId('lesson-hint-button').click();
  }

  async resetStep(): Promise<void> {
    await this.page.getByTestId('lesson-reset').click();
  }

  finishPage(): Locator {
    return this.page.getByTestId('lesson-finish');
  }

  async setLanguage(language: 'en' | 'ko'): Promise<void> {
    await this.page.getByTestId('language').selectOption(language);
  }

  /** The panel's visible text without code (commands and kubectl output are not translated). */
  async textOutsideCode(): Promise<string> {
    return this.panel().evaluate((panel) => {
      const parts: string[] = [];
      const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('code, pre, [aria-hidden="true"], .visually-hidden')) continue;
        parts.push(node.textContent ?? '');
      }
      return parts.join(' ');
    });
  }

  /** What the drawing shows: pods and Services by name, to compare the cluster before and after. */
  async drawnObjects(): Promise<string[]> {
    return this.page
      .locator('[data-kind="pod"], [data-kind="service"]')
      .evaluateAll((elements) => elements.filter((e) => !e.closest('[data-phase="Terminating"]') && e.getAttribute('data-phase') !== 'Terminating').map((e) => `${e.getAttribute('data-kind')}/${e.getAttribute('data-name')}`).sort());
  }
}
