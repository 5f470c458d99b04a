/**
 * `kubectl exec` over WebSocket (v5.channel.k8s.io): the upgrade is checked like any request
 * (Host, Origin, token), then frames are binary with the stream id in byte 0 (0 stdin, 1 stdout,
 * 2 stderr, 3 status, 4 resize, 255 close). The command's metav1.Status goes on stream 3 and the
 * socket closes with 1000. Anything else asking to upgrade (SPDY) gets a 400 Status.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ExecSession, ExecStreams, Status } from '../../engine/api';
import type { ApiContext } from '../context';
import { checkRequest } from '../guard';
import { pickContainer } from '../handlers/pod-subresources';
import { parseRoute } from '../route';
import { isPortForwardUpgrade } from '../portforward/upgrade';
import { errors, toStatus } from '../status';
import { at, list, str } from '../tables/types';

export const EXEC_PROTOCOL = 'v5.channel.k8s.io';
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

function rejectUpgrade(socket: Duplex, status: Status): void {
  const body = JSON.stringify(status);
  const reason = status.code === 401 ? 'Unauthorized' : status.code === 403 ? 'Forbidden' : status.code === 404 ? 'Not Found' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status.code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function containerRunning(pod: KubeObject, container: string): boolean {
  const statuses = [...list(at(pod, 'status', 'containerStatuses')), ...list(at(pod, 'status', 'initContainerStatuses'))];
  const status = statuses.find((s) => str(at(s, 'name')) === container);
  return !!status && at(status, 'state', 'running') !== undefined;
}

export function attachExec(server: Server, ctx: ApiContext, options: { port: () => number; token: string }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024, handleProtocols: (protocols) => (protocols.has(EXEC_PROTOCOL) ? EXEC_PROTOCOL : false) });
  const sessions = new Set<WebSocket>();

  function startSession(ws: WebSocket, pod: KubeObject, container: string, query: URLSearchParams, mode: 'exec' | 'attach'): void {
    sessions.add(ws);
    const namespace = pod.metadata.namespace ?? 'default';
    const tty = query.get('tty') === 'true' || query.get('tty') === '1';
    const stdin = query.get('stdin') === 'true' || query.get('stdin') === '1';
    const send = (stream: number, data: string | Buffer) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(Buffer.concat([Buffer.from([stream]), Buffer.isBuffer(data) ? data : Buffer.from(data)]), { binary: true });
    };
    const finish = (status: Status | { metadata: object; status: 'Success' }) => {
      send(ERROR, JSON.stringify(status));
      if (ws.readyState === ws.OPEN) ws.close(1000);
    };
    let session: ExecSession | undefined;
    const stdinText = new StringDecoder('utf8');
    let stopLogs: (() => void) | undefined;
    const untrack = ctx.track(() => ws.terminate());
    ws.on('close', () => {
      sessions.delete(ws);
      untrack();
      stopLogs?.();
      session?.close();
    });
    ws.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (!isBinary || bytes.length === 0) return;
      const stream = bytes[0];
      const payload = bytes.subarray(1);
      // One decoder for the session: a character split across two frames (kubectl cp's archive) stays whole.
      if (stream === STDIN) session?.input(stdinText.write(payload));
      else if (stream === CLOSE && payload[0] === STDIN) {
        const rest = stdinText.end();
        if (rest) session?.input(rest);
        session?.endInput();
      }
      else if (stream === RESIZE) {
        // {"Width":120,"Height":30}: the simulated programs do not lay out by width.
      }
    });
    const streams: ExecStreams = {
      stdout: (t) => send(STDOUT, t),
      stderr: (t) => send(STDERR, t),
      exit(result) {
        if ('notFound' in result) {
          finish(errors.internal(`error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${result.notFound}": executable file not found in $PATH: unknown`).status);
        } else if (result.code === 0) finish({ metadata: {}, status: 'Success' });
        else
          finish({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `command terminated with non-zero exit code: error executing command [${query.getAll('command').join(' ')}], exit code ${result.code}`,
            reason: 'NonZeroExitCode',
            details: { causes: [{ reason: 'ExitCode', message: String(result.code) }] },
            code: 500,
          });
      },
    };
    const request = { namespace, pod: pod.metadata.name, container, tty, stdin };
    try {
      if (mode === 'attach') {
        // Attach joins the container's main process: an interactive shell takes the input, anything
        // else streams its output until the client detaches.
        session = ctx.runtime.attach?.(request, streams);
        if (!session) stopLogs = ctx.runtime.onLog(namespace, pod.metadata.name, container, (line) => send(STDOUT, tty ? `${line}\r\n` : `${line}\n`));
        return;
      }
      if (!ctx.runtime.exec) throw errors.internal('error executing command in container: this cluster runs no container runtime');
      session = ctx.runtime.exec({ ...request, command: query.getAll('command') }, streams);
    } catch (error) {
      finish(toStatus(error));
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // portforward/upgrade.ts answers port-forward upgrades.
    if (isPortForwardUpgrade(req, ctx)) return;
    socket.on('error', () => socket.destroy());
    try {
      checkRequest(req, options.port(), options.token);
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const route = parseRoute(url.pathname, ctx.types());
      if (route.kind !== 'resource' || route.type.resource !== 'pods' || !route.name || route.namespace === undefined) throw errors.pathNotFound();
      if (route.subresource !== 'exec' && route.subresource !== 'attach') throw errors.badRequest(`upgrading is not supported for ${route.subresource ?? 'this resource'}`);
      // Pod and container first, so a refused SPDY fallback still explains the real problem.
      const pod = ctx.store.get(route.type, route.namespace, route.name);
      if (!pod) throw errors.notFound('pods', '', route.name);
      const container = pickContainer(pod, url.searchParams.get('container'));
      if (!containerRunning(pod, container)) throw errors.badRequest(`unable to upgrade connection: container not found ("${container}")`);
      const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
      const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      if (upgrade !== 'websocket' || !protocols.includes(EXEC_PROTOCOL)) {
        throw errors.badRequest(`unable to upgrade connection: Kubelab supports ${route.subresource} only over WebSocket with ${EXEC_PROTOCOL} (got ${upgrade || 'no upgrade'})`);
      }
      const mode = route.subresource === 'attach' ? 'attach' : 'exec';
      if (mode === 'exec' && url.searchParams.getAll('command').length === 0) throw errors.badRequest('you must specify at least 1 command');
      wss.handleUpgrade(req, socket, head, (ws) => startSession(ws, pod, container, url.searchParams, mode));
    } catch (error) {
      rejectUpgrade(socket, toStatus(error));
    }
  });

  return {
    sessions: () => sessions.size,
    close() {
      for (const ws of sessions) ws.terminate();
      sessions.clear();
      wss.close();
    },
  };
}
