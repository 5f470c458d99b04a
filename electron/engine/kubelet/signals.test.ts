/**
 * How PID 1 reacts to the stop signal: shells and `sleep` ignore SIGTERM unless a trap exits,
 * image servers follow their profile.
 */
import { describe, expect, it } from 'vitest';
import type { Container } from '../../../shared/k8s/objects';
import { resolveImage } from './images';
import { newContainer, type ContainerInstance } from './sandbox';
import { stopReaction, termTrapExitCode } from './signals';

function running(spec: Partial<Container> & { image: string }, startedAt = 0): ContainerInstance {
  const c = newContainer({ name: 'c', ...spec });
  const resolved = resolveImage(spec.image);
  if (!resolved.ok) throw new Error(resolved.message);
  c.profile = resolved.profile;
  c.state = 'running';
  c.startedAt = startedAt;
  return c;
}

describe('termTrapExitCode', () => {
  it('finds the exit status of a TERM trap, in its usual spellings', () => {
    expect(termTrapExitCode("trap 'exit 0' TERM; sleep 3600")).toBe(0);
    expect(termTrapExitCode('trap "echo bye; exit 3" SIGTERM INT; wait')).toBe(3);
    expect(termTrapExitCode("trap 'exit' 15")).toBe(0);
  });

  it('has none without a trap, for other signals, or when the handler does not exit', () => {
    expect(termTrapExitCode('sleep 3600')).toBeUndefined();
    expect(termTrapExitCode("trap 'exit 0' INT; sleep 3600")).toBeUndefined();
    expect(termTrapExitCode("trap 'echo got it' TERM; sleep 3600")).toBeUndefined();
  });
});

describe('stopReaction', () => {
  it('busybox sleep, a shell and a shell loop as PID 1 ignore the signal', () => {
    expect(stopReaction(running({ image: 'busybox', args: ['sleep', '3600'] }), 5000).exitAfterMs).toBe(Infinity);
    expect(stopReaction(running({ image: 'busybox', command: ['sh', '-c', 'while true; do sleep 1; done'] }), 5000).exitAfterMs).toBe(Infinity);
    // `sleep` as the command of any image: still no handler.
    expect(stopReaction(running({ image: 'nginx:1.27', command: ['sleep', 'infinity'] }), 5000).exitAfterMs).toBe(Infinity);
  });

  it('a trapping shell exits when it gets to run the trap', () => {
    const waiting = running({ image: 'busybox', command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"] });
    expect(stopReaction(waiting, 5000)).toEqual({ exitAfterMs: 0, exitCode: 0 });
    // In a loop it runs after the current `sleep 4` (started at 0, so 4 s cycles: 1.5 s left at 6.5 s).
    const loop = running({ image: 'busybox', command: ['sh', '-c', "trap 'exit 2' TERM; while true; do sleep 4; done"] });
    expect(stopReaction(loop, 6500)).toEqual({ exitAfterMs: 1500, exitCode: 2 });
  });

  it('image servers follow their profile: nginx exits promptly, node (bootcamp) never does', () => {
    expect(stopReaction(running({ image: 'nginx:1.27' }), 1000)).toEqual({ exitAfterMs: running({ image: 'nginx:1.27' }).profile!.shutdownMs, exitCode: 0 });
    expect(stopReaction(running({ image: 'nginx:1.27' }), 1000).exitAfterMs).toBeLessThan(1000);
    expect(stopReaction(running({ image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' }), 1000).exitAfterMs).toBe(Infinity);
  });
});
