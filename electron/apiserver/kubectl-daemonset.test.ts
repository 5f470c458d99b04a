/**
 * The real kubectl 1.32 against the server on the real engine, for DaemonSets: `get ds` with
 * upstream's columns, `describe ds`, `get controllerrevisions`, and `drain --ignore-daemonsets`,
 * which finds kube-proxy's DaemonSet through the pod's controller reference and leaves the pod.
 * Skips, saying why, without kubectl.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../shared/k8s/objects';
import type { Engine } from '../engine/api';
import type { Harness } from './testing/harness';
import { kubectlPath, rows, skippedWithoutKubectl, startKubectlCluster, type Kubectl } from './testing/kubectl-cluster';

let engine: Engine;
let h: Harness;
let kubectl: Kubectl;

describe.skipIf(!kubectlPath)(`kubectl and DaemonSets${skippedWithoutKubectl}`, () => {
  beforeAll(async () => {
    ({ engine, h, kubectl } = await startKubectlCluster({ seed: 7, nodes: 2 }));
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  it('lists kube-proxy with the DaemonSet columns, wide ones included', async () => {
    const table = rows((await kubectl('get', 'ds', '-n', 'kube-system')).stdout);
    expect(table[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    expect(table[1]!.slice(0, 7)).toEqual(['kube-proxy', '2', '2', '2', '2', '2', 'kubernetes.io/os=linux']);
    const wide = rows((await kubectl('get', 'daemonsets', '-n', 'kube-system', '-o', 'wide')).stdout);
    expect(wide[0]!.slice(-3)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(wide[1]!.slice(-3)).toEqual(['kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.4', 'k8s-app=kube-proxy']);
    const revisions = rows((await kubectl('get', 'controllerrevisions', '-n', 'kube-system')).stdout);
    expect(revisions[0]).toEqual(['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
    expect(revisions[1]!.slice(1, 3)).toEqual(['daemonset.apps/kube-proxy', '1']);
  });

  it('describes the DaemonSet with its pod counts and events', async () => {
    const r = await kubectl('describe', 'ds', 'kube-proxy', '-n', 'kube-system');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Selector:\s+k8s-app=kube-proxy/);
    expect(r.stdout).toMatch(/Desired Number of Nodes Scheduled: 2/);
    expect(r.stdout).toMatch(/Pods Status:\s+2 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed/);
    expect(r.stdout).toMatch(/SuccessfulCreate\s+.*daemonset-controller\s+Created pod: kube-proxy-/);
  });

  it('reports rollout status of the DaemonSet', async () => {
    const r = await kubectl('rollout', 'status', 'daemonset/kube-proxy', '-n', 'kube-system');
    expect(r.stdout.trim()).toBe('daemon set "kube-proxy" successfully rolled out');
  });

  it('keeps a history of ControllerRevisions that rollout history and undo use', async () => {
    const file = join(h.dataDir, 'agent.yaml');
    writeFileSync(file, 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: nginx:1.27\n');
    expect((await kubectl('apply', '-f', file)).stdout.trim()).toBe('daemonset.apps/agent created');
    const ticker = setInterval(() => engine.advance(1000), 20);
    try {
      expect((await kubectl('rollout', 'status', 'ds/agent', '--timeout=60s')).stdout).toContain('daemon set "agent" successfully rolled out');
      expect((await kubectl('set', 'image', 'ds/agent', 'agent=nginx:1.26')).stdout.trim()).toBe('daemonset.apps/agent image updated');
      expect((await kubectl('rollout', 'status', 'ds/agent', '--timeout=60s')).stdout).toContain('daemon set "agent" successfully rolled out');
      const history = rows((await kubectl('rollout', 'history', 'ds/agent')).stdout);
      expect(history.slice(1)).toEqual([['REVISION', 'CHANGE-CAUSE'], ['1', '<none>'], ['2', '<none>']]);
      const undo = await kubectl('rollout', 'undo', 'ds/agent');
      expect(undo.stderr).toBe('');
      expect(undo.stdout.trim()).toBe('daemonset.apps/agent rolled back');
      expect((await kubectl('rollout', 'status', 'ds/agent', '--timeout=60s')).stdout).toContain('daemon set "agent" successfully rolled out');
    } finally {
      clearInterval(ticker);
    }
    const images = (engine.store.list('Pod', { namespace: 'default' }).items as Pod[]).filter((p) => p.metadata.labels?.app === 'agent' && !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0]!.image);
    expect(images).toEqual(['nginx:1.27', 'nginx:1.27']);
    expect((await kubectl('delete', 'ds', 'agent', '--wait=false')).code).toBe(0);
  });

  it('drains a node with --ignore-daemonsets, keeping its kube-proxy pod', async () => {
    const proxy = (engine.store.list('Pod', { namespace: 'kube-system' }).items as Pod[]).find((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec.nodeName === 'minikube-m02')!;
    // Evicted pods terminate on the virtual clock: keep it moving while kubectl waits.
    const ticker = setInterval(() => engine.advance(1000), 20);
    try {
      const r = await kubectl('drain', 'minikube-m02', '--ignore-daemonsets', '--timeout=60s');
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`Warning: ignoring DaemonSet-managed Pods: kube-system/${proxy.metadata.name}`);
      expect(r.stdout).toContain('node/minikube-m02 drained');
    } finally {
      clearInterval(ticker);
    }
    expect(engine.store.get('Pod', 'kube-system', proxy.metadata.name)).toBeDefined();
    const refused = await kubectl('drain', 'minikube-m02');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy.metadata.name}`);
  });
});
