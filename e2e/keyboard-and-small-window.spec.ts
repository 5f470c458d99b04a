// The view without a mouse and in a small window, in web mode against a real cluster: Tab leaves the
// terminal (after Ctrl+M, as in VS Code) and reaches a pod, Enter opens it in the Inspector and W in
// "Why here?"; the splitter above the terminal takes the focus and moves with the arrow keys; at
// 1024×700 the drawing keeps at least half of the window and node text is drawn at 11 px or more.
import { expect, test, type Page } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { createKubectl, type Kubectl } from './fixtures/kubectl';
import { ClusterPage, collectConsoleErrors, screenshot } from './pages/cluster-page';
import { LayoutPage } from './pages/layout-page';
import { TerminalPage } from './pages/terminal-page';

let server: KubelabServer;
let kubectl: Kubectl;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startKubelab(['--nodes', '3', '--seed', '7']);
  kubectl = createKubectl(server.kubeconfig);
  await kubectl.ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=6']);
  await kubectl.ok(['expose', 'deployment', 'web', '--port=80']);
  await kubectl.ok(['create', 'deployment', 'api', '--image=nginx', '--replicas=3']);
  await kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 });
});

test.afterAll(async () => {
  kubectl?.dispose();
  expect(await server.stop()).toBe(0);
});

async function open(page: Page, size: { width: number; height: number }, language: 'en' | 'ko' = 'en') {
  const errors = collectConsoleErrors(page);
  await page.setViewportSize(size);
  await page.addInitScript((code) => localStorage.setItem('kubelab-locale', code), language);
  const cluster = new ClusterPage(page);
  const terminal = new TerminalPage(page);
  await terminal.open(server.url);
  // The two Deployments' nine pods (and the cluster's own) are drawn.
  await expect.poll(() => cluster.pods().count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(9);
  const layout = new LayoutPage(page);
  await layout.closeLessons();
  return { cluster, terminal, layout, errors };
}

test('Tab leaves the terminal after Ctrl+M and reaches a pod; Enter opens the Inspector, W "Why here?"', async ({ page }) => {
  const { cluster, terminal, layout, errors } = await open(page, { width: 1440, height: 900 });
  await terminal.focus();
  // Tab belongs to the shell at first (completion): the focus stays in the terminal.
  await page.keyboard.press('Tab');
  expect((await layout.focused()).shell).toBe(true);
  await expect(page.getByTestId('terminal-tab-hint')).toContainText('Ctrl+M');

  await page.keyboard.press('Control+m');
  await expect(layout.tabModeButton()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('terminal-tab-news')).toHaveText(/Tab now moves the focus/);
  // Backwards out of the terminal, across the details panel (every narration line's time is a button), to the drawing's pods.
  const pod = await layout.pressUntilPod('Shift+Tab', 200);
  const focused = await layout.focused();
  expect(focused.label).toMatch(/^Pod \S+, /);
  await expect(layout.focusRing()).toHaveAttribute('data-key', pod);
  await screenshot(page, 'keyboard-pod-focused.png');

  // The arrows move between the node's pods, not the timeline.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await expect(cluster.frame()).toHaveAttribute('data-live', 'true');

  await page.keyboard.press('Enter');
  await expect(cluster.tab('inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('inspector')).toContainText((await layout.focused()).name);
  await page.keyboard.press('w');
  await expect(cluster.tab('whyHere')).toHaveAttribute('aria-selected', 'true');

  // Forwards again into the terminal: with the switch on, Tab goes on past it; Ctrl+M gives Tab back to the shell.
  await terminal.focus();
  await page.keyboard.press('Control+m');
  await expect(layout.tabModeButton()).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Tab');
  expect((await layout.focused()).shell).toBe(true);
  // F6 always leaves the terminal, for the next part of the window.
  await page.keyboard.press('F6');
  expect((await layout.focused()).shell).toBe(false);
  await page.keyboard.press('Shift+F6');
  expect((await layout.focused()).shell).toBe(true);
  // Back through the details panel to the drawing, where F6 lands on a pod.
  await page.keyboard.press('Shift+F6');
  await page.keyboard.press('Shift+F6');
  expect((await layout.focused()).pod).not.toBe('');
  expect(errors).toEqual([]);
});

test('the splitter above the terminal takes the focus and moves with the arrow keys', async ({ page }) => {
  const { layout, terminal } = await open(page, { width: 1440, height: 900 });
  const splitter = layout.splitter();
  await expect(splitter).toHaveAttribute('role', 'separator');
  await expect(splitter).toHaveAttribute('tabindex', '0');
  await splitter.focus();
  const before = await layout.splitterValue();
  const dockBefore = (await terminal.panel().boundingBox())!.height;
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => layout.splitterValue()).toBe(before + 32);
  expect((await terminal.panel().boundingBox())!.height).toBeCloseTo(dockBefore + 32, 0);
  await page.keyboard.press('PageDown');
  await expect.poll(() => layout.splitterValue()).toBe(before + 32 - 80);
  await page.keyboard.press('Home');
  await expect.poll(() => layout.splitterValue()).toBe(Number(await splitter.getAttribute('aria-valuemin')));
  await expect(splitter).toHaveAttribute('aria-valuetext', /Terminal \d+ px, \d+% of the window/);
});

for (const language of ['en', 'ko'] as const) {
  test(`at 1024×700 (${language}) the drawing has at least half the window and node text is 11 px or more`, async ({ page }) => {
    const { cluster, layout, errors } = await open(page, { width: 1024, height: 700 }, language);
    await expect(cluster.nodes()).toHaveCount(3);
    // The details panel starts closed in a narrow window; the drawing takes its room.
    await expect(layout.detailsToggle()).toHaveAttribute('aria-expanded', 'false');
    await expect.poll(() => layout.drawingShare()).toBeGreaterThanOrEqual(0.5);
    await expect.poll(() => layout.smallestNodeText()).toBeGreaterThanOrEqual(11);
    // The control plane's names stay inside their boxes.
    const boxes = await page.locator('[data-kind="component"]').evaluateAll((groups) =>
      groups.map((g) => ({ box: g.querySelector('rect')!.getBoundingClientRect(), text: g.querySelector('text')!.getBoundingClientRect() })),
    );
    for (const { box, text } of boxes) {
      expect(text.left).toBeGreaterThanOrEqual(box.left - 0.5);
      expect(text.right).toBeLessThanOrEqual(box.right + 0.5);
    }
    await screenshot(page, `small-window-1024x700-${language}.png`);
    // Opening a pod shows the details panel; the drawing keeps its readable size.
    await cluster.pods().first().click();
    await expect(layout.detailsToggle()).toHaveAttribute('aria-expanded', 'true');
    await expect(cluster.tab('inspector')).toHaveAttribute('aria-selected', 'true');
    await screenshot(page, `small-window-1024x700-${language}-details.png`);
    expect(errors).toEqual([]);
  });
}
