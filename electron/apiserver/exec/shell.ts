/**
 * The simulated shell behind `kubectl exec`: runs a command line by line, or an interactive bash
 * with a prompt (root@<pod>:/#) and, on a tty, the terminal's line discipline (echo, backspace,
 * Ctrl-C, \r -> \r\n). Unknown commands answer `bash: foo: command not found` with status 127.
 */
import { COMMANDS } from './commands';
import type { CommandIo, ShellState } from './commands';
import { normalize } from './fs';
import { ParseError, parseLine, splitCommands, splitPipeline } from './parse';
import type { SimpleCommand } from './parse';

export interface ShellOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Longest command line kept; more typed characters are dropped, as a terminal's buffer would. */
const MAX_LINE = 64 * 1024;
const SHELLS = new Set(['bash', 'sh', 'dash', 'ash']);
const BIN_DIRS = ['/bin/', '/usr/bin/', '/usr/local/bin/', '/sbin/', '/usr/sbin/'];

/** A command name as typed, without a standard bin folder. */
function commandName(raw: string): string | undefined {
  for (const dir of BIN_DIRS) if (raw.startsWith(dir)) return raw.slice(dir.length);
  return raw.includes('/') ? undefined : raw;
}

/** Thrown by runArgv when the program does not exist (kubectl reports it as an exec failure). */
export class ExecNotFound extends Error {}

export class Shell {
  private lastStatus = 0;
  private depth = 0;
  private line = '';
  private pending = '';
  private busy = false;
  private interactive = false;
  private finished = false;
  private escape = '';
  private wakeSleep: (() => void) | undefined;
  private interrupted = false;
  private resolveDone!: (status: number) => void;
  readonly done: Promise<number>;

