/**
 * The Job controller (pkg/controller/job/job_controller.go, 1.32): keeps up to `parallelism` pods
 * running until `completions` succeed (NonIndexed, or Indexed with one pod per completion index),
 * recreates failed pods after an exponential backoff (10 s doubling, at most 6 min) until
 * `backoffLimit` is passed, enforces activeDeadlineSeconds, and writes the status as 1.32 does:
 * counts, ready, terminating, startTime, and the interim conditions SuccessCriteriaMet and
 * FailureTarget before Complete and Failed, which wait until no pod is left running.
 */
import type { Job, Pod } from '../../../../shared/k8s/objects';
import type { Cause } from '../../../../shared/sim/snapshot';
import { StatusError } from '../../api';
import type { EngineContext } from '../../context';
import { clone, deepEqual } from '../../util/objects';
import { controllerOf, isPodReady, ownerRefFor } from '../podutil';
import { WorkQueue } from '../workqueue';
import { syncErrorHandler } from '../guard';
import { backoffRemainingMs, formatIndexes, jobCondition, parseIndexes, withCondition } from './util';

const CAUSE: Cause = { actor: 'controller', name: 'job-controller' };
const STATUS_CAUSE: Cause = { ...CAUSE, detail: 'status', reason: { code: 'ObservedStatus' } };
const SOURCE = { component: 'job-controller' };
/** k8s.io/api/batch/v1: the completion index annotation (and label since 1.28). */
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

type JobStatus = Job['status'];

interface Counted {
  succeeded: Set<string>;
  failed: Set<string>;
  /** Virtual ms of the newest failure seen (the backoff runs from it). */
  lastFailure: number;
}

export class JobController {
  readonly queue: WorkQueue;
  /** Terminal pods already in status.succeeded/failed, by Job uid (the job-tracking finalizer's job). */
  private counted = new Map<string, Counted>();

