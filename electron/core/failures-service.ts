/**
 * Failure injection for the cluster view. Drain is what `kubectl drain` does, over the store: cordon,
 * then evict every pod on the node (graceful deletes; controllers replace them). Power off and network
 * partition need the engine's kubelet simulation, reached through its failure extension.
 */
import type { KubelabServices } from '../../shared/ipc/contract';
import type { FailureAction, FailureMap } from '../../shared/ipc/services/failures';
import type { KubeObject, Node, Pod } from '../../shared/k8s/objects';
import type { Cause } from '../../shared/sim/snapshot';
import { StatusError, type Engine, type ResourceType } from '../engine/api';
import { extensionsOf } from './engine-capabilities';

const CAUSE: Cause = { actor: 'user', name: 'kubelab-ui' };

function typeOf(engine: Engine, kind: string): ResourceType {
  const found = engine.store.resourceTypes().find((t) => t.kind === kind && t.group === '');
  if (!found) throw new Error(`the engine has no ${kind} resource`);
  return found;
}

function setUnschedulable(engine: Engine, name: string, unschedulable: boolean, detail: string): void {
  const nodes = typeOf(engine, 'Node');
  const node = engine.store.get(nodes, undefined, name) as Node | undefined;
  if (!node) throw new Error(`node "${name}" not found`);
  if (Boolean(node.spec?.unschedulable) === unschedulable) return;
  const spec = { ...node.spec };
  if (unschedulable) spec.unschedulable = true;
  else delete spec.unschedulable;
  engine.store.update(nodes, { ...node, spec } as KubeObject, { ...CAUSE, detail });
}

/** Pods that `kubectl drain --ignore-daemonsets` would evict from the node. */
export function podsToEvict(pods: readonly KubeObject[], node: string): Pod[] {
  return (pods as Pod[]).filter(
    (p) => p.spec?.nodeName === node && !p.metadata.deletionTimestamp && !(p.metadata.ownerReferences ?? []).some((r) => r.kind === 'DaemonSet') && !p.metadata.annotations?.['kubernetes.io/config.mirror'],
  );
}

export function drainNode(engine: Engine, node: string): void {
  setUnschedulable(engine, node, true, 'drain: cordon');
  const pods = typeOf(engine, 'Pod');
  for (const pod of podsToEvict(engine.store.list(pods, {}).items, node)) {
    try {
      engine.store.delete(pods, pod.metadata.namespace, pod.metadata.name, { ...CAUSE, detail: 'drain: evict' });
    } catch (error) {
      // Already gone is fine: a controller or the kubelet got there first.
      if (!(error instanceof StatusError && error.status.code === 404)) throw error;
    }
  }
}

export function createFailuresService(engine: Engine): KubelabServices['failures'] {
  const failures: FailureMap = {};
  const listeners = new Set<(map: FailureMap) => void>();
  const changed = () => {
    const copy = { ...failures };
    for (const listener of listeners) listener(copy);
    return copy;
  };
  const faults = () => {
    const ext = extensionsOf(engine).failures;
    if (!ext) throw new Error('this engine cannot power off or partition nodes yet; drain works');
    return ext;
  };

  return {
    list: () => ({ ...failures }),
    inject: ({ node, action }: { node: string; action: FailureAction }) => {
      if (failures[node]) throw new Error(`node "${node}" already has a failure (${failures[node]}); recover it first`);
      if (action === 'drain') drainNode(engine, node);
      else faults().inject(node, action);
      failures[node] = action;
      return changed();
    },
    recover: ({ node }: { node: string }) => {
      const action = failures[node];
      if (action === 'powerOff' || action === 'partition') faults().recover(node);
      // Recovering a drained node (or any node cordoned from the UI) uncordons it.
      setUnschedulable(engine, node, false, 'uncordon');
      delete failures[node];
      return changed();
    },
    onChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
