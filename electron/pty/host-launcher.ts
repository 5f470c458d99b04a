/**
 * Starts the pty host process: an Electron utility process when running inside Electron (so it is
 * sandboxed from the main process and shows up in Electron's process tools), a forked Node child
 * otherwise (web mode, tests). Both are presented as the same small interface.
 */
import { fork } from 'node:child_process';
import type { MessagePortLike } from './port-rpc';

export interface HostProcess {
  readonly pid: number | undefined;
  readonly port: MessagePortLike;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface LaunchOptions {
  /** The built host module (out/main/pty-host.js) or, in tests, its TypeScript source. */
  modulePath: string;
  /** Extra Node flags, e.g. `--import tsx` to run the TypeScript source in tests. */
  execArgv?: string[];
}

export type LaunchHost = () => Promise<HostProcess>;

export function defaultLauncher(options: LaunchOptions): LaunchHost {
  return process.versions.electron ? () => launchUtilityProcess(options) : async () => launchForked(options);
}

export function launchForked(options: LaunchOptions): HostProcess {
  const child = fork(options.modulePath, [], {
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const exitListeners = new Set<(code: number | null) => void>();
  child.once('exit', (code) => {
    for (const listener of exitListeners) listener(code);
  });
  // A send to a dying child fails asynchronously; the exit handler deals with the consequences.
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    port: {
      post(message) {
        if (child.connected) child.send(message as object, (error) => void error);
      },
      onMessage(listener) {
        child.on('message', listener);
        return () => child.off('message', listener);
      },
    },
    onExit: (listener) => exitListeners.add(listener),
    kill: () => void child.kill('SIGKILL'),
  };
}

interface UtilityProcessLike {
  readonly pid?: number;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  off(event: 'message', listener: (message: unknown) => void): void;
  once(event: 'exit', listener: (code: number) => void): void;
  kill(): boolean;
}

async function launchUtilityProcess(options: LaunchOptions): Promise<HostProcess> {
  // Loaded lazily so the core keeps running in plain Node, where the electron module is not an API.
  const electron = (await import('electron')) as unknown as {
    utilityProcess: { fork(modulePath: string, args: string[], options: Record<string, unknown>): UtilityProcessLike };
  };
  const child = electron.utilityProcess.fork(options.modulePath, [], { serviceName: 'Kubelab terminal host', stdio: 'inherit' });
  const exitListeners = new Set<(code: number | null) => void>();
  child.once('exit', (code) => {
    for (const listener of exitListeners) listener(code);
  });
  return {
    get pid() {
      return child.pid;
    },
    port: {
      post: (message) => child.postMessage(message),
      onMessage(listener) {
        child.on('message', listener);
        return () => child.off('message', listener);
      },
    },
    onExit: (listener) => exitListeners.add(listener),
    kill: () => void child.kill(),
  };
}
