/**
 * The Engine facade: the public surface over one EngineCore. Every input (API writes, clock
 * advances, failures) is recorded, so that seeking into the past shows the exact recorded state
 * (from the event log's checkpoints) and a change made while viewing the past forks the timeline by
 * deterministic replay of the inputs up to that frame. Watches and deltas follow the visible state.
 */
import type { KubeObject } from '../../shared/k8s/objects';
import type { ClockState, ClusterDelta, ClusterSnapshot, ObjectChange } from '../../shared/sim/snapshot';
import type { SchedulingExplanation } from '../../shared/sim/explain';
import type { FrameInfo, TimelineState } from '../../shared/sim/timeline';
import {
  StatusError, type AdvanceBudget, type Engine, type EngineOptions, type FailureInjector, type ListOptions, type ListResult, type PodRuntime,
  type ResourceType, type Store, type Timeline, type Unsubscribe, type WatchEvent, type WatchOptions,
} from './api';
import { EngineCore } from './core';
import { objectId } from './history/eventlog';
import { diffViews, type Span } from './history/diff-labels';
import { ExecRecorder } from './history/exec-inputs';
import { InputRecord } from './history/inputs';
import type { Input, RecordEvent, Recording, RecordingOptions, ReplayReport } from './history/recording';
import { conflict } from './store/errors';
import { compareObjects } from './store/store';
import type { EngineError } from './util/crash';

interface FacadeWatcher {
  type: ResourceType | string;
  options: WatchOptions;
  onEvent: (e: WatchEvent) => void;
  unsub?: Unsubscribe;
  closed: boolean;
}

type Visible = Map<string, KubeObject>;

export class KubelabEngine implements Engine {
  private core: EngineCore;
  /** Bounded (history/inputs.ts): once over budget the past can be viewed but not forked. */
  private inputs: InputRecord<Input>;
  private viewing: number | null = null;
  private viewTime = 0;
  private view: Visible | null = null;
  private deltaListeners = new Set<(d: Omit<ClusterDelta, 'clock'>) => void>();
  private watchers = new Set<FacadeWatcher>();
  private errorListeners = new Set<(e: EngineError) => void>();
  private recordListeners = new Set<(e: RecordEvent) => void>();
  /** kubectl exec and attach: recorded like writes, since a process changes the container's files. */
  private execs = new ExecRecorder((input) => this.applyLive(input));
  readonly store: Store;
  readonly runtime: PodRuntime;
  readonly failures: FailureInjector;
  readonly timeline: Timeline;

  constructor(private options: EngineOptions) {
    this.inputs = new InputRecord(options.history?.inputBytes);
    this.core = new EngineCore({ ...options, settleMs: 0 });
    this.attachErrors(this.core);
    const settle = options.settleMs ?? 30_000;
    if (settle > 0) this.apply({ op: 'advance', ms: settle });
    this.store = this.makeStore();
    this.runtime = this.makeRuntime();
    this.failures = this.makeFailures();
    this.timeline = this.makeTimeline();
  }

  // ---- inputs --------------------------------------------------------------------------------

  /** Runs an input on the live core, recording it. Forks first when viewing the past. */
  private apply<T>(input: Input): T {
    if (this.viewing !== null) this.fork(this.viewing);
    return this.applyLive(input) as T;
  }

  /**
   * Runs an input on the live core, recording it, without forking: a process started while the
   * view is in the past runs in the live cluster, as kubectl's requests do. The input is told to
   * the record listeners before this returns, refused or not (a replay refuses it again).
   */
  private applyLive(input: Input): unknown {
    this.inputs.push(input);
    const from = this.core.clock.now();
    try {
      return this.run(this.core, input);
    } finally {
      this.sealInput(input, from);
      this.flush();
      this.tell({ t: 'input', input });
    }
  }

  private sealInput(input: Input, from: number): void {
    input.endFrame = this.core.log.length();
    input.hash = this.core.log.hashHex();
    if (input.op === 'advance') input.whole = input.untilFrame === undefined && this.core.clock.now() >= from + input.ms;
  }

  private tell(event: RecordEvent): void {
    for (const l of this.recordListeners) l(event);
  }

