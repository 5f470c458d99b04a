/**
 * Watches: label/field filtering, resuming from a resourceVersion through the history kept since
 * the last compaction (compaction.ts, every 5 virtual minutes) and within a byte budget, a
 * synthetic ADDED per match when starting from "" or "0", and 410 Expired when the history no
 * longer reaches back. An object that stops matching a filtered watch is sent as DELETED, one that
 * starts matching as ADDED, as the API server's watch cache does. The same history serves lists
 * at an older revision (list.ts).
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { matchesSelector, parseSelector, SelectorParseError } from '../../../shared/k8s/labels';
import { FieldSelectorParseError, isFieldSupported, matchesFields, parseFieldSelector } from '../../../shared/k8s/fields';
import type { ResourceInfo } from '../../../shared/k8s/resources';
import type { ListOptions, Unsubscribe, WatchEvent, WatchOptions } from '../api';
import type { VirtualClock } from '../clock/clock';
import { Compactor } from './compaction';
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
  /** Changes up to this revision were dropped (compacted or past the byte budget). */
  private droppedThrough = 0;
  /** The revision of the last change published. */
  private published = 0;
  private compactor = new Compactor();
  /**
   * How many changes are kept at most, besides compaction and the byte budget. A memory guard for
   * big clusters: the byte budget counts estimated JSON bytes, and the old versions it keeps cost
   * several times that in the heap (at 150k pods and ~800 changes/s, an uncounted window held
   * ~390 MB more). A learner's cluster makes far fewer than this between compactions, so there
   * 410 comes from compaction, as in etcd; in a big, busy one it also comes from this window, as
   * from the API server's watch cache.
   */
  capacity = 20_000;
  /**
   * And how many bytes of objects: a window counted only in changes holds 20,000 versions of a
   * 1 MB ConfigMap as readily as 20,000 pod updates. Past it, the oldest changes are dropped and a
   * watch resuming from before them gets 410 Expired, as from a compacted watch cache.
   */
  byteCapacity = 64 * 1024 * 1024;

  constructor(
    private store: ObjectStore,
    private clock: VirtualClock,
  ) {}

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
      const rv = /^\d+$/.test(from) ? Number(from) : NaN;
      if (!Number.isSafeInteger(rv)) throw badRequest(`invalid resource version: ${from}`);
      const compacted = this.compactedRevision();
      // staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go: "too old resource version: %d (%d)".
      if (rv < compacted && rv < Number(this.store.currentResourceVersion())) throw expired(`too old resource version: ${rv} (${compacted})`);
      for (let i = this.firstAfter(rv); i < this.history.length; i++) {
        const change = this.history[i]!;
        if (change.info.kind === info.kind) deliver(watcher, change);
      }
    }
    this.watchers.add(watcher);
    return () => {
      watcher.active = false;
      this.watchers.delete(watcher);
    };
  }

  publish(change: Change): void {
    this.compact(this.published);
    this.published = change.rv;
    const bytes = estimatedBytes(change.object);
    this.history.push(change);
    this.historySizes.push(bytes);
    this.historyBytes += bytes;
    if (this.history.length > this.capacity * 1.25 || this.historyBytes > this.byteCapacity) {
      let drop = Math.max(0, this.history.length - this.capacity);
      let kept = this.historyBytes;
      for (let i = 0; i < drop; i++) kept -= this.historySizes[i]!;
      // Past the byte budget, drop down to 80% of it: trimming (a copy of the window) then happens
      // once per many changes rather than on every one.
      const target = kept > this.byteCapacity ? this.byteCapacity * 0.8 : this.byteCapacity;
      while (kept > target && drop < this.history.length - 1) kept -= this.historySizes[drop++]!;
      this.dropFirst(drop);
    }
    for (const w of this.watchers) if (w.active && w.kind === change.info.kind) deliver(w, change);
  }

  /**
   * Runs the compaction rounds due on the virtual clock (reads call it too, so a quiet store still
   * compacts) and drops the history they compacted.
   */
  compact(latest = this.published): void {
    if (!this.compactor.catchUp(this.clock.now(), latest)) return;
    this.dropFirst(this.firstAfter(this.compactor.revision()));
    this.droppedThrough = Math.max(this.droppedThrough, this.compactor.revision());
  }

  private dropFirst(n: number): void {
    if (n <= 0) return;
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += this.historySizes[i]!;
    this.droppedThrough = Math.max(this.droppedThrough, this.history[n - 1]!.rv);
    this.history = this.history.slice(n);
    this.historySizes = this.historySizes.slice(n);
    this.historyBytes -= bytes;
    this.historyStart = this.history[0]?.rv ?? this.droppedThrough + 1;
  }

  /** Revisions older than this can no longer be listed or watched from (410). */
  compactedRevision(): number {
    this.compact();
    return this.droppedThrough;
  }

  /** Index in `changes()` of the first change after revision `rv`. */
  firstAfter(rv: number): number {
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The kept changes in revision order (read-only; replaced, never mutated, when trimmed). */
  changes(): readonly Change[] {
    return this.history;
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