  constructor(
    private readonly state: ShellState,
    private readonly output: ShellOutput,
    private readonly tty: boolean,
    /** busybox/alpine images run ash, whose prompt is `/ # `. */
    private readonly promptStyle: 'bash' | 'ash' = 'bash',
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  private write(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    if (this.finished || text === '') return;
    const shown = this.tty ? text.replace(/\r?\n/g, '\r\n') : text;
    // A tty has no separate stderr: everything shares the terminal.
    if (this.tty || stream === 'stdout') this.output.stdout(shown);
    else this.output.stderr(shown);
  }

  private prompt(): void {
    if (!this.tty) return;
    const cwd = this.state.cwd === '/root' ? '~' : this.state.cwd.startsWith('/root/') ? `~${this.state.cwd.slice(5)}` : this.state.cwd;
    this.write(this.promptStyle === 'ash' ? `${cwd} # ` : `root@${this.state.pod.name}:${cwd}# `);
  }

  private finish(status: number): void {
    if (this.finished) return;
    this.finished = true;
    this.wakeSleep?.();
    this.resolveDone(status);
  }

  private io(): CommandIo {
    return {
      out: (text) => this.write(text, 'stdout'),
      err: (text) => this.write(text, 'stderr'),
      sleep: (ms) =>
        new Promise<boolean>((resolve) => {
          this.interrupted = false;
          const timer = setTimeout(() => {
            this.wakeSleep = undefined;
            resolve(true);
          }, Math.min(ms, 24 * 3600 * 1000));
          this.wakeSleep = () => {
            clearTimeout(timer);
            this.wakeSleep = undefined;
            resolve(false);
          };
        }),
    };
  }

  /** Runs one command line; returns false when the line asked the shell to exit. */
  async runLine(text: string): Promise<boolean> {
    const vars = (name: string) => (name === '?' ? String(this.lastStatus) : (this.state.env[name] ?? ''));
    let segments;
    try {
      segments = splitCommands(text);
      for (const [index, segment] of segments.entries()) {
        // Validate the syntax of the whole line first, as bash does before running any of it.
        const stages = splitPipeline(segment.text);
        if (stages.length > 1 && stages.some((stage) => stage.trim() === '')) throw new ParseError("syntax error near unexpected token `|'");
        const parsed = stages.flatMap((stage) => parseLine(stage, () => ''));
        if (parsed.length === 0 && (segment.join !== ';' || (index < segments.length - 1 && segments[index + 1]!.join !== ';'))) throw new ParseError(`syntax error near unexpected token \`${segment.join === ';' ? segments[index + 1]!.join : segment.join}'`);
      }
    } catch (error) {
      this.write(`bash: ${(error as ParseError).message}\n`, 'stderr');
      this.lastStatus = 2;
      return true;
    }
    for (const segment of segments) {
      if (segment.join === '&&' && this.lastStatus !== 0) continue;
      if (segment.join === '||' && this.lastStatus === 0) continue;
      // A pipeline: each stage's stdout is the next stage's stdin.
      const stages = splitPipeline(segment.text);
      let input: string | undefined;
      for (const [index, stage] of stages.entries()) {
        let command;
        try {
          command = parseLine(stage, vars)[0];
        } catch (error) {
          this.write(`bash: ${(error as ParseError).message}\n`, 'stderr');
          this.lastStatus = 2;
          break;
        }
        if (!command) continue;
        const last = index === stages.length - 1;
        let piped = '';
        const outcome = await this.runSimple(command, input, last ? undefined : (t) => (piped += t));
        if (outcome === 'exit') return false;
        input = last ? undefined : piped;
      }
      if (this.finished) return false;
    }
    return true;
  }

  /** Runs one simple command; `sink` captures stdout for a pipe. Returns 'exit' when the shell should end. */
  private async runSimple(command: SimpleCommand, stdin: string | undefined, sink: ((text: string) => void) | undefined): Promise<'exit' | undefined> {
    const [raw, ...args] = command.argv;
    if (raw === undefined) return undefined;
    if (raw === 'exit') {
      const code = args[0] === undefined ? this.lastStatus : Number(args[0]) & 255;
      this.lastStatus = Number.isFinite(code) ? code : 2;
      if (this.tty) this.write('exit\n');
      if (this.depth > 0) {
        this.depth--;
        return undefined;
      }
      return 'exit';
    }
    const name = commandName(raw);
    if (name !== undefined && SHELLS.has(name)) {
      const script = args[0] === '-c' ? args[1] : undefined;
      if (script !== undefined) return (await this.runLine(script)) ? undefined : 'exit';
      this.depth++;
      return undefined;
    }
    let captured: string | undefined;
    const io = this.io();
    if (stdin !== undefined) io.stdin = stdin;
    if (command.redirect) {
      captured = '';
      io.out = (t) => (captured += t);
    } else if (sink) io.out = sink;
    const impl = name !== undefined ? COMMANDS[name] : undefined;
    if (!impl) {
      const known = name === undefined && this.state.fs.isFile(normalize(this.state.cwd, raw));
      const ash = this.promptStyle === 'ash';
      const text = name === undefined ? `${ash ? 'sh' : 'bash'}: ${raw}: ${known ? 'Permission denied' : ash ? 'not found' : 'No such file or directory'}\n` : ash ? `sh: ${raw}: not found\n` : `bash: ${raw}: command not found\n`;
      this.write(text, 'stderr');
      this.lastStatus = known ? 126 : 127;
      return undefined;
    }
    this.lastStatus = await impl(args, this.state, io);
    if (command.redirect && captured !== undefined) {
      const path = normalize(this.state.cwd, command.redirect.path);
      if (!this.state.fs.write(path, captured, { createParents: false, append: command.redirect.append })) {
        this.write(`bash: ${command.redirect.path}: No such file or directory\n`, 'stderr');
        this.lastStatus = 1;
      }
    }
    return this.finished ? 'exit' : undefined;
  }

  /** Starts the session for the argv kubectl sent; input() feeds stdin afterwards. */
  async start(argv: string[]): Promise<void> {
    const [raw, ...args] = argv;
    const name = raw === undefined ? undefined : commandName(raw);
    if (name !== undefined && SHELLS.has(name) && args[0] !== '-c') {
      this.interactive = true;
      this.prompt();
      this.pump();
      return;
    }
    if (name !== undefined && SHELLS.has(name) && args[0] === '-c') {
      await this.runLine(args[1] ?? '');
      this.finish(this.lastStatus);
      return;
    }
    const impl = name !== undefined ? COMMANDS[name] : undefined;
    if (!impl || raw === undefined) throw new ExecNotFound(raw ?? '');
    const status = await impl(args, this.state, this.io());
    this.finish(status);
  }

  /** Bytes typed or piped into the container's stdin. */
  input(data: string): void {
    if (this.finished || !this.interactive) return;
    if (this.tty && data.includes('\x03') && this.busy) {
      this.interrupted = true;
      this.wakeSleep?.();
    }
    this.pending += data;
    this.pump();
  }

  /** The client went away: stop whatever runs (a long sleep) and end. */
  kill(): void {
    this.finish(130);
  }

  /** stdin closed: a shell reading it exits with the last status. */
  endInput(): void {
    if (!this.interactive) return;
    this.pending += '\x04';
    this.pump();
  }

  private pump(): void {
    if (this.busy || this.finished) return;
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
    this.busy = true;
    void this.runLine(text).then((keepGoing) => {
      this.busy = false;
      if (!keepGoing) {
        this.finish(this.lastStatus);
        return;
      }
      if (this.interrupted && this.tty) this.write('\n');
      this.interrupted = false;
      this.prompt();
      this.pump();
    });
  }

  private piped(ch: string): void {
    if (ch === '\x04') {
      if (this.line.trim()) {
        this.pending = '\x04' + this.pending;
        this.submit();
      } else this.finish(this.lastStatus);
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
          this.finish(this.lastStatus);
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
