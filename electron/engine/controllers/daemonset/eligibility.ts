/**
 * Which nodes a DaemonSet runs on (pkg/controller/daemon/daemon_controller.go NodeShouldRunDaemonPod)
 * and the pod it makes for one node (util.AddOrUpdateDaemonPodTolerations and
 * ReplaceDaemonSetPodNodeNameNodeAffinity): the daemon pod tolerates the node-condition taints, and
 * is pinned to its node by a required node affinity on metadata.name that the default scheduler binds.
 */
import type { DaemonSet, Node, NodeAffinity, PodSpec, Taint, Toleration } from '../../../../shared/k8s/objects';
import { tolerates } from '../../scheduler/framework';
import { termMatches } from '../../scheduler/plugins/affinity';

/** pkg/controller/daemon/util/daemonset_util.go AddOrUpdateDaemonPodTolerations, in upstream's order. */
export function daemonPodTolerations(spec: PodSpec): Toleration[] {
  const auto: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork === true) auto.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const out = [...(spec.tolerations ?? [])];
  // AddOrUpdateTolerationInPodSpec: an equal toleration is kept once, anything else is appended.
  const same = (a: Toleration, b: Toleration) => a.key === b.key && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && (a.value ?? '') === (b.value ?? '') && a.effect === b.effect && a.tolerationSeconds === b.tolerationSeconds;
  for (const t of auto) if (!out.some((o) => same(o, t))) out.push(t);
  return out;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become one matchFields term on the node's name. */
export function pinnedAffinity(affinity: unknown, node: string): Record<string, unknown> {
  const base = (affinity && typeof affinity === 'object' ? affinity : {}) as Record<string, unknown>;
  const nodeAffinity = { ...((base.nodeAffinity as NodeAffinity | undefined) ?? {}) };
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] };
  return { ...base, nodeAffinity };
}

export interface Eligibility {
  /** The controller should create the daemon pod here (NoSchedule and NoExecute taints tolerated). */
  shouldRun: boolean;
  /** A daemon pod already here may stay (only NoExecute taints count). */
  shouldContinueRunning: boolean;
}

/** NodeShouldRunDaemonPod: nodeName, node affinity/selector and taints against the daemon pod's tolerations. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet, tolerations: readonly Toleration[]): Eligibility {
  const spec = ds.spec.template.spec;
  const name = node.metadata.name;
  const labels = node.metadata.labels ?? {};
  const no = { shouldRun: false, shouldContinueRunning: false };
  if (spec.nodeName && spec.nodeName !== name) return no;
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return no;
  const terms = (spec.affinity as { nodeAffinity?: NodeAffinity } | undefined)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && terms.length && !terms.some((t) => termMatches(t, { name, labels }))) return no;
  const taints: Taint[] = node.spec?.taints ?? [];
  const untolerated = (effects: Taint['effect'][]) => taints.some((t) => effects.includes(t.effect) && !tolerates(tolerations, t));
  return { shouldRun: !untolerated(['NoSchedule', 'NoExecute']), shouldContinueRunning: !untolerated(['NoExecute']) };
}

/** util.GetTargetNodeName: spec.nodeName, or the node of the pinned affinity for a pod not yet bound. */
export function targetNodeOf(spec: PodSpec): string | undefined {
  if (spec.nodeName) return spec.nodeName;
  const terms = (spec.affinity as { nodeAffinity?: NodeAffinity } | undefined)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return undefined;
}
