/** Reads a streaming (watch / log follow) reply line by line, for tests and benchmarks. */
import { request as httpsRequest } from 'node:https';
import type { ClientRequest } from 'node:http';

export interface LineStream {
  lines: string[];
  /** Resolves once at least n lines arrived (rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<string[]>;
  ended: Promise<void>;
  close(): void;
  request: ClientRequest;
}

export function openStream(server: { port: number; token: string; caPem: string }, path: string, accept = 'application/json'): LineStream {
  const lines: string[] = [];
  let buffer = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  let endResolve!: () => void;
  const ended = new Promise<void>((resolve) => (endResolve = resolve));
  const request = httpsRequest(
    { host: '127.0.0.1', port: server.port, path, headers: { Authorization: `Bearer ${server.token}`, Accept: accept }, ca: server.caPem, servername: 'localhost' },
    (res) => {
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let index;
        while ((index = buffer.indexOf('\n')) >= 0) {
          lines.push(buffer.slice(0, index));
          buffer = buffer.slice(index + 1);
        }
        for (const w of [...waiters]) if (lines.length >= w.n) w.resolve();
      });
      res.on('end', () => endResolve());
      res.on('close', () => endResolve());
    },
  );
  request.on('error', () => endResolve());
  request.end();
  return {
    lines,
    request,
    ended,
    waitFor(n, timeoutMs = 5000) {
      if (lines.length >= n) return Promise.resolve(lines);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} lines, got ${lines.length}: ${lines.join('\n')}`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(lines);
          },
        });
      });
    },
    close: () => request.destroy(),
  };
}
