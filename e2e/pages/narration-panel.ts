/** Page object for the narration panel: the story of the frames around the one on screen. */
import type { Locator, Page } from '@playwright/test';

export interface NarrationLine {
  frame: number;
  text: string;
}

export class NarrationPanel {
  constructor(readonly page: Page) {}

  list(): Locator {
    return this.page.getByTestId('narration');
  }

  /** The line of the step on screen (the newest narrated frame at or before it). */
  current(): Locator {
    return this.list().locator('li[aria-current="step"]');
  }

  async currentLine(): Promise<NarrationLine | null> {
    const line = this.current();
    if ((await line.count()) === 0) return null;
    return { frame: Number(await line.getAttribute('data-frame')), text: (await line.innerText()).replace(/\s+/g, ' ').trim() };
  }

  /** Shows the cluster at the frame of a line drawn, by pressing its time. */
  async seekTo(frame: number): Promise<void> {
    await this.list().locator(`li[data-frame="${frame}"] button.at`).click();
  }

  /** Every line drawn, oldest first. */
  async lines(): Promise<NarrationLine[]> {
    return this.list()
      .locator('li[data-frame]')
      .evaluateAll((items) => items.map((li) => ({ frame: Number(li.getAttribute('data-frame')), text: (li.textContent ?? '').replace(/\s+/g, ' ').trim() })));
  }
}
