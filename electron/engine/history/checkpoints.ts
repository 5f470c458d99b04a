/**
 * Checkpoints of the whole object map, taken by the event log so that seek(n) replays at most one
 * interval. They share the stored objects (never mutated), so a checkpoint costs a reference per
 * object; what history really retains is the objects that later changes replaced or deleted, which
 * only checkpoints still hold. Each checkpoint is charged for those it is the newest holder of, so
 * dropping the oldest checkpoint frees exactly what it is charged.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { lastAtOrBefore } from './search';

/** Bytes a checkpoint spends per object on references (its key and value arrays, or Map entry). */
export const REFERENCE_BYTES = 24;

/**
 * A checkpoint taken as two arrays: copying a 150k-entry Map costs ~10x more than its keys and
 * values, and it happens on the live path. The Map is built on first use (a seek) and kept.
 */
export class Checkpoint {
  private map: Map<string, KubeObject> | undefined;
  readonly size: number;
  /** Estimated bytes of the objects this is the newest checkpoint to hold, replaced since. */
  heldBytes = 0;

  constructor(
    readonly frame: number,
    private keys: string[],
    private values: KubeObject[],
    /** The log's hash state after `frame`: a journal restoring from here continues the hash. */
    readonly hash: readonly [number, number],
  ) {
    this.size = keys.length;
  }

  get state(): Map<string, KubeObject> {
    if (!this.map) {
      const map = new Map<string, KubeObject>();
      for (let i = 0; i < this.keys.length; i++) map.set(this.keys[i]!, this.values[i]!);
      this.map = map;
      this.keys = [];
      this.values = [];
    }
    return this.map;
  }
}

export class Checkpoints {
  private list: Checkpoint[] = [];
  private held = 0;
  private refs = 0;

  constructor(first: Checkpoint) {
    this.push(first);
  }

  count(): number {
    return this.list.length;
  }

  first(): Checkpoint {
    return this.list[0]!;
  }

  latest(): Checkpoint {
    return this.list[this.list.length - 1]!;
  }

  /** The newest checkpoint at or before `frame` (the first one if none is). */
  at(frame: number): Checkpoint {
    return this.list[lastAtOrBefore(this.list, (c) => c.frame, frame)]!;
  }

  push(cp: Checkpoint): void {
    this.list.push(cp);
    this.refs += cp.size;
  }

  /** Drops the oldest checkpoint, freeing the objects only it held. */
  dropFirst(): void {
    const cp = this.list.shift()!;
    this.held -= cp.heldBytes;
    this.refs -= cp.size;
  }

  /**
   * An object stored since frame `setAt` was just replaced or deleted: the newest checkpoint now
   * holds it if it was taken at or after `setAt` (and no checkpoint does otherwise). Returns
   * whether one does.
   */
  release(setAt: number, bytes: number): boolean {
    const cp = this.latest();
    if (cp.frame < setAt) return false;
    cp.heldBytes += bytes;
    this.held += bytes;
    return true;
  }

  /** Bytes retained by checkpoints: objects only they hold, and their references. */
  bytes(): number {
    return this.held + this.refs * REFERENCE_BYTES;
  }
}
