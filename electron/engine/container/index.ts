/**
 * The container runtime's process API: start a process in a running container (kubectl exec and
 * attach, exec probes, lifecycle hooks, the main process) on the container's model, on the
 * virtual clock. Processes die with the container instance: their timers check its epoch.
 */
import type { Kubelet } from '../kubelet/kubelet';
import type { ContainerInstance, Sandbox } from '../kubelet/sandbox';
import type { ImageProfile } from '../kubelet/images';
import { ContainerFs } from './fs';
import type { Volume } from './fs';
import { containerModel, existingModel } from './model';
import type { ContainerModel } from './model';
import { clusterNetwork } from './network';
import { Session } from './shell/session';
import type { SessionOutput } from './shell/session';
import type { ShellHost } from './shell/types';
import type { ServedFiles } from './static-site';

export { containerModel, existingModel, mainArgv, onModelCreated } from './model';
export type { ContainerModel } from './model';
export { Session } from './shell/session';
export type { SessionOutput } from './shell/session';

/** The image's files alone, shared read-only by every container of that image that has no model yet. */
const imageFiles = new WeakMap<ImageProfile, ContainerFs>();

function imageFs(profile: ImageProfile | undefined): ContainerFs {
  if (!profile) return new ContainerFs({});
  let fs = imageFiles.get(profile);
  if (!fs) imageFiles.set(profile, (fs = new ContainerFs(profile.files)));
  return fs;
}

/** Whether a volume is mounted at, above or below `path`, so that reading it needs the container's own view. */
function mountedNear(c: ContainerInstance, path: string): boolean {
  const under = (a: string, b: string) => a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`);
  const mounts = (c.spec.volumeMounts as { mountPath: string }[] | undefined) ?? [];
  return mounts.some((m) => under(path, m.mountPath) || under(m.mountPath, path));
}

/**
 * The container's files for a server that reads them (nginx's document root). Until the container
 * has a model of its own (an exec wrote to it, a process runs in it), a path no volume covers reads
 * the image's files, so probing and serving 150k pods allocates no filesystem per container.
 * `read` collects the volumes the reads went to (the image's own files are never collected: they
 * cannot change).
 */
export function servedFiles(k: Kubelet, sb: Sandbox, c: ContainerInstance, read?: Set<Volume>): ServedFiles {
  const fs = (path: string): ContainerFs => {
    const own = existingModel(c)?.fs ?? (mountedNear(c, path) ? containerModel(k, sb, c).fs : undefined);
    // The image's files never change; only the container's own (and its volumes) are worth watching.
    if (own && read) read.add(own.volumeAt(path));
    return own ?? imageFs(c.profile);
  };
  return { read: (path) => fs(path).read(path), isDir: (path) => fs(path).isDir(path), list: (path) => fs(path).list(path) };
}

/** docker's message when the program of an exec is not in the image. */
export function notFoundMessage(program: string): string {
  return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`;
}

/** Whether the instance that is running now is still the one `epoch` names. */
function liveness(k: Kubelet, c: ContainerInstance): () => boolean {
  const epoch = c.epoch;
  const boot = k.bootId;
  return () => c.epoch === epoch && k.bootId === boot && k.alive && c.state === 'running';
}

/** A process's view of its container: a copy of the environment, its own working directory. */
export function processHost(k: Kubelet, sb: Sandbox, c: ContainerInstance, model: ContainerModel, extraEnv: Record<string, string> = {}): ShellHost {
  const alive = liveness(k, c);
  const clock = k.ctx.clock;
  return {
    fs: model.fs,
    env: { ...model.env, ...extraEnv },
    cwd: model.workingDir,
    pod: { namespace: sb.namespace, name: sb.name, podIP: sb.ip },
    container: c.name,
    flavour: model.flavour,
    network: clusterNetwork(k.ctx),
    wallNow: () => clock.wallMs(clock.now()),
    after(ms, fn) {
      const id = clock.after(ms, () => {
        if (alive()) fn();
      });
      return () => clock.cancel(id);
    },
    mainProcess: model.mainProcess,
  };
}

export interface ExecResult {
  exitCode: number;
  /** stdout and stderr as the process wrote them, interleaved. */
  output: string;
  /** Set when the process did not finish within options.timeoutMs (it was killed). */
  timedOut?: boolean;
}

/**
 * Runs `command` (an argv, as CRI ExecSync gets it: no shell unless the argv names one) in the
 * running container `c` of sandbox `sb`, on the container's filesystem and environment.
 *
 * `done` is called exactly once with the exit status and the combined output: synchronously when
 * the command does not wait, or later on the virtual clock when it sleeps. A program the image
 * does not have ends with 126 and docker's `executable file not found in $PATH` text; a container
 * that is not running ends at once with 1. With `timeoutMs`, a command still running then is
 * killed and `done` gets `timedOut: true` (exitCode 137). If the container stops first, the
 * process dies with it and `done` is never called: callers that wait should also watch the
 * container (or use timeoutMs). Returns a cancel function that kills the process without calling
 * `done`.
 */
export function execInContainer(k: Kubelet, sb: Sandbox, c: ContainerInstance, command: string[], done: (result: ExecResult) => void, options: { timeoutMs?: number } = {}): () => void {
  if (c.state !== 'running' || !c.containerID) {
    done({ exitCode: 1, output: `Error response from daemon: container ${(c.containerID ?? '').replace(/^docker:\/\//, '')} is not running` });
    return () => undefined;
  }
  let output = '';
  let finished = false;
  let timer: number | undefined;
  const finish = (result: ExecResult): void => {
    if (finished) return;
    finished = true;
    if (timer !== undefined) k.ctx.clock.cancel(timer);
    done(result);
  };
  const host = processHost(k, sb, c, containerModel(k, sb, c));
  const sink: SessionOutput = { stdout: (t) => (output += t), stderr: (t) => (output += t) };
  const session = new Session(host, sink, false, (exitCode) => finish({ exitCode, output }));
  if (!session.start(command)) {
    finish({ exitCode: 126, output: `${notFoundMessage(command[0] ?? '')}\r\n` });
    return () => undefined;
  }
  if (!finished && options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs)) {
    timer = k.ctx.clock.after(options.timeoutMs, () => {
      if (finished) return;
      finished = true;
      session.kill();
      done({ exitCode: 137, output, timedOut: true });
    });
  }
  return () => {
    finished = true;
    if (timer !== undefined) k.ctx.clock.cancel(timer);
    session.kill();
  };
}
