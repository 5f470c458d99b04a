/**
 * Adds what the renderer needs to explain each change to a delta: the change's own frame, virtual
 * time and cause, read from the engine's timeline. A delta whose changes don't line up one to one
 * with recorded frames (e.g. the diff sent after a seek) passes through unchanged.
 */
import type { ClusterDelta, ObjectChange } from '../../shared/sim/snapshot';
import type { FrameInfo } from '../../shared/sim/timeline';
import type { Engine } from '../engine/api';

export type EnrichedChange = ObjectChange & Partial<Pick<FrameInfo, 'frame' | 'time' | 'cause'>>;

export function enrichDelta<D extends Omit<ClusterDelta, 'clock'>>(engine: Pick<Engine, 'timeline'>, delta: D): D {
  const count = delta.changes.length;
  if (count === 0 || engine.timeline.state().viewing !== null) return delta;
  const first = delta.frame - count + 1;
  if (first < 1) return delta;
  const frames = engine.timeline.frames(first, count);
  if (frames.length !== count) return delta;
  const changes: EnrichedChange[] = [];
  for (let i = 0; i < count; i++) {
    const change = delta.changes[i]!;
    const info = frames[i]!;
    if (info.kind !== change.object.kind || info.name !== change.object.metadata.name || info.type !== change.type) return delta;
    changes.push({ ...change, frame: info.frame, time: info.time, cause: info.cause });
  }
  return { ...delta, changes };
}
