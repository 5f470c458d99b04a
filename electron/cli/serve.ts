/**
 * `npm run serve`: the headless web mode. It builds the same core the desktop app uses, serves the
 * renderer and the IPC contract on 127.0.0.1, prints the URL with its token, and runs until SIGINT or
 * SIGTERM, then closes everything and exits 0.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine';
import { createCore } from '../core/create-core';
import { startWebServer } from '../web/web-server';
import { defaultDataDir } from './data-dir';
import { parseServeArgs, SERVE_USAGE, UsageError } from './serve-args';

async function main(): Promise<void> {
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n${SERVE_USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const core = createCore({
    mode: 'web',
    seed: args.seed,
    nodes: args.nodes,
    speed: args.speed,
    paused: args.paused,
    dataDir: args.dataDir ?? defaultDataDir(),
    apiPort: args.apiPort,
    ...(args.kubeconfig ? { kubeconfigPath: args.kubeconfig } : {}),
    ...(args.lessonsDir ? { lessonsDir: resolve(args.lessonsDir) } : {}),
    createEngine,
    ...(args.noSession ? {} : { sessions: { ...(args.newSession ? { fresh: true } : {}), ...(args.open ? { openFile: resolve(args.open) } : {}) } }),
  });
  await core.start();
  const web = await startWebServer({ dispatcher: core.dispatcher, rendererDir: join(here, '../renderer'), port: args.port });
  const info = core.info();
  if (info.apiServerUrl) console.log(`Kubernetes API server: ${info.apiServerUrl}`);
  if (info.kubeconfigPath) console.log(`kubeconfig: ${info.kubeconfigPath}  (export KUBECONFIG=${info.kubeconfigPath})`);
  // Last, so that whoever waits for this line (tests, scripts) has everything above it too.
  console.log(`Kubelab web mode: ${web.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, shutting down.`);
    await web.close();
    await core.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});
