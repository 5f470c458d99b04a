/**
 * Startup, readiness and liveness probes against the container: an httpGet/tcpSocket probe passes
 * when the process listens on the port (after the image's startup time) and answers 2xx/3xx; an
 * exec probe runs its command in the container's shell model and passes on exit status 0.
 * Thresholds, periods and the Unhealthy / Killing events are upstream's.
 */
import type { Probe } from '../../../shared/k8s/objects';
import type { Kubelet } from './kubelet';
import { killToRestart } from './termination';
import type { ContainerInstance, Sandbox } from './sandbox';
import { execInContainer, servedFiles } from '../container';

function probeTarget(c: ContainerInstance, probe: Probe): number | undefined {
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (typeof port === 'number') return port;
  return c.spec.ports?.find((p) => p.name === port)?.containerPort;
}

/** prober's default timeoutSeconds (core/v1 defaults). */
const DEFAULT_TIMEOUT_S = 1;

/**
 * An exec probe runs its command in the container (CRI ExecSync with the probe's timeout). The
 * output is the event text as pkg/probe/exec/exec.go returns it: the command's own output on a
 * non-zero exit, or, past the deadline, the TimeoutError of pkg/kubelet/cri/remote/remote_runtime.go
 * ExecSync: `command "<argv joined by spaces>" timed out`.
 */
function execProbe(k: Kubelet, sb: Sandbox, c: ContainerInstance, probe: Probe, done: (ok: boolean, why: string) => void): void {
  const command = probe.exec?.command ?? [];
  const timeoutMs = (probe.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
  execInContainer(k, sb, c, command, (result) => {
    if (result.timedOut) done(false, `command ${JSON.stringify(command.join(' '))} timed out`);
    else done(result.exitCode === 0, result.output);
  }, { timeoutMs });
}

/** Runs a probe against the container; done(ok, failure message), at once or later on the virtual clock. */
export function runProbe(k: Kubelet, sb: Sandbox, c: ContainerInstance, probe: Probe, done: (ok: boolean, why: string) => void): void {
  if (probe.exec) return execProbe(k, sb, c, probe, done);
  const [ok, why] = networkProbe(k, sb, c, probe);
  done(ok, why);
}

/** httpGet and tcpSocket probes from the node: [ok, failure message]. */
function networkProbe(k: Kubelet, sb: Sandbox, c: ContainerInstance, probe: Probe): [boolean, string] {
  const now = k.ctx.clock.now();
  const listening = c.state === 'running' && now >= (c.startedAt ?? 0) + (c.profile?.startupMs ?? 0);
  const port = probeTarget(c, probe);
  const path = probe.httpGet?.path ?? '/';
  const url = `http://${sb.ip}:${port}${path}`;
  if (!listening || port === undefined || !(c.profile?.ports.includes(port) ?? false)) {
    return [false, probe.httpGet ? `Get "${url}": dial tcp ${sb.ip}:${port}: connect: connection refused` : `dial tcp ${sb.ip}:${port}: connect: connection refused`];
  }
  if (probe.tcpSocket) return [true, ''];
  // The served files are the container's (nginx reads its html root from the filesystem).
  const request = { method: 'GET', path, podName: sb.name, podIp: sb.ip, clientIp: k.hostIP, now: k.ctx.clock.iso(now), uptime: (now - (c.startedAt ?? now)) / 1000, requestNumber: 0, files: servedFiles(k, sb, c) };
  const answer = c.profile?.http?.(port, request, c.ref?.tag ?? '');
  if (!answer) return [false, `Get "${url}": dial tcp ${sb.ip}:${port}: connect: connection refused`];
  if (answer.status >= 200 && answer.status < 400) return [true, ''];
  return [false, `HTTP probe failed with statuscode: ${answer.status}`];
}

/**
 * Starts the container's probe workers. `kubeletStarted`: the kubelet has just started and found
 * the container running; worker.go then waits a random part of the period before the first probe
 * ("If kubelet restarted the probes could be started in rapid succession"), so thousands of
 * adopted pods do not all probe in the same instant.
 */
export function scheduleProbes(k: Kubelet, sb: Sandbox, c: ContainerInstance, options: { kubeletStarted?: boolean } = {}): void {
  const epoch = c.epoch;
  const live = (): boolean => c.epoch === epoch && c.state === 'running' && !sb.terminating;
  // pkg/kubelet/prober/worker.go: a ticker every periodSeconds; a probe still running when the
  // ticker fires (an exec probe with a long timeout) makes the worker skip that tick.
  const loop = (kind: 'startup' | 'readiness' | 'liveness', probe: Probe, delay: number): void => {
    const period = (probe.periodSeconds ?? 10) * 1000;
    k.after(delay, () => {
      if (!live()) return;
      if (kind !== 'startup' && !c.probes.startupDone) return loop(kind, probe, period);
      const startedAt = k.ctx.clock.now();
      runProbe(k, sb, c, probe, (ok, why) => {
        if (!live()) return;
        if (handle(kind, probe, ok, why)) return;
        // The next tick after the probe finished.
        const took = k.ctx.clock.now() - startedAt;
        loop(kind, probe, took === 0 ? period : Math.ceil(took / period) * period - took);
      });
    });
  };
  /** Applies one result; true when the probe loop ends (startup succeeded, container killed). */
  const handle = (kind: 'startup' | 'readiness' | 'liveness', probe: Probe, ok: boolean, why: string): boolean => {
    const failureThreshold = probe.failureThreshold ?? 3;
    const label = kind[0]!.toUpperCase() + kind.slice(1);
    // prober.go: recordContainerEvent(..., "%s probe failed: %s", probeType, output).
    if (!ok) k.event(sb, 'Warning', 'Unhealthy', `${label} probe failed: ${why}`, c.name);
    if (kind === 'startup') {
      if (ok) {
        c.probes.startupDone = true;
        c.started = true;
        if (!c.spec.readinessProbe) c.ready = true;
        k.writeStatus(sb);
        return true;
      }
      if (++c.probes.startupFail >= failureThreshold) {
        killToRestart(k, sb, c, 'startup', `Container ${c.name} failed startup probe, will be restarted`);
        return true;
      }
    } else if (kind === 'readiness') {
      if (ok) {
        c.probes.readyFail = 0;
        if (++c.probes.readyOk >= (probe.successThreshold ?? 1) && !c.ready) {
          c.ready = true;
          k.writeStatus(sb);
        }
      } else {
        c.probes.readyOk = 0;
        if (++c.probes.readyFail >= failureThreshold && c.ready) {
          c.ready = false;
          k.writeStatus(sb);
        }
      }
    } else if (ok) c.probes.liveFail = 0;
    else if (++c.probes.liveFail >= failureThreshold) {
      killToRestart(k, sb, c, 'liveness', `Container ${c.name} failed liveness probe, will be restarted`);
      return true;
    }
    return false;
  };
  const initial = (probe: Probe): number => (options.kubeletStarted ? k.ctx.rng.int((probe.periodSeconds ?? 10) * 1000) : 0) + (probe.initialDelaySeconds ?? 0) * 1000;
  if (c.spec.startupProbe) loop('startup', c.spec.startupProbe as Probe, initial(c.spec.startupProbe as Probe));
  if (c.spec.readinessProbe) loop('readiness', c.spec.readinessProbe as Probe, initial(c.spec.readinessProbe as Probe));
  if (c.spec.livenessProbe) loop('liveness', c.spec.livenessProbe as Probe, initial(c.spec.livenessProbe as Probe));
}

