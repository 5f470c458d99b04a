/**
 * Keeps the traffic model's view of the cluster current without re-listing the store on every
 * tick: one list at start, then the engine's deltas (which also arrive when the timeline seeks, so
 * the view follows the frame on screen). A new TrafficWorld object is made only when something
 * routable changed, so the model's compiled routes are reused between changes.
 */
import type { EndpointSlice, KubeObject, Node, Pod, Service } from '../../shared/k8s/objects';
import type { Engine } from '../engine/api';
import { downNodesOf, type TrafficWorld } from '../engine/traffic';

const KINDS = ['Service', 'EndpointSlice', 'Pod', 'Node'] as const;
type Kind = (typeof KINDS)[number];

const idOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export interface WorldCache {
  world(): TrafficWorld;
  /** Called when a routable object changed (after the world is marked dirty). */
  onChange(listener: () => void): () => void;
  dispose(): void;
}

export function createWorldCache(engine: Pick<Engine, 'store' | 'nodeStates' | 'onDelta'>): WorldCache {
  const maps = new Map<Kind, Map<string, KubeObject>>(KINDS.map((k) => [k, new Map()]));
  for (const kind of KINDS) for (const o of engine.store.list(kind, {}).items) maps.get(kind)!.set(idOf(o), o);
  let current: TrafficWorld | undefined;
  let downKey = '';
  const listeners = new Set<() => void>();
  const stop = engine.onDelta((delta) => {
    let touched = false;
    for (const change of delta.changes) {
      const map = maps.get(change.object.kind as Kind);
      if (!map) continue;
      touched = true;
      if (change.type === 'DELETED') map.delete(idOf(change.object));
      else map.set(idOf(change.object), change.object);
    }
    if (!touched) return;
    current = undefined;
    for (const l of listeners) l();
  });
  const values = <T>(kind: Kind): T[] => [...maps.get(kind)!.values()] as unknown as T[];

  return {
    world() {
      const down = downNodesOf(engine);
      const key = [...down].sort().join(',');
      if (current && key === downKey) return current;
      downKey = key;
      current = { services: values<Service>('Service'), slices: values<EndpointSlice>('EndpointSlice'), pods: values<Pod>('Pod'), nodes: values<Node>('Node'), downNodes: down };
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      stop();
      listeners.clear();
    },
  };
}
