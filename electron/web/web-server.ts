/**
 * Web mode: serves the built renderer over HTTP and the IPC contract over a WebSocket, on 127.0.0.1
 * only. A random token per launch guards the socket; Host and Origin checks stop DNS rebinding and
 * other sites' pages from reaching it. The same dispatcher serves Electron, so both modes behave alike.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { edgeOptions, hardenServer, listenOptions, serverOptions, type EdgeOptions } from '../http-edge/harden';
import { overLimit, type RequestLimits } from '../http-edge/limits';
import type { Dispatcher } from '../ipc/dispatcher';
import { contentTypeFor, rendererCsp } from './renderer-headers';
import { serveRpcSocket } from './ws-rpc';

export const RPC_PATH = '/ipc';
const WS_MAX_PAYLOAD = 4 * 1024 * 1024;

export interface WebServerOptions {
  dispatcher: Dispatcher;
  /** Folder holding the built renderer (index.html and assets). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** Timeouts, header/URI limits and the stranger cap (http-edge/harden.ts); tests shorten them. */
  edge?: Partial<EdgeOptions>;
}

export interface WebServer {
  readonly port: number;
  readonly token: string;
  /** The URL to open, with the token in the fragment so it never reaches server logs or Referer headers. */
  readonly url: string;
  close(): Promise<void>;
}

export function contentSecurityPolicy(port: number): string {
  return rendererCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<Socket>();
  let port = 0;
  let clientSeq = 0;

  const edge = edgeOptions(options.edge);
  const server = createServer(serverOptions(edge), (req, res) => {
    // Static files need no token, so a request naming an allowed Host is what makes a connection trusted.
    if (allowedHosts(port).has(req.headers.host ?? '')) guard.trust(req.socket);
    serveStatic(req, res, options.rendererDir, port, edge.limits);
  });
  const guard = hardenServer(server, edge);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const hostOk = allowedHosts(port).has(req.headers.host ?? '');
    const originOk = origin === undefined || allowedOrigins(port).has(origin);
    if (url.pathname !== RPC_PATH || !hostOk || !originOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    guard.trust(req.socket);
    wss.handleUpgrade(req, socket, head, (ws) => serveRpcSocket(ws, options.dispatcher, token, `ws:${++clientSeq}`));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenOptions(options.port ?? 0), () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, port: number, limits: RequestLimits): void {
  const send = (code: number, body: string) => {
    res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(body);
  };
  const over = overLimit(req, limits);
  if (over) return send(over.status, `${over.message}\n`);
  if (!allowedHosts(port).has(req.headers.host ?? '')) return send(403, 'Forbidden: unexpected Host header\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method Not Allowed\n');
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return send(400, 'Bad Request\n');
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const file = normalize(join(root, pathname));
  if (!file.startsWith(normalize(root) + sep)) return send(404, 'Not Found\n');
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return send(404, 'Not Found\n');
    size = stat.size;
  } catch {
    return send(404, 'Not Found\n');
  }
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': size,
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
