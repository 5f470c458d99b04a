/**
 * Watches: label/field filtering, resuming from a resourceVersion through a bounded history, a
 * synthetic ADDED per match when starting from "" or "0", and 410 Expired when the history no
 * longer reaches back. An object that stops matching a filtered watch is sent as DELETED, one that
 * starts matching as ADDED, as the API server's watch cache does.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { matchesSelector, parseSelector, SelectorParseError } from '../../../shared/k8s/labels';
import { FieldSelectorParseError, isFieldSupported, matchesFields, parseFieldSelector } from '../../../shared/k8s/fields';
import type { ResourceInfo } from '../../../shared/k8s/resources';
import type { ListOptions, Unsubscribe, WatchEvent, WatchOptions } from '../api';
import { badRequest, expired } from './errors';
import { compareObjects, type Change, type ObjectStore } from './store';

interface Watcher {
  kind: string;
  filter: (o: KubeObject) => boolean;
  onEvent: (e: WatchEvent) => void;
  active: boolean;
}

export class WatchHub {
  private watchers = new Set<Watcher>();
  private history: Change[] = [];
  /** Estimated bytes of the objects in `history`, parallel to it. */
  private historySizes: number[] = [];
  private historyBytes = 0;
  private historyStart = 0;
  /** How many changes are kept for resuming watches. */
  capacity = 20_000;
  /**
   * And how many bytes of objects: a window counted only in changes holds 20,000 versions of a
   * 1 MB ConfigMap as readily as 20,000 pod updates. Past it, the oldest changes are dropped and a
   * watch resuming from before them gets 410 Expired, as from a compacted watch cache.
   */
  byteCapacity = 64 * 1024 * 1024;

  constructor(private store: ObjectStore) {}

  compileFilter(info: ResourceInfo, options: ListOptions): (o: KubeObject) => boolean {
    let labels;
    let fields;
    try {
      labels = parseSelector(options.labelSelector);
    } catch (e) {
      if (e instanceof SelectorParseError) throw badRequest(`unable to parse requirement: ${e.message}`);
      throw e;
    }
    try {
      fields = parseFieldSelector(options.fieldSelector);
    } catch (e) {
      if (e instanceof FieldSelectorParseError) throw badRequest(e.message);
      throw e;
    }
    for (const f of fields) {
      if (!isFieldSupported(info.kind, f.path)) throw badRequest(`field label not supported: ${f.path}`);
    }
    const namespace = info.namespaced ? options.namespace : undefined;
    return (o) => (!namespace || o.metadata.namespace === namespace) && matchesSelector(labels, o.metadata.labels) && matchesFields(fields, o);
  }

  watch(info: ResourceInfo, options: WatchOptions, onEvent: (e: WatchEvent) => void): Unsubscribe {
    const filter = this.compileFilter(info, options);
    const watcher: Watcher = { kind: info.kind, filter, onEvent, active: true };
    const from = options.resourceVersion;
    if (!from || from === '0') {
      const items = this.store.all(info.kind, info.namespaced ? options.namespace : undefined).filter(filter).sort(compareObjects);
      for (const object of items) onEvent({ type: 'ADDED', object });
    } else {
      const rv = Number(from);
      if (!Number.isFinite(rv)) throw badRequest(`invalid resource version: ${from}`);
      const oldest = this.history[0]?.rv ?? Number(this.store.currentResourceVersion()) + 1;
      if (rv < oldest - 1 && rv < Number(this.store.currentResourceVersion())) {
        throw expired(`too old resource version: ${rv} (${oldest - 1})`);
      }
      for (const change of this.history) {
        if (change.rv <= rv || change.info.kind !== info.kind) continue;
        deliver(watcher, change);
      }
    }
    this.watchers.add(watcher);
    return () => {
      watcher.active = false;
      this.watchers.delete(watcher);
    };
  }

  publish(change: Change): void {
    const bytes = estimatedBytes(change.object);
    this.history.push(change);
    this.historySizes.push(bytes);
    this.historyBytes += bytes;
    if (this.history.length > this.capacity * 1.25 || this.historyBytes > this.byteCapacity) {
      let drop = Math.max(0, this.history.length - this.capacity);
      let kept = this.historyBytes;
      for (let i = 0; i < drop; i++) kept -= this.historySizes[i]!;
      while (kept > this.byteCapacity && drop < this.history.length - 1) kept -= this.historySizes[drop++]!;
      this.history = this.history.slice(drop);
      this.historySizes = this.historySizes.slice(drop);
      this.historyBytes = kept;
      this.historyStart = this.history[0]!.rv;
    }
    for (const w of this.watchers) if (w.active && w.kind === change.info.kind) deliver(w, change);
  }

  /** The oldest resourceVersion a watch can still resume from. */
  oldestResumable(): number {
    return this.historyStart;
  }

  watcherCount(): number {
    return this.watchers.size;
  }
}

function deliver(w: Watcher, change: Change): void {
  const now = w.filter(change.object);
  if (change.type === 'ADDED') {
    if (now) w.onEvent({ type: 'ADDED', object: change.object });
  } else if (change.type === 'DELETED') {
    if (now || (change.old && w.filter(change.old))) w.onEvent({ type: 'DELETED', object: change.object });
  } else {
    const before = change.old ? w.filter(change.old) : false;
    if (now && before) w.onEvent({ type: 'MODIFIED', object: change.object });
    else if (now) w.onEvent({ type: 'ADDED', object: change.object });
    else if (before) w.onEvent({ type: 'DELETED', object: change.object });
  }
}

/**
 * A cheap size estimate for the resume window: ConfigMap and Secret values are counted, since they
 * are what can be large (up to the 1 MiB object limit); every other object counts as a typical
 * serialized object of a couple of kilobytes.
 */
function estimatedBytes(object: KubeObject): number {
  const bulk = object as { data?: unknown; binaryData?: unknown; stringData?: unknown };
  let bytes = 2048;
  for (const map of [bulk.data, bulk.binaryData, bulk.stringData]) {
    if (!map || typeof map !== 'object') continue;
    for (const value of Object.values(map as Record<string, unknown>)) if (typeof value === 'string') bytes += value.length;
  }
  return bytes;
}
