/**
 * Defaulting as the API server (SetDefaults_* in pkg/apis/<group>/v1/defaults.go) and the default
 * admission plugins (DefaultTolerationSeconds, DefaultStorageClass, ServiceAccount's default name)
 * fill objects in, on create and update alike. What admission adds on create only (the service
 * account token volume, storage-protection finalizers) is admission.ts. Templates are defaulted
 * exactly like pods' specs so that `describe` and template hashing agree.
 */
import type { Container, KubeObject, PodSpec, Toleration } from '../../../shared/k8s/objects';

type Obj = Record<string, unknown>;

function imageHasTagOrDigest(image: string): { tag: string | undefined; digest: boolean } {
  if (image.includes('@')) return { tag: undefined, digest: true };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return { tag: colon >= 0 ? image.slice(colon + 1) : undefined, digest: false };
}

export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const { tag, digest } = imageHasTagOrDigest(image);
  if (digest) return 'IfNotPresent';
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHttpGet(http: Obj | undefined): void {
  if (!http || typeof http !== 'object') return;
  http.path ||= '/';
  http.scheme ||= 'HTTP';
}

function defaultContainer(c: Container): void {
  // SetDefaults_Container and the other SetDefaults_* test `== ""`: an empty string is unset too.
  if (c.image && !c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image);
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ||= 'TCP';
  // SetDefaults_Probe and SetDefaults_HTTPGetAction test `== 0` / `== ""`: a zero is unset too.
  for (const probeName of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = c[probeName] as Obj | undefined;
    if (!probe) continue;
    probe.timeoutSeconds ||= 1;
    probe.periodSeconds ||= 10;
    probe.successThreshold ||= 1;
    probe.failureThreshold ||= 3;
    defaultHttpGet(probe.httpGet as Obj | undefined);
  }
  const lifecycle = c.lifecycle as Record<string, Obj | undefined> | undefined;
  // Lifecycle handlers' httpGet is an HTTPGetAction too.
  defaultHttpGet(lifecycle?.postStart?.httpGet as Obj | undefined);
  defaultHttpGet(lifecycle?.preStop?.httpGet as Obj | undefined);
  // A container with limits but no requests gets requests equal to its limits.
  const res = c.resources;
  if (res.limits) {
    res.requests ??= {};
    for (const [k, v] of Object.entries(res.limits)) res.requests[k] ??= v;
  }
}

export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ||= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ||= 'default-scheduler';
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of (spec.initContainers as Container[] | undefined) ?? []) defaultContainer(c);
  for (const v of (spec.volumes as Obj[] | undefined) ?? []) {
    for (const src of ['configMap', 'secret'] as const) {
      const s = v[src] as Obj | undefined;
      if (s) s.defaultMode ??= 420;
    }
  }
}

const NOT_READY: Toleration = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const UNREACHABLE: Toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

/** Pod-only defaults, including what admission adds at create. */
export function defaultPod(pod: KubeObject): void {
  const spec = (pod.spec ??= {}) as PodSpec;
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  const pcn = spec.priorityClassName as string | undefined;
  spec.priority ??= pcn === 'system-node-critical' ? 2000001000 : pcn === 'system-cluster-critical' ? 2000000000 : 0;
  spec.serviceAccountName ??= (spec.serviceAccount as string | undefined) ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  const tolerations = (spec.tolerations ??= []);
  // Not a list (an object past decoding): leave it for validation to refuse, add nothing.
  if (!Array.isArray(tolerations)) return;
  for (const t of [NOT_READY, UNREACHABLE]) {
    const has = tolerations.some((x) => x.key === t.key && (x.effect === undefined || x.effect === 'NoExecute') && (x.operator === 'Exists' || x.operator === undefined));
    const hasAny = tolerations.some((x) => x.operator === 'Exists' && x.key === undefined);
    if (!has && !hasAny) tolerations.push({ ...t });
  }
}

function defaultTemplate(template: Obj | undefined): void {
  if (!template) return;
  const spec = (template.spec ??= { containers: [] }) as PodSpec;
  defaultPodSpec(spec);
  template.metadata ??= {};
  const meta = template.metadata as Obj;
  // The API server drops creationTimestamp: null from templates; keep the shape stable.
  delete meta.creationTimestamp;
}

export function defaultDeployment(d: KubeObject): void {
  const spec = (d.spec ??= {}) as Obj;
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {}) as Obj;
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {}) as Obj;
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template as Obj | undefined);
  // apps/v1 leaves metadata.labels alone (only extensions/v1beta1 copied the template's labels).
}

