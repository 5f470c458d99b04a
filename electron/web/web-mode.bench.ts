/**
 * Web-mode figures: how long `serve` takes to print its URL, and the round trip of one IPC call over
 * the WebSocket transport (medians over repeated runs; this machine is shared, so medians, not means).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { contract } from '../../shared/ipc/contract';
import { createClient } from '../../shared/ipc/client';
import { createWebSocketTransport, type SocketLike } from '../../shared/ipc/websocket-transport';

type Report = (name: string, value: number, unit: string) => void;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

async function startServe(): Promise<{ url: string; ms: number; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['out/main/serve.js', '--data-dir', dataDir, '--nodes', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Kubelab web mode: (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const ms = performance.now() - started;
  return {
    url,
    ms,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export default async function (report: Report): Promise<void> {
  if (!existsSync('out/main/serve.js')) throw new Error('build first: npm run build');
  const startups: number[] = [];
  for (let i = 0; i < 5; i++) {
    const server = await startServe();
    startups.push(server.ms);
    await server.stop();
  }
  report('web_mode_startup_median', median(startups), 'ms');

  const server = await startServe();
  const parsed = new URL(server.url);
  const transport = createWebSocketTransport({
    url: `ws://127.0.0.1:${parsed.port}/ipc`,
    token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  });
  await transport.ready;
  const client = createClient(contract, transport);
  const rtts: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await client.clock.state({});
    rtts.push(performance.now() - t0);
  }
  report('ipc_ws_roundtrip_median', median(rtts) * 1000, 'us');
  report('ipc_ws_roundtrip_p99', percentile(rtts, 0.99) * 1000, 'us');
  const t0 = performance.now();
  const snapshot = await client.cluster.snapshot({});
  report('ipc_ws_snapshot_ms', performance.now() - t0, 'ms');
  report('ipc_ws_snapshot_objects', snapshot.objects.length, 'objects');
  transport.close();
  await server.stop();
}
