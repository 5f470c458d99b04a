/** The traffic IPC service over the TrafficManager: load generators, tunnel, listeners, frames. */
import type { KubelabServices } from '../../shared/ipc/contract';
import type { TrafficManager } from './traffic-manager';

export function createTrafficService(manager: TrafficManager): KubelabServices['traffic'] {
  return {
    state: () => manager.state(),
    start: ({ namespace, name, rate, clients }) => manager.startGenerator(namespace, name, { ...(rate !== undefined ? { rate } : {}), ...(clients !== undefined ? { clients } : {}) }),
    stop: ({ namespace, name }) => manager.stopGenerator(namespace, name),
    setRate: ({ namespace, name, rate }) => manager.setRate(namespace, name, rate),
    setTunnel: ({ on }) => manager.setTunnel(on),
    onFrame: (listener) => manager.onFrame(listener),
    onChanged: (listener) => manager.onChanged(listener),
  };
}
