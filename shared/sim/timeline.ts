/**
 * The recorded history as the renderer's timeline shows it: one frame per object change, with its
 * virtual time and cause.
 */
import type { Cause } from './snapshot';

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
}

export interface TimelineState {
  /** Number of frames recorded. */
  length: number;
  /** The frame being viewed, or null when following the live state. */
  viewing: number | null;
  /** Hash of the event log. */
  hash: string;
}
