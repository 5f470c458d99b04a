/**
 * What the renderer sees of the cluster: a full snapshot, then batched deltas.
 * The renderer replaces its state from a snapshot and applies deltas in frame order.
 */
import type { KubeObject } from '../k8s/objects';
import type { Cause } from './cause';

export type { Cause } from './cause';

export interface ClockState {
  /** Virtual time in integer milliseconds since the cluster was created. */
  now: number;
  /**
   * The wall-clock instant (epoch ms) virtual 0 stands for: the cluster's timestamps (and
   * `kubectl logs --timestamps`) read anchorMs + now. Absent from test doubles.
   */
  anchorMs?: number;
  /** Multiplier of wall time; 0.1 to 100. */
  speed: number;
  paused: boolean;
  /** True while the cluster's work makes virtual time run slower than `speed` (the UI says so). */
  busy?: boolean;
}

/**
 * One change as the engine committed it, with what every screen needs to explain it: the event-log
 * frame that made it, the virtual time of that commit and the typed cause. Set where the store
 * commits (engine/core.ts), never recovered later. A change in the diff a seek or a reset sends is
 * labelled by a recorded frame too; the rule is in engine/history/diff-labels.ts.
 */
export interface ObjectChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  /** The event-log frame (1-based sequence number, the object's resourceVersion) of the change. */
  frame: number;
  /** Virtual ms of the commit. */
  time: number;
  cause: Cause;
}

export interface ClusterSnapshot {
  /** The event-log sequence number this snapshot reflects. */
  frame: number;
  clock: ClockState;
  objects: KubeObject[];
}

export interface ClusterDelta {
  /** The event-log sequence number after the last change in this batch. */
  frame: number;
  clock: ClockState;
  changes: ObjectChange[];
  /**
   * The cluster was replaced by a fresh one (`minikube start --nodes N`, confirmed): frame numbers
   * start over, so a client reloads its snapshot instead of applying this on top of what it had.
   */
  reset?: true;
}
