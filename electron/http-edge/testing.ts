/**
 * Test helpers for the edge of any of Kubelab's servers: floods of raw sockets that stay silent or
 * send half a request, and raw exchanges that read what the server writes before it closes. Every
 * server's edge test uses the same ones, so the flood they prove themselves against is the same.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

export interface Flood {
  sockets: Socket[];
  /** How many of them the server has closed so far. */
  closed(): number;
}

export type Opener = () => Socket;

/** Plain TCP to 127.0.0.1:port. */
export const tcpTo = (port: number): Opener => () => netConnect({ host: '127.0.0.1', port });

/** TLS to 127.0.0.1:port, trusting the given CA (the API server's). */
export const tlsTo = (port: number, ca: string, options: ConnectionOptions = {}): Opener => () => tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost', ...options });

// A TLS socket is usable once its handshake is done, a plain one once connected.
const readyEvent = (socket: Socket) => ('encrypted' in socket ? 'secureConnect' : 'connect');

/** Opens sockets (optionally writing `send` on each) and resolves once all are connected or failed. */
export async function openMany(count: number, open: Opener, send?: string): Promise<Flood> {
  const sockets: Socket[] = [];
  let closed = 0;
  await Promise.all(
    Array.from({ length: count }, () => {
      const socket = open();
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => closed++);
      // Read whatever the server answers, so its closing is seen.
      socket.resume();
      return new Promise<void>((resolve) => {
        socket.once(readyEvent(socket), () => {
          if (send) socket.write(send);
          resolve();
        });
        socket.once('close', () => resolve());
      });
    }),
  );
  return { sockets, closed: () => closed };
}

/** Writes raw bytes on a fresh socket and resolves with everything the server sent before closing. */
export async function rawExchange(open: Opener, bytes: string): Promise<string> {
  const socket = open();
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (c: string) => (text += c));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => {
    socket.once(readyEvent(socket), () => resolve());
    socket.once('close', () => resolve());
  });
  if (!socket.destroyed) socket.write(bytes);
  await closed;
  return text;
}

/** Polls until `check` holds or `ms` pass; returns whether it held. */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}
