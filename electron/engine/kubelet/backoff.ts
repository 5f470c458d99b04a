/**
 * The kubelet's two exponential backoffs, as client-go's flowcontrol.Backoff computes them
 * (util/flowcontrol/backoff.go): one for restarting crashed containers (CrashLoopBackOff) and one
 * for pulling images (ImagePullBackOff). Pure functions over a small entry, so the container
 * instance can keep its own state and tests can check the formula directly.
 */

/** flowcontrol's backoffEntry: the current delay and when Next last moved it. */
export interface BackoffEntry {
  ms: number;
  lastUpdate: number;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Whether an entry last updated at `lastUpdate` is stale for an event at `eventTime` (start over). */
  hasExpired(eventTime: number, lastUpdate: number): boolean;
}

/**
 * pkg/kubelet/kubelet.go: `flowcontrol.NewBackOff(containerBackOffPeriod, MaxContainerBackOff)`
 * (10 s and 300 s) with `HasExpiredFunc: eventTime.Sub(lastUpdate) > 600*time.Second`: the
 * backoff starts over when the container finished more than 10 minutes after its last restart,
 * i.e. it ran for 10 minutes without crashing.
 */
export const CRASH_LOOP_BACKOFF: BackoffPolicy = {
  initialMs: 10_000,
  maxMs: 300_000,
  hasExpired: (eventTime, lastUpdate) => eventTime - lastUpdate > 600_000,
};

/**
 * pkg/kubelet/kubelet.go: the image puller's `flowcontrol.NewBackOff(backOffPeriod,
 * MaxContainerBackOff)` (10 s and 300 s) with backoff.go's default expiry,
 * `eventTime.Sub(lastUpdate) > maxDuration*2`.
 */
export const IMAGE_PULL_BACKOFF: BackoffPolicy = {
  initialMs: 10_000,
  maxMs: 300_000,
  hasExpired: (eventTime, lastUpdate) => eventTime - lastUpdate > 2 * 300_000,
};

/**
 * Backoff.Next(id, eventTime): a fresh entry at the initial delay when there is none or it
 * expired, else the delay doubled up to the maximum; lastUpdate is the clock's now (not the event
 * time). The kubelet's backoffs have no jitter (NewBackOff passes maxJitterFactor 0).
 */
export function backoffNext(policy: BackoffPolicy, entry: BackoffEntry | undefined, eventTime: number, now: number): BackoffEntry {
  if (!entry || policy.hasExpired(eventTime, entry.lastUpdate)) return { ms: policy.initialMs, lastUpdate: now };
  return { ms: Math.min(entry.ms * 2, policy.maxMs), lastUpdate: now };
}

/** Backoff.IsInBackOffSince(id, eventTime): `Clock.Since(eventTime) < entry.backoff`, unless expired. */
export function isInBackOffSince(policy: BackoffPolicy, entry: BackoffEntry | undefined, eventTime: number, now: number): boolean {
  if (!entry || policy.hasExpired(eventTime, entry.lastUpdate)) return false;
  return now - eventTime < entry.ms;
}

/** Backoff.IsInBackOffSinceUpdate(id, eventTime): `eventTime.Sub(lastUpdate) < entry.backoff`, unless expired. */
export function isInBackOffSinceUpdate(policy: BackoffPolicy, entry: BackoffEntry | undefined, eventTime: number): boolean {
  if (!entry || policy.hasExpired(eventTime, entry.lastUpdate)) return false;
  return eventTime - entry.lastUpdate < entry.ms;
}

/** The image puller's Next at `now` (both the event time and the clock). */
export function nextBackoff(entry: BackoffEntry | undefined, now: number): BackoffEntry {
  return backoffNext(IMAGE_PULL_BACKOFF, entry, now, now);
}

/** Go's time.Duration.String for the whole-second delays the backoff produces: 10s, 1m20s, 5m0s. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}h` : ''}${m}m${s % 60}s`;
}
