/**
 * What the bundled `minikube` command may ask Kubelab over the local control endpoint: the few
 * things the Kubernetes API cannot express (re-create the cluster, add or remove nodes, stop, delete,
 * service URLs, tunnel, focus the dashboard). Requests are validated here on the server side.
 */
import * as v from 'valibot';

export const CONTROL_PATH = '/v1/minikube';
export const MAX_NODES = 10;
const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(253), v.regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/));

export const ControlRequestSchema = v.variant('op', [
  v.strictObject({ op: v.literal('status') }),
  v.strictObject({
    op: v.literal('start'),
    nodes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_NODES))),
    /** The user agreed to re-create the cluster. */
    confirmed: v.boolean(),
  }),
  v.strictObject({ op: v.literal('stop') }),
  v.strictObject({ op: v.literal('delete') }),
  v.strictObject({ op: v.literal('ip'), node: v.optional(Name) }),
  v.strictObject({ op: v.literal('node-add') }),
  v.strictObject({ op: v.literal('node-delete'), name: Name }),
  v.strictObject({ op: v.literal('node-list') }),
  /** Powers a node off (its kubelet stops), as the drawing's failure zone does. */
  v.strictObject({ op: v.literal('node-stop'), name: Name }),
  v.strictObject({ op: v.literal('node-start'), name: Name }),
  v.strictObject({ op: v.literal('service-url'), namespace: Name, name: Name }),
  v.strictObject({ op: v.literal('tunnel') }),
  /** The tunnel command ends (Ctrl-C): LoadBalancers lose the IPs it gave them, and their listeners close. */
  v.strictObject({ op: v.literal('tunnel-stop') }),
  v.strictObject({ op: v.literal('dashboard') }),
]);
export type ControlRequest = v.InferOutput<typeof ControlRequestSchema>;

export type HostState = 'Running' | 'Stopped' | 'Nonexistent';

export interface NodeState {
  name: string;
  ip: string;
  controlPlane: boolean;
  ready: boolean;
}

export interface ClusterState {
  state: HostState;
  nodes: NodeState[];
}

export type StartResult =
  | { action: 'created' | 'resumed' | 'running' | 'recreated'; nodes: number }
  /** The cluster exists with a different node count; re-creating it needs the user's confirmation. */
  | { action: 'needs-confirmation'; currentNodes: number; requestedNodes: number };

export interface TunnelService {
  namespace: string;
  name: string;
  ip: string;
  ports: number[];
}

/** Result type per operation, so the CLI's rendering is checked against what the server sends. */
export interface ControlResults {
  status: ClusterState;
  start: StartResult;
  stop: { stoppedNodes: number };
  delete: { deleted: boolean };
  ip: { ip: string };
  'node-add': { name: string };
  'node-delete': { name: string };
  'node-list': { nodes: NodeState[] };
  'node-stop': { name: string };
  /** `alreadyRunning`: the node was not stopped, nothing was done. */
  'node-start': { name: string; alreadyRunning: boolean };
  'service-url': { urls: string[] };
  tunnel: { services: TunnelService[] };
  'tunnel-stop': { services: TunnelService[] };
  dashboard: { focused: boolean };
}

export type ControlErrorCode = 'NOT_FOUND' | 'NOT_RUNNING' | 'INVALID' | 'UNSUPPORTED' | 'FORBIDDEN' | 'INTERNAL';

export type ControlResponse<R = unknown> = { ok: true; result: R } | { ok: false, error: { code: ControlErrorCode; message: string } };

export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/** Environment variables through which shells find the endpoint. */
export const CONTROL_URL_ENV = 'KUBELAB_CONTROL_URL';
export const CONTROL_TOKEN_ENV = 'KUBELAB_CONTROL_TOKEN';
