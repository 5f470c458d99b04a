/**
 * One live simulation: clock, PRNG, store, event log, controllers, scheduler and kubelets, wired
 * together from the options. The Engine facade (index.ts) records inputs to it so the timeline can
 * be rebuilt by replay; a core itself only ever moves forward.
 */
import type { ObjectChange } from '../../shared/sim/snapshot';
import type { KubeObject } from '../../shared/k8s/objects';
import { VirtualClock } from './clock/clock';
import { Random } from './clock/random';
import { bootstrapCluster, nodeName, nodeObject } from './bootstrap';
import type { ClusterConfig, EngineContext } from './context';
import { DaemonSetController } from './controllers/daemonset/controller';
import { DeploymentController } from './controllers/deployment/controller';
import { EndpointSliceController } from './controllers/endpointslice';
import { EndpointsController } from './controllers/endpoints';
import { GarbageCollector } from './controllers/garbagecollector';
import { NamespaceController } from './controllers/namespace';
import { NodeLifecycleController } from './controllers/nodelifecycle';
import { ReplicaSetController } from './controllers/replicaset';
import { JobController } from './controllers/job/controller';
import { TtlAfterFinishedController } from './controllers/job/ttl';
import { CronJobController } from './controllers/cronjob/controller';
import { VolumeController } from './controllers/volumes';
import { PvcProtectionController, PvProtectionController } from './controllers/protection';
import { DEFAULT_ROOT_CA_PEM, RootCaPublisher } from './controllers/rootca';
import { EventRecorder } from './events';
import { Failures } from './failures';
import { EventLog } from './history/eventlog';
import type { HistoryBudget } from './history/budget';
import { Kubelet } from './kubelet/kubelet';
import { LogHub } from './kubelet/loghub';
import { ClusterRuntime } from './runtime';
import { Scheduler } from './scheduler/scheduler';
import { ObjectStore } from './store/store';
import { ErrorReporter } from './util/crash';

export interface CoreOptions extends Partial<ClusterConfig> {
  seed: number;
  nodes: number;
  /** Virtual ms to run right after creation so the cluster starts settled (default 30 s). */
  settleMs?: number;
  /** The event log's budget (history/budget.ts); tests pass a small one. */
  history?: Partial<HistoryBudget>;
  /** Wall-clock epoch ms of virtual 0 (clock/clock.ts); default 2026-01-01T00:00:00Z. */
  anchorMs?: number;
  /** The CA published as kube-root-ca.crt in every namespace (controllers/rootca.ts). */
  rootCaPem?: string;
}

export class EngineCore {
  readonly clock: VirtualClock;
  readonly rng: Random;
  readonly store: ObjectStore;
  readonly events: EventRecorder;
  readonly log: EventLog;
  /** Failures caught inside the engine (timers, informer handlers, reconciles); see util/crash.ts. */
  readonly errors = new ErrorReporter(() => this.clock.now());
  readonly ctx: EngineContext;
  readonly kubelets = new Map<string, Kubelet>();
  readonly scheduler: Scheduler;
  readonly runtime: ClusterRuntime;
  readonly failures: Failures;
  readonly logs = new LogHub();
  readonly deployments: DeploymentController;
  readonly replicaSets: ReplicaSetController;
  readonly daemonSets: DaemonSetController;
  /** Changes not yet delivered as a delta; collected only while someone listens. */
  pending: ObjectChange[] = [];
  collect = false;

