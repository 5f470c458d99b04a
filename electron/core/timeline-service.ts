/** Forking the timeline at a past frame, when the engine can. */
import type { KubelabServices } from '../../shared/ipc/contract';
import type { Engine } from '../engine/api';
import { extensionsOf } from './engine-capabilities';

export function createTimelineService(engine: Engine): KubelabServices['timeline'] {
  return {
    capabilities: () => ({ fork: typeof extensionsOf(engine).fork === 'function' }),
    fork: ({ frame }) => {
      const fork = extensionsOf(engine).fork;
      if (!fork) return { ok: false, message: 'this engine cannot fork its history yet' };
      try {
        fork.call(engine, frame);
        return { ok: true, frame };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },
  };
}
