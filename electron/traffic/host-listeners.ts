/**
 * Real TCP entry points from the host: one HTTP server on 127.0.0.1 per NodePort (and per tunnelled
 * LoadBalancer port). Loopback only, never 0.0.0.0. When the wanted port is taken (or privileged),
 * the listener binds a free port instead and says which, so `minikube service --url` can print it.
 * Any local process can reach them, so they carry the same edge as Kubelab's other servers
 * (http-edge/harden.ts): a silent or slow client times out and cannot crowd out the others.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { edgeOptions, hardenServer, listenOptions, serverOptions, type EdgeOptions } from '../http-edge/harden';
import { overLimit } from '../http-edge/limits';
import type { TrafficListener } from '../../shared/ipc/services/traffic';

export interface WantedListener {
  namespace: string;
  name: string;
  kind: TrafficListener['kind'];
  /** The nodePort (or LoadBalancer port) to bind if free. */
  wanted: number;
  /** The Service port this entry reaches. */
  servicePort: number;
}

export type EntryHandler = (entry: WantedListener, req: IncomingMessage, res: ServerResponse) => void;

interface Open {
  entry: WantedListener;
  server: Server;
  port: number;
}

const keyOf = (w: WantedListener): string => `${w.kind}:${w.namespace}/${w.name}:${w.wanted}`;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(listenOptions(port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

// Browsers and curl open a connection per request or reuse it at once; an idle one is let go soon.
const LISTENER_EDGE: Partial<EdgeOptions> = { keepAliveTimeoutMs: 5000 };

export class HostListeners {
  private open = new Map<string, Open>();
  private queue: Promise<void> = Promise.resolve();
  private edge: EdgeOptions;

  /** `edge` overrides the listeners' timeouts and limits (tests shorten them). */
  constructor(
    private handler: EntryHandler,
    edge: Partial<EdgeOptions> = {},
  ) {
    this.edge = edgeOptions({ ...LISTENER_EDGE, ...edge });
  }

  /** Opens what is wanted and not open, closes what is open and no longer wanted. Calls are serialised. */
  sync(wanted: readonly WantedListener[]): Promise<void> {
    const next = this.queue.then(() => this.apply(wanted));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every sync requested so far has finished. */
  settled(): Promise<void> {
    return this.queue;
  }

  list(): TrafficListener[] {
    return [...this.open.values()]
      .map(({ entry, port }) => ({ namespace: entry.namespace, name: entry.name, kind: entry.kind, wanted: entry.wanted, port, url: `http://127.0.0.1:${port}` }))
      .sort((a, b) => a.wanted - b.wanted || a.name.localeCompare(b.name));
  }

  find(namespace: string, name: string, wanted: number): TrafficListener | undefined {
    return this.list().find((l) => l.namespace === namespace && l.name === name && l.wanted === wanted);
  }

  closeAll(): Promise<void> {
    return this.sync([]);
  }

  private createServer(entry: () => WantedListener): Server {
    const edge = this.edge;
    const server = createServer(serverOptions(edge), (req, res) => {
      // No token or Host names a NodePort's client: any request that arrives whole is a client's.
      guard.trust(req.socket);
      // The listener parses HTTP for the simulated pods, so it answers what their servers' parsers
      // would refuse, before the request is routed (and drawn) as traffic.
      const over = overLimit(req, edge.limits);
      if (over) {
        res.writeHead(over.status, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`${over.message}\n`);
        return;
      }
      this.handler(entry(), req, res);
    });
    const guard = hardenServer(server, edge);
    return server;
  }

  private async apply(wanted: readonly WantedListener[]): Promise<void> {
    const keys = new Set(wanted.map(keyOf));
    for (const [key, o] of [...this.open]) {
      if (keys.has(key)) continue;
      this.open.delete(key);
      await close(o.server);
    }
    for (const entry of wanted) {
      const key = keyOf(entry);
      const existing = this.open.get(key);
      if (existing) {
        existing.entry = entry;
        continue;
      }
      const holder: { entry: WantedListener } = { entry };
      const server = this.createServer(() => holder.entry);
      let port: number;
      try {
        port = await listen(server, entry.wanted);
      } catch {
        // Taken by another program (or a privileged port): any free loopback port will do.
        port = await listen(server, 0);
      }
      const open: Open = { entry, server, port };
      Object.defineProperty(holder, 'entry', { get: () => open.entry });
      this.open.set(key, open);
    }
  }
}
