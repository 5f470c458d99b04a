/**
 * The terminal under a flood, as a user sees it: `npm run serve` (built), Debian's headless Chromium
 * on the web mode, and `cat` of a 50 MB file typed into the embedded shell. Reports throughput until
 * the line the shell prints after `cat` appears on screen, and the longest main-thread task and frame
 * interval while it ran (targets: ≥20 MB/s, no frame over 50 ms). The first run starts on a page
 * that has not run a flood yet (cold code), like a user's first `cat`; the figure is the median of
 * all runs. For scale it also measures the ceiling: the same bytes, in the same messages, through a
 * bare WebSocket into an empty page in the same browser. A raw DevTools connection drives the
 * browser (see fixtures/raw-cdp.ts), so nothing copies the WebSocket frames out of it.
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
const RUNS = 5;
const LINE = `${'abcdefghij'.repeat(9)}012345678\n`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves in the page once the terminal's rows match `pattern`. Checked on every change to them,
 * not polled from here, so the benchmark adds no work of its own while the flood runs.
 */
const shown = (pattern: RegExp, timeoutMs: number) => `new Promise((done, fail) => {
  // Looked up on every check: the terminal may be mounted again while the page settles.
  const matches = () => {
    const rows = document.querySelector('[data-testid="terminal-view"] .xterm-rows');
    return !!rows && ${pattern}.test([...rows.children].map((c) => c.textContent).join('\\n'));
  };
  if (matches()) return done(true);
  const observer = new MutationObserver(() => {
    if (!matches()) return;
    observer.disconnect();
    clearTimeout(timer);
    done(true);
  });
  observer.observe(document.querySelector('[data-testid="terminal-view"]') ?? document.body, { childList: true, subtree: true, characterData: true });
  const timer = setTimeout(() => { observer.disconnect(); fail(new Error('the terminal never showed ' + ${JSON.stringify(String(pattern))})); }, ${timeoutMs});
})`;
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

async function waitFor(page: RawPage, pattern: RegExp, timeoutMs: number): Promise<void> {
  // While the page loads, a promise handed to it could be lost with its first document: look from here until the terminal exists.
  for (let tries = 0; !(await page.evaluate<boolean>(`!!document.querySelector('[data-testid="terminal-view"] .xterm-rows')`)); tries++) {
    if (tries * 100 > timeoutMs) throw new Error('the terminal never appeared');
    await sleep(100);
  }
  await page.evaluate(shown(pattern, timeoutMs));
}

/**
 * Arms the page to time the next keystroke: from its input event to a row ending in `line`. The input event is the page's first sight of the key, so the DevTools hop is not counted.
 * Armed in its own step: input travels to the page by another channel than evaluations, and could
 * otherwise arrive before the listener.
 */
const armEcho = (line: string) => `(() => {
  const view = document.querySelector('[data-testid="terminal-view"]');
  let keyAt = 0;
  view.querySelector('textarea').addEventListener('input', () => (keyAt = performance.now()), { once: true, capture: true });
  window.kubelabEcho = new Promise((done) => {
    const observer = new MutationObserver(() => {
      const rows = view.querySelector('.xterm-rows');
      if (!keyAt || ![...rows.children].some((row) => row.textContent.trimEnd().endsWith(${JSON.stringify(line)}))) return;
      observer.disconnect();
      done(performance.now() - keyAt);
    });
    observer.observe(view, { childList: true, subtree: true, characterData: true });
  });
})()`;

/** Keystroke to echo on screen, one key at a time, typed as a shell comment so Enter runs nothing. */
async function echoLatencies(page: RawPage): Promise<number[]> {
  await page.evaluate(`document.querySelector('[data-testid="terminal-view"] textarea').focus()`);
  const prompt = await page.evaluate<string>(`[...document.querySelectorAll('[data-testid="terminal-view"] .xterm-rows > div')].map((row) => row.textContent.trimEnd()).filter((text) => text.includes('(minikube)')).at(-1)`);
  const keys = `#${'abcdefghijklmnopqrstuvwxyz'.repeat(2)}`;
  const samples: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    await page.evaluate(armEcho(`${prompt} ${keys.slice(0, i + 1)}`));
    await page.insertText(keys[i]!);
    samples.push(await page.evaluate<number>('window.kubelabEcho'));
  }
  await page.pressEnter();
  // The first key warms up the path.
  return samples.slice(1);
}

async function appRuns(page: RawPage, url: string, file: string) {
  await page.addInitScript(OBSERVE);
  await page.navigate(url);
  await waitFor(page, /\(minikube\)/, 30_000);
  const echoes = await echoLatencies(page);
  const runs: { seconds: number; longestTask: number; longestFrame: number; p95: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.evaluate(`document.querySelector('[data-testid="terminal-view"] textarea').focus()`);
    await page.insertText('clear');
    await page.pressEnter();
    await waitFor(page, /^(?![\s\S]*DONE42)[\s\S]*\(minikube\)/, 10_000);
    await page.evaluate(START_FRAMES);
    const started = performance.now();
    // The marker is computed, so the echoed command line does not contain it.
    await page.insertText(`cat ${file}; echo DONE$((6*7))`);
    await page.pressEnter();
    await waitFor(page, /^DONE42/m, 600_000);
    const seconds = (performance.now() - started) / 1000;
    runs.push({ seconds, ...(await page.evaluate<{ longestTask: number; longestFrame: number; p95: number }>(STOP_FRAMES)) });
  }
  return { runs, echoes };
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
    const { runs, echoes } = await appRuns(page, server.url, file);
    const rates = runs.map((r) => MB / r.seconds);
    const bare = [await ceiling(page), await ceiling(page), await ceiling(page)];
    report('terminal flood in Chromium: cat 50 MB throughput median', median(rates), `MB/s (runs ${rates.map((r) => r.toFixed(1)).join(', ')})`);
    report('terminal flood: ceiling, same bytes through a bare WebSocket into an empty page, median', median(bare), `MB/s (runs ${bare.map((r) => r.toFixed(1)).join(', ')})`);
    report('terminal flood: app throughput as a share of the ceiling', Math.round((100 * median(rates)) / median(bare)), '%');
    report('terminal flood: longest main-thread task, median of runs', median(runs.map((r) => r.longestTask)), 'ms');
    report('terminal flood: longest frame interval, median of runs', median(runs.map((r) => r.longestFrame)), 'ms');
    report('terminal flood: frame interval p95, median of runs', median(runs.map((r) => r.p95)), 'ms');
    const sortedEchoes = [...echoes].sort((a, b) => a - b);
    report('terminal keystroke-to-echo in Chromium (input event to echo on screen), median', median(echoes), `ms (${echoes.length} keys)`);
    report('terminal keystroke-to-echo in Chromium, p95', sortedEchoes[Math.floor(sortedEchoes.length * 0.95)] ?? NaN, 'ms');
  } finally {
    await page.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
