/**
 * Assembles the embedded terminal for the app core: the control endpoint for `minikube`, the shims
 * and rc files, kubectl resolution, the pty host supervisor, and the `terminal` IPC service. The core
 * creates one, starts it after the cluster and stops it first, so no shell outlives the app.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServiceImpl } from '../../shared/ipc/define';
import type { TerminalFocusRequest, terminalService } from '../../shared/ipc/services/terminal';
import { handleControl, type ClusterBackend } from '../control/cluster-control';
import { startControlServer, type ControlServer } from '../control/control-server';
import { defaultLauncher, type LaunchHost } from './host-launcher';
import { resolveKubectl, type KubectlResolution } from './kubectl-resolve';
import { buildShellSpec, chooseShell } from './shell-env';
import { writeShims, type ShimPaths } from './shims';
import { createTerminalManager, type TerminalManager } from './terminal-manager';
import { TerminalOwners } from './terminal-owners';

export interface BuiltEntries {
  /** The pty host module. */
  hostModule: string;
  /** The minikube command's script. */
  minikubeScript: string;
  /** Node flags needed to run them (`--import tsx` when they are TypeScript sources). */
  execArgv: string[];
}

/** Finds pty-host.js and minikube.js next to the built main bundle, or the sources when run unbuilt. */
export function locateEntries(from: string = fileURLToPath(import.meta.url)): BuiltEntries {
  if (from.endsWith('.ts')) {
    const root = join(dirname(from), '..');
    // An absolute loader URL, because shells start in the user's home where `tsx` would not resolve.
    const tsx = pathToFileURL(join(root, '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    return { hostModule: join(root, 'pty/host/pty-host.ts'), minikubeScript: join(root, 'cli/minikube.ts'), execArgv: ['--import', tsx] };
  }
  for (const dir of [dirname(from), join(dirname(from), '..')]) {
    if (existsSync(join(dir, 'pty-host.js'))) return { hostModule: join(dir, 'pty-host.js'), minikubeScript: join(dir, 'minikube.js'), execArgv: [] };
  }
  throw new Error(`cannot find the built pty host next to ${from}`);
}

export interface TerminalSystemOptions {
  dataDir: string;
  /** The kubeconfig shells get, read when each shell starts (the API server may come up later). */
  kubeconfigPath: () => string;
  cluster: ClusterBackend;
  entries?: BuiltEntries;
  /** Overrides for tests. */
  launchHost?: LaunchHost;
  env?: Record<string, string | undefined>;
  home?: string;
}

export interface TerminalSystem {
  readonly service: ServiceImpl<typeof terminalService>;
  readonly manager: TerminalManager;
  /** The resolved kubectl (after start). */
  kubectl(): KubectlResolution | undefined;
  /** The folder shells start in (a lesson's files are put there). */
  readonly home: string;
  /** Ask windows to show the cluster view; false when no window listens. */
  focusDashboard(): boolean;
  /** A client (window, browser tab) connected or came back: its shells stay. */
  clientConnected(clientId: string): void;
  /** A client went away: its shells close unless it comes back soon (see terminal-owners.ts). */
  clientGone(clientId: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const KUBE_CONTEXT = 'minikube';

export function createTerminalSystem(options: TerminalSystemOptions): TerminalSystem {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  let located: BuiltEntries | undefined;
  const entries = () => (located ??= options.entries ?? locateEntries());
  const focusListeners = new Set<(request: TerminalFocusRequest) => void>();
  let control: ControlServer | undefined;
  let shims: ShimPaths | undefined;
  let kubectl: KubectlResolution | undefined;

  const manager = createTerminalManager({
    launchHost: options.launchHost ?? (() => defaultLauncher({ modulePath: entries().hostModule, execArgv: entries().execArgv })()),
    shellSpec: () => {
      if (!shims || !control || !kubectl) throw new Error('the terminal is not started');
      return buildShellSpec({
        platform: process.platform,
        baseEnv: env,
        kubeconfigPath: options.kubeconfigPath(),
        binDir: shims.binDir,
        rcDir: shims.rcDir,
        controlUrl: control.url,
        controlToken: control.token,
        context: KUBE_CONTEXT,
        kubectlAvailable: kubectl.source !== 'none',
        shell: chooseShell(env, process.platform, existsSync),
        home,
      });
    },
  });

  const owners = new TerminalOwners((id) => void manager.close(id).catch(() => undefined));
  manager.onExit(({ id }) => owners.release(id));

  const focusDashboard = () => {
    for (const listener of focusListeners) listener({ target: 'cluster' });
    return focusListeners.size > 0;
  };

  const service: ServiceImpl<typeof terminalService> = {
    create: async (size, context) => {
      const info = await manager.create(size);
      owners.claim(info.id, context.clientId);
      return info;
    },
    write: ({ id, data }) => manager.write(id, data),
    resize: ({ id, cols, rows }) => manager.resize(id, cols, rows),
    ack: ({ id, chars }) => manager.ack(id, chars),
    close: ({ id }) => {
      owners.release(id);
      return manager.close(id);
    },
    onOutput: (listener) => manager.onOutput(listener),
    onExit: (listener) => manager.onExit(listener),
    onHostRestarted: (listener) => manager.onHostRestarted(listener),
    onFocusRequested: (listener) => {
      focusListeners.add(listener);
      return () => void focusListeners.delete(listener);
    },
  };

  return {
    service,
    manager,
    home,
    kubectl: () => kubectl,
    focusDashboard,
    clientConnected: (clientId) => owners.connected(clientId),
    clientGone: (clientId) => owners.gone(clientId),
    async start() {
      const dir = join(options.dataDir, 'terminal');
      const binDir = join(dir, 'bin');
      const resources = (process as unknown as { resourcesPath?: string }).resourcesPath;
      kubectl = resolveKubectl({
        platform: process.platform,
        ...(resources ? { bundledDir: join(resources, 'bin') } : {}),
        ...(env.KUBELAB_KUBECTL ? { envOverride: env.KUBELAB_KUBECTL } : {}),
        pathEnv: env.PATH ?? '',
        excludeDirs: [binDir],
      });
      shims = writeShims({
        dir,
        platform: process.platform,
        nodePath: process.execPath,
        nodeArgs: entries().execArgv,
        runAsNode: Boolean(process.versions.electron),
        minikubeScript: entries().minikubeScript,
        kubectl,
      });
      control = await startControlServer((request) => handleControl(options.cluster, request));
      await manager.start();
    },
    async stop() {
      owners.dispose();
      await manager.stop();
      await control?.close();
      control = undefined;
    },
  };
}

