/**
 * The container runtime's state for one engine core, outside the API as a node's disks are: the
 * data of PersistentVolumes (keyed by the bound PV, so a new pod mounting the same claim sees what
 * the old one wrote; discarded when the PV is deleted, as reclaimPolicy Delete does) and of
 * hostPath folders (per node), and the pods whose projected volumes follow ConfigMap and Secret
 * changes. Kept per store in a WeakMap, so a forked or recreated core starts empty.
 */
import type { HttpAnswer, HttpTarget } from '../api';
import type { EngineContext } from '../context';
import type { ObjectStore } from '../store/store';
import { Volume } from './fs';

/** What the cluster network answers (the ClusterRuntime registers itself). */
export interface RuntimeNetwork {
  http(target: HttpTarget): HttpAnswer;
  resolve(name: string, fromNamespace: string): { addresses: string[]; cname?: string } | undefined;
}

/** A pod whose projected volumes read `refs` (ConfigMap/ns/name, Secret/ns/name). */
export interface ProjectionWatcher {
  /** The pod's uid: its watcher goes with it. */
  uid: string;
  refs: Set<string>;
  /** A referenced object changed: refresh at the pod's next sync. Returns false once the pod is gone. */
  changed(): boolean;
}

export class ContainerWorld {
  private readonly data = new Map<string, Volume>();
  /** By pod uid. */
  readonly watchers = new Map<string, ProjectionWatcher>();
  network: RuntimeNetwork | undefined;

  constructor(store: ObjectStore) {
    store.onChange((c) => {
      const kind = c.object.kind;
      if (kind === 'PersistentVolume' && c.type === 'DELETED') this.data.delete(`pv/${c.object.metadata.name}`);
      if (kind === 'Pod' && c.type === 'DELETED' && this.watchers.size) this.watchers.delete(c.object.metadata.uid ?? '');
      if ((kind === 'ConfigMap' || kind === 'Secret') && this.watchers.size) {
        const ref = `${kind}/${c.object.metadata.namespace}/${c.object.metadata.name}`;
        for (const w of [...this.watchers.values()]) if (w.refs.has(ref) && !w.changed()) this.watchers.delete(w.uid);
      }
    });
  }

  /** The data of a PV (`pv/<name>`), an unbound claim (`claim/<uid>`) or a hostPath (`host/<node><path>`). */
  volume(key: string): Volume {
    let v = this.data.get(key);
    if (!v) this.data.set(key, (v = new Volume()));
    return v;
  }

  hasData(key: string): boolean {
    return this.data.has(key);
  }
}

const worlds = new WeakMap<ObjectStore, ContainerWorld>();

export function worldOf(ctx: Pick<EngineContext, 'store'>): ContainerWorld {
  let world = worlds.get(ctx.store);
  if (!world) worlds.set(ctx.store, (world = new ContainerWorld(ctx.store)));
  return world;
}