  private run(core: EngineCore, input: Input): unknown {
    switch (input.op) {
      case 'advance':
        return runAdvance(core, input);
      case 'step':
        return core.clock.runNext();
      case 'create':
        return core.store.create(input.type, input.object, input.cause, input.options);
      case 'update':
        return core.store.update(input.type, input.object, input.cause, input.options);
      case 'delete':
        return core.store.delete(input.type, input.namespace, input.name, input.cause, input.options);
      case 'failure':
        return (core.failures[input.method] as (...a: unknown[]) => unknown).apply(core.failures, input.args);
      case 'strategy':
        return core.scheduler.setStrategy(input.strategy);
      case 'addNode':
        return core.addNode();
      case 'exec':
      case 'exec-input':
      case 'exec-end':
      case 'exec-close':
        return this.execs.run(core.runtime, input);
    }
  }

  private flush(): void {
    const changes = this.core.takeChanges();
    if (changes.length && this.deltaListeners.size) this.emitDelta(this.core.log.length(), changes);
  }

  private emitDelta(frame: number, changes: ObjectChange[], reset = false): void {
    const delta = reset ? { frame, changes, reset: true as const } : { frame, changes };
    for (const l of this.deltaListeners) l(delta);
  }

  // ---- Engine -------------------------------------------------------------------------------

  now(): number {
    if (this.viewing !== null) return this.viewTime;
    return this.core.clock.now();
  }

  anchorMs(): number {
    return this.core.clock.anchorMs;
  }

  advance(ms: number, budget?: AdvanceBudget): number {
    const from = this.now();
    if (this.viewing !== null) {
      // Playing in the past replays the recorded frames; reaching the present continues live.
      const target = this.now() + ms;
      if (target < this.core.clock.now()) {
        const frame = Math.max(this.viewing, this.core.log.frameAtTime(target + 1) - 1);
        if (frame !== this.viewing) this.seekTo(frame);
        this.viewTime = target;
        return ms;
      }
      const rest = target - this.core.clock.now();
      this.goLive();
      if (rest > 0) this.apply({ op: 'advance', ms: rest, ...(budget ? { budget } : {}) });
      return this.now() - from;
    }
    this.apply({ op: 'advance', ms, ...(budget ? { budget } : {}) });
    return this.now() - from;
  }

  stepToNextEvent(): boolean {
    if (this.viewing !== null) {
      this.seekTo(this.viewing + 1);
      return true;
    }
    return this.apply<boolean>({ op: 'step' });
  }

