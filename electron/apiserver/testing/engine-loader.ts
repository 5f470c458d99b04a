/**
 * Finds the real engine (electron/engine/index.ts `createEngine`) when it exists, so the e2e
 * suite and the benchmarks run on it; callers fall back or skip when it is not there yet.
 */
import type { Engine, EngineOptions } from '../../engine/api';

export type CreateEngine = (options: EngineOptions) => Engine;

export async function loadRealEngine(): Promise<CreateEngine | undefined> {
  const path = '../../engine/index';
  try {
    const mod = (await import(/* @vite-ignore */ path)) as { createEngine?: unknown };
    return typeof mod.createEngine === 'function' ? (mod.createEngine as CreateEngine) : undefined;
  } catch {
    return undefined;
  }
}
