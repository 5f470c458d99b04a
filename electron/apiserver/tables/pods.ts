/**
 * The Pod row exactly as upstream's printPod computes it: READY n/m, the STATUS reason kubectl
 * users know (ContainerCreating, ErrImagePull, CrashLoopBackOff, Completed, Terminating, ...),
 * RESTARTS with "(Xs ago)", and the wide IP/Node/Nominated Node/Readiness Gates columns.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { humanDuration, parseTime, since } from '../clock';
import { AGE_COLUMN, NAME_COLUMN, col, list } from './types';
import type { Cell, TablePrinter } from './types';

const NODE_UNREACHABLE_REASON = 'NodeLost';

function isTerminalPhase(phase: string): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

// Direct reads instead of the generic at(): this runs for every pod of every `kubectl get pods`.
type Fields = Record<string, unknown>;
const EMPTY: Fields = {};
const fields = (value: unknown): Fields => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : EMPTY);
const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0);

/** Epoch ms of a container status's lastState.terminated.finishedAt, or NaN. */
function finishedAt(status: Fields): number {
  const value = fields(fields(status.lastState).terminated).finishedAt;
  return typeof value === 'string' ? parseTime(value) : Number.NaN;
}

function hasTrueCondition(conditions: unknown[], type: string): boolean {
  for (const c of conditions) {
    const condition = fields(c);
    if (condition.type === type && condition.status === 'True') return true;
  }
  return false;
}

/** The STATUS, READY, RESTARTS cells of a pod (exported for describe-like uses and tests). */
export function podStatusCells(pod: KubeObject, nowMs: number): { ready: string; reason: string; restarts: string } {
  const spec = fields(pod.spec);
  const status = fields(pod.status);
  const containers = list(spec.containers);
  const initContainers = list(spec.initContainers);
  const conditions = list(status.conditions);
  let restarts = 0;
  let readyContainers = 0;
  let lastRestart = 0;
  const phase = text(status.phase);
  let reason = text(status.reason) || phase;

  for (const c of conditions) {
    const condition = fields(c);
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  // Init containers: a sidecar (restartPolicy Always) that runs does not block; others do until done.
  let initializing = false;
  const initStatuses = list(status.initContainerStatuses);
  let restartableInitRestarts = 0;
  for (let i = 0; i < initStatuses.length; i++) {
    const initStatus = fields(initStatuses[i]);
    restarts += count(initStatus.restartCount);
    const finished = finishedAt(initStatus);
    if (!Number.isNaN(finished) && finished > lastRestart) lastRestart = finished;
    const initSpec = fields(initContainers.find((c) => fields(c).name === initStatus.name));
    const restartable = initSpec.restartPolicy === 'Always';
    if (restartable) restartableInitRestarts += count(initStatus.restartCount);
    const state = fields(initStatus.state);
    const terminated = state.terminated === undefined ? undefined : fields(state.terminated);
    const waitingReason = text(fields(state.waiting).reason);
    if (terminated && count(terminated.exitCode) === 0) continue;
    if (restartable && initStatus.started === true) continue;
    if (terminated) {
      const r = text(terminated.reason);
      reason = r ? `Init:${r}` : count(terminated.signal) !== 0 ? `Init:Signal:${count(terminated.signal)}` : `Init:ExitCode:${count(terminated.exitCode)}`;
    } else if (waitingReason && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasTrueCondition(conditions, 'Initialized')) {
    restarts = restartableInitRestarts;
    let hasRunning = false;
    const statuses = list(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const s = fields(statuses[i]);
      restarts += count(s.restartCount);
      const finished = finishedAt(s);
      if (!Number.isNaN(finished) && finished > lastRestart) lastRestart = finished;
      const state = fields(s.state);
      const waiting = text(fields(state.waiting).reason);
      const terminated = state.terminated === undefined ? undefined : fields(state.terminated);
      if (waiting) reason = waiting;
      else if (terminated && text(terminated.reason)) reason = text(terminated.reason);
      else if (terminated) {
        const signal = count(terminated.signal);
        reason = signal !== 0 ? `Signal:${signal}` : `ExitCode:${count(terminated.exitCode)}`;
      } else if (s.ready === true && state.running !== undefined) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasTrueCondition(conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = !!pod.metadata.deletionTimestamp;
  if (deleting && text(status.reason) === NODE_UNREACHABLE_REASON) reason = 'Unknown';
  else if (deleting && !isTerminalPhase(phase)) reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart > 0) restartsText = `${restarts} (${humanDuration(nowMs - lastRestart)} ago)`;
  return { ready: `${readyContainers}/${containers.length}`, reason, restarts: restartsText };
}

function readinessGates(spec: Fields, conditions: unknown[]): string {
  const gates = list(spec.readinessGates);
  if (gates.length === 0) return '<none>';
  const trueCount = gates.filter((g) => hasTrueCondition(conditions, text(fields(g).conditionType))).length;
  return `${trueCount}/${gates.length}`;
}

export const podTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    col('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { priority: 1 }),
    col('Node', 'NodeName indicates in which node this pod is scheduled.', { priority: 1 }),
    col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { priority: 1 }),
    col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  row(pod, nowMs): Cell[] {
    const { ready, reason, restarts } = podStatusCells(pod, nowMs);
    const spec = fields(pod.spec);
    const status = fields(pod.status);
    const podIPs = list(status.podIPs);
    const podIP = text(fields(podIPs[0]).ip) || text(status.podIP) || '<none>';
    return [
      pod.metadata.name,
      ready,
      reason,
      restarts,
      since(pod.metadata.creationTimestamp, nowMs),
      podIP,
      text(spec.nodeName) || '<none>',
      text(status.nominatedNodeName) || '<none>',
      readinessGates(spec, list(status.conditions)),
    ];
  },
};
