/**
 * Runs parsed shell programs on the virtual clock. Every construct is a generator that yields a
 * Pending when a command waits (sleep) and is resumed with its exit status, so a script runs
 * synchronously between waits: inside one clock timer, at the exact virtual time, with no promise
 * microtasks that would run after the clock has moved on. A script that never waits is paused
 * every STEP_BUDGET commands for YIELD_MS, so `while true; do echo; done` cannot hang the engine.
 */
import { normalize } from '../fs';
import { findCommand } from './commands';
import { runBuiltin } from './builtins';
import { expandWord } from './expand';
import type { Expansion } from './expand';
import { ParseError, parseScript } from './parse';
import type { Node, Redirect, Word } from './parse';
import { isPending } from './types';
import type { CommandEnv, CommandIo, Pending, ShellHost } from './types';

/** The shell that reads the script: bash (Debian's interactive shell), dash (Debian's sh), busybox ash. */
export type ShellKind = 'bash' | 'dash' | 'ash';

const STEP_BUDGET = 1000;
const YIELD_MS = 100;
const BIN_DIRS = ['/bin/', '/usr/bin/', '/usr/local/bin/', '/sbin/', '/usr/sbin/', '/usr/local/sbin/'];
export const SHELLS = new Set(['bash', 'sh', 'dash', 'ash']);

type Run = Generator<Pending, number, number>;

/** A command name as typed, without a standard bin folder; undefined for another path (./app). */
export function commandName(raw: string): string | undefined {
  for (const dir of BIN_DIRS) if (raw.startsWith(dir)) return raw.slice(dir.length);
  return raw.includes('/') ? undefined : raw;
}

/** The syntax error line each shell prints. */
export function syntaxErrorText(kind: ShellKind, error: ParseError): string {
  if (kind === 'bash') return `bash: ${error.message}\n`;
  if (error.token === 'QUOTE') return kind === 'dash' ? 'sh: 1: Syntax error: Unterminated quoted string\n' : 'sh: syntax error: unterminated quoted string\n';
  const token = error.token;
  if (kind === 'dash') return error.token === 'EOF' ? `sh: 1: Syntax error: end of file unexpected\n` : `sh: 1: Syntax error: "${token}" unexpected\n`;
  return error.token === 'EOF' ? 'sh: syntax error: unexpected end of file\n' : `sh: syntax error: unexpected "${token}"\n`;
}

export class Interpreter {
  lastStatus = 0;
  /** Set by `exit` or an interrupt: every construct unwinds. */
  stop: 'exit' | 'interrupt' | undefined;
  /** Set by `break` / `continue` until the innermost loop takes it. */
  private jump: 'break' | 'continue' | undefined;
  private readonly vars = new Map<string, string>();
  private wait: { cancel: () => void; resume: (status: number) => void } | undefined;
  private steps = 0;
  private killed = false;
  private readonly children = new Set<Interpreter>();

  constructor(
    readonly host: ShellHost,
    public kind: ShellKind,
    /** $$: 1 for the container's main process. */
    private readonly pid = 27,
  ) {}

  /** Parses and runs a script; calls done with its status (possibly synchronously). */
  runScript(source: string, io: CommandIo, done: (status: number) => void): void {
    const program = this.parse(source, io);
    if (!program) {
      this.lastStatus = 2;
      done(2);
      return;
    }
    this.drive(this.exec(program, io), done);
  }

  /** The parsed script, or undefined after printing the shell's syntax error (status 2). */
  private parse(source: string, io: CommandIo): Node | undefined {
    try {
      return parseScript(source);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      io.err(syntaxErrorText(this.kind, error));
      return undefined;
    }
  }

  /** Runs an argv directly, without a shell (`kubectl exec pod -- cat f`); false when it is no program. */
  runArgv(argv: string[], io: CommandIo, done: (status: number) => void): boolean {
    const name = argv[0] === undefined ? undefined : commandName(argv[0]);
    // The runtime executes argv itself: shell builtins (cd, exit) are no programs.
    if (name === undefined || (!findCommand(name, this.host.flavour) && !SHELLS.has(name))) return false;
    this.drive(this.runProgram(argv, io), done);
    return true;
  }

