/**
 * The real kubectl 1.32 with Jobs and CronJobs on the real engine: create job (the docs' pi
 * example), get with upstream columns, wait for condition=complete, logs job/NAME, create cronjob
 * and a Job from it, and a cascading delete. Skips, saying why, without kubectl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import type { Harness } from './testing/harness';
import { kubectlPath, rows, skippedWithoutKubectl, startKubectlCluster, type Kubectl } from './testing/kubectl-cluster';

let engine: Engine;
let h: Harness;
let kubectl: Kubectl;

describe.skipIf(!kubectlPath)(`kubectl with Jobs and CronJobs${skippedWithoutKubectl}`, () => {
  beforeAll(async () => {
    ({ engine, h, kubectl } = await startKubectlCluster({ seed: 7, nodes: 1 }));
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  it('runs the pi Job to completion, waits for it and prints its log', async () => {
    const created = await kubectl('create', 'job', 'pi', '--image=perl:5.34.0', '--', 'perl', '-Mbignum=bpi', '-wle', 'print bpi(20)');
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('job.batch/pi created');
    const running = rows((await kubectl('get', 'jobs')).stdout);
    expect(running[0]).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(running[1]!.slice(0, 3)).toEqual(['pi', 'Running', '0/1']);
    const waiting = kubectl('wait', '--for=condition=complete', 'job/pi', '--timeout=60s');
    for (let i = 0; i < 12; i++) {
      engine.advance(10_000);
      await new Promise((r) => setTimeout(r, 50));
    }
    const waited = await waiting;
    expect(waited.stdout).toContain('job.batch/pi condition met');
    const done = rows((await kubectl('get', 'jobs')).stdout);
    expect(done[1]!.slice(0, 3)).toEqual(['pi', 'Complete', '1/1']);
    expect((await kubectl('logs', 'job/pi')).stdout.trim()).toBe('3.1415926535897932385');
  });

  it('creates a CronJob, a Job from it, and deletes a Job with its pods', async () => {
    const created = await kubectl('create', 'cronjob', 'hello', '--image=busybox:1.36', '--schedule=*/1 * * * *', '--', 'echo', 'hello');
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('cronjob.batch/hello created');
    const cj = rows((await kubectl('get', 'cronjobs')).stdout);
    expect(cj[0]).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(cj[1]!.slice(0, 6)).toEqual(['hello', '*/1 * * * *', '<none>', 'False', '0', '<none>']);
    const manual = await kubectl('create', 'job', '--from=cronjob/hello', 'manual');
    expect(manual.stderr).toBe('');
    expect(manual.stdout).toContain('job.batch/manual created');
    engine.advance(90_000);
    const after = rows((await kubectl('get', 'cronjobs')).stdout);
    expect(after[1]![5]).not.toBe('<none>');
    const pods = await kubectl('get', 'pods', '-l', 'job-name=manual', '-o', 'name');
    expect(pods.stdout.trim().split('\n')).toHaveLength(1);
    expect((await kubectl('logs', 'job/manual')).stdout.trim()).toBe('hello');
    expect((await kubectl('delete', 'job', 'manual')).stdout).toContain('job.batch "manual" deleted');
    engine.advance(10_000);
    expect((await kubectl('get', 'pods', '-l', 'job-name=manual', '-o', 'name')).stdout.trim()).toBe('');
  });
});
