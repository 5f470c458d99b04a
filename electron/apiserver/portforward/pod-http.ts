/**
 * One forwarded TCP connection into a pod's port, spoken as HTTP/1.1: the bytes kubectl tunnels
 * in are parsed by Node's own HTTP server (never listening, fed through an in-memory socket), so
 * keep-alive, pipelining, bodies and `Connection: close` behave as a real server's do, and each
 * request is answered by the simulated image through runtime.http, as in-pod curl and the
 * NodePort listeners are. The simulation has no raw TCP, so whether anything listens is learnt
 * from the first request: nothing listening answers it with "refused" and no bytes.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import type { HttpAnswer, HttpTarget, PodRuntime } from '../../engine/api';

export interface PodPort {
  namespace: string;
  pod: string;
  port: number;
}

export interface ConnectionEvents {
  /** Bytes the pod's server wrote back. */
  output(bytes: Buffer): void;
  /** Nothing listens on the port (learnt from the first request): the connect failed. */
  refused(): void;
  /** The pod's side of the connection is closed. */
  closed(): void;
}

/** A socket made of callbacks, with the idle timer Node's HTTP server uses for keep-alive. */
class TunnelSocket extends Duplex {
  readonly remoteAddress = '127.0.0.1';
  readonly remoteFamily = 'IPv4';
  private idleMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private out: (bytes: Buffer) => void,
    private done: () => void,
  ) {
    super({ allowHalfOpen: true });
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.touch();
    this.out(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.finish();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.finish();
    callback(error);
  }

  /** Bytes from the client. */
  feed(bytes: Buffer): void {
    this.touch();
    this.push(bytes);
  }

  setTimeout(ms: number, listener?: () => void): this {
    this.idleMs = ms;
    if (listener) this.once('timeout', listener);
    this.touch();
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  private touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.idleMs > 0 && !this.finished) {
      this.timer = setTimeout(() => this.emit('timeout'), this.idleMs);
      this.timer.unref();
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.done();
  }
}

interface Connection {
  target: PodPort;
  runtime: PodRuntime;
  events: ConnectionEvents;
  answered: number;
  socket: TunnelSocket;
}

const connections = new WeakMap<object, Connection>();

function ask(connection: Connection, req: IncomingMessage): HttpAnswer {
  const target: HttpTarget = { kind: 'pod', namespace: connection.target.namespace, name: connection.target.pod, port: connection.target.port, path: req.url ?? '/', method: req.method ?? 'GET' };
  try {
    return connection.runtime.http(target);
  } catch {
    return { status: 502, headers: {}, body: 'connection refused' };
  }
}

function serve(req: IncomingMessage, res: ServerResponse): void {
  const connection = connections.get(req.socket);
  if (!connection) {
    res.destroy();
    return;
  }
  req.resume();
  req.once('end', () => {
    const answer = ask(connection, req);
    if (!answer.pod) {
      // Nothing accepted the connection; a later failure (the app went away) just drops it.
      if (connection.answered === 0) connection.events.refused();
      connection.socket.destroy();
      return;
    }
    connection.answered++;
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(answer.headers)) {
      if (/^[\w-]+$/.test(key) && !/[\r\n]/.test(value) && !/^(content-length|transfer-encoding|connection)$/i.test(key)) headers[key] = value;
    }
    const status = answer.status >= 100 && answer.status < 600 ? answer.status : 502;
    res.writeHead(status, STATUS_CODES[status] ?? '', headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  });
}

/** Node's HTTP machinery, shared by every forwarded connection; the socket says which pod it reaches. */
// No Host requirement: the images' servers differ there, and a hand-typed request through nc is fine.
const http = createServer({ keepAliveTimeout: 5000, requireHostHeader: false }, serve);
http.on('clientError', (_error, socket) => {
  // What Node's server sends a client whose bytes are not HTTP, then the connection closes.
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  else socket.destroy();
});

export interface PodConnection {
  /** Bytes from the client. */
  write(bytes: Buffer): void;
  /** The client sent everything (FIN). */
  end(): void;
  /** Tear down at once (RST, connection gone). */
  destroy(): void;
}

export function connectToPod(runtime: PodRuntime, target: PodPort, events: ConnectionEvents): PodConnection {
  let closed = false;
  const socket = new TunnelSocket(
    (bytes) => events.output(bytes),
    () => {
      if (closed) return;
      closed = true;
      events.closed();
    },
  );
  socket.on('error', () => socket.destroy());
  connections.set(socket, { target, runtime, events, answered: 0, socket });
  http.emit('connection', socket);
  return {
    write: (bytes) => {
      if (!closed) socket.feed(bytes);
    },
    end: () => {
      if (!closed) socket.push(null);
    },
    destroy: () => socket.destroy(),
  };
}