export function defaultReplicaSet(rs: KubeObject): void {
  const spec = (rs.spec ??= {}) as Obj;
  spec.replicas ??= 1;
  defaultTemplate(spec.template as Obj | undefined);
  // pkg/apis/apps/v1/defaults.go SetDefaults_ReplicaSet: replicas only, no labels from the template.
}

/** pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet: RollingUpdate with maxUnavailable 1, maxSurge 0; 10 revisions kept. */
export function defaultDaemonSet(ds: KubeObject): void {
  const spec = (ds.spec ??= {}) as Obj;
  const strategy = (spec.updateStrategy ??= {}) as Obj;
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {}) as Obj;
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template as Obj | undefined);
}

/** pkg/apis/batch/v1/defaults.go SetDefaults_Job (the labels copy is store/job-selector.ts: it needs the generated labels). */
export function defaultJob(job: KubeObject): void {
  const spec = (job.spec ??= {}) as Obj;
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  // math.MaxInt32 when backoffLimitPerIndex is set.
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultTemplate(spec.template as Obj | undefined);
}

/** SetDefaults_CronJob; the job template's pod spec is defaulted like any template. */
export function defaultCronJob(cj: KubeObject): void {
  const spec = (cj.spec ??= {}) as Obj;
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobTemplate = spec.jobTemplate as Obj | undefined;
  if (jobTemplate && typeof jobTemplate === 'object') {
    jobTemplate.metadata ??= {};
    delete (jobTemplate.metadata as Obj).creationTimestamp;
    const jobSpec = jobTemplate.spec as Obj | undefined;
    if (jobSpec && typeof jobSpec === 'object') defaultTemplate(jobSpec.template as Obj | undefined);
  }
}

export function defaultService(svc: KubeObject): void {
  const spec = (svc.spec ??= {}) as Obj;
  spec.type ||= 'ClusterIP';
  if (spec.type === 'ExternalName') return;
  spec.sessionAffinity ||= 'None';
  for (const p of (spec.ports as Obj[] | undefined) ?? []) {
    p.protocol ||= 'TCP';
    p.targetPort ??= p.port;
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  spec.internalTrafficPolicy ??= 'Cluster';
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
}

export function defaultNamespace(ns: KubeObject): void {
  ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  const spec = (ns.spec ??= {}) as Obj;
  spec.finalizers ??= ['kubernetes'];
}

export function defaultPvc(pvc: KubeObject, defaultClass: string | undefined): void {
  const spec = (pvc.spec ??= {}) as Obj;
  spec.volumeMode ??= 'Filesystem';
  if (spec.storageClassName === undefined && defaultClass) spec.storageClassName = defaultClass;
}

export function defaultPv(pv: KubeObject): void {
  const spec = (pv.spec ??= {}) as Obj;
  spec.persistentVolumeReclaimPolicy ??= 'Retain';
  spec.volumeMode ??= 'Filesystem';
}

export function defaultSecret(secret: KubeObject): void {
  secret.type ??= 'Opaque';
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (stringData) {
    const data = ((secret.data as Record<string, string> | undefined) ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v, 'utf8').toString('base64');
    secret.data = data;
    delete secret.stringData;
  }
}

export function defaultStorageClass(sc: KubeObject): void {
  sc.reclaimPolicy ??= 'Delete';
  sc.volumeBindingMode ??= 'Immediate';
}

export function defaultLease(lease: KubeObject): void {
  lease.spec ??= {};
}

export function applyDefaults(obj: KubeObject, defaultStorageClassName: string | undefined): void {
  switch (obj.kind) {
    case 'Pod':
      return defaultPod(obj);
    case 'Deployment':
      return defaultDeployment(obj);
    case 'ReplicaSet':
      return defaultReplicaSet(obj);
    case 'DaemonSet':
      return defaultDaemonSet(obj);
    case 'Job':
      return defaultJob(obj);
    case 'CronJob':
      return defaultCronJob(obj);
    case 'Service':
      return defaultService(obj);
    case 'Namespace':
      return defaultNamespace(obj);
    case 'PersistentVolumeClaim':
      return defaultPvc(obj, defaultStorageClassName);
    case 'PersistentVolume':
      return defaultPv(obj);
    case 'Secret':
      return defaultSecret(obj);
    case 'StorageClass':
      return defaultStorageClass(obj);
    case 'Lease':
      return defaultLease(obj);
  }
}
