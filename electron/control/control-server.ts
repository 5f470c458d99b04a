/**
 * The local control endpoint for the bundled `minikube` command: HTTP on 127.0.0.1 only, a random
 * token per launch (handed to shells in KUBELAB_CONTROL_TOKEN, never written to disk), a Host check
 * against DNS rebinding, small bodies, and every request validated before it reaches the cluster.
 * Any local process can connect, so it has the same edge as the API server (http-edge/harden.ts):
 * silent or slow connections time out, and only connections that showed the token are safe from
 * the stranger cap, so a flood of them cannot keep the shim from `minikube stop`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as v from 'valibot';
import { edgeOptions, hardenServer, listenOptions, serverOptions, type EdgeOptions } from '../http-edge/harden';
import { overLimit } from '../http-edge/limits';
import { CONTROL_PATH, ControlError, ControlRequestSchema, type ControlRequest, type ControlResponse } from './control-protocol';

const MAX_BODY_BYTES = 16 * 1024;
// The shim sends one fixed path and a handful of headers, so anything near these is not the shim;
// small limits also keep what a half-sent head can hold in memory small.
const CONTROL_LIMITS = { maxUriBytes: 1024, maxHeaderBytes: 8 * 1024 };

export interface ControlServerOptions {
  token?: string;
  port?: number;
  /** Timeouts, limits and the stranger cap (http-edge/harden.ts); tests shorten them. */
  edge?: Partial<EdgeOptions>;
}

export interface ControlServer {
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

export type ControlHandler = (request: ControlRequest) => Promise<unknown>;

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function reply(res: ServerResponse, status: number, body: ControlResponse): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

const fail = (res: ServerResponse, status: number, code: ControlError['code'], message: string) => reply(res, status, { ok: false, error: { code, message } });

export async function startControlServer(handler: ControlHandler, options: ControlServerOptions = {}): Promise<ControlServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<Socket>();
  let port = 0;

  const edge = edgeOptions({ ...options.edge, limits: { ...CONTROL_LIMITS, ...options.edge?.limits } });
  const server = createServer(serverOptions(edge), (req: IncomingMessage, res: ServerResponse) => {
    const over = overLimit(req, edge.limits);
    if (over) return fail(res, over.status, 'INVALID', over.message);
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return fail(res, 403, 'FORBIDDEN', 'unexpected Host header');
    if (!sameToken(req.headers.authorization ?? '', `Bearer ${token}`)) return fail(res, 401, 'FORBIDDEN', 'missing or wrong control token');
    guard.trust(req.socket);
    if (req.method !== 'POST' || req.url !== CONTROL_PATH) return fail(res, 404, 'NOT_FOUND', 'not found');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        fail(res, 413, 'INVALID', 'request too large');
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      let parsed: v.SafeParseResult<typeof ControlRequestSchema>;
      try {
        parsed = v.safeParse(ControlRequestSchema, JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        return fail(res, 400, 'INVALID', 'request is not JSON');
      }
      if (!parsed.success) return fail(res, 400, 'INVALID', parsed.issues.map((i) => i.message).join('; '));
      handler(parsed.output).then(
        (result) => reply(res, 200, { ok: true, result }),
        (error: unknown) => {
          if (error instanceof ControlError) fail(res, 200, error.code, error.message);
          else fail(res, 500, 'INTERNAL', error instanceof Error ? error.message : String(error));
        },
      );
    });
  });
  const guard = hardenServer(server, edge);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenOptions(options.port ?? 0), () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