  /** Ctrl-C: the waiting command ends with 130 and the current line unwinds. */
  interrupt(): void {
    const wait = this.wait;
    if (!wait) return;
    this.stop = 'interrupt';
    wait.cancel();
    this.wait = undefined;
    wait.resume(130);
  }

  /** The process is gone (container stopped, client left): nothing resumes. */
  kill(): void {
    this.killed = true;
    this.wait?.cancel();
    this.wait = undefined;
    for (const child of this.children) child.kill();
  }

  get waiting(): boolean {
    return this.wait !== undefined;
  }

  private drive(run: Run, done: (status: number) => void): void {
    const step = (input: number): void => {
      let value = input;
      for (;;) {
        if (this.killed) return;
        const r = run.next(value);
        if (r.done) {
          done(r.value);
          return;
        }
        let sync: number | undefined;
        let started = false;
        r.value.start((status) => {
          if (started) step(status);
          else sync = status;
        });
        started = true;
        if (sync === undefined) return;
        value = sync;
      }
    };
    step(0);
  }

  /** A Pending that resumes after ms of virtual time (Infinity: never, until interrupted). */
  sleep(ms: number): Pending {
    return {
      pending: true,
      start: (resume) => {
        const cancel = Number.isFinite(ms)
          ? this.host.after(Math.max(0, ms), () => {
              this.wait = undefined;
              this.steps = 0;
              resume(0);
            })
          : () => undefined;
        this.wait = { cancel, resume };
      },
    };
  }

  // ---- expansion ------------------------------------------------------------------------------

  private lookup(name: string): string {
    if (name === '?') return String(this.lastStatus);
    if (name === '$') return String(this.pid);
    if (name === '#') return '0';
    if (name === '0') return this.kind === 'bash' ? 'bash' : 'sh';
    if (name === '!') return '';
    return this.vars.get(name) ?? this.host.env[name] ?? '';
  }

  private setVar(name: string, value: string): void {
    if (name in this.host.env) this.host.env[name] = value;
    else this.vars.set(name, value);
  }

  private *capture(source: string, io: CommandIo): Generator<Pending, string, number> {
    let out = '';
    // $(...) keeps the command's stderr on the terminal, as a subshell does.
    this.lastStatus = yield* this.nested(source, { out: (t) => (out += t), err: io.err });
    return out.replace(/\n+$/, '');
  }

  private expansion(): Expansion {
    return { host: this.host, kind: this.kind, lookup: (name) => this.lookup(name), capture: (source, io) => this.capture(source, io) };
  }

  private expandWord(word: Word, io: CommandIo): Generator<Pending, string[], number> {
    return expandWord(word, io, this.expansion());
  }

  private *expandWords(words: Word[], io: CommandIo): Generator<Pending, string[], number> {
    const out: string[] = [];
    for (const word of words) out.push(...(yield* this.expandWord(word, io)));
    return out;
  }

  // ---- execution ------------------------------------------------------------------------------

  private *exec(node: Node, io: CommandIo): Run {
    switch (node.type) {
      case 'list':
        for (const item of node.items) {
          if (this.stop || this.jump) break;
          if (item.join === '&&' && this.lastStatus !== 0) continue;
          if (item.join === '||' && this.lastStatus === 0) continue;
          if (item.background) {
            this.background(item.node, io);
            this.lastStatus = 0;
            continue;
          }
          this.lastStatus = yield* this.exec(item.node, io);
        }
        return this.lastStatus;
      case 'pipeline': {
        let input: string | undefined = io.stdin;
        let status = 0;
        for (const [index, stage] of node.stages.entries()) {
          const last = index === node.stages.length - 1;
          let piped = '';
          const stageIo: CommandIo = { out: last ? io.out : (t) => (piped += t), err: io.err };
          if (input !== undefined) stageIo.stdin = input;
          status = yield* this.exec(stage, stageIo);
          if (this.stop) return status;
          input = last ? undefined : piped;
        }
        return (this.lastStatus = node.negate ? (status === 0 ? 1 : 0) : status);
      }
      case 'while': {
        let status = 0;
        for (;;) {
          const cond = yield* this.exec(node.cond, io);
          if (this.stop || (cond === 0) === node.until) break;
          status = yield* this.exec(node.body, io);
          if (this.takeJump() === 'break' || this.stop) break;
        }
        return (this.lastStatus = this.stop ? this.lastStatus : status);
      }
      case 'for': {
        const items = node.items ? yield* this.expandWords(node.items, io) : [];
        let status = 0;
        for (const item of items) {
          this.setVar(node.name, item);
          status = yield* this.exec(node.body, io);
          if (this.takeJump() === 'break' || this.stop) break;
        }
        return (this.lastStatus = this.stop ? this.lastStatus : status);
      }
      case 'if': {
        for (const branch of node.branches) {
          const cond = yield* this.exec(branch.cond, io);
          if (this.stop) return this.lastStatus;
          if (cond === 0) return yield* this.exec(branch.body, io);
        }
        return (this.lastStatus = node.otherwise ? yield* this.exec(node.otherwise, io) : 0);
      }
      case 'group':
        return yield* this.exec(node.body, io);
      case 'redirected': {
        return yield* this.redirected(node.redirects, io, (inner) => this.exec(node.node, inner));
      }
      case 'simple':
        return yield* this.simple(node, io);
    }
  }

