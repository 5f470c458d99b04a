/**
 * What a kubelet knows about the pods it runs: one sandbox per pod with its IP and its container
 * instances (state, restarts, backoff, probe counters, logs). This is runtime state outside the
 * API, as a container runtime's is.
 */
import type { Container, Pod } from '../../../shared/k8s/objects';
import type { ImageProfile, ImageRef } from './images';
import type { ScriptPlan } from './script';

export interface TerminatedState {
  exitCode: number;
  reason: string;
  startedAt: number;
  finishedAt: number;
  containerID: string;
  message?: string;
}

export interface ContainerInstance {
  name: string;
  spec: Container;
  profile?: ImageProfile;
  ref?: ImageRef;
  digest?: string;
  state: 'waiting' | 'running' | 'terminated';
  reason?: string;
  message?: string;
  restartCount: number;
  containerID?: string;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  last?: TerminatedState;
  ready: boolean;
  started: boolean;
  /** Bumped whenever the instance changes life, so stale timers do nothing. */
  epoch: number;
  crashBackoff?: { ms: number; lastUpdate: number };
  pullBackoff?: { ms: number; lastUpdate: number };
  probes: { readyOk: number; readyFail: number; liveFail: number; startupFail: number; startupDone: boolean };
  env: Record<string, string>;
  logs: string[];
  previousLogs: string[] | undefined;
  requests: number;
  plan?: ScriptPlan;
  /** Set once the kubelet decided not to restart it (restartPolicy). */
  done: boolean;
  stopping: boolean;
  /** Probes asleep until the instance gets files of its own (see container/model.ts). */
  modelWaiters?: { wake(): void }[];
}

export interface Sandbox {
  uid: string;
  namespace: string;
  name: string;
  pod: Pod;
  ip: string;
  ready: boolean;
  startTime: number;
  containers: ContainerInstance[];
  terminating: boolean;
  /** Set when all containers stopped after deletion; the pod is then removed from the API. */
  finished: boolean;
}

export function newContainer(spec: Container): ContainerInstance {
  return {
    name: spec.name,
    spec,
    state: 'waiting',
    reason: 'ContainerCreating',
    restartCount: 0,
    ready: false,
    started: false,
    epoch: 0,
    probes: { readyOk: 0, readyFail: 0, liveFail: 0, startupFail: 0, startupDone: false },
    env: {},
    logs: [],
    previousLogs: undefined,
    requests: 0,
    done: false,
    stopping: false,
  };
}
