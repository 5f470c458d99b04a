/**
 * Exec'd programs and stdin on the real engine: a program that reads stdin (kubectl cp's
 * `tar -xmf -`, `cat`) runs once the client closes stdin and gets all of it; one that does not
 * (`ls`) runs at once even with stdin attached.
 */
import { describe, expect, it } from 'vitest';
import type { ExecStreams } from '../api';
import { createDeployment, deployment, engine as newEngine, isReady, podsOf, until } from '../testkit';
import { readsStdin } from './shell/stdin';
import { writeArchive } from './shell/commands/ustar';

function boot() {
  const e = newEngine({ seed: 21, nodes: 1 });
  createDeployment(e, deployment('boot', 'gcr.io/google-samples/kubernetes-bootcamp:v1'));
  until(e, () => podsOf(e, 'boot').some(isReady));
  const pod = podsOf(e, 'boot')[0]!;
  return { e, pod: pod.metadata.name, container: pod.spec.containers[0]!.name };
}

function collector() {
  const seen = { out: '', err: '', exit: undefined as { code: number } | { notFound: string } | undefined };
  const streams: ExecStreams = { stdout: (t) => (seen.out += t), stderr: (t) => (seen.err += t), exit: (r) => (seen.exit = r) };
  return { seen, streams };
}

describe('exec stdin', () => {
  it('feeds kubectl cp\'s archive to tar -xmf - once stdin closes', () => {
    const { e, pod, container } = boot();
    const archive = writeArchive([{ name: 'copied.txt', type: 'file', mode: 0o644, mtimeSeconds: 0, content: Buffer.from('über\n') }], 'ustar').toString('utf8');
    const { seen, streams } = collector();
    const session = e.runtime.exec!({ namespace: 'default', pod, container, command: ['tar', '-xmf', '-', '-C', '/tmp'], tty: false, stdin: true }, streams);
    session.input(archive.slice(0, 700));
    expect(seen.exit).toBeUndefined();
    session.input(archive.slice(700));
    session.endInput();
    expect(seen.exit).toEqual({ code: 0 });
    const cat = collector();
    e.runtime.exec!({ namespace: 'default', pod, container, command: ['cat', '/tmp/copied.txt'], tty: false, stdin: false }, cat.streams);
    expect(cat.seen.out).toBe('über\n');
    e.dispose();
  });

  it('runs a program that ignores stdin at once, and reports a missing one before any input', () => {
    const { e, pod, container } = boot();
    const ls = collector();
    e.runtime.exec!({ namespace: 'default', pod, container, command: ['ls', '/'], tty: false, stdin: true }, ls.streams);
    expect(ls.seen.exit).toEqual({ code: 0 });
    expect(ls.seen.out).toContain('tmp');
    const missing = collector();
    e.runtime.exec!({ namespace: 'default', pod, container, command: ['cat-nope'], tty: false, stdin: true }, missing.streams);
    expect(missing.seen.exit).toEqual({ notFound: 'cat-nope' });
    e.dispose();
  });
});

describe('readsStdin', () => {
  it('knows kubectl cp\'s tar commands and the filters', () => {
    expect(readsStdin(['tar', '-xmf', '-', '-C', '/tmp'])).toBe(true);
    expect(readsStdin(['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-'])).toBe(true);
    expect(readsStdin(['tar', 'cf', '-', '/tmp/x'])).toBe(false);
    expect(readsStdin(['tar', 'xf', 'archive.tar'])).toBe(false);
    expect(readsStdin(['cat'])).toBe(true);
    expect(readsStdin(['cat', '/etc/hosts'])).toBe(false);
    expect(readsStdin(['grep', 'x'])).toBe(true);
    expect(readsStdin(['grep', 'x', '/etc/hosts'])).toBe(false);
    expect(readsStdin(['head', '-n', '3'])).toBe(true);
    expect(readsStdin(['ls'])).toBe(false);
  });
});
