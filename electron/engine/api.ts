/**
 * The engine's public surface: what the app core, the API server and the IPC services may use.
 * Everything behind it is deterministic and runs on the virtual clock. Keep this file the single
 * description of that surface; implementations live beside it.
 */
import type { EngineError } from './util/crash';
import type { KubeObject } from '../../shared/k8s/objects';
import type { Cause, ClockState, ClusterDelta, ClusterSnapshot } from '../../shared/sim/snapshot';
import type { SchedulingExplanation } from '../../shared/sim/explain';
import type { FrameInfo, TimelineState } from '../../shared/sim/timeline';

export type Unsubscribe = () => void;

/** A metav1.Status body, as the API server returns it. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: { type?: string; reason?: string; message: string; field?: string }[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** Thrown by the store for any refused request; the API server sends `status` as the body. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'request failed');
    this.name = 'StatusError';
  }
}

/** Identifies a resource type the way the API server routes it. */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, lower case: 'pods'
  kind: string;
  namespaced: boolean;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * metav1.ListOptions semantics (store/list.ts): unset or "0" is the current state; with
   * resourceVersionMatch Exact (or a limit without a match) the state at exactly that revision,
   * 410 Expired once compacted.
   */
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  /** At most this many items, then a continue token (values <= 0: no limit). */
  limit?: number;
  /** A token from a previous page's ListResult.continue. */
  continue?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  /** Set when more items remain: pass it back as ListOptions.continue. */
  continue?: string;
  /** How many items remain after this page, when the list is unfiltered (as etcd counts them). */
  remainingItemCount?: number;
}

