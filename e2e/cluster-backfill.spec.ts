// A page opened after a node failure, against the real engine: the scrub bar has a marker for the
// failure (recorded before the page opened), clicking it draws that frame from the engine's snapshot,
// and the narration tells it in the live narration's words ("became NotReady"), not "was updated".
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, collectConsoleErrors, screenshot } from './pages/cluster-page';

let server: KubelabServer;
const victim = 'minikube-m02';

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '5', '--speed', '50']);
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('a node failure before the page opened has a marker, redraws its frame, and is narrated as NotReady', async ({ browser }) => {
  test.setTimeout(120_000);
  // First visit: power the node off through its menu, wait for NotReady, then recover it.
  const first = await browser.newPage();
  const before = new ClusterPage(first);
  await before.open(server.url);
  await expect(before.nodes()).toHaveCount(3);
  await before.node(victim).focus();
  await first.keyboard.press('Enter');
  await before.chooseFailure('powerOff');
  await expect(before.node(victim)).toHaveAttribute('data-phase', 'Unknown', { timeout: 30_000 });
  await before.node(victim).focus();
  await first.keyboard.press('Enter');
  await before.chooseFailure('recover');
  await expect(before.node(victim)).toHaveAttribute('data-phase', 'Ready', { timeout: 30_000 });
  await first.close();

  // Second visit: all of that happened before this page loaded its snapshot.
  const page = await browser.newPage();
  const errors = collectConsoleErrors(page);
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.node(victim)).toHaveAttribute('data-phase', 'Ready');
  const failed = cluster.marker('nodeFailed', victim);
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveClass(/earlier/);
  await expect(cluster.marker('nodeRecovered', victim)).toHaveCount(1);
  await cluster.tab('narration').click();
  await expect(page.getByTestId('narration')).toContainText(`Node ${victim} became NotReady`);
  await expect(page.getByTestId('narration')).toContainText(`Node ${victim} got the taint node.kubernetes.io/unreachable`);

  // Clicking the marker shows that frame: the node drawn as it was then, the engine there too.
  const frame = await failed.getAttribute('data-frame');
  await failed.click();
  await expect(cluster.frame()).toHaveAttribute('data-frame', frame!);
  await expect(cluster.frame()).toHaveAttribute('data-live', 'false');
  await expect(cluster.node(victim)).toHaveAttribute('data-phase', 'Unknown');
  await expect(page.getByTestId('frame-change')).toContainText('became NotReady');
  await screenshot(page, 'backfill-earlier-failure.png');

  // Back to live: the node is Ready again.
  await page.getByTestId('jump-live').click();
  await expect(cluster.frame()).toHaveAttribute('data-live', 'true');
  await expect(cluster.node(victim)).toHaveAttribute('data-phase', 'Ready');
  expect(errors).toEqual([]);
});
