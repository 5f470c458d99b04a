/**
 * Kubelab's Kubernetes API server: HTTPS on 127.0.0.1 with a per-install CA, a bearer token per
 * launch and a kubeconfig for kubectl. It is a thin adapter from the Kubernetes HTTP API onto the
 * engine's Store and PodRuntime; it keeps no cluster state of its own.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import type { Engine } from '../engine/api';
import { createVirtualClock } from './clock';
import { createContext } from './context';
import { edgeOptions, hardenServer, listenOptions, tlsServerOptions, type EdgeOptions } from '../http-edge/harden';
import { attachExec } from './exec/upgrade';
import { attachPortForward } from './portforward/upgrade';
import { checkRequest } from './guard';
import { createRequestHandler } from './handler';
import { observeUpgradeRequest, type RequestListener } from './request-log';
import { DEFAULT_BODY_LIMIT } from './http-io';
import { mergeIntoUserKubeconfig as mergeEntries, writeKubeconfig } from './kubeconfig';
import { loadOrCreateTls } from './tls';
import { createPauseWarnings, type PauseState } from './pause-warning';
import { createClockSkewWarnings } from './clock-skew-warning';

export interface ApiServerOptions {
  /** anchorMs: the wall-clock instant of virtual 0 (the store's timestamp basis); 2026-01-01 when absent. */
  engine: Pick<Engine, 'store' | 'runtime' | 'now'> & Partial<Pick<Engine, 'anchorMs'>>;
  /** 0 or unset: a free port chosen at launch. */
  port?: number;
  /** Where the CA, the server certificate and (by default) the kubeconfig live. */
  dataDir: string;
  /** Where to write the kubeconfig; defaults to <dataDir>/kubeconfig. */
  kubeconfigPath?: string;
  /** Largest accepted request body (default 3 MiB). */
  bodyLimit?: number;
  /** Timeouts, header/URI limits and the stranger cap (http-edge/harden.ts); tests shorten them. */
  edge?: Partial<EdgeOptions>;
  /** Told about every resource request answered: verb, resource, namespace, name, status (request-log.ts). */
  onRequest?: RequestListener;
  /**
   * Whether the clock is paused and which frame is on screen: while paused or in the past, clients
   * get one Warning line saying so (pause-warning.ts). Unset: the cluster is never said to be paused.
   */
  pauseState?: () => PauseState;
  /**
   * The computer's clock (epoch ms). Set, describe and `kubectl events` are told when the cluster's
   * clock is ahead of it, the case where they print `<invalid>` ages (clock-skew-warning.ts).
   */
  wallNow?: () => number;
}

export interface ApiServer {
  url: string;
  port: number;
  token: string;
  kubeconfigPath: string;
  caPem: string;
  /** Merges the kubelab cluster/user/context into another kubeconfig, keeping its other entries. */
  mergeIntoUserKubeconfig(path: string, options?: { setCurrentContext?: boolean }): void;
  /** Number of open watch/log/exec streams (for leak checks). */
  openStreams(): number;
  close(): Promise<void>;
}

export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const tls = loadOrCreateTls(options.dataDir);
  const token = randomBytes(32).toString('base64url');
  const engine = options.engine;
  const clock = createVirtualClock(() => engine.now(), engine.anchorMs ? () => engine.anchorMs!() : undefined);
  const ctx = createContext({ store: options.engine.store, runtime: options.engine.runtime, clock, bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT });
  let port = 0;
  const edge = edgeOptions(options.edge);
  const onAuthenticated = (req: IncomingMessage) => guard.trust(req.socket);
  const handler = createRequestHandler(ctx, { port: () => port, token, limits: edge.limits, onAuthenticated, onRequest: options.onRequest, ...(options.pauseState ? { pauseWarnings: createPauseWarnings(options.pauseState) } : {}), ...(options.wallNow ? { clockSkewWarnings: createClockSkewWarnings(() => clock.virtualNow(), options.wallNow) } : {}) });
  const server = createServer({ cert: tls.certPem, key: tls.keyPem, minVersion: 'TLSv1.2', ...tlsServerOptions(edge) }, handler);
  const guard = hardenServer(server, edge);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Exec upgrades never reach the request handler: one that shows the token is trusted the same way.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    observeUpgradeRequest(req, socket, ctx.types(), options.onRequest);
    try {
      checkRequest(req, port, token);
      guard.trust(req.socket);
    } catch {
      // attachExec answers it.
    }
  });
  const exec = attachExec(server, ctx, { port: () => port, token });
  const portForward = attachPortForward(server, ctx, { port: () => port, token });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenOptions(options.port ?? 0), () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfigPath = options.kubeconfigPath ?? join(options.dataDir, 'kubeconfig');
  const entries = { server: url, caPem: tls.caPem, token };
  writeKubeconfig(kubeconfigPath, entries);

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    token,
    kubeconfigPath,
    caPem: tls.caPem,
    mergeIntoUserKubeconfig: (path, mergeOptions) => mergeEntries(path, entries, mergeOptions),
    openStreams: () => exec.sessions() + portForward.sessions() + ctxOpen(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        ctx.closeAll();
        exec.close();
        portForward.close();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closed;
    },
  };

  function ctxOpen(): number {
    return ctx.openCount();
  }
}

export { mergeIntoUserKubeconfig } from './kubeconfig';
export type { KubeconfigEntries } from './kubeconfig';
