// A rolling update, frame by frame, against the real engine: create a Deployment of 10, change its
// image, pause, go back to the rollout's start and step forward. At every frame the counts the view
// draws for the old and new ReplicaSets equal the engine's (read through the real kubectl, which
// sees the frame the engine shows). Stepping back shows the earlier frame exactly.
import { expect, test, type Page } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, screenshot } from './pages/cluster-page';
import { hasKubectl, kubectl } from './pages/kubectl';

let server: KubelabServer;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '5', '--speed', '10']);
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

type Counts = Record<string, { desired: number; ready: number; available: number }>;

async function drawnCounts(page: Page): Promise<Counts> {
  const rows = await page.getByTestId('rollout-counts').locator('li').evaluateAll((items) =>
    items.map((li) => [li.getAttribute('data-rs') ?? '', Number(li.getAttribute('data-desired')), Number(li.getAttribute('data-ready')), Number(li.getAttribute('data-available'))] as const),
  );
  return Object.fromEntries(rows.filter(([, d, r, a]) => d + r + a > 0).map(([rs, desired, ready, available]) => [rs, { desired, ready, available }]));
}

/** The engine's ReplicaSets at the frame it shows, once it shows `frame`. */
async function engineCounts(frame: number): Promise<Counts> {
  let list: { metadata: { resourceVersion: string }; items: { metadata: { name: string }; spec: { replicas?: number }; status: { readyReplicas?: number; availableReplicas?: number } }[] } | undefined;
  await expect
    .poll(() => {
      // The raw list carries the API server's resourceVersion (kubectl get -o json would blank it).
      list = JSON.parse(kubectl(server.kubeconfig, ['get', '--raw', '/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb']));
      return Number(list!.metadata.resourceVersion);
    })
    .toBe(frame);
  return Object.fromEntries(
    list!.items
      .map((rs) => [rs.metadata.name, { desired: rs.spec.replicas ?? 0, ready: rs.status.readyReplicas ?? 0, available: rs.status.availableReplicas ?? 0 }] as const)
      .filter(([, c]) => c.desired + c.ready + c.available > 0),
  );
}

async function shownFrame(page: Page): Promise<number> {
  return Number(await page.getByTestId('frame').getAttribute('data-frame'));
}

test('steps through a rolling update frame by frame, forwards and back', async ({ page }) => {
  test.skip(!hasKubectl(), 'needs kubectl on PATH');
  test.setTimeout(180_000);
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);

  kubectl(server.kubeconfig, ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=10']);
  await expect(page.locator('[data-kind="pod"][data-owner="web"][data-phase="Ready"]')).toHaveCount(10, { timeout: 60_000 });
  await cluster.tab('rollout').click();
  await page.getByTestId('rollout-deployment').selectOption('default/web');

  kubectl(server.kubeconfig, ['set', 'image', 'deployment/web', 'nginx=nginx:1.26']);
  await expect(page.locator('[data-testid="rollout-counts"] li[data-role="new"][data-available="10"]')).toHaveCount(1, { timeout: 60_000 });
  await page.getByTestId('clock-toggle').click();
  await expect(page.getByTestId('clock-toggle')).toHaveAttribute('aria-pressed', 'false');
  await screenshot(page, 'rollout-1-done.png');

  // Back to the frame where the rollout started, then forwards one notable frame at a time.
  await page.locator('.marker.rollout').first().click();
  await expect(page.getByTestId('frame')).toHaveAttribute('data-live', 'false');
  const seen: { frame: number; counts: Counts; pods: string }[] = [];
  for (let step = 0; step < 400; step++) {
    const frame = await shownFrame(page);
    // Back at live, the frames are over: live is not a recorded past frame to compare.
    if ((await page.getByTestId('frame').getAttribute('data-live')) === 'true') break;
    const counts = await drawnCounts(page);
    expect(counts, `frame ${frame}`).toEqual(await engineCounts(frame));
    const pods = JSON.stringify([...(await cluster.drawnPods())].sort());
    seen.push({ frame, counts, pods });
    if (step === 12) await screenshot(page, 'rollout-2-mid.png');
    await page.getByTestId('step-forward').click();
    await expect.poll(() => shownFrame(page)).toBeGreaterThan(frame);
  }
  expect(seen.length).toBeGreaterThan(10);
  // Both ReplicaSets were drawn with replicas at some frame: the surge and the scale-down are visible.
  expect(seen.some((s) => Object.keys(s.counts).length === 2)).toBe(true);

  // Step back from a frame in the middle: the earlier frame comes back exactly.
  const middle = seen[Math.floor(seen.length / 2)]!;
  const before = seen[Math.floor(seen.length / 2) - 1]!;
  await page.locator('.marker.rollout').first().click();
  while ((await shownFrame(page)) < middle.frame) {
    const at = await shownFrame(page);
    await page.getByTestId('step-forward').click();
    await expect.poll(() => shownFrame(page)).toBeGreaterThan(at);
  }
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => shownFrame(page)).toBe(before.frame);
  expect(await drawnCounts(page)).toEqual(before.counts);
  expect(JSON.stringify([...(await cluster.drawnPods())].sort())).toBe(before.pods);
  expect(await drawnCounts(page)).toEqual(await engineCounts(before.frame));
  await screenshot(page, 'rollout-3-stepped-back.png');
});
