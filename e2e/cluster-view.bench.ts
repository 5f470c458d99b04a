/**
 * Frame time of the cluster view in headless Chromium (software rendering), with pods changing state
 * all the time (animations running): 20 nodes / 500 pods (canvas pods, SVG nodes) and 100 nodes / 5,000 pods (canvas).
 * "frame work" is the time from a frame's start (requestAnimationFrame) to the end of its rendering
 * work (the next task); "frame interval" is the time between frames. Also: seek latency in a 10k-event
 * history, from the scrub input to the redrawn frame. These run against a scripted cluster
 * (e2e/pages/fake-cluster-bridge.ts), so only the renderer is measured.
 * The scale scenario runs the real engine (`serve --nodes 1000`) with a 30,000-replica Deployment
 * (about 31,000 pods with the system pods) and measures the view at rest, while zooming and
 * panning, while the Deployment scales down and up again (pods terminate and start), and seeking.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startKubelab } from './fixtures/kubelab-server';
import { kubectlPath } from './fixtures/kubectl';
import { chromiumLaunchOptions } from './fixtures/chromium';
import { chromium, type Page } from '@playwright/test';
import { fakeClusterScript, type FakeClusterConfig } from './pages/fake-cluster-bridge';
import { serveRenderer } from './pages/renderer-harness';

type Report = (name: string, value: number, unit: string) => void;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function measureFrames(page: Page, ms: number): Promise<{ work: number[]; intervals: number[] }> {
  return page.evaluate(async (duration) => {
    const work: number[] = [];
    const intervals: number[] = [];
    let last = 0;
    const end = performance.now() + duration;
    await new Promise<void>((done) => {
      const frame = (now: number) => {
        if (last) intervals.push(now - last);
        last = now;
        const start = performance.now();
        setTimeout(() => work.push(performance.now() - start), 0);
        if (performance.now() < end) requestAnimationFrame(frame);
        else setTimeout(done, 50);
      };
      requestAnimationFrame(frame);
    });
    return { work, intervals };
  }, ms);
}

async function scenario(url: string, config: FakeClusterConfig, report: Report, label: string): Promise<Page> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('close', () => void browser.close());
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.addInitScript(fakeClusterScript(config));
  await page.goto(url);
  // Large clusters draw only the cards on screen: the stage says how many nodes it lays out.
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="cluster-stage"]')?.getAttribute('data-nodes')) === n, config.nodes, { timeout: 60_000 });
  await page.waitForTimeout(1500);
  const { work, intervals } = await measureFrames(page, 6000);
  report(`${label} frame work p95`, percentile(work, 95), 'ms');
  report(`${label} frame work p50`, percentile(work, 50), 'ms');
  report(`${label} frame interval p95`, percentile(intervals, 95), 'ms');
  report(`${label} frames measured`, intervals.length, 'frames');
  return page;
}

async function seekLatency(page: Page, report: Report, label = 'history', atLeast = 10_000): Promise<void> {
  // Grow the history to 10k changes, then pause and seek to random frames through the scrub bar.
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="frame"]')?.getAttribute('data-frame')) > n, atLeast, { timeout: 60_000 });
  await page.getByTestId('clock-toggle').click();
  const timings = await page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="scrub"]')!;
    const label = document.querySelector('[data-testid="frame"]')!;
    const [min, max] = [Number(input.min), Number(input.max)];
    const out: number[] = [];
    for (let i = 0; i < 30; i++) {
      const target = Math.round(min + ((i * 7919) % 997) / 997 * (max - min - 1));
      const start = performance.now();
      input.value = String(target);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((done) => {
        const check = () => (label.getAttribute('data-frame') === String(target) ? requestAnimationFrame(() => setTimeout(done, 0)) : setTimeout(check, 0));
        check();
      });
      out.push(performance.now() - start);
    }
    return { out, length: max };
  });
  const prefix = label === 'history' ? '' : `${label} `;
  report(`${prefix}seek latency p50 (history ${timings.length} frames)`, percentile(timings.out, 50), 'ms');
  report(`${prefix}seek latency p95`, percentile(timings.out, 95), 'ms');
}

const run = promisify(execFile);

function summary(report: Report, label: string, frames: { work: number[]; intervals: number[] }): void {
  report(`${label} frame work p50`, percentile(frames.work, 50), 'ms');
  report(`${label} frame work p95`, percentile(frames.work, 95), 'ms');
  report(`${label} frame interval p50`, percentile(frames.intervals, 50), 'ms');
  report(`${label} frame interval p95`, percentile(frames.intervals, 95), 'ms');
}

/** 1,000 nodes and 30,000 pods of the real engine, in web mode. */
async function scale(report: Report): Promise<void> {
  if (!kubectlPath) {
    console.log('scale scenario skipped: needs kubectl on PATH');
    return;
  }
  const label = '1000 nodes / 30000 pods (engine)';
  // 20× so the ReplicaSet's 30,000 pods are created, scheduled and started in a few minutes of wall time.
  const server = await startKubelab(['--nodes', '1000', '--seed', '5', '--speed', '20']);
  const kubectl = (...args: string[]) => run(kubectlPath!, args, { env: { ...process.env, KUBECONFIG: server.kubeconfig }, timeout: 60_000 });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    await kubectl('create', 'deployment', 'big', '--image=nginx:1.27', '--replicas=30000');
    const started = performance.now();
    for (;;) {
      const { stdout } = await kubectl('get', 'deployment', 'big', '-o', 'jsonpath={.status.availableReplicas}');
      if (Number(stdout) >= 30_000) break;
      if (performance.now() - started > 900_000) throw new Error(`only ${stdout} of 30000 pods available after 15 minutes`);
      await new Promise((done) => setTimeout(done, 5000));
    }
    report(`${label}: pods available after (wall)`, Math.round((performance.now() - started) / 1000), 's');
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    // The measuring functions are compiled by tsx, which names functions through a helper the page lacks.
    await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
    const opened = performance.now();
    await page.goto(server.url);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="cluster-stage"]')?.getAttribute('data-nodes')) === 1000, undefined, { timeout: 120_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="overview-canvas"]').length === 1, undefined, { timeout: 60_000 });
    report(`${label}: page open to 1000 nodes drawn`, Math.round(performance.now() - opened), 'ms');
    // Back to 1× for the measurements: the clock a learner watches.
    await page.getByTestId('speed').selectOption('1');
    await page.waitForTimeout(3000);
    summary(report, `${label} at rest`, await measureFrames(page, 5000));

    // Drag the background (at far zoom, where no node card can be grabbed), then zoom in and out
    // around the middle of the stage, as a person exploring would.
    const stage = (await page.getByTestId('cluster-stage').boundingBox())!;
    const [cx, cy] = [stage.x + stage.width / 2, stage.y + stage.height / 2];
    const gestures = (async () => {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx - 200, cy - 100, { steps: 20 });
      await page.mouse.up();
      for (let i = 0; i < 12; i++) {
        await page.mouse.wheel(0, -240);
        await page.waitForTimeout(80);
      }
      for (let i = 0; i < 12; i++) {
        await page.mouse.wheel(0, 240);
        await page.waitForTimeout(80);
      }
    })();
    const zooming = measureFrames(page, 5000);
    await gestures;
    await page.keyboard.press('Escape');
    summary(report, `${label} zooming and panning`, await zooming);

    // Updates: 2,000 pods terminate, then 2,000 new ones are scheduled and started.
    await page.getByTestId('speed').selectOption('5');
    const updating = measureFrames(page, 8000);
    await kubectl('scale', 'deployment', 'big', '--replicas=28000');
    await new Promise((done) => setTimeout(done, 3000));
    await kubectl('scale', 'deployment', 'big', '--replicas=30000');
    summary(report, `${label} while scaling 30000 → 28000 → 30000`, await updating);
    await page.getByTestId('speed').selectOption('1');
    await page.waitForTimeout(2000);
    await seekLatency(page, report, label, 0);
    await page.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

export default async function (report: Report): Promise<void> {
  if (process.env.CLUSTER_BENCH !== 'fake') await scale(report);
  if (process.env.CLUSTER_BENCH === 'scale') return;
  const harness = await serveRenderer();
  try {
    const small = await scenario(harness.url, { nodes: 20, pods: 500, churn: 25, tickMs: 100 }, report, '20 nodes / 500 pods (canvas pods, SVG nodes)');
    await small.close();
    const large = await scenario(harness.url, { nodes: 100, pods: 5000, churn: 250, tickMs: 100 }, report, '100 nodes / 5000 pods (canvas pods, SVG nodes)');
    await large.close();
    const history = await scenario(harness.url, { nodes: 20, pods: 500, churn: 400, tickMs: 50 }, () => undefined, 'history');
    await seekLatency(history, report);
    await history.close();
  } finally {
    await harness.close();
  }
}
