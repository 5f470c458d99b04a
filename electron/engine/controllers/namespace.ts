/**
 * Namespace deletion: a Terminating namespace has every namespaced object in it deleted; once
 * nothing is left (pods may take their grace period), the namespace itself is removed.
 */
import { RESOURCES } from '../../../shared/k8s/resources';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import type { EngineContext } from '../context';
import { WorkQueue } from './workqueue';
import { syncErrorHandler } from './guard';

const CAUSE: Cause = { actor: 'controller', name: 'namespace-controller' };

export class NamespaceController {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 50, (ns) => this.sync(ns), syncErrorHandler(ctx, 'namespace-controller', 'Namespace'));
    ctx.store.onChange((c) => {
      if (c.object.kind === 'Namespace' && c.object.metadata.deletionTimestamp && c.type !== 'DELETED') this.queue.add(c.object.metadata.name);
      else if (c.type === 'DELETED' && c.object.metadata.namespace) {
        const ns = ctx.store.get('Namespace', undefined, c.object.metadata.namespace);
        if (ns?.metadata.deletionTimestamp) this.queue.add(ns.metadata.name);
      }
    });
  }

  private sync(name: string): void {
    const ns = this.ctx.store.get('Namespace', undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const r of RESOURCES) {
      if (!r.namespaced) continue;
      for (const o of this.ctx.store.all(r.kind, name)) {
        remaining++;
        if (o.metadata.deletionTimestamp) continue;
        try {
          this.ctx.store.delete(r.kind, name, o.metadata.name, { ...CAUSE, detail: `namespace ${name} terminating` }, { propagationPolicy: 'Background' });
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
        }
      }
    }
    if (remaining > 0) {
      // Recheck until the content (e.g. terminating pods) is gone.
      this.queue.addAfter(name, 2000);
      return;
    }
    this.ctx.store.purge('Namespace', undefined, name, { ...CAUSE, detail: 'finalized' });
  }
}
