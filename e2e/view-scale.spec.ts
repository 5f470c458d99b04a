// A big cluster of the real engine in web mode: 1,000 nodes are drawn (as tiles at far zoom, with a
// bar per node for its pods), search finds a pod by name, zooms to it and selects it, and finds a
// node the same way; a tile clicked at far zoom zooms to its node. Screenshots, looked at, in
// test-results/screenshots/scale-*.png.
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, collectConsoleErrors, screenshot } from './pages/cluster-page';
import { hasKubectl, kubectl } from './pages/kubectl';

const NODES = 1000;
const REPLICAS = 1500;
let server: KubelabServer;

test.skip(!hasKubectl(), 'needs kubectl on PATH');
test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // 20×, so the Deployment's pods are scheduled and started in seconds of wall time.
  server = await startKubelab(['--nodes', String(NODES), '--seed', '11', '--speed', '20']);
  kubectl(server.kubeconfig, ['create', 'deployment', 'big', '--image=nginx:1.27', `--replicas=${REPLICAS}`]);
  await expect
    .poll(() => Number(kubectl(server.kubeconfig, ['get', 'deployment', 'big', '-o', 'jsonpath={.status.availableReplicas}']) || 0), { timeout: 240_000, intervals: [2000] })
    .toBe(REPLICAS);
});

test.afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

test('1,000 nodes drawn; search finds a pod by name, zooms to it and selects it', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  const stage = page.getByTestId('cluster-stage');
  await expect(stage).toHaveAttribute('data-nodes', String(NODES), { timeout: 60_000 });
  // Fitted whole: every node is a tile on the overview canvas, its pods one bar, and no SVG card is built.
  await expect(stage).toHaveAttribute('data-cards', 'summary');
  await expect(stage).toHaveAttribute('data-pods', 'aggregate');
  await expect(page.getByTestId('overview-canvas')).toHaveAttribute('data-tiles', String(NODES));
  await expect(stage).toHaveAttribute('data-drawn-cards', '0');
  await expect(page.getByTestId('lod-legend')).toBeVisible();
  await screenshot(page, 'scale-1000-nodes.png');

  // A pod by its full name: the first result, Enter.
  const name = kubectl(server.kubeconfig, ['get', 'pods', '-l', 'app=big', '-o', 'jsonpath={.items[1234].metadata.name}']);
  const node = kubectl(server.kubeconfig, ['get', 'pod', name, '-o', 'jsonpath={.spec.nodeName}']);
  const search = page.getByTestId('cluster-search');
  await search.fill(name);
  await expect(page.getByTestId('search-results').locator('[data-kind="search-pod"]').first()).toHaveAttribute('data-name', name);
  await search.press('Enter');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-name-selected', name);
  await expect(page.getByTestId('pods-canvas')).toHaveAttribute('data-focused', `default/${name}`);
  // Zoomed in far enough to see each pod, with the pod's node card drawn in full and on screen.
  await expect(stage).toHaveAttribute('data-pods', 'glyphs');
  await expect(stage).toHaveAttribute('data-cards', 'full');
  await expect.poll(async () => Number(await stage.getAttribute('data-zoom'))).toBeGreaterThanOrEqual(1);
  await expect(cluster.node(node)).toBeInViewport();
  expect(Number(await stage.getAttribute('data-drawn-cards'))).toBeLessThan(100);
  await screenshot(page, 'scale-search-pod.png');

  // A node by part of its name, picked with the pointer.
  await search.fill('m777');
  await page.getByTestId('search-results').locator('[data-kind="search-node"][data-name="minikube-m777"]').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-name-selected', 'minikube-m777');
  await expect(cluster.node('minikube-m777')).toBeInViewport();

  // Back to the whole cluster; a tile clicked there zooms to its node.
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(stage).toHaveAttribute('data-cards', 'summary');
  const box = (await page.locator('.stage svg').first().boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await expect(stage).toHaveAttribute('data-cards', 'full');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-kind-selected', 'Node');
  await screenshot(page, 'scale-tile-zoomed.png');
  expect(errors).toEqual([]);
});
