import { describe, expect, it } from 'vitest';
import { clock, committed, replicaSet } from '../testing/fixtures';
import { History } from './history';
import { rolloutSeries, valueAt } from './rollout';

describe('rollout series', () => {
  it('follows the old and new ReplicaSets of a Deployment frame by frame', () => {
    const history = new History();
    history.reset({ frame: 1, clock, objects: [replicaSet('web-1', 'web', { replicas: 3, ready: 3, available: 3, revision: 1 })] });
    const step = (frame: number, ...objects: ReturnType<typeof replicaSet>[]) =>
      history.append({ frame, clock, changes: objects.map((object) => committed('MODIFIED', object, frame)) });
    history.append({ frame: 2, clock, changes: [committed('ADDED', replicaSet('web-2', 'web', { replicas: 1, revision: 2 }), 2)] });
    step(3, replicaSet('web-2', 'web', { replicas: 1, ready: 1, available: 1, revision: 2 }));
    step(4, replicaSet('web-1', 'web', { replicas: 2, ready: 2, available: 2, revision: 1 }));
    step(5, replicaSet('other', 'api', { replicas: 9 }));
    const series = rolloutSeries(history, 'default', 'web');
    expect(series.map((s) => [s.name, s.role])).toEqual([['web-1', 'old'], ['web-2', 'new']]);
    const [old, fresh] = series as [typeof series[0], typeof series[0]];
    expect(valueAt(old, 3)).toMatchObject({ desired: 3, ready: 3 });
    expect(valueAt(old, 4)).toMatchObject({ desired: 2, ready: 2 });
    expect(valueAt(fresh, 1)).toMatchObject({ desired: 0, ready: 0 });
    expect(valueAt(fresh, 2)).toMatchObject({ desired: 1, ready: 0 });
    expect(valueAt(fresh, 5)).toMatchObject({ desired: 1, ready: 1, available: 1 });
  });
});
