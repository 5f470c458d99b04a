/**
 * Discovery facts the engine's ResourceType list does not carry: short names, categories, verbs and
 * subresources per resource, as a real 1.32 API server advertises them. kubectl learns aliases
 * (`po`, `deploy`) and `get all` only from these.
 */
import type { ResourceType } from '../engine/api';

export interface SubresourceInfo {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceInfo {
  type: ResourceType;
  singular: string;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS: SubresourceInfo = { name: 'status', kind: '', verbs: ['get', 'patch', 'update'] };
const SCALE: SubresourceInfo = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };

interface Extra {
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: SubresourceInfo[];
}

const EXTRAS: Record<string, Extra> = {
  '/pods': {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      STATUS,
    ],
  },
  '/services': {
    shortNames: ['svc'],
    categories: ['all'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [{ name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, STATUS],
  },
  '/nodes': {
    shortNames: ['no'],
    subresources: [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, STATUS],
  },
  '/namespaces': { shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: [STATUS] },
  '/events': { shortNames: ['ev'] },
  '/configmaps': { shortNames: ['cm'] },
  '/endpoints': { shortNames: ['ep'] },
  '/serviceaccounts': { shortNames: ['sa'] },
  '/persistentvolumeclaims': { shortNames: ['pvc'], subresources: [STATUS] },
  '/persistentvolumes': { shortNames: ['pv'], subresources: [STATUS] },
  '/replicationcontrollers': { shortNames: ['rc'], categories: ['all'], subresources: [SCALE, STATUS] },
  '/resourcequotas': { shortNames: ['quota'], subresources: [STATUS] },
  '/limitranges': { shortNames: ['limits'] },
  'apps/deployments': { shortNames: ['deploy'], categories: ['all'], subresources: [SCALE, STATUS] },
  'apps/replicasets': { shortNames: ['rs'], categories: ['all'], subresources: [SCALE, STATUS] },
  'apps/statefulsets': { shortNames: ['sts'], categories: ['all'], subresources: [SCALE, STATUS] },
  'apps/daemonsets': { shortNames: ['ds'], categories: ['all'], subresources: [STATUS] },
  'batch/jobs': { categories: ['all'], subresources: [STATUS] },
  'batch/cronjobs': { shortNames: ['cj'], categories: ['all'], subresources: [STATUS] },
  'autoscaling/horizontalpodautoscalers': { shortNames: ['hpa'], categories: ['all'], subresources: [STATUS] },
  'networking.k8s.io/ingresses': { shortNames: ['ing'], subresources: [STATUS] },
  'policy/poddisruptionbudgets': { shortNames: ['pdb'], subresources: [STATUS] },
  'events.k8s.io/events': { shortNames: ['ev'] },
  'storage.k8s.io/storageclasses': { shortNames: ['sc'] },
};

/** The metrics.k8s.io resources, served by the API server itself from runtime.metrics(). */
export const METRICS_TYPES: ResourceType[] = [
  { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', kind: 'NodeMetrics', namespaced: false },
  { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', kind: 'PodMetrics', namespaced: true },
];

/** Review resources the API server answers itself: a Kubelab user is the cluster's administrator. */
export const REVIEW_TYPES: ResourceType[] = [
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false },
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', namespaced: false },
  { group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', namespaced: false },
];

export function describeResource(type: ResourceType): ResourceInfo {
  if (REVIEW_TYPES.includes(type)) return { type, singular: '', shortNames: [], categories: [], verbs: ['create'], subresources: [] };
  if (type.group === 'metrics.k8s.io') {
    return { type, singular: '', shortNames: [], categories: [], verbs: ['get', 'list'], subresources: [] };
  }
  const extra = EXTRAS[`${type.group}/${type.resource}`] ?? {};
  // The engine's types may carry their own discovery facts (shared/k8s/resources.ts); they win.
  const own = type as ResourceType & { shortNames?: unknown; categories?: unknown; singular?: unknown; hasStatus?: unknown };
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
  const listed = extra.subresources ?? [];
  const withStatus = own.hasStatus === true && !listed.some((s) => s.name === 'status') ? [...listed, STATUS] : listed;
  const subresources = withStatus.map((s) => (s.kind === '' ? { ...s, kind: type.kind } : s));
  return {
    type,
    singular: typeof own.singular === 'string' && own.singular ? own.singular : type.kind.toLowerCase(),
    shortNames: strings(own.shortNames) ?? extra.shortNames ?? [],
    categories: strings(own.categories) ?? extra.categories ?? [],
    verbs: extra.verbs ?? ALL_VERBS,
    subresources,
  };
}

export function groupVersion(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}
