import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Cause, ObjectChange } from '../../../shared/sim/snapshot';
import { clock, pod } from '../testing/fixtures';
import { History } from './history';

const names = (objects: KubeObject[]) => objects.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion ?? ''}`).sort();
const withRv = (object: KubeObject, rv: number): KubeObject => ({ ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } });
const kubelet: Cause = { actor: 'kubelet', name: 'kubelet' };
/** A change as the engine commits it: its own frame, time and cause. */
const at = (frame: number, type: ObjectChange['type'], object: KubeObject, cause: Cause = kubelet): ObjectChange => ({ type, object, frame, time: frame * 100, cause });

/** Frames 1..count of a history: pods added, modified and deleted, and the truth after each frame. */
function recorded(count: number): { changes: ObjectChange[]; truth: Map<number, string[]> } {
  const state = new Map<string, KubeObject>();
  const changes: ObjectChange[] = [];
  const truth = new Map<number, string[]>([[0, []]]);
  for (let frame = 1; frame <= count; frame++) {
    const name = `p${(frame * 7) % 37}`;
    const old = state.get(name);
    if (old && frame % 3 === 0) {
      changes.push(at(frame, 'DELETED', old));
      state.delete(name);
    } else {
      const object = withRv(pod(name, { node: 'n1' }), frame);
      changes.push(at(frame, old ? 'MODIFIED' : 'ADDED', object));
      state.set(name, object);
    }
    truth.set(frame, names([...state.values()]));
  }
  return { changes, truth };
}

describe('history', () => {
  it('rebuilds the cluster exactly at every frame, across kept states', () => {
    const history = new History();
    history.reset({ frame: 0, clock, objects: [] });
    const { changes, truth } = recorded(600);
    for (let i = 0; i < changes.length; i += 5) history.append({ frame: changes[i + 4]!.frame, clock, changes: changes.slice(i, i + 5) });
    expect(history.records.length).toBe(600);
    for (const [frame, state] of truth) expect(names(history.objectsAt(frame)), `frame ${frame}`).toEqual(state);
    expect(history.timeAt(600)).toBe(60_000);
    expect(history.recordAt(600)?.frame).toBe(600);
  });

  it('takes each change with the frame, time and cause the engine committed it with', () => {
    const history = new History();
    history.reset({ frame: 10, clock, objects: [] });
    const a1 = withRv(pod('a'), 11);
    const a2 = withRv(pod('a', { node: 'n' }), 14);
    const scheduler: Cause = { actor: 'scheduler', name: 'default-scheduler', by: { frame: 11 } };
    const added = history.append({ frame: 14, clock, changes: [at(11, 'ADDED', a1), at(14, 'MODIFIED', a2, scheduler)] });
    expect(added.map((r) => [r.frame, r.time, r.cause])).toEqual([
      [11, 1100, kubelet],
      [14, 1400, scheduler],
    ]);
    expect(added[1]!.prev).toBe(a1);
    expect(names(history.objectsAt(13))).toEqual(['a@11']);
    expect(names(history.objectsAt(10))).toEqual([]);
    // A change the cache already holds (a seek's diff names recorded frames) is not recorded twice.
    expect(history.append({ frame: 14, clock, changes: [at(14, 'MODIFIED', a2)] })).toEqual([]);
  });

  it('is filled back from a window of the engine timeline, exactly as if it had seen those frames', () => {
    const { changes, truth } = recorded(900);
    const history = new History();
    const stateAt = (frame: number) => {
      const filled = new History();
      filled.reset({ frame: 0, clock, objects: [] });
      filled.append({ frame, clock, changes: changes.slice(0, frame) });
      return filled.objectsAt(frame);
    };
    // The page opened at frame 700, then saw 200 more frames.
    history.reset({ frame: 700, clock: { ...clock, now: 70_000 }, objects: stateAt(700) });
    history.append({ frame: 900, clock, changes: changes.slice(700) });
    expect(history.covers(300)).toBe(false);
    // A window that stops short of the base cannot be joined.
    expect(history.prepend({ from: 300, time: 30_000, objects: stateAt(300), changes: changes.slice(300, 650) })).toBe(false);
    // One that reaches past it is joined; what it has after the base is already cached.
    expect(history.prepend({ from: 300, time: 30_000, objects: stateAt(300), changes: changes.slice(300, 720) })).toBe(true);
    expect([history.baseFrame, history.baseTime, history.records.length, history.covers(300)]).toEqual([300, 30_000, 600, true]);
    for (const [frame, state] of truth) if (frame >= 300) expect(names(history.objectsAt(frame)), `frame ${frame}`).toEqual(state);
    expect(history.recordAt(301)).toMatchObject({ frame: 301, time: 30_100, cause: kubelet });
    // Later frames keep arriving at the end.
    const next = at(901, 'ADDED', withRv(pod('late'), 901));
    history.append({ frame: 901, clock, changes: [next] });
    expect(names(history.objectsAt(901))).toContain('late@901');
  });

  it('forgets the future after a fork', () => {
    const history = new History();
    history.reset({ frame: 0, clock, objects: [] });
    for (let i = 1; i <= 300; i++) history.append({ frame: i, clock, changes: [at(i, 'ADDED', withRv(pod(`p${i}`), i))] });
    history.truncateAfter(100);
    expect(history.liveFrame).toBe(100);
    history.append({ frame: 101, clock, changes: [at(101, 'ADDED', withRv(pod('fork'), 101))] });
    expect(history.objectsAt(101)).toHaveLength(101);
    expect(history.objectsAt(101).some((o) => o.metadata.name === 'p150')).toBe(false);
  });
});
