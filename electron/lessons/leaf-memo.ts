/**
 * Keeps the result of each objects and node condition of the active step until a change could
 * alter it. A busy cluster writes pods and leases many times a second; most of those writes touch
 * nothing a lesson asks about, so re-listing for every delta would cost more than the tick itself.
 * A change is relevant to an objects condition when its object is of the kind (and namespace), and
 * either matches the query now (name, label selector, owner) or was among the objects the last
 * evaluation matched; a ReplicaSet change matters to an `ownedBy` query when the ReplicaSet joins or
 * leaves the owner's. Conservative: when in doubt the result is recomputed.
 */
import type { KubeObject } from '../../shared/k8s/objects';
import { matchesSelector, parseSelector, type Selector } from '../../shared/k8s/labels';
import type { ObjectChange } from '../../shared/sim/snapshot';
import type { Engine } from '../engine/api';
import { controllerOf } from '../engine/controllers/podutil';
import type { LeafCache, NodeCondition, ObjectsCondition, ObjectsScan } from './evaluate';

interface ObjectsEntry {
  value: boolean;
  scan: ObjectsScan;
}

interface NodeEntry {
  value: boolean;
  powered: boolean | undefined;
}

const uidOf = (o: KubeObject) => o.metadata.uid ?? `${o.metadata.namespace}/${o.metadata.name}`;

export class LeafMemo implements LeafCache {
  private objectsEntries = new Map<ObjectsCondition, ObjectsEntry>();
  private nodeEntries = new Map<NodeCondition, NodeEntry>();
  private selectors = new Map<string, Selector | null>();

  constructor(private nodeStates: () => ReturnType<Engine['nodeStates']>) {}

  objects(leaf: ObjectsCondition, compute: (scan: ObjectsScan) => boolean): boolean {
    const hit = this.objectsEntries.get(leaf);
    if (hit) return hit.value;
    const scan: ObjectsScan = { seen: new Set() };
    const value = compute(scan);
    this.objectsEntries.set(leaf, { value, scan });
    return value;
  }

  node(leaf: NodeCondition, compute: () => boolean): boolean {
    const powered = leaf.node.powered === undefined ? undefined : (this.nodeStates().find((s) => s.name === leaf.node.name)?.powered ?? true);
    const hit = this.nodeEntries.get(leaf);
    // Power is the failure tools' state, not an object: compared on every evaluation (it is cheap).
    if (hit && hit.powered === powered) return hit.value;
    const value = compute();
    this.nodeEntries.set(leaf, { value, powered });
    return value;
  }

  /** Forgets the results the changes may have altered. */
  invalidate(changes: readonly ObjectChange[]): void {
    if (changes.length === 0) return;
    for (const [leaf, entry] of this.objectsEntries) {
      if (changes.some((c) => this.affects(leaf, entry, c.object))) this.objectsEntries.delete(leaf);
    }
    for (const leaf of this.nodeEntries.keys()) {
      if (changes.some((c) => c.object.kind === 'Node' && c.object.metadata.name === leaf.node.name)) this.nodeEntries.delete(leaf);
    }
  }

  clear(): void {
    this.objectsEntries.clear();
    this.nodeEntries.clear();
  }

  private affects(leaf: ObjectsCondition, entry: ObjectsEntry, object: KubeObject): boolean {
    const q = leaf.objects;
    if (q.ownedBy && object.kind === 'ReplicaSet' && q.kind !== 'ReplicaSet') {
      // A ReplicaSet matters when it is (or was) one of the owner's: its pods join or leave.
      if (q.namespace !== undefined && object.metadata.namespace !== q.namespace) return false;
      const ref = controllerOf(object);
      if (ref && ref.kind === q.ownedBy.kind && ref.name === q.ownedBy.name) return !entry.scan.ownerReplicaSets?.has(`${object.metadata.namespace}/${object.metadata.name}`);
      return entry.scan.ownerReplicaSets?.has(`${object.metadata.namespace}/${object.metadata.name}`) ?? true;
    }
    if (object.kind !== q.kind) return false;
    if (q.namespace !== undefined && object.metadata.namespace !== q.namespace) return false;
    if (entry.scan.seen.has(uidOf(object))) return true;
    if (q.name !== undefined && object.metadata.name !== q.name) return false;
    if (q.labelSelector) {
      const selector = this.selector(q.labelSelector);
      if (selector && !matchesSelector(selector, object.metadata.labels)) return false;
    }
    if (q.ownedBy) {
      const ref = controllerOf(object);
      if (!ref) return false;
      const direct = ref.kind === q.ownedBy.kind && ref.name === q.ownedBy.name;
      const viaSet = ref.kind === 'ReplicaSet' && (entry.scan.ownerReplicaSets?.has(`${object.metadata.namespace}/${ref.name}`) ?? true);
      if (!direct && !viaSet) return false;
    }
    return true;
  }

  private selector(text: string): Selector | null {
    let parsed = this.selectors.get(text);
    if (parsed === undefined) {
      try {
        parsed = parseSelector(text);
      } catch {
        parsed = null; // unparseable: treat every object of the kind as relevant
      }
      this.selectors.set(text, parsed);
    }
    return parsed;
  }
}
