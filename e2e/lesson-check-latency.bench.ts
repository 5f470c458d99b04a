/**
 * Check latency in headless Chromium: from the API write that makes a lesson step's check true to
 * the step drawn as done in the lessons panel of the real web mode. A generated lesson (served with
 * `--lessons`) has one step per ConfigMap; each sample creates the next ConfigMap over HTTPS with the
 * kubeconfig's credentials and reads the moment the page marked the step done (a MutationObserver,
 * then the next animation frame, i.e. when it is painted). Reports percentiles from the request's
 * start (an upper bound: it includes the API round trip) and from its response.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { chromiumLaunchOptions } from './fixtures/chromium';
import { startKubelab } from './fixtures/kubelab-server';
import { LessonsPage } from './pages/lessons-page';

type Report = (name: string, value: number, unit: string) => void;

const STEPS = 40;
const LESSON = 'check-latency';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

function lessonText(language: 'en' | 'ko'): string {
  const steps = Array.from({ length: STEPS }, (_, i) => {
    const name = `cm-${i + 1}`;
    return [
      `## ${language === 'en' ? 'Make' : '만들기'} ${name} {#s${i + 1}}`,
      '',
      '```sh run',
      `kubectl create configmap ${name}`,
      '```',
      '',
      '```yaml check',
      `objects: { kind: ConfigMap, namespace: default, name: ${name} }`,
      '```',
      '',
      '```yaml hint missing',
      `when: { not: { objects: { kind: ConfigMap, namespace: default, name: ${name} } } }`,
      `text: "kubectl create configmap ${name}"`,
      '```',
      '',
      '```yaml wrong',
      `- commands: ["kubectl create configmap other-${i + 1}"]`,
      '  hint: missing',
      '```',
      '',
    ].join('\n');
  });
  return [
    '---',
    `id: ${LESSON}`,
    `title: ${language === 'en' ? 'Check latency' : '확인 지연'}`,
    'level: beginner',
    'minutes: 1',
    'order: 1',
    'setup:',
    '  nodes: 1',
    '---',
    '',
    language === 'en' ? 'A lesson made by the benchmark.' : '벤치마크가 만든 레슨입니다.',
    '',
    ...steps,
    `## ${language === 'en' ? 'Finish' : '마침'} {#finish}`,
    '',
    language === 'en' ? 'Done.' : '끝났습니다.',
    '',
  ].join('\n');
}

interface Credentials {
  server: URL;
  ca: Buffer;
  token: string;
}

function credentials(kubeconfig: string): Credentials {
  const config = parse(readFileSync(kubeconfig, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = config.clusters[0]!.cluster;
  return { server: new URL(cluster.server), ca: Buffer.from(cluster['certificate-authority-data'], 'base64'), token: config.users[0]!.user.token };
}

/** Creates a ConfigMap; resolves with the wall times the request started and its response ended. */
function createConfigMap(c: Credentials, name: string): Promise<{ start: number; end: number }> {
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const req = request(
      {
        host: c.server.hostname,
        port: c.server.port,
        path: '/api/v1/namespaces/default/configmaps',
        method: 'POST',
        ca: c.ca,
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve({ start, end: Date.now() }) : reject(new Error(`create ${name}: HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls with evaluate, which the page's CSP allows (waitForFunction with a string would need eval). */
async function paintedAt(page: Page, step: string): Promise<number> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(20)) {
    const painted = (await page.evaluate(`window.__doneAt['${step}'] && window.__doneAt['${step}'].painted`)) as number | undefined;
    if (painted) return painted;
  }
  throw new Error(`step ${step} was not drawn as done within 10 s`);
}

export default async function (report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-lessons-'));
  mkdirSync(join(dir, LESSON));
  for (const language of ['en', 'ko'] as const) writeFileSync(join(dir, LESSON, `${language}.md`), lessonText(language));
  const server = await startKubelab(['--nodes', '1', '--lessons', dir]);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    const lessons = new LessonsPage(page);
    if ((await lessons.status()) !== 'ready') throw new Error('the lessons service is not available');
    await lessons.showPanel();
    await lessons.openLesson(LESSON);
    await page.locator('[data-testid="lesson-step"][data-step-id="s1"][aria-current="step"]').waitFor({ timeout: 30_000 });
    // A string, not a function: tsx's keepNames would inject a helper the page does not have.
    await page.evaluate(`(() => {
      window.__doneAt = {};
      const seen = (step) => {
        const id = step.getAttribute('data-step-id');
        if (step.getAttribute('data-state') !== 'done' || window.__doneAt[id]) return;
        const mutated = Date.now();
        window.__doneAt[id] = { mutated };
        requestAnimationFrame(() => { window.__doneAt[id].painted = Date.now(); });
      };
      new MutationObserver((records) => {
        for (const record of records) if (record.target instanceof Element && record.target.matches('[data-testid="lesson-step"]')) seen(record.target);
        for (const step of document.querySelectorAll('[data-testid="lesson-step"][data-state="done"]')) seen(step);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    })()`);
    const c = credentials(server.kubeconfig);
    const fromRequest: number[] = [];
    const fromResponse: number[] = [];
    for (let i = 1; i <= STEPS; i++) {
      const sent = await createConfigMap(c, `cm-${i}`);
      const painted = await paintedAt(page, `s${i}`);
      fromRequest.push(painted - sent.start);
      fromResponse.push(painted - sent.end);
      await page.waitForTimeout(50);
    }
    report('lesson check latency, write sent to step painted done (median)', percentile(fromRequest, 50), 'ms');
    report('lesson check latency, write sent to step painted done (p95)', percentile(fromRequest, 95), 'ms');
    report('lesson check latency, write answered to step painted done (p95)', percentile(fromResponse, 95), 'ms');
    report('lesson check latency samples', fromRequest.length, 'steps');
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
