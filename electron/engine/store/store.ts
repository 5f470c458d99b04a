/**
 * The object store: the one place every mutation passes through. It assigns metadata (uid,
 * resourceVersion from one global counter, generation, timestamps on the virtual clock), defaults
 * and validates, enforces optimistic concurrency, graceful deletion and finalizers, keeps indexes
 * the controllers need, and fans each change out to the event log, informers and watches.
 */
import type { Cause } from '../../../shared/sim/snapshot';
import type { KubeObject, PodSpec } from '../../../shared/k8s/objects';
import { RESOURCES, resourceByName, resourceForKind, type ResourceInfo } from '../../../shared/k8s/resources';
import type { DeleteOptions, ListOptions, ListResult, ResourceType, Store, Unsubscribe, WatchEvent, WatchOptions, WriteOptions } from '../api';
import type { VirtualClock } from '../clock/clock';
import type { Random } from '../clock/random';
import { deepEqual } from '../util/objects';
import { NodePortAllocator, ServiceIpAllocator } from './allocators';
import { admitCreate } from './admission';
import { applyDefaults } from './defaults';
import { alreadyExists, badRequest, conflict, forbidden, invalid, notFound } from './errors';
import { allocateService, releaseService, type ServiceAllocators } from './services';
import { validateObject } from './validate';
import { decodeIncoming, pruneNulls } from './decode';
import { WatchHub } from './watch';
import { Interner } from './intern';
import { resetStatus } from './initialstatus';
import { prepareJobCreate } from './job-selector';
import { SortedNames } from './sortednames';
import { listObjects, type ListSource } from './list';
import { Snapshots } from './snapshot';
import type { BoundCount, PodFacts } from './podindex';
import { objectKey, StoreIndexes, unindexableField } from './indexes';
import { ObjectCounter } from './limits';
import { managedFieldsAfterUpdate } from './managed-fields';

export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  info: ResourceInfo;
  object: KubeObject;
  old: KubeObject | undefined;
  rv: number;
  cause: Cause;
  /**
   * The writer's own cause, before the store linked it to the change that led to it: one object
   * per writer (a kubelet's lease cause), where `cause` is often new for every write.
   */
  base?: Cause;
}

export type ChangeListener = (change: Change) => void;

const GENERATION_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob']);

export { objectKey };

interface InternalWrite extends WriteOptions {
  /** Keep the given status on create (kubelet registering a node, bootstrap objects). */
  keepStatus?: boolean;
  /**
   * A trusted engine writer passes a fresh object built from the stored one (kubelet lease and
   * status writes): no defensive copy, defaulting or validation. Concurrency and no-op rules apply.
   */
  trusted?: boolean;
  /** Objects that already existed (a loaded cluster): admission plugins ran when they were made. */
  preexisting?: boolean;
}

/**
 * The kubelets and the scheduler write what they build from stored, already decoded objects (pod
 * status, bindings), and the components' own Events have a fixed shape: those writes skip decoding.
 * Controllers' writes are decoded like a client's, so a malformed template that reached storage
 * past the API (a bug, a bulk load) is refused where it would spread, with the controller's Event.
 */
const ENGINE_WRITERS: ReadonlySet<Cause['actor']> = new Set(['scheduler', 'kubelet']);

/** The field managers upstream's components write under (their User-Agent's first segment). */
const ENGINE_MANAGERS: Partial<Record<Cause['actor'], string>> = { controller: 'kube-controller-manager', scheduler: 'kube-scheduler', kubelet: 'kubelet' };

function skipsDecode(info: ResourceInfo, cause: Cause, options: InternalWrite): boolean {
  return !!options.trusted || ENGINE_WRITERS.has(cause.actor) || (info.kind === 'Event' && cause.actor !== 'user');
}

