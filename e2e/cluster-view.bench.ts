/**
 * Frame time of the cluster view in headless Chromium (software rendering), with pods changing state
 * all the time (animations running): 20 nodes / 500 pods (canvas pods, SVG nodes) and 100 nodes / 5,000 pods (canvas).
 * "frame work" is the time from a frame's start (requestAnimationFrame) to the end of its rendering
 * work (the next task); "frame interval" is the time between frames. Also: seek latency in a 10k-event
 * history, from the scrub input to the redrawn frame. The UI runs against a scripted cluster
 * (e2e/pages/fake-cluster-bridge.ts), so only the renderer is measured.
 */
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
  await page.locator('[data-kind="node"]').nth(config.nodes - 1).waitFor({ state: 'attached', timeout: 60_000 });
  await page.waitForTimeout(1500);
  const { work, intervals } = await measureFrames(page, 6000);
  report(`${label} frame work p95`, percentile(work, 95), 'ms');
  report(`${label} frame work p50`, percentile(work, 50), 'ms');
  report(`${label} frame interval p95`, percentile(intervals, 95), 'ms');
  report(`${label} frames measured`, intervals.length, 'frames');
  return page;
}

async function seekLatency(page: Page, report: Report): Promise<void> {
  // Grow the history to 10k changes, then pause and seek to random frames through the scrub bar.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="frame"]')?.getAttribute('data-frame')) > 10_000, undefined, { timeout: 60_000 });
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
  report('seek latency p50 (history ' + timings.length + ' frames)', percentile(timings.out, 50), 'ms');
  report('seek latency p95', percentile(timings.out, 95), 'ms');
}

export default async function (report: Report): Promise<void> {
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
