// "Why does this pod exist?", against the real engine and the real kubectl in the embedded terminal:
// a pod of a Deployment made with `kubectl create deployment` shows the five recorded steps (the
// command, the Deployment and ReplicaSet controllers, the scheduler, the kubelet), and each step,
// clicked or pressed with the keyboard, shows its own frame on the timeline.
import { expect, test } from '@playwright/test';
import { useShellServer } from './fixtures/shell-server';
import { kubectlPath } from './fixtures/kubectl';
import { ClusterPage, collectConsoleErrors, screenshot } from './pages/cluster-page';
import { TerminalPage } from './pages/terminal-page';

const shellServer = useShellServer(['--nodes', '3', '--seed', '7']);

test('a pod’s chain from kubectl create deployment has five steps, each jumping to its frame', async ({ page }) => {
  test.skip(!kubectlPath, 'no kubectl on PATH');
  test.setTimeout(90_000);
  const errors = collectConsoleErrors(page);
  const terminal = new TerminalPage(page);
  const cluster = new ClusterPage(page);
  await terminal.open(shellServer().url);
  await terminal.run('clear; kubectl create deployment hello --image=nginx --replicas=2');
  await terminal.waitForText(/deployment.apps\/hello created/);
  const ready = page.locator('[data-kind="pod"][data-owner="hello"][data-phase="Ready"]');
  await expect(ready).toHaveCount(2, { timeout: 30_000 });
  const pod = ready.first();
  const [name, node] = [await pod.getAttribute('data-name'), await pod.getAttribute('data-node')];
  await pod.click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-name-selected', name!);

  const steps = cluster.originSteps();
  await expect(steps).toHaveCount(5);
  expect(await steps.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-step')))).toEqual(['created', 'made', 'made', 'scheduled', 'started']);
  await expect(steps.nth(0)).toContainText('You ran kubectl create deployment, which created Deployment hello');
  await expect(steps.nth(1)).toContainText(/Deployment controller made ReplicaSet hello-[a-z0-9]+/);
  await expect(steps.nth(2)).toContainText(name!);
  await expect(steps.nth(3)).toContainText(`The scheduler chose node ${node}`);
  await expect(steps.nth(4)).toContainText(`The kubelet on ${node}`);
  const frames = (await steps.evaluateAll((buttons) => buttons.map((b) => Number(b.getAttribute('data-frame'))))) as number[];
  expect(frames.every((f, i) => i === 0 || f > frames[i - 1]!), frames.join(' ')).toBe(true);
  await screenshot(page, 'why-exists-en.png');

  // Each step, clicked, shows its frame (the first ones from before the pod existed).
  for (const [i, frame] of frames.entries()) {
    await steps.nth(i).click();
    await expect(cluster.frame()).toHaveAttribute('data-frame', String(frame));
    await expect(cluster.frame()).toHaveAttribute('data-live', 'false');
    await expect(steps.nth(i)).toHaveAttribute('aria-current', 'step');
  }
  // By keyboard: the steps are buttons, one Tab stop each.
  await page.keyboard.press('Shift+Tab');
  await expect(steps.nth(3)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cluster.frame()).toHaveAttribute('data-frame', String(frames[3]));
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(steps.nth(0)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cluster.frame()).toHaveAttribute('data-frame', String(frames[0]));
  await screenshot(page, 'why-exists-past-en.png');

  await cluster.setLanguage('ko');
  await expect(steps.nth(0)).toContainText('kubectl create deployment 명령을 실행해서 디플로이먼트 hello 오브젝트를 만들었습니다');
  await expect(steps.nth(3)).toContainText(`스케줄러가 ${node} 노드를 골랐습니다`);
  await screenshot(page, 'why-exists-ko.png');
  await cluster.setLanguage('en');
  expect(errors).toEqual([]);
});
