/**
 * Determinism and time travel: the same seed and inputs give the same log hash; seek(n) shows the
 * exact state recorded at frame n; replaying forward from a seek reaches the live state; a change
 * made in the past forks the timeline and equals a fresh run of the same inputs.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/k8s/objects';
import type { Engine } from './api';
import { createDeployment, deployment, engine, scale, setImage } from './testkit';
import { canonicalJson } from './util/objects';

type Step = (e: Engine) => void;

const scenario: Step[] = [
  (e) => createDeployment(e, deployment('web', 'gcr.io/google-samples/kubernetes-bootcamp:v1', 3)),
  (e) => e.advance(20_000),
  (e) => scale(e, 'web', 5),
  (e) => e.advance(15_000),
  (e) => setImage(e, 'web', 'docker.io/jocatalin/kubernetes-bootcamp:v2'),
  (e) => e.advance(10_000),
  (e) => e.failures.powerOff('minikube-m02'),
  (e) => e.advance(90_000),
  (e) => e.failures.powerOn('minikube-m02'),
  (e) => e.advance(30_000),
];

function state(e: Engine): string {
  const objs = e.snapshot({ now: 0, speed: 1, paused: true }).objects;
  return canonicalJson(objs.map((o: KubeObject) => o));
}

function run(): { e: Engine; checkpoints: { frame: number; state: string }[] } {
  const e = engine({ nodes: 3, seed: 7 });
  const checkpoints: { frame: number; state: string }[] = [];
  for (const step of scenario) {
    step(e);
    checkpoints.push({ frame: e.timeline.state().length, state: state(e) });
  }
  return { e, checkpoints };
}

describe('determinism', () => {
  it('gives the same log hash for the same seed and inputs, and a different one for another seed', () => {
    const a = run().e;
    const b = run().e;
    expect(a.logHash()).toBe(b.logHash());
    expect(a.timeline.state().length).toBe(b.timeline.state().length);
    const c = engine({ nodes: 3, seed: 8 });
    for (const step of scenario) step(c);
    expect(c.logHash()).not.toBe(a.logHash());
  });
});

describe('time travel', () => {
  it('seek(n) gives the exact state recorded at frame n, and stepping back and forth moves one frame', () => {
    const { e, checkpoints } = run();
    for (const cp of checkpoints) {
      e.timeline.seek(cp.frame);
      if (cp.frame < e.timeline.state().length || e.timeline.state().viewing === null) expect(state(e)).toBe(cp.state);
    }
    const mid = checkpoints[4]!.frame;
    e.timeline.seek(mid);
    expect(e.timeline.state().viewing).toBe(mid);
    e.timeline.stepBack();
    expect(e.timeline.state().viewing).toBe(mid - 1);
    e.timeline.stepForward();
    expect(state(e)).toBe(checkpoints[4]!.state);
    // The store API shows the past too.
    expect(Number(e.store.currentResourceVersion())).toBe(mid);
  });

  it('replaying forward from a seek reaches the live state', () => {
    const { e, checkpoints } = run();
    const final = checkpoints[checkpoints.length - 1]!;
    const hash = e.logHash();
    e.timeline.seek(checkpoints[2]!.frame);
    for (let i = 0; i < 400 && e.timeline.state().viewing !== null; i++) e.advance(1000);
    expect(e.timeline.state().viewing).toBeNull();
    expect(state(e)).toBe(final.state);
    expect(e.logHash()).toBe(hash);
  });

  it('a change in the past forks the timeline; replaying the same inputs gives the original log', () => {
    const { e, checkpoints } = run();
    const original = e.logHash();
    const originalState = checkpoints[checkpoints.length - 1]!.state;
    const k = 5; // fork right after step 5, then redo steps 6..end
    e.timeline.seek(checkpoints[k]!.frame);
    scenario[k + 1]!(e); // a write while viewing the past: forks at that frame
    expect(e.timeline.state().viewing).toBeNull();
    for (const step of scenario.slice(k + 2)) step(e);
    expect(e.logHash()).toBe(original);
    expect(state(e)).toBe(originalState);
  });

  it('forking with a different change discards the later frames', () => {
    const { e, checkpoints } = run();
    const at = checkpoints[3]!.frame;
    const before = e.timeline.state().length;
    e.timeline.seek(at);
    scale(e, 'web', 1);
    expect(e.timeline.state().length).toBe(at + 1);
    expect(e.timeline.state().length).toBeLessThan(before);
    e.advance(30_000);
    expect(e.store.list('Pod', { namespace: 'default', labelSelector: 'app=web' }).items.filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(1);
  });
});
