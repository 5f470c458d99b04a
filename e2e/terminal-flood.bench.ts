/**
 * The terminal under a flood, as a user sees it: `npm run serve` (built), Debian's headless Chromium
 * on the web mode, and `cat` of a 50 MB file typed into the embedded shell. Reports throughput until
 * the shell's next prompt line appears on screen, the longest main-thread task and frame interval
 * while it ran (targets: ≥20 MB/s, no frame over 50 ms), and how many characters the renderer
 * fast-forwarded. For scale it also measures the ceiling: the same bytes, in the same messages,
 * through a bare WebSocket into an empty page in the same browser. A raw DevTools connection drives
 * the browser (see fixtures/raw-cdp.ts), so nothing copies the WebSocket frames out of it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { startKubelab } from './fixtures/kubelab-server';
import { launchRawChromium, type RawPage } from './fixtures/raw-cdp';

type Report = (name: string, value: number, unit: string) => void;

const MB = 50;
const RUNS = 3;
const LINE = `${'abcdefghij'.repeat(9)}012345678\n`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SCREEN = `[...document.querySelectorAll('[data-testid="terminal-view"] .xterm-rows > div')].map((r) => r.textContent).join('\\n')`;
const OBSERVE = `(() => {
  window.longTasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
})()`;
const START_FRAMES = `(() => {
  window.longTasks.length = 0;
  window.frames_ = [];
  window.framing = true;
  let last = performance.now();
  const onFrame = (now) => { window.frames_.push(now - last); last = now; if (window.framing) requestAnimationFrame(onFrame); };
  requestAnimationFrame(onFrame);
})()`;
const STOP_FRAMES = `(() => {
  window.framing = false;
  const frames = window.frames_.slice(1).sort((a, b) => a - b);
  return { longestTask: Math.max(0, ...window.longTasks), longestFrame: frames.at(-1) ?? 0, p95: frames[Math.floor(frames.length * 0.95)] ?? 0 };
})()`;

async function waitFor(page: RawPage, test: (screen: string) => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test(await page.evaluate<string>(SCREEN))) {
    if (Date.now() > end) throw new Error('the terminal never showed what the benchmark waits for');
    await sleep(50);
  }
}

async function appRuns(page: RawPage, url: string, file: string) {
  await page.addInitScript(OBSERVE);
  await page.navigate(url);
  await waitFor(page, (screen) => screen.includes('(kubelab)'), 30_000);
  const runs: { seconds: number; longestTask: number; longestFrame: number; p95: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.evaluate(`document.querySelector('[data-testid="terminal-view"] textarea').focus()`);
    await page.insertText('clear');
    await page.pressEnter();
    await waitFor(page, (screen) => !screen.includes('DONE42') && screen.includes('(kubelab)'), 10_000);
    await page.evaluate(START_FRAMES);
    const started = performance.now();
    // The marker is computed, so the echoed command line does not contain it.
    await page.insertText(`cat ${file}; echo DONE$((6*7))`);
    await page.pressEnter();
    await waitFor(page, (screen) => /^DONE42/m.test(screen), 600_000);
    const seconds = (performance.now() - started) / 1000;
    runs.push({ seconds, ...(await page.evaluate<{ longestTask: number; longestFrame: number; p95: number }>(STOP_FRAMES)) });
  }
  return runs;
}

/** The same bytes as terminal output events through a bare WebSocket, acknowledged as the app does. */
async function ceiling(page: RawPage): Promise<number> {
  const http = createServer((_req, res) => res.end('<!doctype html><title>ceiling</title>'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port;
  const wss = new WebSocketServer({ server: http });
  const total = MB * 1024 * 1024;
  const message = JSON.stringify({ t: 'ev', id: 7, value: { id: 't1', data: LINE.replace('\n', '\r\n').repeat(600) } });
  wss.on('connection', (socket) => {
    let sent = 0;
    let acked = 0;
    const pump = () => {
      while (sent - acked < 1_000_000 && sent < total) {
        socket.send(message);
        sent += message.length;
      }
    };
    socket.on('message', (chars) => {
      acked += Number(String(chars));
      pump();
    });
    pump();
  });
  try {
    await page.navigate(`http://127.0.0.1:${port}/`);
    await sleep(300);
    return await page.evaluate<number>(`new Promise((done) => {
      const socket = new WebSocket('ws://127.0.0.1:${port}/');
      let chars = 0;
      let started = 0;
      socket.onopen = () => (started = performance.now());
      socket.onmessage = (event) => {
        const data = JSON.parse(event.data).value.data;
        chars += event.data.length;
        socket.send(String(event.data.length));
        if (chars >= ${total}) done(chars / 1048576 / ((performance.now() - started) / 1000));
      };
    })`);
  } finally {
    wss.close();
    http.close();
  }
}

export default async function bench(report: Report): Promise<void> {
  if (!existsSync('out/main/serve.js')) throw new Error('build first: npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-flood-bench-'));
  const file = join(dir, 'flood.txt');
  writeFileSync(file, LINE.repeat((MB * 1024 * 1024) / LINE.length));
  const server = await startKubelab(['--nodes', '1']);
  const page = await launchRawChromium();
  try {
    const runs = await appRuns(page, server.url, file);
    const rates = runs.map((r) => MB / r.seconds);
    const bare = [await ceiling(page), await ceiling(page), await ceiling(page)];
    report('terminal flood in Chromium: cat 50 MB throughput median', median(rates), `MB/s (runs ${rates.map((r) => r.toFixed(1)).join(', ')})`);
    report('terminal flood: ceiling, same bytes through a bare WebSocket into an empty page, median', median(bare), `MB/s (runs ${bare.map((r) => r.toFixed(1)).join(', ')})`);
    report('terminal flood: app throughput as a share of the ceiling', Math.round((100 * median(rates)) / median(bare)), '%');
    report('terminal flood: longest main-thread task, median of runs', median(runs.map((r) => r.longestTask)), 'ms');
    report('terminal flood: longest frame interval, median of runs', median(runs.map((r) => r.longestFrame)), 'ms');
    report('terminal flood: frame interval p95, median of runs', median(runs.map((r) => r.p95)), 'ms');
  } finally {
    await page.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
