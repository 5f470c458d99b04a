/**
 * The store's secondary indexes, the ones controllers and kubelets query instead of scanning every
 * object: by uid, dependents by owner uid, objects without a controller (adoption candidates), pods
 * by node and pods by controller (compact facts). Kept by the store on every write, in write order.
 */
import type { KubeObject, PodSpec } from '../../../shared/k8s/objects';
import { PodIndex, type BoundCount, type PodFacts } from './podindex';

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * The kinds whose controller-less objects are indexed: the ones controllers adopt (ReplicaSets
 * adopt Pods, Deployments adopt ReplicaSets). For other kinds (5k Leases renewed every 10 s, every
 * Event) the index would be churn that nobody reads.
 */
const ADOPTABLE = new Set(['Pod', 'ReplicaSet']);

/**
 * What `add` needs from an object's shape, checked before a commit takes a resourceVersion: an
 * object that got past decoding with a wrong type here (ownerReferences: "x") is refused whole,
 * rather than failing half-way through the indexes. Returns the offending field, or undefined.
 */
export function unindexableField(kind: string, object: KubeObject): { field: string; value: unknown } | undefined {
  const meta = object.metadata as unknown;
  if (typeof meta !== 'object' || meta === null) return { field: 'metadata', value: meta };
  const refs = object.metadata.ownerReferences as unknown;
  if (refs !== undefined && refs !== null) {
    if (!Array.isArray(refs)) return { field: 'metadata.ownerReferences', value: refs };
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i] as unknown;
      if (typeof r !== 'object' || r === null) return { field: `metadata.ownerReferences[${i}]`, value: r };
    }
  }
  if (kind === 'Pod') {
    const spec = object.spec as unknown;
    if (typeof spec !== 'object' || spec === null) return { field: 'spec', value: spec };
    const node = (spec as PodSpec).nodeName as unknown;
    if (node !== undefined && node !== null && typeof node !== 'string') return { field: 'spec.nodeName', value: node };
  }
  return undefined;
}

export class StoreIndexes {
  /**
   * uid -> the object's first stored version: set once per object, not on every update (a Map
   * write into a 150k-entry table costs cache misses); the store resolves the current version.
   */
  private byUid = new Map<string, KubeObject>();
  private dependentsOf = new Map<string, Set<KubeObject>>();
  private podsByNode = new Map<string, Map<string, KubeObject>>();
  private podIndex = new PodIndex();
  /** kind|namespace -> objects with no controller ownerReference (candidates for adoption). */
  private orphanIndex = new Map<string, Map<string, KubeObject>>();

  firstByUid(uid: string): KubeObject | undefined {
    return this.byUid.get(uid);
  }

  dependents(ownerUid: string): KubeObject[] {
    return [...(this.dependentsOf.get(ownerUid) ?? [])];
  }

  podsOfController(ownerUid: string): ReadonlyMap<string, PodFacts> {
    return this.podIndex.ofController(ownerUid);
  }

  boundPodsOfController(ownerUid: string): BoundCount[] {
    return this.podIndex.boundOfController(ownerUid);
  }

  orphans(kind: string, namespace: string): KubeObject[] {
    if (!ADOPTABLE.has(kind)) throw new Error(`objects of kind ${kind} without a controller are not indexed`);
    return [...(this.orphanIndex.get(`${kind}|${namespace}`)?.values() ?? [])];
  }

  podsOnNode(node: string): KubeObject[] {
    return [...(this.podsByNode.get(node)?.values() ?? [])];
  }

  /** Indexes `object`, which replaces `old` (already removed with removeRefs) or is new. */
  add(kind: string, object: KubeObject, old: KubeObject | undefined): void {
    const ns = object.metadata.namespace ?? '';
    if (old?.metadata.uid !== object.metadata.uid) this.byUid.set(object.metadata.uid!, object);
    if (ADOPTABLE.has(kind) && !(object.metadata.ownerReferences ?? []).some((r) => r.controller)) {
      const k = `${kind}|${ns}`;
      let m = this.orphanIndex.get(k);
      if (!m) this.orphanIndex.set(k, (m = new Map()));
      m.set(object.metadata.name, object);
    }
    for (const ref of object.metadata.ownerReferences ?? []) {
      let set = this.dependentsOf.get(ref.uid);
      if (!set) this.dependentsOf.set(ref.uid, (set = new Set()));
      set.add(object);
    }
    if (kind === 'Pod') {
      this.podIndex.add(object);
      const node = (object.spec as PodSpec).nodeName;
      if (node) {
        let m = this.podsByNode.get(node);
        if (!m) this.podsByNode.set(node, (m = new Map()));
        m.set(objectKey(ns, object.metadata.name), object);
      }
    }
  }

  /** Removes what `add` indexed for `old`, except its uid (the object may live on as a new version). */
  removeRefs(old: KubeObject): void {
    if (ADOPTABLE.has(old.kind)) this.orphanIndex.get(`${old.kind}|${old.metadata.namespace ?? ''}`)?.delete(old.metadata.name);
    for (const ref of old.metadata.ownerReferences ?? []) {
      const set = this.dependentsOf.get(ref.uid);
      set?.delete(old);
      if (set && set.size === 0) this.dependentsOf.delete(ref.uid);
    }
    if (old.kind === 'Pod') {
      this.podIndex.remove(old);
      const node = (old.spec as PodSpec).nodeName;
      if (node) this.podsByNode.get(node)?.delete(objectKey(old.metadata.namespace, old.metadata.name));
    }
  }

  removeUid(uid: string): void {
    this.byUid.delete(uid);
  }
}
