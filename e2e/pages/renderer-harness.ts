/**
 * Builds the renderer alone (vite, the same config electron-vite uses for it) and serves it on
 * 127.0.0.1, so view tests and the frame-time benchmark can run the real UI against a scripted
 * cluster (fake-cluster-bridge.ts) even before or without the engine.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

// Outside test-results/: a Playwright run elsewhere cleans that folder, even mid-benchmark.
const OUT = join(tmpdir(), `kubelab-renderer-harness-${process.pid}`);
let built: Promise<void> | undefined;

export function buildRenderer(): Promise<void> {
  built ??= (async () => {
    const { build } = await import('vite');
    const { svelte } = await import('@sveltejs/vite-plugin-svelte');
    await build({ root: resolve('renderer'), base: './', plugins: [svelte()], logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true, minify: process.env.KUBELAB_HARNESS_MINIFY !== '0' } });
  })();
  return built;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

export async function serveRenderer(): Promise<{ url: string; close(): Promise<void> }> {
  await buildRenderer();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = join(OUT, path === '/' ? 'index.html' : path);
    if (!file.startsWith(OUT)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) };
}
