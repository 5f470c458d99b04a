/**
 * A container's environment as the kubelet builds it (makeEnvironmentVariables): image env, service
 * link variables for the Services in the pod's namespace (and KUBERNETES_SERVICE_HOST/PORT), envFrom
 * and env with configMapKeyRef / secretKeyRef / fieldRef / resourceFieldRef (downward.ts). It is
 * built when the container is created, after the sandbox has its IP, so status.podIP resolves.
 * Missing references are reported like the kubelet's CreateContainerConfigError.
 */
import type { ConfigMap, Container, EnvFromSource, EnvVarSource, Node, Pod, Secret, Service } from '../../../shared/k8s/objects';
import type { ObjectStore } from '../store/store';
import { ConfigError } from './config-error';
import { podFieldValue, resourceFieldValue, type DownwardFacts } from './downward';

export { ConfigError };

/** The IPs the runtime gave the pod and the node it runs on, with the node's allocatable from its status. */
export function downwardFacts(store: ObjectStore, pod: Pod, podIP: string, hostIP: string): DownwardFacts {
  const node = pod.spec.nodeName ? (store.get('Node', undefined, pod.spec.nodeName) as Node | undefined) : undefined;
  return { podIPs: podIP ? [podIP] : [], hostIPs: hostIP ? [hostIP] : [], nodeAllocatable: (node?.status?.allocatable as Record<string, string> | undefined) ?? {} };
}

function serviceVars(svc: Service): Record<string, string> {
  const out: Record<string, string> = {};
  const ip = svc.spec.clusterIP;
  if (!ip || ip === 'None' || svc.spec.type === 'ExternalName') return out;
  const name = svc.metadata.name.toUpperCase().replace(/-/g, '_');
  const ports = svc.spec.ports ?? [];
  const first = ports[0];
  if (!first) return out;
  out[`${name}_SERVICE_HOST`] = ip;
  out[`${name}_SERVICE_PORT`] = String(first.port);
  for (const p of ports) if (p.name) out[`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
  const proto = (first.protocol ?? 'TCP').toLowerCase();
  out[`${name}_PORT`] = `${proto}://${ip}:${first.port}`;
  for (const p of ports) {
    const pr = (p.protocol ?? 'TCP').toUpperCase();
    const prefix = `${name}_PORT_${p.port}_${pr}`;
    out[prefix] = `${pr.toLowerCase()}://${ip}:${p.port}`;
    out[`${prefix}_PROTO`] = pr.toLowerCase();
    out[`${prefix}_PORT`] = String(p.port);
    out[`${prefix}_ADDR`] = ip;
  }
  return out;
}

function decode(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

function fromSource(store: ObjectStore, pod: Pod, container: Container, src: EnvVarSource, facts: DownwardFacts): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  if (src.configMapKeyRef) {
    const cm = store.get('ConfigMap', ns, src.configMapKeyRef.name) as ConfigMap | undefined;
    if (!cm) {
      if (src.configMapKeyRef.optional) return undefined;
      throw new ConfigError(`configmap "${src.configMapKeyRef.name}" not found`);
    }
    const v = cm.data?.[src.configMapKeyRef.key];
    if (v === undefined && !src.configMapKeyRef.optional) throw new ConfigError(`couldn't find key ${src.configMapKeyRef.key} in ConfigMap ${ns}/${src.configMapKeyRef.name}`);
    return v;
  }
  if (src.secretKeyRef) {
    const s = store.get('Secret', ns, src.secretKeyRef.name) as Secret | undefined;
    if (!s) {
      if (src.secretKeyRef.optional) return undefined;
      throw new ConfigError(`secret "${src.secretKeyRef.name}" not found`);
    }
    const v = s.data?.[src.secretKeyRef.key];
    if (v === undefined && !src.secretKeyRef.optional) throw new ConfigError(`couldn't find key ${src.secretKeyRef.key} in Secret ${ns}/${src.secretKeyRef.name}`);
    return v === undefined ? undefined : decode(v);
  }
  if (src.fieldRef) return podFieldValue(pod, src.fieldRef.fieldPath, facts);
  if (src.resourceFieldRef) return resourceFieldValue(pod, container, src.resourceFieldRef, facts);
  return undefined;
}

/**
 * Builds the environment; throws ConfigError for a missing ConfigMap/Secret or key. Without facts
 * (a caller outside the kubelet), the pod's reported status stands in for the runtime's.
 */
export function buildEnv(store: ObjectStore, pod: Pod, container: Container, imageEnv: Record<string, string>, facts?: DownwardFacts): Record<string, string> {
  const known = facts ?? downwardFacts(store, pod, pod.status?.podIP ?? '', pod.status?.hostIP ?? '');
  const env: Record<string, string> = { ...imageEnv, HOSTNAME: pod.metadata.name };
  const ns = pod.metadata.namespace ?? 'default';
  if (pod.spec.enableServiceLinks !== false) {
    for (const svc of store.all('Service', ns) as Service[]) Object.assign(env, serviceVars(svc));
  }
  const k8s = store.get('Service', 'default', 'kubernetes') as Service | undefined;
  if (k8s) Object.assign(env, serviceVars(k8s));
  for (const from of (container.envFrom as EnvFromSource[] | undefined) ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = store.get('ConfigMap', ns, from.configMapRef.name) as ConfigMap | undefined;
      if (!cm && !from.configMapRef.optional) throw new ConfigError(`configmap "${from.configMapRef.name}" not found`);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env[prefix + k] = v;
    }
    if (from.secretRef) {
      const s = store.get('Secret', ns, from.secretRef.name) as Secret | undefined;
      if (!s && !from.secretRef.optional) throw new ConfigError(`secret "${from.secretRef.name}" not found`);
      for (const [k, v] of Object.entries(s?.data ?? {})) env[prefix + k] = decode(v);
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n: string) => env[n] ?? m);
    else if (e.valueFrom) {
      const v = fromSource(store, pod, container, e.valueFrom as EnvVarSource, known);
      if (v !== undefined) env[e.name] = v;
    } else env[e.name] = '';
  }
  return env;
}

