/** The CronJob controller over fast-forwarded virtual hours. */
import { describe, expect, it } from 'vitest';
import type { CronJob, Job, KubeObject } from '../../../../shared/k8s/objects';
import type { Engine } from '../../api';
import { engine, get, refusal, USER } from '../../testkit';

function cronJob(name: string, schedule: string, command: string[], spec: Partial<CronJob['spec']> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name, image: 'busybox:1.36', command }] } } } }, ...spec },
  };
}

const jobs = (e: Engine) => (e.store.list('Job' as never, { namespace: 'default' }).items as Job[]).filter((j) => !j.metadata.deletionTimestamp);
const done = (j: Job, type: string) => !!j.status.conditions?.some((c) => c.type === type && c.status === 'True');
const minuteOf = (e: Engine) => Math.floor((e.anchorMs() + e.now()) / 60_000);

describe('CronJob', () => {
  it('defaults, and refuses a bad schedule or zone in upstream words', () => {
    const e = engine();
    const cj = e.store.create('CronJob', cronJob('hello', '*/1 * * * *', ['echo', 'hello']), USER) as CronJob;
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(refusal(() => e.store.create('CronJob', cronJob('bad', '61 * * * *', ['true']), USER)).status.message).toContain('spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
    expect(refusal(() => e.store.create('CronJob', cronJob('tz', '* * * * *', ['true'], { timeZone: 'Mars/Base' }), USER)).status.message).toContain('unknown time zone Mars/Base');
  });

  it('runs every minute, names Jobs by the scheduled minute and keeps 3 successful and 1 failed', () => {
    const e = engine();
    e.store.create('CronJob', cronJob('ok', '*/1 * * * *', ['sh', '-c', 'echo hello']), USER);
    e.store.create('CronJob', cronJob('bad', '*/1 * * * *', ['sh', '-c', 'exit 1'], { jobTemplate: { spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'bad', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] } } } } }), USER);
    e.advance(10 * 60_000);
    const ok = jobs(e).filter((j) => j.metadata.name.startsWith('ok-'));
    const bad = jobs(e).filter((j) => j.metadata.name.startsWith('bad-'));
    expect(ok.filter((j) => done(j, 'Complete')).length).toBe(3);
    expect(bad.filter((j) => done(j, 'Failed')).length).toBe(1);
    const minutes = ok.map((j) => Number(j.metadata.name.slice(3)));
    expect(Math.max(...minutes)).toBeLessThanOrEqual(minuteOf(e));
    expect(Math.max(...minutes)).toBeGreaterThanOrEqual(minuteOf(e) - 1);
    const status = get<CronJob>(e, 'CronJob', 'default', 'ok')!.status;
    expect(status.lastScheduleTime).toBeDefined();
    expect(status.lastSuccessfulTime).toBeDefined();
  });

  it('an @hourly schedule over a fast-forwarded day makes 24 Jobs and keeps the history limit', () => {
    const e = engine();
    let made = 0;
    e.store.watch('Job' as never, { namespace: 'default', resourceVersion: e.store.currentResourceVersion() }, (ev: { type: string }) => {
      if (ev.type === 'ADDED') made++;
    });
    e.store.create('CronJob', cronJob('hourly', '@hourly', ['sh', '-c', 'echo tick'], { successfulJobsHistoryLimit: 2 }), USER);
    e.advance(24 * 3600_000);
    expect(made).toBe(24);
    expect(jobs(e).filter((j) => j.metadata.name.startsWith('hourly-')).length).toBe(2);
  });

  it('Forbid skips while a Job runs; Replace deletes the running Job for the new one', () => {
    const e = engine();
    e.store.create('CronJob', cronJob('forbid', '*/1 * * * *', ['sleep', '150'], { concurrencyPolicy: 'Forbid' }), USER);
    e.store.create('CronJob', cronJob('replace', '*/1 * * * *', ['sleep', '3600'], { concurrencyPolicy: 'Replace' }), USER);
    e.advance(5 * 60_000 + 20_000);
    const forbid = get<CronJob>(e, 'CronJob', 'default', 'forbid')!;
    expect(forbid.status.active?.length ?? 0).toBeLessThanOrEqual(1);
    // A 150 s job every minute under Forbid: at most one Job per ~3 minutes.
    expect(jobs(e).filter((j) => j.metadata.name.startsWith('forbid-')).length).toBeLessThanOrEqual(3);
    const replace = get<CronJob>(e, 'CronJob', 'default', 'replace')!;
    expect(replace.status.active).toHaveLength(1);
    expect(jobs(e).filter((j) => j.metadata.name.startsWith('replace-'))).toHaveLength(1);
    expect(replace.status.active![0]!.name).toBe(`replace-${minuteOf(e)}`);
  });
});
