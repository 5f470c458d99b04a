/**
 * The renderer's record of everything it has seen: the first snapshot, then one record per object
 * change with its frame (event-log sequence), virtual time and, when the engine gives it, its cause.
 * objectsAt(frame) rebuilds the cluster exactly as it was at that frame from the nearest checkpoint,
 * so stepping and scrubbing stay fast in a long history.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Cause, ClusterDelta, ClusterSnapshot, ObjectChange } from '../../../shared/sim/snapshot';

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
  cause?: Cause;
}

/** Fields the engine may add to a change; read when present, never required. */
type RichChange = ObjectChange & { cause?: Cause; time?: number; frame?: number };

const CHECKPOINT_EVERY = 256;

export class History {
  #base = new Map<string, KubeObject>();
  #baseFrame = 0;
  #baseTime = 0;
  #records: HistoryRecord[] = [];
  /** checkpoints[i] is the state after records[(i + 1) * CHECKPOINT_EVERY - 1]. */
  #checkpoints: Map<string, KubeObject>[] = [];
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

  reset(snapshot: ClusterSnapshot): void {
    this.#base = new Map(snapshot.objects.map((o) => [objectKey(o), o]));
    this.#live = new Map(this.#base);
    this.#baseFrame = snapshot.frame;
    this.#baseTime = snapshot.clock.now;
    this.#records = [];
    this.#checkpoints = [];
  }

  /** Records a delta's changes and returns the new records. */
  append(delta: ClusterDelta): HistoryRecord[] {
    const changes = delta.changes as RichChange[];
    const added: HistoryRecord[] = [];
    changes.forEach((change, i) => {
      const suggested = change.frame ?? delta.frame - (changes.length - 1 - i);
      const frame = Math.max(this.liveFrame + 1, suggested);
      const key = objectKey(change.object);
      const prev = this.#live.get(key);
      const record: HistoryRecord = {
        frame,
        time: change.time ?? delta.clock.now,
        type: change.type,
        key,
        object: change.object,
        ...(prev ? { prev } : {}),
        ...(change.cause ? { cause: change.cause } : {}),
      };
      if (change.type === 'DELETED') this.#live.delete(key);
      else this.#live.set(key, change.object);
      this.#records.push(record);
      added.push(record);
      if (this.#records.length % CHECKPOINT_EVERY === 0) this.#checkpoints.push(new Map(this.#live));
    });
    return added;
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

  /** The cluster exactly as it was right after `frame`. */
  objectsAt(frame: number): KubeObject[] {
    const count = this.countUpTo(frame);
    const checkpoint = Math.floor(count / CHECKPOINT_EVERY) - 1;
    const state = new Map(checkpoint >= 0 ? this.#checkpoints[checkpoint]! : this.#base);
    for (let i = (checkpoint + 1) * CHECKPOINT_EVERY; i < count; i++) {
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
    this.#checkpoints.length = Math.floor(count / CHECKPOINT_EVERY);
    this.#live = new Map(this.objectsAt(frame).map((o) => [objectKey(o), o]));
  }
}
