/**
 * The kubelet's image manager for one container (pkg/kubelet/images/image_manager.go
 * EnsureImageExists): InvalidImageName before anything else, the pull policy (IfNotPresent uses a
 * cached image, Never refuses to pull), the per-image pull backoff (ImagePullBackOff), then the
 * pull itself with upstream's events. Pulls on one node are serialised, as the kubelet's default
 * serializeImagePulls=true does, so "including waiting" counts the queue.
 */
import { isInBackOffSinceUpdate, IMAGE_PULL_BACKOFF, nextBackoff } from './backoff';
import type { PullResult } from './images';
import type { Kubelet } from './kubelet';
import type { ContainerInstance, Sandbox } from './sandbox';

export const PULL_STAGES = {
  /** How long a registry takes to refuse (manifest unknown, access denied, no such host). */
  failMs: 900,
  /** An Always pull of an image already on the node: only the manifest is fetched. */
  refreshMs: 600,
  /** ErrImagePull shows until the next pod sync, then ImagePullBackOff. */
  backoffSyncMs: 1500,
  /**
   * pkg/kubelet/kubelet.go backOffPeriod (10 s), which pod_workers.go uses, jittered by
   * workerBackOffPeriodJitterFactor (0.5), to retry a pod whose sync failed (InvalidImageName,
   * ErrImageNeverPull).
   */
  syncRetryMs: 10_000,
};

export interface PullRequest {
  image: string;
  policy: string;
  resolved: PullResult;
  present: boolean;
  live: () => boolean;
  /** Moves on to the next container of the pod. */
  next: () => void;
  /** Creates and starts the container once its image is there. */
  create: () => void;
  /** Runs this container's start again (the next pod sync). */
  retry: () => void;
}

/**
 * The last pull error per container and image (image_manager.go prevPullErrMsg, keyed there by pod
 * UID and image): since 1.32 the ImagePullBackOff waiting message carries it.
 */
const lastPullError = new WeakMap<ContainerInstance, { image: string; message: string }>();

/** When each node's serial image puller is free again. */
const pullerFreeAt = new WeakMap<Kubelet, number>();
/** Per node, when each image being pulled will be there: a pull queued behind it finds the layers present. */
const pullingUntil = new WeakMap<Kubelet, Map<string, number>>();

/** Go's time.Duration.String after Truncate(time.Millisecond): 830ms, 1.661s, 2.5s, 1m5.2s. */
export function goDuration(ms: number): string {
  const whole = Math.floor(ms);
  if (whole < 1000) return `${whole}ms`;
  const minutes = Math.floor(whole / 60_000);
  const secs = ((whole % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return minutes ? `${minutes}m${secs}s` : `${secs}s`;
}

function waiting(k: Kubelet, sb: Sandbox, c: ContainerInstance, reason: string, message: string): void {
  c.state = 'waiting';
  c.reason = reason;
  c.message = message;
  // kuberuntime_container.go startContainer: `Error: <reason>` after every failed EnsureImageExists.
  k.event(sb, 'Warning', 'Failed', `Error: ${reason}`, c.name);
  k.writeStatus(sb, 'pullFailed', c.name);
}

export function pullImage(k: Kubelet, sb: Sandbox, c: ContainerInstance, r: PullRequest): void {
  const { image, resolved } = r;
  const retryLater = (): void => {
    k.after(k.ctx.rng.jitter(PULL_STAGES.syncRetryMs, 0.5), () => r.live() && r.retry());
    r.next();
  };
  if (!resolved.ok && resolved.reason === 'InvalidImageName') {
    k.event(sb, 'Warning', 'InspectFailed', resolved.message, c.name);
    waiting(k, sb, c, 'InvalidImageName', resolved.message);
    return retryLater();
  }
  if (r.policy === 'Never' && !r.present) {
    const message = `Container image "${image}" is not present with pull policy of Never`;
    k.event(sb, 'Warning', 'ErrImageNeverPull', message, c.name);
    waiting(k, sb, c, 'ErrImageNeverPull', message);
    return retryLater();
  }
  if (r.present && r.policy !== 'Always') {
    k.event(sb, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, c.name);
    return r.create();
  }
  const now = k.ctx.clock.now();
  if (isInBackOffSinceUpdate(IMAGE_PULL_BACKOFF, c.pullBackoff, now)) {
    const message = `Back-off pulling image "${image}"`;
    k.event(sb, 'Normal', 'BackOff', message, c.name);
    const previous = lastPullError.get(c);
    waiting(k, sb, c, 'ImagePullBackOff', previous?.image === image ? `${message}: ${previous.message}` : message);
    k.after(c.pullBackoff!.lastUpdate + c.pullBackoff!.ms - now, () => r.live() && r.retry());
    return r.next();
  }
  lastPullError.delete(c);
  k.event(sb, 'Normal', 'Pulling', `Pulling image "${image}"`, c.name);
  const inFlight = pullingUntil.get(k) ?? pullingUntil.set(k, new Map()).get(k)!;
  const layersComing = resolved.ok && (inFlight.get(resolved.ref.canonical) ?? -1) > now;
  const pullMs = resolved.ok ? k.ctx.rng.jitter(r.present || layersComing ? PULL_STAGES.refreshMs : resolved.profile.pullMs, 0.4) : (resolved.failMs ?? k.ctx.rng.jitter(PULL_STAGES.failMs, 0.3));
  const start = Math.max(now, pullerFreeAt.get(k) ?? 0);
  const done = start + pullMs;
  pullerFreeAt.set(k, done);
  if (resolved.ok) inFlight.set(resolved.ref.canonical, done);
  k.after(done - now, () => {
    if (!r.live()) return;
    if (!resolved.ok) {
      k.event(sb, 'Warning', 'Failed', `Failed to pull image "${image}": ${resolved.message}`, c.name);
      c.pullBackoff = nextBackoff(c.pullBackoff, k.ctx.clock.now());
      // evalCRIPullErr's fallback: the error is ErrImagePull, the message the runtime's.
      lastPullError.set(c, { image, message: `ErrImagePull: ${resolved.message}` });
      waiting(k, sb, c, 'ErrImagePull', resolved.message);
      k.after(PULL_STAGES.backoffSyncMs, () => r.live() && r.retry());
      return r.next();
    }
    k.images.add(resolved.ref.canonical);
    c.pullBackoff = undefined;
    k.event(sb, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${goDuration(pullMs)} (${goDuration(done - now)} including waiting). Image size: ${resolved.profile.sizeBytes} bytes.`, c.name);
    r.create();
  });
}
