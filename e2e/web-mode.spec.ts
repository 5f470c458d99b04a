// Web mode end to end: `serve` draws the cluster in Chromium, live, and exits 0 on SIGINT.
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, collectConsoleErrors } from './pages/cluster-page';

let server: KubelabServer;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '7']);
});

test.afterAll(async () => {
  // Ctrl-C ends the web mode cleanly: exit code 0 and no process of its family left behind.
  expect(await server.stop()).toBe(0);
  expect(server.strays).toEqual([]);
});

test('draws the three nodes with their names and status', async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);
  expect(await cluster.nodeNames()).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
  await expect(cluster.node('minikube')).toHaveAttribute('aria-label', /Node minikube, status Ready/);
  await expect(cluster.node('minikube-m02')).toContainText('Ready');
  await page.screenshot({ path: testInfo.outputPath('cluster-3-nodes.png'), fullPage: true });
  await page.screenshot({ path: 'test-results/screenshots/cluster-3-nodes.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('updates live as virtual time passes', async ({ page }) => {
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);
  const first = await cluster.virtualTime().textContent();
  await expect(cluster.virtualTime()).not.toHaveText(first ?? '', { timeout: 10_000 });
});

test('switches the UI to Korean at run time', async ({ page }) => {
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);
  await cluster.setLanguage('ko');
  await expect(cluster.node('minikube')).toHaveAttribute('aria-label', /노드 minikube, 상태 준비됨/);
  await expect(page.getByRole('heading', { name: '노드', exact: true })).toBeVisible();
});
