/**
 * One well-formed object of every kind the store serves, for the hostile-objects fuzz suite to
 * start from: each fuzz case breaks a copy of one of these (a wrong type, a wrong shape, a huge or
 * non-ASCII value, an unknown field) and sends it to the cluster. A served kind without a sample
 * fails the suite, so a new kind is fuzzed from the day it is served.
 */
import type { KubeObject } from '../../shared/k8s/objects';

const labels = { app: 'fz' };
const podSpec = {
  containers: [
    {
      name: 'app',
      image: 'gcr.io/google-samples/kubernetes-bootcamp:v1',
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
      env: [{ name: 'MODE', value: 'fuzz' }],
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
      readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 },
    },
  ],
  tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
  volumes: [{ name: 'cfg', configMap: { name: 'fz-config' } }],
};
const template = { metadata: { labels }, spec: podSpec };

/** Keyed by kind; `name` is replaced by each case. */
export const SAMPLES: Record<string, Omit<KubeObject, 'metadata'> & { metadata: Record<string, unknown> }> = {
  Namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { labels }, spec: {} },
  Node: {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { labels: { 'kubernetes.io/hostname': 'fz' } },
    spec: { taints: [{ key: 'fz', value: 'x', effect: 'NoSchedule' }], unschedulable: false },
  },
  Pod: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels, ownerReferences: [], annotations: { note: 'fuzz' } },
    spec: { ...podSpec, restartPolicy: 'Always', terminationGracePeriodSeconds: 30 },
  },
  Job: { apiVersion: 'batch/v1', kind: 'Job', metadata: { labels }, spec: { completions: 2, parallelism: 1, backoffLimit: 1, template: { metadata: { labels }, spec: { ...podSpec, restartPolicy: 'Never' } } } },
  CronJob: {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { labels },
    spec: { schedule: '*/5 * * * *', timeZone: 'UTC', jobTemplate: { spec: { template: { metadata: { labels }, spec: { ...podSpec, restartPolicy: 'OnFailure' } } } } },
  },
  ReplicaSet: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { labels }, spec: { replicas: 2, selector: { matchLabels: labels }, template } },
  Deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { labels },
    spec: {
      replicas: 2,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template,
    },
  },
  DaemonSet: {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { labels },
    spec: { revisionHistoryLimit: 10, selector: { matchLabels: labels }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }, template },
  },
  ControllerRevision: { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { labels }, data: { spec: { template: { $patch: 'replace' } } }, revision: 1 },
  Service: { apiVersion: 'v1', kind: 'Service', metadata: { labels }, spec: { type: 'NodePort', selector: labels, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } },
  EndpointSlice: {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { labels: { 'kubernetes.io/service-name': 'fz' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.0.9'], conditions: { ready: true } }],
    ports: [{ port: 8080, protocol: 'TCP' }],
  },
  Endpoints: {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { labels },
    subsets: [{ addresses: [{ ip: '10.244.0.9', nodeName: 'minikube' }], notReadyAddresses: [{ ip: '10.244.0.10' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  },
  ConfigMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: { 'app.conf': 'mode=fuzz\n' } },
  Secret: { apiVersion: 'v1', kind: 'Secret', metadata: {}, type: 'Opaque', data: { password: 'c2VjcmV0' }, stringData: { user: 'fz' } },
  PersistentVolume: {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {},
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', hostPath: { path: '/data/fz' }, storageClassName: 'standard' },
  },
  PersistentVolumeClaim: {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {},
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  },
  StorageClass: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: {}, provisioner: 'k8s.io/minikube-hostpath', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' },
  Event: {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {},
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'fz' },
    reason: 'Fuzzed',
    message: 'a fuzzed event',
    type: 'Normal',
    count: 1,
    source: { component: 'fuzz' },
  },
  Lease: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: {}, spec: { holderIdentity: 'fz', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' } },
};

/** Every path to a value inside an object, so a case can pick where to break it. */
export function valuePaths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length) out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => valuePaths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) valuePaths(v, [...prefix, k], out);
  return out;
}

/** A copy of `value` with the node at `path` replaced (or a new key added where the path ends in one). */
export function replaceAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = replaceAt(copy[head as number], rest, replacement);
    return copy;
  }
  const copy = { ...((value && typeof value === 'object' ? value : {}) as Record<string, unknown>) };
  copy[head as string] = replaceAt(copy[head as string], rest, replacement);
  return copy;
}
