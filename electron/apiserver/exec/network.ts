/**
 * How the simulated shell reaches the cluster: cluster DNS names and IPs are turned into pod or
 * Service targets for runtime.http, the way kube-proxy and CoreDNS would route them.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { HttpTarget, PodRuntime, ResourceType, Store } from '../../engine/api';
import { at, list, str } from '../tables/types';

export interface PodIdentity {
  namespace: string;
  name: string;
  podIP: string;
}

export interface Resolved {
  address: string;
  target?: { kind: 'pod' | 'service'; namespace: string; name: string };
  cname?: string;
}

function typeOf(store: Store, resource: string): ResourceType | undefined {
  return store.resourceTypes().find((t) => t.group === '' && t.resource === resource);
}

function findByIp(store: Store, ip: string): Resolved | undefined {
  const services = typeOf(store, 'services');
  if (services) {
    const svc = store.list(services, {}).items.find((s: KubeObject) => str(at(s, 'spec', 'clusterIP')) === ip || list(at(s, 'spec', 'clusterIPs')).includes(ip));
    if (svc) return { address: ip, target: { kind: 'service', namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name } };
  }
  const pods = typeOf(store, 'pods');
  if (pods) {
    const pod = store.list(pods, {}).items.find((p: KubeObject) => str(at(p, 'status', 'podIP')) === ip);
    if (pod) return { address: ip, target: { kind: 'pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name } };
  }
  return undefined;
}

/** Resolves a host name or IP as seen from `self`; undefined when DNS has no answer. */
export function resolveHost(store: Store, runtime: PodRuntime, self: PodIdentity, host: string): Resolved | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '127.0.0.1' || h === self.name || (self.podIP && h === self.podIP)) {
    return { address: h === 'localhost' ? '127.0.0.1' : h, target: { kind: 'pod', namespace: self.namespace, name: self.name } };
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h)) return findByIp(store, h) ?? { address: h };
  const answer = runtime.resolve(h, self.namespace);
  if (!answer) return undefined;
  const parts = h.split('.');
  const namespace = parts.length >= 2 && parts[1] !== 'svc' ? parts[1]! : self.namespace;
  const resolved: Resolved = { address: answer.addresses[0] ?? '', target: { kind: 'service', namespace, name: parts[0]! } };
  if (answer.cname) resolved.cname = answer.cname;
  if (answer.addresses[0]) {
    const byIp = findByIp(store, answer.addresses[0]);
    if (byIp?.target) resolved.target = byIp.target;
  }
  return resolved;
}

/** A node's InternalIP with a Service's nodePort reaches that Service: kube-proxy opens every NodePort on every node. */
function nodePortTarget(store: Store, ip: string, port: number): Resolved['target'] & { port: number } | undefined {
  const nodes = typeOf(store, 'nodes');
  const services = typeOf(store, 'services');
  if (!nodes || !services) return undefined;
  const isNode = store.list(nodes, {}).items.some((n: KubeObject) => list(at(n, 'status', 'addresses')).some((a) => str(at(a, 'type')) === 'InternalIP' && str(at(a, 'address')) === ip));
  if (!isNode) return undefined;
  for (const svc of store.list(services, {}).items) {
    const type = str(at(svc, 'spec', 'type'));
    if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
    const servicePort = list(at(svc, 'spec', 'ports')).find((p) => at(p, 'nodePort') === port);
    const number = at(servicePort, 'port');
    if (typeof number === 'number') return { kind: 'service', namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name, port: number };
  }
  return undefined;
}

export function httpTarget(store: Store, resolved: Resolved, port: number, path: string, method = 'GET'): HttpTarget | undefined {
  const viaNodePort = /^\d{1,3}(\.\d{1,3}){3}$/.test(resolved.address) ? nodePortTarget(store, resolved.address, port) : undefined;
  if (viaNodePort) return { ...viaNodePort, path, method };
  if (!resolved.target) return undefined;
  return { ...resolved.target, port, path, method };
}
