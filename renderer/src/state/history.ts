/**
 * The renderer's cache of the engine's timeline: the cluster at a base frame, then one record per
 * recorded change, each with the frame, virtual time and cause the engine committed it with (the
 * renderer derives none of them). Live deltas extend it at the end; a window of the engine's
 * timeline (timeline.window) extends it at the start, so frames from before the page opened are
 * shown from the same cache, and seeking anywhere it covers needs no round trip to the engine.
 * objectsAt(frame) rebuilds the cluster at a frame from the nearest of a few kept states, so
 * stepping and scrubbing stay fast in a long history.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Cause, ClusterDelta, ClusterSnapshot, ObjectChange } from '../../../shared/sim/snapshot';
import type { TimelineWindow } from '../../../shared/sim/timeline';

export function objectKey(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

export interface HistoryRecord {
  frame: number;
  /** Virtual time in ms. */
  time: number;
  type: ObjectChange['type'];
  key: string;
  object: KubeObject;
  /** The object just before this change, if it existed. */
  prev?: KubeObject;
  cause: Cause;
}

/** A kept state: the cluster after the first `count` records. */
interface KeptState {
  count: number;
  state: Map<string, KubeObject>;
}

const KEEP_EVERY = 256;

export class History {
  #base = new Map<string, KubeObject>();
  #baseFrame = 0;
  #baseTime = 0;
  #records: HistoryRecord[] = [];
  /** In record order; counts grow by KEEP_EVERY (a prepended window shifts them all alike). */
  #kept: KeptState[] = [];
  #live = new Map<string, KubeObject>();

  get records(): readonly HistoryRecord[] {
    return this.#records;
  }
  get baseFrame(): number {
    return this.#baseFrame;
  }
  get baseTime(): number {
    return this.#baseTime;
  }
  get liveFrame(): number {
    return this.#records.at(-1)?.frame ?? this.#baseFrame;
  }

  /** True when the cache holds the cluster at `frame` (from the base frame on). */
  covers(frame: number): boolean {
    return frame >= this.#baseFrame;
  }

  reset(snapshot: ClusterSnapshot): void {
    this.#base = new Map(snapshot.objects.map((o) => [objectKey(o), o]));
    this.#live = new Map(this.#base);
    this.#baseFrame = snapshot.frame;
    this.#baseTime = snapshot.clock.now;
    this.#records = [];
    this.#kept = [];
  }

  /**
   * Records a live delta's changes and returns the new records. A change at or before the newest
   * cached frame is one the cache already holds (a seek's diff names recorded frames): skipped.
   */
  append(delta: ClusterDelta): HistoryRecord[] {
    const added: HistoryRecord[] = [];
    for (const change of delta.changes) {
      if (change.frame <= this.liveFrame) continue;
      const record = recordOf(change, this.#live);
      this.#records.push(record);
      added.push(record);
      if (this.#records.length % KEEP_EVERY === 0) this.#kept.push({ count: this.#records.length, state: new Map(this.#live) });
    }
    return added;
  }

  /**
   * Extends the cache back to the window's start: the window must reach the current base frame
   * (its changes after the base are already cached and skipped). Returns false when it does not.
   */
  prepend(window: TimelineWindow): boolean {
    if (window.from >= this.#baseFrame) return window.from === this.#baseFrame;
    const reaches = window.changes.at(-1)?.frame ?? window.from;
    if (reaches < this.#baseFrame) return false;
    const state = new Map(window.objects.map((o) => [objectKey(o), o]));
    const base = new Map(state);
    const earlier: HistoryRecord[] = [];
    const kept: KeptState[] = [];
    for (const change of window.changes) {
      if (change.frame > this.#baseFrame) break;
      earlier.push(recordOf(change, state));
      if (earlier.length % KEEP_EVERY === 0) kept.push({ count: earlier.length, state: new Map(state) });
    }
    this.#base = base;
    this.#baseFrame = window.from;
    this.#baseTime = window.time;
    this.#kept = [...kept, ...this.#kept.map((k) => ({ count: k.count + earlier.length, state: k.state }))];
    this.#records = [...earlier, ...this.#records];
    return true;
  }

  /** Number of records at or before `frame`. */
  countUpTo(frame: number): number {
    let lo = 0;
    let hi = this.#records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#records[mid]!.frame <= frame) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  recordAt(frame: number): HistoryRecord | undefined {
    const index = this.countUpTo(frame) - 1;
    const record = this.#records[index];
    return record && record.frame === frame ? record : undefined;
  }

  /** The cluster exactly as it was right after `frame` (the base frame's, before it). */
  objectsAt(frame: number): KubeObject[] {
    const count = this.countUpTo(frame);
    const from = this.#keptBefore(count);
    const state = new Map(from ? from.state : this.#base);
    for (let i = from?.count ?? 0; i < count; i++) {
      const record = this.#records[i]!;
      if (record.type === 'DELETED') state.delete(record.key);
      else state.set(record.key, record.object);
    }
    return [...state.values()];
  }

  timeAt(frame: number): number {
    const index = this.countUpTo(frame) - 1;
    return index >= 0 ? this.#records[index]!.time : this.#baseTime;
  }

  /** Drops everything after `frame` (the timeline was forked there). */
  truncateAfter(frame: number): void {
    const count = this.countUpTo(frame);
    this.#records.length = count;
    this.#kept = this.#kept.filter((k) => k.count <= count);
    this.#live = new Map(this.objectsAt(frame).map((o) => [objectKey(o), o]));
  }

  /** The newest kept state at or before `count` records, if any. */
  #keptBefore(count: number): KeptState | undefined {
    let lo = 0;
    let hi = this.#kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#kept[mid]!.count <= count) lo = mid + 1;
      else hi = mid;
    }
    return this.#kept[lo - 1];
  }
}

/** A change as a record, against (and then applied to) `state`. */
function recordOf(change: ObjectChange, state: Map<string, KubeObject>): HistoryRecord {
  const key = objectKey(change.object);
  const prev = state.get(key);
  if (change.type === 'DELETED') state.delete(key);
  else state.set(key, change.object);
  return { frame: change.frame, time: change.time, type: change.type, key, object: change.object, ...(prev ? { prev } : {}), cause: change.cause };
}
