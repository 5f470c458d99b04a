/**
 * Terminal benchmarks over the web mode's own path: a WebSocket client authenticates to the web
 * server, whose dispatcher drives the terminal service, the pty host and a real bash. Measures
 * `cat` throughput of a 50 MB file (acknowledging output as xterm would) and keystroke-to-echo latency.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createClient } from '../../shared/ipc/client';
import { terminalService } from '../../shared/ipc/services/terminal';
import { createWebSocketTransport, type SocketLike } from '../../shared/ipc/websocket-transport';
import { createDispatcher } from '../ipc/dispatcher';
import { startWebServer } from '../web/web-server';
import type { ClusterBackend } from '../control/cluster-control';
import { createTerminalSystem } from './terminal-system';

type Report = (name: string, value: number, unit: string) => void;

const idleCluster: ClusterBackend = {
  exists: () => true,
  running: () => true,
  nodes: () => [],
  stop: () => undefined,
  resume: () => undefined,
  create: async () => undefined,
  destroy: async () => undefined,
  addNode: async () => 'minikube-m02',
  deleteNode: async () => undefined,
  nodePowered: () => true,
  powerOffNode: async () => undefined,
  powerOnNode: async () => undefined,
  services: () => [],
  tunnel: async () => [],
  untunnel: async () => [],
  focusDashboard: () => false,
};

export default async function bench(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-term-bench-'));
  const system = createTerminalSystem({ dataDir: dir, kubeconfigPath: () => join(dir, 'kubeconfig'), cluster: idleCluster, env: { ...process.env, SHELL: '/bin/bash' }, home: dir });
  await system.start();
  const contract = { terminal: terminalService } as const;
  const web = await startWebServer({ dispatcher: createDispatcher(contract, { terminal: system.service }), rendererDir: dir });
  const transport = createWebSocketTransport({
    url: `ws://127.0.0.1:${web.port}/ipc`,
    token: web.token,
    createSocket: (url) => new WebSocket(url, { headers: { Origin: `http://127.0.0.1:${web.port}` } }) as unknown as SocketLike,
  });
  await transport.ready;
  const client = createClient(contract, transport);
  try {
    const { id } = await client.terminal.create({ cols: 120, rows: 40 });
    let text = '';
    let waiter: { pattern: RegExp; resolve: () => void } | undefined;
    client.terminal.onOutput((event) => {
      if (event.id !== id) return;
      // Only the tail is kept: a pattern is looked for in what just arrived, not in 50 MB again and again.
      text = (text + event.data).slice(-4096);
      void client.terminal.ack({ id, chars: event.data.length }).catch(() => undefined);
      if (waiter && waiter.pattern.test(text)) {
        const done = waiter.resolve;
        waiter = undefined;
        done();
      }
    });
    const until = (pattern: RegExp) => new Promise<void>((resolve) => {
      if (pattern.test(text)) resolve();
      else waiter = { pattern, resolve };
    });
    await until(/\(kubelab\)/);

    // Keystroke to echo: one character at a time, timed until bash echoes it back.
    const samples: number[] = [];
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < 200; i++) {
      const letter = letters[i % letters.length] ?? 'a';
      text = '';
      const started = performance.now();
      await client.terminal.write({ id, data: letter });
      await until(new RegExp(letter));
      samples.push(performance.now() - started);
    }
    await client.terminal.write({ id, data: '\x15' });
    samples.sort((a, b) => a - b);
    report('terminal keystroke-to-echo median (web mode, WebSocket client)', samples[Math.floor(samples.length / 2)] ?? 0, 'ms');
    report('terminal keystroke-to-echo p95', samples[Math.floor(samples.length * 0.95)] ?? 0, 'ms');

    const file = join(dir, 'flood.txt');
    const size = 50 * 1024 * 1024;
    writeFileSync(file, Buffer.alloc(size, 'x'.charCodeAt(0)));
    text = '';
    const started = performance.now();
    await client.terminal.write({ id, data: `cat ${file}; echo DONE$((6*7))\r` });
    await until(/DONE42/);
    const seconds = (performance.now() - started) / 1000;
    report('terminal cat 50 MB throughput (web mode, WebSocket client)', size / 1024 / 1024 / seconds, 'MB/s');
  } finally {
    transport.close();
    await web.close();
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
