/**
 * Pure helpers of the Job controller: conditions, the completedIndexes text ("0-2,4") and the pod
 * failure backoff (pkg/controller/job/backoff_utils.go: DefaultJobPodFailureBackOff 10 s, doubled
 * per failure after the last success, capped at MaxJobPodFailureBackOff 6 min).
 */
import type { Job } from '../../../../shared/k8s/objects';

type JobCondition = NonNullable<Job['status']['conditions']>[number];

export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 360_000;

export function jobCondition(status: Job['status'], type: string): JobCondition | undefined {
  return status.conditions?.find((c) => c.type === type && c.status === 'True');
}

export function withCondition(status: Job['status'], c: JobCondition): void {
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
}

/** The delay before the next pod after `failures` failures (0 when none). */
export function podFailureBackoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(MAX_POD_FAILURE_BACKOFF_MS, POD_FAILURE_BACKOFF_MS * 2 ** (failures - 1));
}

/** How long until a replacement pod may be made, counted from the newest failure. */
export function backoffRemainingMs(failures: number, lastFailure: number, now: number): number {
  if (failures <= 0 || !Number.isFinite(lastFailure)) return 0;
  return Math.max(0, lastFailure + podFailureBackoffMs(failures) - now);
}

export function parseIndexes(text: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-').map(Number);
    for (let i = a!; i <= (b ?? a!); i++) out.add(i);
  }
  return out;
}

/** succeededIndexes.String(): sorted, consecutive runs as ranges. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
