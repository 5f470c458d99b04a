import WebSocket from 'ws';
import { execFileSync } from 'node:child_process';
import { startKubelab } from '/work/main/e2e/fixtures/kubelab-server';
import { createClient } from '/work/main/shared/ipc/client';
import { contract } from '/work/main/shared/ipc/contract';
import { createWebSocketTransport, type SocketLike } from '/work/main/shared/ipc/websocket-transport';
async function main() {
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const server = await startKubelab(['--nodes', '3', '--seed', '5', '--speed', '10']);
const k = (...args: string[]) => execFileSync('kubectl', args, { env: { ...process.env, KUBECONFIG: server.kubeconfig }, encoding: 'utf8' });
try {
  const transport = createWebSocketTransport({ url: `ws://127.0.0.1:${server.port}/ipc`, token: server.token, createSocket: (u) => new WebSocket(u, { origin: server.origin }) as unknown as SocketLike });
  await transport.ready;
  const client = createClient(contract, transport);
  let lastDelta = 0;
  client.cluster.onDelta((d) => { lastDelta = d.frame; });
  k('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=10');
  await sleep(8000);
  k('set', 'image', 'deployment/web', 'nginx=nginx:1.26');
  await sleep(6000);
  await client.clock.pause({});
  const s1 = await client.timeline.state({});
  await sleep(1500);
  const s2 = await client.timeline.state({});
  console.log('paused', s1.length, s2.length, 'lastDelta', lastDelta);
  await client.timeline.seek({ frame: s2.length - 100 });
  for (let i = 0; i < 5; i++) k('get', '--raw', '/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb');
  const s3 = await client.timeline.state({});
  console.log('after seek+gets', s3);
  await client.timeline.live({});
  const s4 = await client.timeline.state({});
  console.log('live', s4, 'lastDelta', lastDelta);
  const fr = await client.timeline.frames({ from: s2.length - 1, count: 10 });
  console.log(fr.map(f => `${f.frame} ${f.type} ${f.kind} ${f.name} ${f.cause.actor}/${f.cause.name}`));
} finally { await server.stop(); }
}
main();
