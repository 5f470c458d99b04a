/**
 * One request's path as kube-proxy (iptables mode) decides it: a uniformly random READY endpoint;
 * with sessionAffinity ClientIP the same client keeps its endpoint; traffic entering on a node
 * (NodePort/LoadBalancer) with externalTrafficPolicy Local only reaches endpoints on that node (and is
 * dropped when there are none), with Cluster it may take an extra hop and loses the client's
 * address (SNAT to the node). Then the outcome: refused when nothing is ready, a timeout when the
 * endpoint's node does not answer, an error when the pod's image does not listen on the port.
 */
import type { TrafficOutcome } from './types';
import { fnv32a } from '../clock/random';
import type { RouteEndpoint, ServiceRoute } from './routes';

export interface Client {
  ip: string;
  /** The node a NodePort/LoadBalancer request arrives at; absent for ClusterIP traffic. */
  entryNode?: string;
  /** The entry node's machine does not answer: the connection never completes. */
  entryDown?: boolean;
}

export interface Decision {
  outcome: TrafficOutcome;
  status: number;
  endpoint?: RouteEndpoint;
  /** The request crossed to another node (externalTrafficPolicy Cluster). */
  extraHop: boolean;
}

/** How long a client waits for a node that does not answer. */
export const TIMEOUT_MS = 3000;

/** A uniform draw in [0, 1) supplied by the caller, so the caller owns the randomness. */
export type Draw = () => number;

/** Highest-random-weight choice: stable per client, and a client only moves when its endpoint leaves. */
function affinityPick(endpoints: readonly RouteEndpoint[], source: string): RouteEndpoint {
  let best = endpoints[0]!;
  let bestScore = -1;
  for (const ep of endpoints) {
    const score = fnv32a(`${source}|${ep.pod}`);
    if (score > bestScore) {
      best = ep;
      bestScore = score;
    }
  }
  return best;
}

export function route(svc: ServiceRoute, client: Client, draw: Draw, endpoints: readonly RouteEndpoint[] = svc.endpoints): Decision {
  if (svc.type === 'ExternalName') return { outcome: 'refused', status: 0, extraHop: false };
  if (client.entryDown) return { outcome: 'timeout', status: 0, extraHop: false };
  let candidates = endpoints;
  const external = client.entryNode !== undefined;
  if (external && svc.policy === 'Local') {
    candidates = endpoints.filter((e) => e.node === client.entryNode);
    // kube-proxy drops external traffic on a node without local endpoints: the client waits.
    if (candidates.length === 0 && endpoints.length > 0) return { outcome: 'timeout', status: 0, extraHop: false };
  }
  if (candidates.length === 0) return { outcome: 'refused', status: 0, extraHop: false };
  // With policy Cluster the node SNATs external traffic: affinity then sees the node, not the client.
  const source = external && svc.policy === 'Cluster' ? `node:${client.entryNode}` : client.ip;
  const endpoint = svc.affinity ? affinityPick(candidates, source) : candidates[Math.min(candidates.length - 1, Math.floor(draw() * candidates.length))]!;
  const extraHop = external && endpoint.node !== undefined && endpoint.node !== client.entryNode;
  if (endpoint.down) return { outcome: 'timeout', status: 0, endpoint, extraHop };
  if (endpoint.status === undefined) return { outcome: 'error', status: 502, endpoint, extraHop };
  return { outcome: endpoint.status >= 500 ? 'error' : 'ok', status: endpoint.status, endpoint, extraHop };
}

/**
 * Time from send to answer: the image's service time with a log-normal spread, the node hops, and
 * queueing that grows as the pod's utilisation approaches 1 (M/M/1: 1/(1-ρ)).
 */
export function latency(decision: Decision, external: boolean, utilisation: number, draw: Draw): number {
  if (decision.outcome === 'timeout') return TIMEOUT_MS;
  if (decision.outcome === 'refused') return external ? 0.6 : 0.2;
  const base = decision.endpoint?.baseLatencyMs ?? 1;
  // Box–Muller from two draws; σ = 0.35 gives a realistic long-ish tail.
  const u = Math.max(1e-9, draw());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * draw());
  const rho = Math.min(0.95, Math.max(0, utilisation));
  const hops = (external ? 0.25 : 0.1) + (decision.extraHop ? 0.35 : 0);
  return (base * Math.exp(0.35 * z)) / (1 - rho) + hops;
}
