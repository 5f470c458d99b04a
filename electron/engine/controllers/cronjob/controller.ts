/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go, 1.32): at each scheduled
 * time (in spec.timeZone, UTC by default) it makes the Job `<cronjob>-<scheduled time in minutes
 * since the epoch>` from the job template, honouring suspend, startingDeadlineSeconds and the
 * concurrencyPolicy (Allow, Forbid: skip while one runs, Replace: delete the running one first);
 * keeps status.active, lastScheduleTime and lastSuccessfulTime; and deletes the oldest finished
 * Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit.
 */
import type { CronJob, Job } from '../../../../shared/k8s/objects';
import { nextRun, parseCron, CronParseError } from '../../../../shared/k8s/cron';
import type { Cause } from '../../../../shared/sim/snapshot';
import { StatusError } from '../../api';
import type { EngineContext } from '../../context';
import { clone, deepEqual } from '../../util/objects';
import { controllerOf, ownerRefFor } from '../podutil';
import { WorkQueue } from '../workqueue';
import { syncErrorHandler } from '../guard';
import { jobCondition } from '../job/util';

const CAUSE: Cause = { actor: 'controller', name: 'cronjob-controller' };
const STATUS_CAUSE: Cause = { ...CAUSE, detail: 'status', reason: { code: 'ObservedStatus' } };
const SOURCE = { component: 'cronjob-controller' };
/** batch/v1 CronJobScheduledTimestampAnnotation (1.28+). */
const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export class CronJobController {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 5, (key) => this.sync(key), syncErrorHandler(ctx, 'cronjob-controller', 'CronJob'));
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind === 'CronJob' && c.type !== 'DELETED') this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
      else if (o.kind === 'Job') {
        const ref = controllerOf(o);
        if (ref?.kind === 'CronJob') this.queue.add(`${o.metadata.namespace}/${ref.name}`);
      }
    });
  }

  private wall(): number {
    return this.ctx.clock.wallMs(this.ctx.clock.now());
  }

  sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const store = this.ctx.store;
    const cj = store.get('CronJob', ns, name) as CronJob | undefined;
    if (!cj || cj.metadata.deletionTimestamp) return;
    const jobs = store.dependents(cj.metadata.uid!).filter((o): o is Job => o.kind === 'Job' && controllerOf(o)?.uid === cj.metadata.uid);
    const status = clone(cj.status ?? {});
    const finished = (j: Job) => jobCondition(j.status ?? {}, 'Complete') ?? jobCondition(j.status ?? {}, 'Failed');
    // syncCronJob: active is the unfinished Jobs it owns; a newly finished one may move lastSuccessfulTime.
    for (const j of jobs) {
      const done = jobCondition(j.status ?? {}, 'Complete');
      if (done && j.status.completionTime && (!status.lastSuccessfulTime || status.lastSuccessfulTime < j.status.completionTime)) status.lastSuccessfulTime = j.status.completionTime;
    }
    let active = jobs.filter((j) => !finished(j) && !j.metadata.deletionTimestamp);
    this.cleanupHistory(cj, jobs.filter((j) => finished(j) && !j.metadata.deletionTimestamp));
    let schedule;
    try {
      schedule = parseCron(cj.spec.schedule);
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e;
      this.ctx.events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${e.message}`, SOURCE);
      return this.writeStatus(cj, status, active);
    }
    const zone = cj.spec.timeZone ?? 'UTC';
    const now = this.wall();
    const earliest = status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : Date.parse(cj.metadata.creationTimestamp!);
    // mostRecentScheduleTime: the latest scheduled time in (earliest, now].
    let scheduled: number | undefined;
    for (let t = nextRun(schedule, earliest, zone), n = 0; t !== undefined && t <= now && n < 100_000; t = nextRun(schedule, t, zone), n++) scheduled = t;
    const next = nextRun(schedule, now, zone);
    if (next !== undefined) this.queue.addAfter(key, next - now + 100); // nextScheduleTimeDuration adds 100 ms
    const tooLate = scheduled !== undefined && cj.spec.startingDeadlineSeconds !== undefined && scheduled + cj.spec.startingDeadlineSeconds * 1000 < now;
    if (scheduled !== undefined && !cj.spec.suspend && !tooLate) {
      const jobName = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
      const policy = cj.spec.concurrencyPolicy ?? 'Allow';
      const exists = jobs.some((j) => j.metadata.name === jobName);
      if (!exists && policy === 'Forbid' && active.length > 0) {
        // Skipped, and not recorded as scheduled: it runs at the next time if the Job is done by then.
        this.ctx.events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', SOURCE);
      } else if (!exists) {
        if (policy === 'Replace') {
          for (const j of active) this.deleteJob(cj, j, { code: 'CronJobJobRemoved', cronJob: cj.metadata.name, why: 'Replace' }, 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
          active = [];
        }
        const job = this.createJob(cj, jobName, scheduled);
        if (job) active.push(job);
        status.lastScheduleTime = new Date(scheduled).toISOString().replace(/\.\d{3}Z$/, 'Z');
      }
    } else if (tooLate) {
      this.ctx.events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${new Date(scheduled!).toISOString().replace(/\.\d{3}Z$/, 'Z')}`, SOURCE);
    }
    this.writeStatus(cj, status, active);
  }

  private writeStatus(cj: CronJob, status: CronJob['status'], active: Job[]): void {
    const refs = active.map((j) => ({ apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: j.metadata.namespace!, resourceVersion: j.metadata.resourceVersion, uid: j.metadata.uid! }));
    if (refs.length) status.active = refs.sort((a, b) => (a.name < b.name ? -1 : 1));
    else delete status.active;
    const fresh = this.ctx.store.get('CronJob', cj.metadata.namespace, cj.metadata.name) as CronJob | undefined;
    if (fresh && !deepEqual(status, fresh.status)) this.ctx.store.update('CronJob', { ...fresh, status }, STATUS_CAUSE, { subresource: 'status' });
  }

  /** getJobFromTemplate2: the template's labels and annotations, the scheduled-timestamp annotation, the owner. */
  private createJob(cj: CronJob, name: string, scheduled: number): Job | undefined {
    const template = clone(cj.spec.jobTemplate);
    const stamp = new Date(scheduled).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: stamp },
        ownerReferences: [ownerRefFor(cj)],
      },
      spec: template.spec,
      status: {},
    } as Job;
    if (Object.keys(job.metadata.labels!).length === 0) delete job.metadata.labels;
    try {
      const created = this.ctx.store.create('Job', job, { ...CAUSE, detail: `create job for ${cj.metadata.name}`, reason: { code: 'CronJobScheduled', cronJob: cj.metadata.name, schedule: cj.spec.schedule, scheduledTime: stamp } }) as Job;
      this.ctx.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`, SOURCE);
      return created;
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      this.ctx.events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${e.status.message ?? ''}`, SOURCE);
      return undefined;
    }
  }

  /** cleanupFinishedJobs: oldest first, beyond each history limit. */
  private cleanupHistory(cj: CronJob, finished: Job[]): void {
    const byStart = (a: Job, b: Job) => (a.status.startTime ?? a.metadata.creationTimestamp ?? '').localeCompare(b.status.startTime ?? b.metadata.creationTimestamp ?? '');
    for (const [type, why, limit] of [['Complete', 'successfulJobsHistoryLimit', cj.spec.successfulJobsHistoryLimit], ['Failed', 'failedJobsHistoryLimit', cj.spec.failedJobsHistoryLimit]] as const) {
      if (limit === undefined) continue;
      const list = finished.filter((j) => jobCondition(j.status ?? {}, type)).sort(byStart);
      for (const j of list.slice(0, Math.max(0, list.length - limit))) this.deleteJob(cj, j, { code: 'CronJobJobRemoved', cronJob: cj.metadata.name, why, limit }, 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
    }
  }

  private deleteJob(cj: CronJob, job: Job, reason: Cause['reason'], event: string, message: string): void {
    try {
      this.ctx.store.delete('Job', job.metadata.namespace, job.metadata.name, { ...CAUSE, detail: message, reason }, { propagationPolicy: 'Background' });
      this.ctx.events.record(cj, 'Normal', event, message, SOURCE);
    } catch (e) {
      if (!(e instanceof StatusError) || e.status.code !== 404) throw e;
    }
  }
}
