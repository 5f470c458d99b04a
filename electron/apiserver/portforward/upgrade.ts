/**
 * `kubectl port-forward`: the upgrade of `/api/v1/namespaces/ns/pods/name/portforward` to a SPDY/3.1
 * connection the kubelet's port-forward protocol (forwarder.ts) runs on. kubectl 1.31+ first asks
 * for a WebSocket with subprotocol `SPDY/3.1+portforward.k8s.io` and tunnels SPDY frames in binary
 * messages (client-go tools/portforward tunneling_dialer.go; the apiserver's util/proxy
 * streamtunnel.go answers it); when that upgrade fails it falls back to a plain
 * `Upgrade: SPDY/3.1` with `X-Stream-Protocol-Version: portforward.k8s.io`. Both are served here.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Status } from '../../engine/api';
import type { ApiContext } from '../context';
import { checkRequest } from '../guard';
import { parseRoute } from '../route';
import { SpdySession, type SpdyTransport } from '../spdy/session';
import { errors, toStatus } from '../status';
import { at, str } from '../tables/types';
import { portForwardStreams, type ForwardTarget } from './forwarder';

/** client-go tools/portforward PortForwardProtocolV1Name. */
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** apimachinery pkg/util/portforward WebsocketsSPDYTunnelingPrefix. */
export const TUNNELING_PREFIX = 'SPDY/3.1+';
export const TUNNELED_PROTOCOL = `${TUNNELING_PREFIX}${PORT_FORWARD_PROTOCOL}`;
const OFFER_TOKEN = 'kubelab-spdy-3.1-portforward.k8s.io';

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

