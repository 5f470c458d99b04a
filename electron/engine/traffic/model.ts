/**
 * The traffic model: an observation layer over the cluster, deterministic on the virtual clock.
 * Virtual time is cut into fixed slots; the requests of slot k come from a PRNG keyed by (seed, k,
 * Service), so stepping, pausing or rewinding to a frame gives the same traffic there. Each tick
 * returns aggregates (per Service and per pod) and a bounded sample of individual requests to draw;
 * thousands of requests per second cost a few array lookups each.
 */
import type { PodTraffic, ServiceTraffic, TrafficFrame, TrafficSample } from './types';
import { Random, fnv32a } from '../clock/random';
import { LatencyHistogram } from './histogram';
import { latency, route, type Client, type Decision } from './kube-proxy';
import { compileRoutes, serviceKey, type RouteEndpoint, type RouteTable, type ServiceRoute, type TrafficWorld } from './routes';

export interface GeneratorSpec {
  namespace: string;
  name: string;
  /** Requests per second of virtual time. */
  rate: number;
  /** Distinct client addresses the generator cycles through. */
  clients: number;
}

export interface TrafficModelOptions {
  seed: number;
  /** Virtual length of one slot (default 100 ms). */
  slotMs?: number;
  /** A tick never simulates more than this much virtual time (default 1 s): at high speed or after a long jump it shows the last part, so CPU per tick stays bounded. */
  maxWindowMs?: number;
  /** Individual requests kept per frame for drawing (default 120). */
  samplesPerFrame?: number;
  /** Requests per second one pod serves at utilisation 1 (default 1000). */
  podCapacity?: number;
}

export interface RealDecision {
  decision: Decision;
  route?: ServiceRoute;
  latencyMs: number;
}

export interface TrafficModel {
  tick(world: TrafficWorld, generators: readonly GeneratorSpec[], fromMs: number, toMs: number): TrafficFrame;
  /** Routes one request that comes from outside the simulation (a real HTTP request from the host). */
  decide(world: TrafficWorld, namespace: string, name: string, port: number | string | undefined, client: Client): RealDecision;
  /** Records a request decided elsewhere (real HTTP), so the next frame counts it and draws the latest ones. */
  record(sample: TrafficSample): void;
  routes(world: TrafficWorld): RouteTable;
}

/** A pod's counts within one frame; the running total is kept by the manager. */
type PodAcc = Omit<PodTraffic, 'total'>;

interface ServiceAcc {
  namespace: string;
  name: string;
  requests: number;
  errors: number;
  histogram: LatencyHistogram;
}

/** A client address: external users live in 203.0.113.0/24-style space, pods in the pod CIDR. */
export function clientIp(index: number, external: boolean): string {
  return external ? `192.168.${49 + ((index >> 8) & 15)}.${index & 255}` : `10.244.${200 + ((index >> 8) & 31)}.${index & 255}`;
}

