/**
 * The real kubectl 1.32 against the server on the real engine, where a learner meets the kubelet's
 * and the scheduler's refusals: a pod whose ConfigMap is missing stays ContainerCreating with
 * FailedMount in `describe` and starts once `create configmap` ran; a missing claim is a
 * FailedScheduling; a hook without a handler is refused with validation.go's words; a named GET
 * with ?watch=true answers the object. Skips, saying why, without kubectl.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import type { Harness } from './testing/harness';
import { kubectlPath, skippedWithoutKubectl, startKubectlCluster, type Kubectl } from './testing/kubectl-cluster';

let engine: Engine;
let h: Harness;
let kubectl: Kubectl;

function manifest(name: string, text: string): string {
  const file = join(h.dataDir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** The STATUS column of `kubectl get pod NAME`. */
async function status(name: string): Promise<string> {
  const lines = (await kubectl('get', 'pod', name, '--no-headers')).stdout.trim().split(/\s+/);
  return lines[2] ?? '';
}

const POD_WITH_CONFIG = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
    volumeMounts:
    - {name: config, mountPath: /etc/app}
  volumes:
  - name: config
    configMap: {name: app-config}
`;

describe.skipIf(!kubectlPath)(`kubectl meets FailedMount, FailedScheduling and validation${skippedWithoutKubectl}`, () => {
  beforeAll(async () => {
    ({ engine, h, kubectl } = await startKubectlCluster({ seed: 7, nodes: 1 }));
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  it('a missing ConfigMap: ContainerCreating with FailedMount, Running once it is created', async () => {
    expect((await kubectl('apply', '-f', manifest('web', POD_WITH_CONFIG))).stdout.trim()).toBe('pod/web created');
    engine.advance(20_000);
    expect(await status('web')).toBe('ContainerCreating');
    const described = (await kubectl('describe', 'pod', 'web')).stdout;
    expect(described).toMatch(/Warning\s+FailedMount\s+\S+ \(x\d+ over \S+\)\s+kubelet\s+MountVolume\.SetUp failed for volume "config" : configmap "app-config" not found/);
    expect((await kubectl('create', 'configmap', 'app-config', '--from-literal=app.conf=x')).stdout.trim()).toBe('configmap/app-config created');
    engine.advance(40_000);
    expect(await status('web')).toBe('Running');
  });

  it('a missing claim: Pending with the scheduler FailedScheduling message', async () => {
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n  - name: db\n    image: nginx\n    volumeMounts:\n    - {name: data, mountPath: /data}\n  volumes:\n  - name: data\n    persistentVolumeClaim: {claimName: data-db}\n`;
    await kubectl('apply', '-f', manifest('db', pod));
    engine.advance(5_000);
    expect(await status('db')).toBe('Pending');
    const described = (await kubectl('describe', 'pod', 'db')).stdout;
    expect(described).toContain('0/1 nodes are available: persistentvolumeclaim "data-db" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });

  it('a hook without a handler is refused', async () => {
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: c\n    image: nginx\n    lifecycle:\n      preStop: {}\n`;
    const r = await kubectl('apply', '-f', manifest('bad', pod));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Pod "bad" is invalid: spec.containers[0].lifecycle.preStop: Required value: must specify a handler type');
  });

  it('get --raw of a named pod with ?watch=true prints the pod, not a stream', async () => {
    const r = await kubectl('get', '--raw', '/api/v1/namespaces/default/pods/web?watch=true');
    expect(r.code).toBe(0);
    const pod = JSON.parse(r.stdout) as { kind: string; metadata: { name: string } };
    expect(pod).toMatchObject({ kind: 'Pod', metadata: { name: 'web' } });
  });
});
