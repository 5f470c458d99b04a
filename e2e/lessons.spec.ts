/**
 * Learn mode in web mode, as a learner does it: open the Deploy lesson, type each step's commands by
 * hand into the embedded terminal (not the Run buttons) and see each step turn done; a wrong command
 * leaves the step active and brings its hint; Reset this step puts the cluster back; progress
 * survives a reload; the Korean lesson shows no English outside kubectl's terms and the commands.
 * Skips, saying what is missing, while the lessons service or the lesson is not there yet.
 */
import { expect, test, type Page } from '@playwright/test';
import { kubectlPath } from './fixtures/kubectl';
import { lessonFilePath, readLessonFile, type LessonFileStep } from './fixtures/lesson-file';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { screenshot } from './pages/cluster-page';
import { LessonsPage } from './pages/lessons-page';
import { TerminalPage } from './pages/terminal-page';

const LESSON = 'deploy-app';
/** Words kubectl and Kubernetes print as they are, kept in English in the Korean lesson too. */
const KUBECTL_TERMS = new Set(
  (
    'kubectl minikube Kubernetes Kubelab YAML JSON API URL HTTP HTTPS IP CPU ID TCP DNS localhost ' +
    'Pod Pods Deployment Deployments ReplicaSet ReplicaSets Service Services Node Nodes Namespace Namespaces Label Labels Selector ' +
    'ConfigMap Secret Job CronJob DaemonSet StatefulSet Ingress Endpoints EndpointSlice PersistentVolumeClaim PersistentVolume Event Events ' +
    'ClusterIP NodePort LoadBalancer ExternalName Running Pending Ready NotReady Unknown Terminating Completed Failed Succeeded ' +
    'ContainerCreating ImagePullBackOff ErrImagePull CrashLoopBackOff OOMKilled SchedulingDisabled READY STATUS AGE NAME RESTARTS AVAILABLE UP-TO-DATE ' +
    'control-plane worker rollout proxy expose scale logs exec describe get apply create delete edit'
  ).split(/\s+/),
);

test.skip(!kubectlPath, 'no kubectl on PATH: the lesson is typed with the real kubectl (install kubectl to run this)');
test.describe.configure({ mode: 'serial' });
test.use({ trace: 'off' });

let server: KubelabServer;
let steps: LessonFileStep[] | undefined;

test.beforeAll(async () => {
  steps = readLessonFile(LESSON, 'en');
  if (!steps) return;
  server = await startKubelab(['--speed', '50']);
});
test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

/** Opens the app and the Deploy lesson; a missing lesson file, service or list entry fails the test. */
async function openLesson(page: Page): Promise<{ lessons: LessonsPage; terminal: TerminalPage }> {
  expect(steps, `the lesson file ${lessonFilePath(LESSON, 'en')} is missing`).toBeTruthy();
  const lessons = new LessonsPage(page);
  const terminal = new TerminalPage(page);
  await terminal.open(server.url);
  const status = await lessons.status();
  expect(status, 'the main process serves the lessons service').toBe('ready');
  await lessons.showPanel();
  const ids = await lessons.lessonIds();
  const activeLesson = page.getByTestId('active-lesson');
  const active = (await activeLesson.count()) ? await activeLesson.getAttribute('data-lesson-id') : null;
  expect(active === LESSON || ids.includes(LESSON), `the lessons list has "${LESSON}" (listed: ${ids.join(', ') || 'none'})`).toBe(true);
  await lessons.openLesson(LESSON);
  return { lessons, terminal };
}

/**
 * Types one command line and waits for the shell's prompt to come back, as a learner does: typing on
 * while `$(kubectl ...)` still runs mixes the next line into it.
 */
