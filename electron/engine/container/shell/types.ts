/**
 * What the container shell and its commands work on: the container's filesystem, environment and
 * identity, how it reaches the cluster network, and the virtual clock. A command returns its exit
 * status, or a Pending (sleep) that finishes later on the virtual clock.
 */
import type { HttpAnswer, HttpTarget } from '../../api';
import type { ContainerFs } from '../fs';

export interface PodIdentity {
  namespace: string;
  name: string;
  podIP: string;
}

/** Which userland the image has: Debian's coreutils and bash, or busybox's applets and ash. */
export type Flavour = 'gnu' | 'busybox';

/** How commands reach the cluster (runtime.http and cluster DNS), from inside the pod. */
export interface Network {
  http(target: HttpTarget): HttpAnswer;
  resolve(name: string, fromNamespace: string): { addresses: string[]; cname?: string } | undefined;
  /** A Service by ClusterIP, a pod by IP, or a NodePort Service on a node's InternalIP. */
  byIp(ip: string, port: number): { kind: 'pod' | 'service'; namespace: string; name: string; port: number } | undefined;
}

export interface ShellHost {
  fs: ContainerFs;
  /** Exported variables: what `env` prints. */
  env: Record<string, string>;
  cwd: string;
  pod: PodIdentity;
  container: string;
  flavour: Flavour;
  network: Network;
  /** Wall-clock ms (the virtual clock's anchor plus virtual now), for `date`. */
  wallNow(): number;
  /** Runs fn after ms of virtual time; returns a cancel. */
  after(ms: number, fn: () => void): () => void;
  /** PID 1's command, for ps. */
  mainProcess: string;
  /** Whether stdout is a terminal (ls lays out columns then, one name a line otherwise). */
  tty?: boolean;
}

export interface CommandIo {
  /** What a pipe or `<` feeds in; undefined when stdin is the terminal. */
  stdin?: string;
  out(text: string): void;
  err(text: string): void;
}

/** A command that finishes later: start() is called once with the continuation. */
export interface Pending {
  readonly pending: true;
  start(resume: (status: number) => void): void;
}

export interface CommandEnv {
  host: ShellHost;
  /** Sleeps on the virtual clock; resumes 0, or 130 when interrupted. */
  sleep(ms: number): Pending;
}

export type Command = (args: string[], env: CommandEnv, io: CommandIo) => number | Pending;

export function isPending(value: number | Pending | undefined): value is Pending {
  return typeof value === 'object' && value !== null && value.pending === true;
}
