/**
 * Image pulls on the real engine and the virtual clock: each way a pull fails reaches ErrImagePull
 * then ImagePullBackOff with the registry's message, retries 10 s doubling to 5 min, and recovers
 * when the image is fixed; InvalidImageName and ErrImageNeverPull never pull; IfNotPresent reuses
 * a cached image; entrypoints that refuse their environment crash-loop with their own log lines.
 */
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, KubeEvent, Pod } from '../../../shared/k8s/objects';
import { createDeployment, deployment, engine, events, get, isReady, patch, podsOf, until, USER } from '../testkit';
import { POSTGRES_NO_PASSWORD } from './images/catalog/databases';

function pod(name: string, image: string, extra: Partial<Pod['spec']['containers'][0]> = {}, spec: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name, image, ...extra }], ...spec }, status: {} } as Pod;
}

function status(e: ReturnType<typeof engine>, name: string): ContainerStatus | undefined {
  return get<Pod>(e, 'Pod', 'default', name)?.status.containerStatuses?.[0];
}

function messages(e: ReturnType<typeof engine>, name: string, reason?: string): string[] {
  return events(e, { name, namespace: 'default', ...(reason ? { reason } : {}) }).map((ev) => ev.message);
}

const FAILURES: [string, string, string][] = [
  ['unknown tag', 'nginx:no-such-tag-zzz', 'Error response from daemon: manifest for nginx:no-such-tag-zzz not found: manifest unknown: manifest unknown'],
  ['unknown repository', 'foo/bar', "Error response from daemon: pull access denied for foo/bar, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"],
  ['unknown host', 'example.invalid/foo/bar:1', 'Error response from daemon: Get "https://example.invalid/v2/": dial tcp: lookup example.invalid on 192.168.49.1:53: no such host'],
];

