/**
 * The kubelet's pod status writes say which stage wrote them (admitted, started, ready, exited,
 * restarting, pullFailed, killing, terminated, resynced), on which node and for which container,
 * and a start that is a restart carries its restart count. Its heartbeats say so too.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../shared/k8s/objects';
import { engine, get, isReady, until, USER } from '../testkit';
import { recordChanges, withoutReason, withReason, type SeenChange } from '../testkit-causes';

function pod(name: string, image: string, extra: Partial<Pod['spec']['containers'][0]> = {}, spec: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image, ...extra }], ...spec }, status: {} } as Pod;
}

/** The stages the kubelet wrote for pod `name`, as `stage` or `stage/container`, repeats collapsed. */
function stages(seen: SeenChange[], name: string): string[] {
  const out: string[] = [];
  for (const s of withReason(seen, 'KubeletStage')) {
    if (s.name !== name) continue;
    const r = s.reason;
    const label = `${r.stage}${r.container ? `/${r.container}` : ''}${r.restartCount ? ` #${r.restartCount}` : ''}`;
    if (out[out.length - 1] !== label) out.push(label);
  }
  return out;
}

describe('kubelet stage reasons', () => {
  it('a pod with a readiness probe: admitted, started, ready; deleted: exited, terminated', () => {
    const e = engine({ nodes: 1 });
    const seen = recordChanges(e);
    e.store.create('Pod', pod('web', 'nginx:1.27', { ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }), USER);
    until(e, () => isReady(get<Pod>(e, 'Pod', 'default', 'web')!));
    expect(stages(seen, 'web')).toEqual(['admitted', 'started/app', 'ready/app']);
    const started = withReason(seen, 'KubeletStage').find((s) => s.reason.stage === 'started')!;
    expect(started.cause).toMatchObject({ actor: 'kubelet', name: 'kubelet/minikube' });
    expect(started.reason).toEqual({ code: 'KubeletStage', node: 'minikube', stage: 'started', container: 'app' });
    expect((started.object as Pod).status.containerStatuses![0]!.state!.running).toBeDefined();

    const mark = seen.length;
    e.store.delete('Pod', 'default', 'web', USER);
    until(e, () => !get<Pod>(e, 'Pod', 'default', 'web'), 60_000);
    expect(stages(seen.slice(mark), 'web')).toEqual(['exited', 'terminated']);
    const last = seen.filter((s) => s.name === 'web').at(-1)!;
    expect(last.type).toBe('DELETED');
    expect(last.cause.reason).toEqual({ code: 'KubeletStage', node: 'minikube', stage: 'terminated' });
    expect(withoutReason(seen)).toEqual([]);
  });

  it('a killed container: exited, then started again with restart count 1', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('web', 'nginx:1.27'), USER);
    until(e, () => isReady(get<Pod>(e, 'Pod', 'default', 'web')!));
    const seen = recordChanges(e);
    expect(e.failures.killContainer('default', 'web')).toBe(true);
    until(e, () => (get<Pod>(e, 'Pod', 'default', 'web')!.status.containerStatuses?.[0]?.restartCount ?? 0) === 1 && isReady(get<Pod>(e, 'Pod', 'default', 'web')!));
    expect(stages(seen, 'web')).toEqual(['exited/app', 'started/app #1']);
    const restarted = withReason(seen, 'KubeletStage').find((s) => s.reason.stage === 'started')!;
    expect(restarted.reason).toEqual({ code: 'KubeletStage', node: 'minikube', stage: 'started', container: 'app', restartCount: 1 });
  });

  it('a crashing container: exited, restarted, then restarting while in CrashLoopBackOff', () => {
    const e = engine({ nodes: 1 });
    const seen = recordChanges(e);
    e.store.create('Pod', pod('crash', 'docker.io/kubelab/crashloop:1.0'), USER);
    until(e, () => get<Pod>(e, 'Pod', 'default', 'crash')!.status.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff', 120_000, 100);
    expect(stages(seen, 'crash')).toEqual(['admitted', 'started/app', 'exited/app', 'started/app #1', 'exited/app', 'restarting/app']);
    const waiting = withReason(seen, 'KubeletStage').find((s) => s.reason.stage === 'restarting')!;
    expect((waiting.object as Pod).status.containerStatuses![0]!.state!.waiting!.reason).toBe('CrashLoopBackOff');
  });

  it('an image that cannot be pulled: pullFailed', () => {
    const e = engine({ nodes: 1 });
    const seen = recordChanges(e);
    e.store.create('Pod', pod('bad', 'nginx:no-such-tag-zzz'), USER);
    e.advance(10_000);
    const failed = withReason(seen, 'KubeletStage').filter((s) => s.name === 'bad' && s.reason.stage === 'pullFailed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.map((s) => (s.object as Pod).status.containerStatuses![0]!.state!.waiting!.reason)).toContain('ErrImagePull');
    expect(stages(seen, 'bad').slice(0, 2)).toEqual(['admitted', 'pullFailed/app']);
  });

  it('after a partition heals the status manager rewrites the status (resynced); heartbeats carry their reason', () => {
    const e = engine({ nodes: 2 });
    e.store.create('Pod', pod('web', 'nginx:1.27', {}, { nodeSelector: { 'kubernetes.io/hostname': 'minikube-m02' } }), USER);
    until(e, () => isReady(get<Pod>(e, 'Pod', 'default', 'web')!));
    const seen = recordChanges(e, { leases: true });
    e.failures.partition('minikube-m02');
    until(e, () => !isReady(get<Pod>(e, 'Pod', 'default', 'web')!), 120_000, 1000);
    // While cut off the kubelet writes nothing: the control plane marked the pod not ready.
    expect(seen.filter((s) => s.cause.name === 'kubelet/minikube-m02')).toEqual([]);
    e.failures.heal('minikube-m02');
    until(e, () => isReady(get<Pod>(e, 'Pod', 'default', 'web')!), 30_000, 1000);
    const resynced = withReason(seen, 'KubeletStage').filter((s) => s.name === 'web');
    expect(resynced.map((s) => s.reason)).toEqual([{ code: 'KubeletStage', node: 'minikube-m02', stage: 'resynced' }]);
    e.advance(15_000);
    const beats = withReason(seen, 'KubeletHeartbeat').filter((s) => s.reason.node === 'minikube-m02');
    expect(new Set(beats.map((s) => `${s.kind}:${s.reason.via}`))).toEqual(new Set(['Node:nodeStatus', 'Lease:lease']));
  });
});
