/** "Why here?" over the engine's recorded scheduling cycles, looked up by the pod's current uid. */
import type { KubelabServices } from '../../shared/ipc/contract';
import type { Engine } from '../engine/api';

export function createSchedulerService(engine: Engine): KubelabServices['scheduler'] {
  return {
    explain: ({ namespace, name }) => {
      const pods = engine.store.resourceTypes().find((t) => t.kind === 'Pod' && t.group === '');
      const uid = pods ? engine.store.get(pods, namespace, name)?.metadata.uid : undefined;
      return (uid ? engine.explain(uid) : undefined) ?? { cycles: [] };
    },
  };
}
