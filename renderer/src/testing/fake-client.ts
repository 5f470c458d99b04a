/**
 * A KubelabClient for component tests: every service answers from plain data, calls are recorded,
 * and deltas can be pushed by the test. Only what the cluster view and the learn panel use does anything.
 */
import type { KubelabClient } from '../../../shared/ipc/contract';
import type { FailureMap } from '../../../shared/ipc/services/failures';
import type { SchedulingExplanation } from '../../../shared/sim/explain';
import type { ClockState, ClusterDelta, ClusterSnapshot } from '../../../shared/sim/snapshot';
import type { FakeLessons } from './fake-lessons';

export interface FakeClient {
  client: KubelabClient;
  calls: { method: string; arg: unknown }[];
  pushDelta(delta: ClusterDelta): void;
  explanations: Map<string, SchedulingExplanation>;
}

/** `lessons` (fake-lessons.ts) adds the lessons service; without it the client has none, as an older main process. */
export function createFakeClient(snapshot: ClusterSnapshot, options: { lessons?: FakeLessons } = {}): FakeClient {
  const calls: { method: string; arg: unknown }[] = [];
  const deltaListeners = new Set<(d: ClusterDelta) => void>();
  const explanations = new Map<string, SchedulingExplanation>();
  let clock: ClockState = snapshot.clock;
  const failures: FailureMap = {};
  const record = <T>(method: string, arg: unknown, value: T): Promise<T> => {
    calls.push({ method, arg });
    return Promise.resolve(value);
  };
  const none = () => () => undefined;
  const timelineState = { length: snapshot.frame, viewing: null, hash: '' };
  const client = {
    app: { info: (a: object) => record('app.info', a, { name: 'Kubelab', version: 'test', mode: 'web' as const }), onNotice: none },
    cluster: {
      snapshot: (a: object) => record('cluster.snapshot', a, snapshot),
      onDelta: (listener: (d: ClusterDelta) => void) => {
        deltaListeners.add(listener);
        return () => deltaListeners.delete(listener);
      },
    },
    clock: {
      state: (a: object) => record('clock.state', a, clock),
      play: (a: object) => record('clock.play', a, (clock = { ...clock, paused: false })),
      pause: (a: object) => record('clock.pause', a, (clock = { ...clock, paused: true })),
      setSpeed: (a: { speed: number }) => record('clock.setSpeed', a, (clock = { ...clock, speed: a.speed })),
      step: (a: object) => record('clock.step', a, clock),
      onChanged: none,
    },
    failures: {
      list: (a: object) => record('failures.list', a, { ...failures }),
      inject: (a: { node: string; action: FailureMap[string] }) => record('failures.inject', a, { ...failures, [a.node]: a.action }),
      recover: (a: { node: string }) => record('failures.recover', a, {}),
      onChanged: none,
    },
    scheduler: {
      explain: (a: { namespace: string; name: string }) => record('scheduler.explain', a, explanations.get(`${a.namespace}/${a.name}`) ?? { cycles: [] }),
    },
    objects: { apply: (a: object) => record('objects.apply', a, { ok: false as const, problems: [{ message: 'fake' }] }) },
    timeline: {
      state: (a: object) => record('timeline.state', a, timelineState),
      seek: (a: { frame: number }) => record('timeline.seek', a, { ...timelineState, viewing: a.frame }),
      live: (a: object) => record('timeline.live', a, timelineState),
      frames: (a: object) => record('timeline.frames', a, []),
      window: (a: { from: number }) => record('timeline.window', a, { from: a.from, time: 0, objects: [], changes: [] }),
    },
    terminal: new Proxy({}, { get: () => () => Promise.reject(new Error('no terminal in view tests')) }),
    ...(options.lessons ? { lessons: options.lessons.client } : {}),
  };
  return {
    client: client as unknown as KubelabClient,
    calls,
    explanations,
    pushDelta: (delta) => deltaListeners.forEach((listener) => listener(delta)),
  };
}
