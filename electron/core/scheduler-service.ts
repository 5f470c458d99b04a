/** "Why here?" over the engine's recorded scheduling cycles; an engine without them explains nothing. */
import type { KubelabServices } from '../../shared/ipc/contract';
import type { Engine } from '../engine/api';
import { extensionsOf } from './engine-capabilities';

export function createSchedulerService(engine: Engine): KubelabServices['scheduler'] {
  return {
    explain: ({ namespace, name }) => extensionsOf(engine).explainScheduling?.(namespace, name) ?? { cycles: [] },
  };
}