function reply(socket: Duplex, code: number, contentType: string, body: string): void {
  socket.end(`HTTP/1.1 ${code} ${REASONS[code] ?? 'Error'}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function rejectWithStatus(socket: Duplex, status: Status): void {
  reply(socket, status.code ?? 500, 'application/json', JSON.stringify(status));
}

/** Go's http.Error: a plain-text line. */
function rejectWithText(socket: Duplex, code: number, message: string): void {
  reply(socket, code, 'text/plain; charset=utf-8', `${message}\n`);
}

/** Go's `%#v` of an http.Header: canonical names, sorted, as the kubelet prints the request's. */
function goHeader(headers: IncomingMessage['headers']): string {
  const canonical = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
  const entries = Object.entries(headers)
    .map(([name, value]) => [canonical(name), Array.isArray(value) ? value : [value ?? '']] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `http.Header{${entries.map(([name, values]) => `${JSON.stringify(name)}:[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`).join(', ')}}`;
}

function headerList(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : [value ?? ''])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** True for an upgrade of a pod's portforward subresource, which this module answers. */
export function isPortForwardUpgrade(req: IncomingMessage, ctx: ApiContext): boolean {
  const route = parseRoute(new URL(req.url ?? '/', 'https://127.0.0.1').pathname, ctx.types());
  return route.kind === 'resource' && route.type.resource === 'pods' && route.subresource === 'portforward';
}

export function attachPortForward(server: Server, ctx: ApiContext, options: { port: () => number; token: string }) {
  // `ws` accepts only RFC 7230 tokens as subprotocols and `/` is not one, so the offer is swapped
  // for a token before the handshake and the real name is answered (as gorilla/websocket does).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024, handleProtocols: (protocols) => (protocols.has(OFFER_TOKEN) ? TUNNELED_PROTOCOL : false) });
  const sessions = new Set<SpdySession>();

  function run(transport: SpdyTransport, target: ForwardTarget): { session: SpdySession; ended(): void } {
    const streams = portForwardStreams({ runtime: ctx.runtime, target, now: () => ctx.clock.virtualNow() });
    const session = new SpdySession(transport, streams);
    sessions.add(session);
    const untrack = ctx.track(() => session.close());
    const ended = () => {
      untrack();
      sessions.delete(session);
      streams.dispose();
      session.transportClosed();
    };
    return { session, ended };
  }

  function overWebSocket(ws: WebSocket, target: ForwardTarget): void {
    const { session, ended } = run(
      {
        write: (bytes) => {
          if (ws.readyState === ws.OPEN) ws.send(bytes, { binary: true });
        },
        end: () => {
          if (ws.readyState === ws.OPEN) ws.close(1000);
        },
      },
      target,
    );
    ws.on('message', (data, isBinary) => {
      // The tunnel carries binary messages only (TunnelingConnection.Read: "invalid message type received").
      if (!isBinary) {
        session.close();
        return;
      }
      session.receive(Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));
    });
    ws.on('close', ended);
    ws.on('error', () => ws.terminate());
  }

  function overSpdy(socket: Duplex, head: Buffer, target: ForwardTarget, protocol: string | undefined): void {
    // spdy.NewResponseUpgrader after httpstream.Handshake.
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n${protocol ? `X-Stream-Protocol-Version: ${protocol}\r\n` : ''}\r\n`);
    const { session, ended } = run(
      {
        write: (bytes) => {
          if (!socket.destroyed) socket.write(bytes);
        },
        end: () => socket.end(),
      },
      target,
    );
    socket.on('data', (chunk: Buffer) => session.receive(chunk));
    socket.on('close', ended);
    if (head.length) session.receive(head);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!isPortForwardUpgrade(req, ctx)) return;
    socket.on('error', () => socket.destroy());
    try {
      checkRequest(req, options.port(), options.token);
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const route = parseRoute(url.pathname, ctx.types());
      if (route.kind !== 'resource' || !route.name || route.namespace === undefined) throw errors.pathNotFound();
      const pod = ctx.store.get(route.type, route.namespace, route.name);
      if (!pod) throw errors.notFound('pods', '', route.name);
      // pkg/registry/core/pod/strategy.go PortForwardLocation
      if (!str(at(pod, 'spec', 'nodeName'))) throw errors.badRequest(`pod ${route.name} does not have a host assigned`);
      const target: ForwardTarget = { namespace: route.namespace, pod: route.name, uid: pod.metadata.uid ?? route.name };
      const upgrade = headerList(req.headers.upgrade).map((u) => u.toLowerCase());
      if (upgrade.includes('websocket')) {
        if (!headerList(req.headers['sec-websocket-protocol']).some((p) => p.startsWith(TUNNELING_PREFIX) && p.endsWith('.k8s.io'))) {
          rejectWithText(socket, 400, 'unable to upgrade: no tunneling spdy protocols provided');
          return;
        }
        const offers = headerList(req.headers['sec-websocket-protocol']);
        req.headers['sec-websocket-protocol'] = offers.includes(TUNNELED_PROTOCOL) ? OFFER_TOKEN : offers.filter((p) => !p.includes('/')).join(', ') || 'none';
        wss.handleUpgrade(req, socket, head, (ws) => {
          if (ws.protocol !== TUNNELED_PROTOCOL) {
            ws.close(1002, 'unable to negotiate protocol');
            return;
          }
          overWebSocket(ws, target);
        });
        return;
      }
      if (!upgrade.includes('spdy/3.1') || !headerList(req.headers.connection).some((c) => c.toLowerCase() === 'upgrade')) {
        // spdy ResponseUpgrader.UpgradeResponse
        rejectWithText(socket, 400, `unable to upgrade: missing upgrade headers in request: ${goHeader(req.headers)}`);
        return;
      }
      // httpstream.Handshake: no version header is an old client (accepted); otherwise one must match.
      const offered = headerList(req.headers['x-stream-protocol-version']);
      if (offered.length && !offered.includes(PORT_FORWARD_PROTOCOL)) {
        rejectWithText(socket, 403, `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${PORT_FORWARD_PROTOCOL}]`);
        return;
      }
      overSpdy(socket, head, target, offered.length ? PORT_FORWARD_PROTOCOL : undefined);
    } catch (error) {
      rejectWithStatus(socket, toStatus(error));
    }
  }

  server.on('upgrade', onUpgrade);

  return {
    sessions: () => sessions.size,
    close() {
      server.off('upgrade', onUpgrade);
      for (const session of [...sessions]) session.close();
      sessions.clear();
      wss.close();
    },
  };
}
