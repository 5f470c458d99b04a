/**
 * What a container's PID 1 does with the stop signal. Docker (minikube's runtime, through
 * cri-dockerd's StopContainer) sends the image's STOPSIGNAL, SIGTERM by default, waits the
 * timeout, then SIGKILLs. The kernel never applies a default signal action to a PID namespace's
 * init: a process that installs no handler ignores SIGTERM, so `sh -c ...`, `sleep 3600` and node
 * (kubernetes-bootcamp) as PID 1 run until the SIGKILL. Servers with handlers exit on their own:
 * nginx's image stops with SIGQUIT (graceful, exit 0), httpd, redis and postgres handle theirs.
 * Image processes carry this as data (ImageProfile.shutdownMs); for shell commands it is derived
 * from the command, honouring `trap '... exit N' TERM`.
 */
import { runsInShell } from '../container/main-process';
import { mainArgv } from '../container/model';
import { commandName, SHELLS } from '../container/shell/interpreter';
import type { ContainerInstance } from './sandbox';
import { planScript } from './script';

/** How PID 1 reacts to the stop signal sent at `now`. */
export interface StopReaction {
  /** Time until the process exits by itself; Infinity when it ignores the signal. */
  exitAfterMs: number;
  exitCode: number;
}

export const IGNORES_SIGNAL: StopReaction = { exitAfterMs: Infinity, exitCode: 0 };

/**
 * The `trap` a shell script sets for SIGTERM: the handler's exit code, or undefined when there is
 * no trap or the handler does not exit (the shell then carries on, still ignoring the signal).
 */
export function termTrapExitCode(script: string): number | undefined {
  const trap = /\btrap\s+(?:'([^']*)'|"([^"]*)"|(\S+))\s+([^;&|\n]+)/g;
  let code: number | undefined;
  for (let m = trap.exec(script); m; m = trap.exec(script)) {
    const signals = m[4]!.trim().split(/\s+/);
    if (!signals.some((s) => ['TERM', 'SIGTERM', '15'].includes(s.toUpperCase()))) continue;
    const handler = m[1] ?? m[2] ?? m[3] ?? '';
    const exit = /\bexit\b(?:\s+(\d+))?/.exec(handler);
    code = exit ? Number(exit[1] ?? 0) : undefined;
  }
  return code;
}

/**
 * When a trapping shell gets to run its trap: at once while it sits in `wait`, at the end of the
 * current `sleep N` of a loop, else when the foreground command it waits for ends.
 */
function trapDelayMs(script: string, c: ContainerInstance, now: number): number {
  if (/(^|[;&|\s])wait\b/.test(script)) return 0;
  const loop = /while\s+(?:true|:)\s*;\s*do(.*?)done/s.exec(script);
  const loopSleep = loop ? /sleep\s+(\d+(?:\.\d+)?)/.exec(loop[1]!) : null;
  if (loopSleep) {
    const period = Number(loopSleep[1]) * 1000;
    return period > 0 ? period - ((now - (c.startedAt ?? now)) % period) : 0;
  }
  const plan = c.plan ?? planScript(c.spec.command, c.spec.args);
  return Math.max(0, (c.startedAt ?? now) + plan.durationMs - now);
}

/**
 * How the running container `c` reacts to its stop signal at `now`. A PID 1 the shell model runs
 * (a shell, or a busybox/coreutils program such as `sleep`) has no handler of its own.
 */
export function stopReaction(c: ContainerInstance, now: number): StopReaction {
  if (runsInShell(c)) {
    const argv = mainArgv(c);
    const exe = argv[0] === undefined ? 'sh' : commandName(argv[0]);
    if (exe === undefined || !SHELLS.has(exe) || argv[1] !== '-c') return IGNORES_SIGNAL;
    const script = argv.slice(2).join(' ');
    const code = termTrapExitCode(script);
    if (code === undefined) return IGNORES_SIGNAL;
    return { exitAfterMs: trapDelayMs(script, c, now), exitCode: code };
  }
  return { exitAfterMs: c.profile?.shutdownMs ?? 0, exitCode: 0 };
}
