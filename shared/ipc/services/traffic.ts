/**
 * Traffic through Services, as the renderer sees it: load generators the user starts per Service,
 * the real 127.0.0.1 listeners that make NodePort (and tunnelled LoadBalancer) Services reachable
 * from the host, and one frame of traffic per tick (aggregates plus a bounded sample of individual
 * requests to draw). Traffic only observes the cluster; nothing here changes cluster state.
 */
import * as v from 'valibot';
import { event, method, service } from '../define';

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

export interface LoadGenerator extends ServiceRef {
  /** Requests per second of virtual time. */
  rate: number;
  running: boolean;
  /** Distinct simulated client addresses (matters for sessionAffinity ClientIP). */
  clients: number;
}

export interface TrafficListener extends ServiceRef {
  kind: 'nodePort' | 'loadBalancer';
  /** The Service's nodePort (or port, for a LoadBalancer) the listener stands for. */
  wanted: number;
  /** The port actually bound on 127.0.0.1 (differs when `wanted` was taken). */
  port: number;
  url: string;
}

export interface TrafficState {
  generators: LoadGenerator[];
  listeners: TrafficListener[];
  tunnel: boolean;
}

export const MAX_RATE = 20_000;
export const MAX_CLIENTS = 1000;

const name = v.pipe(v.string(), v.minLength(1), v.maxLength(253));
const ref = { namespace: name, name };

export const trafficService = service({
  methods: {
    state: method(v.strictObject({})).returns<TrafficState>(),
    /** Creates or updates a Service's load generator and starts it. */
    start: method(v.strictObject({ ...ref, rate: v.optional(v.pipe(v.number(), v.minValue(0.1), v.maxValue(MAX_RATE))), clients: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CLIENTS))) })).returns<TrafficState>(),
    stop: method(v.strictObject(ref)).returns<TrafficState>(),
    setRate: method(v.strictObject({ ...ref, rate: v.pipe(v.number(), v.minValue(0.1), v.maxValue(MAX_RATE)) })).returns<TrafficState>(),
    /** What `minikube tunnel` does for traffic: LoadBalancer external IPs become reachable from the host. */
    setTunnel: method(v.strictObject({ on: v.boolean() })).returns<TrafficState>(),
  },
  events: {
    frame: event<TrafficFrame>(),
    changed: event<TrafficState>(),
  },
});
