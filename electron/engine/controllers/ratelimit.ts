/**
 * client-go's DefaultControllerRateLimiter on the virtual clock: how long a failed work item waits
 * before its retry. Upstream (client-go util/workqueue/default_rate_limiters.go):
 *
 *   NewMaxOfRateLimiter(
 *     NewItemExponentialFailureRateLimiter(5*time.Millisecond, 1000*time.Second),
 *     // 10 qps, 100 bucket size. This is only for retry speed and its only the overall factor (not per item)
 *     &BucketRateLimiter{Limiter: rate.NewLimiter(rate.Limit(10), 100)})
 *
 * The per-item part stops one broken object from retrying in a hot loop; the token bucket bounds
 * the retries of all items together (many broken objects cannot add up to a storm).
 */

export const BASE_DELAY_MS = 5;
export const MAX_DELAY_MS = 1000 * 1000;
export const BUCKET_QPS = 10;
export const BUCKET_BURST = 100;

export class ControllerRateLimiter {
  private failures = new Map<string, number>();
  private tokens = BUCKET_BURST;
  private last = 0;

  constructor(private now: () => number) {
    this.last = now();
  }

  /** The delay for the next retry of `key` (MaxOfRateLimiter.When: the larger of the two). */
  when(key: string): number {
    // ItemExponentialFailureRateLimiter.When: base * 2^failures, failures counted after.
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    const item = Math.min(BASE_DELAY_MS * 2 ** exp, MAX_DELAY_MS);
    return Math.max(item, this.reserve());
  }

  /** Forget: the item succeeded (or was dropped); its next failure starts from the base delay. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** rate.Limiter.Reserve().Delay(): take one token, waiting for it when the bucket is empty. */
  private reserve(): number {
    const now = this.now();
    this.tokens = Math.min(BUCKET_BURST, this.tokens + ((now - this.last) * BUCKET_QPS) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / BUCKET_QPS);
  }
}
