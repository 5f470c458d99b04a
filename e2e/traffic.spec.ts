// Traffic end to end (issue 7): expose a Deployment with kubectl, curl its NodePort from this
// machine, start a load generator from the Traffic tab, and see particles and per-pod counters
// appear over the cluster drawing; stopping the load lets them drain.
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, collectConsoleErrors, screenshot } from './pages/cluster-page';
import { hasKubectl, kubectl } from './pages/kubectl';

let server: KubelabServer;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '7', '--speed', '5']);
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('a load generator on an exposed Deployment draws particles and counts requests per pod', async ({ page }) => {
  test.skip(!hasKubectl(), 'needs kubectl on PATH');
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);

  kubectl(server.kubeconfig, ['create', 'deployment', 'kubernetes-bootcamp', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1', '--replicas=4']);
  kubectl(server.kubeconfig, ['expose', 'deployment/kubernetes-bootcamp', '--type=NodePort', '--port', '8080']);
  await expect(page.locator('[data-kind="pod"][data-owner="kubernetes-bootcamp"][data-phase="Ready"]')).toHaveCount(4, { timeout: 60_000 });
  await expect(cluster.service('kubernetes-bootcamp')).toBeVisible();

  // The traffic panel is a tab of the side panel (it no longer covers the drawing).
  await cluster.tab('traffic').click();
  await expect(page.getByTestId('traffic-panel')).toBeVisible();
  const stage = await page.locator('.stage').boundingBox();
  const panel = await page.getByTestId('traffic-panel').boundingBox();
  expect(panel!.x).toBeGreaterThanOrEqual(stage!.x + stage!.width);

  // The NodePort answers on 127.0.0.1 with the simulated pod's page.
  const listener = page.getByTestId('traffic-listener').filter({ hasText: 'kubernetes-bootcamp' });
  await expect(listener).toBeVisible();
  const url = (await listener.getAttribute('data-url'))!;
  const answer = await (await fetch(`${url}/`)).text();
  expect(answer).toMatch(/^Hello Kubernetes bootcamp! \| Running on: kubernetes-bootcamp-\S+ \| v=1\n$/);

  await page.getByTestId('traffic-service').selectOption('default/kubernetes-bootcamp');
  await page.getByTestId('traffic-rate').fill('40');
  await page.getByTestId('traffic-toggle').click();
  await expect(page.getByTestId('traffic-toggle')).toHaveText(/Stop/);

  const canvas = page.getByTestId('traffic-canvas');
  await expect.poll(async () => Number(await canvas.getAttribute('data-particles')), { timeout: 15_000 }).toBeGreaterThan(3);
  await expect(canvas).toHaveAttribute('data-animating', 'true');
  await expect.poll(() => page.getByTestId('pod-counter').count(), { timeout: 15_000 }).toBe(4);
  const totals = await page.getByTestId('pod-counter').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-total'))));
  expect(totals.every((n) => n > 0)).toBe(true);
  await expect(page.getByTestId('traffic-spark').filter({ hasText: 'kubernetes-bootcamp' })).toBeVisible();
  await screenshot(page, 'traffic-load.png');

  // A node failure: its pods' requests fail until the endpoints update, then traffic recovers.
  const drawn = await cluster.drawnPods();
  const victim = ['minikube-m02', 'minikube'].find((n) => [...drawn].some(([name, p]) => name.startsWith('kubernetes-bootcamp-') && p.node === n))!;
  await cluster.dragNodeTo(victim, cluster.failureZone());
  await cluster.chooseFailure('powerOff');
  const spark = page.getByTestId('traffic-spark').filter({ hasText: 'kubernetes-bootcamp' });
  const errorsPerSecond = async () => Number(/, ([\d.k]+) errors\/s/.exec((await spark.getAttribute('aria-label')) ?? '')?.[1] ?? 'NaN');
  await expect.poll(errorsPerSecond, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('pod-counter').filter({ hasText: '✕' }).first()).toBeVisible();
  await screenshot(page, 'traffic-node-failure.png');
  await expect.poll(errorsPerSecond, { timeout: 60_000, intervals: [250] }).toBe(0);
  await expect.poll(errorsPerSecond, { timeout: 5_000 }).toBe(0);

  // Stopping the generator lets the particles drain.
  await page.getByTestId('traffic-toggle').click();
  await expect.poll(async () => Number(await canvas.getAttribute('data-particles')), { timeout: 15_000 }).toBe(0);
  // Idle: the particle layer stops its animation loop instead of redrawing every frame.
  await expect(canvas).toHaveAttribute('data-animating', 'false');
  expect(errors).toEqual([]);
});
