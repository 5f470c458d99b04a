/**
 * The main-process side of the terminal: it owns the pty host process, watches it with a heartbeat,
 * restarts it when it crashes or stops answering, and maps the renderer's terminal ids onto host
 * sessions. Users are told in the terminal itself (the hostRestarted event) when their shells were lost.
 */
import { createClient } from '../../shared/ipc/client';
import { IpcError } from '../../shared/ipc/errors';
import {
  MAX_TERMINALS,
  type TerminalExit,
  type TerminalHostRestart,
  type TerminalInfo,
  type TerminalOutput,
} from '../../shared/ipc/services/terminal';
import { ptyHostContract, type PtyHostClient } from './host-contract';
import type { HostProcess, LaunchHost } from './host-launcher';
import { createPortTransport, type PortTransport } from './port-rpc';

export const HEARTBEAT_INTERVAL_MS = 2000;
export const HEARTBEAT_TIMEOUT_MS = 6000;
export const STARTUP_TIMEOUT_MS = 30_000;
/** Restarts closer together than this are delayed, so a host that dies on start does not spin. */
const RESTART_BACKOFF_MS = [0, 250, 1000, 3000];

export interface ShellSpec {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Shown as the tab title. */
  name: string;
}

export interface TerminalManagerOptions {
  launchHost: LaunchHost;
  /** Decides what to run for a new terminal (called for every shell, so it sees the current kubeconfig). */
  shellSpec: () => ShellSpec | Promise<ShellSpec>;
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
}

type Listener<T> = (payload: T) => void;

export interface TerminalManager {
  start(): Promise<void>;
  stop(): Promise<void>;
  create(size: { cols: number; rows: number }): Promise<TerminalInfo>;
  write(id: string, data: string): Promise<void>;
  resize(id: string, cols: number, rows: number): Promise<void>;
  ack(id: string, chars: number): Promise<void>;
  close(id: string): Promise<void>;
  /** The host's process id (for tests and diagnostics). */
  hostPid(): number | undefined;
  onOutput(listener: Listener<TerminalOutput>): () => void;
  onExit(listener: Listener<TerminalExit>): () => void;
  onHostRestarted(listener: Listener<TerminalHostRestart>): () => void;
}

interface RunningHost {
  process: HostProcess;
  transport: PortTransport;
  client: PtyHostClient;
  missedSince?: number;
}

