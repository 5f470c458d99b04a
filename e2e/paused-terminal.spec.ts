/**
 * A paused cluster is never a silent one: with the clock paused, kubectl in the embedded terminal
 * still answers, and prints one `Warning:` line saying the cluster is paused and how to resume
 * (the API server's Warning header, printed by kubectl itself). Pressing Live resumes the clock,
 * and the change that waited happens.
 */
import { expect, test } from '@playwright/test';
import { kubectlPath } from './fixtures/kubectl';
import { useShellServer } from './fixtures/shell-server';
import { ClusterPage, screenshot } from './pages/cluster-page';
import { TerminalPage } from './pages/terminal-page';

test.use({ trace: 'off' });

const shellServer = useShellServer(['--nodes', '2', '--speed', '5']);

const PAUSED = /^Warning: the cluster is paused: Kubelab keeps changes/m;
const pausedLines = (screen: string) => screen.match(new RegExp(PAUSED.source, 'gm')) ?? [];
/** The screen as one text, wrapped rows joined, to read a long line whole. */
const unwrapped = (screen: string) => screen.replace(/\n/g, '');

test('kubectl while paused prints the paused line once; Live resumes and the scale happens', async ({ page }) => {
  test.skip(!kubectlPath, 'no kubectl on PATH');
  test.setTimeout(120_000);
  const terminal = new TerminalPage(page);
  const cluster = new ClusterPage(page);
  await terminal.open(shellServer().url);
  await terminal.run('kubectl create deployment web --image=gcr.io/google-samples/kubernetes-bootcamp:v1 && kubectl rollout status deployment/web --timeout=60s');
  await terminal.waitForText(/deployment "web" successfully rolled out/, 60_000);
  // Running: no line.
  expect(await terminal.screenText()).not.toMatch(PAUSED);

  await cluster.clockToggle().click();
  await expect(cluster.clockToggle()).toHaveAttribute('aria-pressed', 'false');
  await terminal.run('clear; kubectl scale deployment web --replicas=3; kubectl get deployment web --no-headers; echo "done=$?"');
  const screen = await terminal.waitForText(/^done=0$/m);
  expect(screen).toMatch(/^deployment\.apps\/web scaled$/m);
  // One line for the two commands (the first read of a paused view is told, not every one), saying how to resume.
  expect(pausedLines(screen)).toHaveLength(1);
  expect(unwrapped(screen)).toContain("press Live in Kubelab's timeline to resume");
  // The scale is stored, and waits: no pod is added while the clock stands still.
  expect(screen).toMatch(/^web\s+1\/3\s+1\s+1\s/m);
  await screenshot(page, 'paused-terminal-warning.png');

  // Live resumes the clock, and the ReplicaSet controller acts on the stored scale.
  await cluster.liveButton().click();
  await expect(cluster.clockToggle()).toHaveAttribute('aria-pressed', 'true');
  await terminal.run('clear; kubectl rollout status deployment/web --timeout=60s && kubectl get deployment web --no-headers; echo "live=$?"');
  const after = await terminal.waitForText(/^live=0$/m, 60_000);
  expect(after).toMatch(/^web\s+3\/3\s+3\s+3\s/m);
  expect(after).not.toMatch(PAUSED);
  await screenshot(page, 'paused-terminal-resumed.png');
});

test('a delete that waits while paused is explained at once, and finishes on Live', async ({ page }) => {
  test.skip(!kubectlPath, 'no kubectl on PATH');
  test.setTimeout(120_000);
  const terminal = new TerminalPage(page);
  const cluster = new ClusterPage(page);
  await terminal.open(shellServer().url);
  await terminal.run('kubectl run solo --image=gcr.io/google-samples/kubernetes-bootcamp:v1 && kubectl wait --for=condition=Ready pod/solo --timeout=60s');
  await terminal.waitForText(/pod\/solo condition met/, 60_000);
  await cluster.clockToggle().click();
  await expect(cluster.clockToggle()).toHaveAttribute('aria-pressed', 'false');
  await terminal.run('clear; kubectl delete pod solo; echo "deleted=$?"');
  // kubectl waits for the kubelet to finish the pod, which a paused clock never lets it do:
  // the line is there at once, while the command still waits.
  const waiting = await terminal.waitForText(PAUSED, 10_000);
  expect(waiting).not.toMatch(/^deleted=/m);
  await cluster.liveButton().click();
  const done = await terminal.waitForText(/^deleted=0$/m, 60_000);
  expect(done).toMatch(/^pod "solo" deleted$/m);
  expect(pausedLines(done)).toHaveLength(1);
});
