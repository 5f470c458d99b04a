/**
 * The HTTP edge every server Kubelab opens shares (the HTTPS API server, web mode's server, the
 * `minikube` control endpoint and the NodePort listeners): all of them listen on 127.0.0.1, where
 * any local process can connect, so each needs header and URI limits, timeouts for slow or silent
 * connections, replies to bytes that never became a request, headers that cannot break a
 * response, and the stranger cap.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { answerClientError } from './client-errors';
import { guardConnections, type ConnectionGuard } from './connection-guard';
import { EncodedHeadersResponse } from './header-values';
import { DEFAULT_REQUEST_LIMITS, parserHeaderLimit, type RequestLimits } from './limits';

export interface EdgeOptions {
  /** Time to receive a request's head once the connection is ready (upstream ReadHeaderTimeout is 32 s). */
  headersTimeoutMs: number;
  /**
   * Time to receive a whole request, body included. Node stops this clock once the request is
   * read, so watches and log follows, whose requests are complete and only their responses are
   * long, are unaffected (Node docs, http.Server requestTimeout: "receiving the entire request").
   */
  requestTimeoutMs: number;
  /** Time for a TLS handshake (Node's default is 120 s); unused for plain HTTP. */
  handshakeTimeoutMs: number;
  /** Idle time allowed between requests on a kept-alive connection. */
  keepAliveTimeoutMs: number;
  /** Connections that have not yet made a trusted request, beyond which the oldest is closed. */
  maxStrangers: number;
  /** A hard cap on open connections, only to bound file descriptors. */
  maxConnections: number;
  limits: RequestLimits;
}

export const DEFAULT_EDGE: EdgeOptions = {
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 60_000,
  handshakeTimeoutMs: 10_000,
  keepAliveTimeoutMs: 30_000,
  maxStrangers: 256,
  maxConnections: 8192,
  limits: DEFAULT_REQUEST_LIMITS,
};

export function edgeOptions(overrides: Partial<EdgeOptions> = {}): EdgeOptions {
  return { ...DEFAULT_EDGE, ...overrides, limits: { ...DEFAULT_EDGE.limits, ...overrides.limits } };
}

/**
 * What every server passes to listen(): loopback only, and a long accept queue. Node's default
 * backlog of 511 fills during a burst of connects (the kernel completes handshakes faster than the
 * event loop accepts them), and a client whose SYN meets a full queue retries only after 1 s; 4096
 * is Linux's default cap (net.core.somaxconn).
 */
export function listenOptions(port: number) {
  return { port, host: '127.0.0.1', backlog: 4096 } as const;
}

/** Options for http.createServer / https.createServer. */
export function serverOptions(edge: EdgeOptions) {
  return {
    ServerResponse: EncodedHeadersResponse,
    maxHeaderSize: parserHeaderLimit(edge.limits),
    headersTimeout: edge.headersTimeoutMs,
    requestTimeout: edge.requestTimeoutMs,
    keepAliveTimeout: edge.keepAliveTimeoutMs,
    // How often Node sweeps for expired heads and requests (its default is every 30 s, which would
    // let a stale connection live up to twice its timeout).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(edge.headersTimeoutMs, edge.requestTimeoutMs) / 4))),
  } as const;
}

export function tlsServerOptions(edge: EdgeOptions) {
  return { ...serverOptions(edge), handshakeTimeout: edge.handshakeTimeoutMs } as const;
}

/** Wires the listeners onto a server created with serverOptions/tlsServerOptions. */
export function hardenServer(server: HttpServer | HttpsServer, edge: EdgeOptions): ConnectionGuard {
  server.maxConnections = edge.maxConnections;
  server.on('clientError', answerClientError);
  // A failed or timed-out handshake has no HTTP to answer in.
  server.on('tlsClientError', (_error: Error, socket: { destroy(): void }) => socket.destroy());
  return guardConnections(server, edge.maxStrangers);
}
