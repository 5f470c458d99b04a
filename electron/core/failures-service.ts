/**
 * Failure injection for the cluster view, over the engine's FailureInjector: power off, network
 * partition, drain; and recover (power on, heal, uncordon). What is injected is read back from the
 * engine (node power and network state, cordons), so it stays true after a fork.
 */
import type { KubelabServices } from '../../shared/ipc/contract';
import type { FailureAction, FailureMap } from '../../shared/ipc/services/failures';
import type { Node } from '../../shared/k8s/objects';
import type { Engine } from '../engine/api';

export function failureMap(engine: Engine, drained: ReadonlySet<string>): FailureMap {
  const out: FailureMap = {};
  const nodes = engine.store.resourceTypes().find((t) => t.kind === 'Node' && t.group === '');
  for (const state of engine.nodeStates()) {
    if (!state.powered) out[state.name] = 'powerOff';
    else if (state.partitioned) out[state.name] = 'partition';
    else if (drained.has(state.name) && nodes && (engine.store.get(nodes, undefined, state.name) as Node | undefined)?.spec?.unschedulable) out[state.name] = 'drain';
  }
  return out;
}

export function createFailuresService(engine: Engine): KubelabServices['failures'] {
  const drained = new Set<string>();
  const listeners = new Set<(map: FailureMap) => void>();
  const changed = () => {
    const map = failureMap(engine, drained);
    for (const listener of listeners) listener(map);
    return map;
  };
  const known = (node: string) => {
    if (!engine.nodeStates().some((s) => s.name === node)) throw new Error(`node "${node}" not found`);
  };

  return {
    list: () => failureMap(engine, drained),
    inject: ({ node, action }: { node: string; action: FailureAction }) => {
      known(node);
      const current = failureMap(engine, drained)[node];
      if (current) throw new Error(`node "${node}" already has a failure (${current}); recover it first`);
      if (action === 'powerOff') engine.failures.powerOff(node);
      else if (action === 'partition') engine.failures.partition(node);
      else {
        engine.failures.drain(node);
        drained.add(node);
      }
      return changed();
    },
    recover: ({ node }: { node: string }) => {
      known(node);
      const state = engine.nodeStates().find((s) => s.name === node)!;
      if (!state.powered) engine.failures.powerOn(node);
      if (state.partitioned) engine.failures.heal(node);
      if (drained.delete(node)) engine.failures.uncordon(node);
      return changed();
    },
    onChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