/** Files the container sees: the image's, ConfigMap/Secret volumes at their mount paths, and the kubelet-managed /etc files. */
export function buildFiles(store: ObjectStore, pod: Pod, container: Container, imageFiles: Record<string, string>, podIp: string): Record<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const files: Record<string, string> = { ...imageFiles };
  const volumes = new Map(((pod.spec.volumes as { name: string; configMap?: { name: string; items?: { key: string; path: string }[] }; secret?: { secretName: string; items?: { key: string; path: string }[] } }[] | undefined) ?? []).map((v) => [v.name, v]));
  for (const m of (container.volumeMounts as { name: string; mountPath: string; subPath?: string }[] | undefined) ?? []) {
    const v = volumes.get(m.name);
    if (!v) continue;
    let data: Record<string, string>;
    let items: { key: string; path: string }[] | undefined;
    if (v.configMap) {
      data = (store.get('ConfigMap', ns, v.configMap.name) as ConfigMap | undefined)?.data ?? {};
      items = v.configMap.items;
    } else if (v.secret) {
      const s = store.get('Secret', ns, v.secret.secretName) as Secret | undefined;
      data = Object.fromEntries(Object.entries(s?.data ?? {}).map(([k, b]) => [k, decode(b)]));
      items = v.secret.items;
    } else continue;
    const base = m.mountPath.replace(/\/$/, '');
    if (m.subPath) {
      if (data[m.subPath] !== undefined) files[base] = data[m.subPath]!;
      continue;
    }
    for (const [k, val] of Object.entries(data)) {
      const path = items ? items.find((i) => i.key === k)?.path : k;
      if (path) files[`${base}/${path}`] = val;
    }
  }
  files['/etc/hostname'] = `${pod.metadata.name}\n`;
  files['/etc/hosts'] = `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${podIp}\t${pod.metadata.name}\n`;
  files['/etc/resolv.conf'] = `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
  return files;
}