export class ObjectStore implements Store {
  /** kind -> namespace ('' for cluster scope) -> name -> object. Stored objects are never mutated. */
  private tables = new Map<string, Map<string, Map<string, KubeObject>>>();
  private indexes = new StoreIndexes();
  private rv = 0;
  private listeners: ChangeListener[] = [];
  readonly watches: WatchHub;
  private readonly snapshots: Snapshots;
  readonly alloc: ServiceAllocators;
  /** Objects per namespace and in total, against Kubelab's built-in limits (see limits.ts). */
  readonly counts = new ObjectCounter();
  /**
   * Told when a change listener (an informer handler) throws. The store goes on delivering the
   * change to the other listeners and watches: one broken handler must not desynchronise them.
   */
  onListenerError: (error: unknown, change: Change) => void = () => {};
  defaultStorageClass: string | undefined = 'standard';

  constructor(
    private clock: VirtualClock,
    private rng: Random,
  ) {
    for (const r of RESOURCES) this.tables.set(r.kind, new Map());
    this.alloc = { ips: new ServiceIpAllocator(rng), ports: new NodePortAllocator(rng) };
    this.watches = new WatchHub(this, clock);
    this.snapshots = new Snapshots(this.watches);
  }

  // ---- Store interface -------------------------------------------------------------------

  resourceTypes(): readonly ResourceType[] {
    return RESOURCES;
  }

  currentResourceVersion(): string {
    return String(this.rv);
  }

  info(type: ResourceType | string): ResourceInfo {
    const info = typeof type === 'string' ? resourceForKind(type) : resourceByName(type.group, type.resource);
    if (!info) throw notFound({ group: typeof type === 'string' ? '' : type.group, resource: typeof type === 'string' ? type : type.resource, kind: '' }, '');
    return info;
  }

  get(type: ResourceType | string, namespace: string | undefined, name: string): KubeObject | undefined {
    const info = this.info(type);
    return this.tables.get(info.kind)!.get(info.namespaced ? (namespace ?? '') : '')?.get(name);
  }

  /**
   * Items in etcd key order, walked from the per-namespace sorted name index (no sort per call),
   * with resourceVersion, limit and continue as the API server serves them (list.ts). The items
   * are the stored objects themselves: shared and read-only, never to be mutated.
   */
  list(type: ResourceType | string, options: ListOptions = {}): ListResult {
    const info = this.info(type);
    const filter = this.watches.compileFilter(info, options);
    const unfiltered = !options.labelSelector?.trim() && !options.fieldSelector?.trim();
    const source: ListSource = {
      table: this.tables.get(info.kind)!,
      names: (ns, byName) => this.sorted.names(info.kind, ns, byName),
      revision: this.rv,
      compacted: () => this.watches.compactedRevision(),
      snapshots: this.snapshots,
    };
    return listObjects(source, info, options, unfiltered ? undefined : filter);
  }

  watch(type: ResourceType | string, options: WatchOptions, onEvent: (event: WatchEvent) => void): Unsubscribe {
    return this.watches.watch(this.info(type), options, onEvent);
  }

