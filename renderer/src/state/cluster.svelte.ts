/**
 * The renderer's copy of the cluster: replaced wholesale by a snapshot, then patched by deltas in
 * frame order. Every change is also kept in a History, so the view can show any past frame exactly
 * (`viewing`), and the narration and control-plane pulses are derived as changes arrive. Objects
 * are kept raw (non-proxied): they are replaced, never mutated.
 */
import type { KubelabClient } from '../../../shared/ipc/contract';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ClockState, ClusterDelta, ClusterSnapshot, ObjectChange } from '../../../shared/sim/snapshot';
import type { FrameInfo } from '../../../shared/sim/timeline';
import { actingComponents, COMPONENTS, PULSE_MS, type Component } from '../viz/control-plane';
import { backfill, BACKFILL_LIMIT } from './backfill';
import { narrate, narrationContext, type Note, type Told } from './frame-notes';
import { History, objectKey, type HistoryRecord } from './history';
import { markers, type Marker } from './timeline-nav';

export { objectKey };

export interface NarrationEntry extends Told {
  frame: number;
  time: number;
}

/**
 * Narrated steps kept: the whole story of a lesson or an experiment (the panel draws only the lines
 * around the frame on screen), bounded so that a cluster of thousands of pods, or one left running
 * for days, does not grow it without end (a line with its phrase is a few hundred bytes).
 */
const NARRATION_LIMIT = 20_000;
/** Deltas whose changes are kept for changesSince: views catch up within a few deltas, or rebuild. */
const CHANGE_BATCHES = 32;

export class ClusterState {
  objects = $state.raw<readonly KubeObject[]>([]);
  clock = $state.raw<ClockState>({ now: 0, speed: 1, paused: true });
  frame = $state(0);
  loaded = $state(false);
  /** The past frame on screen, or null when following the live cluster. */
  viewing = $state<number | null>(null);
  narration = $state.raw<readonly NarrationEntry[]>([]);
  markers = $state.raw<readonly Marker[]>([]);
  /** The newest notable change before the loaded snapshot (from the timeline service), if any. */
  earlierChange = $state.raw<(Note & { frame: number }) | null>(null);
  /** Notable frames recorded before the loaded snapshot, oldest first, and their scrub-bar markers. */
  earlierNotes = $state.raw<readonly NarrationEntry[]>([]);
  earlierMarkers = $state.raw<readonly Marker[]>([]);
  /** The oldest frame the scrub bar reaches: the loaded snapshot's, or the first earlier frame listed. */
  firstFrame = $state(0);
  /** Bumped whenever the history grows or is cut, for views that read it. */
  historyVersion = $state(0);
  readonly history = new History();
  // A plain Map on purpose: it is an index behind `objects`, which is what components react to.
  #byKey = new Map<string, KubeObject>();
  /** The last deltas' changes, so views can update only what a delta touched (see changesSince). */
  #batches: { seq: number; changes: readonly ObjectChange[] }[] = [];
  /** Bumped by every delta with changes, and by anything that replaces `objects` wholesale. */
  #seq = 0;

  /** What the view draws: the live objects, or the cluster exactly as it was at the viewed frame. */
  shown = $derived.by(() => {
    void this.historyVersion;
    if (this.viewing === null) return this.objects;
    return this.history.objectsAt(this.viewing);
  });
  /** Virtual time of what is on screen. */
  shownTime = $derived.by(() => {
    void this.historyVersion;
    if (this.viewing === null) return this.clock.now;
    return this.history.timeAt(this.viewing);
  });
  shownFrame = $derived(this.viewing ?? this.frame);

  /** Where `objects` stands in the run of deltas; pass it to changesSince later. Not reactive. */
  get changeSeq(): number {
    return this.#seq;
  }

