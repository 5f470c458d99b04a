/**
 * One process started in a container through the runtime (kubectl exec or attach, an exec probe,
 * a hook): a program run directly from its argv, a `sh -c` script, or an interactive shell with a
 * prompt (`root@<pod>:/# `, busybox's `/ # `) that reads stdin and, on a tty, does the terminal's
 * line discipline (echo, backspace, Ctrl-C, Ctrl-D, \n -> \r\n).
 */
import { Interpreter, SHELLS, commandName } from './interpreter';
import type { ShellKind } from './interpreter';
import type { ShellHost } from './types';

export interface SessionOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Longest command line kept; more typed characters are dropped, as a terminal's buffer would. */
const MAX_LINE = 64 * 1024;

/** Which shell answers to a name in this image; undefined when the image has no such shell. */
export function shellKind(name: string, host: ShellHost): ShellKind | undefined {
  if (!SHELLS.has(name)) return undefined;
  if (host.flavour === 'busybox') return name === 'bash' || name === 'dash' ? undefined : 'ash';
  return name === 'bash' ? 'bash' : name === 'ash' ? undefined : 'dash';
}

export class Session {
  private readonly interpreter: Interpreter;
  private line = '';
  private pending = '';
  private busy = false;
  private interactive = false;
  private finished = false;
  private escape = '';
  private depth = 0;

  constructor(
    private readonly host: ShellHost,
    private readonly output: SessionOutput,
    private readonly tty: boolean,
    private readonly onExit: (status: number) => void,
    private kind: ShellKind = host.flavour === 'busybox' ? 'ash' : 'bash',
    pid = 27,
  ) {
    this.interpreter = new Interpreter(host, kind, pid);
    host.tty = tty;
  }

  private write(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    if (this.finished || text === '') return;
    const shown = this.tty ? text.replace(/\r?\n/g, '\r\n') : text;
    // A tty has no separate stderr: everything shares the terminal.
    if (this.tty || stream === 'stdout') this.output.stdout(shown);
    else this.output.stderr(shown);
  }

  private readonly io = { out: (t: string) => this.write(t, 'stdout'), err: (t: string) => this.write(t, 'stderr') };

  private prompt(): void {
    if (!this.tty) return;
    const cwd = this.host.cwd === '/root' ? '~' : this.host.cwd.startsWith('/root/') ? `~${this.host.cwd.slice(5)}` : this.host.cwd;
    this.write(this.kind === 'ash' ? `${cwd} # ` : this.kind === 'dash' ? '# ' : `root@${this.host.pod.name}:${cwd}# `);
  }

  private finish(status: number): void {
    if (this.finished) return;
    this.finished = true;
    this.interpreter.kill();
    this.onExit(status);
  }

  /**
   * Starts the process for argv. Returns false (and starts nothing) when the image has no such
   * program, which the runtime reports as `executable file not found in $PATH`.
   */
  start(argv: string[], stdin?: string): boolean {
    const [raw, ...args] = argv;
    const name = raw === undefined ? undefined : commandName(raw);
    const kind = name === undefined ? undefined : shellKind(name, this.host);
    if (name !== undefined && SHELLS.has(name) && kind === undefined) return false;
    if (kind !== undefined) {
      this.kind = kind;
      this.interpreter.kind = kind;
      if (args[0] === '-c') {
        this.interpreter.runScript(args[1] ?? '', this.io, (status) => this.finish(status));
        return true;
      }
      this.interactive = true;
      this.prompt();
      this.pump();
      return true;
    }
    // `stdin`: what an exec'd program that reads stdin was fed (shell/stdin.ts), whole.
    return this.interpreter.runArgv(argv, stdin === undefined ? this.io : { ...this.io, stdin }, (status) => this.finish(status));
  }

  /** Bytes typed or piped into the process's stdin. */
  input(data: string): void {
    if (this.finished || !this.interactive) return;
    if (this.tty && data.includes('\x03') && this.busy) {
      // The terminal echoes ^C and the foreground command gets SIGINT; typed-ahead input is flushed.
      this.write('^C');
      this.pending = '';
      this.interpreter.interrupt();
      data = data.slice(data.indexOf('\x03') + 1);
    }
    this.pending += data;
    this.pump();
  }

  /** stdin closed: a shell reading it exits with the last status. */
  endInput(): void {
    if (!this.interactive) return;
    this.pending += '\x04';
    this.pump();
  }

  /** The process is killed (client gone, container stopped, probe timed out). */
  kill(status = 137): void {
    this.finish(status);
  }

  get done(): boolean {
    return this.finished;
  }

  private pump(): void {
    while (this.pending.length > 0 && !this.busy && !this.finished) {
      const ch = this.pending[0]!;
      this.pending = this.pending.slice(1);
      if (this.tty) this.typed(ch);
      else this.piped(ch);
    }
  }

  private submit(): void {
    const text = this.line;
    this.line = '';
    if (text.trim() === 'sh' || text.trim() === 'bash' || text.trim() === '/bin/sh' || text.trim() === '/bin/bash') {
      // A nested interactive shell: `exit` leaves it, not the session.
      this.depth++;
      this.prompt();
      return;
    }
    this.busy = true;
    this.interpreter.stop = undefined;
    this.interpreter.runScript(text, this.io, () => {
      this.busy = false;
      const stop = this.interpreter.stop;
      this.interpreter.stop = undefined;
      if (stop === 'exit') {
        if (this.tty) this.write('exit\n');
        if (this.depth > 0) this.depth--;
        else return this.finish(this.interpreter.lastStatus);
      }
      if (stop === 'interrupt' && this.tty) this.write('\n');
      this.prompt();
      this.pump();
    });
  }

  private piped(ch: string): void {
    if (ch === '\x04') {
      if (this.line.trim()) {
        this.pending = '\x04' + this.pending;
        this.submit();
      } else this.finish(this.interpreter.lastStatus);
      return;
    }
    if (ch === '\n') this.submit();
    else if (this.line.length < MAX_LINE) this.line += ch;
  }

  /** A terminal in raw mode: the shell does the echo and line editing itself. */
  private typed(ch: string): void {
    if (this.escape) {
      this.escape += ch;
      // CSI sequences end with a letter or ~; arrows and function keys are ignored.
      if (this.escape.length > 1 && /[A-Za-z~]/.test(ch)) this.escape = '';
      else if (this.escape.length > 8) this.escape = '';
      return;
    }
    switch (ch) {
      case '\x1b':
        this.escape = ch;
        return;
      case '\r':
      case '\n':
        this.write('\n');
        this.submit();
        return;
      case '\x7f':
      case '\b':
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          this.write('\b \b');
        }
        return;
      case '\x03':
        this.write('^C\n');
        this.line = '';
        this.prompt();
        return;
      case '\x04':
        if (this.line === '') {
          this.write('exit\n');
          this.finish(this.interpreter.lastStatus);
        }
        return;
      case '\x15':
        this.write('\b \b'.repeat(this.line.length));
        this.line = '';
        return;
      case '\t':
        return;
      default:
        if (ch < ' ' || this.line.length >= MAX_LINE) return;
        this.line += ch;
        this.write(ch);
    }
  }
}
