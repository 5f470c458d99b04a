/**
 * The Pod row exactly as upstream's printPod computes it: READY n/m, the STATUS reason kubectl
 * users know (ContainerCreating, ErrImagePull, CrashLoopBackOff, Completed, Terminating, ...),
 * RESTARTS with "(Xs ago)", and the wide IP/Node/Nominated Node/Readiness Gates columns.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { since } from '../clock';
import { AGE_COLUMN, NAME_COLUMN, at, col, int, list, str } from './types';
import type { Cell, TablePrinter } from './types';

const NODE_UNREACHABLE_REASON = 'NodeLost';

function isTerminalPhase(phase: string): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

function conditionTrue(pod: KubeObject, type: string): boolean {
  return list(at(pod, 'status', 'conditions')).some((c) => str(at(c, 'type')) === type && str(at(c, 'status')) === 'True');
}

function hasCondition(pod: KubeObject, type: string): boolean {
  return list(at(pod, 'status', 'conditions')).some((c) => str(at(c, 'type')) === type);
}

/** The STATUS, READY, RESTARTS cells of a pod (exported for describe-like uses and tests). */
export function podStatusCells(pod: KubeObject, nowMs: number): { ready: string; reason: string; restarts: string } {
  const containers = list(at(pod, 'spec', 'containers'));
  const initContainers = list(at(pod, 'spec', 'initContainers'));
  let restarts = 0;
  let readyContainers = 0;
  let lastRestart = 0;
  const phase = str(at(pod, 'status', 'phase'));
  let reason = str(at(pod, 'status', 'reason')) || phase;

  for (const c of list(at(pod, 'status', 'conditions'))) {
    if (str(at(c, 'type')) === 'PodScheduled' && str(at(c, 'reason')) === 'SchedulingGated') reason = 'SchedulingGated';
  }

  // Init containers: a sidecar (restartPolicy Always) that runs does not block; others do until done.
  let initializing = false;
  const initStatuses = list(at(pod, 'status', 'initContainerStatuses'));
  let restartableInitRestarts = 0;
  for (let i = 0; i < initStatuses.length; i++) {
    const status = initStatuses[i];
    restarts += int(at(status, 'restartCount'));
    const finished = Date.parse(str(at(status, 'lastState', 'terminated', 'finishedAt')));
    if (!Number.isNaN(finished) && finished > lastRestart) lastRestart = finished;
    const spec = initContainers.find((c) => str(at(c, 'name')) === str(at(status, 'name')));
    const restartable = str(at(spec, 'restartPolicy')) === 'Always';
    if (restartable) restartableInitRestarts += int(at(status, 'restartCount'));
    const terminated = at(status, 'state', 'terminated');
    const waitingReason = str(at(status, 'state', 'waiting', 'reason'));
    if (terminated && int(at(terminated, 'exitCode')) === 0) continue;
    if (restartable && at(status, 'started') === true) continue;
    if (terminated) {
      const r = str(at(terminated, 'reason'));
      reason = r ? `Init:${r}` : int(at(terminated, 'signal')) !== 0 ? `Init:Signal:${int(at(terminated, 'signal'))}` : `Init:ExitCode:${int(at(terminated, 'exitCode'))}`;
    } else if (waitingReason && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = restartableInitRestarts;
    let hasRunning = false;
    const statuses = list(at(pod, 'status', 'containerStatuses'));
    for (let i = statuses.length - 1; i >= 0; i--) {
      const s = statuses[i];
      restarts += int(at(s, 'restartCount'));
      const finished = Date.parse(str(at(s, 'lastState', 'terminated', 'finishedAt')));
      if (!Number.isNaN(finished) && finished > lastRestart) lastRestart = finished;
      const waiting = str(at(s, 'state', 'waiting', 'reason'));
      const terminated = at(s, 'state', 'terminated');
      if (waiting) reason = waiting;
      else if (terminated && str(at(terminated, 'reason'))) reason = str(at(terminated, 'reason'));
      else if (terminated) {
        const signal = int(at(terminated, 'signal'));
        reason = signal !== 0 ? `Signal:${signal}` : `ExitCode:${int(at(terminated, 'exitCode'))}`;
      } else if (at(s, 'ready') === true && at(s, 'state', 'running') !== undefined) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') && conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = !!pod.metadata.deletionTimestamp;
  if (deleting && str(at(pod, 'status', 'reason')) === NODE_UNREACHABLE_REASON) reason = 'Unknown';
  else if (deleting && !isTerminalPhase(phase)) reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart > 0) restartsText = `${restarts} (${since(new Date(lastRestart).toISOString(), nowMs)} ago)`;
  return { ready: `${readyContainers}/${containers.length}`, reason, restarts: restartsText };
}

function readinessGates(pod: KubeObject): string {
  const gates = list(at(pod, 'spec', 'readinessGates'));
  if (gates.length === 0) return '<none>';
  const trueCount = gates.filter((g) => conditionTrue(pod, str(at(g, 'conditionType')))).length;
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
    const podIP = str(at(pod, 'status', 'podIPs', 0, 'ip')) || str(at(pod, 'status', 'podIP')) || '<none>';
    return [
      pod.metadata.name,
      ready,
      reason,
      restarts,
      since(pod.metadata.creationTimestamp, nowMs),
      podIP,
      str(at(pod, 'spec', 'nodeName')) || '<none>',
      str(at(pod, 'status', 'nominatedNodeName')) || '<none>',
      readinessGates(pod),
    ];
  },
};