  /**
   * The changes applied to `objects` since `seq` (oldest first), or undefined when they are not all
   * known any more (too many deltas since, or `objects` was replaced wholesale): rebuild then.
   */
  changesSince(seq: number): ObjectChange[] | undefined {
    if (seq === this.#seq) return [];
    const first = this.#batches[0];
    if (!first || seq < first.seq - 1 || seq > this.#seq) return undefined;
    return this.#batches.filter((batch) => batch.seq > seq).flatMap((batch) => batch.changes);
  }

  #replaced(): void {
    this.#seq++;
    this.#batches = [];
  }

  applySnapshot(snapshot: ClusterSnapshot): void {
    this.#replaced();
    this.#byKey = new Map(snapshot.objects.map((object) => [objectKey(object), object]));
    this.frame = snapshot.frame;
    this.clock = snapshot.clock;
    this.objects = [...this.#byKey.values()];
    this.history.reset(snapshot);
    this.narration = [];
    this.markers = [];
    this.earlierChange = null;
    this.earlierNotes = [];
    this.earlierMarkers = [];
    this.firstFrame = snapshot.frame;
    this.viewing = null;
    this.historyVersion++;
    this.loaded = true;
  }

  applyDelta(delta: ClusterDelta): void {
    if (delta.frame <= this.frame && this.loaded) return;
    for (const change of delta.changes) {
      const key = objectKey(change.object);
      if (change.type === 'DELETED') this.#byKey.delete(key);
      else this.#byKey.set(key, change.object);
    }
    this.frame = delta.frame;
    this.clock = delta.clock;
    if (delta.changes.length === 0) return;
    this.objects = [...this.#byKey.values()];
    this.#batches.push({ seq: ++this.#seq, changes: delta.changes });
    if (this.#batches.length > CHANGE_BATCHES) this.#batches.shift();
    const records = this.history.append(delta);
    this.#noteRecords(records);
    this.historyVersion++;
  }

  #noteRecords(records: readonly HistoryRecord[]): void {
    const told: NarrationEntry[] = [];
    // The cluster as this delta left it: which Services select a pod, whether a node is Ready.
    const context = narrationContext(() => this.#byKey.values());
    for (const record of records) {
      const note = narrate(record, context);
      if (note) told.push({ ...note, frame: record.frame, time: record.time });
    }
    if (told.length) this.narration = [...this.narration, ...told].slice(-NARRATION_LIMIT);
    const found = markers(this.history, this.history.records.length - records.length);
    if (found.length) this.markers = [...this.markers, ...found];
  }

  /**
   * Tells the story recorded before the snapshot (`frames`, oldest first, from the timeline service),
   * so a page opened late still has its narration and a "This frame" description.
   */
  applyBackfill(frames: readonly FrameInfo[]): void {
    const base = this.history.baseFrame;
    const earlier = frames.filter((f) => f.frame <= base);
    const told = backfill(earlier);
    if (told.notes.length) this.narration = [...told.notes, ...this.narration].slice(-NARRATION_LIMIT);
    this.earlierChange = told.latest ?? null;
    this.earlierNotes = told.notes;
    this.earlierMarkers = told.markers;
    if (earlier.length) this.firstFrame = Math.min(base, earlier[0]!.frame);
  }

  /**
   * Fills the history cache back to `frame` from the engine's timeline (frames from before the page
   * opened), so that frame and every one after it are shown from the cache. False when the cache
   * could not be made to reach it (the engine's window did not connect, or the history was replaced
   * meanwhile).
   */
  async cacheBack(client: KubelabClient, frame: number): Promise<boolean> {
    const base = this.history.baseFrame;
    if (this.history.covers(frame)) return true;
    // From the frame before, so the frame itself is a record: it can be told ("This frame") and stepped to.
    const from = Math.max(0, frame - 1);
    const window = await client.timeline.window({ from, count: base - from });
    if (this.history.baseFrame !== base) return this.history.covers(frame);
    if (!this.history.prepend(window)) return false;
    this.historyVersion++;
    return this.history.covers(frame);
  }

  /** Starts over from a fresh snapshot (after the timeline was forked before the loaded one). */
  async reload(client: KubelabClient): Promise<void> {
    const snapshot = await client.cluster.snapshot({});
    this.applySnapshot(snapshot);
    await this.#backfill(client, snapshot.frame);
  }

  async #backfill(client: KubelabClient, upTo: number): Promise<void> {
    if (upTo < 1) return;
    const from = Math.max(1, upTo - BACKFILL_LIMIT + 1);
    try {
      const frames = await client.timeline.frames({ from, count: upTo - from + 1 });
      // A fork or a new snapshot meanwhile makes these frames another story.
      if (this.history.baseFrame === upTo) this.applyBackfill(frames);
    } catch {
      // The story before the page opened is a nicety; the live view works without it.
    }
  }

  /** Virtual time each control-plane component last acted, as of the frame on screen. */
  activityAt(frame: number): Partial<Record<Component, number>> {
    const records = this.history.records;
    const out: Partial<Record<Component, number>> = {};
    const end = this.history.countUpTo(frame);
    const horizon = (records[end - 1]?.time ?? 0) - PULSE_MS;
    // Newest first, and done once every component has been seen: a busy second of history costs a
    // few records, not all of them.
    let seen = 0;
    for (let i = end - 1; i >= 0 && records[i]!.time >= horizon && seen < COMPONENTS.length; i--) {
      for (const component of actingComponents(records[i]!)) {
        if (out[component] !== undefined) continue;
        out[component] = records[i]!.time;
        seen++;
      }
    }
    return out;
  }

  /** After a fork at `frame`, forget the future that no longer happens. */
  forgetAfter(frame: number): void {
    this.history.truncateAfter(frame);
    this.#byKey = new Map(this.history.objectsAt(frame).map((object) => [objectKey(object), object]));
    this.#replaced();
    this.objects = [...this.#byKey.values()];
    this.frame = frame;
    this.narration = this.narration.filter((n) => n.frame <= frame);
    this.markers = this.markers.filter((m) => m.frame <= frame);
    this.historyVersion++;
  }

  /** Load a snapshot and follow deltas; deltas that arrive before the snapshot are queued, not lost. */
  async follow(client: KubelabClient): Promise<() => void> {
    const early: ClusterDelta[] = [];
    let synced = false;
    let resetEarly = false;
    const stopDeltas = client.cluster.onDelta((delta) => {
      // A re-created cluster (`minikube start --nodes N`) numbers its frames from the start again.
      if (delta.reset) {
        if (synced) void this.reload(client);
        else resetEarly = true;
        return;
      }
      if (synced) this.applyDelta(delta);
      else early.push(delta);
    });
    const stopClock = client.clock.onChanged((clock) => (this.clock = clock));
    const snapshot = await client.cluster.snapshot({});
    this.applySnapshot(snapshot);
    for (const delta of early) this.applyDelta(delta);
    synced = true;
    if (resetEarly) await this.reload(client);
    void this.#backfill(client, snapshot.frame);
    return () => {
      stopDeltas();
      stopClock();
    };
  }
}
