/**
 * A process started with kubectl exec is part of the recorded history: rewinding to a frame after
 * it wrote a file keeps the file, rewinding to before it removes it, and a client whose process
 * no longer exists after the rewind is told it ended.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../shared/k8s/objects';
import type { ExecStreams } from '../api';
import type { KubelabEngine } from '../engine';
import { USER, engine, get, until } from '../testkit';

function client(): { streams: ExecStreams; out: () => string; exit: () => number | undefined } {
  let out = '';
  let code: number | undefined;
  return {
    streams: { stdout: (t) => (out += t), stderr: (t) => (out += t), exit: (r) => (code = 'code' in r ? r.code : -1) },
    out: () => out,
    exit: () => code,
  };
}

function exec(e: KubelabEngine, command: string[], stdin = false): ReturnType<typeof client> & { session: ReturnType<NonNullable<KubelabEngine['runtime']['exec']>> } {
  const c = client();
  const session = e.runtime.exec!({ namespace: 'default', pod: 'box', container: 'box', command, tty: false, stdin }, c.streams);
  return { ...c, session };
}

function startBox(): KubelabEngine {
  const e = engine({ nodes: 1 });
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'box' }, spec: { containers: [{ name: 'box', image: 'busybox:1.36', command: ['sleep', '3600'] }] } } as KubeObject;
  e.store.create('Pod', pod, USER);
  until(e, () => get<Pod>(e, 'Pod', 'default', 'box')?.status.containerStatuses?.[0]?.state?.running !== undefined, 120_000, 100);
  return e;
}

describe('kubectl exec as a recorded input', () => {
  it('replays what a process wrote when the timeline is rewound, and keeps later writes out', () => {
    const e = startBox();
    const before = e.timeline.state().length;
    // A frame between `before` and the process: a frame's state lasts until the next frame, so
    // only a change after `before` puts the process after it.
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first' } } as KubeObject, USER);
    expect(exec(e, ['sh', '-c', 'echo kept > /tmp/note']).exit()).toBe(0);
    // A write after the exec: its frame comes later than the process.
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later' } } as KubeObject, USER);
    const after = e.timeline.state().length;
    expect(after).toBeGreaterThan(before);
    e.advance(5000);

    e.timeline.rewind(after);
    const read = exec(e, ['cat', '/tmp/note']);
    expect(read.exit()).toBe(0);
    expect(read.out()).toBe('kept\n');

    e.timeline.rewind(before);
    const gone = exec(e, ['cat', '/tmp/note']);
    expect(gone.exit()).toBe(1);
    expect(gone.out()).toMatch(/No such file or directory/);
  });

  it('replays stdin typed into an interactive shell, and ends a client whose shell began after the fork frame', () => {
    const e = startBox();
    e.advance(1000);
    const shell = exec(e, ['sh'], true);
    shell.session.input('echo typed > /tmp/t\n');
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mid' } } as KubeObject, USER);
    const mid = e.timeline.state().length;
    e.advance(1000);
    e.timeline.rewind(mid);
    // The shell began before `mid`, so it still runs in the rebuilt cluster and keeps its client.
    expect(shell.exit()).toBeUndefined();
    shell.session.input('cat /tmp/t\n');
    expect(shell.out()).toContain('typed');

    const early = e.timeline.state().length;
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'early' } } as KubeObject, USER);
    const late = exec(e, ['sh'], true);
    e.advance(1000);
    e.timeline.rewind(early);
    expect(late.exit()).toBe(137);
  });
});
