/**
 * The event log: every object change with its virtual time and cause. Entries are stored compactly
 * (entry.ts: full JSON for ADDED, a path diff for MODIFIED, nothing for DELETED) in deflated blocks
 * (blocks.ts); checkpoints of the whole object map (checkpoints.ts: shared, never-mutated objects)
 * make seek(n) cost at most one checkpoint interval of replay. The hash streams over the lines as
 * they are appended, so it names the whole history even after its start was compacted away.
 *
 * Bounded memory. The log has a budget (budget.ts): bytes of blocks, frame times, objects only
 * checkpoints hold, and checkpoint references; and a number of checkpoints. Checkpoints are taken
 * every 1000 changes and also every budget/16 bytes of new history, so there is always a place to
 * cut. After each checkpoint, while over budget, the oldest checkpoint is dropped: the earliest
 * reachable frame (first()) becomes the oldest kept checkpoint's frame, blocks wholly before it are
 * dropped, and frames after it keep full resolution. Reads before first() clamp (frames, objectsOf)
 * or throw (stateAt). Compaction depends only on the appended stream, so a replay of the same
 * inputs compacts at the same frames and ends with the same log and hash.
 *
 * A session journal on disk builds on the same pieces: append each facade input and each sealed
 * block's lines (entry.ts's format) to a file; at each checkpoint write its object map, frame, hash
 * state (Checkpoint.hash) and the facade's core state atomically (write, fsync, rename). Restoring
 * loads the nearest checkpoint and replays the inputs recorded after it; the hash continues from
 * the checkpoint's. Compaction then only deletes journal files older than first().
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { FrameInfo } from '../../../shared/sim/timeline';
import { shareBigData } from '../store/intern';
import { applyDiff, diff, type DiffOp } from '../util/objects';
import type { Change } from '../store/store';
import { LineBlocks } from './blocks';
import { CHECKPOINT_BUDGET_FRACTION, CHECKPOINT_CHANGES, DEFAULT_HISTORY_BUDGET, type HistoryBudget } from './budget';
import { CauseTable, causeExtra, withExtra } from './causes';
import { Checkpoint, Checkpoints } from './checkpoints';
import { objectId, parseLine, TYPE_CODE, type DecodedEntry } from './entry';
import { ObjectSizes } from './sizes';

export { objectId };

const H1 = 0x811c9dc5;
const H2 = 0x1b873593;

export class EventLog {
  private blocks = new LineBlocks();
  /** Virtual time of each frame from timesStart+1 on. */
  private times: number[] = [];
  private timesStart = 0;
  private causes = new CauseTable();
  private checkpoints = new Checkpoints(new Checkpoint(0, [], [], [H1, H2]));
  private state = new Map<string, KubeObject>();
  private sizes = new ObjectSizes();
  private sinceCheckpoint = 0;
  private bytesSinceCheckpoint = 0;
  private h1 = H1;
  private h2 = H2;
  readonly budget: HistoryBudget;

  constructor(budget: Partial<HistoryBudget> = {}) {
    this.budget = { ...DEFAULT_HISTORY_BUDGET, ...budget };
  }

  length(): number {
    return this.blocks.end();
  }

  /** The earliest frame that can be viewed: 0 until the history is first compacted. */
  first(): number {
    return this.checkpoints.first().frame;
  }

  append(change: Change): void {
    const frame = this.length() + 1;
    if (change.rv !== frame) throw new Error(`event log out of step: change rv ${change.rv}, expected frame ${frame}`);
    const o = change.object;
    const id = objectId(o.kind, o.metadata.namespace, o.metadata.name);
    // The store's previous object is the one this log last saw for the id (the log sees every
    // change): use it and skip a look-up in a map of every object.
    const old = change.type === 'ADDED' ? undefined : (change.old ?? this.state.get(id));
    let payload = '';
    if (change.type === 'ADDED') payload = JSON.stringify(o);
    else if (change.type === 'MODIFIED') payload = JSON.stringify(diff(old, o));
    if (old) {
      const released = this.sizes.released(id, old, change.type === 'DELETED' ? undefined : o);
      // Objects replaced since the last checkpoint are new history only once a checkpoint holds them.
      if (this.checkpoints.release(this.sizes.setAt(id, old), released)) this.bytesSinceCheckpoint += released;
    }
    if (change.type === 'DELETED') {
      this.state.delete(id);
      this.sizes.forget(id);
    } else {
      this.state.set(id, o);
      this.sizes.note(id, o, frame, old, payload.length);
    }
    const line = `${frame}\t${TYPE_CODE[change.type]}\t${o.kind}\t${o.metadata.namespace ?? ''}\t${o.metadata.name}\t${this.causes.index(change.base ?? change.cause)}\t${causeExtra(change.cause)}\t${payload}`;
    this.times.push(this.timeNow);
    this.blocks.push(line);
    // The hash streams character by character, so hashing the pieces equals hashing `${time}\t${line}\n`.
    this.hash(`${this.timeNow}\t`);
    this.hash(line);
    this.hash('\n');
    this.bytesSinceCheckpoint += line.length + 8;
    // Checkpoints every 1000 changes, or every size/4 for big clusters, so their cost stays a few
    // references per change while seek replays at most one interval; and every budget/16 bytes.
    if (++this.sinceCheckpoint >= Math.max(CHECKPOINT_CHANGES, this.state.size >> 2) || this.bytesSinceCheckpoint >= this.budget.bytes / CHECKPOINT_BUDGET_FRACTION) {
      this.checkpoints.push(new Checkpoint(frame, [...this.state.keys()], [...this.state.values()], [this.h1, this.h2]));
      this.sinceCheckpoint = 0;
      this.bytesSinceCheckpoint = 0;
      this.compact();
    }
  }

  /** Set by the engine before each change is appended (the clock is not imported here). */
  timeNow = 0;

  hashHex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0') + this.length().toString(16);
  }

  /** Total bytes held by the log's entries (sealed blocks, the open block, times). */
  bytes(): number {
    return this.blocks.bytesSealed + this.blocks.openBytes() + this.times.length * 8;
  }

  /** What the budget counts: the entries, plus objects only checkpoints hold and their references. */
  retainedBytes(): number {
    return this.bytes() + this.checkpoints.bytes();
  }

  checkpointCount(): number {
    return this.checkpoints.count();
  }

  timeOf(frame: number): number | undefined {
    return this.times[frame - this.timesStart - 1];
  }

  /** The first frame at or after virtual time t (binary search), or length()+1; never before first(). */
  frameAtTime(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(this.first(), this.timesStart + lo + 1);
  }

  /** Frames from..from+count-1, clamped to those after first() (the ones with a state before them). */
  frames(from: number, count: number): FrameInfo[] {
    const out: FrameInfo[] = [];
    const last = Math.min(this.length(), from + count - 1);
    for (let f = Math.max(this.first() + 1, from); f <= last; f++) out.push(this.infoOf(this.entry(f)));
    return out;
  }

  /** One recorded frame, or undefined when it is not kept (compacted away, or not yet written). */
  frame(frame: number): FrameInfo | undefined {
    if (!(frame > this.first() && frame <= this.length())) return undefined;
    return this.infoOf(this.entry(frame));
  }

  private infoOf(e: DecodedEntry): FrameInfo {
    return { frame: e.frame, time: e.time, type: e.type, kind: e.kind, ...(e.namespace ? { namespace: e.namespace } : {}), name: e.name, cause: withExtra(this.causes.get(e.cause), e.causeExtra) };
  }

  /**
   * For each object id of `ids`, the newest frame in after+1..upTo (clamped to the kept frames)
   * that wrote it, found by reading back from `upTo`; ids never written there are left out.
   */
  lastWrites(after: number, upTo: number, ids: ReadonlySet<string>): Map<string, number> {
    const found = new Map<string, number>();
    const low = Math.max(after, this.first()) + 1;
    for (let f = Math.min(upTo, this.length()); f >= low && found.size < ids.size; f--) {
      const e = this.entry(f);
      const id = objectId(e.kind, e.namespace || undefined, e.name);
      if (ids.has(id) && !found.has(id)) found.set(id, f);
    }
    return found;
  }

  /**
   * The objects that frames from..from+count-1 wrote (clamped like frames()), for entries of
   * `kinds` only (undefined for the rest): the object after the change (none for DELETED) and the
   * one before (none for ADDED). Only those kinds are replayed from the nearest checkpoint. Objects
   * are shared; do not mutate them.
   */
  objectsOf(from: number, count: number, kinds: ReadonlySet<string>): ({ before?: KubeObject; after?: KubeObject } | undefined)[] {
    const out: ({ before?: KubeObject; after?: KubeObject } | undefined)[] = [];
    const first = Math.max(this.first() + 1, from);
    const last = Math.min(this.length(), from + count - 1);
    if (last < first) return out;
    const cp = this.checkpoints.at(first - 1);
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
      const after = e.type === 'DELETED' ? undefined : decode(e, before);
      if (after) state.set(id, after);
      else state.delete(id);
      if (f >= first) out.push({ ...(before ? { before } : {}), ...(after ? { after } : {}) });
    }
    return out;
  }

  /** The full object map at `frame` (first() at the earliest). Objects are shared; do not mutate them. */
  stateAt(frame: number): Map<string, KubeObject> {
    if (frame >= this.length()) return new Map(this.state);
    if (frame < this.first()) throw new RangeError(`frame ${frame} is before the earliest kept frame ${this.first()}`);
    const cp = this.checkpoints.at(frame);
    const state = new Map(cp.state);
    for (let f = cp.frame + 1; f <= frame; f++) {
      const e = this.entry(f);
      const id = objectId(e.kind, e.namespace || undefined, e.name);
      if (e.type === 'DELETED') state.delete(id);
      else state.set(id, decode(e, state.get(id)));
    }
    return state;
  }

  /** Drops the oldest checkpoints (and the frames before the oldest kept one) while over budget. */
  private compact(): void {
    const { bytes, checkpoints } = this.budget;
    while (this.checkpoints.count() > 1 && (this.checkpoints.count() > checkpoints || this.retainedBytes() > bytes)) {
      this.checkpoints.dropFirst();
      const first = this.first();
      // Keep the line of frame first+1 on (index first) and the time of frame `first` (a seek target).
      this.blocks.dropBefore(first);
      const drop = first - 1 - this.timesStart;
      if (drop > 0) {
        this.times = this.times.slice(drop);
        this.timesStart += drop;
      }
    }
  }

  private entry(frame: number): DecodedEntry {
    return parseLine(this.blocks.line(frame - 1), this.times[frame - this.timesStart - 1]!);
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

/** The object an ADDED or MODIFIED entry wrote; big ConfigMap/Secret data shares the live copy. */
function decode(e: DecodedEntry, before: KubeObject | undefined): KubeObject {
  if (e.type === 'MODIFIED') return applyDiff(before!, JSON.parse(e.payload) as DiffOp[]);
  const o = JSON.parse(e.payload) as KubeObject;
  shareBigData(o, undefined);
  return o;
}
