/**
 * Traffic through Services, as the renderer sees it: load generators the user starts per Service,
 * the real 127.0.0.1 listeners that make NodePort (and tunnelled LoadBalancer) Services reachable
 * from the host, and one frame of traffic per tick (aggregates plus a bounded sample of individual
 * requests to draw). Traffic only observes the cluster; nothing here changes cluster state.
 */
import * as v from 'valibot';
import { event, method, service } from '../define';
import type { ServiceRef, TrafficFrame } from '../../sim/traffic';

export type { PodTraffic, ServiceRef, ServiceTraffic, TrafficFrame, TrafficOutcome, TrafficSample, TrafficSource } from '../../sim/traffic';

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
