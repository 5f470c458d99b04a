/**
 * Startup, readiness and liveness probes against the simulated process: a probe passes when the
 * process listens on the port (after the image's startup time) and answers 2xx/3xx; thresholds,
 * periods and the Unhealthy / Killing events are upstream's.
 */
import type { Probe } from '../../../shared/k8s/objects';
import { EPOCH_MS } from '../clock/clock';
import type { Kubelet } from './kubelet';
import { exited } from './lifecycle';
import type { ContainerInstance, Sandbox } from './sandbox';

function iso(ms: number): string {
  return new Date(EPOCH_MS + ms).toISOString();
}

function probeTarget(c: ContainerInstance, probe: Probe): number | undefined {
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (typeof port === 'number') return port;
  return c.spec.ports?.find((p) => p.name === port)?.containerPort;
}

/** Runs a probe against the simulated process: [ok, failure message]. */
export function runProbe(k: Kubelet, sb: Sandbox, c: ContainerInstance, probe: Probe): [boolean, string] {
  const now = k.ctx.clock.now();
  const listening = c.state === 'running' && now >= (c.startedAt ?? 0) + (c.profile?.startupMs ?? 0);
  if (probe.exec) return [c.state === 'running', 'command failed'];
  const port = probeTarget(c, probe);
  const path = probe.httpGet?.path ?? '/';
  const url = `http://${sb.ip}:${port}${path}`;
  if (!listening || port === undefined || !(c.profile?.ports.includes(port) ?? false)) {
    return [false, probe.httpGet ? `Get "${url}": dial tcp ${sb.ip}:${port}: connect: connection refused` : `dial tcp ${sb.ip}:${port}: connect: connection refused`];
  }
  if (probe.tcpSocket) return [true, ''];
  const answer = c.profile?.http?.(port, { method: 'GET', path, podName: sb.name, podIp: sb.ip, clientIp: k.hostIP, now: iso(now), uptime: (now - (c.startedAt ?? now)) / 1000, requestNumber: 0 }, c.ref?.tag ?? '');
  if (!answer) return [false, `Get "${url}": dial tcp ${sb.ip}:${port}: connect: connection refused`];
  if (answer.status >= 200 && answer.status < 400) return [true, ''];
  return [false, `HTTP probe failed with statuscode: ${answer.status}`];
}

export function scheduleProbes(k: Kubelet, sb: Sandbox, c: ContainerInstance): void {
  const epoch = c.epoch;
  const live = (): boolean => c.epoch === epoch && c.state === 'running' && !sb.terminating;
  const loop = (kind: 'startup' | 'readiness' | 'liveness', probe: Probe, first: boolean): void => {
    const delay = (first ? (probe.initialDelaySeconds ?? 0) : 0) * 1000 + (first ? 0 : (probe.periodSeconds ?? 10) * 1000);
    k.after(delay, () => {
      if (!live()) return;
      if (kind !== 'startup' && !c.probes.startupDone) return loop(kind, probe, false);
      const [ok, why] = runProbe(k, sb, c, probe);
      const failureThreshold = probe.failureThreshold ?? 3;
      const label = kind[0]!.toUpperCase() + kind.slice(1);
      if (!ok) k.event(sb, 'Warning', 'Unhealthy', `${label} probe failed: ${why}`, c.name);
      if (kind === 'startup') {
        if (ok) {
          c.probes.startupDone = true;
          c.started = true;
          if (!c.spec.readinessProbe) c.ready = true;
          k.writeStatus(sb);
          return;
        }
        if (++c.probes.startupFail >= failureThreshold) {
          k.event(sb, 'Normal', 'Killing', `Container ${c.name} failed startup probe, will be restarted`, c.name);
          return exited(k, sb, c, 137, 'Error');
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
        k.event(sb, 'Normal', 'Killing', `Container ${c.name} failed liveness probe, will be restarted`, c.name);
        return exited(k, sb, c, 137, 'Error');
      }
      loop(kind, probe, false);
    });
  };
  if (c.spec.startupProbe) loop('startup', c.spec.startupProbe as Probe, true);
  if (c.spec.readinessProbe) loop('readiness', c.spec.readinessProbe as Probe, true);
  if (c.spec.livenessProbe) loop('liveness', c.spec.livenessProbe as Probe, true);
}

