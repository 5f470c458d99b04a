/**
 * Keeps strangers from crowding out everyone else. Every client is on 127.0.0.1, so connections
 * cannot be counted per address; instead connections that have not yet shown they belong (for the
 * API server: a request carrying the token; for web mode: a request with an allowed Host) are
 * "strangers", and past a cap the oldest stranger is closed to make room for the newest. Trusted
 * connections (kubectl's watches, exec sessions, the renderer's socket) are never closed here.
 * Without this, 1,024 silent sockets hit maxConnections and locked every client out.
 */
import type { Server } from 'node:net';
import type { Socket } from 'node:net';

export interface ConnectionGuard {
  /** Marks the connection of this socket (raw or TLS) as trusted. */
  trust(socket: Socket): void;
  /** How many connections are still strangers. */
  strangers(): number;
}

// The remote address and port name a live connection uniquely, and a TLS socket reports the same
// ones as the TCP socket under it, so one key serves both without reaching into Node internals.
function keyOf(socket: Socket): string | undefined {
  return socket.remotePort === undefined ? undefined : `${socket.remoteAddress ?? ''}|${socket.remotePort}`;
}

export function guardConnections(server: Server, maxStrangers: number): ConnectionGuard {
  // A Map iterates in insertion order, so its first entry is always the oldest stranger.
  const strangers = new Map<string, Socket>();
  server.on('connection', (socket: Socket) => {
    const key = keyOf(socket);
    if (key === undefined) return;
    strangers.set(key, socket);
    socket.once('close', () => {
      if (strangers.get(key) === socket) strangers.delete(key);
    });
    while (strangers.size > maxStrangers) {
      const [oldestKey, oldest] = strangers.entries().next().value as [string, Socket];
      strangers.delete(oldestKey);
      oldest.destroy();
    }
  });
  return {
    trust(socket) {
      const key = keyOf(socket);
      if (key !== undefined) strangers.delete(key);
    },
    strangers: () => strangers.size,
  };
}