export function createTrafficModel(options: TrafficModelOptions): TrafficModel {
  const slotMs = options.slotMs ?? 100;
  const maxWindowMs = options.maxWindowMs ?? 1000;
  const samplesPerFrame = options.samplesPerFrame ?? 120;
  const podCapacity = options.podCapacity ?? 1000;
  const tables = new WeakMap<TrafficWorld, RouteTable>();
  const totals = new Map<string, number>();
  let pendingReal: TrafficSample[] = [];
  let realCounter = 0;
  const realRng = new Random(options.seed ^ 0x7f4a7c15);

  const routes = (world: TrafficWorld): RouteTable => {
    let table = tables.get(world);
    if (!table) tables.set(world, (table = compileRoutes(world)));
    return table;
  };

  const entryNodeFor = (table: RouteTable, ip: string): string | undefined => (table.nodes.length ? table.nodes[fnv32a(ip) % table.nodes.length] : undefined);
  const isExternal = (svc: ServiceRoute): boolean => svc.type === 'NodePort' || svc.type === 'LoadBalancer';
  const endpointsFor = (svc: ServiceRoute, port: number | string | undefined): RouteEndpoint[] => {
    if (port === undefined) return svc.endpoints;
    const p = svc.ports.find((x) => x.port === port || x.nodePort === port || x.name === port || String(x.port) === String(port));
    return p ? (svc.byPort.get(p.name ?? '') ?? []) : svc.endpoints;
  };

  function tick(world: TrafficWorld, generators: readonly GeneratorSpec[], fromMs: number, toMs: number): TrafficFrame {
    const table = routes(world);
    const start = Math.max(fromMs, toMs - maxWindowMs);
    const firstSlot = Math.ceil(start / slotMs);
    const endSlot = Math.ceil(toMs / slotMs);
    const serviceAcc = new Map<string, ServiceAcc>();
    const podAcc = new Map<string, PodAcc>();
    const samples: TrafficSample[] = [];
    const active = [...generators].filter((g) => g.rate > 0).sort((a, b) => (serviceKey(a.namespace, a.name) < serviceKey(b.namespace, b.name) ? -1 : 1));
    const slotCount = Math.max(0, endSlot - firstSlot);
    const quota = Math.max(1, Math.floor(samplesPerFrame / Math.max(1, slotCount * active.length)));

    const accService = (ns: string, name: string): ServiceAcc => {
      const key = serviceKey(ns, name);
      let acc = serviceAcc.get(key);
      if (!acc) serviceAcc.set(key, (acc = { namespace: ns, name, requests: 0, errors: 0, histogram: new LatencyHistogram() }));
      return acc;
    };
    // Per-request bookkeeping indexes by object identity, not by building string keys.
    const byEndpoint = new Map<RouteEndpoint, PodAcc>();
    const count = (acc: ServiceAcc, d: Decision, ms: number): void => {
      acc.requests++;
      acc.histogram.add(ms);
      const failed = d.outcome !== 'ok';
      if (failed) acc.errors++;
      const ep = d.endpoint;
      if (!ep) return;
      let pod = byEndpoint.get(ep);
      if (!pod) {
        const key = serviceKey(acc.namespace, ep.pod);
        pod = podAcc.get(key);
        if (!pod) podAcc.set(key, (pod = { namespace: acc.namespace, name: ep.pod, ...(ep.node ? { node: ep.node } : {}), ...(ep.version ? { version: ep.version } : {}), requests: 0, errors: 0 }));
        byEndpoint.set(ep, pod);
      }
      pod.requests++;
      if (failed) pod.errors++;
    };

    for (const gen of active) {
      const key = serviceKey(gen.namespace, gen.name);
      const svc = table.services.get(key);
      if (!svc) continue;
      const serviceTotals = accService(gen.namespace, gen.name);
      const external = isExternal(svc);
      const clients = Math.max(1, Math.floor(gen.clients));
      const utilisation = gen.rate / Math.max(1, svc.endpoints.length) / podCapacity;
      const perSlot = (gen.rate * slotMs) / 1000;
      const keyHash = fnv32a(key);
      for (let k = firstSlot; k < endSlot; k++) {
        const n = Math.floor(perSlot * (k + 1)) - Math.floor(perSlot * k);
        if (n <= 0) continue;
        const rng = new Random((options.seed ^ Math.imul(k + 1, 0x9e3779b1) ^ keyHash) >>> 0);
        const draw = () => rng.next();
        const stride = Math.max(1, Math.ceil(n / quota));
        let sampled = 0;
        let failedSampled = 0;
        for (let i = 0; i < n; i++) {
          // The address only matters for affinity and the entry node; skip building it otherwise.
          const index = rng.int(clients);
          const ip = external || svc.affinity ? clientIp(index, external) : '';
          const entry = external ? entryNodeFor(table, ip) : undefined;
          const client: Client = entry !== undefined ? { ip, entryNode: entry, ...(world.downNodes.has(entry) ? { entryDown: true } : {}) } : { ip };
          const d = route(svc, client, draw);
          const ms = latency(d, external, utilisation, draw);
          count(serviceTotals, d, ms);
          const failed = d.outcome !== 'ok';
          if ((i % stride === 0 && sampled < quota) || (failed && failedSampled < quota)) {
            if (failed) failedSampled++;
            else sampled++;
            samples.push(sample(`${k}:${keyHash.toString(36)}:${i}`, k * slotMs + ((i + 0.5) * slotMs) / n, ms, svc, client, d, 'generator'));
          }
        }
      }
    }

    // Real requests decided since the last tick are all counted; the latest ones are drawn (a burst
    // from a benchmark or a script must not flood the screen or the IPC channel).
    const real = pendingReal;
    pendingReal = [];
    const drawFrom = real.length - Math.max(1, Math.floor(samplesPerFrame / 2));
    for (const [index, s] of real.entries()) {
      const acc = accService(s.service.namespace, s.service.name);
      acc.requests++;
      acc.histogram.add(s.latencyMs);
      if (s.outcome !== 'ok') acc.errors++;
      if (s.pod) {
        const key = serviceKey(s.service.namespace, s.pod.name);
        let pod = podAcc.get(key);
        if (!pod) podAcc.set(key, (pod = { namespace: s.service.namespace, name: s.pod.name, ...(s.pod.node ? { node: s.pod.node } : {}), ...(s.version ? { version: s.version } : {}), requests: 0, errors: 0 }));
        pod.requests++;
        if (s.outcome !== 'ok') pod.errors++;
      }
      if (index >= drawFrom) samples.push(s);
    }

    // Pod names churn (rollouts, evictions): keep the running totals from growing without bound.
    if (totals.size > 20_000) totals.clear();
    const seconds = Math.max(1, toMs - start) / 1000;
    const services: ServiceTraffic[] = [...serviceAcc.values()]
      .map((a) => ({ namespace: a.namespace, name: a.name, requests: a.requests, errors: a.errors, rate: a.requests / seconds, p50Ms: a.histogram.quantile(0.5), p95Ms: a.histogram.quantile(0.95) }))
      .sort((a, b) => (serviceKey(a.namespace, a.name) < serviceKey(b.namespace, b.name) ? -1 : 1));
    const pods: PodTraffic[] = [...podAcc.values()]
      .map((p) => {
        const key = serviceKey(p.namespace, p.name);
        const total = (totals.get(key) ?? 0) + p.requests;
        totals.set(key, total);
        return { ...p, total };
      })
      .sort((a, b) => (serviceKey(a.namespace, a.name) < serviceKey(b.namespace, b.name) ? -1 : 1));
    samples.sort((a, b) => a.at - b.at);
    return { fromMs: start, toMs, services, pods, samples };
  }

  function decide(world: TrafficWorld, namespace: string, name: string, port: number | string | undefined, client: Client): RealDecision {
    const svc = routes(world).services.get(serviceKey(namespace, name));
    const draw = () => realRng.next();
    if (!svc) return { decision: { outcome: 'refused', status: 0, extraHop: false }, latencyMs: 0.2 };
    const decision = route(svc, client, draw, endpointsFor(svc, port));
    return { decision, route: svc, latencyMs: latency(decision, client.entryNode !== undefined, 0, draw) };
  }

  function record(s: TrafficSample): void {
    realCounter++;
    // A burst of real requests (a benchmark, a script) must not grow memory between ticks.
    if (pendingReal.length >= 5000) pendingReal.shift();
    pendingReal.push(s.id ? s : { ...s, id: `real:${realCounter}` });
  }

  return { tick, decide, record, routes };
}

export function sample(id: string, at: number, latencyMs: number, svc: { namespace: string; name: string }, client: Client, d: Decision, source: TrafficSample['source']): TrafficSample {
  const ep = d.endpoint;
  return {
    id,
    at,
    latencyMs,
    service: { namespace: svc.namespace, name: svc.name },
    source,
    ...(client.entryNode !== undefined ? { entryNode: client.entryNode } : {}),
    ...(ep ? { pod: { name: ep.pod, ...(ep.node ? { node: ep.node } : {}) } } : {}),
    ...(ep?.version ? { version: ep.version } : {}),
    status: d.status,
    outcome: d.outcome,
  };
}
