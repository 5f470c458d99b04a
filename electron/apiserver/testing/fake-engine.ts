/**
 * The store, runtime and clock an API server test needs, without the real engine: a FakeStore,
 * a runtime that serves one bootcamp-like image, and a virtual clock moved by advance().
 */
import type { HttpAnswer, HttpTarget, PodRuntime, Unsubscribe } from '../../engine/api';
import { StatusError } from '../../engine/api';
import type { KubeObject } from '../../../shared/k8s/objects';
import { status } from '../status';
import { FAKE_TYPES, FakeStore } from './fake-store';

export const FAKE_EPOCH = Date.parse('2026-01-01T00:00:00Z');

export interface FakeEngine {
  store: FakeStore;
  runtime: PodRuntime & { emitLog(ns: string, pod: string, container: string, line: string): void };
  now(): number;
  advance(ms: number): void;
}

const user = { actor: 'system' as const, name: 'test-seed' };

export function createFakeEngine(options: { historyLimit?: number } = {}): FakeEngine {
  let now = 0;
  const store = new FakeStore(() => FAKE_EPOCH + now, options.historyLimit ?? 1000, FAKE_TYPES);
  const logListeners = new Map<string, Set<(line: string) => void>>();
  const logKey = (ns: string, pod: string, c: string) => `${ns}/${pod}/${c}`;
  const pods = () => store.list(FAKE_TYPES[0]!, {}).items;
  const podNamed = (ns: string, name: string): KubeObject | undefined => store.get(FAKE_TYPES[0]!, ns, name);

  const runtime: FakeEngine['runtime'] = {
    logs(ns, pod, container, opts) {
      const p = podNamed(ns, pod);
      if (!p) throw new StatusError(status(404, 'NotFound', `pods "${pod}" not found`));
      const phase = (p.status as { phase?: string } | undefined)?.phase;
      if (phase !== 'Running') {
        throw new StatusError(status(400, 'BadRequest', `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`));
      }
      if (opts?.previous) throw new StatusError(status(400, 'BadRequest', `previous terminated container "${container}" in pod "${pod}" not found`));
      return [`Kubernetes Bootcamp App Started At: 2026-01-01T00:00:05.000Z | Running On:  ${pod}`, ''];
    },
    onLog(ns, pod, container, listener): Unsubscribe {
      const key = logKey(ns, pod, container);
      const set = logListeners.get(key) ?? new Set();
      set.add(listener);
      logListeners.set(key, set);
      return () => set.delete(listener);
    },
    emitLog(ns, pod, container, line) {
      for (const l of logListeners.get(logKey(ns, pod, container)) ?? []) l(line);
    },
    env(ns, pod) {
      return {
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        HOSTNAME: pod,
        KUBERNETES_SERVICE_HOST: '10.96.0.1',
        KUBERNETES_SERVICE_PORT: '443',
        NAMESPACE_HINT: ns,
        HOME: '/root',
      };
    },
    files() {
      return { '/server.js': "var http = require('http');\nhttp.createServer(function (req, res) { res.end('Hello'); }).listen(8080);\n" };
    },
    http(target: HttpTarget): HttpAnswer {
      const candidates = target.kind === 'pod' ? [podNamed(target.namespace, target.name)].filter(Boolean) : pods().filter((p) => p.metadata.namespace === target.namespace);
      const pod = candidates[0];
      if (!pod) return { status: 503, headers: { 'content-type': 'text/plain' }, body: `no endpoints available for service "${target.name}"` };
      return {
        status: 200,
        headers: { 'content-type': 'text/plain' },
        body: `Hello Kubernetes bootcamp! | Running on: ${pod.metadata.name} | v=1\n`,
        pod: { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name },
      };
    },
    resolve(name) {
      if (name.startsWith('kubernetes')) return { addresses: ['10.96.0.1'] };
      return undefined;
    },
    metrics() {
      return {
        pods: pods().map((p) => ({ namespace: p.metadata.namespace ?? 'default', name: p.metadata.name, containers: [{ name: 'main', cpuMilli: 1, memoryBytes: 5 * 1024 * 1024 }] })),
        nodes: [{ name: 'node-1', cpuMilli: 250, memoryBytes: 1024 * 1024 * 1024 }],
      };
    },
  };

  return {
    store,
    runtime,
    now: () => now,
    advance(ms: number) {
      now += ms;
      store.finishTerminating();
    },
  };
}

/** Seeds the objects kubectl expects on any cluster (namespaces, a node, the kubernetes Service). */
export function seedBasics(engine: FakeEngine): void {
  const t = (resource: string) => FAKE_TYPES.find((x) => x.resource === resource)!;
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    engine.store.create(t('namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase: 'Active' } }, user);
  }
  engine.store.create(
    t('nodes'),
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1', 'node-role.kubernetes.io/control-plane': '' } },
      spec: {},
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
        addresses: [{ type: 'InternalIP', address: '192.168.49.2' }],
        nodeInfo: { kubeletVersion: 'v1.32.4', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7.22' },
      },
    },
    user,
  );
  engine.store.create(
    t('services'),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }] },
    },
    user,
  );
}