  private takeJump(): 'break' | 'continue' | undefined {
    const jump = this.jump;
    this.jump = undefined;
    return jump;
  }

  /** `cmd &`: runs on its own, sharing the filesystem and output. */
  private background(node: Node, io: CommandIo): void {
    const child = new Interpreter(this.host, this.kind, this.pid + 1 + this.children.size);
    for (const [k, v] of this.vars) child.vars.set(k, v);
    this.children.add(child);
    child.drive(child.exec(node, io), () => this.children.delete(child));
  }

  private *simple(node: Extract<Node, { type: 'simple' }>, io: CommandIo): Run {
    if (++this.steps > STEP_BUDGET) {
      this.steps = 0;
      yield this.sleep(YIELD_MS);
      if (this.stop) return this.lastStatus;
    }
    const argv = yield* this.expandWords(node.words, io);
    if (argv.length === 0) {
      for (const a of node.assigns) this.setVar(a.name, (yield* this.expandWord(a.value, io)).join(' '));
      return node.redirects.length ? yield* this.redirected(node.redirects, io, () => 0) : (this.lastStatus = 0);
    }
    // `VAR=x cmd`: the variable is in cmd's environment only.
    const saved: [string, string | undefined][] = [];
    for (const a of node.assigns) {
      const value = (yield* this.expandWord(a.value, io)).join(' ');
      saved.push([a.name, this.host.env[a.name]]);
      this.host.env[a.name] = value;
    }
    const status = yield* this.redirected(node.redirects, io, (inner) => this.runProgram(argv, inner));
    for (const [name, value] of saved.reverse()) {
      if (value === undefined) delete this.host.env[name];
      else this.host.env[name] = value;
    }
    return (this.lastStatus = status);
  }

  /** Applies redirections around a command: output to files (or /dev/null), stdin from a file. */
  private *redirected(redirects: Redirect[], io: CommandIo, body: (io: CommandIo) => Run | number): Run {
    const inner: CommandIo = { out: io.out, err: io.err };
    if (io.stdin !== undefined) inner.stdin = io.stdin;
    const files: { path: string; append: boolean; text: string; raw: string }[] = [];
    for (const r of redirects) {
      if (r.op === '>&') {
        if (r.fd === 2) inner.err = inner.out;
        else inner.out = inner.err;
        continue;
      }
      const raw = (yield* this.expandWord(r.target, io)).join(' ');
      if (r.op === '<') {
        const content = this.host.fs.read(normalize(this.host.cwd, raw));
        if (content === undefined) {
          io.err(this.notFoundPrefix() + `${raw}: No such file or directory\n`);
          return 1;
        }
        inner.stdin = content;
        continue;
      }
      if (raw === '/dev/null') {
        if (r.fd === 2) inner.err = () => undefined;
        else inner.out = () => undefined;
        continue;
      }
      const file = { path: normalize(this.host.cwd, raw), append: r.op === '>>', text: '', raw };
      files.push(file);
      const error = this.host.fs.write(file.path, '', { createParents: false, append: true });
      if (error) {
        const why = error === 'EROFS' ? 'Read-only file system' : error === 'EISDIR' ? 'Is a directory' : 'No such file or directory';
        io.err(this.kind === 'bash' ? `bash: ${raw}: ${why}\n` : this.kind === 'dash' ? `sh: 1: cannot create ${raw}: ${why}\n` : `sh: can't create ${raw}: ${why}\n`);
        return this.kind === 'bash' ? 1 : 2;
      }
      if (!file.append) this.host.fs.write(file.path, '', { createParents: false });
      if (r.fd === 2) inner.err = (t) => this.host.fs.write(file.path, t, { createParents: false, append: true });
      else inner.out = (t) => this.host.fs.write(file.path, t, { createParents: false, append: true });
    }
    const run = body(inner);
    return typeof run === 'number' ? run : yield* run;
  }

