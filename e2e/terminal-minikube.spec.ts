/**
 * `minikube` in the embedded terminal, where it changes the cluster itself: `start --nodes N` re-creates
 * it after asking (the view and kubectl both see the fresh cluster), and `tunnel` hands LoadBalancers
 * an IP until Ctrl-C, which takes it back.
 */
import { expect, test } from '@playwright/test';
import { useShellServer } from './fixtures/shell-server';
import { kubectlPath } from './fixtures/kubectl';
import { ClusterPage } from './pages/cluster-page';
import { TerminalPage } from './pages/terminal-page';

const shellServer = useShellServer();

test('minikube start --nodes 2 asks, then re-creates the cluster that kubectl and the view show', async ({ page }) => {
  test.skip(!kubectlPath, 'no kubectl on PATH');
  const terminal = new TerminalPage(page);
  const cluster = new ClusterPage(page);
  await terminal.open(shellServer().url);
  await expect(cluster.nodes()).toHaveCount(3);
  await terminal.run('clear; kubectl create deployment before --image=nginx');
  await terminal.waitForText(/deployment.apps\/before created/);

  await terminal.run('clear; minikube start --nodes 2');
  await terminal.waitForText(/Delete and re-create "minikube" with 2 nodes\? \[y\/N\]/);
  await page.keyboard.type('y');
  await page.keyboard.press('Enter');
  await terminal.waitForText(/Removed all traces of the "minikube" cluster/);
  await terminal.waitForText(/Done! kubectl is now configured/, 30_000);

  await expect(cluster.nodes()).toHaveCount(2);
  await expect(cluster.node('minikube-m02')).toBeVisible();
  await terminal.run('clear; kubectl get nodes --no-headers -o custom-columns=NAME:.metadata.name; kubectl get deploy before');
  const text = await terminal.waitForText(/NotFound|not found/);
  expect(text).toMatch(/^minikube\s*\nminikube-m02\s*$/m);
  expect(text).not.toMatch(/minikube-m03/);
});

test('minikube tunnel gives a LoadBalancer its IP, and Ctrl-C takes it back', async ({ page }) => {
  test.skip(!kubectlPath, 'no kubectl on PATH');
  const terminal = new TerminalPage(page);
  await terminal.open(shellServer().url);
  await terminal.run('clear; kubectl create deployment hello --image=nginx && kubectl expose deployment hello --type=LoadBalancer --port=80');
  await terminal.waitForText(/service\/hello exposed/);
  await terminal.run('clear; minikube tunnel');
  await terminal.waitForText(/Starting tunnel for service hello\./);
  await page.keyboard.press('Control+C');
  await terminal.waitForText(/Stopped tunnel for service hello\./);
  await terminal.run("clear; kubectl get svc hello -o jsonpath='{.status.loadBalancer}{\"|\"}'; echo");
  await terminal.waitForText(/^\{\}\|$/m);
  await terminal.run('clear; kubectl get svc hello --no-headers');
  await terminal.waitForText(/^hello\s+LoadBalancer\s+\S+\s+<pending>\s+80:\d+\/TCP/m);
});
