/**
 * The Node side of traffic: follows the engine's virtual clock and ticks the deterministic traffic
 * model (load generators), serves real HTTP on 127.0.0.1 for every NodePort (and tunnelled
 * LoadBalancer) Service through the same routing and the pods' simulated images, and pushes one
 * TrafficFrame per tick to whoever listens. start() and stop() own its timer and sockets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoadGenerator, TrafficFrame, TrafficState } from '../../shared/ipc/services/traffic';
import type { Service } from '../../shared/k8s/objects';
import type { Engine, PodRuntime } from '../engine/api';
import { createTrafficModel, sample, serviceKey, type Client, type TrafficModel } from '../engine/traffic';
import type { WallTimers } from '../core/clock-driver';
import type { EdgeOptions } from '../http-edge/harden';
import { HostListeners, type WantedListener } from './host-listeners';
import { observeRuntime, type RealRouter } from './in-cluster-runtime';
import { createWorldCache, type WorldCache } from './world-cache';

export interface TrafficManagerOptions {
  engine: Pick<Engine, 'store' | 'runtime' | 'now' | 'nodeStates' | 'onDelta'>;
  seed: number;
  /** Wall-clock interval between ticks (default 100 ms). */
  tickMs?: number;
  timers?: Pick<WallTimers, 'setInterval' | 'clearInterval'>;
  /** Open real listeners for NodePort Services (default true; tests of the model alone turn it off). */
  listen?: boolean;
  /** Wall ms a real request to a dead node hangs before its connection is dropped (default 5000). */
  hangMs?: number;
  /** The node a host request enters on (minikube's primary). */
  entryNode?: string;
  /** The NodePort listeners' timeouts and limits (http-edge/harden.ts); tests shorten them. */
  edge?: Partial<EdgeOptions>;
}

export interface TrafficManager {
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): TrafficState;
  startGenerator(namespace: string, name: string, options?: { rate?: number; clients?: number }): TrafficState;
  stopGenerator(namespace: string, name: string): TrafficState;
  setRate(namespace: string, name: string, rate: number): TrafficState;
  setTunnel(on: boolean): Promise<TrafficState>;
  /** The real URL of a Service's NodePort, once its listener is open. */
  nodePortUrl(namespace: string, name: string, nodePort: number): Promise<string | undefined>;
  onFrame(listener: (frame: TrafficFrame) => void): () => void;
  onChanged(listener: (state: TrafficState) => void): () => void;
  /** Runs one tick now (the timer does this on its own; tests and step call it directly). */
  tick(): TrafficFrame | undefined;
  /** Resolves when listener changes requested so far are applied. */
  settled(): Promise<void>;
  /**
   * The runtime with Service requests routed by the traffic model (ready endpoints, affinity, dead
   * nodes) and recorded so they are drawn: for the API server's proxy subresources and `kubectl exec … curl`.
   */
  observe(runtime: PodRuntime): PodRuntime;
}

export const DEFAULT_RATE = 20;
export const DEFAULT_CLIENTS = 50;
/** A jump longer than this (a seek, a long step) shows only its last second of traffic. */
const MAX_CONTIGUOUS_MS = 60_000;

