/**
 * The container's main process (PID 1) when it is a shell or one of the image's simple programs
 * (`sh -c "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"`, `sleep 3600`, busybox's
 * default `sh`): it runs in the container's shell model on the virtual clock, so its files appear
 * and vanish at the right virtual times, what it prints goes to the container log line by line,
 * and its exit status ends the container. A plain shell reads stdin: with `stdin: true` it waits
 * for `kubectl attach`, without it stdin is /dev/null and it exits at once, as docker runs it.
 */
import type { Kubelet } from '../kubelet/kubelet';
import { LogHub } from '../kubelet/loghub';
import type { ContainerInstance, Sandbox } from '../kubelet/sandbox';
import { processHost } from './index';
import { containerModel, flavourOf, mainArgv } from './model';
import { findCommand } from './shell/commands';
import { SHELLS, commandName } from './shell/interpreter';
import { Session } from './shell/session';
import { dateText } from './shell/commands/system';
import { planScript } from '../kubelet/script';

interface MainProcess {
  containerID: string;
  session: Session;
  /** Extra listeners of the raw output (an attached terminal). */
  listeners: Set<(text: string) => void>;
  /** Told when PID 1 ends (an attach ends with it). */
  exitListeners: Set<() => void>;
}

const mains = new WeakMap<ContainerInstance, MainProcess>();

/**
 * Whether the container's PID 1 is something the shell model runs: a shell or a program it knows,
 * given by the pod's command, or the default command of a shell-like image (busybox's `sh`).
 * Servers started by their image's own entrypoint keep their image behaviour.
 */
export function runsInShell(c: ContainerInstance): boolean {
  const script = c.profile?.behaviour.kind === 'script';
  if (!c.spec.command && !script) return false;
  const argv = mainArgv(c);
  const name = argv[0] === undefined ? undefined : commandName(argv[0]);
  if (name === undefined) return script && argv.length === 0;
  return SHELLS.has(name) || findCommand(name, flavourOf(c.ref?.repository ?? c.profile?.repository)) !== undefined;
}

/**
 * Starts PID 1 in the shell model; `onExit(status)` runs when it ends by itself (not when the
 * container is killed). Returns false when the image has no such program (the runtime's
 * StartError: exit 127).
 */
export function startMainProcess(k: Kubelet, sb: Sandbox, c: ContainerInstance, onExit: (status: number) => void): boolean {
  if (!runsInShell(c)) return startPlanned(k, sb, c, onExit);
  const model = containerModel(k, sb, c);
  const host = processHost(k, sb, c, model);
  const key = LogHub.key(sb.namespace, sb.name, c.name);
  let partial = '';
  const main: MainProcess = { containerID: model.containerID, session: undefined as never, listeners: new Set(), exitListeners: new Set() };
  const write = (text: string): void => {
    for (const l of main.listeners) l(text);
    partial += text.replace(/\r\n/g, '\n');
    let nl = partial.indexOf('\n');
    while (nl >= 0) {
      k.logs.append(key, c.logs, partial.slice(0, nl), k.ctx.clock.now());
      partial = partial.slice(nl + 1);
      nl = partial.indexOf('\n');
    }
  };
  const epoch = c.epoch;
  let starting = true;
  const tty = !!(c.spec as { tty?: boolean }).tty;
  main.session = new Session(host, { stdout: write, stderr: write }, tty, (status) => {
    if (partial) {
      k.logs.append(key, c.logs, partial, k.ctx.clock.now());
      partial = '';
    }
    for (const l of [...main.exitListeners]) l();
    // A process that ends while it starts still ends after the runtime reported it started.
    if (starting) k.after(0, () => c.epoch === epoch && onExit(status));
    else if (c.epoch === epoch) onExit(status);
  }, undefined, 1);
  mains.set(c, main);
  let argv = mainArgv(c);
  if (argv.length === 0) argv = ['sh'];
  if (!main.session.start(argv)) return false;
  const name = commandName(argv[0]!);
  // An interactive shell with no stdin reads EOF at once.
  if (name !== undefined && SHELLS.has(name) && argv[1] !== '-c' && !(c.spec as { stdin?: boolean }).stdin) main.session.endInput();
  starting = false;
  return true;
}

/**
 * A program of a shell-like image that the shell model does not have (ubuntu's apt-get): what it
 * prints and how long it runs are estimated from its command line (kubelet/script.ts), as before
 * the shell model existed.
 */
function startPlanned(k: Kubelet, sb: Sandbox, c: ContainerInstance, onExit: (status: number) => void): boolean {
  const plan = planScript(c.spec.command, c.spec.args);
  const key = LogHub.key(sb.namespace, sb.name, c.name);
  const epoch = c.epoch;
  const live = () => c.epoch === epoch && c.state === 'running';
  for (const line of plan.logs) k.logs.append(key, c.logs, line.replace('__DATE__', dateText(k.ctx.clock.wallMs(k.ctx.clock.now()))).replace('__HOSTNAME__', sb.name), k.ctx.clock.now());
  if (plan.repeat) {
    const tick = (): void => {
      if (!live()) return;
      k.logs.append(key, c.logs, plan.repeat!.line, k.ctx.clock.now());
      k.after(plan.repeat!.everyMs, tick);
    };
    k.after(0, tick);
  }
  if (Number.isFinite(plan.durationMs)) k.after(plan.durationMs, () => live() && onExit(plan.exitCode));
  return true;
}

/** The running main process of `c`, for kubectl attach. */
export function mainProcessOf(c: ContainerInstance): { session: Session; listen(fn: (text: string) => void): () => void; onExit(fn: () => void): () => void } | undefined {
  const main = mains.get(c);
  if (!main || main.containerID !== (c.containerID ?? '') || main.session.done) return undefined;
  return {
    session: main.session,
    listen(fn) {
      main.listeners.add(fn);
      return () => main.listeners.delete(fn);
    },
    onExit(fn) {
      main.exitListeners.add(fn);
      return () => main.exitListeners.delete(fn);
    },
  };
}
