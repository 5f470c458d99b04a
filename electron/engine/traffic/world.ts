/**
 * Builds the traffic model's view of the cluster from an Engine: the objects it can see now (the
 * live state, or the past frame being viewed) and the node machines that do not answer. Reads
 * through the public Engine surface only; the app's TrafficManager keeps a cheaper incremental copy.
 */
import type { EndpointSlice, Node, Pod, Service } from '../../../shared/k8s/objects';
import type { Engine } from '../api';
import type { TrafficWorld } from './routes';

export function downNodesOf(engine: Pick<Engine, 'nodeStates'>): Set<string> {
  return new Set(engine.nodeStates().filter((s) => !s.powered || s.partitioned).map((s) => s.name));
}

export function worldFromEngine(engine: Pick<Engine, 'store' | 'nodeStates'>): TrafficWorld {
  const list = <T>(kind: string): T[] => engine.store.list(kind, {}).items as unknown as T[];
  return {
    services: list<Service>('Service'),
    slices: list<EndpointSlice>('EndpointSlice'),
    pods: list<Pod>('Pod'),
    nodes: list<Node>('Node'),
    downNodes: downNodesOf(engine),
  };
}
