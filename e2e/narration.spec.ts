// The narration follows the timeline and says why: a 4-replica rolling update, paused and stepped
// frame by frame from its start, narrates every round of the Deployment controller with its
// arithmetic (maxSurge 25% of 4 rounds up to 1, maxUnavailable 25% rounds down to 1: at most 5
// pods, at least 3 available), the current line stays in view, and Korean tells the same.
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, screenshot } from './pages/cluster-page';
import { hasKubectl, kubectl } from './pages/kubectl';
import { NarrationPanel } from './pages/narration-panel';

let server: KubelabServer;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '7', '--speed', '10']);
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const ARITHMETIC = 'maxSurge 25% of 4 rounds up to 1 and maxUnavailable 25% of 4 rounds down to 1, so at most 5 pods may exist and at least 3 must be available';

interface ReplicaSetList {
  items: { metadata: { name: string; annotations?: Record<string, string> }; spec: { replicas?: number }; status: { availableReplicas?: number } }[];
}

test('a rolling update stepped frame by frame narrates the surge and unavailable arithmetic on every round', async ({ page }) => {
  test.skip(!hasKubectl(), 'needs kubectl on PATH');
  test.setTimeout(240_000);
  const cluster = new ClusterPage(page);
  const narration = new NarrationPanel(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);

  kubectl(server.kubeconfig, ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=4']);
  await expect(page.locator('[data-kind="pod"][data-owner="web"][data-phase="Ready"]')).toHaveCount(4, { timeout: 60_000 });
  kubectl(server.kubeconfig, ['set', 'image', 'deployment/web', 'nginx=nginx:1.26']);
  // Done when the new ReplicaSet has all 4 available and the old one none.
  await expect
    .poll(
      () => {
        const list = JSON.parse(kubectl(server.kubeconfig, ['get', 'rs', '-l', 'app=web', '-o', 'json'])) as ReplicaSetList;
        return list.items.map((rs) => `${rs.metadata.annotations?.['deployment.kubernetes.io/revision']}:${rs.spec.replicas ?? 0}/${rs.status.availableReplicas ?? 0}`).sort();
      },
      { timeout: 90_000 },
    )
    .toEqual(['1:0/0', '2:4/4']);
  await cluster.clockToggle().click();
  await expect(cluster.clockToggle()).toHaveAttribute('aria-pressed', 'false');
  await cluster.tab('narration').click();

  // The whole story is kept, not only the newest lines: the Deployment's creation is still there.
  await expect(narration.list()).toContainText('web');

  // To the frame where the rollout started, then forwards one notable frame at a time.
  await cluster.marker('rollout', 'web').first().click();
  await expect(cluster.frame()).toHaveAttribute('data-live', 'false');
  const rounds: string[] = [];
  const roundFrames: number[] = [];
  for (let step = 0; step < 400; step++) {
    if ((await cluster.frame().getAttribute('data-live')) === 'true') break;
    const frame = Number(await cluster.frame().getAttribute('data-frame'));
    const line = await narration.currentLine();
    if (line) {
      // Stepping keeps the current line in view.
      await expect(narration.current()).toBeInViewport();
      if (line.frame === frame && line.text.includes('Rolling update of web')) {
        rounds.push(line.text);
        roundFrames.push(frame);
        if (rounds.length === 3) await screenshot(page, 'narration-en.png');
      }
    }
    await page.getByTestId('step-forward').click();
    await expect.poll(async () => Number(await cluster.frame().getAttribute('data-frame'))).toBeGreaterThan(frame);
  }

  // Four rounds up for the new ReplicaSet, four down for the old one, each with its arithmetic.
  const moves = rounds.map((text) => /(starts with \d+|(grows|shrinks) by \d+, from \d+ to \d+)/.exec(text)?.[0]);
  expect(moves).toEqual(
    expect.arrayContaining(['starts with 1', 'grows by 1, from 1 to 2', 'grows by 1, from 2 to 3', 'grows by 1, from 3 to 4', 'shrinks by 1, from 4 to 3', 'shrinks by 1, from 3 to 2', 'shrinks by 1, from 2 to 1', 'shrinks by 1, from 1 to 0']),
  );
  expect(rounds).toHaveLength(8);
  for (const text of rounds) expect(text).toContain(ARITHMETIC);

  // A line's time jumps to its frame; the same story in Korean there.
  await cluster.marker('rollout', 'web').first().click();
  await narration.seekTo(roundFrames[1]!);
  await expect(cluster.frame()).toHaveAttribute('data-frame', String(roundFrames[1]));
  await expect(narration.current()).toHaveAttribute('data-frame', String(roundFrames[1]));
  await cluster.setLanguage('ko');
  await expect(narration.current()).toContainText('web 디플로이먼트 롤링 업데이트: maxSurge 25%는 4개에 적용하면 올림해서 1개, maxUnavailable 25%는 4개에 적용하면 내림해서 1개입니다. 따라서 파드는 최대 5개까지 있을 수 있고 최소 3개는 사용 가능해야 하므로');
  await screenshot(page, 'narration-ko.png');
  await cluster.setLanguage('en');
});
