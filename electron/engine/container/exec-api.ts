/**
 * kubectl exec and attach as the container runtime serves them: an exec starts a new process in
 * the running container (its own copy of the environment, TERM=xterm on a tty, the container's
 * filesystem); an attach joins PID 1 when it is an interactive shell. A process dies with its
 * container instance.
 */
import type { ExecRequest, ExecSession, ExecStreams } from '../api';
import type { Kubelet } from '../kubelet/kubelet';
import type { ContainerInstance, Sandbox } from '../kubelet/sandbox';
import { processHost } from './index';
import { mainProcessOf } from './main-process';
import { containerModel } from './model';
import { Session } from './shell/session';
import { findCommand } from './shell/commands';
import { commandName } from './shell/interpreter';
import { readsStdin } from './shell/stdin';
import type { Flavour } from './shell/types';

export function startExec(k: Kubelet, sb: Sandbox, c: ContainerInstance, request: ExecRequest, streams: ExecStreams): ExecSession {
  const model = containerModel(k, sb, c);
  const host = processHost(k, sb, c, model, request.tty ? { TERM: 'xterm' } : {});
  if (request.http) host.network = { ...host.network, http: request.http };
  const epoch = c.epoch;
  let ended = false;
  const exit = (result: { code: number } | { notFound: string }): void => {
    if (ended) return;
    ended = true;
    streams.exit(result);
  };
  const session = new Session(host, { stdout: streams.stdout, stderr: streams.stderr }, request.tty, (code) => exit({ code }));
  const dead = (): boolean => {
    // The container restarted or stopped under the session: its processes are gone.
    if (c.epoch === epoch && c.state === 'running') return false;
    session.kill(137);
    return true;
  };
  if (request.stdin && readsStdin(request.command)) return deferUntilStdinCloses(session, request.command, host.flavour, dead, exit);
  if (!session.start(request.command)) exit({ notFound: request.command[0] ?? '' });
  else if (!request.stdin) session.endInput();
  return {
    input: (data) => !dead() && session.input(data),
    endInput: () => !dead() && session.endInput(),
    close: () => session.kill(130),
  };
}

/** Most stdin one exec keeps before the program runs (a `kubectl cp` archive); the rest is dropped. */
const MAX_STDIN = 32 * 1024 * 1024;

/** A program that reads stdin (`tar -xmf -`) runs once the client closes stdin, with all of it. */
function deferUntilStdinCloses(session: Session, command: string[], flavour: Flavour, dead: () => boolean, exit: (result: { notFound: string }) => void): ExecSession {
  const name = commandName(command[0] ?? '');
  if (name === undefined || !findCommand(name, flavour)) {
    exit({ notFound: command[0] ?? '' });
    return { input: () => undefined, endInput: () => undefined, close: () => undefined };
  }
  let stdin = '';
  let started = false;
  return {
    input(data) {
      if (!started && !dead() && stdin.length < MAX_STDIN) stdin += data;
    },
    endInput() {
      if (started || dead()) return;
      started = true;
      session.start(command, stdin);
      stdin = '';
    },
    close: () => session.kill(130),
  };
}

export function startAttach(c: ContainerInstance, streams: ExecStreams): ExecSession | undefined {
  const main = mainProcessOf(c);
  if (!main) return undefined;
  const stop = main.listen(streams.stdout);
  const epoch = c.epoch;
  let ended = false;
  let stopExit: () => void = () => undefined;
  const end = (): void => {
    if (ended) return;
    ended = true;
    stop();
    stopExit();
    // The kubelet's ServeAttach writes Success when the attach ends, whatever PID 1's exit code
    // (kubectl run reads that from the pod's status).
    streams.exit({ code: 0 });
  };
  // The attach ends when PID 1 does, or when the container instance is gone.
  stopExit = main.onExit(end);
  const check = (): boolean => {
    if (main.session.done || c.epoch !== epoch) {
      end();
      return false;
    }
    return true;
  };
  return {
    input(data) {
      if (check()) main.session.input(data);
    },
    // stdinOnce (kubectl run -i): the container's stdin closes with the first attach's, so the
    // shell reads EOF and exits; otherwise stdin stays open for the next attach.
    endInput() {
      if ((c.spec as { stdinOnce?: boolean }).stdinOnce && check()) main.session.endInput();
    },
    close() {
      ended = true;
      stop();
      stopExit();
    },
  };
}
