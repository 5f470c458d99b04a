/**
 * What every engine component receives: the virtual clock, the one seeded PRNG, the store, the
 * Kubernetes Event recorder, the cluster configuration and the error reporter. Nothing reaches for globals.
 */
import type { VirtualClock } from './clock/clock';
import type { Random } from './clock/random';
import type { EventRecorder } from './events';
import type { ObjectStore } from './store/store';
import type { ErrorReporter } from './util/crash';

export interface ClusterConfig {
  nodes: number;
  nodeCpu: string;
  nodeMemory: string;
  nodePods: string;
  scoringStrategy: 'LeastAllocated' | 'MostAllocated';
  /** Record every scheduling cycle's per-node verdicts (costs memory on huge clusters). */
  recordExplanations: boolean;
  /** Create the kube-system pods (control plane, kube-proxy, CoreDNS). */
  systemPods: boolean;
}

export interface EngineContext {
  clock: VirtualClock;
  rng: Random;
  store: ObjectStore;
  events: EventRecorder;
  config: ClusterConfig;
  /** Where components report failures they caught (the core wires it to stderr). */
  errors: ErrorReporter;
}
