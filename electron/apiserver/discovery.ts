/**
 * /version and API discovery, both aggregated (apidiscovery.k8s.io/v2, only when the client asks
 * for it) and the legacy /api, /api/v1, /apis, /apis/<group>[/<version>] documents.
 */
import type { ResourceType } from '../engine/api';
import { describeResource, groupVersion } from './catalog';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** True when the Accept header asks for aggregated discovery v2 (old kubectl asks only for v2beta1). */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => part.includes('g=apidiscovery.k8s.io') && /(^|;)\s*v=v2\s*(;|$)/.test(part));
}

interface GroupVersions {
  group: string;
  versions: string[];
}

function groupsOf(types: readonly ResourceType[]): GroupVersions[] {
  const groups = new Map<string, string[]>();
  for (const t of types) {
    if (!t.group) continue;
    const versions = groups.get(t.group) ?? [];
    if (!versions.includes(t.version)) versions.push(t.version);
    groups.set(t.group, versions);
  }
  return [...groups].map(([group, versions]) => ({ group, versions }));
}

function aggregatedResources(types: readonly ResourceType[]) {
  return types.map((t) => {
    const info = describeResource(t);
    const entry: Record<string, unknown> = {
      resource: t.resource,
      responseKind: { group: t.group, version: t.version, kind: t.kind },
      scope: t.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: info.singular || t.kind.toLowerCase(),
      verbs: info.verbs,
    };
    if (info.shortNames.length) entry.shortNames = info.shortNames;
    if (info.categories.length) entry.categories = info.categories;
    if (info.subresources.length) {
      entry.subresources = info.subresources.map((s) => ({
        subresource: s.name,
        responseKind: { group: s.group ?? t.group, version: s.version ?? t.version, kind: s.kind },
        verbs: s.verbs,
      }));
    }
    return entry;
  });
}

export function aggregatedDiscovery(types: readonly ResourceType[], legacy: boolean) {
  const items = legacy
    ? [
        {
          metadata: { name: '', creationTimestamp: null },
          versions: [{ version: 'v1', freshness: 'Current', resources: aggregatedResources(types.filter((t) => !t.group)) }],
        },
      ]
    : groupsOf(types).map((g) => ({
        metadata: { name: g.group, creationTimestamp: null },
        versions: g.versions.map((version) => ({
          version,
          freshness: 'Current',
          resources: aggregatedResources(types.filter((t) => t.group === g.group && t.version === version)),
        })),
      }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

export function apiVersions() {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
}

function groupDoc(g: GroupVersions) {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(types: readonly ResourceType[]) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupsOf(types).map(groupDoc) };
}

export function apiGroup(types: readonly ResourceType[], group: string) {
  const g = groupsOf(types).find((x) => x.group === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g) } : undefined;
}

export function apiResourceList(types: readonly ResourceType[], group: string, version: string) {
  const matching = types.filter((t) => t.group === group && t.version === version);
  if (matching.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const t of matching) {
    const info = describeResource(t);
    const entry: Record<string, unknown> = {
      name: t.resource,
      singularName: info.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: info.verbs,
    };
    if (info.shortNames.length) entry.shortNames = info.shortNames;
    if (info.categories.length) entry.categories = info.categories;
    resources.push(entry);
    for (const s of info.subresources) {
      const sub: Record<string, unknown> = { name: `${t.resource}/${s.name}`, singularName: '', namespaced: t.namespaced, kind: s.kind, verbs: s.verbs };
      if (s.group !== undefined) sub.group = s.group;
      if (s.version !== undefined) sub.version = s.version;
      resources.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources };
}
