/**
 * The files the kubelet's volume plugins write for ConfigMap, Secret, downwardAPI and projected
 * volumes (pkg/volume/configmap, secret, downwardapi, projected): one file per key, or only the
 * listed `items` at their paths; Secret data decoded; a missing optional source is empty. The
 * serviceAccountToken source of the kube-api-access volume gets a bound token (a JWT) for the pod.
 */
import type { ConfigMap, Pod, Secret } from '../../../shared/k8s/objects';
import { fnv32a } from '../clock/random';
import type { DownwardFacts } from '../kubelet/downward';
import { podFieldValue, resourceFieldValue } from '../kubelet/downward';
import { ConfigError } from '../kubelet/config-error';
import type { ObjectStore } from '../store/store';

interface KeyToPath {
  key: string;
  path: string;
}

interface DownwardItem {
  path: string;
  fieldRef?: { fieldPath: string };
  resourceFieldRef?: { containerName?: string; resource: string; divisor?: string };
}

export interface ProjectionSource {
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { name?: string; secretName?: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: DownwardItem[] };
  serviceAccountToken?: { path: string; expirationSeconds?: number; audience?: string };
}

/** A pod volume whose content the kubelet projects from API objects. */
export interface ProjectedVolumeSpec {
  name: string;
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { secretName: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: DownwardItem[] };
  projected?: { sources?: ProjectionSource[] };
}

export function isProjected(v: ProjectedVolumeSpec): boolean {
  return !!(v.configMap || v.secret || v.downwardAPI || v.projected);
}

/** The sources of a volume, a plain configMap/secret/downwardAPI volume being a one-source projection. */
export function sourcesOf(v: ProjectedVolumeSpec): ProjectionSource[] {
  if (v.projected) return v.projected.sources ?? [];
  if (v.configMap) return [{ configMap: v.configMap }];
  if (v.secret) return [{ secret: v.secret }];
  if (v.downwardAPI) return [{ downwardAPI: v.downwardAPI }];
  return [];
}

function keyed(data: Record<string, string>, items: KeyToPath[] | undefined): Record<string, string> {
  if (!items) return { ...data };
  const out: Record<string, string> = {};
  for (const item of items) if (data[item.key] !== undefined) out[item.path] = data[item.key]!;
  return out;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** A bound service account token: the claims the TokenRequest API puts in, signed with nothing real. */
export function serviceAccountToken(pod: Pod, issuedAtWallMs: number, expirationSeconds = 3607, audience?: string): string {
  const ns = pod.metadata.namespace ?? 'default';
  const sa = (pod.spec.serviceAccountName as string | undefined) ?? 'default';
  const iat = Math.floor(issuedAtWallMs / 1000);
  const hex = (seed: string, n: number) => {
    let out = '';
    for (let i = 0; out.length < n; i++) out += fnv32a(`${i}:${seed}`).toString(16).padStart(8, '0');
    return out.slice(0, n);
  };
  const uuid = (seed: string) => {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const header = { alg: 'RS256', kid: hex('kubelab-sa-key', 43) };
  const claims = {
    aud: [audience ?? 'https://kubernetes.default.svc.cluster.local'],
    exp: iat + expirationSeconds,
    iat,
    iss: 'https://kubernetes.default.svc.cluster.local',
    jti: uuid(`jti/${pod.metadata.uid}/${iat}`),
    'kubernetes.io': {
      namespace: ns,
      node: { name: pod.spec.nodeName ?? '', uid: uuid(`node/${pod.spec.nodeName}`) },
      pod: { name: pod.metadata.name, uid: pod.metadata.uid },
      serviceaccount: { name: sa, uid: uuid(`sa/${ns}/${sa}`) },
      warnafter: iat + 3600,
    },
    nbf: iat,
    sub: `system:serviceaccount:${ns}:${sa}`,
  };
  const signature = Buffer.from(hex(`sig/${pod.metadata.uid}/${iat}`, 512), 'hex').toString('base64url');
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.${signature}`;
}

export interface ProjectionContext {
  store: ObjectStore;
  pod: Pod;
  facts: DownwardFacts;
  /** When the token was issued (the volume's setup), wall-clock ms. */
  issuedAtWallMs: number;
}

/** The files of a projected volume now: path (relative to the volume) -> content. */
export function projectFiles(v: ProjectedVolumeSpec, cx: ProjectionContext): Record<string, string> {
  const ns = cx.pod.metadata.namespace ?? 'default';
  const files: Record<string, string> = {};
  for (const source of sourcesOf(v)) {
    if (source.configMap) {
      const cm = cx.store.get('ConfigMap', ns, source.configMap.name) as ConfigMap | undefined;
      Object.assign(files, keyed({ ...(cm?.data ?? {}), ...decodeAll((cm as { binaryData?: Record<string, string> } | undefined)?.binaryData) }, source.configMap.items));
    } else if (source.secret) {
      const name = source.secret.secretName ?? source.secret.name ?? '';
      const secret = cx.store.get('Secret', ns, name) as Secret | undefined;
      Object.assign(files, keyed(decodeAll(secret?.data), source.secret.items));
    } else if (source.downwardAPI) {
      for (const item of source.downwardAPI.items ?? []) {
        try {
          if (item.fieldRef) files[item.path] = podFieldValue(cx.pod, item.fieldRef.fieldPath, cx.facts);
          else if (item.resourceFieldRef) {
            const container = cx.pod.spec.containers.find((c) => c.name === item.resourceFieldRef!.containerName) ?? cx.pod.spec.containers[0]!;
            files[item.path] = resourceFieldValue(cx.pod, container, item.resourceFieldRef as never, cx.facts);
          }
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
        }
      }
    } else if (source.serviceAccountToken) {
      files[source.serviceAccountToken.path] = serviceAccountToken(cx.pod, cx.issuedAtWallMs, source.serviceAccountToken.expirationSeconds ?? 3607, source.serviceAccountToken.audience);
    }
  }
  return files;
}

function decodeAll(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, b]) => [k, Buffer.from(b, 'base64').toString('utf8')]));
}

/** The ConfigMaps and Secrets a volume reads, as `ConfigMap/ns/name` keys (what a change must refresh). */
export function referencedObjects(v: ProjectedVolumeSpec, namespace: string): string[] {
  const out: string[] = [];
  for (const s of sourcesOf(v)) {
    if (s.configMap) out.push(`ConfigMap/${namespace}/${s.configMap.name}`);
    if (s.secret) out.push(`Secret/${namespace}/${s.secret.secretName ?? s.secret.name ?? ''}`);
  }
  return out;
}
