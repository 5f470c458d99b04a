/**
 * What the traffic model produces: per-tick aggregates and a bounded sample of requests to draw.
 * The engine's model writes these shapes and the IPC contract carries them to the renderer unchanged.
 */
/** How a request ended. `refused`: no ready endpoint; `timeout`: the endpoint's node does not answer. */
export type TrafficOutcome = 'ok' | 'error' | 'refused' | 'timeout';

/** Where a request came from: a load generator, a real HTTP request from the host, or a pod. */
export type TrafficSource = 'generator' | 'host' | 'pod';

export interface ServiceRef {
  namespace: string;
  name: string;
}

/** One request drawn on screen: client → (entry node) → Service → pod → back. */
export interface TrafficSample {
  /** Unique within a model run; the same tick gives the same ids. */
  id: string;
  /** Virtual ms the request was sent. */
  at: number;
  /** Virtual ms from send to answer (or to giving up). */
  latencyMs: number;
  service: ServiceRef;
  source: TrafficSource;
  /** The node the request entered on (NodePort/LoadBalancer); absent for ClusterIP traffic. */
  entryNode?: string;
  /** The answering pod; absent when refused. */
  pod?: { name: string; node?: string };
  /** The answering image's version: the tag (v1, v2, 1.27…). */
  version?: string;
  status: number;
  outcome: TrafficOutcome;
}

export interface ServiceTraffic extends ServiceRef {
  requests: number;
  errors: number;
  /** Requests per second of virtual time over this tick. */
  rate: number;
  p50Ms: number;
  p95Ms: number;
}

export interface PodTraffic {
  namespace: string;
  name: string;
  node?: string;
  version?: string;
  requests: number;
  errors: number;
  /** Every request this pod answered since the manager started (or the view was reset). */
  total: number;
}

export interface TrafficFrame {
  /** The virtual window [fromMs, toMs) this frame covers. */
  fromMs: number;
  toMs: number;
  services: ServiceTraffic[];
  pods: PodTraffic[];
  samples: TrafficSample[];
}
