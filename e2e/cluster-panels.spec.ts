// The cluster view's panels against the real engine: hovering a Service lights exactly its pods,
// "Why here?" gives every node a verdict, and Korean leaves no English in the main panels.
import { expect, test, type Page } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, screenshot } from './pages/cluster-page';
import { hasKubectl, kubectl, podsOf } from './pages/kubectl';

let server: KubelabServer;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '3', '--speed', '10']);
  if (hasKubectl()) {
    kubectl(server.kubeconfig, ['create', 'deployment', 'web', '--image=nginx', '--replicas=4']);
    kubectl(server.kubeconfig, ['create', 'deployment', 'api', '--image=nginx', '--replicas=2']);
    kubectl(server.kubeconfig, ['expose', 'deployment', 'web', '--port=80']);
  }
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

async function ready(page: Page): Promise<ClusterPage> {
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(page.locator('[data-kind="pod"][data-owner="web"][data-phase="Ready"]')).toHaveCount(4, { timeout: 30_000 });
  return cluster;
}

test('hovering a Service highlights exactly the pods its selector matches', async ({ page }) => {
  test.skip(!hasKubectl(), 'needs kubectl on PATH');
  const cluster = await ready(page);
  await cluster.service('web').hover();
  const drawn = await cluster.drawnPods();
  const lit = [...drawn].filter(([, p]) => p.highlighted).map(([name]) => name).sort();
  const selected = podsOf(server.kubeconfig, 'app=web').filter((p) => !p.terminating).map((p) => p.name).sort();
  expect(lit).toEqual(selected);
  expect(lit).toHaveLength(4);
  await screenshot(page, 'panels-hover-service.png');
});

test('"Why here?" lists every node with a verdict', async ({ page }) => {
  test.skip(!hasKubectl(), 'needs kubectl on PATH');
  const cluster = await ready(page);
  // Each step waits for what it needs, never for time: the tab is selected before a pod is picked
  // (picking opens the selected tab), the panel names the pod picked, and the rows are read by
  // retrying assertions, so a refresh from a busy cluster in between cannot fail the test.
  await cluster.tab('whyHere').click();
  await expect(cluster.tab('whyHere')).toHaveAttribute('aria-selected', 'true');
  const pod = page.locator('[data-kind="pod"][data-owner="web"][data-phase="Ready"]').first();
  const name = (await pod.getAttribute('data-name'))!;
  await page.locator(`[data-kind="pod"][data-name="${name}"]`).click();
  await expect(page.getByTestId('why-here').locator('h3')).toContainText(name);
  const rows = page.locator('[data-kind="verdict"]');
  await expect(rows).toHaveCount(3);
  const read = (attribute: string) => rows.evaluateAll((r, a) => r.map((e) => e.getAttribute(a) ?? ''), attribute);
  await expect.poll(async () => (await read('data-name')).sort()).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
  await expect.poll(async () => (await read('data-phase')).every((phase) => ['chosen', 'passed', 'rejected'].includes(phase))).toBe(true);
  await expect(page.locator('[data-kind="verdict"][data-phase="chosen"]')).toHaveCount(1);
  await screenshot(page, 'panels-why-here.png');
});

test('Korean shows no English leftovers in the main panels', async ({ page }) => {
  test.skip(!hasKubectl(), 'needs kubectl on PATH');
  const cluster = await ready(page);
  await cluster.setLanguage('ko');
  await cluster.tab('narration').click();
  // Names of objects (split into the letter runs the check below extracts: `web-6db9-bcdd5` gives `bcdd`), node roles, label selectors, Kubernetes' own messages (shown as code) and proper names are data.
  const names = new Set<string>(JSON.parse(kubectl(server.kubeconfig, ['get', 'all,nodes,namespaces', '-A', '-o', 'json'])).items.flatMap((o: { metadata: { name: string } }) => o.metadata.name.split(/[^A-Za-z]+/)));
  // The names of Kubernetes' programs (kubectl, kubelet) stay as they are written in Korean text too.
  const ALLOWED = new Set(['kubectl', 'kubelet', 'etcd', 'API', 'CPU', 'Kubelab', 'English', 'app', 'web', 'api', 'k8s', 'dns', 'kube', 'minikube', 'NoExecute', 'NoSchedule', 'node', 'kubernetes', 'io', 'control', 'plane', 'UTC']);
  const words = await page.evaluate(() => {
    const regions = ['header', '[role="toolbar"]', '.cluster', '.details'].flatMap((s) => [...document.querySelectorAll(s)]);
    return regions.flatMap((region) => {
      const copy = region.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('code, pre, title, option:not(:checked), [data-kind="pod"], .xterm').forEach((e) => e.remove());
      const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
      const words: string[] = [];
      // Taints (key[=value]:Effect, e.g. node.kubernetes.io/not-ready:NoSchedule) are Kubernetes identifiers: data.
      const taint = /[\w.-]+\/[\w.-]+(=[\w.-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)/g;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) words.push(...((node.textContent ?? '').replace(taint, ' ').match(/[A-Za-z]{3,}/g) ?? []));
      return words;
    });
  });
  const leftovers = [...new Set(words)].filter((w) => !ALLOWED.has(w) && !names.has(w));
  expect(leftovers).toEqual([]);
  await screenshot(page, 'panels-korean.png');
});

test('a page opened late tells the story so far, from the recorded frames', async ({ page }) => {
  test.skip(!hasKubectl(), 'needs kubectl on PATH');
  // The Deployments were created before this page loaded its snapshot.
  const cluster = await ready(page);
  await cluster.tab('narration').click();
  await expect(page.getByTestId('narration')).toContainText('Deployment web was created.');
  await expect(page.getByTestId('frame-change')).not.toContainText('Waiting for the first change');
});
