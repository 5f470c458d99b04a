/** Each batch reason code appears for the situation that causes it, with its parameters. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../shared/k8s/objects';
import { engine, USER } from '../../testkit';
import { recordChanges, withReason } from '../../testkit-causes';

const template = (command: string[]) => ({ spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command }] } });

describe('batch reasons', () => {
  it('JobMissingPods, JobFinished, JobTtlExpired, JobPodsTerminated', () => {
    const e = engine();
    const seen = recordChanges(e);
    e.store.create('Job', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'two' }, spec: { completions: 2, parallelism: 2, ttlSecondsAfterFinished: 5, template: template(['sh', '-c', 'echo ok']) } } as KubeObject, USER);
    e.store.create('Job', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'late' }, spec: { activeDeadlineSeconds: 5, template: template(['sleep', '60']) } } as KubeObject, USER);
    e.advance(60_000);
    const made = withReason(seen, 'JobMissingPods').filter((s) => s.reason.job === 'two');
    expect(made).toHaveLength(2);
    expect(made[0]!.reason).toMatchObject({ active: 0, parallelism: 2, succeeded: 0, completions: 2 });
    expect(withReason(seen, 'JobFinished').map((s) => [s.name, s.reason.condition, s.reason.reason]).sort()).toEqual([
      ['late', 'Failed', 'DeadlineExceeded'],
      ['two', 'Complete', 'CompletionsReached'],
    ]);
    expect(withReason(seen, 'JobPodsTerminated')[0]!.reason).toMatchObject({ job: 'late', reason: 'DeadlineExceeded' });
    expect(withReason(seen, 'JobTtlExpired')[0]).toMatchObject({ kind: 'Job', name: 'two', reason: { ttlSeconds: 5 } });
  });

  it('CronJobScheduled and CronJobJobRemoved', () => {
    const e = engine();
    const seen = recordChanges(e);
    e.store.create('CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick' }, spec: { schedule: '* * * * *', successfulJobsHistoryLimit: 1, jobTemplate: { spec: { template: template(['true']) } } } } as KubeObject, USER);
    e.advance(4 * 60_000);
    const scheduled = withReason(seen, 'CronJobScheduled');
    expect(scheduled.length).toBeGreaterThanOrEqual(3);
    expect(scheduled[0]!.reason.scheduledTime).toMatch(/:00Z$/);
    expect(scheduled[0]!.name).toBe(`tick-${Date.parse(scheduled[0]!.reason.scheduledTime) / 60_000}`);
    expect(withReason(seen, 'CronJobJobRemoved')[0]!.reason).toMatchObject({ why: 'successfulJobsHistoryLimit', limit: 1 });
  });
});
