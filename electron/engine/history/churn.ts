/**
 * Large-object churn through the engine's store API, shared by the soak test and the memory
 * benchmark: ConfigMaps of a given size created, updated (labels only, so the data is unchanged)
 * and deleted, Deployments scaled up and down, pods deleted.
 */
import type { ConfigMap, KubeObject } from '../../../shared/k8s/objects';
import type { Engine } from '../api';
import { createDeployment, deployment, patch, podsOf, scale } from '../testkit';

const USER = { actor: 'user' as const, name: 'churn' };

/** A ConfigMap whose one value is `chars` long, distinct per seed (little of it compresses). */
export function bigConfigMap(name: string, chars: number, seed: number): ConfigMap {
  let x = seed * 2654435761 || 1;
  const parts: string[] = [];
  for (let n = 0; n < chars; n += 8) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    parts.push(x.toString(36).padStart(8, '0').slice(0, 8));
  }
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { payload: parts.join('').slice(0, chars) } } as ConfigMap;
}

export function createConfigMap(e: Engine, cm: ConfigMap): KubeObject {
  return e.store.create('ConfigMap', cm, USER);
}

export function deleteConfigMap(e: Engine, name: string): void {
  e.store.delete('ConfigMap', 'default', name, USER);
}

/** One step of mixed churn (call it every few virtual seconds): `i` picks what happens. */
export function churnStep(e: Engine, i: number, sizeOf: (i: number) => number): void {
  if (i === 0) createDeployment(e, deployment('churn', 'nginx:1.27', 2, { cpu: '50m', memory: '32Mi' }));
  createConfigMap(e, bigConfigMap(`cm-${i}`, sizeOf(i), i + 1));
  if (i >= 1) patch<ConfigMap>(e, 'ConfigMap', 'default', `cm-${i - 1}`, (cm) => (cm.metadata.labels = { touched: String(i) }));
  if (i >= 3) deleteConfigMap(e, `cm-${i - 3}`);
  if (i % 6 === 3) scale(e, 'churn', 1 + (i % 5));
  if (i % 9 === 5) {
    const pod = podsOf(e, 'churn')[0];
    if (pod) e.store.delete('Pod', 'default', pod.metadata.name, USER);
  }
}
