// The rollout chart against the real engine: three image changes make four ReplicaSets, each drawn
// in its own colour from the frame it was created, on a clock-time axis; stepping back before a
// ReplicaSet existed drops it from the counts. Screenshot: test-results/screenshots/rollout-chart.png.
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, collectConsoleErrors, screenshot } from './pages/cluster-page';
import { hasKubectl, kubectl } from './pages/kubectl';

let server: KubelabServer;

test.skip(!hasKubectl(), 'needs kubectl on PATH');

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '9', '--speed', '10']);
});
test.afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

test('every ReplicaSet has its own colour, a line from its creation, and a time axis', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);
  kubectl(server.kubeconfig, ['create', 'deployment', 'web', '--image=nginx:1.26', '--replicas=4']);
  const lines = page.locator('[data-testid="rollout"] svg g[data-rs]');
  await cluster.tab('rollout').click();
  await page.getByTestId('rollout-deployment').selectOption('default/web');
  for (const [i, image] of ['nginx:1.27', 'nginx:1.28', 'nginx:1.29'].entries()) {
    await expect(page.locator('[data-kind="pod"][data-owner="web"][data-phase="Ready"]')).toHaveCount(4, { timeout: 60_000 });
    await expect(lines).toHaveCount(i + 1);
    kubectl(server.kubeconfig, ['set', 'image', 'deployment/web', `nginx=${image}`]);
  }
  await expect(lines).toHaveCount(4, { timeout: 30_000 });
  await expect(page.locator('[data-testid="rollout-counts"] li[data-role="new"][data-available="4"]')).toHaveCount(1, { timeout: 60_000 });
  const drawn = await lines.evaluateAll((gs) => gs.map((g) => ({ rs: g.getAttribute('data-rs')!, colour: g.getAttribute('data-colour')!, start: Number(g.getAttribute('data-start')) })));
  expect(new Set(drawn.map((d) => d.colour)).size).toBe(4);
  // Lines start where their ReplicaSets were created: later revisions start later.
  const starts = drawn.map((d) => d.start);
  expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  expect(new Set(starts).size).toBe(4);
  const ticks = page.locator('[data-testid="rollout-time-axis"] [data-time]');
  expect(await ticks.count()).toBeGreaterThanOrEqual(2);
  await expect(ticks.first()).toHaveText(/^\d\d:\d\d:\d\d$/);
  await screenshot(page, 'rollout-chart.png');

  // Seek to just before the newest ReplicaSet was created: it is no longer listed.
  const newest = drawn.at(-1)!;
  await page.getByTestId('clock-toggle').click();
  await page.evaluate((frame) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="scrub"]')!;
    input.value = String(frame);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, newest.start - 1);
  await expect(cluster.frame()).toHaveAttribute('data-frame', String(newest.start - 1));
  await expect(page.locator(`[data-testid="rollout-counts"] li[data-rs="${newest.rs}"]`)).toHaveCount(0);
  await expect(page.locator('[data-testid="rollout-counts"] li')).toHaveCount(3);
  await screenshot(page, 'rollout-chart-before-newest.png');
  expect(errors).toEqual([]);
});
