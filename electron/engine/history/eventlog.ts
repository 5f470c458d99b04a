/**
 * The event log: every object change with its virtual time and cause. Entries are stored compactly
 * (full JSON for ADDED, a path diff for MODIFIED, nothing for DELETED) and sealed into deflated
 * blocks; checkpoints of the whole object map (shared, never-mutated objects) make seek(n) cost at
 * most one checkpoint interval of replay. The log's hash is updated as entries are appended.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Cause } from '../../../shared/sim/snapshot';
import type { FrameInfo } from '../../../shared/sim/timeline';
import { applyDiff, diff, type DiffOp } from '../util/objects';
import type { Change } from '../store/store';

const BLOCK = 1024;
const TYPE_CODE = { ADDED: 'A', MODIFIED: 'M', DELETED: 'D' } as const;
const CODE_TYPE = { A: 'ADDED', M: 'MODIFIED', D: 'DELETED' } as const;

interface DecodedEntry {
  frame: number;
  time: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  namespace: string;
  name: string;
  cause: number;
  payload: string;
}

export function objectId(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

export class EventLog {
  private sealed: Buffer[] = [];
  private open: string[] = [];
  private times: number[] = [];
  private causes: Cause[] = [];
  private causeIndex = new Map<string, number>();
  private checkpoints: { frame: number; state: Map<string, KubeObject> }[] = [];
  private state = new Map<string, KubeObject>();
  private sinceCheckpoint = 0;
  private h1 = 0x811c9dc5;
  private h2 = 0x1b873593;
  /** A few recently inflated blocks (raw lines), for stepping and nearby seeks. */
  private decodedCache = new Map<number, string[]>();
  /** The frame number of the first entry (the store's resourceVersion when recording began, plus one). */
  private base = 0;
  bytesSealed = 0;

  constructor() {
    this.checkpoints.push({ frame: 0, state: new Map() });
  }

  length(): number {
    return this.base + this.times.length;
  }

  append(change: Change): void {
    const frame = this.length() + 1;
    if (change.rv !== frame) throw new Error(`event log out of step: change rv ${change.rv}, expected frame ${frame}`);
    const o = change.object;
    const id = objectId(o.kind, o.metadata.namespace, o.metadata.name);
    let payload = '';
    if (change.type === 'ADDED') payload = JSON.stringify(o);
    // The store's previous object is the one this log last saw for the id (the log sees every
    // change): use it and skip a look-up in a map of every object.
    else if (change.type === 'MODIFIED') payload = JSON.stringify(diff(change.old ?? this.state.get(id), o));
    if (change.type === 'DELETED') this.state.delete(id);
    else this.state.set(id, o);
    const line = `${frame}\t${TYPE_CODE[change.type]}\t${o.kind}\t${o.metadata.namespace ?? ''}\t${o.metadata.name}\t${this.intern(change.cause)}\t${payload}`;
    this.times.push(this.timeNow);
    this.open.push(line);
    // The hash streams character by character, so hashing the pieces equals hashing `${time}\t${line}\n`.
    this.hash(`${this.timeNow}\t`);
    this.hash(line);
    this.hash('\n');
    if (this.open.length === BLOCK) this.seal();
    // Checkpoints every 1000 changes, or every size/4 for big clusters, so their cost stays
    // a few references per change while seek replays at most one interval.
    if (++this.sinceCheckpoint >= Math.max(1000, this.state.size >> 2)) {
      this.checkpoints.push(new Checkpoint(frame, [...this.state.keys()], [...this.state.values()]));
      this.sinceCheckpoint = 0;
    }
  }

  /** Set by the engine before each change is appended (the clock is not imported here). */
  timeNow = 0;

  hashHex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0') + this.length().toString(16);
  }

  /** Total bytes held by the log's entries (sealed blocks, the open block, times). */
  bytes(): number {
    let open = 0;
    for (const l of this.open) open += l.length;
    return this.bytesSealed + open + this.times.length * 8;
  }

  timeOf(frame: number): number | undefined {
    return this.times[frame - this.base - 1];
  }

  /** The first frame at or after virtual time t (binary search), or length()+1. */
  frameAtTime(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return this.base + lo + 1;
  }

  frames(from: number, count: number): FrameInfo[] {
    const out: FrameInfo[] = [];
    const last = Math.min(this.length(), from + count - 1);
    for (let f = Math.max(1, from); f <= last; f++) {
      const e = this.entry(f);
      out.push({ frame: f, time: e.time, type: e.type, kind: e.kind, ...(e.namespace ? { namespace: e.namespace } : {}), name: e.name, cause: this.causes[e.cause]! });
    }
    return out;
  }

  /**
   * The objects that frames from..from+count-1 wrote, for entries of `kinds` only (undefined for the
   * rest): the object after the change (none for DELETED) and the one before (none for ADDED). Only
   * those kinds are replayed from the nearest checkpoint. Objects are shared; do not mutate them.
   */
  objectsOf(from: number, count: number, kinds: ReadonlySet<string>): ({ before?: KubeObject; after?: KubeObject } | undefined)[] {
    const out: ({ before?: KubeObject; after?: KubeObject } | undefined)[] = [];
    const first = Math.max(1, from);
    const last = Math.min(this.length(), from + count - 1);
    if (last < first) return out;
    let cp = this.checkpoints[0]!;
    for (const c of this.checkpoints) if (c.frame <= first - 1) cp = c;
    const state = new Map<string, KubeObject>();
    for (const [id, o] of cp.state) if (kinds.has(o.kind)) state.set(id, o);
    for (let f = cp.frame + 1; f <= last; f++) {
      const e = this.entry(f);
      if (!kinds.has(e.kind)) {
        if (f >= first) out.push(undefined);
        continue;
      }
      const id = objectId(e.kind, e.namespace || undefined, e.name);
      const before = state.get(id);
      const after = e.type === 'ADDED' ? (JSON.parse(e.payload) as KubeObject) : e.type === 'MODIFIED' ? applyDiff(before!, JSON.parse(e.payload) as DiffOp[]) : undefined;
      if (after) state.set(id, after);
      else state.delete(id);
      if (f >= first) out.push({ ...(before ? { before } : {}), ...(after ? { after } : {}) });
    }
    return out;
  }

  /** The full object map at `frame` (0 = empty). Objects are shared; do not mutate them. */
  stateAt(frame: number): Map<string, KubeObject> {
    if (frame >= this.length()) return new Map(this.state);
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.checkpoints[mid]!.frame <= frame) lo = mid;
      else hi = mid - 1;
    }
    const cp = this.checkpoints[lo]!;
    const state = new Map(cp.state);
    for (let f = cp.frame + 1; f <= frame; f++) {
      const e = this.entry(f);
      const id = objectId(e.kind, e.namespace || undefined, e.name);
      if (e.type === 'ADDED') state.set(id, JSON.parse(e.payload) as KubeObject);
      else if (e.type === 'DELETED') state.delete(id);
      else state.set(id, applyDiff(state.get(id)!, JSON.parse(e.payload) as DiffOp[]));
    }
    return state;
  }

  /** Drops every frame after `frame` (fork). Returns nothing; the engine rebuilds live state by replay. */
  truncate(frame: number): void {
    if (frame >= this.length()) return;
    const keep: string[] = [];
    for (let f = this.base + 1; f <= frame; f++) keep.push(this.lineOf(f));
    const times = this.times.slice(0, frame - this.base);
    const state = this.stateAt(frame);
    this.sealed = [];
    this.open = [];
    this.bytesSealed = 0;
    this.decodedCache.clear();
    this.times = times;
    this.checkpoints = this.checkpoints.filter((c) => c.frame <= frame);
    this.state = state;
    this.sinceCheckpoint = frame - this.checkpoints[this.checkpoints.length - 1]!.frame;
    this.h1 = 0x811c9dc5;
    this.h2 = 0x1b873593;
    for (let i = 0; i < keep.length; i++) {
      this.open.push(keep[i]!);
      this.hash(`${times[i]}\t${keep[i]}\n`);
      if (this.open.length === BLOCK) this.seal();
    }
  }

  private intern(cause: Cause): number {
    // Hot writers (kubelet leases and node status) reuse one Cause object: skip building the key.
    // Causes are never mutated once passed to the store.
    const known = this.causeByObject.get(cause);
    if (known !== undefined) return known;
    const i = this.internByKey(cause);
    this.causeByObject.set(cause, i);
    return i;
  }

  private causeByObject = new WeakMap<Cause, number>();

  private internByKey(cause: Cause): number {
    const key = `${cause.actor}\u0000${cause.name}\u0000${cause.detail ?? ''}`;
    let i = this.causeIndex.get(key);
    if (i === undefined) {
      i = this.causes.length;
      this.causes.push(cause);
      this.causeIndex.set(key, i);
    }
    return i;
  }

  private seal(): void {
    const buf = deflateRawSync(Buffer.from(this.open.join('\n'), 'utf8'), { level: 1 });
    this.sealed.push(buf);
    this.bytesSealed += buf.length;
    this.open = [];
  }

  private lineOf(frame: number): string {
    const i = frame - this.base - 1;
    const block = Math.floor(i / BLOCK);
    if (block < this.sealed.length) return this.blockLines(block)[i % BLOCK]!;
    return this.open[i - this.sealed.length * BLOCK]!;
  }

  private blockLines(block: number): string[] {
    let lines = this.decodedCache.get(block);
    if (!lines) {
      lines = inflateRawSync(this.sealed[block]!).toString('utf8').split('\n');
      if (this.decodedCache.size >= 4) this.decodedCache.delete(this.decodedCache.keys().next().value!);
      this.decodedCache.set(block, lines);
    }
    return lines;
  }

  private entry(frame: number): DecodedEntry {
    return parseLine(this.lineOf(frame), this.times[frame - this.base - 1]!);
  }

  private hash(text: string): void {
    let a = this.h1;
    let b = this.h2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.h1 = a >>> 0;
    this.h2 = b >>> 0;
  }
}

/**
 * A checkpoint taken as two arrays: copying a 150k-entry Map costs ~10x more than its keys and
 * values, and it happens on the live path. The Map is built on first use (a seek) and kept.
 */
class Checkpoint {
  private map: Map<string, KubeObject> | undefined;

  constructor(
    readonly frame: number,
    private keys: string[],
    private values: KubeObject[],
  ) {}

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

function parseLine(raw: string, time: number): DecodedEntry {
  // Six tab-separated header fields, then the payload (which contains no raw tabs: JSON escapes them).
  const cuts: number[] = [];
  let at = -1;
  for (let k = 0; k < 6; k++) cuts.push((at = raw.indexOf('\t', at + 1)));
  return {
    frame: Number(raw.slice(0, cuts[0])),
    time,
    type: CODE_TYPE[raw.slice(cuts[0]! + 1, cuts[1]) as 'A' | 'M' | 'D'],
    kind: raw.slice(cuts[1]! + 1, cuts[2]),
    namespace: raw.slice(cuts[2]! + 1, cuts[3]),
    name: raw.slice(cuts[3]! + 1, cuts[4]),
    cause: Number(raw.slice(cuts[4]! + 1, cuts[5])),
    payload: raw.slice(cuts[5]! + 1),
  };
}
