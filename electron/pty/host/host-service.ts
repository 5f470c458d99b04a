/**
 * The pty host's implementation of its contract: a table of sessions, keyed by the ids the main
 * process chose. Spawning goes through an injected function so tests can use fake ptys.
 */
import { IpcError } from '../../../shared/ipc/errors';
import type { HostData, HostExit, PtyHostImpl } from '../host-contract';
import { PtySession, type PtyProcess } from './pty-session';

export interface SpawnRequest {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

export type SpawnPty = (request: SpawnRequest) => PtyProcess;

export interface HostService {
  impl: PtyHostImpl;
  killAll(): void;
}

export function createHostService(spawnPty: SpawnPty): HostService {
  const sessions = new Map<string, PtySession>();
  const dataListeners = new Set<(payload: HostData) => void>();
  const exitListeners = new Set<(payload: HostExit) => void>();
  const session = (id: string) => {
    const found = sessions.get(id);
    if (!found) throw new IpcError({ code: 'NOT_FOUND', message: `no pty session "${id}"` });
    return found;
  };

  const impl: PtyHostImpl = {
    pty: {
      spawn: ({ id, file, args, cwd, env, cols, rows }) => {
        if (sessions.has(id)) throw new IpcError({ code: 'REJECTED', message: `pty session "${id}" exists` });
        const pty = spawnPty({ file, args, cwd, env, cols, rows });
        const created = new PtySession(pty, {
          data: (data) => {
            for (const listener of dataListeners) listener({ id, data });
          },
          exit: (exitCode, signal) => {
            sessions.get(id)?.dispose();
            sessions.delete(id);
            const payload: HostExit = signal === undefined ? { id, exitCode } : { id, exitCode, signal };
            for (const listener of exitListeners) listener(payload);
          },
        });
        sessions.set(id, created);
        return { pid: created.pid };
      },
      write: ({ id, data }) => session(id).write(data),
      resize: ({ id, cols, rows }) => session(id).resize(cols, rows),
      ack: ({ id, chars }) => {
        // An ack may arrive after its session ended; that is normal, not an error.
        sessions.get(id)?.ack(chars);
      },
      kill: ({ id }) => {
        sessions.get(id)?.kill();
      },
      ping: () => ({ pid: process.pid, sessions: sessions.size }),
      onData: (listener) => {
        dataListeners.add(listener);
        return () => dataListeners.delete(listener);
      },
      onExit: (listener) => {
        exitListeners.add(listener);
        return () => exitListeners.delete(listener);
      },
    },
  };

  return {
    impl,
    killAll() {
      for (const s of sessions.values()) s.kill();
    },
  };
}