async function typeCommand(terminal: TerminalPage, command: string): Promise<void> {
  const echo = command.slice(0, 20);
  // The prompt may follow output that did not end its line (curl's answer), so it is looked for at the end of the last row.
  await terminal.run(command);
  await expect
    .poll(async () => {
      const lines = (await terminal.screenText()).split('\n').filter((line) => line.trim());
      const last = lines.at(-1) ?? '';
      return lines.some((line) => line.includes(echo)) && /\(minikube\) \S+[#$]$/.test(last) && !last.includes(echo);
    }, { timeout: 60_000, message: `the shell never came back after: ${command}` })
    .toBe(true);
}

/** Types a step's commands by hand; a command that keeps running (kubectl proxy) gets its own tab. */
async function typeStep(terminal: TerminalPage, step: LessonFileStep): Promise<void> {
  for (const command of step.commands) {
    if (command.background) {
      await terminal.newTab();
      await terminal.waitForShell();
      await terminal.run(command.text);
      await terminal.selectTab(0);
    } else {
      await typeCommand(terminal, command.text);
    }
  }
}

test('typing each step by hand turns it done; a wrong command brings its hint; reset puts the cluster back', async ({ page }) => {
  test.setTimeout(240_000);
  const { lessons, terminal } = await openLesson(page);
  expect(await lessons.stepIds()).toEqual(steps!.map((step) => step.id));
  let triedWrong = false;
  for (const step of steps!) {
    await expect(lessons.step(step.id)).toHaveAttribute('aria-current', 'step');
    await expect(lessons.step(step.id)).toHaveAttribute('data-state', 'active');
    // The page offers exactly the commands the lesson file lists, in order.
    expect(await lessons.runCommands()).toEqual(step.commands.map((command) => command.text));
    const wrong = step.wrong[0];
    if (!triedWrong && wrong) {
      triedWrong = true;
      const before = await lessons.drawnObjects();
      for (const command of wrong.commands) await typeCommand(terminal, command);
      await expect(lessons.page.locator(`[data-testid="lesson-hint"][data-hint-id="${wrong.hint}"]`)).toBeVisible({ timeout: 30_000 });
      await expect(lessons.step(step.id)).toHaveAttribute('data-state', 'active');
      await screenshot(page, 'lessons-wrong-hint.png');
      await lessons.resetStep();
      await expect.poll(() => lessons.drawnObjects(), { timeout: 30_000, message: 'Reset this step did not return the drawn cluster to the step start' }).toEqual(before);
      await expect(lessons.step(step.id)).toHaveAttribute('data-state', 'active');
    }
    await typeStep(terminal, step);
    await expect(lessons.step(step.id)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const current = await lessons.currentStepId();
    if (current === step.id) await page.getByTestId('lesson-next').click();
  }
  expect(triedWrong, 'the lesson has no wrong attempt to try').toBe(true);
  await expect(lessons.finishPage().or(page.getByTestId('lesson-next'))).toBeVisible();
  await screenshot(page, 'lessons-finished.png');
});

test('progress survives a reload', async ({ page }) => {
  const { lessons } = await openLesson(page);
  for (const step of steps!) await expect(lessons.step(step.id)).toHaveAttribute('data-state', 'done');
  await page.reload();
  expect(await lessons.status()).toBe('ready');
  await lessons.showPanel();
  await lessons.openLesson(LESSON);
  for (const step of steps!) await expect(lessons.step(step.id)).toHaveAttribute('data-state', 'done');
});

test('the Korean lesson shows no English outside kubectl terms and commands', async ({ page }) => {
  const { lessons } = await openLesson(page);
  await lessons.setLanguage('ko');
  await expect(page.getByTestId('lesson-title')).not.toHaveText(/^[\x20-\x7e]*$/);
  const english = new Set<string>();
  const collect = async () => {
    for (const word of (await lessons.textOutsideCode()).match(/[A-Za-z][A-Za-z-]*/g) ?? []) if (!KUBECTL_TERMS.has(word)) english.add(word);
  };
  // Every step of a finished lesson can be opened; then the finish page.
  for (const step of steps!) {
    await lessons.goToStep(step.id);
    await page.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await collect();
  }
  await page.getByTestId('lesson-next').click();
  await expect(lessons.finishPage()).toBeVisible();
  await collect();
  await screenshot(page, 'lessons-korean.png');
  expect([...english], 'English words in the Korean lesson panel').toEqual([]);
});