describe('failed pulls', () => {
  it.each(FAILURES)('%s: ErrImagePull with the registry message, then ImagePullBackOff', (_kind, image, message) => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('p', image), USER);
    until(e, () => status(e, 'p')?.state?.waiting?.reason === 'ErrImagePull', 30_000, 100);
    expect(status(e, 'p')!.state!.waiting).toEqual({ reason: 'ErrImagePull', message });
    until(e, () => status(e, 'p')?.state?.waiting?.reason === 'ImagePullBackOff', 30_000, 100);
    // image_manager.go (1.32): the back-off message carries the last pull error.
    expect(status(e, 'p')!.state!.waiting).toEqual({ reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ErrImagePull: ${message}` });
    expect(get<Pod>(e, 'Pod', 'default', 'p')!.status.phase).toBe('Pending');
    const all = messages(e, 'p');
    for (const want of [`Pulling image "${image}"`, `Failed to pull image "${image}": ${message}`, 'Error: ErrImagePull', `Back-off pulling image "${image}"`, 'Error: ImagePullBackOff']) expect(all).toContain(want);
  });

  it('retries the pull 10, 20, 40, 80, 160 s apart, capped at 300 s', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('p', 'nginx:no-such-tag-zzz'), USER);
    const pulls: number[] = [];
    let count = 0;
    while (e.now() < 1_100_000) {
      e.advance(250);
      const ev = e.store.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=p,reason=Pulling' }).items[0] as KubeEvent | undefined;
      if (ev && ev.count! !== count) {
        count = ev.count!;
        pulls.push(e.now());
      }
    }
    const gaps = pulls.slice(1).map((t, i) => Math.round((t - pulls[i]!) / 1000));
    expect(gaps.slice(0, 7).map((g, i) => g - [10, 20, 40, 80, 160, 300, 300][i]!).every((d) => d >= 0 && d <= 3)).toBe(true);
  });

  it('recovers when kubectl set image fixes the Deployment', () => {
    const e = engine({ nodes: 1 });
    createDeployment(e, deployment('web', 'nginx:no-such-tag-zzz'));
    until(e, () => podsOf(e, 'web').some((p) => p.status.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff'));
    patch(e, 'Deployment', 'default', 'web', (d: ReturnType<typeof deployment>) => {
      d.spec.template.spec.containers[0]!.image = 'nginx:1.27';
    });
    until(e, () => {
      const pods = podsOf(e, 'web');
      return pods.length === 1 && pods[0]!.spec.containers[0]!.image === 'nginx:1.27' && isReady(pods[0]!);
    });
    expect(podsOf(e, 'web')[0]!.status.containerStatuses![0]!.state!.running).toBeDefined();
  });

  it('recovers when the pod itself gets a pullable image', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('p', 'nginx:no-such-tag-zzz'), USER);
    until(e, () => status(e, 'p')?.state?.waiting?.reason === 'ImagePullBackOff');
    patch<Pod>(e, 'Pod', 'default', 'p', (p) => {
      p.spec.containers[0]!.image = 'nginx:1.27';
    });
    until(e, () => status(e, 'p')?.state?.running !== undefined, 30_000);
    expect(status(e, 'p')!.image).toBe('nginx:1.27');
  });

  it('an invalid name is InvalidImageName and is never pulled', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('p', 'Nginx'), USER);
    until(e, () => status(e, 'p')?.state?.waiting?.reason === 'InvalidImageName', 30_000, 100);
    const message = 'Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase';
    expect(status(e, 'p')!.state!.waiting!.message).toBe(message);
    expect(messages(e, 'p', 'InspectFailed')).toEqual([message]);
    expect(messages(e, 'p')).toContain('Error: InvalidImageName');
    e.advance(60_000);
    expect(messages(e, 'p', 'Pulling')).toEqual([]);
  });
});

describe('pull policy', () => {
  it('IfNotPresent reuses an image already on the node; Always pulls again', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('a', 'nginx:1.27'), USER);
    until(e, () => status(e, 'a')?.state?.running !== undefined, 30_000);
    const pulled = messages(e, 'a', 'Pulled')[0]!;
    expect(pulled).toMatch(/^Successfully pulled image "nginx:1\.27" in (\d+ms|\d+(\.\d+)?s) \((\d+ms|\d+(\.\d+)?s) including waiting\)\. Image size: \d+ bytes\.$/);
    e.store.create('Pod', pod('b', 'nginx:1.27', { imagePullPolicy: 'IfNotPresent' }), USER);
    until(e, () => status(e, 'b')?.state?.running !== undefined, 30_000);
    expect(messages(e, 'b', 'Pulled')).toEqual(['Container image "nginx:1.27" already present on machine']);
    expect(messages(e, 'b', 'Pulling')).toEqual([]);
    e.store.create('Pod', pod('c', 'nginx:1.27', { imagePullPolicy: 'Always' }), USER);
    until(e, () => status(e, 'c')?.state?.running !== undefined, 30_000);
    expect(messages(e, 'c', 'Pulling')).toEqual(['Pulling image "nginx:1.27"']);
  });

  it('pulls one image at a time per node: a second pull waits, then finds the layers there', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('a', 'postgres:17', { env: [{ name: 'POSTGRES_PASSWORD', value: 'x' }] }), USER);
    e.store.create('Pod', pod('b', 'postgres:17', { env: [{ name: 'POSTGRES_PASSWORD', value: 'x' }] }), USER);
    until(e, () => status(e, 'a')?.state?.running !== undefined && status(e, 'b')?.state?.running !== undefined, 60_000);
    const seconds = (d: string) => (d.endsWith('ms') ? Number(d.slice(0, -2)) / 1000 : Number(d.slice(0, -1)));
    const [first, second] = ['a', 'b']
      .map((n) => /in (\S+) \((\S+) including waiting\)/.exec(messages(e, n, 'Pulled')[0] ?? '')!)
      .map(([, own, total]) => ({ own: seconds(own!), total: seconds(total!) }))
      .sort((x, y) => x.total - y.total);
    // The first pull downloads the image; the second waited for it, then only checked the manifest.
    expect(first!.own).toBe(first!.total);
    expect(second!.own).toBeLessThan(1.5);
    expect(second!.total).toBeGreaterThanOrEqual(first!.own);
  });

  it("the cluster's own images are preloaded, as minikube's preload tarball does", () => {
    const e = engine({ nodes: 1 });
    until(e, () => (e.store.list('Pod', { namespace: 'kube-system' }).items as Pod[]).every((p) => p.status.phase === 'Running'), 120_000);
    const pulled = events(e, { namespace: 'kube-system', reason: 'Pulled' }).map((ev) => ev.message);
    expect(pulled).toContain('Container image "registry.k8s.io/kube-proxy:v1.32.4" already present on machine');
    expect(pulled).toContain('Container image "registry.k8s.io/etcd:3.5.16-0" already present on machine');
    expect(events(e, { namespace: 'kube-system', reason: 'Pulling' })).toEqual([]);
  });

  it('defaults to Always for :latest and untagged images, IfNotPresent otherwise', () => {
    const e = engine({ nodes: 1 });
    for (const [name, image] of [['a', 'nginx'], ['b', 'nginx:latest'], ['c', 'nginx:1.27']] as const) e.store.create('Pod', pod(name, image), USER);
    const policy = (n: string) => get<Pod>(e, 'Pod', 'default', n)!.spec.containers[0]!.imagePullPolicy;
    expect([policy('a'), policy('b'), policy('c')]).toEqual(['Always', 'Always', 'IfNotPresent']);
  });

  it('Never refuses to pull an image that is not on the node', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('p', 'nginx:1.27', { imagePullPolicy: 'Never' }), USER);
    until(e, () => status(e, 'p')?.state?.waiting?.reason === 'ErrImageNeverPull', 30_000, 100);
    const message = 'Container image "nginx:1.27" is not present with pull policy of Never';
    expect(status(e, 'p')!.state!.waiting!.message).toBe(message);
    expect(messages(e, 'p', 'ErrImageNeverPull')[0]).toBe(message);
    expect(messages(e, 'p')).toContain('Error: ErrImageNeverPull');
    expect(messages(e, 'p', 'Pulling')).toEqual([]);
  });
});

describe('entrypoints', () => {
  it('postgres without POSTGRES_PASSWORD prints its error, exits 1 and crash-loops', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('db', 'postgres:17'), USER);
    until(e, () => status(e, 'db')?.state?.waiting?.reason === 'CrashLoopBackOff', 120_000);
    const cs = status(e, 'db')!;
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(e.runtime.logs('default', 'db', 'db', { previous: true })).toEqual(POSTGRES_NO_PASSWORD);
  });

  it('postgres with POSTGRES_PASSWORD runs and accepts connections', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('db', 'postgres:17', { env: [{ name: 'POSTGRES_PASSWORD', value: 'secret' }] }), USER);
    until(e, () => status(e, 'db')?.state?.running !== undefined, 60_000);
    e.advance(20_000);
    expect(status(e, 'db')!.restartCount).toBe(0);
    expect(e.runtime.logs('default', 'db', 'db').at(-1)).toMatch(/LOG: {2}database system is ready to accept connections$/);
  });

  it('ubuntu without a command exits 0 at once and is restarted into CrashLoopBackOff', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('u', 'ubuntu'), USER);
    until(e, () => status(e, 'u')?.state?.waiting?.reason === 'CrashLoopBackOff', 120_000);
    expect(status(e, 'u')!.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it("the docs' Job computes pi with perl and completes", () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('pi', 'perl:5.34.0', { command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }, { restartPolicy: 'Never' }), USER);
    until(e, () => get<Pod>(e, 'Pod', 'default', 'pi')?.status.phase === 'Succeeded', 120_000);
    expect(status(e, 'pi')!.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const [digits] = e.runtime.logs('default', 'pi', 'pi');
    expect(digits).toMatch(/^3\.14159265358979323846264338327950288419716939937510/);
    expect(digits!.length).toBe(2001);
  });

  it('python without a command exits 0 at once, as the real image does', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('py', 'python:3.13'), USER);
    until(e, () => status(e, 'py')?.state?.waiting?.reason === 'CrashLoopBackOff', 120_000);
    expect(status(e, 'py')!.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it("the docs' liveness example restarts once /healthz starts failing after 10 s", () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('liveness-http', 'registry.k8s.io/liveness', { args: ['/server'], livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 3, periodSeconds: 3 } }), USER);
    until(e, () => (status(e, 'liveness-http')?.restartCount ?? 0) >= 1, 60_000);
    expect(messages(e, 'liveness-http', 'Unhealthy')[0]).toBe('Liveness probe failed: HTTP probe failed with statuscode: 500');
  });
});