  create(type: ResourceType | string, object: KubeObject, cause: Cause, options: InternalWrite = {}): KubeObject {
    const info = this.info(type);
    const decoded = skipsDecode(info, cause, options) ? undefined : decodeIncoming(info, object);
    // A trusted writer hands over a fresh object it will not touch again: no defensive copy.
    const obj = options.trusted ? { ...object, metadata: { ...object.metadata } } : (JSON.parse(JSON.stringify(object)) as KubeObject);
    obj.kind = info.kind;
    obj.apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    pruneNulls(info, obj, decoded);
    const meta = (obj.metadata ??= { name: '' });
    if (info.namespaced) {
      meta.namespace ||= 'default';
      const ns = this.get('Namespace', undefined, meta.namespace);
      if (!ns) throw notFound(this.info('Namespace'), meta.namespace);
      if (ns.metadata.deletionTimestamp) {
        throw forbidden(`${info.group ? `${info.resource}.${info.group}` : info.resource} "${meta.name || meta.generateName || ''}" is forbidden: unable to create new content in namespace ${meta.namespace} because it is being terminated`, info, meta.name);
      }
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = this.generateName(info, meta.namespace, meta.generateName);
    const incomingManaged = meta.managedFields;
    for (const f of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields', 'selfLink']) delete meta[f];
    if (!options.keepStatus) resetStatus(obj);
    applyDefaults(obj, this.defaultStorageClass);
    // The uid comes first for a Job: its generated selector names it (job-selector.ts).
    if (info.kind === 'Job') prepareJobCreate(obj, (meta.uid = this.rng.uuid()));
    this.manageFields(info, undefined, obj, incomingManaged, cause, options);
    if (!options.preexisting) admitCreate(obj, this.rng);
    const errs = validateObject(obj, undefined, decoded);
    if (errs.length) throw invalid(info, meta.name || meta.generateName || '', errs);
    if (this.get(info, meta.namespace, meta.name)) throw alreadyExists(info, meta.name);
    // Bulk loads and the engine's own trusted writers are exempt: the limits are for API clients and
    // controllers acting for them (a ReplicaSet's pods).
    if (!options.trusted) {
      const refused = this.counts.check(info, meta.namespace, meta.name);
      if (refused) throw refused;
    }
    if (info.kind === 'Service') {
      const svcErrs = allocateService(obj, undefined, this.alloc, !!options.dryRun);
      if (svcErrs.length) throw invalid(info, meta.name, svcErrs);
    }
    meta.uid ??= this.rng.uuid();
    meta.creationTimestamp = this.clock.stamp(this.clock.now());
    if (GENERATION_KINDS.has(info.kind)) meta.generation = 1;
    if (options.dryRun) return { ...obj, metadata: { ...meta, resourceVersion: '' } };
    return this.commit('ADDED', info, obj, undefined, cause);
  }

  update(type: ResourceType | string, object: KubeObject, cause: Cause, options: InternalWrite = {}): KubeObject {
    const info = this.info(type);
    const decoded = skipsDecode(info, cause, options) ? undefined : decodeIncoming(info, object);
    const name = object.metadata?.name ?? '';
    const namespace = info.namespaced ? (object.metadata?.namespace ?? 'default') : undefined;
    const old = this.get(info, namespace, name);
    if (!old) throw notFound(info, name);
    const wantRv = object.metadata?.resourceVersion;
    if (wantRv && wantRv !== old.metadata.resourceVersion) throw conflict(info, name);
    if (object.metadata?.uid && object.metadata.uid !== old.metadata.uid) throw conflict(info, name, `Precondition failed: UID in precondition: ${object.metadata.uid}, UID in object meta: ${old.metadata.uid}`);
    if (options.trusted) return this.trustedUpdate(info, object, old, cause, options.subresource === 'status');
    let next = JSON.parse(JSON.stringify(object)) as KubeObject;
    pruneNulls(info, next, decoded);
    if (options.subresource === 'status') {
      next = { ...JSON.parse(JSON.stringify(old)), status: next.status } as KubeObject;
    } else if (info.hasStatus) {
      if (old.status === undefined) delete next.status;
      else next.status = JSON.parse(JSON.stringify(old.status));
    }
    next.kind = old.kind;
    next.apiVersion = old.apiVersion;
    const meta = next.metadata;
    for (const f of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace', 'name'] as const) {
      if (old.metadata[f] === undefined) delete meta[f];
      else (meta as Record<string, unknown>)[f] = old.metadata[f];
    }
    const incomingManaged = meta.managedFields;
    applyDefaults(next, this.defaultStorageClass);
    this.manageFields(info, old, next, incomingManaged, cause, options);
    const errs = validateObject(next, old, options.subresource === 'status' ? undefined : decoded);
    if (errs.length) throw invalid(info, name, errs);
    if (info.kind === 'Service') {
      const svcErrs = allocateService(next, old, this.alloc, !!options.dryRun);
      if (svcErrs.length) throw invalid(info, name, svcErrs);
    }
    if (GENERATION_KINDS.has(info.kind) && !deepEqual(specOf(next), specOf(old))) meta.generation = (old.metadata.generation ?? 1) + 1;
    meta.resourceVersion = old.metadata.resourceVersion;
    if (deepEqual(next, old)) return old;
    if (options.dryRun) return next;
    if (meta.deletionTimestamp && (meta.finalizers ?? []).length === 0 && (info.kind !== 'Pod' || meta.deletionGracePeriodSeconds === 0)) {
      return this.remove(info, next, cause, old);
    }
    return this.commit('MODIFIED', info, next, old, cause);
  }

  /**
   * metadata.managedFields of a write (managed-fields.ts). A client's write (it names its field
   * manager) records an Update entry, computed here on the defaulted object as upstream computes it
   * on the decoded one; server-side apply hands over the entries it computed. Engine writes keep the
   * stored entries, and record their own (as the upstream component's manager) only on objects that
   * already have entries, the ones a user wrote: diffing every write to the pods and ReplicaSets the
   * controllers make would cost the steady-state tick for a record only `--show-managed-fields` shows.
   */
  private manageFields(info: ResourceInfo, old: KubeObject | undefined, next: KubeObject, incoming: unknown, cause: Cause, options: InternalWrite): void {
    const meta = next.metadata;
    if (options.appliedManagedFields) {
      if (Array.isArray(incoming) && incoming.length > 0) meta.managedFields = incoming;
      else delete meta.managedFields;
      return;
    }
    const manager = options.fieldManager ?? (old?.metadata.managedFields ? ENGINE_MANAGERS[cause.actor] : undefined);
    if (!manager) {
      if (old?.metadata.managedFields) meta.managedFields = old.metadata.managedFields;
      else delete meta.managedFields;
      return;
    }
    meta.managedFields = options.fieldManager ? incoming : old?.metadata.managedFields;
    const subresource = options.fieldSubresource ?? options.subresource ?? '';
    const entries = managedFieldsAfterUpdate({ old, next, manager, subresource, hasStatus: info.hasStatus, time: this.clock.stamp(this.clock.now()) });
    if (entries) meta.managedFields = entries;
    else delete meta.managedFields;
  }

  private trustedUpdate(info: ResourceInfo, object: KubeObject, old: KubeObject, cause: Cause, statusOnly: boolean): KubeObject {
    if (statusOnly) {
      const next: KubeObject = { ...old, status: object.status, metadata: { ...old.metadata } };
      if (deepEqual(next, old)) return old;
      const manager = old.metadata.managedFields ? ENGINE_MANAGERS[cause.actor] : undefined;
      if (manager) {
        const entries = managedFieldsAfterUpdate({ old, next, manager, subresource: 'status', hasStatus: info.hasStatus, time: this.clock.stamp(this.clock.now()) });
        if (entries) next.metadata.managedFields = entries;
        else delete next.metadata.managedFields;
      }
      return this.commit('MODIFIED', info, next, old, cause);
    }
    if (object.metadata === old.metadata && (!info.hasStatus || object.status === old.status) && (object.status !== undefined || !('status' in object))) {
      // The writer kept the stored metadata (and status), so there is nothing to restore: its fresh
      // object is stored as it is, with a metadata copy for the new resourceVersion (lease renewals).
      object.metadata = { ...old.metadata };
      return deepEqual(object, old) ? old : this.commit('MODIFIED', info, object, old, cause);
    }
    const next: KubeObject = { ...object, status: old.status, metadata: { ...object.metadata } };
    for (const f of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace', 'name'] as const) {
      if (old.metadata[f] === undefined) delete next.metadata[f];
      else (next.metadata as Record<string, unknown>)[f] = old.metadata[f];
    }
    if (!info.hasStatus) next.status = object.status;
    if (next.status === undefined) delete next.status;
    next.metadata = { ...next.metadata, resourceVersion: old.metadata.resourceVersion };
    if (deepEqual(next, old)) return old;
    return this.commit('MODIFIED', info, next, old, cause);
  }

  delete(type: ResourceType | string, namespace: string | undefined, name: string, cause: Cause, options: DeleteOptions = {}): KubeObject {
    const info = this.info(type);
    const obj = this.get(info, namespace, name);
    if (!obj) throw notFound(info, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== obj.metadata.uid) throw conflict(info, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) throw conflict(info, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
    if (options.dryRun) return obj;
    const now = this.clock.now();
    if (info.kind === 'Namespace') {
      if (obj.metadata.deletionTimestamp) return obj;
      if (['default', 'kube-system', 'kube-public'].includes(name)) throw forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, info, name);
      const next = { ...obj, metadata: { ...obj.metadata, deletionTimestamp: this.clock.stamp(now) }, status: { phase: 'Terminating' } };
      return this.commit('MODIFIED', info, next, obj, cause);
    }
    const finalizers = [...(obj.metadata.finalizers ?? [])];
    const policy = options.propagationPolicy;
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (policy !== 'Orphan' && obj.metadata.deletionTimestamp === undefined) {
      const at = finalizers.indexOf('orphan');
      if (at >= 0 && policy) finalizers.splice(at, 1);
    }
    if (info.kind === 'Pod') {
      const spec = obj.spec as PodSpec;
      const phase = (obj.status as { phase?: string } | undefined)?.phase;
      let grace = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
      if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
      if (obj.metadata.deletionTimestamp) {
        const current = obj.metadata.deletionGracePeriodSeconds ?? 0;
        if (grace >= current && finalizers.length === (obj.metadata.finalizers ?? []).length) return obj;
      }
      if (grace > 0 || finalizers.length > 0) {
        const next = {
          ...obj,
          metadata: { ...obj.metadata, deletionTimestamp: this.clock.stamp(now + grace * 1000), deletionGracePeriodSeconds: grace, ...(finalizers.length ? { finalizers } : {}) },
        };
        return this.commit('MODIFIED', info, next, obj, cause);
      }
      return this.remove(info, obj, cause);
    }
    if (finalizers.length > 0) {
      if (obj.metadata.deletionTimestamp && deepEqual(finalizers, obj.metadata.finalizers ?? [])) return obj;
      const next = { ...obj, metadata: { ...obj.metadata, deletionTimestamp: obj.metadata.deletionTimestamp ?? this.clock.stamp(now), deletionGracePeriodSeconds: 0, finalizers } };
      return this.commit('MODIFIED', info, next, obj, cause);
    }
    return this.remove(info, obj, cause);
  }

  // ---- internal API for controllers --------------------------------------------------------

  /** Informer-style subscription to every change, delivered synchronously. Handlers must only enqueue work. */
  onChange(listener: ChangeListener): Unsubscribe {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** All objects of a kind, optionally in one namespace, unsorted and without copying. */
  all(kind: string, namespace?: string): KubeObject[] {
    const table = this.tables.get(kind);
    if (!table) return [];
    if (namespace !== undefined) return [...(table.get(namespace)?.values() ?? [])];
    const out: KubeObject[] = [];
    for (const byName of table.values()) for (const o of byName.values()) out.push(o);
    return out;
  }

  count(kind: string): number {
    let n = 0;
    for (const byName of this.tables.get(kind)?.values() ?? []) n += byName.size;
    return n;
  }

  getByUid(uid: string): KubeObject | undefined {
    const first = this.indexes.firstByUid(uid);
    if (!first) return undefined;
    const current = this.tables.get(first.kind)?.get(first.metadata.namespace ?? '')?.get(first.metadata.name);
    return current?.metadata.uid === uid ? current : undefined;
  }

  dependents(ownerUid: string): KubeObject[] {
    return this.indexes.dependents(ownerUid);
  }

  /** Pods controlled by `ownerUid`, as compact facts (live view: iterate it before the next write). */
  podsOfController(ownerUid: string): ReadonlyMap<string, PodFacts> {
    return this.indexes.podsOfController(ownerUid);
  }

  /** The controller's bound, not-deleting pods counted per (node, labels): topology spreading's input. */
  boundPodsOfController(ownerUid: string): BoundCount[] {
    return this.indexes.boundPodsOfController(ownerUid);
  }

  /** Objects of a kind in a namespace that have no controller (what ReplicaSets and Deployments may adopt). */
  orphans(kind: string, namespace: string): KubeObject[] {
    return this.indexes.orphans(kind, namespace);
  }

  podsOnNode(node: string): KubeObject[] {
    return this.indexes.podsOnNode(node);
  }

  /** The Binding subresource: sets spec.nodeName and the PodScheduled condition. */
  bind(namespace: string, name: string, node: string, cause: Cause): KubeObject {
    const info = this.info('Pod');
    const pod = this.get(info, namespace, name);
    if (!pod) throw notFound(info, name);
    if ((pod.spec as PodSpec).nodeName) throw conflict(info, name, `pod ${name} is already assigned to node "${(pod.spec as PodSpec).nodeName}"`);
    if (pod.metadata.deletionTimestamp) throw conflict(info, name, 'pod is being deleted');
    const status = { ...((pod.status as Record<string, unknown>) ?? {}) };
    const conditions = ((status.conditions as Record<string, unknown>[] | undefined) ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.clock.stamp(this.clock.now()) });
    status.conditions = conditions;
    const next = { ...pod, spec: { ...(pod.spec as PodSpec), nodeName: node }, status };
    return this.commit('MODIFIED', info, next, pod, cause);
  }

  /** Removes an object unconditionally (namespace finalization, pod GC of force-deleted pods). */
  purge(kind: string, namespace: string | undefined, name: string, cause: Cause): KubeObject | undefined {
    const info = this.info(kind);
    const obj = this.get(info, namespace, name);
    return obj ? this.remove(info, obj, cause) : undefined;
  }

  /** Bulk insert bypassing admission (benchmarks and bootstrap of large clusters). Still logged. */
  load(object: KubeObject, cause: Cause): KubeObject {
    return this.create(object.kind, object, cause, { keepStatus: true, trusted: true, preexisting: true });
  }

  // ---- the single write path -------------------------------------------------------------

  /**
   * Atomic: everything that can fail runs before the resourceVersion is taken, so a refused object
   * leaves the store, its indexes and the event log exactly as they were.
   */
  private commit(type: 'ADDED' | 'MODIFIED', info: ResourceInfo, object: KubeObject, old: KubeObject | undefined, cause: Cause): KubeObject {
    const bad = unindexableField(info.kind, object);
    if (bad) throw invalid(info, String(object.metadata?.name ?? ''), [{ field: bad.field, type: 'FieldValueInvalid', value: typeof bad.value, detail: 'wrong type for this field' }]);
    // Stored objects are never mutated: a writer that kept the stored metadata (the binding) gets a
    // copy for the new resourceVersion, or the old object (and the history) would read the new one.
    if (old && object.metadata === old.metadata) object.metadata = { ...old.metadata };
    this.interner.object(object, old);
    const rv = this.rv + 1;
    object.metadata.resourceVersion = String(rv);
    try {
      this.index(info, object, old);
    } catch (e) {
      // Not expected after the shape check; should a shape slip through, undo what was indexed so
      // that nothing (the resourceVersion included) changed.
      this.rollback(info, object, old);
      throw e;
    }
    this.rv = rv;
    this.emit({ type, info, object, old, rv, cause: this.linked(cause), base: cause });
    return object;
  }

  private rollback(info: ResourceInfo, object: KubeObject, old: KubeObject | undefined): void {
    const table = this.tables.get(info.kind)!;
    const ns = object.metadata.namespace ?? '';
    try {
      this.indexes.removeRefs(object);
    } catch {
      // Partly indexed: removing what was added can fail the same way; the table below is what reads see.
    }
    if (old) {
      table.get(ns)?.set(old.metadata.name, old);
      this.indexes.add(info.kind, old, old);
    } else {
      const byName = table.get(ns);
      if (byName?.delete(object.metadata.name)) this.counts.removed(info.kind, ns);
      this.sorted.invalidate(info.kind, ns);
      if (byName && byName.size === 0) table.delete(ns);
      if (object.metadata.uid) this.indexes.removeUid(object.metadata.uid);
    }
  }

  private remove(info: ResourceInfo, current: KubeObject, cause: Cause, indexed: KubeObject = current): KubeObject {
    this.rv++;
    const gone = { ...current, metadata: { ...current.metadata, resourceVersion: String(this.rv) } };
    this.unindex(info, indexed);
    if (info.kind === 'Service') releaseService(indexed, this.alloc);
    this.emit({ type: 'DELETED', info, object: gone, old: indexed, rv: this.rv, cause: this.linked(cause), base: cause });
    return gone;
  }

  /**
   * The cause as recorded: a write made while the engine works out the consequences of a change
   * (clock.causeFrame: an informer handler, a timer or a reconcile it led to) is linked to that
   * change's frame, unless the writer named what led to it itself.
   */
  private linked(cause: Cause): Cause {
    const frame = this.clock.causeFrame;
    return frame === undefined || cause.by ? cause : { ...cause, by: { frame } };
  }

  /** Delivers changes strictly in resourceVersion order, even when a listener writes while being notified. */
  private emit(change: Change): void {
    this.outbox.push(change);
    if (this.emitting) return;
    this.emitting = true;
    const clock = this.clock;
    const outer = clock.causeFrame;
    try {
      for (let i = 0; i < this.outbox.length; i++) {
        const c = this.outbox[i]!;
        // What the informers do about this change (and the timers they set) is caused by it.
        clock.causeFrame = c.rv;
        const listeners = this.listeners;
        for (let j = 0; j < listeners.length; j++) {
          try {
            listeners[j]!(c);
          } catch (e) {
            this.listenerFailed(e, c);
          }
        }
        try {
          this.watches.publish(c);
        } catch (e) {
          this.listenerFailed(e, c);
        }
      }
    } finally {
      clock.causeFrame = outer;
      this.outbox = [];
      this.emitting = false;
    }
  }
  private listenerFailed(e: unknown, c: Change): void {
    try {
      this.onListenerError(e, c);
    } catch {
      // The report is best effort; delivery to the other listeners is not.
    }
  }
  private outbox: Change[] = [];
  private interner = new Interner();
  private sorted = new SortedNames();
  private emitting = false;

  private index(info: ResourceInfo, object: KubeObject, old: KubeObject | undefined): void {
    const table = this.tables.get(info.kind)!;
    const ns = object.metadata.namespace ?? '';
    let byName = table.get(ns);
    if (!byName) table.set(ns, (byName = new Map()));
    if (!old) {
      this.sorted.invalidate(info.kind, ns);
      this.counts.added(info.kind, ns);
    }
    byName.set(object.metadata.name, object);
    if (old) this.indexes.removeRefs(old);
    this.indexes.add(info.kind, object, old);
  }

  private unindex(info: ResourceInfo, current: KubeObject): void {
    const table = this.tables.get(info.kind)!;
    const ns = current.metadata.namespace ?? '';
    const byName = table.get(ns);
    if (byName?.delete(current.metadata.name)) this.counts.removed(info.kind, ns);
    this.sorted.invalidate(info.kind, ns);
    if (byName && byName.size === 0) table.delete(ns);
    this.indexes.removeRefs(current);
    this.indexes.removeUid(current.metadata.uid!);
  }

  private generateName(info: ResourceInfo, namespace: string | undefined, prefix: string): string {
    for (let attempt = 0; attempt < 8; attempt++) {
      const name = `${prefix.slice(0, 58)}${this.rng.alphanumeric(5)}`;
      if (!this.get(info, namespace, name)) return name;
    }
    throw badRequest('could not generate a unique name');
  }
}

function specOf(obj: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

export function compareObjects(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
