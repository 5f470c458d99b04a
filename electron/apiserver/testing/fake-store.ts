/**
 * A small in-memory Store for the API server's own tests: names, uids, resourceVersions, selectors,
 * graceful pod deletion, watch history with 410 Expired. It is not the engine; it only honours the
 * Store contract closely enough to exercise the HTTP adapter.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../../engine/api';
import type { DeleteOptions, ListOptions, ListResult, ResourceType, Store, WatchEvent, WatchOptions, WriteOptions } from '../../engine/api';
import { errors, status } from '../status';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../selectors';

export const FAKE_TYPES: ResourceType[] = [
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false },
  { group: '', version: 'v1', resource: 'events', kind: 'Event', namespaced: true },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true },
  { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true },
];

interface Recorded {
  rv: number;
  type: ResourceType;
  event: WatchEvent;
}

interface Watcher {
  type: ResourceType;
  options: WatchOptions;
  onEvent: (event: WatchEvent) => void;
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Reads hand out deeply frozen copies: the engine's stored objects are immutable and may one day be
 * handed out without a copy, so any API server code that mutates what it read fails the tests here.
 */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

export class FakeStore implements Store {
  private readonly objects = new Map<string, KubeObject>();
  private rv = 100;
  private uid = 0;
  private history: Recorded[] = [];
  private readonly watchers = new Set<Watcher>();
  /** Every write's cause, newest last, so tests can check what the API server recorded. */
  readonly causes: { verb: string; cause: Cause }[] = [];

  constructor(
    private readonly clock: () => number,
    private readonly historyLimit = 1000,
    private readonly types: ResourceType[] = FAKE_TYPES,
  ) {}

