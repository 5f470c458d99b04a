/**
 * Pod status from the kubelet's runtime state (kubelet_pods.go generateAPIPodStatus + getPhase):
 * phase, the five pod conditions with stable transition times, container statuses with state and
 * lastState, IPs and startTime.
 */
import type { Condition, ContainerStatus, Pod, PodStatus } from '../../../shared/k8s/objects';
import type { TimeBasis } from '../clock/clock';
import type { ContainerInstance, Sandbox } from './sandbox';

function containerStatus(c: ContainerInstance, image: string, clock: TimeBasis): ContainerStatus {
  const status: ContainerStatus = {
    name: c.name,
    image: c.ref ? `${c.ref.repository.replace(/^docker\.io\/(library\/)?/, '')}:${c.ref.tag}` : image,
    imageID: c.digest && c.containerID ? `docker-pullable://${c.ref!.repository.replace(/^docker\.io\/(library\/)?/, '')}@${c.digest}` : '',
    ready: c.ready,
    started: c.started,
    restartCount: c.restartCount,
    state: {},
    lastState: {},
  };
  if (c.containerID) status.containerID = c.containerID;
  if (c.state === 'running') status.state = { running: { startedAt: clock.stamp(c.startedAt!) } };
  else if (c.state === 'terminated') status.state = { terminated: { exitCode: c.exitCode!, reason: c.reason ?? 'Error', startedAt: clock.stamp(c.startedAt ?? 0), finishedAt: clock.stamp(c.finishedAt ?? 0), containerID: c.containerID } as never };
  else status.state = { waiting: { reason: c.reason ?? 'ContainerCreating', ...(c.message ? { message: c.message } : {}) } };
  if (c.last) status.lastState = { terminated: { exitCode: c.last.exitCode, reason: c.last.reason, startedAt: clock.stamp(c.last.startedAt), finishedAt: clock.stamp(c.last.finishedAt), containerID: c.last.containerID } as never };
  if (!status.containerID) delete status.containerID;
  return status;
}

function phaseOf(sb: Sandbox, restartPolicy: string): PodStatus['phase'] {
  let pending = 0;
  let running = 0;
  let succeeded = 0;
  let failed = 0;
  for (const c of sb.containers) {
    if (c.state === 'running') running++;
    else if (c.state === 'terminated') {
      if (c.exitCode === 0) succeeded++;
      else failed++;
    } else if (c.last) {
      // Waiting to restart after a previous run.
      if (restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && c.last.exitCode !== 0)) running++;
      else if (c.last.exitCode === 0) succeeded++;
      else failed++;
    } else pending++;
  }
  const n = sb.containers.length;
  if (pending > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (succeeded + failed === n) {
    if (restartPolicy === 'Always' && !sb.terminating) return 'Running';
    return failed > 0 ? 'Failed' : 'Succeeded';
  }
  return 'Pending';
}

function condition(type: string, ok: boolean, clock: TimeBasis, previous: Condition[] | undefined, reason?: string, message?: string): Condition {
  const status = ok ? 'True' : 'False';
  const prev = previous?.find((c) => c.type === type);
  const c: Condition = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime! : clock.stamp(clock.now()) };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

export function computePodStatus(pod: Pod, sb: Sandbox, hostIP: string, clock: TimeBasis): PodStatus {
  const prev = pod.status?.conditions;
  const restartPolicy = pod.spec.restartPolicy ?? 'Always';
  const phase = phaseOf(sb, restartPolicy);
  const unready = sb.containers.filter((c) => !c.ready).map((c) => c.name);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const allReady = unready.length === 0 && !terminal;
  const notReadyMsg = `containers with unready status: [${unready.join(' ')}]`;
  const reason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const conditions: Condition[] = [
    condition('PodReadyToStartContainers', sb.ready && !(terminal && sb.finished), clock, prev),
    condition('Initialized', true, clock, prev),
    condition('Ready', allReady, clock, prev, reason, terminal ? undefined : notReadyMsg),
    condition('ContainersReady', allReady, clock, prev, reason, terminal ? undefined : notReadyMsg),
    prev?.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', true, clock, prev),
  ];
  const status: PodStatus = {
    phase,
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: clock.stamp(sb.startTime),
    containerStatuses: sb.containers.map((c, i) => containerStatus(c, pod.spec.containers[i]?.image ?? '', clock)),
    qosClass: pod.status?.qosClass,
  };
  if (sb.ready && sb.ip) {
    status.podIP = sb.ip;
    status.podIPs = [{ ip: sb.ip }];
  }
  if (!status.qosClass) delete status.qosClass;
  return status;
}
