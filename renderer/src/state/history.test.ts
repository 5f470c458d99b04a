import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { clock, node, pod } from '../testing/fixtures';
import { History } from './history';

const names = (objects: KubeObject[]) => objects.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion ?? ''}`).sort();
const withRv = (object: KubeObject, rv: number): KubeObject => ({ ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } });

describe('history', () => {
  it('rebuilds the cluster exactly at every frame, across checkpoints', () => {
    const history = new History();
    history.reset({ frame: 5, clock, objects: [withRv(node('n1'), 1)] });
    // The expected state after each frame, built independently by replaying a plain map.
    const expected = new Map<number, string[]>();
    const truth = new Map<string, KubeObject>([['n1', withRv(node('n1'), 1)]]);
    expected.set(5, names([...truth.values()]));
    let frame = 5;
    for (let batch = 0; batch < 120; batch++) {
      const changes = [0, 1, 2, 3, 4].map((i) => {
        const name = `p${(batch * 3 + i) % 37}`;
        const rv = batch * 10 + i;
        let change: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject };
        if (truth.has(name) && i % 2 === 1) {
          change = { type: 'DELETED', object: truth.get(name)! };
          truth.delete(name);
        } else {
          change = { type: truth.has(name) ? 'MODIFIED' : 'ADDED', object: withRv(pod(name, { node: 'n1' }), rv) };
          truth.set(name, change.object);
        }
        // Each change is its own frame: remember the truth right after it.
        expected.set(frame + i + 1, names([...truth.values()]));
        return change;
      });
      frame += changes.length;
      history.append({ frame, clock: { ...clock, now: batch * 100 }, changes });
    }
    expect(history.records.length).toBe(600);
    for (const [at, state] of expected) expect(names(history.objectsAt(at)), `frame ${at}`).toEqual(state);
    expect(history.timeAt(frame)).toBe(11900);
    expect(history.recordAt(frame)?.frame).toBe(frame);
  });

  it('numbers changes inside a batch and keeps the object before each change', () => {
    const history = new History();
    history.reset({ frame: 10, clock, objects: [] });
    const a1 = withRv(pod('a'), 1);
    const a2 = withRv(pod('a', { node: 'n' }), 2);
    const added = history.append({ frame: 12, clock, changes: [{ type: 'ADDED', object: a1 }, { type: 'MODIFIED', object: a2 }] });
    expect(added.map((r) => r.frame)).toEqual([11, 12]);
    expect(added[1]!.prev).toBe(a1);
    expect(names(history.objectsAt(11))).toEqual(['a@1']);
    expect(names(history.objectsAt(10))).toEqual([]);
  });

  it('forgets the future after a fork', () => {
    const history = new History();
    history.reset({ frame: 0, clock, objects: [] });
    for (let i = 1; i <= 300; i++) history.append({ frame: i, clock, changes: [{ type: 'ADDED', object: withRv(pod(`p${i}`), i) }] });
    history.truncateAfter(100);
    expect(history.liveFrame).toBe(100);
    history.append({ frame: 101, clock, changes: [{ type: 'ADDED', object: withRv(pod('fork'), 1) }] });
    expect(history.objectsAt(101)).toHaveLength(101);
    expect(history.objectsAt(101).some((o) => o.metadata.name === 'p150')).toBe(false);
  });
});