  resourceTypes(): readonly ResourceType[] {
    return this.types;
  }

  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${type.group}/${type.resource}/${type.namespaced ? (namespace ?? '') : ''}/${name}`;
  }

  private timestamp(): string {
    return new Date(this.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(this.key(type, namespace, name));
    return found ? frozen(clone(found)) : undefined;
  }

  private matching(type: ResourceType, options: ListOptions): (o: KubeObject) => boolean {
    const labels = parseLabelSelector(options.labelSelector);
    const fields = parseFieldSelector(options.fieldSelector);
    const prefix = `${type.group}/${type.resource}/`;
    return (o) =>
      `${type.group}/${type.resource}/` === prefix &&
      (!type.namespaced || !options.namespace || o.metadata.namespace === options.namespace) &&
      matchesLabels(labels, o.metadata.labels) &&
      matchesFields(fields, o);
  }

  list(type: ResourceType, options: ListOptions): ListResult {
    const match = this.matching(type, options);
    const prefix = `${type.group}/${type.resource}/`;
    const items: KubeObject[] = [];
    for (const [key, object] of this.objects) if (key.startsWith(prefix) && match(object)) items.push(frozen(clone(object)));
    items.sort((a, b) => ((a.metadata.namespace ?? '') + '/' + a.metadata.name).localeCompare((b.metadata.namespace ?? '') + '/' + b.metadata.name));
    return { items, resourceVersion: String(this.rv) };
  }

  private emit(type: ResourceType, event: WatchEvent): void {
    const rv = Number(event.object.metadata.resourceVersion);
    this.history.push({ rv, type, event: clone(event) });
    if (this.history.length > this.historyLimit) this.history = this.history.slice(-this.historyLimit);
    for (const w of [...this.watchers]) {
      if (w.type !== type && (w.type.group !== type.group || w.type.resource !== type.resource)) continue;
      if (this.matching(type, w.options)(event.object)) w.onEvent(clone(event));
    }
  }

  create(type: ResourceType, object: KubeObject, cause: Cause, options?: WriteOptions): KubeObject {
    const meta = object.metadata ?? ({} as KubeObject['metadata']);
    let name = meta.name;
    if (!name && meta.generateName) name = `${meta.generateName}${(++this.uid).toString(36).padStart(5, 'x')}`;
    if (!name) throw new StatusError(status(422, 'Invalid', `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, { kind: type.kind, name: '', causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }] }));
    const namespace = type.namespaced ? (meta.namespace ?? 'default') : undefined;
    const key = this.key(type, namespace, name);
    if (this.objects.has(key)) throw errors.alreadyExists(type.resource, type.group, name);
    if (type.resource === 'pods') {
      const containers = (object.spec as { containers?: { image?: string }[] } | undefined)?.containers;
      if (!Array.isArray(containers) || containers.length === 0 || containers.some((c) => !c.image)) {
        throw errors.invalid('Pod', name, [{ field: 'spec.containers[0].image', message: 'Required value', reason: 'FieldValueRequired' }]);
      }
    }
    const stored: KubeObject = clone({ ...object, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, kind: type.kind });
    stored.metadata = { ...meta, name, uid: `uid-${++this.uid}`, creationTimestamp: this.timestamp(), generation: 1 };
    if (namespace) stored.metadata.namespace = namespace;
    else delete stored.metadata.namespace;
    if (options?.dryRun) return stored;
    stored.metadata.resourceVersion = String(++this.rv);
    this.objects.set(key, stored);
    this.causes.push({ verb: 'create', cause });
    this.emit(type, { type: 'ADDED', object: stored });
    return clone(stored);
  }

  update(type: ResourceType, object: KubeObject, cause: Cause, options?: WriteOptions): KubeObject {
    const namespace = type.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
    const key = this.key(type, namespace, object.metadata.name);
    const existing = this.objects.get(key);
    if (!existing) throw errors.notFound(type.resource, type.group, object.metadata.name);
    if (object.metadata.resourceVersion && object.metadata.resourceVersion !== existing.metadata.resourceVersion) {
      throw new StatusError(status(409, 'Conflict', `Operation cannot be fulfilled on ${type.group ? `${type.resource}.${type.group}` : type.resource} "${object.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`, { name: object.metadata.name, kind: type.resource }));
    }
    const stored = clone(object);
    stored.apiVersion = existing.apiVersion;
    stored.kind = existing.kind;
    stored.metadata = { ...stored.metadata, uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp };
    if (options?.subresource === 'status') stored.spec = existing.spec;
    else if (existing.status !== undefined) stored.status = existing.status;
    const specChanged = JSON.stringify(existing.spec) !== JSON.stringify(stored.spec);
    stored.metadata.generation = (existing.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    if (options?.dryRun) return stored;
    stored.metadata.resourceVersion = String(++this.rv);
    this.objects.set(key, stored);
    this.causes.push({ verb: 'update', cause });
    this.emit(type, { type: 'MODIFIED', object: stored });
    return clone(stored);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, cause: Cause, options?: DeleteOptions): KubeObject {
    const key = this.key(type, type.namespaced ? (namespace ?? 'default') : undefined, name);
    const existing = this.objects.get(key);
    if (!existing) throw errors.notFound(type.resource, type.group, name);
    if (options?.dryRun) return clone(existing);
    this.causes.push({ verb: 'delete', cause });
    const grace = options?.gracePeriodSeconds ?? 30;
    if (type.resource === 'pods' && grace > 0 && !existing.metadata.deletionTimestamp) {
      const marked = clone(existing);
      marked.metadata.deletionTimestamp = this.timestamp();
      marked.metadata.deletionGracePeriodSeconds = grace;
      marked.metadata.resourceVersion = String(++this.rv);
      this.objects.set(key, marked);
      this.emit(type, { type: 'MODIFIED', object: marked });
      return clone(marked);
    }
    this.objects.delete(key);
    const gone = clone(existing);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit(type, { type: 'DELETED', object: gone });
    return gone;
  }

  /** Completes graceful deletions (what the kubelet would do once containers stop). */
  finishTerminating(): void {
    for (const [key, object] of [...this.objects]) {
      if (!object.metadata.deletionTimestamp) continue;
      const type = this.types.find((t) => key.startsWith(`${t.group}/${t.resource}/`));
      if (!type) continue;
      this.objects.delete(key);
      const gone = clone(object);
      gone.metadata.resourceVersion = String(++this.rv);
      this.emit(type, { type: 'DELETED', object: gone });
    }
  }

  watch(type: ResourceType, options: WatchOptions, onEvent: (event: WatchEvent) => void): () => void {
    const from = options.resourceVersion;
    if (!from || from === '0') {
      for (const object of this.list(type, options).items) onEvent({ type: 'ADDED', object });
    } else {
      const since = Number(from);
      if (!Number.isFinite(since)) throw errors.badRequest(`invalid resourceVersion "${from}"`);
      const oldest = this.history[0]?.rv ?? this.rv + 1;
      if (since < oldest - 1 && since < this.rv) {
        throw new StatusError(status(410, 'Expired', `too old resource version: ${since} (${oldest - 1})`));
      }
      const match = this.matching(type, options);
      for (const r of this.history) {
        if (r.rv > since && r.type.group === type.group && r.type.resource === type.resource && match(r.event.object)) onEvent(clone(r.event));
      }
    }
    const watcher: Watcher = { type, options, onEvent };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  currentResourceVersion(): string {
    return String(this.rv);
  }

  watcherCount(): number {
    return this.watchers.size;
  }

  /** Every stored object, for invariant checks. */
  all(): KubeObject[] {
    return [...this.objects.values()].map(clone);
  }
}
