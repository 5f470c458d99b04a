/**
 * A recording replays into the same cluster: same log hash, same objects, same timeline length,
 * with advances merged, after forks, exec processes, failures and refused writes; a recording that
 * was tampered with says where it stopped agreeing.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { StatusError } from '../api';
import { USER, createDeployment, deployment, engine, scale, setImage } from '../testkit';
import { inputsUpTo, mergeAdvances, type RecordEvent } from './recording';

const BUDGET = { maxTasks: 20_000, maxFrames: 1_000 };

function busySession() {
  const e = engine({ nodes: 4 });
  const events: RecordEvent[] = [];
  e.onRecord((ev) => events.push(ev));
  createDeployment(e, deployment('web', 'nginx:1.27', 4));
  for (let t = 0; t < 120_000; t += 50) {
    e.advance(50, BUDGET);
    if (t === 20_000) setImage(e, 'web', 'nginx:1.26');
    if (t === 40_000) e.failures.powerOff('minikube-m02');
    if (t === 70_000) scale(e, 'web', 2);
    if (t === 90_000) e.failures.powerOn('minikube-m02');
  }
  // A refused write is an input too: a replay must refuse it again, at the same place.
  expect(() => createDeployment(e, deployment('web', 'nginx:1.27', 1))).toThrow(StatusError);
  e.advance(5_000);
  return { e, events };
}

describe('recordings', () => {
  it('replay into the same log hash, objects and timeline, with the advances merged', () => {
    const { e } = busySession();
    const recording = e.recording()!;
    const merged = mergeAdvances(recording.inputs);
    expect(merged.length).toBeLessThan(recording.inputs.length / 100);
    const copy = engine({ nodes: 1, seed: 7 });
    const report = copy.load({ options: recording.options, inputs: merged });
    expect(report.mismatch).toBeUndefined();
    expect(report.refused).toBe(1);
    expect(copy.logHash()).toBe(e.logHash());
    expect(copy.timeline.state().length).toBe(e.timeline.state().length);
    expect(copy.now()).toBe(e.now());
    const names = (x: typeof e) => x.store.list('Pod', {}).items.map((p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
    expect(names(copy)).toEqual(names(e));
  });

  it('tell every input before the call returns, and say when the record was replaced', () => {
    const { e, events } = busySession();
    const inputs = events.filter((x) => x.t === 'input');
    // The constructor's settling advance ran before the listener: all others were told.
    expect(inputs.length).toBe(e.recording()!.inputs.length - 1);
    e.timeline.seek(Math.floor(e.timeline.state().length / 2));
    scale(e, 'web', 3);
    expect(events.some((x) => x.t === 'replaced' && x.why === 'fork')).toBe(true);
    const last = events[events.length - 1]!;
    expect(last.t === 'input' && last.input.op === 'update').toBe(true);
    // After a fork the recording is the kept prefix plus the new write, and still replays exactly.
    const copy = engine({ nodes: 1 });
    const report = copy.load(e.recording()!);
    expect(report.mismatch).toBeUndefined();
    expect(copy.logHash()).toBe(e.logHash());
    e.recreate(2);
    expect(events[events.length - 1]).toEqual({ t: 'replaced', why: 'recreate' });
    expect(e.recording()!.inputs).toHaveLength(1);
  });

  it('name the first input where a tampered recording stops agreeing', () => {
    const { e } = busySession();
    const recording = e.recording()!;
    const inputs = mergeAdvances(recording.inputs);
    const at = inputs.findIndex((i) => i.op === 'update');
    const tampered = inputs.map((i, n) => (n === at && i.op === 'update' ? { ...i, object: { ...i.object, spec: { ...(i.object.spec as object), replicas: 9 } } } : i));
    const report = engine({ nodes: 1 }).load({ options: recording.options, inputs: tampered as typeof inputs });
    expect(report.mismatch?.index).toBe(at);
    expect(report.hash).not.toBe(e.logHash());
  });

  it('closes a process whose client is gone when a recording is loaded, and records the close', () => {
    const e = engine({ nodes: 1 });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'box' }, spec: { containers: [{ name: 'box', image: 'busybox:1.36', command: ['sleep', '3600'] }] } } as KubeObject;
    e.store.create('Pod', pod, USER);
    e.advance(20_000);
    const session = e.runtime.exec!({ namespace: 'default', pod: 'box', container: 'box', command: ['sh'], tty: false, stdin: true }, { stdout: () => {}, stderr: () => {}, exit: () => {} });
    session.input('echo hi > /tmp/a\n');
    e.advance(1_000);
    const copy = engine({ nodes: 1 });
    copy.load(e.recording()!);
    const after = copy.recording()!.inputs;
    expect(after[after.length - 1]).toMatchObject({ op: 'exec-close', id: 1 });
    // A new process gets a fresh id, not the replayed one's.
    copy.runtime.exec!({ namespace: 'default', pod: 'box', container: 'box', command: ['true'], tty: false, stdin: false }, { stdout: () => {}, stderr: () => {}, exit: () => {} });
    const next = copy.recording()!.inputs.filter((i) => i.op === 'exec');
    expect(next.map((i) => (i.op === 'exec' ? i.id : 0))).toEqual([1, 2]);
  });
});

describe('inputsUpTo', () => {
  it('rebuilds the cluster at a frame exactly as rewinding to it does', () => {
    const { e } = busySession();
    const frame = Math.floor(e.timeline.state().length * 0.6);
    const cut = inputsUpTo(e.recording()!.inputs, frame);
    const copy = engine({ nodes: 1 });
    copy.load({ options: e.recording()!.options, inputs: cut });
    e.timeline.rewind(frame);
    // A clock task that writes several changes is not split: both stop at its end, at or just after the frame.
    expect(copy.timeline.state().length).toBe(e.timeline.state().length);
    expect(copy.timeline.state().length - frame).toBeLessThan(5);
    expect(copy.logHash()).toBe(e.logHash());
  });
});
