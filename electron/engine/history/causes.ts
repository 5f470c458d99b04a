/**
 * The causes the event log's lines refer to. A handful of distinct actors, names and details repeat
 * across millions of changes, so each is stored once in a table the line points into. What varies
 * per change (the reason with its numbers, and the frame or request that led to it) is written in
 * the line itself (causeExtra), where it is compressed and compacted with the rest of the history:
 * a table of them would grow with every change and never shrink.
 */
import type { Cause, Reason } from '../../../shared/sim/cause';

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
      this.causes.push({ actor: cause.actor, name: cause.name, ...(cause.detail !== undefined ? { detail: cause.detail } : {}) });
      this.byKey.set(key, i);
    }
    this.byObject.set(cause, i);
    return i;
  }

  /** The actor, name and detail of entry `i` (without the per-change part). */
  get(i: number): Cause {
    return this.causes[i]!;
  }
}

/** JSON of reasons already written: hot writers reuse one reason object (a kubelet's heartbeat). */
const reasonJson = new WeakMap<Reason, string>();

/** The per-change part of a cause as a line column: '' when it has neither reason nor link. */
export function causeExtra(cause: Cause): string {
  const { reason, by } = cause;
  if (!reason && !by) return '';
  let text = '{';
  if (reason) {
    let json = reasonJson.get(reason);
    if (json === undefined) reasonJson.set(reason, (json = JSON.stringify(reason)));
    text += `"reason":${json}`;
  }
  if (by) {
    if (reason) text += ',';
    // The common link, a frame alone, without a JSON.stringify per change.
    text += by.request === undefined && typeof by.frame === 'number' && Object.keys(by).length === 1 ? `"by":{"frame":${by.frame}}` : `"by":${JSON.stringify(by)}`;
  }
  return `${text}}`;
}

/** The cause a line recorded: its table entry with the line's own reason and link. */
export function withExtra(base: Cause, extra: string): Cause {
  if (!extra) return base;
  const { reason, by } = JSON.parse(extra) as Pick<Cause, 'reason' | 'by'>;
  return { ...base, ...(reason ? { reason } : {}), ...(by ? { by } : {}) };
}
