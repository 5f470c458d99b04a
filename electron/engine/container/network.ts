/**
 * The cluster network as a process inside a pod reaches it: HTTP and DNS through the runtime, and
 * IPs mapped to what answers there (a Service's ClusterIP, a pod IP, or a NodePort on a node's
 * InternalIP, which kube-proxy opens on every node).
 */
import type { Node, Pod, Service } from '../../../shared/k8s/objects';
import type { EngineContext } from '../context';
import type { Network } from './shell/types';
import { worldOf } from './world';

export function clusterNetwork(ctx: EngineContext): Network {
  const world = worldOf(ctx);
  const store = ctx.store;
  return {
    http: (target) => world.network?.http(target) ?? { status: 0, headers: {}, body: '' },
    resolve: (name, ns) => world.network?.resolve(name, ns),
    byIp(ip, port) {
      for (const svc of store.all('Service') as Service[]) {
        const ips = [svc.spec.clusterIP, ...((svc.spec as { clusterIPs?: string[] }).clusterIPs ?? [])];
        if (ips.includes(ip)) return { kind: 'service', namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name, port };
      }
      for (const pod of store.all('Pod') as Pod[]) {
        if (pod.status?.podIP === ip && !pod.spec.hostNetwork) return { kind: 'pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, port };
      }
      const isNode = (store.all('Node') as Node[]).some((n) => (n.status?.addresses ?? []).some((a) => a.type === 'InternalIP' && a.address === ip));
      if (!isNode) return undefined;
      for (const svc of store.all('Service') as Service[]) {
        if (svc.spec.type !== 'NodePort' && svc.spec.type !== 'LoadBalancer') continue;
        const servicePort = (svc.spec.ports ?? []).find((p) => p.nodePort === port);
        if (servicePort) return { kind: 'service', namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name, port: servicePort.port };
      }
      return undefined;
    },
  };
}
