/** The timeline service over the engine's recorded history (seek, live, frames). */
import type { KubelabServices } from '../../shared/ipc/contract';
import type { Engine } from '../engine/api';

export function createTimelineService(engine: Engine): KubelabServices['timeline'] {
  return {
    state: () => engine.timeline.state(),
    seek: ({ frame }) => {
      engine.timeline.seek(frame);
      return engine.timeline.state();
    },
    live: () => {
      engine.timeline.live();
      return engine.timeline.state();
    },
    frames: ({ from, count }) => engine.timeline.frames(from, count),
  };
}
