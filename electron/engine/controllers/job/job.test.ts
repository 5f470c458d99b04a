/** The Job controller and the TTL-after-finished controller on the virtual clock. */
import { describe, expect, it } from 'vitest';
import type { Job, KubeObject, Pod } from '../../../../shared/k8s/objects';
import type { Engine } from '../../api';
import { engine, events, get, refusal, until, USER } from '../../testkit';
import { podFailureBackoffMs } from './util';

function job(name: string, command: string[], spec: Partial<Job['spec']> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name, image: 'busybox:1.36', command }] } } },
  };
}

function jobOf(e: Engine, name: string): Job {
  return get<Job>(e, 'Job', 'default', name)!;
}

function podsOfJob(e: Engine, name: string): Pod[] {
  return e.store.list('Pod' as never, { namespace: 'default', labelSelector: `batch.kubernetes.io/job-name=${name}` }).items as Pod[];
}

const hasCondition = (j: Job | undefined, type: string) => !!j?.status.conditions?.some((c) => c.type === type && c.status === 'True');

describe('Job', () => {
  it('generates the selector and labels, defaults as 1.32 and refuses restartPolicy Always', () => {
    const e = engine();
    const j = e.store.create('Job', job('hello', ['sh', '-c', 'echo hi']), USER) as Job;
    expect(j.spec.selector?.matchLabels?.['batch.kubernetes.io/controller-uid']).toBe(j.metadata.uid);
    expect(j.spec.template.metadata?.labels).toMatchObject({ 'job-name': 'hello', 'batch.kubernetes.io/job-name': 'hello', 'controller-uid': j.metadata.uid });
    expect(j.metadata.labels?.['batch.kubernetes.io/job-name']).toBe('hello');
    expect(j.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false });
    const bad = job('bad', ['true']);
    (bad.spec as Job['spec']).template.spec.restartPolicy = 'Always';
    expect(refusal(() => e.store.create('Job', bad, USER)).status.message).toContain('spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
  });

  it('runs 5 completions 2 at a time, then Complete with SuccessCriteriaMet first', () => {
    const e = engine();
    e.store.create('Job', job('work', ['sh', '-c', 'echo working; sleep 5'], { completions: 5, parallelism: 2 }), USER);
    let most = 0;
    until(e, () => {
      most = Math.max(most, podsOfJob(e, 'work').filter((p) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed').length);
      return hasCondition(jobOf(e, 'work'), 'Complete');
    });
    const j = jobOf(e, 'work');
    expect(most).toBe(2);
    expect(j.status.succeeded).toBe(5);
    expect(podsOfJob(e, 'work')).toHaveLength(5);
    expect(j.status.conditions!.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(j.status.completionTime).toBeDefined();
  });

  it('backs off 10 s, 20 s, 40 s between failed pods and fails past backoffLimit', () => {
    expect([1, 2, 3, 4, 10].map(podFailureBackoffMs)).toEqual([10_000, 20_000, 40_000, 80_000, 360_000]);
    const e = engine();
    e.store.create('Job', job('fail', ['sh', '-c', 'exit 1'], { backoffLimit: 2 }), USER);
    until(e, () => hasCondition(jobOf(e, 'fail'), 'Failed'));
    const j = jobOf(e, 'fail');
    expect(j.status.failed).toBe(3);
    const failed = j.status.conditions!.find((c) => c.type === 'Failed')!;
    expect(failed).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(j.status.conditions!.map((c) => c.type)).toEqual(['FailureTarget', 'Failed']);
    const created = podsOfJob(e, 'fail').map((p) => (Date.parse(p.metadata.creationTimestamp ?? '') - e.anchorMs())).sort((a, b) => a - b);
    expect(created).toHaveLength(3);
    // Each replacement waits the backoff after the previous pod's failure (plus its short run).
    expect(created[1]! - created[0]!).toBeGreaterThanOrEqual(10_000);
    expect(created[2]! - created[1]!).toBeGreaterThanOrEqual(20_000);
    expect(created[2]! - created[1]!).toBeLessThan(40_000);
    expect(events(e, { reason: 'BackoffLimitExceeded' })).toHaveLength(1);
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds and removes its pods', () => {
    const e = engine();
    const start = e.now();
    e.store.create('Job', job('slow', ['sleep', '3600'], { activeDeadlineSeconds: 20 }), USER);
    until(e, () => hasCondition(jobOf(e, 'slow'), 'Failed'), 120_000);
    const j = jobOf(e, 'slow');
    expect(j.status.conditions!.find((c) => c.type === 'Failed')!.reason).toBe('DeadlineExceeded');
    expect(e.now() - start).toBeGreaterThanOrEqual(20_000);
    until(e, () => podsOfJob(e, 'slow').every((p) => p.status.phase === 'Failed' || p.metadata.deletionTimestamp !== undefined) || podsOfJob(e, 'slow').length === 0);
  });

  it('gives Indexed pods their completion index and records completedIndexes', () => {
    const e = engine();
    e.store.create('Job', job('idx', ['sh', '-c', 'echo $JOB_COMPLETION_INDEX'], { completions: 3, parallelism: 3, completionMode: 'Indexed' }), USER);
    until(e, () => hasCondition(jobOf(e, 'idx'), 'Complete'));
    const pods = podsOfJob(e, 'idx');
    expect(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2']);
    expect(pods.every((p) => p.metadata.name.startsWith(`idx-${p.metadata.labels?.['batch.kubernetes.io/job-completion-index']}-`))).toBe(true);
    expect(pods[0]!.spec.containers[0]!.env?.some((v) => v.name === 'JOB_COMPLETION_INDEX')).toBe(true);
    expect(jobOf(e, 'idx').status.completedIndexes).toBe('0-2');
  });

  it('deletes a finished Job and its pods ttlSecondsAfterFinished later', () => {
    const e = engine();
    e.store.create('Job', job('ttl', ['sh', '-c', 'echo done'], { ttlSecondsAfterFinished: 30 }), USER);
    until(e, () => hasCondition(jobOf(e, 'ttl'), 'Complete'));
    const doneAt = Date.parse(jobOf(e, 'ttl').status.completionTime ?? '') - e.anchorMs();
    until(e, () => !jobOf(e, 'ttl'));
    expect(e.now() - doneAt).toBeGreaterThanOrEqual(30_000);
    expect(e.now() - doneAt).toBeLessThan(32_000);
    until(e, () => podsOfJob(e, 'ttl').length === 0);
  });
});
