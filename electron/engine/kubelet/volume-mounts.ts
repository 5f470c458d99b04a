/**
 * The kubelet's volume manager before a pod's sandbox is created (pkg/kubelet/volumemanager): every
 * volume a container mounts is set up by its plugin first, and a ConfigMap or Secret volume (or a
 * projected source) needs its object, and the keys its `items` list, unless it is optional. Until
 * then the pod stays Pending with its containers waiting in ContainerCreating.
 *
 * A failed SetUp is the event `Warning FailedMount MountVolume.SetUp failed for volume "<vol>" :
 * <error>` (operationexecutor/operation_generator.go GenerateMountVolumeFunc + GenerateError), and
 * the reconciler may retry that volume only after nestedpendingoperations' exponential backoff:
 * 500 ms, doubling, capped at 2m2s (pkg/util/goroutinemap/exponentialbackoff). The pod worker's
 * WaitForAttachAndMount polls every 300 ms for 2m3s; when it times out (1.32 records no event for
 * the timeout: kubelet.go SyncPod skips wait.Interrupted errors) the worker retries the sync after
 * its 10 s back-off, jittered by 0.5 (pod_workers.go). So a ConfigMap created late is picked up at
 * the volume's next retry, which after a few minutes can be two minutes away, as on a real node.
 */
import type { ConfigMap, Pod, Secret, Volume } from '../../../shared/k8s/objects';
import type { ObjectStore } from '../store/store';
import type { Kubelet } from './kubelet';
import type { Sandbox } from './sandbox';

/** exponentialbackoff.initialDurationBeforeRetry and maxDurationBeforeRetry. */
export const MOUNT_RETRY_INITIAL_MS = 500;
export const MOUNT_RETRY_MAX_MS = 2 * 60_000 + 2_000;
/** reconcilerLoopSleepPeriod: a retry runs at the reconciler's next pass after the backoff. */
const RECONCILER_PERIOD_MS = 100;
/** volume_manager.go podAttachAndMountRetryInterval and podAttachAndMountTimeout. */
const POLL_MS = 300;
const WAIT_TIMEOUT_MS = 2 * 60_000 + 3_000;
/** kubelet.go backOffPeriod and pod_workers.go workerBackOffPeriodJitterFactor. */
const WORKER_BACKOFF_MS = 10_000;
const WORKER_BACKOFF_JITTER = 0.5;

