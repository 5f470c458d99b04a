/**
 * What the cluster view needs from the engine beyond today's api.ts: failure injection, scheduler
 * explanations and forking. The engine is growing these; until it has them, the services below detect
 * them at run time and answer with a clear "not supported" instead of failing the whole contract.
 * When api.ts gains them, these guards become plain property reads.
 */
import type { SchedulingExplanation } from '../../shared/sim/explain';
import type { Engine } from '../engine/api';

export type NodeFault = 'powerOff' | 'partition';

export interface EngineFailures {
  /** Stop the node's kubelet (powerOff) or cut it off from the API server (partition). */
  inject(node: string, fault: NodeFault): void;
  recover(node: string): void;
}

export interface EngineExtensions {
  failures?: EngineFailures;
  explainScheduling?(namespace: string, name: string): SchedulingExplanation | undefined;
  /** Discard history after `frame` and continue from the state at that frame. */
  fork?(frame: number): void;
}

export function extensionsOf(engine: Engine): EngineExtensions {
  return engine as Engine & EngineExtensions;
}