function fanout<T>() {
  const listeners = new Set<Listener<T>>();
  return {
    emit: (payload: T) => {
      for (const listener of listeners) listener(payload);
    },
    add: (listener: Listener<T>) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export function createTerminalManager(options: TerminalManagerOptions): TerminalManager {
  const interval = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
  const timeout = options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
  const output = fanout<TerminalOutput>();
  const exits = fanout<TerminalExit>();
  const restarts = fanout<TerminalHostRestart>();
  const sessions = new Set<string>();
  let host: RunningHost | undefined;
  let starting: Promise<RunningHost> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let running = false;
  let seq = 0;
  let recentRestarts: number[] = [];

  const launch = async (): Promise<RunningHost> => {
    const proc = await options.launchHost();
    const transport = createPortTransport(proc.port);
    const client = createClient(ptyHostContract, transport);
    const current: RunningHost = { process: proc, transport, client };
    client.pty.onData(({ id, data }) => {
      if (sessions.has(id)) output.emit({ id, data });
    });
    client.pty.onExit((event) => {
      if (!sessions.delete(event.id)) return;
      exits.emit(event);
    });
    let startupExit: (() => void) | undefined;
    proc.onExit(() => {
      startupExit?.();
      onHostGone(current, 'crashed');
    });
    // The heartbeat judges a host only once it has answered: a cold start on a busy machine is slow.
    const answered = await Promise.race([
      client.pty.ping({}).then(() => true, () => false),
      new Promise<false>((resolve) => {
        startupExit = () => resolve(false);
        setTimeout(() => resolve(false), STARTUP_TIMEOUT_MS).unref?.();
      }),
    ]);
    startupExit = undefined;
    if (!answered) {
      transport.dispose('the pty host did not start');
      proc.kill();
      throw new IpcError({ code: 'INTERNAL', message: 'the terminal host did not start' });
    }
    host = current;
    return current;
  };

  const ensureHost = async (): Promise<RunningHost> => {
    if (!running) throw new IpcError({ code: 'REJECTED', message: 'the terminal service is stopped' });
    if (host) return host;
    starting ??= launch().finally(() => (starting = undefined));
    return starting;
  };

  const onHostGone = (gone: RunningHost, reason: TerminalHostRestart['reason']) => {
    if (host !== gone) return;
    host = undefined;
    gone.transport.dispose('the pty host stopped');
    gone.process.kill();
    const lost = [...sessions];
    sessions.clear();
    if (!running) return;
    restarts.emit({ lost, reason });
    const now = Date.now();
    recentRestarts = [...recentRestarts.filter((t) => now - t < 60_000), now];
    const delay = RESTART_BACKOFF_MS[Math.min(recentRestarts.length - 1, RESTART_BACKOFF_MS.length - 1)] ?? 0;
    setTimeout(() => {
      if (running && !host && !starting) void ensureHost().catch(() => undefined);
    }, delay).unref?.();
  };

  const beat = () => {
    const current = host;
    if (!current) return;
    const sentAt = Date.now();
    if (current.missedSince !== undefined && sentAt - current.missedSince > timeout) {
      onHostGone(current, 'unresponsive');
      return;
    }
    current.missedSince ??= sentAt;
    void current.client.pty.ping({}).then(
      () => {
        if (host === current) current.missedSince = undefined;
      },
      () => undefined,
    );
  };

  const hostFor = (id: string): RunningHost => {
    if (!sessions.has(id) || !host) throw new IpcError({ code: 'NOT_FOUND', message: `no terminal "${id}"` });
    return host;
  };

  return {
    async start() {
      if (running) return;
      running = true;
      heartbeat = setInterval(beat, interval);
      heartbeat.unref?.();
      await ensureHost();
    },
    async stop() {
      running = false;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      const current = host ?? (starting ? await starting.catch(() => undefined) : undefined);
      host = undefined;
      sessions.clear();
      if (current) {
        const exited = new Promise<void>((resolve) => current.process.onExit(() => resolve()));
        current.transport.dispose('the terminal service stopped');
        current.process.kill();
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref?.())]);
      }
    },
    async create({ cols, rows }) {
      if (sessions.size >= MAX_TERMINALS) throw new IpcError({ code: 'REJECTED', message: `at most ${MAX_TERMINALS} terminals may be open` });
      const current = await ensureHost();
      const spec = await options.shellSpec();
      const id = `t${++seq}`;
      sessions.add(id);
      try {
        const { pid } = await current.client.pty.spawn({ id, file: spec.file, args: spec.args, cwd: spec.cwd, env: spec.env, cols, rows });
        return { id, shell: spec.name, pid };
      } catch (error) {
        sessions.delete(id);
        throw error;
      }
    },
    async write(id, data) {
      await hostFor(id).client.pty.write({ id, data });
    },
    async resize(id, cols, rows) {
      await hostFor(id).client.pty.resize({ id, cols, rows });
    },
    async ack(id, chars) {
      if (!sessions.has(id) || !host) return;
      // An ack racing a host restart or a closing shell has nothing left to release.
      await host.client.pty.ack({ id, chars }).catch(() => undefined);
    },
    async close(id) {
      if (!sessions.has(id) || !host) return;
      await host.client.pty.kill({ id });
    },
    hostPid: () => host?.process.pid,
    onOutput: output.add,
    onExit: exits.add,
    onHostRestarted: restarts.add,
  };
}