interface KeyToPath {
  key: string;
}
interface ObjectSource {
  name?: string;
  secretName?: string;
  items?: KeyToPath[];
  optional?: boolean;
}
interface ProjectedSource {
  configMap?: ObjectSource;
  secret?: ObjectSource;
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several in brackets, duplicates once. */
function aggregate(errors: string[]): string | undefined {
  const unique = [...new Set(errors)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** configmap.MakePayload / the configmap plugin's SetUpAt. */
function configMapError(store: ObjectStore, ns: string, src: ObjectSource): string | undefined {
  const name = src.name ?? '';
  const cm = store.get('ConfigMap', ns, name) as (ConfigMap & { binaryData?: Record<string, string> }) | undefined;
  if (!cm) return src.optional ? undefined : `configmap "${name}" not found`;
  for (const item of src.items ?? []) {
    if (cm.data?.[item.key] !== undefined || cm.binaryData?.[item.key] !== undefined || src.optional) continue;
    return `configmap references non-existent config key: ${item.key}`;
  }
  return undefined;
}

/** secret.MakePayload / the secret plugin's SetUpAt. */
function secretError(store: ObjectStore, ns: string, src: ObjectSource): string | undefined {
  const name = src.secretName ?? src.name ?? '';
  const secret = store.get('Secret', ns, name) as Secret | undefined;
  if (!secret) return src.optional ? undefined : `secret "${name}" not found`;
  for (const item of src.items ?? []) {
    if (secret.data?.[item.key] !== undefined || src.optional) continue;
    return `references non-existent secret key: ${item.key}`;
  }
  return undefined;
}

/** Why SetUp of this volume fails now, in the plugin's words; undefined when it mounts. */
export function volumeSetUpError(store: ObjectStore, pod: Pod, volume: Volume): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  if (volume.configMap) return configMapError(store, ns, volume.configMap);
  if (volume.secret) return secretError(store, ns, volume.secret);
  const projected = volume.projected as { sources?: ProjectedSource[] } | undefined;
  if (projected) {
    // projected.go collectData: every source is tried and the errors aggregated.
    const errors: string[] = [];
    for (const s of projected.sources ?? []) {
      const err = s.configMap ? configMapError(store, ns, s.configMap) : s.secret ? secretError(store, ns, s.secret) : undefined;
      if (err) errors.push(err);
    }
    return aggregate(errors);
  }
  return undefined;
}

/** The volumes some container mounts (util.GetPodVolumeNames): the populator ignores the rest. */
export function expectedVolumes(pod: Pod): Volume[] {
  const mounted = new Set<string>();
  const containers = [...((pod.spec as { initContainers?: Pod['spec']['containers'] }).initContainers ?? []), ...pod.spec.containers];
  for (const c of containers) for (const m of (c.volumeMounts as { name: string }[] | undefined) ?? []) mounted.add(m.name);
  return ((pod.spec.volumes as Volume[] | undefined) ?? []).filter((v) => mounted.has(v.name));
}

/** The event a failed SetUp records (GenerateError's simple message). */
export function failedMountMessage(volume: string, error: string): string {
  return `MountVolume.SetUp failed for volume ${JSON.stringify(volume)} : ${error}`;
}

/**
 * Sets up the pod's volumes, then calls `mounted` when the pod worker sees them all mounted.
 * Nothing runs once the sandbox is gone or terminating.
 */
export function waitForMounts(k: Kubelet, sb: Sandbox, mounted: () => void): void {
  const live = (): boolean => k.sandboxes.get(sb.uid) === sb && !sb.terminating;
  // The common case, decided without a timer: every volume mounts at once.
  const failing = expectedVolumes(sb.pod).filter((v) => volumeSetUpError(k.ctx.store, sb.pod, v) !== undefined);
  if (failing.length === 0) return mounted();
  const pending = new Map<string, { backoffMs: number }>(failing.map((v) => [v.name, { backoffMs: 0 }]));
  let windowStart = k.ctx.clock.now();
  let done = false;

  const finish = (): void => {
    if (done || !live()) return;
    done = true;
    mounted();
  };
  // All volumes are mounted at `now`: WaitForAttachAndMount notices at its next poll, or the next
  // sync does when the last wait already timed out.
  const allMounted = (): void => {
    const now = k.ctx.clock.now();
    const elapsed = now - windowStart;
    if (elapsed > WAIT_TIMEOUT_MS) return; // the next window's first poll finishes
    k.after(Math.ceil(elapsed / POLL_MS) * POLL_MS - elapsed, finish);
  };
  const window = (): void => {
    if (!live() || done) return;
    windowStart = k.ctx.clock.now();
    if (pending.size === 0) return finish();
    k.after(WAIT_TIMEOUT_MS, () => {
      if (!live() || done) return;
      k.after(k.ctx.rng.jitter(WORKER_BACKOFF_MS, WORKER_BACKOFF_JITTER), window);
    });
  };
  const setUp = (volume: Volume): void => {
    if (!live() || done) return;
    const state = pending.get(volume.name)!;
    // The reconciler reads the pod the kubelet knows now (its spec cannot change these fields).
    const error = volumeSetUpError(k.ctx.store, sb.pod, volume);
    if (error === undefined) {
      pending.delete(volume.name);
      if (pending.size === 0) allMounted();
      return;
    }
    k.event(sb, 'Warning', 'FailedMount', failedMountMessage(volume.name, error));
    state.backoffMs = state.backoffMs === 0 ? MOUNT_RETRY_INITIAL_MS : Math.min(state.backoffMs * 2, MOUNT_RETRY_MAX_MS);
    k.after(state.backoffMs + RECONCILER_PERIOD_MS, () => setUp(volume));
  };

  window();
  for (const v of failing) setUp(v);
}
