/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a Job with
 * ttlSecondsAfterFinished is deleted (propagation Background, so its pods follow) that many
 * seconds after its Complete or Failed condition's lastTransitionTime.
 */
import type { Job } from '../../../../shared/k8s/objects';
import type { EngineContext } from '../../context';
import { StatusError } from '../../api';
import { WorkQueue } from '../workqueue';
import { syncErrorHandler } from '../guard';
import { jobCondition } from './util';

export class TtlAfterFinishedController {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 5, (key) => this.sync(key), syncErrorHandler(ctx, 'ttl-after-finished-controller', 'Job'));
    ctx.store.onChange((c) => {
      if (c.object.kind === 'Job' && c.type !== 'DELETED' && (c.object as Job).spec?.ttlSecondsAfterFinished !== undefined) this.queue.add(`${c.object.metadata.namespace}/${c.object.metadata.name}`);
    });
  }

  sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const job = this.ctx.store.get('Job', ns, name) as Job | undefined;
    const ttl = job?.spec.ttlSecondsAfterFinished;
    if (!job || ttl === undefined || job.metadata.deletionTimestamp) return;
    const done = jobCondition(job.status ?? {}, 'Complete') ?? jobCondition(job.status ?? {}, 'Failed');
    if (!done) return;
    const expireAt = this.ctx.clock.virtualOf(done.lastTransitionTime) + ttl * 1000;
    const now = this.ctx.clock.now();
    if (now < expireAt) {
      this.queue.addAfter(key, expireAt - now);
      return;
    }
    try {
      this.ctx.store.delete('Job', ns, name, { actor: 'controller', name: 'ttl-after-finished-controller', reason: { code: 'JobTtlExpired', job: name, ttlSeconds: ttl } }, { propagationPolicy: 'Background' });
    } catch (e) {
      if (!(e instanceof StatusError) || e.status.code !== 404) throw e;
    }
  }
}
