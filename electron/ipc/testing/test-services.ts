/**
 * A scripted implementation of the contract for transport tests: the tests check what crosses the
 * wire, so the services behave simply and expose hooks to push events and to fail on demand.
 */
import type { ContractClient, ContractImpl } from '../../../shared/ipc/define';
import { appService } from '../../../shared/ipc/services/app';
import { clockService } from '../../../shared/ipc/services/clock';
import { clusterService } from '../../../shared/ipc/services/cluster';
import type { AppNotice } from '../../../shared/ipc/services/app';
import type { ClockState, ClusterDelta } from '../../../shared/sim/snapshot';

export const FAILING_STEP_MS = 13;

/**
 * The transports are generic over any contract; the suite exercises them with the app's core services
 * (the same specs the app uses), so every other service can evolve without touching transport tests.
 */
export const testContract = { app: appService, cluster: clusterService, clock: clockService } as const;
export type TestClient = ContractClient<typeof testContract>;

export function createTestServices() {
  let clock: ClockState = { now: 0, speed: 1, paused: true };
  const deltaListeners = new Set<(delta: ClusterDelta) => void>();
  const clockListeners = new Set<(state: ClockState) => void>();
  const noticeListeners = new Set<(notice: AppNotice) => void>();
  const calls: { method: string; arg: unknown; transport: string }[] = [];
  const setClock = (next: Partial<ClockState>) => {
    clock = { ...clock, ...next };
    for (const listener of clockListeners) listener(clock);
    return clock;
  };
  const services: ContractImpl<typeof testContract> = {
    app: {
      info: (_arg, context) => ({ name: 'Kubelab', version: 'test', mode: context.transport === 'electron' ? 'electron' : 'web' }),
      onNotice: (listener) => {
        noticeListeners.add(listener);
        return () => noticeListeners.delete(listener);
      },
    },
    cluster: {
      snapshot: () => ({ frame: 7, clock, objects: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'minikube' } }] }),
      onDelta: (listener) => {
        deltaListeners.add(listener);
        return () => deltaListeners.delete(listener);
      },
    },
    clock: {
      state: () => clock,
      play: () => setClock({ paused: false }),
      pause: () => setClock({ paused: true }),
      setSpeed: ({ speed }, context) => {
        calls.push({ method: 'setSpeed', arg: speed, transport: context.transport });
        return setClock({ speed });
      },
      step: ({ ms }) => {
        if (ms === FAILING_STEP_MS) throw new Error('the engine refused to step');
        return setClock({ now: clock.now + (ms ?? 1000) });
      },
      onChanged: (listener) => {
        clockListeners.add(listener);
        return () => clockListeners.delete(listener);
      },
    },
  };
  return {
    services,
    calls,
    pushDelta(delta: ClusterDelta) {
      for (const listener of deltaListeners) listener(delta);
    },
    listenerCount: () => deltaListeners.size,
  };
}