  snapshot(clock: ClockState): ClusterSnapshot {
    const objects = [...this.visible().values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : compareObjects(a, b)));
    return { frame: this.viewing ?? this.core.log.length(), clock, objects };
  }

  onDelta(listener: (delta: Omit<ClusterDelta, 'clock'>) => void): Unsubscribe {
    this.deltaListeners.add(listener);
    this.core.collect = true;
    return () => {
      this.deltaListeners.delete(listener);
      this.core.collect = this.deltaListeners.size > 0;
    };
  }

  logHash(): string {
    return this.core.log.hashHex();
  }

  onError(listener: (e: EngineError) => void): Unsubscribe {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Routes a core's error reports to the listeners (after a fork's replay: no repeats). */
  private attachErrors(core: EngineCore): void {
    core.errors.onError = (e) => {
      for (const l of this.errorListeners) l(e);
    };
  }

  dispose(): void {
    this.deltaListeners.clear();
    for (const w of this.watchers) w.unsub?.();
    this.watchers.clear();
  }

  explain(podUid: string): SchedulingExplanation | undefined {
    return this.core.scheduler.explain(podUid);
  }

  setScoringStrategy(strategy: 'LeastAllocated' | 'MostAllocated'): void {
    this.apply({ op: 'strategy', strategy });
  }

  addNode(): string {
    return this.apply<string>({ op: 'addNode' });
  }

  /**
   * A fresh cluster of `nodes` nodes from the same seed, as `minikube delete` then `minikube start
   * --nodes N` gives: the history starts over. Watchers and listeners see the old objects go and the
   * new ones come, in a delta marked `reset`, because frame numbers start again from the beginning.
   */
  recreate(nodes: number): void {
    // The new cluster's time starts where the old one's reached, so its timestamps come after
    // everything printed so far (the engine cannot read the wall clock to pick a fresh anchor).
    this.replaceCore({ ...this.options, nodes, anchorMs: this.core.clock.wallMs(this.core.clock.now()) }, undefined);
    this.tell({ t: 'replaced', why: 'recreate' });
  }

  /** What replays into this cluster and its whole timeline (history/recording.ts); undefined once inputs were dropped to bound memory. */
  recording(): Recording | undefined {
    if (!this.inputs.complete) return undefined;
    const o = this.options;
    const options: RecordingOptions = { seed: o.seed, nodes: o.nodes, ...pick(o, ['anchorMs', 'settleMs', 'rootCaPem', 'nodeCpu', 'nodeMemory', 'nodePods', 'scoringStrategy', 'systemPods']) };
    return { options, inputs: this.inputs.all().map((i) => ({ ...i })) };
  }

  /**
   * Replaces the cluster with a recording's (a session reopened, a scenario file), replaying its
   * inputs from frame 0. Watchers and listeners see it as `minikube delete` and `start`: a reset.
   */
  load(recording: Recording): ReplayReport {
    const report = this.replaceCore({ ...this.options, ...recording.options }, recording.inputs);
    this.tell({ t: 'replaced', why: 'load' });
    return report;
  }

  /** A fresh core from options, settled or replaying `inputs`, shown to watchers as a reset. */
  private replaceCore(options: EngineOptions, inputs: readonly Input[] | undefined): ReplayReport {
    const before = this.visible();
    this.options = options;
    this.core = new EngineCore({ ...this.options, settleMs: 0 });
    this.attachErrors(this.core);
    this.execs.reset();
    this.inputs.clear();
    this.viewing = null;
    this.view = null;
    const report: ReplayReport = { frames: 0, hash: '', refused: 0 };
    const settle = this.options.settleMs ?? 30_000;
    const replay = inputs ?? (settle > 0 ? [{ op: 'advance', ms: settle } as Input] : []);
    this.execs.beginReplay();
    replay.forEach((recorded, index) => {
      const { endFrame: _end, whole: _whole, hash: expected, ...body } = recorded;
      const input = body as Input;
      this.inputs.push(input);
      const from = this.core.clock.now();
      try {
        this.run(this.core, input);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        report.refused++;
      }
      this.sealInput(input, from);
      if (expected !== undefined && expected !== input.hash && !report.mismatch) report.mismatch = { index, frame: input.endFrame!, expected, actual: input.hash! };
    });
    this.execs.endReplay();
    this.core.collect = this.deltaListeners.size > 0;
    this.core.pending = [];
    this.retarget(before, this.visible(), true, 'reset');
    report.frames = this.core.log.length();
    report.hash = this.core.log.hashHex();
    // A process whose client went with the app that recorded it (a crash, a restart) ends as its
    // connection would have: closed, and recorded so, so the next replay closes it too.
    for (const id of this.execs.orphans()) this.applyLive({ op: 'exec-close', id });
    return report;
  }

  onRecord(listener: (event: RecordEvent) => void): Unsubscribe {
    this.recordListeners.add(listener);
    return () => this.recordListeners.delete(listener);
  }

  nextEventTime(): number | undefined {
    return this.core.clock.nextTime();
  }

  nodeStates(): { name: string; powered: boolean; partitioned: boolean }[] {
    return this.core.failures.nodeStates();
  }

  /** Internal access for tests and benchmarks. */
  get live(): EngineCore {
    return this.core;
  }

  // ---- visible state, seeking and forking ----------------------------------------------------

  private visible(): Visible {
    if (this.view) return this.view;
    return this.core.log.stateAt(this.core.log.length());
  }

  private seekTo(frame: number): ClusterSnapshot {
    const length = this.core.log.length();
    // Frames before the earliest kept one were compacted away: seeking there shows the earliest.
    const target = Math.max(this.core.log.first(), Math.min(frame, length));
    if (target >= length) {
      this.goLive();
      return this.snapshot({ now: this.now(), speed: 1, paused: true });
    }
    const before = this.visible();
    const from = this.viewing ?? length;
    this.viewing = target;
    this.viewTime = this.core.log.timeOf(target) ?? 0;
    this.view = this.core.log.stateAt(target);
    this.retarget(before, this.view, false, { from, to: target });
    return this.snapshot({ now: this.now(), speed: 1, paused: true });
  }

  private goLive(): void {
    if (this.viewing === null) return;
    const before = this.visible();
    const from = this.viewing;
    this.viewing = null;
    this.view = null;
    this.retarget(before, this.visible(), true, { from, to: this.core.log.length() });
  }

  /** Rebuilds the live core at `frame` by replaying the recorded inputs, discarding later frames. */
  private fork(frame: number): void {
    if (!this.inputs.complete) throw conflict({ group: '', resource: 'timeline', kind: 'Timeline' }, `frame ${frame}`, 'the inputs before this frame were dropped to bound memory: the past can be viewed but not changed; go live first');
    const before = this.visible();
    const from = this.viewing ?? this.core.log.length();
    const core = new EngineCore({ ...this.options, settleMs: 0 });
    const kept: Input[] = [];
    this.execs.beginReplay();
    for (const input of this.inputs.all()) {
      // The state at `frame` lasts until the next frame: inputs that made no frame after it (a
      // process's stdin, a quiet advance) still belong to it, so what a kubectl exec wrote just
      // before a lesson's checkpoint is there after "reset this step".
      if (core.log.length() >= frame && (input.endFrame ?? Infinity) > frame) break;
      // An input whose frames all lie at or before the fork point is replayed whole; the one that
      // produced frames beyond it is cut at the fork frame.
      if (input.op === 'advance' && (input.endFrame ?? Infinity) > frame) {
        this.run(core, { ...input, untilFrame: Math.min(frame, input.untilFrame ?? Infinity) });
        kept.push({ op: 'advance', ms: input.ms, untilFrame: frame, ...(input.budget ? { budget: input.budget } : {}), endFrame: core.log.length(), hash: core.log.hashHex() });
        break;
      }
      try {
        this.run(core, input);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
      kept.push(input);
    }
    this.execs.endReplay();
    core.collect = this.deltaListeners.size > 0;
    core.pending = [];
    this.inputs.replace(kept);
    this.core = core;
    this.attachErrors(core);
    this.viewing = null;
    this.view = null;
    this.retarget(before, this.visible(), true, { from, to: this.core.log.length(), rewound: true });
    this.tell({ t: 'replaced', why: 'fork' });
  }

  /**
   * Moves watchers and delta listeners from one visible state to another: `span` says where the two
   * stand, so that each change of the diff is labelled with a recorded frame (history/diff-labels.ts).
   */
  private retarget(before: Visible, after: Visible, attach: boolean, span: Span): void {
    const reset = span === 'reset';
    const changes = diffViews(this.core.log, before, after, span);
    for (const w of this.watchers) {
      w.unsub?.();
      w.unsub = undefined;
      if (w.closed) continue;
      const info = this.core.store.info(w.type);
      const filter = this.core.store.watches.compileFilter(info, w.options);
      for (const c of changes) {
        if (c.object.kind !== info.kind) continue;
        const id = objectId(c.object.kind, c.object.metadata.namespace, c.object.metadata.name);
        const was = before.get(id);
        const now = after.get(id);
        const a = was ? filter(was) : false;
        const b = now ? filter(now) : false;
        if (a && b) w.onEvent({ type: 'MODIFIED', object: now! });
        else if (b) w.onEvent({ type: 'ADDED', object: now! });
        else if (a) w.onEvent({ type: 'DELETED', object: was! });
      }
      if (attach) w.unsub = this.core.store.watch(w.type, { ...w.options, resourceVersion: this.core.store.currentResourceVersion() }, w.onEvent);
    }
    if (changes.length || reset) this.emitDelta(this.viewing ?? this.core.log.length(), changes, reset);
  }

  // ---- facades -------------------------------------------------------------------------------

  private makeStore(): Store {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the object literal's methods need the engine
    const self = this;
    const viewGet = (type: ResourceType | string, namespace: string | undefined, name: string): KubeObject | undefined => {
      const info = self.core.store.info(type);
      return self.view!.get(objectId(info.kind, info.namespaced ? namespace : undefined, name));
    };
    return {
      resourceTypes: () => self.core.store.resourceTypes(),
      currentResourceVersion: () => (self.viewing !== null ? String(self.viewing) : self.core.store.currentResourceVersion()),
      get(type, namespace, name) {
        const obj = self.view ? viewGet(type, namespace, name) : self.core.store.get(type, namespace, name);
        return obj && structuredClone(obj);
      },
      list(type, options: ListOptions): ListResult {
        if (!self.view) {
          // Read-only fast path (see Store.list): the stored objects are shared, not copied.
          return self.core.store.list(type, options);
        }
        const info = self.core.store.info(type);
        const filter = self.core.store.watches.compileFilter(info, options);
        const items = [...self.view.values()].filter((o) => o.kind === info.kind && filter(o)).sort(compareObjects);
        return { items, resourceVersion: String(self.viewing) };
      },
      create: (type, object, cause, options) => structuredClone(self.apply<KubeObject>({ op: 'create', type, object: structuredClone(object), cause, ...(options ? { options } : {}) })),
      update: (type, object, cause, options) => structuredClone(self.apply<KubeObject>({ op: 'update', type, object: structuredClone(object), cause, ...(options ? { options } : {}) })),
      delete: (type, namespace, name, cause, options) => structuredClone(self.apply<KubeObject>({ op: 'delete', type, namespace, name, cause, ...(options ? { options } : {}) })),
      watch(type, options, onEvent) {
        const w: FacadeWatcher = { type, options, onEvent, closed: false };
        if (self.view) {
          const info = self.core.store.info(type);
          const filter = self.core.store.watches.compileFilter(info, options);
          if (!options.resourceVersion || options.resourceVersion === '0') {
            for (const o of [...self.view.values()].filter((x) => x.kind === info.kind && filter(x)).sort(compareObjects)) onEvent({ type: 'ADDED', object: o });
          }
        } else w.unsub = self.core.store.watch(type, options, onEvent);
        self.watchers.add(w);
        return () => {
          w.closed = true;
          w.unsub?.();
          self.watchers.delete(w);
        };
      },
    };
  }

  private makeRuntime(): PodRuntime {
    const rt = (): PodRuntime => this.core.runtime;
    return {
      logs: (ns, pod, c, o) => rt().logs(ns, pod, c, o),
      onLog: (ns, pod, c, l) => rt().onLog(ns, pod, c, l),
      env: (ns, pod, c) => rt().env(ns, pod, c),
      files: (ns, pod, c) => rt().files(ns, pod, c),
      http: (t) => rt().http(t),
      resolve: (n, ns) => rt().resolve(n, ns),
      metrics: () => rt().metrics(),
      // A process in a container is an input: its stdin is recorded, so a fork replays what it did.
      exec: (request, streams) => this.execs.open(false, request, streams)!,
      attach: (request, streams) => this.execs.open(true, request, streams),
    };
  }

  private makeFailures(): FailureInjector {
    const f = <K extends keyof FailureInjector>(method: K) =>
      ((...args: unknown[]) => this.apply({ op: 'failure', method, args })) as FailureInjector[K];
    return {
      powerOff: f('powerOff'),
      powerOn: f('powerOn'),
      partition: f('partition'),
      heal: f('heal'),
      killContainer: f('killContainer'),
      cordon: f('cordon'),
      uncordon: f('uncordon'),
      drain: f('drain'),
    };
  }

  private makeTimeline(): Timeline {
    return {
      state: (): TimelineState => ({ length: this.core.log.length(), viewing: this.viewing, hash: this.core.log.hashHex(), first: this.core.log.first(), forkable: this.inputs.complete }),
      frames: (from: number, count: number): FrameInfo[] => this.core.log.frames(from, count),
      objects: (from: number, count: number, kinds: readonly string[]) => this.core.log.objectsOf(from, count, new Set(kinds)),
      stateAt: (frame: number) => {
        const log = this.core.log;
        const at = Math.max(log.first(), Math.min(frame, log.length()));
        return { frame: at, time: at === 0 ? 0 : (log.timeOf(at) ?? 0), objects: [...log.stateAt(at).values()] };
      },
      frameAtTime: (ms: number) => this.core.log.frameAtTime(ms),
      seek: (frame: number) => this.seekTo(frame),
      stepBack: () => this.seekTo((this.viewing ?? this.core.log.length()) - 1),
      stepForward: () => this.seekTo((this.viewing ?? this.core.log.length()) + 1),
      live: () => this.goLive(),
      rewind: (frame: number) => (frame < this.core.log.length() ? this.fork(Math.max(0, frame)) : this.goLive()),
    };
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/**
 * One recorded advance: runs timers up to its end, stopping early at a fork's cut (untilFrame) or
 * when its work budget is used up. The budget is recorded with the input, so a replay stops after
 * the very same timer. Stopped by the budget with nothing else due before the end, time still
 * moves to the end (there was no work left to lag behind).
 */
function runAdvance(core: EngineCore, input: { ms: number; untilFrame?: number; budget?: AdvanceBudget }): number {
  const clock = core.clock;
  const end = clock.now() + input.ms;
  const until = input.untilFrame;
  const budget = input.budget;
  if (!budget) return clock.runUntil(end, until === undefined ? undefined : () => core.log.length() >= until);
  const maxTasks = clock.tasksRun + (budget.maxTasks ?? Infinity);
  const maxFrames = core.log.length() + (budget.maxFrames ?? Infinity);
  let cut = false;
  const reached = clock.runUntil(end, () => {
    if (until !== undefined && core.log.length() >= until) return (cut = true);
    return clock.tasksRun >= maxTasks || core.log.length() >= maxFrames;
  });
  if (cut || reached >= end) return reached;
  const next = clock.nextTime();
  return next === undefined || next > end ? clock.runUntil(end) : reached;
}
