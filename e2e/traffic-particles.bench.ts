/**
 * Particle layer frame time in headless Chromium (software rendering): the real web mode with a
 * load generator at 330 req/s on a 6-pod Deployment, so about 300 requests are in flight on the
 * canvas at once, over the live cluster view. Reports frame work and interval percentiles and the
 * particles actually drawn. Needs kubectl on PATH and a built app (`npm run build`).
 */
import { chromiumLaunchOptions } from './fixtures/chromium';
import { chromium } from '@playwright/test';
import { startKubelab } from './fixtures/kubelab-server';
import { hasKubectl, kubectl } from './pages/kubectl';

type Report = (name: string, value: number, unit: string) => void;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

export default async function (report: Report): Promise<void> {
  if (!hasKubectl()) {
    console.log('skipped: needs kubectl on PATH');
    return;
  }
  const server = await startKubelab(['--nodes', '3', '--seed', '3']);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.locator('[data-kind="node"]').nth(2).waitFor({ state: 'attached', timeout: 60_000 });
    kubectl(server.kubeconfig, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=6']);
    kubectl(server.kubeconfig, ['expose', 'deployment/web', '--port', '80']);
    await page.locator('[data-kind="pod"][data-owner="web"][data-phase="Ready"]').nth(5).waitFor({ timeout: 60_000 });
    // The load generator is a tab of the side panel: open it first.
    await page.locator('[role="tab"][data-tab="traffic"]').click();
    await page.getByTestId('traffic-service').selectOption('default/web');
    await page.getByTestId('traffic-rate').fill('330');
    await page.getByTestId('traffic-toggle').click();
    await page.waitForTimeout(3000);
    // A string, not a function: tsx's keepNames would inject a helper the page does not have.
    const result = (await page.evaluate(`new Promise((done) => {
      const canvas = document.querySelector('[data-testid="traffic-canvas"]');
      const work = [], intervals = [], particles = [];
      let last = 0;
      const end = performance.now() + 6000;
      requestAnimationFrame(function frame(now) {
        if (last) intervals.push(now - last);
        last = now;
        const start = performance.now();
        setTimeout(() => work.push(performance.now() - start), 0);
        particles.push(Number(canvas.getAttribute('data-particles')));
        if (performance.now() < end) requestAnimationFrame(frame);
        else setTimeout(() => done({ work, intervals, particles }), 50);
      });
    })`)) as { work: number[]; intervals: number[]; particles: number[] };
    report('traffic particles drawn per frame (median)', percentile(result.particles, 50), 'particles');
    report('traffic particles frame work p95', percentile(result.work, 95), 'ms');
    report('traffic particles frame interval p50', percentile(result.intervals, 50), 'ms');
    report('traffic particles frame interval p95', percentile(result.intervals, 95), 'ms');
    report('traffic particles fps (median interval)', 1000 / percentile(result.intervals, 50), 'fps');
  } finally {
    await browser.close();
    await server.stop();
  }
}
