/**
 * Startup, readiness and liveness probes against the container: an httpGet/tcpSocket probe passes
 * when the process listens on the port (after the image's startup time) and answers 2xx/3xx; an
 * exec probe runs its command in the container's shell model and passes on exit status 0.
 * Thresholds, periods and the Unhealthy / Killing events are upstream's.
 */
import type { Probe } from '../../../shared/k8s/objects';
import type { Kubelet } from './kubelet';
import { killToRestart } from './termination';
import { fnv32a } from '../clock/random';
import { keepsProbing, type ProbeKind } from './probe-policy';
import type { ContainerInstance, Sandbox } from './sandbox';
import { execInContainer, existingModel, onModelCreated, servedFiles } from '../container';
import type { Volume } from '../container/fs';

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
function execProbe(k: Kubelet, sb: Sandbox, c: ContainerInstance, probe: Probe, done: ProbeDone): void {
  const command = probe.exec?.command ?? [];
  const timeoutMs = (probe.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
  execInContainer(k, sb, c, command, (result) => {
    if (result.timedOut) done(false, `command ${JSON.stringify(command.join(' '))} timed out`);
    else done(result.exitCode === 0, result.output);
  }, { timeoutMs });
}

/**
 * What a passing probe's answer depended on: the volumes its HTTP answer read. Present only when
 * nothing else could change the answer (a TCP probe once the port listens; an HTTP answer that read
 * neither the time nor a request count), so the worker may sleep until one of them changes.
 */
export interface ProbeInputs {
  volumes: Set<Volume>;
}

type ProbeDone = (ok: boolean, why: string, inputs?: ProbeInputs) => void;

/** Runs a probe against the container; done(ok, failure message), at once or later on the virtual clock. */
export function runProbe(k: Kubelet, sb: Sandbox, c: ContainerInstance, probe: Probe, done: ProbeDone): void {
  if (probe.exec) return execProbe(k, sb, c, probe, done);
  const inputs: ProbeInputs = { volumes: new Set() };
  const [ok, why, stable] = networkProbe(k, sb, c, probe, inputs.volumes);
  done(ok, why, stable ? inputs : undefined);
}

/** httpGet and tcpSocket probes from the node: [ok, failure message, whether only `read` can change the answer]. */
function networkProbe(k: Kubelet, sb: Sandbox, c: ContainerInstance, probe: Probe, read: Set<Volume>): [boolean, string, boolean] {
  const now = k.ctx.clock.now();
  const listening = c.state === 'running' && now >= (c.startedAt ?? 0) + (c.profile?.startupMs ?? 0);
  const port = probeTarget(c, probe);
  const path = probe.httpGet?.path ?? '/';
  const url = `http://${sb.ip}:${port}${path}`;
  if (!listening || port === undefined || !(c.profile?.ports.includes(port) ?? false)) {
    return [false, probe.httpGet ? `Get "${url}": dial tcp ${sb.ip}:${port}: connect: connection refused` : `dial tcp ${sb.ip}:${port}: connect: connection refused`, false];
  }
  if (probe.tcpSocket) return [true, '', true];
  // The served files are the container's (nginx reads its html root from the filesystem). The
  // time fields are read lazily: an answer that never looked at them cannot change with time.
  let timeRead = false;
  const clock = k.ctx.clock;
  const request = {
    method: 'GET',
    path,
    podName: sb.name,
    podIp: sb.ip,
    clientIp: k.hostIP,
    get now() {
      timeRead = true;
      return clock.iso(now);
    },
    get uptime() {
      timeRead = true;
      return (now - (c.startedAt ?? now)) / 1000;
    },
    get requestNumber() {
      timeRead = true;
      return 0;
    },
    files: servedFiles(k, sb, c, read),
  };
  const answer = c.profile?.http?.(port, request, c.ref?.tag ?? '');
  if (!answer) return [false, `Get "${url}": dial tcp ${sb.ip}:${port}: connect: connection refused`, false];
  if (answer.status >= 200 && answer.status < 400) return [true, '', !timeRead];
  return [false, `HTTP probe failed with statuscode: ${answer.status}`, false];
}

/**
 * pkg/kubelet/pleg/generic.go relists containers every second (genericPlegRelistPeriod in
 * kubelet.go): a container's start is seen, and the pod synced, within a second of it.
 */
const PLEG_RELIST_MS = 1000;

/**
 * Starts the container's probe workers (pkg/kubelet/prober/worker.go). A worker is made when the
 * kubelet first syncs the pod, and its ticker fires every periodSeconds from then on, across
 * container restarts; a tick before the container has run initialDelaySeconds does nothing. A
 * readiness worker is also run at once when the pod's status is next synced with the container
 * running and not yet ready (prober_manager.go UpdatePodStatus, the manual trigger), which is
 * within a PLEG relist of the start.
 *
 * `kubeletStarted`: the kubelet has just started and found the container running; the worker then
 * waits a random part of the period before its ticker starts ("If kubelet restarted the probes
 * could be started in rapid succession"), so thousands of adopted pods do not probe in one instant.
 */
export function scheduleProbes(k: Kubelet, sb: Sandbox, c: ContainerInstance, options: { kubeletStarted?: boolean } = {}): void {
  const now = k.ctx.clock.now();
  for (const kind of ['startup', 'readiness', 'liveness'] as const) {
    const probe = c.spec[`${kind}Probe`] as Probe | undefined;
    if (!probe) continue;
    const period = (probe.periodSeconds ?? 10) * 1000;
    const origin = options.kubeletStarted ? now + k.ctx.rng.int(period) : sb.startTime;
    const worker = new ProbeWorker(k, sb, c, kind, probe, origin);
    const due = Math.max(origin, (c.startedAt ?? now) + (probe.initialDelaySeconds ?? 0) * 1000);
    let first = worker.tickAtOrAfter(due);
    if (kind === 'readiness' && !options.kubeletStarted) {
      const synced = (c.startedAt ?? now) + 1 + (fnv32a(`pleg/${sb.uid}/${c.name}/${c.restartCount}`) % PLEG_RELIST_MS);
      if (synced >= due && synced < first) first = synced;
    }
    worker.runAt(first);
  }
}


/**
 * One probe of one container instance: a ticker at origin + n periods. A probe still running when
 * the ticker fires (an exec probe with a long timeout) makes the worker skip that tick. A class, not
 * closures, because 150k pods carry two each.
 */
class ProbeWorker {
  private readonly epoch: number;
  private readonly boot: number;
  private readonly period: number;
  private asleep = false;

  constructor(
    private readonly k: Kubelet,
    private readonly sb: Sandbox,
    private readonly c: ContainerInstance,
    private readonly kind: ProbeKind,
    private readonly probe: Probe,
    private readonly origin: number,
  ) {
    this.epoch = c.epoch;
    this.boot = k.bootId;
    this.period = (probe.periodSeconds ?? 10) * 1000;
  }

  private live(): boolean {
    const { k, c } = this;
    // Only the readiness worker goes on once the pod is terminating (probe-policy.ts).
    return c.epoch === this.epoch && k.bootId === this.boot && k.alive && c.state === 'running' && keepsProbing(this.kind, this.sb);
  }

  /** The ticker's first tick at or after `t`. */
  tickAtOrAfter(t: number): number {
    return this.origin + Math.max(0, Math.ceil((t - this.origin) / this.period)) * this.period;
  }

  /** The ticker's first tick after `t`. */
  private tickAfter(t: number): number {
    return this.origin + Math.max(0, Math.floor((t - this.origin) / this.period) + 1) * this.period;
  }

  runAt(t: number): void {
    this.k.after(Math.max(0, t - this.k.ctx.clock.now()), () => this.tick());
  }

  private tick(): void {
    if (!this.live()) return;
    const now = this.k.ctx.clock.now();
    if (this.kind !== 'startup' && !this.c.probes.startupDone) return this.runAt(this.tickAfter(now));
    runProbe(this.k, this.sb, this.c, this.probe, (ok, why, inputs) => {
      if (!this.live()) return;
      if (this.handle(ok, why)) return;
      const took = this.k.ctx.clock.now() - now;
      if (inputs && took === 0 && this.settled(ok)) return this.sleep(inputs);
      this.runAt(this.tickAfter(this.k.ctx.clock.now()));
    });
  }

  /** A result that, repeated, changes nothing: a passing liveness probe, a passing readiness probe of a ready container. */
  private settled(ok: boolean): boolean {
    return ok && (this.kind === 'liveness' || (this.kind === 'readiness' && this.c.ready));
  }

  /**
   * The probe passed and its answer can only change when what it read changes, so the next ticks
   * would pass too and change nothing: instead of probing every period, the worker sleeps until a
   * volume it read changes (or the container gets files of its own, away from the image's), then
   * probes at the ticker's next tick, as if it had probed all along. This is what lets 150k pods
   * carry probes at little cost; the results are the ones every tick would give.
   */
  private sleep(inputs: ProbeInputs): void {
    this.asleep = true;
    for (const volume of inputs.volumes) volume.onNextChange(this);
    if (!existingModel(this.c)) onModelCreated(this.c, this);
  }

  /** Something the probe read changed: probe again at the ticker's next tick. */
  wake(): void {
    if (!this.asleep || !this.live()) return;
    this.asleep = false;
    this.runAt(this.tickAfter(this.k.ctx.clock.now()));
  }

  /** Applies one result; true when the probe loop ends (startup succeeded, container killed). */
  private handle(ok: boolean, why: string): boolean {
    const { k, sb, c, kind, probe } = this;
    const failureThreshold = probe.failureThreshold ?? 3;
    const label = kind[0]!.toUpperCase() + kind.slice(1);
    // prober.go: recordContainerEvent(..., "%s probe failed: %s", probeType, output).
    if (!ok) k.event(sb, 'Warning', 'Unhealthy', `${label} probe failed: ${why}`, c.name);
    if (kind === 'startup') {
      if (ok) {
        c.probes.startupDone = true;
        c.started = true;
        if (!c.spec.readinessProbe) c.ready = true;
        k.writeStatus(sb, c.ready ? 'ready' : 'started', c.name);
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
          k.writeStatus(sb, 'ready', c.name);
        }
      } else {
        c.probes.readyOk = 0;
        if (++c.probes.readyFail >= failureThreshold && c.ready) {
          c.ready = false;
          k.writeStatus(sb, 'notReady', c.name);
        }
      }
    } else if (ok) c.probes.liveFail = 0;
    else if (++c.probes.liveFail >= failureThreshold) {
      killToRestart(k, sb, c, 'liveness', `Container ${c.name} failed liveness probe, will be restarted`);
      return true;
    }
    return false;
  }
}
