/**
 * Where beginners trip, seen through the real kubectl 1.32 as on a real cluster: a typo'd image
 * ends in ImagePullBackOff with the registry's own message; the Kubernetes docs' liveness-exec
 * example restarts its container about 35 s after start; `kubectl run -it --rm … -- sh` is an
 * interactive shell that deletes its pod on exit; `kubectl port-forward` carries HTTP to the pod.
 * The server's clock runs at 20x, and the tests poll kubectl rather than sleep.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { spawn as spawnPty } from 'node-pty';
import { createKubectl, kubectlPath, tableRows, type Kubectl } from './fixtures/kubectl';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';

test.skip(!kubectlPath, 'no kubectl on PATH: these tests run the real kubectl 1.32 against Kubelab (install kubectl to run them)');
test.use({ trace: 'off' });

let server: KubelabServer;
let kubectl: Kubectl;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '2', '--speed', '20']);
  kubectl = createKubectl(server.kubeconfig);
});

test.afterAll(async () => {
  kubectl?.dispose();
  if (server) expect(await server.stop()).toBe(0);
});

const ok = (args: string[]) => kubectl.ok(args);
const status = async (pod: string) => tableRows(await ok(['get', 'pod', pod]))[0]?.[2];

interface EventItem {
  reason: string;
  message: string;
  firstTimestamp?: string;
  eventTime?: string;
}

async function eventsOf(pod: string): Promise<EventItem[]> {
  const list = JSON.parse(await ok(['get', 'events', '--field-selector', `involvedObject.name=${pod}`, '-o', 'json'])) as { items: EventItem[] };
  return list.items;
}

test('a typo in the tag ends in ImagePullBackOff with the registry message', async () => {
  expect(await ok(['run', 'typo', '--image=nginx:no-such-tag-zzz'])).toBe('pod/typo created\n');
  await expect.poll(() => status('typo'), { timeout: 30_000 }).toBe('ImagePullBackOff');
  const describe = await ok(['describe', 'pod', 'typo']);
  expect(describe).toContain('Failed to pull image "nginx:no-such-tag-zzz"');
  expect(describe).toContain('manifest for nginx:no-such-tag-zzz not found: manifest unknown');
  expect(describe).toMatch(/Back-off pulling image "nginx:no-such-tag-zzz"/);
});

test('an image on a registry that does not exist fails with "no such host"', async () => {
  await ok(['run', 'nohost', '--image=example.invalid/foo/bar:1']);
  await expect.poll(() => status('nohost'), { timeout: 30_000 }).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
  const messages = (await eventsOf('nohost')).map((e) => e.message).join('\n');
  expect(messages).toMatch(/example\.invalid.*no such host/);
});

test("the docs' liveness-exec pod restarts its container about 35 s after it started", async () => {
  // https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
  const manifest = join(kubectl.workDir, 'exec-liveness.yaml');
  writeFileSync(
    manifest,
    `apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
`,
  );
  expect(await ok(['apply', '-f', manifest])).toBe('pod/liveness-exec created\n');
  // RESTARTS reads `1 (5s ago)` once the container restarted.
  await expect.poll(async () => parseInt(tableRows(await ok(['get', 'pod', 'liveness-exec']))[0]?.[3] ?? '0', 10), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  const events = await eventsOf('liveness-exec');
  const unhealthy = events.find((e) => e.reason === 'Unhealthy');
  expect(unhealthy?.message).toMatch(/^Liveness probe failed: cat: can't open '\/tmp\/healthy': No such file or directory/);
  const started = events.find((e) => e.reason === 'Started');
  const killing = events.find((e) => e.reason === 'Killing');
  expect(killing?.message).toBe('Container liveness failed liveness probe, will be restarted');
  const at = (e: EventItem | undefined) => Date.parse(e?.firstTimestamp ?? e?.eventTime ?? '');
  // Healthy for 30 s; then three failed probes 5 s apart: the kill comes 35-45 s after the start.
  const seconds = (at(killing) - at(started)) / 1000;
  expect(seconds).toBeGreaterThanOrEqual(35);
  expect(seconds).toBeLessThanOrEqual(46);
});

test('kubectl run -it --rm gives an interactive shell and deletes the pod when it exits', async () => {
  const shell = spawnPty(kubectlPath!, ['run', '-it', '--rm', 'b', '--image=busybox', '--restart=Never', '--', 'sh'], { env: kubectl.env as Record<string, string>, cols: 120, rows: 30 });
  let screen = '';
  shell.onData((data) => (screen += data));
  const exited = new Promise<number>((resolveExit) => shell.onExit(({ exitCode }) => resolveExit(exitCode)));
  try {
    // As on a real cluster: the shell printed its prompt before kubectl attached, so kubectl says to press Enter.
    await expect.poll(() => screen, { timeout: 60_000 }).toContain("If you don't see a command prompt, try pressing enter.");
    shell.write('\r');
    await expect.poll(() => screen, { timeout: 10_000 }).toContain('/ # ');
    shell.write('echo sum=$((40+2))\r');
    await expect.poll(() => screen, { timeout: 10_000 }).toContain('sum=42');
    shell.write('exit\r');
    expect(await exited).toBe(0);
  } finally {
    shell.kill();
  }
  expect(screen).toContain('pod "b" deleted');
  const gone = await kubectl.run(['get', 'pod', 'b']);
  expect(gone.stderr).toContain('pods "b" not found');
});

test('kubectl port-forward carries HTTP from this computer to the pod', async () => {
  await ok(['create', 'deployment', 'hello', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1']);
  await ok(['rollout', 'status', 'deployment/hello', '--timeout=60s']);
  const forward = kubectl.spawn(['port-forward', 'deployment/hello', ':8080']);
  try {
    const port = await new Promise<number>((resolvePort, reject) => {
      let text = '';
      forward.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(text);
        if (match) resolvePort(Number(match[1]));
      });
      forward.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
      forward.once('exit', (code) => reject(new Error(`kubectl port-forward exited ${code}: ${text}`)));
    });
    const reply = await fetch(`http://127.0.0.1:${port}/`);
    expect(reply.status).toBe(200);
    expect(await reply.text()).toMatch(/^Hello Kubernetes bootcamp! \| Running on: hello-[a-z0-9]+-[a-z0-9]{5} \| v=1\n$/);
  } finally {
    forward.kill();
  }
});
