// Pods drawn on canvas (more than 300) against a scripted cluster: the keyboard reaches each pod,
// it is announced with its name and state, Enter opens it in the inspector, and the canvas draws a
// focus ring. With 5,000 pods, the keyboard layer stays about one element per node.
import { expect, test, type Page } from '@playwright/test';
import { fakeClusterScript, type FakeClusterConfig } from './pages/fake-cluster-bridge';
import { serveRenderer } from './pages/renderer-harness';
import { ClusterPage, collectConsoleErrors, screenshot } from './pages/cluster-page';

let harness: { url: string; close(): Promise<void> };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  harness = await serveRenderer();
});
test.afterAll(async () => harness?.close());

async function open(page: Page, config: FakeClusterConfig) {
  const errors = collectConsoleErrors(page);
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(fakeClusterScript(config));
  const cluster = new ClusterPage(page);
  await cluster.open(harness.url);
  await expect(cluster.nodes()).toHaveCount(config.nodes, { timeout: 60_000 });
  await expect(cluster.canvasPods()).toBeAttached();
  return { cluster, errors };
}

test('Tab reaches a canvas pod, arrows move between pods, Enter opens it in the inspector', async ({ page }) => {
  const { cluster, errors } = await open(page, { nodes: 4, pods: 400, churn: 0, tickMs: 200 });
  // After the last node card comes the pod layer: the first node's first pod.
  await cluster.node('minikube-m04').focus();
  await page.keyboard.press('Tab');
  const first = await cluster.focused();
  expect(first).toMatchObject({ kind: 'pod', phase: 'Ready' });
  // The same words as an SVG pod's label: name, state in words, owner, restarts.
  expect(first!.label).toBe(`Pod ${first!.name}, Running, ready, owner ${first!.name.split('-')[0]}, 0 restarts`);
  await expect.poll(() => cluster.focusRing()).toBe(first!.key);

  await page.keyboard.press('ArrowRight');
  const second = await cluster.focused();
  expect(second?.kind).toBe('pod');
  expect(second?.name).not.toBe(first!.name);
  await expect.poll(() => cluster.focusRing()).toBe(second!.key);
  // The arrows move the focus, not the timeline (whose ArrowLeft would step into the past).
  await page.keyboard.press('ArrowLeft');
  expect((await cluster.focused())?.name).toBe(first!.name);
  await expect(cluster.frame()).toHaveAttribute('data-live', 'true');
  await page.keyboard.press('ArrowRight');

  // PageDown goes to the next node's pods; Tab would too (one stop per node).
  await page.keyboard.press('PageDown');
  const onNext = page.locator(`[data-testid="canvas-pods"] [data-kind="pod"][data-name="${(await cluster.focused())!.name}"]`);
  await expect(onNext).toHaveAttribute('data-node', 'minikube-m02');

  await page.keyboard.press('Enter');
  await expect(cluster.tab('inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('inspector')).toContainText((await onNext.getAttribute('data-name'))!);
  expect(errors).toEqual([]);
});

test('5,000 canvas pods: a focused pod gets a ring, and the keyboard layer stays small', async ({ page }) => {
  test.setTimeout(120_000);
  const { cluster, errors } = await open(page, { nodes: 100, pods: 5000, churn: 50, tickMs: 200 });
  await cluster.node('minikube-m100').focus();
  await page.keyboard.press('Tab');
  for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const focused = await cluster.focused();
  expect(focused?.kind).toBe('pod');
  await expect.poll(() => cluster.focusRing()).toBe(focused!.key);
  await screenshot(page, 'canvas-5000-focused.png');
  // PageDown to a node far below the visible part of the drawing: it is panned into view.
  for (let i = 0; i < 60; i++) await page.keyboard.press('PageDown');
  const far = await cluster.focused();
  expect(far?.kind).toBe('pod');
  await expect(cluster.node(far!.key ? (await page.locator(`[data-key="${far!.key}"]`).getAttribute('data-node'))! : '')).toBeInViewport();
  // One element per node, plus the focused node's pods: far fewer than 5,000.
  expect(await cluster.canvasPods().locator('[data-kind="pod"]').count()).toBeLessThan(100 + 120);
  await screenshot(page, 'canvas-5000-focused-far.png');
  expect(errors).toEqual([]);
});
