/**
 * The engine's entry point: `createEngine(options)` builds a settled minikube-like cluster on the
 * virtual clock. See api.ts for the surface.
 */
import type { Engine, EngineOptions } from './api';
import { KubelabEngine } from './engine';

export function createEngine(options: EngineOptions): Engine {
  return new KubelabEngine(options);
}

export * from './api';
export { KubelabEngine } from './engine';
export { STAGES } from './kubelet/lifecycle';
export { CATALOG, resolveImage, parseImage } from './kubelet/images';
