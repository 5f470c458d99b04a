/**
 * The API contract checked with the official JavaScript client, @kubernetes/client-node, against
 * the server on the real engine through a kubeconfig: a paged list, its Watch class, create,
 * merge and strategic merge patches, and refusals surfaced as ApiException with the right code.
 */
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, Watch, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine/index';
import { startHarness, type Harness } from './testing/harness';

let engine: Engine;
let h: Harness;
let core: CoreV1Api;
let apps: AppsV1Api;
let kc: KubeConfig;
let clock: NodeJS.Timeout;

const NS = 'cn';
const deployment = (name: string): V1Deployment => ({
  metadata: { name, labels: { app: name } },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
});

/** The ApiException a call fails with. */
async function refusal(call: () => Promise<unknown>): Promise<ApiException<string>> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ApiException) return error as ApiException<string>;
    throw error;
  }
  throw new Error('the call succeeded');
}

beforeAll(async () => {
  engine = createEngine({ seed: 31, nodes: 1 });
  engine.advance(5_000);
  h = await startHarness(engine);
  kc = new KubeConfig();
  kc.loadFromFile(h.server.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  for (let i = 0; i < 5; i++) await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: `cm-${i}` }, data: { i: String(i) } } });
  engine.advance(2_000);
  // The cluster's controllers run while the client talks to the server.
  clock = setInterval(() => engine.advance(200), 20);
});
afterAll(async () => {
  clearInterval(clock);
  await h?.close();
  engine?.dispose();
});

describe('@kubernetes/client-node', () => {
  it('pages a list with limit and _continue', async () => {
    const first = await core.listNamespacedConfigMap({ namespace: NS, limit: 4 });
    expect(first.items.map((c) => c.metadata?.name)).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3']);
    expect(first.metadata?.remainingItemCount).toBe(2);
    const rest = await core.listNamespacedConfigMap({ namespace: NS, limit: 4, _continue: first.metadata!._continue! });
    expect(rest.items.map((c) => c.metadata?.name)).toEqual(['cm-4', 'kube-root-ca.crt']);
    expect(rest.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect(rest.metadata?._continue).toBeUndefined();
  });

  it('watches a Deployment created, patched (merge and strategic) and deleted', { timeout: 30_000 }, async () => {
    const events: { type: string; labels: Record<string, string>; image?: string }[] = [];
    let done!: () => void;
    const deleted = new Promise<void>((resolve) => (done = resolve));
    const watch = new Watch(kc);
    const abort = await watch.watch(
      `/apis/apps/v1/namespaces/${NS}/deployments`,
      { allowWatchBookmarks: true },
      (type, object: V1Deployment) => {
        if (type === 'BOOKMARK') return;
        events.push({ type, labels: object.metadata?.labels ?? {}, image: object.spec?.template.spec?.containers[0]?.image });
        if (type === 'DELETED') done();
      },
      () => done(),
    );
    const created = await apps.createNamespacedDeployment({ namespace: NS, body: deployment('node-web') });
    expect(created.metadata?.uid).toBeTruthy();
    const merged = await apps.patchNamespacedDeployment({ name: 'node-web', namespace: NS, body: { metadata: { labels: { tier: 'front' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(merged.metadata?.labels).toEqual({ app: 'node-web', tier: 'front' });
    const strategic = await apps.patchNamespacedDeployment(
      { name: 'node-web', namespace: NS, body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.spec?.template.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.28']);
    await apps.deleteNamespacedDeployment({ name: 'node-web', namespace: NS });
    await deleted;
    abort.abort();
    expect(events[0]).toMatchObject({ type: 'ADDED', labels: { app: 'node-web' } });
    expect(events.at(-1)?.type).toBe('DELETED');
    expect(events.some((e) => e.type === 'MODIFIED' && e.labels.tier === 'front')).toBe(true);
    expect(events.some((e) => e.type === 'MODIFIED' && e.image === 'nginx:1.28')).toBe(true);
  });

  it('surfaces 404, 409 and 422 Status replies as ApiException with their codes', async () => {
    const missing = await refusal(() => apps.readNamespacedDeployment({ name: 'nope', namespace: NS }));
    expect(missing.code).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'deployments.apps "nope" not found' });
    const duplicate = await refusal(() => core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'cm-0' } } }));
    expect(duplicate.code).toBe(409);
    expect(JSON.parse(duplicate.body)).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "cm-0" already exists' });
    const invalid = await refusal(() => core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } }));
    expect(invalid.code).toBe(422);
    expect(JSON.parse(invalid.body)).toMatchObject({ reason: 'Invalid', details: { causes: [{ field: 'metadata.name' }] } });
  });
});
