/**
 * Test harness: an API server on a fake (or given) engine in a temp data dir, and a tiny HTTPS
 * client that trusts the server's CA and sends the bearer token unless told otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../engine/api';
import type { EdgeOptions } from '../../http-edge/harden';
import { createApiServer } from '../index';
import type { ApiServer } from '../index';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  body?: string | Buffer | unknown;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
  token?: string | null;
}

export interface Harness {
  server: ApiServer;
  dataDir: string;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  dataDir?: string;
  bodyLimit?: number;
  /** Edge timeouts and limits (http-edge/harden.ts), which edge tests shorten to a fraction of a second. */
  edge?: Partial<EdgeOptions>;
}

export async function startHarness(engine: Pick<Engine, 'store' | 'runtime' | 'now'>, options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kubelab-api-'));
  const server = await createApiServer({ engine, dataDir, ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}), ...(options.edge ? { edge: options.edge } : {}) });
  const request = (method: string, path: string, opts: RequestOptions = {}): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json', ...opts.headers };
      if (opts.token !== null) headers.Authorization = `Bearer ${opts.token ?? server.token}`;
      let payload: Buffer | undefined;
      if (opts.body !== undefined) {
        payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
        headers['Content-Type'] = opts.contentType ?? 'application/json';
        headers['Content-Length'] = String(payload.length);
      }
      const req = httpsRequest({ host: '127.0.0.1', port: server.port, path, method, headers, ca: server.caPem, servername: 'localhost' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  return {
    server,
    dataDir,
    request,
    async close() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
