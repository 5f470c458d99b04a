/**
 * The decisions behind each `minikube` subcommand, over a small backend the core provides. Kept apart
 * from HTTP and from the engine so the rules (when a start needs confirmation, which node is the
 * primary, what a NodePort URL is) can be tested with a fake backend.
 */
import { ControlError, type ClusterState, type ControlRequest, type ControlResults, type NodeState, type StartResult, type TunnelService } from './control-protocol';

/** Where this computer reaches the primary node's NodePorts (real listeners on loopback). */
export const HOST_NODE_IP = '127.0.0.1';

export interface ServiceInfo {
  namespace: string;
  name: string;
  type: string;
  ports: { port: number; nodePort?: number }[];
  loadBalancerIPs: string[];
}

/** What the cluster offers to the control endpoint. The core builds it over the engine. */
export interface ClusterBackend {
  /** False after `minikube delete`, until the next start. */
  exists(): boolean;
  /** False after `minikube stop`: the simulated machines are off. */
  running(): boolean;
  nodes(): NodeState[];
  stop(): void;
  resume(): void;
  /** Builds a fresh cluster with this many nodes, replacing any current one. */
  create(nodes: number): Promise<void>;
  destroy(): Promise<void>;
  addNode(): Promise<string>;
  deleteNode(name: string): Promise<void>;
  /** Whether the node's machine is powered (false after `minikube node stop` or a power-off in the drawing). */
  nodePowered(name: string): boolean;
  powerOffNode(name: string): Promise<void>;
  powerOnNode(name: string): Promise<void>;
  services(): ServiceInfo[];
  /** The real 127.0.0.1 URL for a NodePort, when the traffic layer publishes one. */
  nodePortUrl?(service: ServiceInfo, port: { port: number; nodePort: number }): Promise<string | undefined>;
  /** Gives LoadBalancer services their external IPs (as `minikube tunnel` does); returns the result. */
  tunnel(): Promise<TunnelService[]>;
  /** Ends the tunnel: takes back the IPs it gave and stops serving them; returns the services it left. */
  untunnel(): Promise<TunnelService[]>;
  focusDashboard(): boolean;
}

export const DEFAULT_START_NODES = 1;

type Result<Op extends ControlRequest['op']> = ControlResults[Op];

function requireRunning(backend: ClusterBackend): void {
  if (!backend.exists()) throw new ControlError('NOT_RUNNING', 'The control-plane node minikube host does not exist');
  if (!backend.running()) throw new ControlError('NOT_RUNNING', 'The control-plane node minikube host is not running: state=Stopped');
}

/** minikube's node.Retrieve error, worded as `minikube node delete` prints it. */
function existingNode(backend: ClusterBackend, name: string): NodeState {
  const node = backend.nodes().find((n) => n.name === name);
  if (!node) throw new ControlError('NOT_FOUND', `retrieving node: Could not find node ${name}`);
  return node;
}