export function createTrafficManager(options: TrafficManagerOptions): TrafficManager {
  const engine = options.engine;
  const tickMs = options.tickMs ?? 100;
  const timers = options.timers ?? { setInterval: (fn: () => void, ms: number) => setInterval(fn, ms), clearInterval: (h: unknown) => clearInterval(h as ReturnType<typeof setInterval>) };
  const hangMs = options.hangMs ?? 5000;
  const entryNode = options.entryNode ?? 'minikube';
  const model: TrafficModel = createTrafficModel({ seed: options.seed });
  const generators = new Map<string, LoadGenerator>();
  const frameListeners = new Set<(frame: TrafficFrame) => void>();
  const changeListeners = new Set<(state: TrafficState) => void>();
  let tunnel = false;
  let cache: WorldCache | undefined;
  let stopCacheListener: (() => void) | undefined;
  let handle: unknown;
  let last: number | undefined;
  let realPending = 0;
  let lastFrameBusy = false;
  let realCount = 0;
  const hanging = new Set<ReturnType<typeof setTimeout>>();

  const listeners = new HostListeners((entry, req, res) => {
    try {
      serve(entry, req, res);
    } catch (error) {
      // A request from the host must never take the app down: answer as a broken gateway would.
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`kubelab: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }, options.edge);
  const world = () => (cache ??= createWorldCache(engine)).world();

  const state = (): TrafficState => ({
    generators: [...generators.values()].sort((a, b) => serviceKey(a.namespace, a.name).localeCompare(serviceKey(b.namespace, b.name))),
    listeners: listeners.list(),
    tunnel,
  });
  const changed = (): TrafficState => {
    const s = state();
    for (const l of changeListeners) l(s);
    return s;
  };

  function wantedListeners(): WantedListener[] {
    if (options.listen === false) return [];
    const out: WantedListener[] = [];
    for (const svc of world().services as Service[]) {
      const type = svc.spec.type;
      if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
      const namespace = svc.metadata.namespace ?? 'default';
      for (const p of svc.spec.ports ?? []) {
        if (p.nodePort) out.push({ namespace, name: svc.metadata.name, kind: 'nodePort', wanted: p.nodePort, servicePort: p.port });
        // After `minikube tunnel` the LoadBalancer's external IP (127.0.0.1 with the docker driver) answers on the Service port.
        const ingress = svc.status?.loadBalancer?.ingress?.some((i) => i.ip);
        if (type === 'LoadBalancer' && tunnel && ingress) out.push({ namespace, name: svc.metadata.name, kind: 'loadBalancer', wanted: p.port, servicePort: p.port });
      }
    }
    return out;
  }

  function syncListeners(): Promise<void> {
    const before = JSON.stringify(listeners.list());
    return listeners.sync(wantedListeners()).then(() => {
      if (JSON.stringify(listeners.list()) !== before) changed();
    });
  }

  /** Routes a request from outside the simulation through the model; `done` records it for drawing. */
  const routeReal: RealRouter = (namespace, name, port, client, source) => {
    const at = engine.now();
    const { decision, latencyMs } = model.decide(world(), namespace, name, port, client);
    return {
      decision,
      done(status, outcome, version) {
        realCount++;
        realPending++;
        const s = sample(`real:${realCount}`, at, latencyMs, { namespace, name }, client, { ...decision, status, outcome }, source);
        model.record(version ? { ...s, version } : s);
      },
    };
  };

  function serve(entry: WantedListener, req: IncomingMessage, res: ServerResponse): void {
    const client: Client = { ip: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1', entryNode };
    if (world().downNodes.has(entryNode)) client.entryDown = true;
    const { decision, done: record } = routeReal(entry.namespace, entry.name, entry.servicePort, client, 'host');
    if (decision.outcome === 'refused') {
      record(0, 'refused');
      // kube-proxy rejects: the client sees the connection fail, not an HTTP answer.
      req.socket.destroy();
      return;
    }
    if (decision.outcome === 'timeout' || !decision.endpoint) {
      record(0, 'timeout');
      const timer = setTimeout(() => {
        hanging.delete(timer);
        req.socket.destroy();
      }, hangMs);
      hanging.add(timer);
      return;
    }
    const ep = decision.endpoint;
    const answer = engine.runtime.http({ kind: 'pod', namespace: entry.namespace, name: ep.pod, port: ep.targetPort, path: req.url ?? '/', method: req.method ?? 'GET' });
    record(answer.status, answer.status >= 500 ? 'error' : 'ok', ep.version);
    res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  }

  function tick(): TrafficFrame | undefined {
    if (handle === undefined) return undefined;
    const now = engine.now();
    const from = last;
    last = now;
    const running = [...generators.values()].filter((g) => g.running);
    const moved = from !== undefined && now !== from;
    if (!moved && realPending === 0 && from !== undefined) return undefined;
    if (running.length === 0 && realPending === 0 && !lastFrameBusy) return undefined;
    // Forward: the traffic of the elapsed window. Rewound or jumped far: the second before the frame shown.
    const start = from === undefined || now < from || now - from > MAX_CONTIGUOUS_MS ? now - 1000 : from;
    const frame = model.tick(world(), running, Math.max(0, start), now);
    realPending = 0;
    lastFrameBusy = frame.services.length > 0 || frame.samples.length > 0;
    for (const l of frameListeners) l(frame);
    return frame;
  }

  const observed = new WeakMap<PodRuntime, PodRuntime>();
  function observe(base: PodRuntime): PodRuntime {
    let wrapped = observed.get(base);
    if (!wrapped) observed.set(base, (wrapped = observeRuntime(base, routeReal)));
    return wrapped;
  }

  const key = (namespace: string, name: string) => serviceKey(namespace, name);
  const requireService = (namespace: string, name: string): void => {
    if (!world().services.some((s) => s.metadata.name === name && (s.metadata.namespace ?? 'default') === namespace)) throw new Error(`service "${name}" not found in namespace "${namespace}"`);
  };

  return {
    async start() {
      if (handle !== undefined) return;
      cache ??= createWorldCache(engine);
      stopCacheListener = cache.onChange(() => void syncListeners());
      last = engine.now();
      handle = timers.setInterval(() => tick(), tickMs);
      await syncListeners();
    },
    async stop() {
      if (handle !== undefined) timers.clearInterval(handle);
      handle = undefined;
      stopCacheListener?.();
      for (const t of hanging) clearTimeout(t);
      hanging.clear();
      await listeners.closeAll();
      cache?.dispose();
      cache = undefined;
    },
    state,
    startGenerator(namespace, name, opts = {}) {
      requireService(namespace, name);
      const existing = generators.get(key(namespace, name));
      generators.set(key(namespace, name), { namespace, name, rate: opts.rate ?? existing?.rate ?? DEFAULT_RATE, clients: opts.clients ?? existing?.clients ?? DEFAULT_CLIENTS, running: true });
      return changed();
    },
    stopGenerator(namespace, name) {
      const g = generators.get(key(namespace, name));
      if (g) generators.set(key(namespace, name), { ...g, running: false });
      return changed();
    },
    setRate(namespace, name, rate) {
      const g = generators.get(key(namespace, name));
      if (!g) {
        requireService(namespace, name);
        generators.set(key(namespace, name), { namespace, name, rate, clients: DEFAULT_CLIENTS, running: false });
      } else generators.set(key(namespace, name), { ...g, rate });
      return changed();
    },
    async setTunnel(on) {
      tunnel = on;
      if (handle !== undefined) await syncListeners();
      return changed();
    },
    async nodePortUrl(namespace, name, nodePort) {
      if (handle !== undefined) await syncListeners();
      return listeners.find(namespace, name, nodePort)?.url;
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onChanged(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    tick,
    settled: () => listeners.settled(),
    observe,
  };
}