export interface WatchOptions extends ListOptions {
  /** Resume after this resourceVersion. Unset or '0' starts with a synthetic ADDED for every match. */
  resourceVersion?: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: KubeObject;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WriteOptions {
  dryRun?: boolean;
  /** 'status' or 'scale' writes go through their subresource rules. */
  subresource?: 'status';
  /** The field manager of a client's write; its Update entry goes into metadata.managedFields. */
  fieldManager?: string;
  /** The subresource managedFields record for the write when it is not `subresource` ('scale'). */
  fieldSubresource?: string;
  /** Server-side apply computed metadata.managedFields itself: the store keeps them as given. */
  appliedManagedFields?: boolean;
}

/**
 * The object store. Every mutation passes through it and is appended to the event log with its cause.
 * Refusals throw StatusError (404 NotFound, 409 AlreadyExists/Conflict, 422 Invalid with causes).
 */
/** A resource type, or (engine-internal convenience) a Kind name such as 'Pod'. */
export type ResourceRef = ResourceType | string;

export interface Store {
  resourceTypes(): readonly ResourceType[];
  get(type: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined;
  /**
   * Items in (namespace, name) order. Read-only fast path: the items are the store's own objects
   * (shared, never copied), so callers may read and serialise them but must never mutate them.
   */
  list(type: ResourceRef, options: ListOptions): ListResult;
  create(type: ResourceRef, object: KubeObject, cause: Cause, options?: WriteOptions): KubeObject;
  update(type: ResourceRef, object: KubeObject, cause: Cause, options?: WriteOptions): KubeObject;
  /** Returns the object as it is after the request: with deletionTimestamp when deletion is graceful, or as it was when removed. */
  delete(type: ResourceRef, namespace: string | undefined, name: string, cause: Cause, options?: DeleteOptions): KubeObject;
  /** Throws StatusError 410 Expired when history no longer reaches back to options.resourceVersion. */
  watch(type: ResourceRef, options: WatchOptions, onEvent: (event: WatchEvent) => void): Unsubscribe;
  currentResourceVersion(): string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The pod that answered, when one did. */
  pod?: { namespace: string; name: string };
}

/** A request target inside the cluster: a pod, or a Service that load-balances to a ready endpoint. */
export interface HttpTarget {
  kind: 'pod' | 'service';
  namespace: string;
  name: string;
  /** Port number or port name. */
  port: number | string;
  path: string;
  method?: string;
}

/** What the kubelets and simulated images expose to the API server's log, exec, proxy and metrics endpoints. */
export interface PodRuntime {
  /** Log lines of a container's current (or previous) instance. Throws StatusError 400 when it has not started. */
  /** With timestamps, each line starts with the time it was written and a space (kubelet's fixed-width RFC3339Nano). */
  logs(namespace: string, pod: string, container: string, options?: { previous?: boolean; timestamps?: boolean }): string[];
  /** New log lines as they are written (for `logs -f`). */
  onLog(namespace: string, pod: string, container: string, listener: (line: string) => void): Unsubscribe;
  /** The container's environment, including service variables and KUBERNETES_SERVICE_HOST. */
  env(namespace: string, pod: string, container: string): Record<string, string>;
  /** The image's files (path -> content), e.g. the bootcamp's /server.js; the working directory is the first key's folder. */
  files(namespace: string, pod: string, container: string): Record<string, string>;
  /** Serve an HTTP request through the simulated image, following Services to a ready endpoint. */
  http(target: HttpTarget): HttpAnswer;
  /** Resolve a cluster DNS name as seen from a namespace: A records, or a CNAME for ExternalName. */
  resolve(name: string, fromNamespace: string): { addresses: string[]; cname?: string } | undefined;
  /** Current usage for metrics.k8s.io (cpu in millicores, memory in bytes). */
  metrics(): {
    pods: { namespace: string; name: string; containers: { name: string; cpuMilli: number; memoryBytes: number }[] }[];
    nodes: { name: string; cpuMilli: number; memoryBytes: number }[];
  };
  /**
   * Starts a process in a running container (kubectl exec) on the container's own filesystem and
   * environment, on the virtual clock. Throws StatusError when the pod or container is not running.
   * Optional so that test doubles need not implement it.
   */
  exec?(request: ExecRequest, streams: ExecStreams): ExecSession;
  /**
   * Joins the container's main process (kubectl attach) when it is an interactive shell; undefined
   * for any other process (the caller then streams its output from the log).
   */
  attach?(request: Omit<ExecRequest, 'command'>, streams: ExecStreams): ExecSession | undefined;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  /** argv, as CRI Exec gets it. */
  command: string[];
  tty: boolean;
  stdin: boolean;
  /**
   * How the process's HTTP requests (curl, wget) leave the pod, when the caller routes them itself
   * (the app sends them through its traffic model so they are drawn); default: the runtime's http.
   */
  http?: (target: HttpTarget) => HttpAnswer;
}

export interface ExecStreams {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Called once: the exit status, or the program the image does not have. */
  exit(result: { code: number } | { notFound: string }): void;
}

export interface ExecSession {
  /** Bytes for the process's stdin. */
  input(data: string): void;
  /** stdin closed. */
  endInput(): void;
  /** The client went away: the process is killed (attach only detaches). */
  close(): void;
}

export interface EngineOptions {
  seed: number;
  /**
   * The wall-clock instant (epoch ms) virtual time 0 stands for: every timestamp the cluster writes
   * is anchorMs + virtual ms. Chosen by the caller when a session starts (the engine never reads
   * the wall clock) and kept with the seed, so a replay writes the same timestamps. Default
   * 2026-01-01T00:00:00Z (DEFAULT_ANCHOR_MS), which tests rely on.
   */
  anchorMs?: number;
  /** The CA published as ConfigMap kube-root-ca.crt in every namespace (the app passes its API server's); a fixed minikubeCA otherwise. */
  rootCaPem?: string;
  nodes: number;
  /** Node allocatable/capacity (defaults: cpu "2", memory "3912Mi", pods "110"). */
  nodeCpu?: string;
  nodeMemory?: string;
  nodePods?: string;
  /** NodeResourcesFit scoring strategy (default LeastAllocated). */
  scoringStrategy?: 'LeastAllocated' | 'MostAllocated';
  /** Record per-node scheduler verdicts for explain() (default true). */
  recordExplanations?: boolean;
  /** Create control-plane static pods, kube-proxy and storage-provisioner (default true). */
  systemPods?: boolean;
  /** Virtual ms run at creation so the cluster starts settled (default 30000). */
  settleMs?: number;
  /**
   * How much history is kept (default 256 MB and 256 checkpoints, see history/budget.ts); older
   * frames are compacted away and the timeline starts later (TimelineState.first).
   */
  history?: { bytes?: number; checkpoints?: number; inputBytes?: number };
}

/** Failures the UI can inject. Each is recorded as an input, so time travel replays it. */
export interface FailureInjector {
  /** The kubelet stops: no lease renewals, no status; pods keep reporting Running until the control plane reacts. */
  powerOff(node: string): void;
  powerOn(node: string): void;
  /** The node keeps running its containers but cannot reach the API server. */
  partition(node: string): void;
  heal(node: string): void;
  /** Kills a container's process (exit 137); restartPolicy applies. Returns false if it was not running. */
  killContainer(namespace: string, pod: string, container?: string): boolean;
  cordon(node: string): void;
  uncordon(node: string): void;
  /** Cordon, then evict every pod except mirror and DaemonSet pods. */
  drain(node: string, options?: { gracePeriodSeconds?: number }): { evicted: string[] };
}

/**
 * The recorded history. Frames are numbered from 1 (frame n = the n-th change = resourceVersion n).
 * Seeking shows the exact state at a frame; any change made while viewing the past forks the
 * timeline there (later frames are discarded and the simulation continues from that point).
 */
export interface Timeline {
  state(): TimelineState;
  frames(from: number, count: number): FrameInfo[];
  /**
   * What frames from..from+count-1 wrote, aligned with frames(): for entries of the given kinds, the
   * object after the change (absent for DELETED) and before it (absent for ADDED); undefined for
   * other kinds. Read-only and shared: never mutate them.
   */
  objects(from: number, count: number, kinds: readonly string[]): ({ before?: KubeObject; after?: KubeObject } | undefined)[];
  /**
   * The cluster at `frame` (clamped to the kept frames), without viewing it: what the renderer's
   * cache of the timeline starts a window from. Objects are shared: never mutate them.
   */
  stateAt(frame: number): { frame: number; time: number; objects: KubeObject[] };
  /** The first frame at or after a virtual time. */
  frameAtTime(ms: number): number;
  /** Views the state after `frame` (0 = before anything). Returns that state. */
  seek(frame: number): ClusterSnapshot;
  stepBack(): ClusterSnapshot;
  stepForward(): ClusterSnapshot;
  /** Stops viewing the past and follows the live state again. */
  live(): void;
  /**
   * Returns the live cluster to the state after `frame` and continues from there, discarding the
   * later frames (a lesson's "reset this step"). Throws StatusError 409 when the history can no
   * longer be forked (see TimelineState.forkable).
   */
  rewind(frame: number): void;
}

/**
 * How much work one advance() may do, so a caller on a wall-clock tick (the clock driver) stays
 * responsive whatever the cluster holds. Counted in timer tasks and in event-log frames (store
 * writes), both deterministic: a replay with the same budget stops at the same point.
 */
export interface AdvanceBudget {
  maxTasks?: number;
  maxFrames?: number;
}

/** The simulation. Time moves only when advance() or a step method is called. */
export interface Engine {
  readonly store: Store;
  readonly runtime: PodRuntime;
  /** Virtual time in integer milliseconds. */
  now(): number;
  /** Wall-clock epoch ms of virtual 0: a stored timestamp is anchorMs() + virtual ms (EngineOptions.anchorMs). */
  anchorMs(): number;
  /**
   * Run every timer due up to now()+ms, then set now() to that time. With a budget, stop early
   * once it is used up (after the timer that used it up), leaving now() where that timer ran.
   * Returns the virtual ms actually advanced: less than ms when the cluster is too busy.
   */
  advance(ms: number, budget?: AdvanceBudget): number;
  /** Run the next scheduled timer (jumping the clock to it). Returns false when nothing is scheduled. */
  stepToNextEvent(): boolean;
  snapshot(clock: ClockState): ClusterSnapshot;
  /** Deltas, batched per advance/step call. */
  onDelta(listener: (delta: Omit<ClusterDelta, 'clock'>) => void): Unsubscribe;
  /** A hash of the event log; the same seed and inputs give the same hash. */
  logHash(): string;
  /**
   * Failures the engine caught and went on from (a throwing reconcile, plugin or timer): for the
   * core to log. Optional so that test doubles need not implement it.
   */
  onError?(listener: (error: EngineError) => void): Unsubscribe;
  dispose(): void;
  readonly failures: FailureInjector;
  readonly timeline: Timeline;
  /** Why a pod landed where it did (or why it is Pending): the recorded scheduling cycles. */
  explain(podUid: string): SchedulingExplanation | undefined;
  setScoringStrategy(strategy: 'LeastAllocated' | 'MostAllocated'): void;
  /** Adds a node (minikube-mNN) with its kubelet. */
  addNode(): string;
  /** Replaces the cluster with a fresh one of `nodes` nodes (same seed); the history starts over. */
  recreate(nodes: number): void;
  /** Virtual time of the next scheduled timer, if any. */
  nextEventTime(): number | undefined;
  /** Power and partition state per node. */
  nodeStates(): { name: string; powered: boolean; partitioned: boolean }[];
}
