/**
 * When a NoExecute-tainted node's pods will be evicted, for the countdown on its card. The taint
 * eviction controller (pkg/controller/tainteviction/taint_eviction.go) deletes a pod at once when a
 * NoExecute taint is not tolerated, never when every matching toleration is unlimited, and otherwise
 * after the smallest tolerationSeconds among the matching tolerations, counted from when it saw the
 * taint (the taint's timeAdded). Admission (plugin/pkg/admission/defaulttolerationseconds) gives
 * every pod 300 s for node.kubernetes.io/not-ready and unreachable, so that is the usual wait.
 */
import type { KubeObject, Node, Pod, Taint, Toleration } from '../../../shared/k8s/objects';

export interface EvictionCountdown {
  /** Virtual ms at which the first pod that tolerates the taint for a limited time is evicted. */
  at: number;
  /** The taint that pod tolerates for a limited time, and for how long (the deciding toleration). */
  taint: string;
  seconds: number;
}

/** Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  if (toleration.operator === undefined || toleration.operator === 'Equal') return (toleration.value ?? '') === (taint.value ?? '');
  return false;
}

/**
 * The toleration deciding a pod's eviction from these NoExecute taints: undefined when the pod stays
 * (every match unlimited), seconds 0 when it goes at once. As upstream's GetMatchingTolerations, the
 * first toleration matching each taint counts; getMinTolerationTime takes the smallest of them.
 */
export function podTolerance(tolerations: readonly Toleration[], taints: readonly Taint[]): { seconds: number; taint: Taint } | undefined {
  let best: { seconds: number; taint: Taint } | undefined;
  for (const taint of taints) {
    const match = tolerations.find((t) => toleratesTaint(t, taint));
    if (!match) return { seconds: 0, taint };
    if (match.tolerationSeconds === undefined) continue;
    const seconds = Math.max(0, match.tolerationSeconds);
    if (!best || seconds < best.seconds) best = { seconds, taint };
  }
  return best;
}

/** Timestamps are whole seconds: an eviction is matched to its deadline within this slack. */
const STAMP_SLACK_MS = 2000;

/**
 * Per node name, when its first pod is due to be evicted: only nodes with a NoExecute taint and pods
 * that tolerate it for a limited time. Once they are evicted (deleted at their deadline), the
 * countdown stays at 0 while they terminate (until their deletionTimestamp), then is gone. `anchorMs`
 * turns the cluster's timestamps (wall clock) into virtual time; `now` is the virtual time on screen.
 */
export function evictionCountdowns(objects: readonly KubeObject[], anchorMs: number | undefined, now: number): Map<string, EvictionCountdown> {
  const out = new Map<string, EvictionCountdown>();
  if (anchorMs === undefined) return out;
  const virtual = (stamp: string | null | undefined) => (stamp ? Date.parse(stamp) - anchorMs : NaN);
  const tainted = new Map<string, { taints: Taint[]; since: number }>();
  for (const object of objects) {
    if (object.kind !== 'Node') continue;
    const taints = ((object as Node).spec?.taints ?? []).filter((taint) => taint.effect === 'NoExecute');
    const since = Math.min(...taints.map((taint) => virtual(taint.timeAdded)).filter(Number.isFinite));
    if (taints.length && Number.isFinite(since)) tainted.set(object.metadata.name, { taints, since });
  }
  if (tainted.size === 0) return out;
  const evicted = new Map<string, EvictionCountdown>();
  for (const object of objects) {
    if (object.kind !== 'Pod') continue;
    const pod = object as Pod;
    const name = pod.spec?.nodeName;
    const node = name ? tainted.get(name) : undefined;
    if (!node) continue;
    const tolerance = podTolerance(pod.spec.tolerations ?? [], node.taints);
    // Seconds 0: the pod goes at once, so there is nothing to count down.
    if (!tolerance || tolerance.seconds === 0) continue;
    const countdown = { at: node.since + tolerance.seconds * 1000, taint: tolerance.taint.key, seconds: tolerance.seconds };
    let into = out;
    if (pod.metadata.deletionTimestamp) {
      // Deleted at its deadline (deletionTimestamp is the request plus the grace period): evicted, and shown so until it is gone.
      const ends = virtual(pod.metadata.deletionTimestamp);
      const requested = ends - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
      if (!(Math.abs(requested - countdown.at) <= STAMP_SLACK_MS && now < ends)) continue;
      into = evicted;
    }
    const current = into.get(name!);
    if (!current || countdown.at < current.at) into.set(name!, countdown);
  }
  for (const [name, countdown] of evicted) if (!out.has(name)) out.set(name, countdown);
  return out;
}

/** Whole seconds left (rounded up, never below 0) as m:ss. */
export function countdownText(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
