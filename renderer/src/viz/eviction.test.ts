import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod, Toleration } from '../../../shared/k8s/objects';
import { node, pod } from '../testing/fixtures';
import { countdownText, evictionCountdowns, podTolerance, toleratesTaint } from './eviction';

const ANCHOR = Date.parse('2026-01-01T00:00:00Z');
const UNREACHABLE = 'node.kubernetes.io/unreachable';
/** What admission (DefaultTolerationSeconds) adds to every pod. */
const DEFAULTS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];
const tainted = (name: string, addedAt: string) =>
  node(name, { ready: 'Unknown', taints: [{ key: UNREACHABLE, effect: 'NoSchedule', timeAdded: addedAt }, { key: UNREACHABLE, effect: 'NoExecute', timeAdded: addedAt }] });
const withTolerations = (p: Pod, tolerations: Toleration[]): Pod => ({ ...p, spec: { ...p.spec, tolerations } });

describe('eviction countdown', () => {
  it('matches tolerations as Toleration.ToleratesTaint does', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoExecute' as const };
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'k', value: 'v' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'k', operator: 'Equal', value: 'w' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'other', operator: 'Exists' }, taint)).toBe(false);
  });

  it('takes the first matching toleration per taint and the smallest of their seconds', () => {
    const taints = [{ key: 'a', effect: 'NoExecute' as const }, { key: 'b', effect: 'NoExecute' as const }];
    expect(podTolerance([{ key: 'a', operator: 'Exists', tolerationSeconds: 60 }, { key: 'b', operator: 'Exists', tolerationSeconds: 30 }], taints)).toEqual({ seconds: 30, taint: taints[1] });
    // Unlimited for every taint: never evicted.
    expect(podTolerance([{ operator: 'Exists' }], taints)).toBeUndefined();
    // One taint not tolerated: evicted at once.
    expect(podTolerance([{ key: 'a', operator: 'Exists', tolerationSeconds: 60 }], taints)?.seconds).toBe(0);
  });

  it('counts from the taint’s timeAdded to the first pod’s deadline, ignoring pods that stay or are already going', () => {
    const objects: KubeObject[] = [
      tainted('m02', '2026-01-01T00:01:40Z'),
      node('m03'),
      withTolerations(pod('web-1', { node: 'm02' }), DEFAULTS),
      withTolerations(pod('short', { node: 'm02' }), [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 120 }]),
      // A DaemonSet's pod tolerates the taint for ever; it is never counted.
      withTolerations(pod('kube-proxy', { node: 'm02' }), [{ operator: 'Exists' }]),
      withTolerations(pod('web-2', { node: 'm03' }), DEFAULTS),
    ];
    const countdowns = evictionCountdowns(objects, ANCHOR, 150_000);
    expect([...countdowns.keys()]).toEqual(['m02']);
    expect(countdowns.get('m02')).toEqual({ at: 100_000 + 120_000, taint: UNREACHABLE, seconds: 120 });

    // Once the shorter pod is being deleted (by a user, at 130 s), the 300 s default decides.
    const going = objects.map((o) => (o.metadata.name === 'short' ? { ...o, metadata: { ...o.metadata, deletionTimestamp: '2026-01-01T00:02:40Z', deletionGracePeriodSeconds: 30 } } : o));
    expect(evictionCountdowns(going, ANCHOR, 150_000).get('m02')).toEqual({ at: 400_000, taint: UNREACHABLE, seconds: 300 });
    // Every tolerating pod evicted: the countdown is gone.
    expect(evictionCountdowns(going.filter((o) => !o.metadata.name.startsWith('web-1')), ANCHOR, 150_000).size).toBe(0);
  });

  it('stays at 0 while the evicted pods terminate, then is gone; a pod deleted for another reason is not counted', () => {
    const evicted = (p: Pod, requestedAt: number): Pod => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date(ANCHOR + requestedAt + 30_000).toISOString(), deletionGracePeriodSeconds: 30 } });
    const web = withTolerations(pod('web-1', { node: 'm02' }), DEFAULTS);
    const objects = (p: Pod) => [tainted('m02', '2026-01-01T00:01:40Z'), p];
    // Taint at 100 s, 300 s toleration: evicted at 400 s (its timestamps are whole seconds).
    expect(evictionCountdowns(objects(evicted(web, 400_400)), ANCHOR, 410_000).get('m02')?.at).toBe(400_000);
    expect(evictionCountdowns(objects(evicted(web, 400_400)), ANCHOR, 431_000).size).toBe(0);
    // Deleted by a user long before its deadline: no countdown.
    expect(evictionCountdowns(objects(evicted(web, 200_000)), ANCHOR, 210_000).size).toBe(0);
    // A pod still waiting wins over one already evicted.
    const later = withTolerations(pod('slow', { node: 'm02' }), [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 600 }]);
    expect(evictionCountdowns([...objects(evicted(web, 400_400)), later], ANCHOR, 410_000).get('m02')).toEqual({ at: 700_000, taint: UNREACHABLE, seconds: 600 });
  });

  it('shows nothing without the clock’s anchor or a NoExecute taint', () => {
    const objects = [tainted('m02', '2026-01-01T00:00:10Z'), withTolerations(pod('a', { node: 'm02' }), DEFAULTS)];
    expect(evictionCountdowns(objects, undefined, 0).size).toBe(0);
    expect(evictionCountdowns([node('m02', { taints: [{ key: 'x', effect: 'NoSchedule' }] }), objects[1]!], ANCHOR, 0).size).toBe(0);
  });

  it('formats whole seconds left, rounding up and stopping at 0', () => {
    expect(countdownText(252_000)).toBe('4:12');
    expect(countdownText(251_001)).toBe('4:12');
    expect(countdownText(300)).toBe('0:01');
    expect(countdownText(-5000)).toBe('0:00');
  });
});
