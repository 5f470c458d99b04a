/**
 * The downward API as the kubelet resolves it for env vars: pod fields through
 * podFieldSelectorRuntimeValue (pkg/kubelet/kubelet_pods.go), which answers the runtime fields
 * (pod and host IPs, node, service account) itself and leaves the rest to
 * fieldpath.ExtractFieldPathAsString; container resources through ExtractContainerResourceValue
 * (pkg/api/v1/resource/helpers.go) after defaultPodLimitsForDownwardAPI has filled every missing
 * limit with the node's allocatable, so `limits.memory` of a container without limits is the
 * node's memory, never 0.
 */
import type { Container, EnvVarSource, Pod } from '../../../shared/k8s/objects';
import { cpuMillis, quantityValue } from '../../../shared/k8s/quantity';
import { ConfigError } from './config-error';

type ResourceFieldSelector = NonNullable<EnvVarSource['resourceFieldRef']>;

/** What only the node knows when the container is created: its IPs and the node's allocatable. */
export interface DownwardFacts {
  podIPs: string[];
  hostIPs: string[];
  nodeAllocatable: Record<string, string | number>;
}

/** fieldpath.FormatMap: `key="value"` lines in key order (a whole labels/annotations map). */
function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(map![k])}`)
    .join('\n');
}

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']` -> ['metadata.labels', 'app']. */
function splitSubscript(path: string): { path: string; key?: string } {
  const m = /^(.*)\['(.*)'\]$/.exec(path);
  return m ? { path: m[1]!, key: m[2]! } : { path };
}

/** podFieldSelectorRuntimeValue, then fieldpath.ExtractFieldPathAsString. */
export function podFieldValue(pod: Pod, fieldPath: string, facts: DownwardFacts): string {
  switch (fieldPath) {
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return (pod.spec.serviceAccountName as string | undefined) ?? '';
    case 'status.hostIP':
      return facts.hostIPs[0] ?? '';
    case 'status.hostIPs':
      return facts.hostIPs.join(',');
    case 'status.podIP':
      return facts.podIPs[0] ?? '';
    case 'status.podIPs':
      return facts.podIPs.join(',');
  }
  const { path, key } = splitSubscript(fieldPath);
  if (key !== undefined) {
    if (path === 'metadata.annotations') return pod.metadata.annotations?.[key] ?? '';
    if (path === 'metadata.labels') return pod.metadata.labels?.[key] ?? '';
    throw new ConfigError(`fieldPath ${JSON.stringify(fieldPath)} does not support subscript`);
  }
  switch (path) {
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
  }
  throw new ConfigError(`unsupported fieldPath: ${fieldPath}`);
}

/** resource.MergeContainerResourceLimits with the node's allocatable, for cpu, memory and ephemeral-storage. */
function limitsWithAllocatable(container: Container, allocatable: DownwardFacts['nodeAllocatable']): Record<string, string | number> {
  const limits: Record<string, string | number> = { ...(container.resources?.limits ?? {}) };
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    if (limits[name] === undefined && allocatable[name] !== undefined) limits[name] = allocatable[name]!;
  }
  return limits;
}

/**
 * containerResourceRuntimeValue: the named container's (or this one's) resource over the divisor
 * (default 1), rounded up: cpu in millicores over the divisor's millicores, the others in units.
 */
export function resourceFieldValue(pod: Pod, container: Container, ref: ResourceFieldSelector, facts: DownwardFacts): string {
  const target = ref.containerName ? [...pod.spec.containers, ...((pod.spec.initContainers as Container[] | undefined) ?? [])].find((c) => c.name === ref.containerName) : container;
  // ExtractResourceValueByContainerName's error for a container the pod does not have.
  if (!target) throw new ConfigError(`container ${ref.containerName} not found`);
  const dot = ref.resource.indexOf('.');
  const kind = ref.resource.slice(0, dot);
  const name = ref.resource.slice(dot + 1);
  if (dot < 0 || (kind !== 'limits' && kind !== 'requests')) throw new ConfigError(`unsupported container resource : ${ref.resource}`);
  const values = kind === 'limits' ? limitsWithAllocatable(target, facts.nodeAllocatable) : ((target.resources?.requests ?? {}) as Record<string, string | number>);
  const divisor = ref.divisor === undefined || ref.divisor === '' || quantityValue(ref.divisor) === 0 ? '1' : ref.divisor;
  if (name === 'cpu') return String(Math.ceil(cpuMillis(values.cpu ?? 0) / cpuMillis(divisor)));
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) return String(Math.ceil(quantityValue(values[name] ?? 0) / quantityValue(divisor)));
  throw new ConfigError(`unsupported container resource : ${ref.resource}`);
}
