/**
 * How a controller reports a failed sync: an error line through the engine's ErrorReporter (what
 * utilruntime.HandleError logs upstream) and a Warning Event on the object the key names, so the
 * failure shows where the user looks (`kubectl describe`). The queue then retries the key through
 * its rate limiter; the rest of the cluster carries on.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { EngineContext } from '../context';
import { errorMessage } from '../util/crash';
import type { SyncErrorHandler } from './workqueue';

/**
 * Upstream-like reasons: most controllers only log a failed sync; Kubelab also records an Event,
 * with the kubelet's generic `FailedSync` unless a more specific upstream reason fits.
 */
export const FAILED_SYNC = 'FailedSync';

export function reportFailure(ctx: EngineContext, component: string, error: unknown, involved: KubeObject | undefined, reason = FAILED_SYNC, key?: string): void {
  ctx.errors.report(component, error, key);
  if (!involved) return;
  try {
    const what = key ?? involved.metadata.name;
    ctx.events.record(involved, 'Warning', reason, `error syncing "${what}": ${errorMessage(error)}`, { component });
  } catch (e) {
    ctx.errors.report(component, e, key);
  }
}

/** A WorkQueue error handler for keys of the form `namespace/name` (or `name`, cluster-scoped). */
export function syncErrorHandler(ctx: EngineContext, component: string, kind: string | ((key: string) => { kind: string; key: string }), reason = FAILED_SYNC): SyncErrorHandler {
  return (key, error) => {
    const target = typeof kind === 'function' ? kind(key) : { kind, key };
    const slash = target.key.indexOf('/');
    const ns = slash >= 0 ? target.key.slice(0, slash) : undefined;
    const name = slash >= 0 ? target.key.slice(slash + 1) : target.key;
    let involved: KubeObject | undefined;
    try {
      involved = ctx.store.get(target.kind, ns, name);
    } catch {
      involved = undefined;
    }
    reportFailure(ctx, component, error, involved, reason, key);
  };
}

/** Runs `fn`, reporting (not throwing) what it throws: for one-shot timer callbacks. */
export function guarded(ctx: EngineContext, component: string, involved: () => KubeObject | undefined, fn: () => void, reason = FAILED_SYNC): void {
  try {
    fn();
  } catch (e) {
    let obj: KubeObject | undefined;
    try {
      obj = involved();
    } catch {
      obj = undefined;
    }
    reportFailure(ctx, component, e, obj, reason);
  }
}