  constructor(readonly options: CoreOptions) {
    this.clock = new VirtualClock(options.anchorMs);
    this.rng = new Random(options.seed);
    this.log = new EventLog(options.history);
    this.store = new ObjectStore(this.clock, this.rng);
    this.clock.onError = (e) => this.errors.report('timer', e);
    this.store.onListenerError = (e, c) => this.errors.report('informer', e, `${c.object.kind} ${c.object.metadata.namespace ? `${c.object.metadata.namespace}/` : ''}${String(c.object.metadata.name)}`);
    // The change as every screen sees it is made here, at the commit: its frame is the event log's
    // sequence number (the store's resourceVersion), its time the clock's, its cause the store's
    // (with the frame or request that led to it).
    this.store.onChange((c) => {
      const time = this.clock.now();
      this.log.timeNow = time;
      this.log.append(c);
      if (this.collect) this.pending.push({ type: c.type, object: c.object, frame: c.rv, time, cause: c.cause });
    });
    this.events = new EventRecorder(this.clock, this.store);
    const config: ClusterConfig = {
      nodes: options.nodes,
      nodeCpu: options.nodeCpu ?? '2',
      nodeMemory: options.nodeMemory ?? '3912Mi',
      nodePods: options.nodePods ?? '110',
      scoringStrategy: options.scoringStrategy ?? 'LeastAllocated',
      recordExplanations: options.recordExplanations ?? true,
      systemPods: options.systemPods ?? true,
    };
    this.ctx = { clock: this.clock, rng: this.rng, store: this.store, events: this.events, config, errors: this.errors };
    this.deployments = new DeploymentController(this.ctx);
    this.replicaSets = new ReplicaSetController(this.ctx);
    new JobController(this.ctx);
    new CronJobController(this.ctx);
    new TtlAfterFinishedController(this.ctx);
    this.daemonSets = new DaemonSetController(this.ctx);
    new GarbageCollector(this.ctx);
    new EndpointSliceController(this.ctx);
    new EndpointsController(this.ctx);
    new NamespaceController(this.ctx);
    new VolumeController(this.ctx);
    new PvcProtectionController(this.ctx);
    new PvProtectionController(this.ctx);
    new RootCaPublisher(this.ctx, options.rootCaPem ?? DEFAULT_ROOT_CA_PEM);
    new NodeLifecycleController(this.ctx);
    this.scheduler = new Scheduler(this.ctx);
    for (let i = 0; i < config.nodes; i++) {
      const k = new Kubelet(this.ctx, nodeName(i), i, this.logs);
      this.kubelets.set(k.nodeName, k);
    }
    // One informer for all kubelets, routing pod changes by spec.nodeName (the kubelet's field selector).
    this.store.onChange((c) => {
      if (c.object.kind !== 'Pod') return;
      const node = (c.object.spec as { nodeName?: string }).nodeName;
      if (node) this.kubelets.get(node)?.onPodChange(c);
    });
    bootstrapCluster(this.ctx);
    let i = 0;
    for (const k of this.kubelets.values()) k.start(200 + 37 * (i++ % 16) + this.rng.int(500));
    this.runtime = new ClusterRuntime(this.ctx, this.kubelets, this.logs, options.seed);
    this.failures = new Failures(this.ctx, this.kubelets);
    const settle = options.settleMs ?? 30_000;
    if (settle > 0) this.clock.runUntil(settle);
  }

  /** Adds a node (and its kubelet) to a running cluster. */
  addNode(): string {
    const i = this.kubelets.size;
    const k = new Kubelet(this.ctx, nodeName(i), i, this.logs);
    this.kubelets.set(k.nodeName, k);
    this.store.create('Node', nodeObject(this.ctx, i), { actor: 'system', name: 'add-node' }, { keepStatus: true } as never);
    k.start(500);
    return k.nodeName;
  }

  /**
   * Bulk-loads objects as they are (status kept), with kubelets adopting pods that are Running
   * instead of starting them: how benchmarks build a large steady-state cluster quickly.
   */
  load(objects: KubeObject[]): void {
    for (const k of this.kubelets.values()) k.adopting = true;
    const cause = { actor: 'system' as const, name: 'load' };
    try {
      for (const o of objects) this.store.load(o, cause);
    } finally {
      for (const k of this.kubelets.values()) k.adopting = false;
    }
  }

  takeChanges(): ObjectChange[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
