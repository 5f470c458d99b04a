/**
 * A node failure told from its causes, in the order the control plane lives it: the node lifecycle
 * controller hears no heartbeat for longer than node-monitor-grace-period and sets the node's
 * conditions to Unknown; it taints the node (NoSchedule keeps new pods away, NoExecute evicts); the
 * taint eviction controller evicts each pod when its toleration runs out, which for most pods is
 * the 300 s toleration the DefaultTolerationSeconds admission plugin gives them.
 */
import type { Reason, TaintRef } from '../../../shared/sim/cause';
import type { Phrase } from '../i18n/phrase';

/**
 * plugin/pkg/admission/defaulttolerationseconds: every pod without its own toleration for
 * node.kubernetes.io/not-ready:NoExecute and node.kubernetes.io/unreachable:NoExecute gets one for
 * 300 s (--default-not-ready-toleration-seconds, --default-unreachable-toleration-seconds).
 */
export const DEFAULT_TOLERATION_SECONDS = 300;
const DEFAULT_TOLERATED = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);

/** key[=value]:Effect, as kubectl describe node prints a taint. */
export const taintRefText = (taint: TaintRef) => `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;

/** What one taint does to the node's pods. */
function taintEffect(taint: TaintRef): Phrase {
  const text = taintRefText(taint);
  if (taint.effect === 'NoExecute' && DEFAULT_TOLERATED.has(taint.key)) return { key: 'explain.taint.noExecuteDefault', params: { taint: text, seconds: DEFAULT_TOLERATION_SECONDS } };
  const key = taint.effect === 'NoExecute' ? 'explain.taint.noExecute' : taint.effect === 'PreferNoSchedule' ? 'explain.taint.preferNoSchedule' : 'explain.taint.noSchedule';
  return { key, params: { taint: text } };
}

type NodeReason = Extract<Reason, { code: 'NodeHeartbeatMissed' | 'NodeTainted' | 'NodeUntainted' | 'TaintEviction' | 'NodePodsNotReady' }>;

/** `subject` is the pod for evictions and NotReady marks; `time` the virtual ms of the change; `services` those that select the pod. */
export function explainNodeReason(reason: NodeReason, subject: string, time: number | undefined, services: readonly string[]): Phrase {
  switch (reason.code) {
    case 'NodeHeartbeatMissed': {
      const grace = reason.gracePeriodSeconds;
      const silent = time === undefined ? undefined : Math.round((time - reason.lastHeartbeat) / 1000);
      // A silence shorter than the grace period cannot be the reason: say only the grace period then.
      if (silent !== undefined && silent >= grace) return { key: 'explain.heartbeat.silent', params: { node: reason.node, silent, grace } };
      return { key: 'explain.heartbeat.grace', params: { node: reason.node, grace } };
    }
    case 'NodeTainted': {
      const effects = reason.taints.map(taintEffect);
      // not-ready replaced by unreachable (or the other way) in one write: name what went.
      if (reason.removed?.length) return { key: 'explain.nodeTainted.replacing', params: { node: reason.node, removed: reason.removed.map(taintRefText).join(', '), effects } };
      return { key: 'explain.nodeTainted', params: { node: reason.node, effects } };
    }
    case 'NodeUntainted':
      return { key: 'explain.nodeUntainted', params: { node: reason.node, taints: reason.taints.map(taintRefText).join(', ') } };
    case 'TaintEviction': {
      const taint = taintRefText(reason.taint);
      const params = { pod: subject, node: reason.node, taint };
      if (reason.tolerationSeconds === undefined) return { key: 'explain.eviction.untolerated', params };
      const key = reason.defaultToleration ? 'explain.eviction.defaultToleration' : 'explain.eviction.toleration';
      return { key, params: { ...params, seconds: reason.tolerationSeconds } };
    }
    case 'NodePodsNotReady':
      if (services.length) return { key: 'explain.podsNotReady.served', params: { pod: subject, node: reason.node, services: services.join(', ') } };
      return { key: 'explain.podsNotReady', params: { pod: subject, node: reason.node } };
  }
}
