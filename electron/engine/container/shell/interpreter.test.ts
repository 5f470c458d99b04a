/**
 * The shell interpreter on a container filesystem and the engine's virtual clock (no engine
 * around it): grammar, expansion, redirection, the shells' own error texts, and sleeps that
 * resume only when the clock reaches them.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock/clock';
import { ContainerFs } from '../fs';
import { Interpreter } from './interpreter';
import type { ShellKind } from './interpreter';
import { Session } from './session';
import type { Flavour, ShellHost } from './types';

function host(flavour: Flavour = 'busybox', clock = new VirtualClock()): ShellHost {
  return {
    fs: new ContainerFs({ '/etc/motd': 'welcome\n' }),
    env: { PATH: '/bin', HOME: '/root' },
    cwd: '/',
    pod: { namespace: 'default', name: 'box', podIP: '10.244.0.5' },
    container: 'box',
    flavour,
    network: { http: () => ({ status: 0, headers: {}, body: '' }), resolve: () => undefined, byIp: () => undefined },
    wallNow: () => clock.wallMs(clock.now()),
    after(ms, fn) {
      const id = clock.after(ms, fn);
      return () => clock.cancel(id);
    },
    mainProcess: 'sh',
  };
}

function script(source: string, kind: ShellKind = 'ash', h = host(kind === 'ash' ? 'busybox' : 'gnu')): { out: string; err: string; status: number | undefined } {
  const result = { out: '', err: '', status: undefined as number | undefined };
  new Interpreter(h, kind).runScript(source, { out: (t) => (result.out += t), err: (t) => (result.err += t) }, (s) => (result.status = s));
  return result;
}

describe('the shell interpreter', () => {
  it('runs loops, conditionals, arithmetic and command substitution', () => {
    expect(script('i=0; while [ $i -lt 3 ]; do echo "n=$i"; i=$((i+1)); done').out).toBe('n=0\nn=1\nn=2\n');
    expect(script('for f in a "b c" d; do echo "[$f]"; done').out).toBe('[a]\n[b c]\n[d]\n');
    expect(script('if [ -f /etc/motd ]; then echo yes; else echo no; fi; if test -d /nope; then echo bad; elif true; then echo elif; fi').out).toBe('yes\nelif\n');
    expect(script('echo "motd: $(cat /etc/motd)" `hostname`').out).toBe('motd: welcome box\n');
    expect(script('until false; do echo once; break; done 2>/dev/null; echo $((7 % 4 * 2))').out).toContain('6\n');
  });

  it('redirects stdout and stderr, appends, and reads stdin from files', () => {
    const h = host();
    script('echo one > /tmp/f; echo two >> /tmp/f; cat /nope 2> /tmp/err; cat /nope > /dev/null 2>&1', 'ash', h);
    expect(h.fs.read('/tmp/f')).toBe('one\ntwo\n');
    expect(h.fs.read('/tmp/err')).toBe("cat: can't open '/nope': No such file or directory\n");
    expect(script('wc -l < /etc/motd').out).toBe('1\n');
    expect(script('echo hi > /nope/x').err).toBe("sh: can't create /nope/x: No such file or directory\n");
  });

  it('expands globs against the filesystem and splits unquoted variables', () => {
    const h = host();
    script('mkdir /d; touch /d/a.txt /d/b.txt /d/c.log', 'ash', h);
    expect(script('echo /d/*.txt; echo "/d/*.txt"', 'ash', h).out).toBe('/d/a.txt /d/b.txt\n/d/*.txt\n');
    expect(script('X="a   b"; for w in $X; do echo $w; done; echo "$X"').out).toBe('a\nb\na   b\n');
  });

  it('keeps `sh -c` variables and exit to itself, and `VAR=x cmd` to cmd', () => {
    expect(script('X=1; sh -c "X=2; exit 4"; echo "$? $X"').out).toBe('4 1\n');
    expect(script('Y=5 printenv Y; printenv Y; echo $?').out).toBe('5\n1\n');
    expect(script('export Z=9; printenv Z').out).toBe('9\n');
  });

  it('words not-found and syntax errors as each shell does', () => {
    expect(script('nosuch').err).toBe('sh: nosuch: not found\n');
    expect(script('nosuch', 'bash').err).toBe('bash: nosuch: command not found\n');
    expect(script('nosuch', 'dash').err).toBe('sh: 1: nosuch: not found\n');
    expect(script('echo x | | wc', 'bash')).toMatchObject({ err: "bash: syntax error near unexpected token `|'\n", status: 2 });
    expect(script('echo x | | wc', 'ash').err).toBe('sh: syntax error: unexpected "|"\n');
    expect(script('echo x | | wc', 'dash').err).toBe('sh: 1: Syntax error: "|" unexpected\n');
    expect(script('while true; do echo', 'ash').err).toBe('sh: syntax error: unexpected end of file\n');
    expect(script("echo 'open").err).toBe('sh: syntax error: unterminated quoted string\n');
    expect(script('curl http://x').err).toBe('sh: curl: not found\n');
  });

  it('sleeps on the virtual clock and resumes exactly then', () => {
    const clock = new VirtualClock();
    const h = host('busybox', clock);
    const r = { out: '', status: undefined as number | undefined };
    new Interpreter(h, 'ash').runScript('touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; echo gone; exit 7', { out: (t) => (r.out += t), err: () => undefined }, (s) => (r.status = s));
    expect(h.fs.isFile('/tmp/healthy')).toBe(true);
    clock.runUntil(29_999);
    expect(h.fs.isFile('/tmp/healthy')).toBe(true);
    expect(r.status).toBeUndefined();
    clock.runUntil(30_000);
    expect(h.fs.isFile('/tmp/healthy')).toBe(false);
    expect(r).toEqual({ out: 'gone\n', status: 7 });
  });

  it('pauses a loop that never waits instead of hanging the engine', () => {
    const clock = new VirtualClock();
    let lines = 0;
    new Interpreter(host('busybox', clock), 'ash').runScript('while true; do echo spin; done', { out: () => lines++, err: () => undefined }, () => undefined);
    expect(lines).toBeGreaterThan(100);
    expect(lines).toBeLessThan(5000);
    const before = lines;
    clock.runUntil(1000);
    expect(lines).toBeGreaterThan(before);
  });

  it('interrupts a sleeping interactive line with Ctrl-C and keeps the session', () => {
    const clock = new VirtualClock();
    let screen = '';
    let exit: number | undefined;
    const session = new Session(host('busybox', clock), { stdout: (t) => (screen += t), stderr: (t) => (screen += t) }, true, (s) => (exit = s));
    expect(session.start(['sh'])).toBe(true);
    expect(screen).toBe('/ # ');
    session.input('sleep 50; echo late\r');
    session.input('\x03');
    expect(screen).toBe('/ # sleep 50; echo late\r\n^C\r\n/ # ');
    clock.runUntil(60_000);
    expect(screen).not.toContain('late\r\n/');
    session.input('cd /etc; pwd\r');
    expect(screen.endsWith('/etc\r\n/etc # ')).toBe(true);
    session.input('exit 2\r');
    expect(exit).toBe(2);
  });

  it('refuses programs the image lacks when run without a shell', () => {
    const session = new Session(host('busybox'), { stdout: () => undefined, stderr: () => undefined }, false, () => undefined);
    expect(session.start(['bash'])).toBe(false);
    expect(new Session(host('gnu'), { stdout: () => undefined, stderr: () => undefined }, false, () => undefined).start(['cd', '/'])).toBe(false);
  });
});
