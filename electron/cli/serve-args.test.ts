import { describe, expect, it } from 'vitest';
import { parseServeArgs, UsageError } from './serve-args';

describe('serve arguments', () => {
  it('has defaults and reads every flag', () => {
    expect(parseServeArgs([])).toEqual({ nodes: 3, seed: 1, speed: 1, port: 0, apiPort: 0, paused: false });
    expect(parseServeArgs(['--nodes', '5', '--seed=42', '--speed', '2.5', '--port', '8080', '--kubeconfig', '/tmp/k', '--paused'])).toEqual({
      nodes: 5, seed: 42, speed: 2.5, port: 8080, apiPort: 0, paused: true, kubeconfig: '/tmp/k', newSession: true,
    });
  });

  it('reads the session flags: a scenario to open, a new session, or none kept', () => {
    expect(parseServeArgs(['--open', 'package.json']).open).toBe('package.json');
    expect(parseServeArgs(['--new-session']).newSession).toBe(true);
    expect(parseServeArgs(['--no-session']).noSession).toBe(true);
    expect(parseServeArgs([]).newSession).toBeUndefined();
    expect(() => parseServeArgs(['--open', '/no/such.kubelab'])).toThrow(/invalid argument "\/no\/such.kubelab" for "--open" flag: no such file/);
  });

  it('takes a lessons folder to serve instead of the built-in one', () => {
    expect(parseServeArgs(['--lessons', 'lessons']).lessonsDir).toBe('lessons');
  });

  it.each([
    [['--nodes', 'three'], /invalid argument "three" for "--nodes"/],
    [['--nodes', '0'], /from 1 to 5000/],
    [['--speed', '1000'], /--speed/],
    [['--port', '70000'], /--port/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /positional/i],
    [['--lessons', '/no/such/folder'], /invalid argument "\/no\/such\/folder" for "--lessons" flag: not a folder/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(UsageError);
    expect(() => parseServeArgs(argv)).toThrow(message);
  });
});
