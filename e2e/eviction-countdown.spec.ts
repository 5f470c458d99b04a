// The eviction countdown on a node card, against the real engine: power a node off by dragging it to
// the failure zone; once the node lifecycle controller taints it unreachable (NoExecute), its card
// counts down the pods' 300 s toleration on the virtual clock (it stands still while paused, and
// shows the past when a past frame is viewed), reaches 0 when the pods are evicted, then disappears.
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, collectConsoleErrors, screenshot } from './pages/cluster-page';
import { hasKubectl, kubectl } from './pages/kubectl';

let server: KubelabServer;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '11', '--speed', '10']);
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('a powered-off node counts down to its pods’ eviction, names the 300 s toleration, reaches 0 as they are evicted, then clears', async ({ page }) => {
  test.skip(!hasKubectl(), 'needs kubectl on PATH to create the Deployment');
  test.setTimeout(150_000);
  const errors = collectConsoleErrors(page);
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);

  kubectl(server.kubeconfig, ['create', 'deployment', 'web', '--image=nginx', '--replicas=4']);
  await expect(page.locator('[data-kind="pod"][data-owner="web"][data-phase="Ready"]')).toHaveCount(4, { timeout: 30_000 });
  const drawn = await cluster.drawnPods();
  const victim = ['minikube-m02', 'minikube-m03'].find((n) => [...drawn.values()].some((p) => p.node === n))!;
  const countdown = cluster.evictionCountdown(victim);
  await expect(countdown).toHaveCount(0);

  // Every value the card shows, as it is drawn (the last seconds pass quickly at 50×).
  await page.evaluate((node) => {
    const seen: string[] = [];
    (window as unknown as { countdownSeen: string[] }).countdownSeen = seen;
    const note = () => {
      const element = document.querySelector(`[data-kind="node"][data-name="${node}"] [data-testid="eviction-countdown"]`);
      const value = element ? `${element.getAttribute('data-seconds')}${element.getAttribute('data-evicted') === 'true' ? '!' : ''}` : '-';
      if (seen.at(-1) !== value) seen.push(value);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-seconds', 'data-evicted'] });
  }, victim);

  await cluster.dragNodeTo(victim, cluster.failureZone());
  await cluster.chooseFailure('powerOff');
  await expect(cluster.node(victim)).toHaveAttribute('data-failure', 'powerOff');

  // After the 50 s grace period the node is tainted unreachable, and the countdown starts at 300 s.
  await expect(countdown).toBeVisible({ timeout: 30_000 });
  const seconds = async () => Number(await countdown.getAttribute('data-seconds'));
  expect(await seconds()).toBeGreaterThan(200);
  expect(await seconds()).toBeLessThanOrEqual(300);
  await expect(countdown).toContainText(/Pods evicted in \d:\d\d/);
  await expect(cluster.node(victim)).toHaveAttribute('aria-label', /Pods evicted in \d:\d\d \(they tolerate node\.kubernetes\.io\/unreachable for 300 s\)/);
  await expect(countdown.locator('title')).toHaveText(/\(they tolerate node\.kubernetes\.io\/unreachable for 300 s\)/);
  await expect.poll(seconds, { timeout: 10_000 }).toBeLessThan(await seconds());

  // Paused, the virtual clock stands still and so does the countdown.
  await page.getByTestId('clock-toggle').click();
  await expect(page.getByTestId('clock-toggle')).toHaveAttribute('aria-pressed', 'false');
  const paused = await seconds();
  await page.waitForTimeout(1500);
  expect(await seconds()).toBe(paused);
  await screenshot(page, 'eviction-countdown-en.png');
  await cluster.setLanguage('ko');
  await expect(countdown).toContainText(/파드 축출까지 \d:\d\d/);
  await screenshot(page, 'eviction-countdown-ko.png');
  await cluster.setLanguage('en');
  await page.getByTestId('clock-toggle').click();

  // Fast, to the end: 0 when the pods are evicted (they terminate on the dead node), then gone.
  await cluster.setSpeed(50);
  await expect.poll(() => page.evaluate(() => (window as unknown as { countdownSeen: string[] }).countdownSeen.includes('0!')), { timeout: 60_000 }).toBe(true);
  await expect(countdown).toHaveCount(0, { timeout: 30_000 });
  const web = [...(await cluster.drawnPods())].filter(([name]) => name.startsWith('web-'));
  expect(web.filter(([, p]) => p.node === victim).every(([, p]) => p.phase === 'Terminating')).toBe(true);
  const seen = await page.evaluate(() => (window as unknown as { countdownSeen: string[] }).countdownSeen);
  // It counted down: never up, from near 300 to 0, then went away.
  const values = seen.filter((v) => v !== '-').map((v) => Number.parseInt(v, 10));
  expect(values.every((v, i) => i === 0 || v <= values[i - 1]!), seen.join(' ')).toBe(true);
  expect(seen.at(-1)).toBe('-');

  // The past: the frame where the node lost its Ready condition, then the next change (the taints).
  await cluster.marker('nodeFailed', victim).click();
  await expect(cluster.frame()).toHaveAttribute('data-live', 'false');
  for (let i = 0; i < 8 && (await countdown.count()) === 0; i++) {
    const before = (await cluster.frame().getAttribute('data-frame')) ?? '';
    await page.getByTestId('step-forward').click();
    await expect(cluster.frame()).not.toHaveAttribute('data-frame', before);
  }
  await expect(countdown).toBeVisible();
  expect(await seconds()).toBeGreaterThan(290);
  expect(errors).toEqual([]);
});
