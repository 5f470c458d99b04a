/**
 * What `npm run lessons:check` plays a lesson against, built as the app builds it: an engine, the
 * real API server on a temp data folder, the traffic layer (NodePorts on 127.0.0.1), the `minikube`
 * control endpoint and shims, and a shell environment like the embedded terminal's. Commands run in
 * bash with that environment while the virtual clock runs, so `kubectl wait` or `rollout status` end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { createApiServer, type ApiServer } from '../apiserver';
import type { ApiRequestRecord } from '../apiserver/request-log';
import { handleControl } from '../control/cluster-control';
import { startControlServer, type ControlServer } from '../control/control-server';
import { createEngineBackend } from '../control/engine-backend';
import { createEngine, type Engine } from '../engine';
import { resolveKubectl } from '../pty/kubectl-resolve';
import { buildShellEnv } from '../pty/shell-env';
import { writeShims } from '../pty/shims';
import { KUBE_CONTEXT, locateEntries } from '../pty/terminal-system';
import { createTrafficManager, type TrafficManager } from '../traffic/traffic-manager';

export interface CommandResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

export interface CheckCluster {
  engine: Engine;
  workDir: string;
  /** Runs a command in bash to its end (killed after `timeoutMs` of wall time). */
  run(command: string, timeoutMs: number): Promise<CommandResult>;
  /** A file of the work folder (where commands run), for file checks. */
  readFile(path: string): string | undefined;
  /** Starts a command that keeps running; stopped by close(). */
  runInBackground(command: string): void;
  /** Requests answered by the API server go here. */
  onRequest: ((record: ApiRequestRecord) => void) | undefined;
  close(): Promise<void>;
}

/** Virtual ms the clock moves per wall tick while a command runs (the app's clock at 20x). */
const VIRTUAL_PER_TICK = 200;
const TICK_MS = 10;

export async function startCheckCluster(nodes: number): Promise<CheckCluster> {
  const root = mkdtempSync(join(tmpdir(), 'kubelab-lessons-check-'));
  const dataDir = join(root, 'data');
  const workDir = join(root, 'work');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(workDir, { recursive: true });
  // Anchored at the wall clock, as the app's engine is, so kubectl's client-side ages read as they do there.
  const engine = createEngine({ seed: 1, nodes, anchorMs: Math.floor(Date.now() / 1000) * 1000 });
  const traffic: TrafficManager = createTrafficManager({ engine, seed: 1 });
  const background = new Set<ChildProcess>();
  const cluster: CheckCluster = {
    engine,
    workDir,
    onRequest: undefined,
    run: (command, timeoutMs) => runCommand(command, timeoutMs),
    readFile(path) {
      const full = resolve(workDir, path);
      const rel = relative(workDir, full);
      if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
      try {
        return readFileSync(full, 'utf8');
      } catch {
        return undefined;
      }
    },
    runInBackground(command) {
      const child = spawn('bash', ['-c', command], { cwd: workDir, env, detached: true, stdio: 'ignore' });
      background.add(child);
      child.on('exit', () => background.delete(child));
    },
    async close() {
      for (const child of background) killGroup(child);
      await traffic.stop();
      await control.close();
      await server.close();
      engine.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
  const server: ApiServer = await createApiServer({
    engine: { store: engine.store, get runtime() { return traffic.observe(engine.runtime); }, now: () => engine.now(), anchorMs: () => engine.anchorMs() },
    dataDir,
    onRequest: (record) => cluster.onRequest?.(record),
  });
  await traffic.start();
  const backend = createEngineBackend({
    engine: () => engine,
    pauseClock: () => undefined,
    playClock: () => undefined,
    focusDashboard: () => false,
    nodePortUrl: (service, port) => traffic.nodePortUrl(service.namespace, service.name, port.nodePort),
    onTunnel: async () => void (await traffic.setTunnel(true)),
    onTunnelStop: async () => void (await traffic.setTunnel(false)),
  });
  const control: ControlServer = await startControlServer((request) => handleControl(backend, request));
  const entries = locateEntries();
  const shimDir = join(dataDir, 'terminal');
  const kubectl = resolveKubectl({ platform: process.platform, pathEnv: process.env.PATH ?? '', excludeDirs: [join(shimDir, 'bin')] });
  const shims = writeShims({ dir: shimDir, platform: process.platform, nodePath: process.execPath, nodeArgs: entries.execArgv, runAsNode: false, minikubeScript: entries.minikubeScript, kubectl });
  const env = buildShellEnv({
    platform: process.platform,
    baseEnv: { ...process.env, HOME: workDir },
    kubeconfigPath: server.kubeconfigPath,
    binDir: shims.binDir,
    controlUrl: control.url,
    controlToken: control.token,
    context: KUBE_CONTEXT,
    kubectlAvailable: kubectl.source !== 'none',
  });

  function runCommand(command: string, timeoutMs: number): Promise<CommandResult> {
    return new Promise((resolve) => {
      const child = spawn('bash', ['-c', command], { cwd: workDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const keep = (chunk: Buffer) => {
        if (output.length < 20_000) output += chunk.toString('utf8');
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      // The cluster lives on while the command waits for it.
      const clock = setInterval(() => engine.advance(VIRTUAL_PER_TICK), TICK_MS);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child);
      }, timeoutMs);
      child.on('close', (code) => {
        clearInterval(clock);
        clearTimeout(timer);
        resolve({ code, output: output.trim(), timedOut });
      });
    });
  }

  return cluster;
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}
