/**
 * The causes the event log's lines refer to by index: a handful of distinct actors and reasons
 * repeat across millions of changes, so each is stored once.
 */
import type { Cause } from '../../../shared/sim/snapshot';

export class CauseTable {
  private causes: Cause[] = [];
  private byKey = new Map<string, number>();
  // Hot writers (kubelet leases and node status) reuse one Cause object: skip building the key.
  // Causes are never mutated once passed to the store.
  private byObject = new WeakMap<Cause, number>();

  index(cause: Cause): number {
    const known = this.byObject.get(cause);
    if (known !== undefined) return known;
    const key = `${cause.actor}\u0000${cause.name}\u0000${cause.detail ?? ''}`;
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.causes.length;
      this.causes.push(cause);
      this.byKey.set(key, i);
    }
    this.byObject.set(cause, i);
    return i;
  }

  get(i: number): Cause {
    return this.causes[i]!;
  }
}
