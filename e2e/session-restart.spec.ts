/**
 * A session survives a restart of `serve` and a reload of the page: the Deployment a learner made,
 * the timeline behind it and the lesson they were in (with the step they reached) are all there,
 * and the reopened session's journal is reused, not replaced by a fresh cluster.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { kubectlPath } from './fixtures/kubectl';
import { startKubelab } from './fixtures/kubelab-server';
import { ClusterPage } from './pages/cluster-page';
import { kubectl } from './pages/kubectl';
import { LessonsPage } from './pages/lessons-page';

test.skip(!kubectlPath, 'no kubectl on PATH: the Deployment is made with the real kubectl');

test('the Deployment, the timeline and the lesson step are back after serve restarts', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-restart-'));
  try {
    const first = await startKubelab(['--speed', '20'], { dataDir });
    const cluster = new ClusterPage(page);
    const lessons = new LessonsPage(page);
    await cluster.open(first.url);
    expect(await lessons.status()).toBe('ready');
    await lessons.showPanel();
    await lessons.openLesson('deploy-app');
    kubectl(first.kubeconfig, ['create', 'deployment', 'kubernetes-bootcamp', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1']);
    await expect(lessons.step('create-deployment')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    const stepBefore = await lessons.currentStepId();
    await expect.poll(() => kubectl(first.kubeconfig, ['get', 'deployment', 'kubernetes-bootcamp', '-o', 'jsonpath={.status.readyReplicas}']), { timeout: 30_000 }).toBe('1');
    const framesBefore = Number(await cluster.frame().getAttribute('data-frame'));
    expect(await first.stop()).toBe(0);

    const second = await startKubelab([], { dataDir });
    try {
      expect(second.output()).not.toMatch(/could not be reopened|replay differs/);
      expect(kubectl(second.kubeconfig, ['get', 'deployment', 'kubernetes-bootcamp', '-o', 'jsonpath={.status.readyReplicas}'])).toBe('1');
      // A new port and token: the page is loaded afresh from the restarted serve.
      await cluster.open(second.url);
      // The whole timeline is there again: at least every frame that was on screen before.
      await expect.poll(async () => Number(await cluster.frame().getAttribute('data-frame'))).toBeGreaterThanOrEqual(framesBefore);
      expect(await lessons.status()).toBe('ready');
      await lessons.showPanel();
      await expect(page.getByTestId('active-lesson')).toHaveAttribute('data-lesson-id', 'deploy-app');
      await expect(lessons.step('create-deployment')).toHaveAttribute('data-state', 'done');
      expect(await lessons.currentStepId()).toBe(stepBefore);
      // Stepping back reaches frames from before the restart.
      await page.getByTestId('step-back').click();
      await expect(cluster.frame()).toHaveAttribute('data-live', 'false');
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