  private notFoundPrefix(): string {
    return this.kind === 'bash' ? 'bash: ' : this.kind === 'dash' ? 'sh: 1: ' : 'sh: ';
  }

  /** Runs a nested `sh -c` script: its variables and `exit` stay its own. */
  private *nested(source: string, io: CommandIo): Run {
    const program = this.parse(source, io);
    if (!program) return 2;
    const savedVars = new Map(this.vars);
    const savedEnv = { ...this.host.env };
    const savedCwd = this.host.cwd;
    const outer = this.stop;
    this.stop = undefined;
    let status = yield* this.exec(program, io);
    if (this.stop === 'exit') status = this.lastStatus;
    const interrupted = this.stop === 'interrupt';
    this.stop = interrupted ? 'interrupt' : outer;
    this.vars.clear();
    for (const [k, v] of savedVars) this.vars.set(k, v);
    for (const k of Object.keys(this.host.env)) if (!(k in savedEnv)) delete this.host.env[k];
    Object.assign(this.host.env, savedEnv);
    this.host.cwd = savedCwd;
    return status;
  }

  /** Runs one program or builtin with its argv. */
  private *runProgram(argv: string[], io: CommandIo): Run {
    const [raw, ...args] = argv as [string, ...string[]];
    const builtin = this.builtin(raw, args, io);
    if (builtin !== undefined) return isPending(builtin) ? yield builtin : builtin;
    const name = commandName(raw);
    if (name === 'exec' && args.length) return yield* this.runProgram(args, io);
    if (name !== undefined && SHELLS.has(name)) {
      if (args[0] === '-c') return yield* this.nested(args[1] ?? '', io);
      // A shell reading a pipe runs it as a script; on a terminal it has nothing to read here.
      if (io.stdin !== undefined) return yield* this.nested(io.stdin, { out: io.out, err: io.err });
      return 0;
    }
    const impl = name !== undefined ? findCommand(name, this.host.flavour) : undefined;
    if (!impl) {
      const exists = name === undefined && this.host.fs.isFile(normalize(this.host.cwd, raw));
      io.err(this.notFoundText(raw, name === undefined, exists));
      return exists ? 126 : 127;
    }
    const env: CommandEnv = { host: this.host, sleep: (ms) => this.sleep(ms) };
    const result = impl(args, env, io);
    return isPending(result) ? yield result : result;
  }

  private notFoundText(raw: string, isPath: boolean, exists: boolean): string {
    if (exists) return `${this.notFoundPrefix()}${raw}: Permission denied\n`;
    if (this.kind === 'bash') return isPath ? `bash: ${raw}: No such file or directory\n` : `bash: ${raw}: command not found\n`;
    return `${this.notFoundPrefix()}${raw}: not found\n`;
  }

  /** Shell builtins; undefined when `name` is not one. */
  private builtin(name: string, args: string[], io: CommandIo): number | Pending | undefined {
    return runBuiltin(name, args, io, {
      host: this.host,
      kind: this.kind,
      lastStatus: this.lastStatus,
      lookup: (n) => this.lookup(n),
      setVar: (n, v) => this.setVar(n, v),
      shellVars: this.vars,
      exit: (code) => {
        this.lastStatus = code;
        this.stop = 'exit';
      },
      jump: (kind) => (this.jump = kind),
    });
  }
}
