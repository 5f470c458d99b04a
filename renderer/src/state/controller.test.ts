// Time travel through the controller: stepping back shows the earlier frame exactly, stepping forward
// returns to live, and a change from the past asks before forking.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { clock, committed, node, pod } from '../testing/fixtures';
import { createFakeClient } from '../testing/fake-client';
import { ClusterState } from './cluster.svelte';
import { Controller, SPEEDS, speedChoices } from './controller.svelte';

const withRv = (o: KubeObject, rv: number): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(rv) } });
const names = (objects: readonly KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();

function setup() {
  const base = [withRv(node('n1'), 1)];
  const fake = createFakeClient({ frame: 1, clock, objects: base });
  const cluster = new ClusterState();
  cluster.applySnapshot({ frame: 1, clock, objects: base });
  cluster.applyDelta({ frame: 2, clock, changes: [committed('ADDED', withRv(pod('a'), 2))] });
  cluster.applyDelta({ frame: 3, clock, changes: [committed('MODIFIED', withRv(pod('a', { node: 'n1', phase: 'Creating' }), 3))] });
  cluster.applyDelta({ frame: 4, clock, changes: [committed('MODIFIED', withRv(pod('a', { node: 'n1', phase: 'Ready' }), 4))] });
  return { fake, cluster, controller: new Controller(fake.client, cluster) };
}

describe('controller time travel', () => {
  it('steps back frame by frame to the exact earlier state, and forward to live', async () => {
    const { cluster, controller, fake } = setup();
    const live = names(cluster.shown);
    await controller.stepBack();
    expect(cluster.viewing).toBe(3);
    expect(names(cluster.shown)).toEqual(['Node/n1@1', 'Pod/a@3']);
    await controller.stepBack();
    expect(names(cluster.shown)).toEqual(['Node/n1@1', 'Pod/a@2']);
    expect(fake.calls.filter((c) => c.method === 'timeline.seek').map((c) => c.arg)).toEqual([{ frame: 3 }, { frame: 2 }]);
    await controller.stepForward();
    await controller.stepForward();
    expect(cluster.viewing).toBeNull();
    expect(names(cluster.shown)).toEqual(live);
  });

  it('Live returns to the newest frame and resumes a paused clock', async () => {
    const { cluster, controller, fake } = setup();
    await controller.seek(2);
    expect(cluster.clock.paused).toBe(true);
    await controller.jumpToLive();
    expect(cluster.viewing).toBeNull();
    expect(cluster.clock.paused).toBe(false);
    expect(fake.calls.map((c) => c.method).filter((m) => m === 'timeline.live' || m === 'clock.play')).toEqual(['timeline.live', 'clock.play']);
    // Already live and running: nothing more to do.
    await controller.jumpToLive();
    expect(fake.calls.filter((c) => c.method === 'clock.play')).toHaveLength(1);
    // Live but paused (the pause button, `minikube stop`): Live resumes.
    await controller.togglePlay();
    expect(cluster.clock.paused).toBe(true);
    await controller.jumpToLive();
    expect(cluster.clock.paused).toBe(false);
  });

  it('asks before a change from the past, and forks only when the user agrees', async () => {
    const { cluster, controller, fake } = setup();
    await controller.seek(2);
    const declined = controller.inject('n1', 'powerOff');
    await Promise.resolve();
    expect(controller.forkPrompt?.frame).toBe(2);
    controller.forkPrompt!.answer(false);
    expect(await declined).toBe(false);
    expect(fake.calls.some((c) => c.method === 'failures.inject')).toBe(false);

    const agreed = controller.inject('n1', 'powerOff');
    await Promise.resolve();
    controller.forkPrompt!.answer(true);
    expect(await agreed).toBe(true);
    expect(cluster.viewing).toBeNull();
    expect(cluster.history.liveFrame).toBe(2);
    expect(fake.calls.find((c) => c.method === 'failures.inject')?.arg).toEqual({ node: 'n1', action: 'powerOff' });
  });
});

describe('controller and frames before the page opened', () => {
  it('fills its cache from the engine timeline once, then seeks there like anywhere else', async () => {
    const { fake, cluster, controller } = setup();
    const lifecycle = { actor: 'controller' as const, name: 'node-lifecycle-controller' };
    // A page opened at frame 20, with a node failure recorded before it.
    cluster.applySnapshot({ frame: 20, clock, objects: [withRv(node('n1'), 20)] });
    cluster.applyBackfill([
      { frame: 5, time: 500, type: 'MODIFIED', kind: 'Node', name: 'n1', cause: lifecycle, summary: { kind: 'node', readyBefore: 'True', ready: 'Unknown', taintsAdded: [], taintsRemoved: [], unschedulable: false, unschedulableBefore: false } },
      { frame: 9, time: 900, type: 'MODIFIED', kind: 'Node', name: 'n1', cause: lifecycle, summary: { kind: 'node', readyBefore: 'Unknown', ready: 'Unknown', taintsAdded: [{ key: 'k', effect: 'NoExecute' }], taintsRemoved: [], unschedulable: false, unschedulableBefore: false } },
    ]);
    const past = [withRv(node('n1', { ready: 'Unknown' }), 5), withRv(pod('old', { node: 'n1' }), 4)];
    const changes = [committed('MODIFIED', withRv(node('n1', { ready: 'Unknown', taints: [{ key: 'k', effect: 'NoExecute' }] }), 9), 9, 900, lifecycle), committed('MODIFIED', withRv(node('n1'), 20), 20, 2000, lifecycle)];
    const windows: unknown[] = [];
    (fake.client.timeline as unknown as { window: (a: unknown) => Promise<unknown> }).window = (a) => {
      windows.push(a);
      return Promise.resolve({ from: 5, time: 500, objects: past, changes });
    };
    await controller.seek(5);
    expect(windows).toEqual([{ from: 4, count: 16 }]);
    expect(fake.calls.filter((c) => c.method === 'timeline.seek').at(-1)?.arg).toEqual({ frame: 5 });
    expect(cluster.viewing).toBe(5);
    expect(names(cluster.shown)).toEqual(['Node/n1@5', 'Pod/old@4']);
    expect(cluster.shownTime).toBe(500);
    // Cached now: no more windows, and the frame is drawn from the cache with its recorded time.
    await controller.seek(9);
    expect(names(cluster.shown)).toEqual(['Node/n1@9', 'Pod/old@4']);
    expect(cluster.shownTime).toBe(900);
    await controller.stepBack();
    expect(cluster.viewing).toBe(5);
    expect(windows).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'timeline.seek').map((c) => c.arg)).toEqual([{ frame: 5 }, { frame: 9 }, { frame: 5 }]);
    // Nothing older than the first frame listed.
    await controller.seek(1);
    expect(cluster.viewing).toBe(5);
    expect(windows).toHaveLength(1);
  });
});

describe('speedChoices', () => {
  it('lists the usual speeds, plus the actual one when the clock runs at another (so the select is never blank)', () => {
    expect(speedChoices(1)).toEqual([...SPEEDS]);
    expect(speedChoices(20)).toEqual([0.25, 0.5, 1, 2, 5, 10, 20, 25, 50]);
    expect(speedChoices(0)).toEqual([...SPEEDS]);
  });
});
