/**
 * The control endpoint's backend over the running engine: nodes and services are read from the
 * store, nodes are added by the engine (with their kubelets) and removed as Node objects (with
 * `minikube` as the recorded cause), and stop/start pause and resume the virtual clock.
 * `start --nodes N` on an existing cluster (once confirmed), and a start after `delete`, re-create
 * the cluster: fresh engine state from the same seed, so nodes are named minikube, minikube-m02, …
 * again and earlier workloads are gone, as with minikube's own delete and start. A deleted cluster
 * keeps its objects until then, but reports itself as gone.
 */
import type { KubeObject } from '../../shared/k8s/objects';
import type { Cause } from '../../shared/sim/snapshot';
import type { Engine, ResourceType } from '../engine/api';
import type { ClusterBackend, ServiceInfo } from './cluster-control';
import type { NodeState, TunnelService } from './control-protocol';

export interface EngineBackendOptions {
  engine: () => Engine;
  pauseClock(): void;
  playClock(): void;
  nodePortUrl?: ClusterBackend['nodePortUrl'];
  /** Called by `minikube tunnel`: the traffic layer then makes LoadBalancer IPs reachable from the host. */
  onTunnel?: () => Promise<void> | void;
  /** Called when `minikube tunnel` ends: the traffic layer stops serving LoadBalancer IPs. */
  onTunnelStop?: () => Promise<void> | void;
  focusDashboard(): boolean;
  /**
   * Powers a node off or on for `minikube node stop|start`. The app routes this through the failures
   * service, so the drawing's failure zone shows it as if the node had been dragged there; without
   * it, the engine's failure injection is called directly.
   */
  powerOff?: (node: string) => void;
  powerOn?: (node: string) => void;
  /** Told after `minikube stop`, `start` and `delete` change the cluster's state (a session keeps it; stop also saves). */
  onStateChange?: (state: ClusterState) => void;
}

export type ClusterState = 'running' | 'stopped' | 'deleted';

export interface EngineBackend extends ClusterBackend {
  clusterState(): ClusterState;
  /** A reopened session's state, without touching the clock (the session restores that itself). */
  restoreState(state: ClusterState): void;
}

export const PRIMARY_NODE = 'minikube';
/** Like minikube tunnel with the docker driver: LoadBalancers are reached on this computer. */
const TUNNEL_IP = '127.0.0.1';

const cause = (detail: string): Cause => ({ actor: 'user', name: 'minikube', detail });

