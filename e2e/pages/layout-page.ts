/**
 * Page object for the window's layout and keyboard paths: the drawing's share of the window, the
 * size node text is drawn at, the terminal's splitter and Tab switch, and the pods' keyboard layer.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class LayoutPage {
  constructor(readonly page: Page) {}

  /** The cluster drawing: the stage with the node cards and pods (the failure zone is beside it, not counted). */
  drawing(): Locator {
    return this.page.locator('section.cluster .canvas-wrap');
  }

  /** The drawing's area as a share of the window's. */
  async drawingShare(): Promise<number> {
    const box = await this.drawing().boundingBox();
    const size = this.page.viewportSize();
    if (!box || !size) throw new Error('no drawing or viewport');
    return (box.width * box.height) / (size.width * size.height);
  }

  /**
   * The smallest size, in screen pixels, at which the node cards' text is drawn: each text's
   * computed font size times the zoom of the drawing it sits in.
   */
  async smallestNodeText(): Promise<number> {
    return this.page.locator('[data-kind="node"] text').evaluateAll((texts) =>
      Math.min(
        ...texts
          .filter((text) => (text.textContent ?? '').trim() !== '')
          .map((text) => parseFloat(getComputedStyle(text).fontSize) * ((text as SVGGraphicsElement).getScreenCTM()?.a ?? 1)),
      ),
    );
  }

  /** Closes the learn panel (it opens by itself on first launch) and waits for the drawing to settle. */
  async closeLessons(): Promise<void> {
    const toggle = this.page.getByTestId('lessons-toggle');
    await expect(toggle).toBeVisible();
    if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
    await expect(this.page.getByTestId('lessons-panel')).toHaveCount(0);
  }

  detailsToggle(): Locator {
    return this.page.getByTestId('details-toggle');
  }

  splitter(): Locator {
    return this.page.getByTestId('terminal-splitter');
  }

  async splitterValue(): Promise<number> {
    return Number(await this.splitter().getAttribute('aria-valuenow'));
  }

  tabModeButton(): Locator {
    return this.page.getByTestId('terminal-tab-mode');
  }

  /** What the focused element is: a pod in the keyboard layer (its key and name), the shell, or something else. */
  async focused(): Promise<{ pod: string; name: string; shell: boolean; label: string }> {
    return this.page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      const inKeys = !!e?.closest('[data-testid="pod-keys"], [data-testid="canvas-pods"]');
      return { pod: inKeys ? (e?.dataset.key ?? '') : '', name: inKeys ? (e?.dataset.name ?? '') : '', shell: !!e?.closest('[data-testid="terminal-view"]'), label: e?.getAttribute('aria-label') ?? '' };
    });
  }

  /** Presses `key` until a pod has the focus (at most `limit` times); returns the pod's key. */
  async pressUntilPod(key: string, limit = 40): Promise<string> {
    for (let i = 0; i < limit; i++) {
      await this.page.keyboard.press(key);
      const now = await this.focused();
      if (now.pod) return now.pod;
    }
    throw new Error(`no pod reached with ${limit} × ${key}`);
  }

  /** The SVG drawing's focus ring: which pod it surrounds. */
  focusRing(): Locator {
    return this.page.getByTestId('pod-focus-ring');
  }
}
