/**
 * Entry point of the pty host process. node-pty lives only here, so a crashing or wedged shell
 * library cannot take the app (or the simulated cluster) down with it, as in VS Code's pty host.
 * It runs as an Electron utility process in the desktop app and as a forked Node child otherwise;
 * either way it talks to the main process over its parent port, and exits when the parent goes.
 */
import { spawn } from 'node-pty';
import { createDispatcher } from '../../ipc/dispatcher';
import { ptyHostContract } from '../host-contract';
import { servePort, type MessagePortLike } from '../port-rpc';
import { createHostService } from './host-service';

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentPort(): MessagePortLike {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      post: (message) => electronPort.postMessage(message),
      onMessage(listener) {
        const handler = (event: { data: unknown }) => listener(event.data);
        electronPort.on('message', handler);
        return () => electronPort.off('message', handler);
      },
    };
  }
  if (!process.send) throw new Error('the pty host must be started by Kubelab (no parent IPC channel)');
  return {
    post: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}

const host = createHostService((request) =>
  spawn(request.file, request.args, {
    name: 'xterm-256color',
    cols: request.cols,
    rows: request.rows,
    cwd: request.cwd,
    env: request.env,
  }),
);
servePort(parentPort(), createDispatcher(ptyHostContract, host.impl));

const shutdown = () => {
  host.killAll();
  process.exit(0);
};
// A forked child loses its channel when the main process dies; take the shells down with us.
process.on('disconnect', shutdown);
process.on('SIGTERM', shutdown);

