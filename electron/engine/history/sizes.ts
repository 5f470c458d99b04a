/**
 * Estimated sizes of stored objects, for the history budget: the JSON length seen when an object
 * was ADDED, carried over (or grown by the diff) when it is MODIFIED, and the frame it was stored
 * at, so a replaced object can be charged to the checkpoints that still hold it. Kept by object
 * id beside the log's current state, one entry per live object (a WeakMap of 150k objects made
 * every garbage collection walk its ephemeron table); an entry is trusted only for the very object
 * it was recorded for.
 */
import type { KubeObject } from '../../../shared/k8s/objects';

interface Size {
  o: KubeObject;
  at: number;
  bytes: number;
}

export class ObjectSizes {
  private sizes = new Map<string, Size>();

  /** Records `o` (id `id`), stored at `frame`, replacing `old` (if any) with a payload of `payloadChars`. */
  note(id: string, o: KubeObject, frame: number, old: KubeObject | undefined, payloadChars: number): void {
    const bytes = old ? Math.max(this.bytes(id, old), payloadChars) : payloadChars;
    const entry = this.sizes.get(id);
    if (entry) {
      entry.o = o;
      entry.at = frame;
      entry.bytes = bytes;
    } else this.sizes.set(id, { o, at: frame, bytes });
  }

  forget(id: string): void {
    this.sizes.delete(id);
  }

  setAt(id: string, o: KubeObject): number {
    const s = this.sizes.get(id);
    return s && s.o === o ? s.at : 0;
  }

  bytes(id: string, o: KubeObject): number {
    const s = this.sizes.get(id);
    return s && s.o === o ? s.bytes : JSON.stringify(o).length;
  }

  /**
   * What history alone keeps of `old` once `next` replaces it: all of it, less the big data the
   * two share (the store shares unchanged ConfigMap and Secret data between versions).
   */
  released(id: string, old: KubeObject, next: KubeObject | undefined): number {
    const bytes = this.bytes(id, old);
    if (!next || old.kind !== next.kind) return bytes;
    let shared = 0;
    const a = old as unknown as Record<string, unknown>;
    const b = next as unknown as Record<string, unknown>;
    for (const field of ['data', 'binaryData']) {
      const av = a[field] as Record<string, unknown> | undefined;
      if (!av || av !== b[field]) continue;
      for (const v of Object.values(av)) if (typeof v === 'string') shared += v.length;
    }
    return Math.max(0, bytes - shared);
  }
}