export async function handleControl(backend: ClusterBackend, request: ControlRequest): Promise<unknown> {
  switch (request.op) {
    case 'status':
      return status(backend) satisfies Result<'status'>;
    case 'start':
      return (await start(backend, request.nodes, request.confirmed)) satisfies Result<'start'>;
    case 'stop': {
      if (!backend.exists()) throw new ControlError('NOT_RUNNING', 'Profile "minikube" not found. Run "minikube profile list" to view all profiles.');
      const stoppedNodes = backend.running() ? backend.nodes().length : 0;
      backend.stop();
      return { stoppedNodes } satisfies Result<'stop'>;
    }
    case 'delete': {
      const existed = backend.exists();
      if (existed) await backend.destroy();
      return { deleted: existed } satisfies Result<'delete'>;
    }
    case 'ip': {
      requireRunning(backend);
      const nodes = backend.nodes();
      const node = request.node ? nodes.find((n) => n.name === request.node) : (nodes.find((n) => n.controlPlane) ?? nodes[0]);
      if (!node) throw new ControlError('NOT_FOUND', request.node ? `node ${request.node} not found` : 'the cluster has no nodes');
      // The tutorial's `curl http://$(minikube ip):$NODE_PORT` must work from this computer, where the
      // primary node's NodePorts are served on loopback; a named node answers with its simulated IP.
      return { ip: request.node ? node.ip : HOST_NODE_IP } satisfies Result<'ip'>;
    }
    case 'node-add':
      requireRunning(backend);
      return { name: await backend.addNode() } satisfies Result<'node-add'>;
    case 'node-delete': {
      requireRunning(backend);
      const node = existingNode(backend, request.name);
      if (node.controlPlane) throw new ControlError('INVALID', `cannot delete the primary control-plane node ${request.name}`);
      await backend.deleteNode(request.name);
      return { name: request.name } satisfies Result<'node-delete'>;
    }
    case 'node-stop': {
      requireRunning(backend);
      const node = existingNode(backend, request.name);
      if (node.controlPlane) throw new ControlError('UNSUPPORTED', `Kubelab cannot stop the control-plane node ${request.name}: the simulated API server runs there. Run "minikube stop" to stop the whole cluster.`);
      if (backend.nodePowered(request.name)) await backend.powerOffNode(request.name);
      return { name: request.name } satisfies Result<'node-stop'>;
    }
    case 'node-start': {
      requireRunning(backend);
      existingNode(backend, request.name);
      const alreadyRunning = backend.nodePowered(request.name);
      if (!alreadyRunning) await backend.powerOnNode(request.name);
      return { name: request.name, alreadyRunning } satisfies Result<'node-start'>;
    }
    case 'node-list':
      if (!backend.exists()) throw new ControlError('NOT_RUNNING', 'Profile "minikube" not found.');
      return { nodes: backend.nodes() } satisfies Result<'node-list'>;
    case 'service-url':
      requireRunning(backend);
      return { urls: await serviceUrls(backend, request.namespace, request.name) } satisfies Result<'service-url'>;
    case 'tunnel':
      requireRunning(backend);
      return { services: await backend.tunnel() } satisfies Result<'tunnel'>;
    case 'tunnel-stop':
      // Nothing to take back from a cluster that is gone or stopped; the command still ends cleanly.
      return { services: backend.exists() ? await backend.untunnel() : [] } satisfies Result<'tunnel-stop'>;
    case 'dashboard':
      return { focused: backend.focusDashboard() } satisfies Result<'dashboard'>;
  }
}

function status(backend: ClusterBackend): ClusterState {
  if (!backend.exists()) return { state: 'Nonexistent', nodes: [] };
  return { state: backend.running() ? 'Running' : 'Stopped', nodes: backend.nodes() };
}

async function start(backend: ClusterBackend, requested: number | undefined, confirmed: boolean): Promise<StartResult> {
  if (!backend.exists()) {
    const nodes = requested ?? DEFAULT_START_NODES;
    await backend.create(nodes);
    return { action: 'created', nodes };
  }
  const current = backend.nodes().length;
  if (requested !== undefined && requested !== current) {
    if (!confirmed) return { action: 'needs-confirmation', currentNodes: current, requestedNodes: requested };
    await backend.create(requested);
    return { action: 'recreated', nodes: requested };
  }
  if (!backend.running()) {
    backend.resume();
    return { action: 'resumed', nodes: current };
  }
  return { action: 'running', nodes: current };
}

async function serviceUrls(backend: ClusterBackend, namespace: string, name: string): Promise<string[]> {
  const service = backend.services().find((s) => s.namespace === namespace && s.name === name);
  if (!service) throw new ControlError('NOT_FOUND', `Service '${name}' was not found in '${namespace}' namespace.\nYou may select another namespace by using 'minikube service ${name} -n <namespace>'. Or list out all the services using 'minikube service list'`);
  const nodePorts = service.ports.filter((p): p is { port: number; nodePort: number } => p.nodePort !== undefined);
  if ((service.type !== 'NodePort' && service.type !== 'LoadBalancer') || nodePorts.length === 0) {
    throw new ControlError('INVALID', `service ${namespace}/${name} has no node port`);
  }
  const primary = backend.nodes().find((n) => n.controlPlane) ?? backend.nodes()[0];
  const urls: string[] = [];
  for (const port of nodePorts) {
    const real = backend.nodePortUrl ? await backend.nodePortUrl(service, port) : undefined;
    urls.push(real ?? `http://${primary?.ip ?? '127.0.0.1'}:${port.nodePort}`);
  }
  return urls;
}
