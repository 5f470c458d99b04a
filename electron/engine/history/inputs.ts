/**
 * The facade's recorded inputs (API writes, clock advances, failures), kept so that a change made
 * while viewing the past can fork the timeline by replaying them from frame 0 into a fresh core.
 *
 * Bounded memory. A core's state is more than its objects (timers are closures, controllers and
 * kubelets keep private state), so a fork cannot restart from an event-log checkpoint and every
 * input since frame 0 is needed. Two things keep them small: the objects of create and update
 * inputs share their big ConfigMap/Secret data with the store (shareBigData, applied once the
 * input has run and the store holds the value), and the record has a byte budget. Beyond it the
 * inputs are dropped and the record says it is no longer complete: the past stays viewable (the
 * event log has its own budget) but can no longer be forked, which the engine refuses cleanly.
 * A later core snapshot (serialisable timers and component state) lets a fork restart from the
 * nearest checkpoint; then only the inputs after the earliest kept checkpoint need to be kept,
 * which is also what a session journal on disk would append and replay.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { shareBigData } from '../store/intern';

/** The default: generous for hand-made inputs, a few dozen multi-megabyte ConfigMaps. */
export const DEFAULT_INPUT_BYTES = 64 * 1024 * 1024;

export class InputRecord<T extends object> {
  private list: T[] = [];
  private bytes = 0;
  /** False once inputs were dropped: replay from frame 0 is no longer possible. */
  complete = true;

  constructor(private readonly budgetBytes = DEFAULT_INPUT_BYTES) {}

  push(input: T): void {
    if (!this.complete) return;
    // The previous input has run: its object's big data can now share the store's copy.
    const previous = this.list[this.list.length - 1];
    const object = (previous as { object?: KubeObject } | undefined)?.object;
    if (object) shareBigData(object, undefined);
    this.list.push(input);
    this.bytes += approxBytes(input);
    if (this.bytes > this.budgetBytes) {
      this.list = [];
      this.bytes = 0;
      this.complete = false;
    }
  }

  all(): readonly T[] {
    return this.list;
  }

  /** Replaces the record with a replayed prefix of itself (a fork). */
  replace(list: T[]): void {
    this.list = list;
    this.bytes = 0;
    for (const input of list) this.bytes += approxBytes(input);
  }

  /** Starts over (a recreated cluster). */
  clear(): void {
    this.list = [];
    this.bytes = 0;
    this.complete = true;
  }

  retainedBytes(): number {
    return this.bytes;
  }
}

/** Characters of strings plus a few bytes per other value: a JSON-size estimate that allocates nothing. */
export function approxBytes(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 8;
  if (depth > 32) return 8;
  let n = 2;
  if (Array.isArray(value)) for (const v of value) n += approxBytes(v, depth + 1) + 1;
  else for (const [k, v] of Object.entries(value)) n += k.length + 4 + approxBytes(v, depth + 1);
  return n;
}