  constructor(private ctx: EngineContext) {
    const onError = syncErrorHandler(ctx, 'job-controller', 'Job');
    this.queue = new WorkQueue(ctx.clock, 5, (key) => this.sync(key), onError);
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind === 'Job') {
        if (c.type === 'DELETED') this.counted.delete(o.metadata.uid!);
        else this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
      } else if (o.kind === 'Pod') {
        const ref = controllerOf(o) ?? (c.old && controllerOf(c.old));
        if (ref?.kind === 'Job') this.queue.add(`${o.metadata.namespace}/${ref.name}`);
      }
    });
  }

  /**
   * A Job first seen with counts already in its status (a loaded cluster) has its terminal pods
   * counted already: they are not counted twice.
   */
  private countedOf(job: Job, pods: Pod[]): Counted {
    const uid = job.metadata.uid!;
    let c = this.counted.get(uid);
    if (!c) {
      this.counted.set(uid, (c = { succeeded: new Set(), failed: new Set(), lastFailure: -Infinity }));
      if (job.status?.succeeded || job.status?.failed) {
        for (const p of pods) {
          if (p.status?.phase === 'Succeeded') c.succeeded.add(p.metadata.uid!);
          else if (p.status?.phase === 'Failed') c.failed.add(p.metadata.uid!);
        }
      }
    }
    return c;
  }

  sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const store = this.ctx.store;
    const job = store.get('Job', ns, name) as Job | undefined;
    if (!job || job.metadata.deletionTimestamp) return;
    const status: JobStatus = clone(job.status ?? {});
    if (jobCondition(status, 'Complete') || jobCondition(status, 'Failed')) return;
    const now = this.ctx.clock.now();
    const spec = job.spec;
    const pods = [...store.podsOfController(job.metadata.uid!).values()].map((f) => f.pod);
    const counted = this.countedOf(job, pods);
    const indexed = spec.completionMode === 'Indexed';
    const succeededIndexes = parseIndexes(status.completedIndexes);
    for (const pod of pods) {
      const uid = pod.metadata.uid!;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' && !counted.succeeded.has(uid)) {
        counted.succeeded.add(uid);
        if (indexed) succeededIndexes.add(Number(pod.metadata.annotations?.[COMPLETION_INDEX]));
        else status.succeeded = (status.succeeded ?? 0) + 1;
      } else if (phase === 'Failed' && !counted.failed.has(uid)) {
        counted.failed.add(uid);
        status.failed = (status.failed ?? 0) + 1;
        counted.lastFailure = now;
      }
    }
    if (indexed) {
      const inRange = [...succeededIndexes].filter((i) => i >= 0 && i < (spec.completions ?? 0));
      status.succeeded = inRange.length;
      const text = formatIndexes(inRange);
      if (text) status.completedIndexes = text;
    }
    status.startTime ??= this.ctx.clock.stamp(now);
    const active = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const succeeded = status.succeeded ?? 0;
    const failed = status.failed ?? 0;
    const backoffLimit = spec.backoffLimit ?? 6;
    const stamp = this.ctx.clock.stamp(now);
    let cause = STATUS_CAUSE;

    // pastBackoffLimitOnFailure / pastActiveDeadline: the FailureTarget condition first.
    const deadlineMs = spec.activeDeadlineSeconds !== undefined ? this.ctx.clock.virtualOf(status.startTime) + spec.activeDeadlineSeconds * 1000 : Infinity;
    let target = jobCondition(status, 'FailureTarget');
    if (!target && !jobCondition(status, 'SuccessCriteriaMet')) {
      if (failed > backoffLimit) {
        target = { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
      } else if (now >= deadlineMs) {
        target = { type: 'FailureTarget', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      }
      if (target) withCondition(status, { ...target, lastProbeTime: stamp, lastTransitionTime: stamp });
    }
    const complete = !target && (indexed ? succeeded >= (spec.completions ?? 0) : spec.completions !== undefined ? succeeded >= spec.completions : succeeded > 0 && active.length === 0);
    if (complete && !jobCondition(status, 'SuccessCriteriaMet')) {
      withCondition(status, { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: stamp, lastTransitionTime: stamp });
    }
    if (target || complete) {
      // Remaining pods go; the final condition waits until none is left.
      if (active.length > 0) this.deletePods(job, active, target?.reason ?? 'CompletionsReached');
      else if (target) {
        withCondition(status, { type: 'Failed', status: 'True', reason: target.reason, message: target.message, lastProbeTime: stamp, lastTransitionTime: stamp });
        cause = { ...CAUSE, detail: 'status', reason: { code: 'JobFinished', job: job.metadata.name, condition: 'Failed', reason: target.reason ?? '' } };
        this.ctx.events.record(job, 'Warning', target.reason!, target.message!, SOURCE);
      } else {
        withCondition(status, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: stamp, lastTransitionTime: stamp });
        status.completionTime = stamp;
        cause = { ...CAUSE, detail: 'status', reason: { code: 'JobFinished', job: job.metadata.name, condition: 'Complete', reason: 'CompletionsReached' } };
        this.ctx.events.record(job, 'Normal', 'Completed', 'Job completed', SOURCE);
      }
    } else if (spec.suspend) {
      if (active.length > 0) this.deletePods(job, active, 'JobSuspended');
      if (!jobCondition(status, 'Suspended')) withCondition(status, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: stamp, lastTransitionTime: stamp });
    } else {
      const wait = backoffRemainingMs(failed, counted.lastFailure, now);
      if (wait > 0) this.queue.addAfter(key, wait);
      else this.managePods(job, active, succeeded, succeededIndexes);
      if (Number.isFinite(deadlineMs)) this.queue.addAfter(key, Math.max(0, deadlineMs - now));
    }
    const fresh = store.get('Job', ns, name) as Job | undefined;
    if (!fresh) return;
    const after = [...store.podsOfController(job.metadata.uid!).values()].map((f) => f.pod);
    const running = after.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    status.active = running.length;
    status.ready = running.filter(isPodReady).length;
    status.terminating = after.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
    status.uncountedTerminatedPods ??= {};
    if (status.active === 0) delete status.active;
    if (!status.succeeded) delete status.succeeded;
    if (!status.failed) delete status.failed;
    if (!deepEqual(status, fresh.status)) store.update('Job', { ...fresh, status }, cause, { subresource: 'status' });
  }

  /** manageJob: create pods up to parallelism (never beyond the completions left), lowest free indexes first. */
  private managePods(job: Job, active: Pod[], succeeded: number, succeededIndexes: Set<number>): void {
    const spec = job.spec;
    const parallelism = spec.parallelism ?? 1;
    let want = parallelism;
    if (spec.completions !== undefined) want = Math.min(parallelism, spec.completions - succeeded);
    else if (succeeded > 0) want = active.length; // a work queue: once one succeeded, no new pods
    const missing = want - active.length;
    if (missing <= 0) return;
    const reason = { code: 'JobMissingPods' as const, job: job.metadata.name, active: active.length, parallelism, succeeded, ...(spec.completions !== undefined ? { completions: spec.completions } : {}) };
    if (spec.completionMode === 'Indexed') {
      const busy = new Set(active.map((p) => Number(p.metadata.annotations?.[COMPLETION_INDEX])));
      let made = 0;
      for (let i = 0; i < (spec.completions ?? 0) && made < missing; i++) {
        if (busy.has(i) || succeededIndexes.has(i)) continue;
        this.createPod(job, { ...CAUSE, detail: `create pod for ${job.metadata.name}`, reason: { ...reason, index: i } }, i);
        made++;
      }
    } else {
      for (let n = 0; n < missing; n++) this.createPod(job, { ...CAUSE, detail: `create pod for ${job.metadata.name}`, reason });
    }
  }

  private createPod(job: Job, cause: Cause, index?: number): void {
    const template = clone(job.spec.template);
    const labels = { ...(template.metadata?.labels ?? {}) };
    const annotations = { ...(template.metadata?.annotations ?? {}) };
    const spec = template.spec;
    let generateName = `${job.metadata.name}-`;
    if (index !== undefined) {
      // podGenerateNameWithIndex, addCompletionIndexEnvVariables and the pod hostname (indexed_job_utils.go).
      annotations[COMPLETION_INDEX] = String(index);
      labels[COMPLETION_INDEX] = String(index);
      generateName = `${job.metadata.name}-${index}-`;
      spec.hostname ??= `${job.metadata.name}-${index}`;
      for (const c of [...spec.containers, ...((spec.initContainers as typeof spec.containers | undefined) ?? [])]) {
        const env = (c.env ??= []) as { name: string; valueFrom?: unknown }[];
        if (!env.some((e) => e.name === 'JOB_COMPLETION_INDEX')) env.push({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } });
      }
    }
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: '', generateName, namespace: job.metadata.namespace, labels, ...(Object.keys(annotations).length ? { annotations } : {}), ownerReferences: [ownerRefFor(job)] },
      spec,
      status: {},
    };
    try {
      const created = this.ctx.store.create('Pod', pod, cause);
      this.ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      this.ctx.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${e.status.message ?? ''}`, SOURCE);
    }
  }

  private deletePods(job: Job, pods: Pod[], why: string): void {
    const cause: Cause = { ...CAUSE, detail: `terminate pods of ${job.metadata.name}`, reason: { code: 'JobPodsTerminated', job: job.metadata.name, reason: why } };
    for (const pod of pods) {
      try {
        this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, cause);
        this.ctx.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
      } catch (e) {
        if (!(e instanceof StatusError) || e.status.code !== 404) throw e;
      }
    }
  }
}
