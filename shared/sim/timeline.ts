/**
 * The recorded history as the renderer's timeline shows it: one frame per object change, with its
 * virtual time and cause.
 */
import type { KubeObject } from '../k8s/objects';
import type { Cause, ObjectChange } from './snapshot';

export interface FrameInfo {
  /** 1-based sequence number of the change in the event log. */
  frame: number;
  /** Virtual time in ms. */
  time: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  namespace?: string;
  name: string;
  cause: Cause;
  /** What the change meant, where kind and name alone cannot tell it (see FrameSummary). */
  summary?: FrameSummary;
}

/** A Ready condition's status, as the Node reports it. */
export type ReadyStatus = 'True' | 'False' | 'Unknown';

export interface TaintSummary {
  key: string;
  value?: string;
  effect: string;
}

/**
 * A small digest of a recorded change, computed by the timeline service from the frame's objects so
 * the renderer can narrate frames it has no objects for (those before the page opened).
 */
export type FrameSummary =
  | {
      kind: 'node';
      /** Ready condition after the change, and before it (absent when the node had none). */
      ready: ReadyStatus;
      readyBefore?: ReadyStatus;
      taintsAdded: TaintSummary[];
      taintsRemoved: TaintSummary[];
      unschedulable: boolean;
      unschedulableBefore: boolean;
    }
  | {
      kind: 'pod';
      /** The node the pod was bound to, if any. */
      node?: string;
      /** Deleted by the taint manager (a NoExecute taint it did not tolerate). */
      evicted: boolean;
    };

export interface TimelineState {
  /** Number of frames recorded. */
  length: number;
  /** The frame being viewed, or null when following the live state. */
  viewing: number | null;
  /** Hash of the event log. */
  hash: string;
  /**
   * The earliest frame that can be viewed; frames before it were compacted away to bound memory
   * (seeking before it shows it). Absent or 0 while the whole history is kept.
   */
  first?: number;
  /**
   * False once the inputs needed to fork the past were dropped to bound memory: the past can be
   * viewed but a change made while viewing it is refused. Absent means true.
   */
  forkable?: boolean;
}

/**
 * A stretch of the recorded history as the renderer caches it: the cluster at frame `from` (at
 * virtual `time`), then every change after it up to the window's end, each with its frame, time and
 * cause. The renderer's History is a cache of the engine's timeline; this is how it fills in frames
 * from before the page opened.
 */
export interface TimelineWindow {
  from: number;
  time: number;
  objects: KubeObject[];
  changes: ObjectChange[];
}
