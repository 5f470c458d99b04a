// Drag to fail, against the real engine: drag a node card with the mouse onto the failure zone,
// choose power off, and at high speed watch its pods end up Running on other nodes, in the view and
// through the real kubectl.
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, screenshot } from './pages/cluster-page';
import { hasKubectl, kubectl, podsOf } from './pages/kubectl';

let server: KubelabServer;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '11', '--speed', '10']);
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('a node dragged to the failure zone and powered off has its pods rescheduled elsewhere', async ({ page }) => {
  test.skip(!hasKubectl(), 'needs kubectl on PATH to create the Deployment');
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);

  kubectl(server.kubeconfig, ['create', 'deployment', 'web', '--image=nginx', '--replicas=6']);
  const web = page.locator('[data-kind="pod"][data-owner="web"]');
  await expect(web).toHaveCount(6);
  await expect(page.locator('[data-kind="pod"][data-owner="web"][data-phase="Ready"]')).toHaveCount(6, { timeout: 30_000 });
  await screenshot(page, 'failure-1-before.png');

  // The victim: a worker that runs some of web's pods.
  const drawn = await cluster.drawnPods();
  const victim = ['minikube-m02', 'minikube-m03'].find((n) => [...drawn.values()].some((p) => p.node === n))!;
  const displaced = [...drawn].filter(([name, p]) => name.startsWith('web-') && p.node === victim).length;
  expect(displaced).toBeGreaterThan(0);

  await cluster.setSpeed(50);
  await cluster.dragNodeTo(victim, cluster.failureZone());
  await expect(cluster.nodeMenu()).toBeVisible();
  await screenshot(page, 'failure-2-menu.png');
  await cluster.chooseFailure('powerOff');
  await expect(cluster.node(victim)).toHaveAttribute('data-failure', 'powerOff');

  // NotReady after the grace period, then (after tolerationSeconds) replacements elsewhere.
  await expect(cluster.node(victim)).not.toHaveAttribute('data-phase', 'Ready', { timeout: 30_000 });
  await screenshot(page, 'failure-3-not-ready.png');
  await expect
    .poll(async () => [...(await cluster.drawnPods())].filter(([name, p]) => name.startsWith('web-') && p.node !== victim && p.phase === 'Ready').length, { timeout: 60_000 })
    .toBe(6);
  await screenshot(page, 'failure-4-rescheduled.png');
  await page.locator('[role="tab"][data-tab="narration"]').click();
  await expect(page.getByTestId('narration')).toContainText(victim);

  const running = podsOf(server.kubeconfig, 'app=web').filter((p) => !p.terminating && p.phase === 'Running' && p.ready);
  expect(running.length).toBe(6);
  expect(running.every((p) => p.node !== victim)).toBe(true);
  expect(errors).toEqual([]);
});
