/** Page object for the cluster view: what a test may look at and do, in the user's terms. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';

/**
 * Saves a screenshot under test-results/screenshots/ (the artifact), and also into
 * $KUBELAB_SCREENSHOT_COPY when set, since another Playwright run may clean test-results/.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const path = join('test-results/screenshots', name);
  await page.screenshot({ path });
  const copy = process.env.KUBELAB_SCREENSHOT_COPY;
  if (copy) {
    mkdirSync(copy, { recursive: true });
    copyFileSync(path, join(copy, name));
  }
}

export class ClusterPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  nodes(): Locator {
    return this.page.locator('[data-kind="node"]');
  }

  node(name: string): Locator {
    return this.page.locator(`[data-kind="node"][data-name="${name}"]`);
  }

  async nodeNames(): Promise<string[]> {
    return this.nodes().evaluateAll((elements) => elements.map((e) => e.getAttribute('data-name') ?? ''));
  }

  pods(): Locator {
    return this.page.locator('[data-kind="pod"]');
  }

  /** name -> { node, phase } of every pod drawn. */
  async drawnPods(): Promise<Map<string, { node: string; phase: string; highlighted: boolean }>> {
    const rows = await this.pods().evaluateAll((elements) =>
      elements.map((e) => [e.getAttribute('data-name') ?? '', e.getAttribute('data-node') ?? '', e.getAttribute('data-phase') ?? '', e.getAttribute('data-highlighted') === 'true'] as const),
    );
    return new Map(rows.map(([name, node, phase, highlighted]) => [name, { node, phase, highlighted }]));
  }

  /** The keyboard layer over canvas pods (more than 300 pods): one tab stop per node. */
  canvasPods(): Locator {
    return this.page.getByTestId('canvas-pods');
  }

  /** What the focused element says about itself: its data-* attributes and accessible label. */
  async focused(): Promise<{ kind: string; name: string; phase: string; label: string; key: string } | null> {
    return this.page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      if (!e || e === document.body) return null;
      return { kind: e.dataset.kind ?? '', name: e.dataset.name ?? '', phase: e.dataset.phase ?? '', label: e.getAttribute('aria-label') ?? '', key: e.dataset.key ?? '' };
    });
  }

  /** The canvas's record of the pod it draws a focus ring around ('' for none). */
  focusRing(): Promise<string | null> {
    return this.page.getByTestId('pods-canvas').getAttribute('data-focused');
  }

  /** Scrub-bar markers; `earlier` ones were recorded before the page opened. */
  marker(kind: 'rollout' | 'nodeFailed' | 'nodeRecovered' | 'scaling', name: string): Locator {
    return this.page.locator(`[data-kind="marker"][data-marker="${kind}"][data-name="${name}"]`);
  }

  service(name: string): Locator {
    return this.page.locator(`[data-kind="service"][data-name="${name}"]`);
  }

  /** The countdown to its pods' eviction on a node's card (data-seconds: whole seconds left). */
  evictionCountdown(node: string): Locator {
    return this.node(node).getByTestId('eviction-countdown');
  }

  /** The steps of "Why does this pod exist?" in the inspector, oldest first (data-step, data-frame). */
  originSteps(): Locator {
    return this.page.getByTestId('pod-origin').getByTestId('origin-step');
  }

  failureZone(): Locator {
    return this.page.getByTestId('failure-zone');
  }

  /** Drags a node card with the mouse, in small steps as a person would, and drops it on `target`. */
  async dragNodeTo(name: string, target: Locator): Promise<void> {
    const from = await this.node(name).locator('rect.card').boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('node or target not visible');
    await this.page.mouse.move(from.x + 40, from.y + 20);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  nodeMenu(): Locator {
    return this.page.getByTestId('node-menu');
  }

  async chooseFailure(action: 'powerOff' | 'partition' | 'drain' | 'recover'): Promise<void> {
    await this.nodeMenu().locator(`[data-action="${action}"]`).click();
  }

  tab(name: 'narration' | 'events' | 'inspector' | 'whyHere' | 'rollout' | 'traffic'): Locator {
    return this.page.locator(`[role="tab"][data-tab="${name}"]`);
  }

  virtualTime(): Locator {
    return this.page.getByTestId('virtual-time');
  }

  frame(): Locator {
    return this.page.getByTestId('frame');
  }

  async setLanguage(code: 'en' | 'ko'): Promise<void> {
    await this.page.getByTestId('language').selectOption(code);
  }

  async setSpeed(speed: number): Promise<void> {
    await this.page.getByTestId('speed').selectOption(String(speed));
  }

  /** The play/pause button; aria-pressed is true while the clock runs. */
  clockToggle(): Locator {
    return this.page.getByTestId('clock-toggle');
  }

  /** The Live button: back to the newest frame, with the clock running. */
  liveButton(): Locator {
    return this.page.getByTestId('jump-live');
  }
}

/** Collects the page's console errors from now on; a view that works prints none. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}