export function nodeIndex(name: string): number | undefined {
  if (name === PRIMARY_NODE) return 1;
  const match = /^minikube-m(\d{2,})$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

interface NodeShape {
  metadata: { name: string; labels?: Record<string, string> };
  status?: { addresses?: { type: string; address: string }[]; conditions?: { type: string; status: string }[] };
}

function toNodeState(object: KubeObject): NodeState {
  const node = object as unknown as NodeShape;
  const labels = node.metadata.labels ?? {};
  const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const controlPlane = 'node-role.kubernetes.io/control-plane' in labels || node.metadata.name === PRIMARY_NODE;
  return { name: node.metadata.name, ip, controlPlane, ready };
}

export function createEngineBackend(options: EngineBackendOptions): EngineBackend {
  let deleted = false;
  let stopped = false;
  const store = () => options.engine().store;
  const type = (kind: string, group = ''): ResourceType => {
    const found = store().resourceTypes().find((t) => t.kind === kind && t.group === group);
    if (!found) throw new Error(`the engine has no ${kind} resource`);
    return found;
  };
  const nodeObjects = () => store().list(type('Node'), {}).items.filter((n) => !n.metadata.deletionTimestamp);
  const nodes = () => nodeObjects().map(toNodeState).sort((a, b) => (nodeIndex(a.name) ?? 99) - (nodeIndex(b.name) ?? 99) || a.name.localeCompare(b.name));

  // The engine names the node (minikube-mNN) and starts its kubelet.
  const addNode = async (): Promise<string> => options.engine().addNode();

  const deleteNode = async (name: string) => {
    store().delete(type('Node'), undefined, name, cause(`minikube node delete ${name}`));
  };

  const changed = () => options.onStateChange?.(deleted ? 'deleted' : stopped ? 'stopped' : 'running');
  return {
    clusterState: () => (deleted ? 'deleted' : stopped ? 'stopped' : 'running'),
    restoreState(state) {
      deleted = state === 'deleted';
      stopped = state === 'stopped';
    },
    exists: () => !deleted,
    running: () => !deleted && !stopped,
    nodes,
    stop() {
      stopped = true;
      options.pauseClock();
      changed();
    },
    resume() {
      stopped = false;
      options.playClock();
      changed();
    },
    async create(count) {
      options.engine().recreate(count);
      deleted = false;
      stopped = false;
      options.playClock();
      changed();
    },
    async destroy() {
      for (const node of nodes()) if (!node.controlPlane) await deleteNode(node.name);
      deleted = true;
      options.pauseClock();
      changed();
    },
    addNode,
    deleteNode,
    nodePowered: (name) => options.engine().nodeStates().find((s) => s.name === name)?.powered ?? false,
    async powerOffNode(name) {
      if (options.powerOff) options.powerOff(name);
      else options.engine().failures.powerOff(name);
    },
    async powerOnNode(name) {
      if (options.powerOn) options.powerOn(name);
      else options.engine().failures.powerOn(name);
    },
    services(): ServiceInfo[] {
      return store()
        .list(type('Service'), {})
        .items.map((object) => {
          const spec = (object.spec ?? {}) as { type?: string; ports?: { port: number; nodePort?: number }[] };
          const status = (object.status ?? {}) as { loadBalancer?: { ingress?: { ip?: string }[] } };
          return {
            namespace: object.metadata.namespace ?? 'default',
            name: object.metadata.name,
            type: spec.type ?? 'ClusterIP',
            ports: (spec.ports ?? []).map((p) => (p.nodePort === undefined ? { port: p.port } : { port: p.port, nodePort: p.nodePort })),
            loadBalancerIPs: (status.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])),
          };
        });
    },
    ...(options.nodePortUrl ? { nodePortUrl: options.nodePortUrl } : {}),
    async tunnel(): Promise<TunnelService[]> {
      const out: TunnelService[] = [];
      for (const object of store().list(type('Service'), {}).items) {
        const spec = (object.spec ?? {}) as { type?: string; ports?: { port: number }[] };
        if (spec.type !== 'LoadBalancer') continue;
        const status = (object.status ?? {}) as { loadBalancer?: { ingress?: { ip?: string }[] } };
        let ip = status.loadBalancer?.ingress?.find((i) => i.ip)?.ip;
        if (!ip) {
          ip = TUNNEL_IP;
          const updated: KubeObject = { ...object, status: { ...(object.status as object), loadBalancer: { ingress: [{ ip }] } } };
          store().update(type('Service'), updated, cause('minikube tunnel'), { subresource: 'status' });
        }
        out.push({ namespace: object.metadata.namespace ?? 'default', name: object.metadata.name, ip, ports: (spec.ports ?? []).map((p) => p.port) });
      }
      await options.onTunnel?.();
      return out;
    },
    async untunnel(): Promise<TunnelService[]> {
      // As minikube's LoadBalancer emulator cleans up: the IPs the tunnel patched in are removed, so
      // EXTERNAL-IP reads <pending> again.
      const out: TunnelService[] = [];
      for (const object of store().list(type('Service'), {}).items) {
        const spec = (object.spec ?? {}) as { type?: string; ports?: { port: number }[] };
        const status = (object.status ?? {}) as { loadBalancer?: { ingress?: { ip?: string }[] } };
        const ip = status.loadBalancer?.ingress?.find((i) => i.ip === TUNNEL_IP)?.ip;
        if (spec.type !== 'LoadBalancer' || !ip) continue;
        const updated: KubeObject = { ...object, status: { ...(object.status as object), loadBalancer: {} } };
        store().update(type('Service'), updated, cause('minikube tunnel stopped'), { subresource: 'status' });
        out.push({ namespace: object.metadata.namespace ?? 'default', name: object.metadata.name, ip, ports: (spec.ports ?? []).map((p) => p.port) });
      }
      await options.onTunnelStop?.();
      return out;
    },
    focusDashboard: () => options.focusDashboard(),
  };
}
