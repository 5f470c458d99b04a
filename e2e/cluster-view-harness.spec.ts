// The cluster view in Chromium against a scripted cluster (no engine): drawing, hover highlighting,
// drag to fail, "Why here?", Korean, keyboard. Screenshots land in test-results/screenshots/.
import { expect, test, type Page } from '@playwright/test';
import { fakeClusterScript } from './pages/fake-cluster-bridge';
import { serveRenderer } from './pages/renderer-harness';
import { ClusterPage, screenshot } from './pages/cluster-page';

let harness: { url: string; close(): Promise<void> };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  harness = await serveRenderer();
});
test.afterAll(async () => harness?.close());

async function open(page: Page, config = { nodes: 4, pods: 18, churn: 0, tickMs: 200 }) {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(fakeClusterScript(config));
  const cluster = new ClusterPage(page);
  await cluster.open(harness.url);
  await expect(cluster.nodes()).toHaveCount(config.nodes);
  return { cluster, errors };
}

test('draws nodes, pods, control plane and Services', async ({ page }) => {
  const { cluster, errors } = await open(page);
  await expect(cluster.pods()).toHaveCount(18);
  await expect(page.locator('[data-kind="component"]')).toHaveCount(4);
  await expect(page.locator('[data-kind="service"]')).toHaveCount(7);
  await screenshot(page, 'harness-cluster.png');
  expect(errors).toEqual([]);
});

test('hovering a Service highlights exactly the pods its selector matches', async ({ page }) => {
  const { cluster } = await open(page);
  await cluster.service('web-svc').hover();
  const drawn = await cluster.drawnPods();
  const lit = [...drawn].filter(([, p]) => p.highlighted).map(([name]) => name).sort();
  const web = [...drawn.keys()].filter((name) => name.startsWith('web-')).sort();
  expect(lit).toEqual(web);
  expect(lit.length).toBeGreaterThan(0);
  await screenshot(page, 'harness-hover-service.png');
});

test('dragging a node to the failure zone and powering it off moves its pods elsewhere', async ({ page }) => {
  const { cluster } = await open(page, { nodes: 4, pods: 18, churn: 0, tickMs: 100 });
  await cluster.dragNodeTo('minikube-m02', cluster.failureZone());
  await expect(cluster.nodeMenu()).toBeVisible();
  await screenshot(page, 'harness-drop-menu.png');
  await cluster.chooseFailure('powerOff');
  await expect(cluster.node('minikube-m02')).toHaveAttribute('data-phase', 'Unknown');
  await expect.poll(async () => [...(await cluster.drawnPods()).values()].filter((p) => p.node === 'minikube-m02' || p.phase !== 'Ready').length).toBe(0);
  await screenshot(page, 'harness-powered-off.png');
});

test('light theme in Korean, with the inspector and a past frame', async ({ page }) => {
  const { cluster, errors } = await open(page, { nodes: 4, pods: 18, churn: 3, tickMs: 200 });
  await page.getByLabel('Theme').selectOption('light');
  await cluster.setLanguage('ko');
  await page.locator('[data-kind="pod"]').first().click();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await page.getByTestId('step-back').click();
  await expect(cluster.frame()).toHaveAttribute('data-live', 'false');
  await screenshot(page, 'harness-light-korean.png');
  expect(errors).toEqual([]);
});
