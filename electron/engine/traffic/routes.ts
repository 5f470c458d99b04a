/**
 * What kube-proxy would program from the objects visible at one virtual time: per Service, its
 * ports and the READY endpoints of its EndpointSlices, each with the answering pod's node, image
 * version and whether that image really serves the target port. Compiled once per world, so a tick
 * of thousands of requests only indexes arrays.
 */
import type { EndpointSlice, Node, Pod, Service, ServicePort } from '../../../shared/k8s/objects';
import { resolveImage } from '../kubelet/images';

/** The cluster objects visible at one virtual time, plus which node machines do not answer. */
export interface TrafficWorld {
  services: readonly Service[];
  slices: readonly EndpointSlice[];
  pods: readonly Pod[];
  nodes: readonly Node[];
  /** Nodes powered off or cut off the network: their endpoints time out until they leave the slices. */
  downNodes: ReadonlySet<string>;
}

export interface RouteEndpoint {
  pod: string;
  ip: string;
  node?: string;
  /** The answering image's tag (v1, v2, 1.27…). */
  version?: string;
  /** The container's port number this Service port reaches. */
  targetPort: number;
  /** HTTP status the image answers with, or undefined when nothing listens on targetPort. */
  status?: number;
  /** Median service time of the image, before queueing. */
  baseLatencyMs: number;
  down: boolean;
}

export interface ServiceRoute {
  key: string;
  namespace: string;
  name: string;
  type: NonNullable<Service['spec']['type']>;
  clusterIP?: string;
  ports: ServicePort[];
  affinity: boolean;
  policy: 'Cluster' | 'Local';
  /** Ready endpoints for the first port (the one load generators and NodePorts of a single-port Service use). */
  endpoints: RouteEndpoint[];
  externalName?: string;
  /** Endpoints per port name, for Services with several ports. */
  byPort: Map<string, RouteEndpoint[]>;
}

export interface RouteTable {
  services: Map<string, ServiceRoute>;
  /**
   * Where external load-generator clients enter (NodePort/LoadBalancer): the nodes the cluster
   * believes Ready, in name order, as a health-checking load balancer in front of them would pick.
   * A node that died but is not yet NotReady still receives (and drops) its share.
   */
  nodes: string[];
  nodeIps: Map<string, string>;
}

export const serviceKey = (namespace: string, name: string): string => `${namespace}/${name}`;

const answerCache = new Map<string, { status?: number; baseLatencyMs: number; version: string }>();

/** What an image answers on a port, computed once per (image, port) through its simulated profile. */
export function imageAnswer(image: string, port: number): { status?: number; baseLatencyMs: number; version: string } {
  const key = `${image}#${port}`;
  const hit = answerCache.get(key);
  if (hit) return hit;
  const pulled = resolveImage(image);
  const version = pulled.ref.tag;
  let result: { status?: number; baseLatencyMs: number; version: string } = { baseLatencyMs: 1, version };
  if (pulled.ok) {
    const answer = pulled.profile.http?.(port, { method: 'GET', path: '/', podName: 'probe', podIp: '10.244.0.2', clientIp: '10.244.0.1', now: '2026-01-01T00:00:00.000Z', uptime: 1, requestNumber: 1 }, version);
    // Node's single-threaded bootcamp server is a little slower than nginx.
    const baseLatencyMs = pulled.profile.repository.includes('nginx') ? 0.8 : 1.6;
    result = answer ? { status: answer.status, baseLatencyMs, version } : { baseLatencyMs, version };
  }
  answerCache.set(key, result);
  return result;
}

function containerFor(pod: Pod | undefined, port: number): { image: string } | undefined {
  if (!pod) return undefined;
  const declared = pod.spec.containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === port));
  if (declared) return declared;
  // Undeclared ports still work in Kubernetes: pick the container whose image listens there.
  return pod.spec.containers.find((c) => imageAnswer(c.image, port).status !== undefined) ?? pod.spec.containers[0];
}

export function compileRoutes(world: TrafficWorld): RouteTable {
  const podsByKey = new Map<string, Pod>();
  for (const p of world.pods) podsByKey.set(serviceKey(p.metadata.namespace ?? 'default', p.metadata.name), p);
  const slicesBySvc = new Map<string, EndpointSlice[]>();
  for (const s of world.slices) {
    const svc = s.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const key = serviceKey(s.metadata.namespace ?? 'default', svc);
    (slicesBySvc.get(key) ?? slicesBySvc.set(key, []).get(key)!).push(s);
  }
  const services = new Map<string, ServiceRoute>();
  for (const svc of world.services) {
    const namespace = svc.metadata.namespace ?? 'default';
    const key = serviceKey(namespace, svc.metadata.name);
    const slices = slicesBySvc.get(key) ?? [];
    const ports = svc.spec.ports ?? [];
    const byPort = new Map<string, RouteEndpoint[]>();
    for (const port of ports) {
      const portName = port.name ?? '';
      const slicePort = slices.flatMap((s) => s.ports ?? []).find((p) => (p.name ?? '') === portName);
      const endpoints: RouteEndpoint[] = [];
      for (const slice of slices) {
        for (const ep of slice.endpoints ?? []) {
          if (!ep.conditions?.ready || ep.targetRef?.kind !== 'Pod') continue;
          const pod = podsByKey.get(serviceKey(namespace, ep.targetRef.name));
          const targetPort = slicePort?.port ?? (typeof port.targetPort === 'number' ? port.targetPort : port.port);
          const container = containerFor(pod, targetPort);
          const answer = container ? imageAnswer(container.image, targetPort) : { baseLatencyMs: 1, version: undefined };
          endpoints.push({
            pod: ep.targetRef.name,
            ip: ep.addresses[0] ?? '',
            ...(ep.nodeName ? { node: ep.nodeName } : {}),
            ...(answer.version ? { version: answer.version } : {}),
            targetPort,
            ...('status' in answer && answer.status !== undefined ? { status: answer.status } : {}),
            baseLatencyMs: answer.baseLatencyMs,
            down: !!ep.nodeName && world.downNodes.has(ep.nodeName),
          });
        }
      }
      // kube-proxy's rules are ordered by endpoint; keep a stable order so the same seed picks the same pod.
      endpoints.sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
      byPort.set(portName, endpoints);
    }
    services.set(key, {
      key,
      namespace,
      name: svc.metadata.name,
      type: svc.spec.type ?? 'ClusterIP',
      ...(svc.spec.clusterIP ? { clusterIP: svc.spec.clusterIP } : {}),
      ports,
      affinity: svc.spec.sessionAffinity === 'ClientIP',
      policy: svc.spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
      endpoints: byPort.get(ports[0]?.name ?? '') ?? [],
      ...(svc.spec.externalName ? { externalName: svc.spec.externalName } : {}),
      byPort,
    });
  }
  const ready = world.nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  const nodes = (ready.length ? ready : world.nodes).map((n) => n.metadata.name).sort();
  const nodeIps = new Map(world.nodes.map((n) => [n.metadata.name, n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '']));
  return { services, nodes, nodeIps };
}
