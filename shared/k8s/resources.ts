/**
 * The resource types the simulated API server serves, as routing data (group, version, plural,
 * kind, scope, short names). Shared so the API server's discovery and the engine's store agree.
 */
import type { KnownKind } from './objects';

export interface ResourceInfo {
  group: string;
  version: string;
  resource: string;
  kind: KnownKind;
  namespaced: boolean;
  shortNames: string[];
  singular: string;
  categories: string[];
  /** Whether the type has a status subresource. */
  hasStatus: boolean;
}

export const RESOURCES: readonly ResourceInfo[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], singular: 'namespace', categories: [], hasStatus: true },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], singular: 'node', categories: [], hasStatus: true },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], singular: 'pod', categories: ['all'], hasStatus: true },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], singular: 'replicaset', categories: ['all'], hasStatus: true },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], singular: 'deployment', categories: ['all'], hasStatus: true },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], singular: 'daemonset', categories: ['all'], hasStatus: true },
  { group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true, shortNames: [], singular: 'controllerrevision', categories: [], hasStatus: false },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true, shortNames: [], singular: 'job', categories: ['all'], hasStatus: true },
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true, shortNames: ['cj'], singular: 'cronjob', categories: ['all'], hasStatus: true },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'], singular: 'service', categories: ['all'], hasStatus: true },
  { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true, shortNames: [], singular: 'endpointslice', categories: [], hasStatus: false },
  { group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'], singular: 'endpoints', categories: [], hasStatus: false },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'], singular: 'configmap', categories: [], hasStatus: false },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, shortNames: [], singular: 'secret', categories: [], hasStatus: false },
  { group: '', version: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, shortNames: ['pv'], singular: 'persistentvolume', categories: [], hasStatus: true },
  { group: '', version: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], singular: 'persistentvolumeclaim', categories: [], hasStatus: true },
  { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', kind: 'StorageClass', namespaced: false, shortNames: ['sc'], singular: 'storageclass', categories: [], hasStatus: false },
  { group: '', version: 'v1', resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'], singular: 'event', categories: [], hasStatus: false },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true, shortNames: [], singular: 'lease', categories: [], hasStatus: false },
];

const BY_KIND = new Map<string, ResourceInfo>(RESOURCES.map((r) => [r.kind, r]));
const BY_RESOURCE = new Map<string, ResourceInfo>(RESOURCES.map((r) => [`${r.group}/${r.resource}`, r]));

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return BY_KIND.get(kind);
}

export function resourceByName(group: string, resource: string): ResourceInfo | undefined {
  return BY_RESOURCE.get(`${group}/${resource}`);
}

export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** `pods`, `deployments.apps`: the name used in API error messages. */
export function qualifiedResource(info: { group: string; resource: string }): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}
